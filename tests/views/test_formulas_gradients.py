"""The gradients page's formulas and tables: the numbers they write are the core's numbers."""

import re

import numpy as np
import pytest

import lossviz
from lossviz.views.gradients import formulas
from lossviz.views.gradients.tables import gradient_batch_table, gradient_sample_table

LOGITS = np.array([[2.0, 0.5, -1.0], [1.8, 0.2, 0.1], [0.3, 0.8, 1.2], [-3.0, 4.0, 0.0]])
LABELS = np.array([0, 0, 2, 1])
WEIGHT = np.array([1.0, 4.0, 6.0])

CASES = [
    {"reduction": reduction, "weight": weight, "label_smoothing": eps, "ignore_index": ignore}
    for reduction in ("mean", "sum")
    for weight in (None, WEIGHT)
    for eps in (0.0, 0.3)
    for ignore in (-100, 0)
]


def _last_number(latex: str) -> float:
    return float(re.findall(r"-?\d+\.\d+", latex.split("=")[-1])[0])


@pytest.mark.parametrize("options", CASES)
def test_every_formula_ends_with_the_analytic_gradient(options):
    result = lossviz.cross_entropy(LOGITS, LABELS, **options)
    for sample in range(len(LABELS)):
        for j in range(3):
            latex = formulas.gradient_formula(
                result.probs[sample],
                result.target_probs[sample],
                options["weight"],
                result.denominator,
                j,
            )
            assert _last_number(latex) == pytest.approx(result.analytic_grad[sample, j], abs=6e-5)
            assert _last_number(latex) == pytest.approx(result.grad[sample, j], abs=6e-5)


@pytest.mark.parametrize("options", CASES)
def test_the_simple_form_is_used_exactly_when_one_weight_covers_the_target(options):
    result = lossviz.cross_entropy(LOGITS, LABELS, **options)
    general = options["weight"] is not None and options["label_smoothing"] > 0
    for sample in np.flatnonzero(~result.ignored):
        target = result.target_probs[sample]
        assert formulas.general_gradient_form(target, options["weight"]) == general
        definition = formulas.gradient_definition(target, options["weight"])
        assert ("w_y" in definition) != general


def test_the_seed_example_in_numbers():
    result = lossviz.cross_entropy([[1.3, 1.3, 2.6]], [2])
    latex = formulas.gradient_formula(result.probs[0], result.target_probs[0], None, 1.0, 2)
    assert "(0.6472 - 1.0000)" in latex and latex.endswith("= -0.3528")
    vector = formulas.gradient_vector_formula(result.probs[0], result.target_probs[0], None, 1.0)
    assert r"(0.1764,\ 0.1764,\ -0.3528)" in vector
    assert vector.startswith(r"\begin{aligned}") and vector.endswith(r"\end{aligned}")


def test_a_weighted_mean_shows_its_weight_and_denominator():
    result = lossviz.cross_entropy(LOGITS, LABELS, weight=WEIGHT)
    latex = formulas.gradient_formula(result.probs[2], result.target_probs[2], WEIGHT, 15.0, 2)
    assert r"\frac{6.0000}{15.0000}" in latex


def test_an_ignored_sample_has_a_zero_row_in_the_formula():
    result = lossviz.cross_entropy(LOGITS, LABELS, ignore_index=0)
    vector = formulas.gradient_vector_formula(
        result.probs[0], result.target_probs[0], None, result.denominator
    )
    assert vector.endswith(r"(0.0000,\ 0.0000,\ 0.0000)\end{aligned}")


def test_long_rows_are_shortened():
    probs = np.full(10, 0.1)
    target = np.eye(10)[3]
    vector = formulas.gradient_vector_formula(probs, target, None, 1.0)
    assert r"\cdots" in vector


HEADERS = {
    "class": "class",
    "p": "p",
    "t": "t",
    "w_class": "w_j",
    "w_y": "w_y",
    "d": "d",
    "analytic": "formula",
    "autograd": "autograd",
    "difference": "diff",
}


def test_the_sample_table_holds_the_core_numbers():
    result = lossviz.cross_entropy(LOGITS, LABELS, weight=WEIGHT, label_smoothing=0.1)
    table = gradient_sample_table(result, 2, ["a", "b", "c"], WEIGHT, HEADERS)
    assert list(table) == list(HEADERS.values())
    np.testing.assert_array_equal(table["autograd"], result.grad[2])
    np.testing.assert_array_equal(table["w_j"], WEIGHT)
    assert set(table["w_y"]) == {6.0}
    assert set(table["d"]) == {result.denominator}
    assert max(table["diff"]) < 1e-15


def test_the_batch_table_has_a_row_per_sample_and_the_row_sums():
    result = lossviz.cross_entropy(LOGITS, LABELS, ignore_index=2)
    headers = {
        "sample": "n",
        "target": "y",
        "p_y": "p_y",
        "grad": "g {name}",
        "row_sum": "sum",
        "ignored": "ignored",
    }
    table = gradient_batch_table(result, ["<b>a</b>", "b", "c"], headers)
    assert list(table) == ["n", "y", "p_y", "g <b>a</b>", "g b", "g c", "sum", "ignored"]
    assert table["ignored"].tolist() == [False, False, True, False]
    np.testing.assert_allclose(table["sum"], 0.0, atol=1e-15)
    np.testing.assert_array_equal(table["g c"], result.grad[:, 2])
