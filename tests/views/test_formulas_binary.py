"""The binary page's LaTeX: the selected sample's live numbers, as lossviz computes them."""

import numpy as np

from lossviz import binary_cross_entropy, binary_cross_entropy_with_logits, sigmoid
from lossviz.views.binary.formulas import (
    bce_definition,
    bce_reduction_formula,
    bce_sample,
    bce_with_logits_definition,
    bce_with_logits_sample,
    stable_log_formula,
)
from lossviz.views.shared.latex import MAX_TERMS

SEED = np.array([[1.3, 1.3, 2.6]])
ONE_HOT = np.array([[0.0, 0.0, 1.0]])


def _logits_rows(logits, target, sample=0, **kwargs):
    r = binary_cross_entropy_with_logits(logits, target, reduction="none", **kwargs)
    return bce_with_logits_sample(
        sample,
        logits[sample],
        r.target[sample],
        r.element_weight[sample],
        r.pos_weight[sample],
        r.log_x[sample],
        r.log_1mx[sample],
        r.per_sample[sample],
    )


def _probs_rows(logits, target, sample=0, **kwargs):
    r = binary_cross_entropy(sigmoid(logits), target, reduction="none", **kwargs)
    return bce_sample(
        sample,
        r.probs[sample],
        r.target[sample],
        r.element_weight[sample],
        r.log_x[sample],
        r.log_1mx[sample],
        r.per_sample[sample],
    )


def test_definitions_name_the_clamp_and_pos_weight():
    assert r"\max(\log \sigma_{n,c}, -100)" in bce_definition()
    assert r"p_c\, y_{n,c} \log \sigma(x_{n,c})" in bce_with_logits_definition()


def test_the_seed_example_element_by_element():
    latex = _logits_rows(SEED, ONE_HOT)
    rows = latex.split(r" \\ ")
    assert len(rows) == 3
    assert r"\ell_{0,2}" in rows[2] and r"\log \sigma(2.6000)" in rows[2]
    assert rows[2].endswith(r"= 0.0716\end{aligned}")
    assert rows[0].endswith("= 1.5410") and r"1 \cdot (-1.5410)" in rows[0]


def test_weights_and_pos_weight_appear_only_when_given():
    plain = _logits_rows(SEED, ONE_HOT)
    assert r"3 \cdot 1" not in plain and r"-2\left[" not in plain
    weighted = _logits_rows(SEED, ONE_HOT, weight=[2.0, 1.0, 1.0], pos_weight=[1.0, 1.0, 3.0])
    rows = weighted.split(r" \\ ")
    assert r"= -2\left[" in rows[0]
    assert r"3 \cdot 1 \cdot \log \sigma(2.6000)" in rows[2]
    assert rows[2].endswith(r"= 0.2149\end{aligned}")  # 3 x 0.07164


def test_bceloss_rows_show_the_clamp_at_exact_zero_and_one():
    logits = np.array([[-1e4, 1e4, 0.0]])
    rows = _probs_rows(logits, ONE_HOT).split(r" \\ ")
    assert r"\max(\log 0, -100)" in rows[0]  # sigma = 0 ...
    assert r"\max(\log 1, -100)" in rows[0]  # ... and 1 - sigma = 1
    assert r"1 \cdot \max(\log 0, -100)" in rows[1] and rows[1].endswith("= 100.0000")
    assert "-0.0000" not in _probs_rows(logits, ONE_HOT)


def test_large_logits_are_written_short():
    latex = _logits_rows(np.array([[1e4, 0.0, -1e4]]), np.array([[0.0, 0.0, 1.0]]))
    assert r"\sigma(10000)" in latex and "10000.0000" not in latex
    assert latex.split(r" \\ ")[0].endswith("= 10000")


def test_soft_and_outside_targets_are_written_as_given():
    latex = _logits_rows(SEED, np.array([[0.25, -1.0, 1.0]]))
    assert r"0.25 \cdot \log \sigma(1.3000) + 0.75 \cdot" in latex
    assert r"(-1) \cdot \log \sigma(1.3000) + 2 \cdot" in latex


def test_many_classes_are_cut_with_an_ellipsis():
    logits = np.zeros((1, MAX_TERMS + 3))
    latex = _logits_rows(logits, np.zeros_like(logits))
    assert latex.count(r"\ell_{0,") == MAX_TERMS and r"\vdots" in latex


def test_stable_log_on_the_largest_logit():
    logits = np.array([[0.5, -1e4, 3.0]])
    r = binary_cross_entropy_with_logits(logits, ONE_HOT)
    latex = stable_log_formula(0, logits[0], r.log_x[0], r.log_1mx[0], r.probs[0])
    rows = latex.split(r" \\ ")
    assert r"\sigma(x_{0,1})" in rows[0] and rows[0].endswith("= -10000")
    assert rows[1].endswith("= 0.0000")
    assert r"\log 0 = -\infty" in rows[2]  # the rounded probability cannot be logged


def test_reduction_divides_by_all_elements():
    per = np.array([[0.5, 1.0, 1.5], [0.0, 0.0, 3.0]])
    assert bce_reduction_formula(per, "mean", 1.0).endswith(r"\frac{6.0000}{2 \cdot 3} = 1.0000")
    assert bce_reduction_formula(per, "sum", 6.0) == r"L = \sum_{n,c} \ell_{n,c} = 6.0000"
    assert r"\mathbb{R}^{2 \times 3}" in bce_reduction_formula(per, "none", 6.0)
