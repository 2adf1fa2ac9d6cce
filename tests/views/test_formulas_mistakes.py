"""The mistakes page's formulas carry the demonstration's live numbers."""

import pytest

from lossviz.lessons.mistakes import MISTAKES, demonstrate
from lossviz.views.mistakes.formulas import mistake_formula

WITHOUT_FORMULA = ("targets_not_class_indices", "ignore_index_minus_one")


@pytest.mark.parametrize("mistake", MISTAKES)
def test_every_formula_builds_from_its_facts(mistake):
    latex = mistake_formula(mistake, demonstrate(mistake).facts)
    assert (latex is None) == (mistake in WITHOUT_FORMULA)
    if latex is not None:
        assert latex.count("{") == latex.count("}")


def test_double_softmax_numbers():
    latex = mistake_formula("softmax_before_cross_entropy", demonstrate(MISTAKES[0]).facts)
    assert "0.3490" in latex and "0.7663" in latex and "0.5514" in latex
    assert r"\operatorname{softmax}(z)_{0}" in latex


def test_weighted_mean_numbers():
    facts = demonstrate("weighted_mean_index_vs_probabilities").facts
    latex = mistake_formula("weighted_mean_index_vs_probabilities", facts)
    assert r"\frac{108.8104}{125} = 0.8705" in latex
    assert r"\frac{108.8104}{2} = 54.4052" in latex


def test_other_numbers():
    nll = mistake_formula("probabilities_into_nll_loss", demonstrate(MISTAKES[1]).facts)
    assert "-p_{0} = -0.7054" in nll and "-z_{0} = -2.0000" in nll
    floor = mistake_formula(
        "sigmoid_before_bce_with_logits", demonstrate("sigmoid_before_bce_with_logits").facts
    )
    assert "= 0.3133" in floor and "x = 3" in floor
    kl = mistake_formula("kl_div_arguments", demonstrate("kl_div_arguments").facts)
    assert "0.0523" in kl and "0.0458" in kl and "0.0174" in kl
    convex = mistake_formula(
        "convex_in_logits_not_weights", demonstrate("convex_in_logits_not_weights").facts
    )
    assert "0.6931" in convex and "0.0130" in convex and "0.0088" in convex
