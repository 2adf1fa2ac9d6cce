"""The regression losses against the error (values and slopes), all four at once, and the shares,
against PyTorch in float64 and the closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from lossviz.errors import InputError
from lossviz.regression import (
    LOSS_FUNCTIONS,
    curve_errors,
    element_shares,
    huber_loss,
    l1_loss,
    loss_curves,
    mse_loss,
    regression_losses,
    smooth_l1_loss,
)

TOL = {"rtol": 1e-12, "atol": 1e-12}
SETTINGS = [(1.0, 1.0), (0.5, 2.0), (3.0, 0.3), (0.0, 1.5)]


def _reference(name, errors, **options):
    """PyTorch's loss of each error against 0, and d loss / d error from backward()."""
    e = torch.tensor(errors, dtype=torch.float64, requires_grad=True)
    out = getattr(F, name)(e, torch.zeros_like(e), reduction="none", **options)
    out.sum().backward()
    return out.detach().numpy(), e.grad.numpy()


def _closed_form(name, e, beta, delta):
    """The textbook formulas, in NumPy (PyTorch's '<' at the switch points)."""
    a = np.abs(e)
    if name == "mse_loss":
        return e**2, 2 * e
    if name == "l1_loss" or (name == "smooth_l1_loss" and beta == 0):
        return a, np.sign(e)
    if name == "smooth_l1_loss":
        return np.where(a < beta, 0.5 * e**2 / beta, a - 0.5 * beta), np.clip(e / beta, -1, 1)
    return np.where(a < delta, 0.5 * e**2, delta * (a - 0.5 * delta)), np.clip(e, -delta, delta)


@pytest.mark.parametrize(("beta", "delta"), SETTINGS)
def test_curves_match_pytorch_and_the_closed_forms(beta, delta, device):
    errors = np.concatenate(
        [np.linspace(-6, 6, 61), [0.0, beta, -beta, delta, -delta, 1e-9, -1e-9]]
    )
    curves = loss_curves(errors, beta=beta, delta=delta)
    options = {"smooth_l1_loss": {"beta": beta}, "huber_loss": {"delta": delta}}
    assert list(curves.loss) == list(LOSS_FUNCTIONS) == list(curves.grad)
    np.testing.assert_array_equal(curves.error, errors)
    for name in LOSS_FUNCTIONS:
        value, slope = _reference(name, errors, **options.get(name, {}))
        np.testing.assert_allclose(curves.loss[name], value, **TOL)
        np.testing.assert_allclose(curves.grad[name], slope, **TOL)
        value, slope = _closed_form(name, errors, beta, delta)
        np.testing.assert_allclose(curves.loss[name], value, **TOL)
        np.testing.assert_allclose(curves.grad[name], slope, **TOL)
    assert (curves.beta, curves.delta) == (beta, delta)


def test_at_the_switch_points_pytorch_takes_the_linear_side():
    c = loss_curves([1.0, -1.0, 2.0, 0.0], beta=1.0, delta=2.0)
    assert c.grad["smooth_l1_loss"].tolist() == [1.0, -1.0, 1.0, 0.0]
    assert c.loss["smooth_l1_loss"].tolist() == [0.5, 0.5, 1.5, 0.0]
    assert c.grad["huber_loss"].tolist() == [1.0, -1.0, 2.0, 0.0]
    assert c.grad["l1_loss"].tolist() == [1.0, -1.0, 1.0, 0.0]  # sign(0) = 0


def test_smooth_l1_is_huber_over_beta():
    c = loss_curves(np.linspace(-10, 10, 201), beta=1.7, delta=0.4)
    assert c.identity_gap < 1e-12
    np.testing.assert_allclose(c.huber_at_beta, c.loss["smooth_l1_loss"], **TOL)


def test_beta_zero_is_l1_and_has_no_identity():
    c = loss_curves([-2.0, 0.0, 0.5], beta=0.0, delta=1.0)
    np.testing.assert_array_equal(c.loss["smooth_l1_loss"], c.loss["l1_loss"])
    np.testing.assert_array_equal(c.grad["smooth_l1_loss"], c.grad["l1_loss"])
    assert math.isnan(c.identity_gap) and np.isnan(c.huber_at_beta).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1e4, 1e4, allow_subnormal=False), min_size=1, max_size=20),
    st.floats(1e-3, 10.0),
    st.floats(1e-3, 10.0),
)
def test_gradients_are_bounded(errors, beta, delta):
    c = loss_curves(errors, beta=beta, delta=delta)
    assert (np.abs(c.grad["smooth_l1_loss"]) <= 1.0).all()
    assert (np.abs(c.grad["huber_loss"]) <= delta).all()
    assert (np.abs(c.grad["l1_loss"]) <= 1.0).all()
    np.testing.assert_allclose(c.grad["mse_loss"], 2 * np.asarray(errors), rtol=1e-15)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"beta": -0.5}, r"beta must be a finite number >= 0"),
        ({"delta": 0.0}, r"delta must be a finite number > 0"),
        ({"error": [1.0, float("nan")]}, "error, row 2: the value is NaN"),
        ({"error": []}, "error is empty"),
    ],
)
def test_bad_curve_input_raises(kwargs, match):
    with pytest.raises(InputError, match=match):
        loss_curves(**{"error": [0.0, 1.0], **kwargs})


def test_curve_errors_reach_the_data_and_hold_the_switch_points():
    grid = curve_errors([0.2, -7.0], beta=1.0, delta=2.0)
    assert grid[0] == pytest.approx(-7.7) and grid[-1] == pytest.approx(7.7)
    assert {0.0, 1.0, -1.0, 2.0, -2.0} <= set(grid.tolist())
    assert (np.diff(grid) > 0).all()
    small = curve_errors([0.1], beta=0.2, delta=0.3)
    assert small[-1] == 3.0  # at least [-3, 3]
    wide = curve_errors([0.1], beta=4.0, delta=0.3)
    assert wide[-1] == 10.0  # 2.5 beta


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"points": 2}, "points must be a whole number >= 3"),
        ({"points": 3.5}, "points must be a whole number >= 3"),
        ({"errors": [float("inf")]}, "errors, row 1: the value is infinite"),
        ({"delta": -1.0}, "delta must be a finite number > 0"),
    ],
)
def test_bad_curve_errors_raise(kwargs, match):
    with pytest.raises(InputError, match=match):
        curve_errors(**{"errors": [1.0], "beta": 1.0, "delta": 1.0, **kwargs})


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_regression_losses_are_the_four_functions(reduction):
    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(2, 9)) * 3
    results = regression_losses(x, y, reduction, beta=0.7, delta=1.9)
    assert list(results) == list(LOSS_FUNCTIONS)
    expected = {
        "mse_loss": mse_loss(x, y, reduction),
        "l1_loss": l1_loss(x, y, reduction),
        "smooth_l1_loss": smooth_l1_loss(x, y, reduction, beta=0.7),
        "huber_loss": huber_loss(x, y, reduction, delta=1.9),
    }
    for name, result in results.items():
        assert result.loss == expected[name].loss
        np.testing.assert_array_equal(result.grad, expected[name].grad)
        assert result.agrees


def test_shares_sum_to_one_and_the_outlier_dominates_mse():
    results = regression_losses([2.5, 0.0, 2.0, 1.6, 1.0], [3.0, -0.5, 2.0, 1.0, 8.0])
    shares = element_shares(results)
    for name in LOSS_FUNCTIONS:
        assert shares[name].sum() == pytest.approx(1.0)
    assert shares["mse_loss"][4] == pytest.approx(49 / 49.86)
    assert shares["l1_loss"][4] == pytest.approx(7 / 8.6)
    assert shares["mse_loss"][4] > shares["huber_loss"][4] > shares["l1_loss"][4] * 0.5


def test_no_loss_gives_no_shares():
    shares = element_shares(regression_losses([1.0, 2.0], [1.0, 2.0]))
    assert all((share == 0).all() for share in shares.values())
