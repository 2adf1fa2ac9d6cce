"""The regression page's LaTeX: each element's losses and gradients with the numbers PyTorch
gives, on the branch PyTorch takes."""

import pytest

from lossviz.regression import LOSS_FUNCTIONS, regression_losses
from lossviz.views.regression import formulas


def _element(x, y, beta, delta, reduction="mean", i=0):
    results = regression_losses(x, y, reduction, beta, delta)
    losses = {name: results[name].per_sample[i] for name in LOSS_FUNCTIONS}
    grads = {name: results[name].grad[i] for name in LOSS_FUNCTIONS}
    return (
        formulas.element(i, x[i], y[i], beta, delta, losses),
        formulas.element_gradients(i, x[i], y[i], beta, delta, grads, reduction, len(x)),
    )


def test_small_error_takes_the_quadratic_branches():
    losses, grads = _element([0.5, 3.0], [0.0, 0.0], beta=1.0, delta=2.0)
    assert r"\text{SmoothL1}\ (|e_{0}| < \beta)" in losses
    assert r"0.5\, e_{0}^2 / \beta = 0.5 \cdot 0.5000^2 / 1.0000 = 0.1250" in losses
    assert r"0.5\, e_{0}^2 = 0.5 \cdot 0.5000^2 = 0.1250" in losses
    assert r"e_{0} / \beta / 2 = 0.5000 / 1.0000 / 2 = 0.2500" in grads
    assert r"e_{0} / 2 = 0.5000 / 2 = 0.2500" in grads


def test_exactly_at_the_switch_point_pytorch_is_linear():
    losses, grads = _element([1.0], [0.0], beta=1.0, delta=1.0, reduction="sum")
    assert r"(|e_{0}| \ge \beta)" in losses and r"(|e_{0}| \ge \delta)" in losses
    assert r"1.0000 - 0.5 \cdot 1.0000 = 0.5000" in losses
    assert r"\delta\, \operatorname{sign}(e_{0}) = 1.0000 \cdot 1 = 1.0000" in grads
    assert "/ 1" not in grads  # no mean


def test_beta_zero_and_a_zero_error():
    losses, grads = _element([2.0, 1.0], [2.0, 0.0], beta=0.0, delta=1.0)
    assert r"\text{SmoothL1}\ (\beta = 0): \ell_{0} &= |e_{0}| = 0.0000" in losses
    assert r"\operatorname{sign}(e_{0}) / 2 = 0.0000" in grads


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_reduction(reduction):
    results = regression_losses([2.5, 0.0, 2.0, 1.6, 1.0], [3.0, -0.5, 2.0, 1.0, 8.0], reduction)
    latex = formulas.reduction(
        reduction,
        {name: r.per_sample for name, r in results.items()},
        {name: r.loss for name, r in results.items()},
    )
    if reduction == "mean":
        assert r"L_{\text{MSE}} &= \frac{49.8600}{5} = 9.9720" in latex
    else:
        assert "= 49.8600" in latex and r"\frac" not in latex
    assert latex.count(r" \\ ") == 2  # a head and two rows of two
