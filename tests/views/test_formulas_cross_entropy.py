"""The cross-entropy page's LaTeX: live numbers that agree with the core's, classes by index."""

import numpy as np
import pytest

from lossviz import cross_entropy, nll_loss
from lossviz.cross_entropy import loss_floor, reduction_summary
from lossviz.views.cross_entropy import formulas
from lossviz.views.shared.latex import number

LOGITS = [[2.0, 0.5, -1.0], [0.3, 0.8, 1.2], [1.5, 1.0, 0.2]]
LABELS = [0, 2, 1]
WEIGHT = [1.0, 4.0, 6.0]


def _last_number(latex: str) -> str:
    return latex.replace(r"\end{aligned}", "").rsplit("= ", 1)[1]


def test_logsumexp_and_log_softmax_use_the_core_numbers():
    result = cross_entropy(LOGITS, LABELS)
    lse = formulas.logsumexp(LOGITS[1], result.logsumexp[1])
    assert _last_number(lse) == number(result.logsumexp[1]) == "1.9309"
    assert r"1.2000 + \log 2.0769" in lse  # the largest logit taken out
    shift = formulas.log_softmax(LOGITS[1], result.logsumexp[1], result.log_probs[1])
    assert shift.endswith(r"\left[-1.6309,\ -1.1309,\ -0.7309\right]")


@pytest.mark.parametrize("smoothing", [0.0, 0.1, 0.6])
@pytest.mark.parametrize("weight", [None, WEIGHT])
def test_weight_step_terms_add_up_to_the_per_sample_loss(weight, smoothing):
    result = cross_entropy(LOGITS, LABELS, weight=weight, label_smoothing=smoothing)
    for i, label in enumerate(LABELS):
        latex = formulas.weight_step(
            i, label, result.log_probs[i], weight, smoothing, result.per_sample[i]
        )
        assert _last_number(latex) == number(result.per_sample[i])
        if smoothing:
            first, second = latex.rsplit(" = ", 2)[1].split(" + ")
            assert float(first) + float(second) == pytest.approx(result.per_sample[i], abs=2e-4)
        else:
            product = latex.rsplit(" = ", 2)[1]
            w, nll = (float(v) for v in product.split(r" \times "))
            assert w * nll == pytest.approx(result.per_sample[i], abs=1e-3)


def test_target_step_and_ignored_sample():
    result = cross_entropy(LOGITS, LABELS)
    latex = formulas.target_step(2, result.target_log_prob[1])
    assert latex.startswith(r"\log p_{2} = -0.7309") and latex.endswith("= 0.7309")
    assert formulas.ignored(3, 1).endswith(r"\ell_{3} = 0")


def test_soft_sample_terms():
    target = [[0.1, 0.2, 0.7]]
    result = cross_entropy([[1.3, 1.3, 2.6]], target, weight=[2.0, 1.0, 1.0])
    latex = formulas.soft_sample(0, result.target_probs[0], result.log_probs[0], [2, 1, 1], 0.9)
    assert r"2 \cdot 0.1000 \times 1.7351 + 1 \cdot 0.2000 \times 1.7351" in latex
    assert latex.endswith(r"1 \cdot 0.7000 \times 0.4351 = 0.9000")


def test_smoothed_target_line():
    result = cross_entropy(LOGITS, LABELS, label_smoothing=0.3)
    latex = formulas.smoothed_target([0, 0, 1], 0.3, result.target_probs[1])
    assert latex.endswith(r"\left[0.1000,\ 0.1000,\ 0.8000\right]")


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weight", [None, WEIGHT])
def test_reduction_line_ends_with_the_loss(reduction, weight):
    result = cross_entropy(LOGITS, LABELS, weight=weight, ignore_index=1, reduction=reduction)
    summary = reduction_summary(result.per_sample, result.sample_weight, result.ignored)
    latex = formulas.reduction(
        reduction,
        result.per_sample,
        summary.total,
        summary.denominator,
        result.loss,
        False,
        weight is not None,
    )
    assert latex.endswith(number(result.loss))
    if reduction == "mean":
        denominator = "7" if weight else "2"
        assert rf"\frac{{{number(summary.total)}}}{{{denominator}}}" in latex
        assert ("w_{y_i}" in latex) == (weight is not None)
    if reduction == "none":
        assert latex.startswith(r"\mathtt{output} = \left[")


def test_soft_mean_divides_by_n():
    latex = formulas.reduction("mean", [0.8, 1.0], 1.8, 2.0, 0.9, True, True)
    assert latex == r"L = \frac{\sum_i \ell_i}{N} = \frac{1.8000}{2} = 0.9000"


def test_nll_equality_and_smoothing_split_agree_with_the_core():
    plain = cross_entropy(LOGITS, LABELS, weight=WEIGHT)
    nll = nll_loss(plain.log_probs, LABELS, weight=WEIGHT)
    assert formulas.nll_equality(plain.loss, nll.loss).endswith(
        "0" if plain.loss == nll.loss else "}"
    )
    smoothed = cross_entropy(LOGITS, LABELS, weight=WEIGHT, label_smoothing=0.2)
    uniform = cross_entropy(LOGITS, LABELS, weight=WEIGHT, label_smoothing=1.0)
    assert 0.8 * nll.loss + 0.2 * uniform.loss == pytest.approx(smoothed.loss, abs=1e-12)
    latex = formulas.smoothing_split(0.2, nll.loss, uniform.loss, smoothed.loss)
    assert latex.endswith(number(smoothed.loss))
    assert rf"0.8000 \times {number(nll.loss)} + 0.2000 \times {number(uniform.loss)}" in latex


def test_smoothing_floor_matches_the_core_floor():
    result = cross_entropy(LOGITS, LABELS, label_smoothing=0.1)
    floor = loss_floor(result.target_probs)[0]
    latex = formulas.smoothing_floor(0.1, 3, floor)
    assert _last_number(latex) == number(floor) == "0.2911"
    assert r"-0.9333 \log 0.9333 - 2 \times 0.0333 \log 0.0333" in latex
    assert formulas.floor(0, floor, False).endswith("= 0.2911")
    assert r"\sum_k w_k q_k" in formulas.floor(0, 1.0, True)


def test_definitions_follow_the_target_kind():
    assert r"w_{y_i} \log p_{i,y_i}" in formulas.definition(False, 0.0)
    assert r"\frac{\varepsilon}{C}" in formulas.definition(False, 0.1)
    assert r"q_{i,c}" in formulas.definition(True, 0.0)
    assert r"\leftarrow" in formulas.definition(True, 0.1)


def test_many_classes_are_written_with_an_ellipsis():
    logits = np.arange(10.0)
    result = cross_entropy([logits], [3])
    latex = formulas.logsumexp(logits, result.logsumexp[0])
    assert latex.count(r"\cdots") == 2
    assert latex.count("e^{") == 1 + 2 * 3  # the definition, then 3 terms in each sum
