"""The sequences page's LaTeX: each formula with its live numbers, and no user text."""

import numpy as np
import pytest

from lossviz import cross_entropy
from lossviz.inputs.elements import PRESETS
from lossviz.lessons.sequences import kept_mean as kept_mean_of
from lossviz.views.sequences import formulas


@pytest.mark.parametrize("kind, index", [("tokens", "n,t"), ("pixels", "n,h,w")])
def test_the_definition_indexes_the_element(kind, index):
    latex = formulas.definition(kind, 0.0)
    assert rf"\ell_{{{index}}}" in latex and rf"w_{{y_{{{index}}}}}" in latex
    assert r"\varepsilon" not in latex and r"\varepsilon" in formulas.definition(kind, 0.2)


def test_one_tokens_loss_with_the_numbers_of_the_preset():
    batch = PRESETS["sentences"].batch()
    result = cross_entropy(batch.logits, batch.labels)
    latex = formulas.element_loss(
        (0, 2), 1, result.log_probs[0, :, 2], None, 0.0, result.per_sample[0, 2]
    )
    assert latex == r"\ell_{0,2} = w_{1} \cdot (-\log p_{1}) = 1 \times 0.9750 = 0.9750"


def test_weights_and_smoothing_are_written_out():
    latex = formulas.element_loss((1, 0), 0, [-0.2, -1.8], [2.0, 0.5], 0.1, 0.0)
    assert r"0.9000 \times 2 \times 0.2000" in latex
    assert r"\frac{0.1000}{2} \times 1.3000" in latex  # 2 * 0.2 + 0.5 * 1.8


def test_an_ignored_element():
    assert formulas.ignored_element((2, 4), -100) == (
        r"y_{2,4} = -100 = \mathtt{ignore\_index} \;\Rightarrow\; \ell_{2,4} = 0"
    )


def test_both_means_with_the_numbers_of_the_preset():
    batch = PRESETS["sentences"].batch()
    result = cross_entropy(batch.logits, batch.labels)
    means = kept_mean_of(result.per_sample, result.sample_weight, result.ignored)
    kept = formulas.kept_mean("tokens", means.total, means.denominator, means.mean, False)
    assert r"&= \frac{4.2143}{10} = 0.4214" in kept
    naive = formulas.naive_mean("tokens", means.total, batch.element_shape, means.naive_mean)
    assert r"&= \frac{4.2143}{3 \cdot 5} = 0.2810" in naive
    assert r"N \cdot T" in naive and r"N \cdot H \cdot W" in formulas.naive_mean(
        "pixels", 1.0, (1, 4, 4), 1 / 16
    )


def test_a_weighted_mean_divides_by_the_summed_weights():
    latex = formulas.kept_mean("pixels", 3.0, 7.5, 0.4, True)
    assert r"w_{y_{n,h,w}}" in latex and r"\frac{3.0000}{7.5000}" in latex


def test_the_mean_of_the_means_skips_samples_with_nothing_kept():
    latex = formulas.mean_of_means([0.5, np.nan, 0.3], 0.4)
    assert r"&= \frac{0.5000 + 0.3000}{2} \\ &= 0.4000" in latex


@pytest.mark.parametrize(
    "reduction, expected",
    [
        ("sum", r"L = \sum_{n,t} \ell_{n,t} = 4.2143"),
        ("none", r"\mathtt{output} \in \mathbb{R}^{3 \times 5}"),
        ("mean", r"= \frac{4.2143}{10} = 0.4214"),
    ],
)
def test_each_reduction(reduction, expected):
    latex = formulas.reduction(
        "tokens", reduction, (3, 5), 4.2143, 10, 4.2143 if reduction != "mean" else 0.42143, False
    )
    assert expected in latex
