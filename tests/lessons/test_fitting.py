"""Line fits under each regression loss: exact minimisers of PyTorch's own losses, and what an
outlier does to each."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz.errors import InputError
from lossviz.lessons.fitting import fit_line, fit_lines, toy_line
from lossviz.regression import LOSS_FUNCTIONS

SMOOTH = ("mse_loss", "smooth_l1_loss", "huber_loss")
OUTLIERS = [-25.0, -4.0, 0.0, 3.0, 12.0, 30.0]


def _options(name, beta, delta):
    return {"smooth_l1_loss": {"beta": beta}, "huber_loss": {"delta": delta}}.get(name, {})


def _objective(name, slope, intercept, x, y, beta=1.0, delta=1.0):
    """The mean loss of a line, straight from PyTorch."""
    xt, yt = torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    return float(getattr(F, name)(slope * xt + intercept, yt, **_options(name, beta, delta)))


def _lbfgs(name, x, y, beta, delta):
    """An independent minimiser: torch's L-BFGS with a strong Wolfe line search."""
    xt, yt = torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    params = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS(
        [params],
        max_iter=2000,
        tolerance_grad=1e-14,
        tolerance_change=1e-16,
        history_size=20,
        line_search_fn="strong_wolfe",
    )
    options = _options(name, beta, delta)

    def closure():
        optimiser.zero_grad()
        loss = getattr(F, name)(params[0] * xt + params[1], yt, **options)
        loss.backward()
        return loss

    optimiser.step(closure)
    return params.detach().numpy()


def test_toy_data_is_reproducible_and_moves_only_the_last_point():
    a, b = toy_line(5.0), toy_line(5.0)
    np.testing.assert_array_equal(a.y, b.y)
    plain = toy_line(0.0)
    moved = np.flatnonzero(a.y != plain.y)
    assert moved.tolist() == [29] == [a.outlier_index]
    assert a.y[29] - plain.y[29] == pytest.approx(5.0)
    assert a.x.size == 30 and a.x[0] == 0.0 and a.x[-1] == 10.0
    assert not np.array_equal(toy_line(0.0, seed=1).y, plain.y)
    residual = plain.y - (plain.slope * plain.x + plain.intercept)
    assert 0.2 < residual.std() < 0.6  # noise of 0.4


@pytest.mark.parametrize("outlier", OUTLIERS)
def test_the_mse_fit_is_least_squares(outlier, device):
    data = toy_line(outlier)
    fit = fit_line(data.x, data.y, "mse_loss")
    slope, intercept = np.polyfit(data.x, data.y, 1)
    assert fit.slope == pytest.approx(slope, rel=1e-11, abs=1e-12)
    assert fit.intercept == pytest.approx(intercept, rel=1e-11, abs=1e-12)
    np.testing.assert_allclose(fit.pull, 2 * fit.error, rtol=1e-12, atol=1e-12)
    assert fit.method == "newton"


@pytest.mark.parametrize(("beta", "delta"), [(1.0, 1.0), (0.3, 2.0), (2.5, 0.1), (0.05, 5.0)])
@pytest.mark.parametrize("outlier", OUTLIERS)
def test_smooth_fits_have_zero_gradient_and_match_lbfgs(beta, delta, outlier, device):
    data = toy_line(outlier)
    for name in ("smooth_l1_loss", "huber_loss"):
        fit = fit_line(data.x, data.y, name, beta, delta)
        assert np.abs(fit.gradient).max() < 1e-11
        assert fit.iterations < 20
        reference = _lbfgs(name, data.x, data.y, beta, delta)
        np.testing.assert_allclose([fit.slope, fit.intercept], reference, atol=1e-6)
        assert fit.objective <= _objective(name, *reference, data.x, data.y, beta, delta) + 1e-14


@pytest.mark.parametrize("name", LOSS_FUNCTIONS)
@pytest.mark.parametrize("outlier", [0.0, 12.0, -30.0])
def test_every_fit_is_a_minimum(name, outlier):
    """No nearby line does better, straight from PyTorch's loss."""
    data = toy_line(outlier)
    fit = fit_line(data.x, data.y, name, beta=0.8, delta=1.3)
    best = _objective(name, fit.slope, fit.intercept, data.x, data.y, 0.8, 1.3)
    assert fit.objective == pytest.approx(best, rel=1e-14)
    for da, db in itertools.product([-1e-3, -1e-6, 0.0, 1e-6, 1e-3], repeat=2):
        other = _objective(name, fit.slope + da, fit.intercept + db, data.x, data.y, 0.8, 1.3)
        assert other >= best - 1e-15


def test_the_l1_fit_goes_through_two_points_and_beats_every_such_line():
    data = toy_line(9.0, n=12, seed=4)
    fit = fit_line(data.x, data.y, "l1_loss")
    assert np.sum(np.abs(fit.error) < 1e-12) >= 2
    assert fit.method == "two-point search" and fit.iterations == 0
    for i, j in itertools.combinations(range(12), 2):
        slope = (data.y[j] - data.y[i]) / (data.x[j] - data.x[i])
        line = _objective("l1_loss", slope, data.y[i] - slope * data.x[i], data.x, data.y)
        assert fit.objective <= line + 1e-15
    np.testing.assert_array_equal(fit.pull, np.sign(fit.error))


def test_an_outlier_drags_the_mse_fit_but_not_the_robust_ones():
    small, large = toy_line(10.0), toy_line(30.0)
    before = fit_lines(small.x, small.y, beta=1.0, delta=1.0)
    after = fit_lines(large.x, large.y, beta=1.0, delta=1.0)
    # Least squares moves linearly with the outlier: 20 (x_n - mean x) / Sxx on the slope.
    x = small.x
    expected = 20.0 * (x[-1] - x.mean()) / np.sum((x - x.mean()) ** 2)
    assert after["mse_loss"].slope - before["mse_loss"].slope == pytest.approx(expected)
    assert expected > 0.2
    # Past the switch point the outlier's pull is constant, so the robust fits do not move.
    for name in ("l1_loss", "smooth_l1_loss", "huber_loss"):
        assert after[name].slope == pytest.approx(before[name].slope, abs=1e-10), name
        assert after[name].intercept == pytest.approx(before[name].intercept, abs=1e-10), name
    clean = fit_lines(*(lambda d: (d.x, d.y))(toy_line(0.0)), beta=1.0, delta=1.0)
    for name in ("l1_loss", "smooth_l1_loss", "huber_loss"):
        assert abs(after[name].slope - clean[name].slope) < 0.05, name


def test_the_outliers_pull_is_bounded_except_under_mse():
    data = toy_line(25.0)
    fits = fit_lines(data.x, data.y, beta=0.5, delta=2.0)
    k = data.outlier_index
    assert fits["mse_loss"].pull[k] == pytest.approx(2 * fits["mse_loss"].error[k])
    assert fits["mse_loss"].pull[k] < -20
    assert fits["l1_loss"].pull[k] == -1.0
    assert fits["smooth_l1_loss"].pull[k] == -1.0
    assert fits["huber_loss"].pull[k] == -2.0
    assert (np.abs(fits["huber_loss"].pull) <= 2.0).all()


def test_smooth_l1_and_huber_with_delta_beta_fit_the_same_line():
    data = toy_line(15.0)
    smooth = fit_line(data.x, data.y, "smooth_l1_loss", beta=0.7)
    huber = fit_line(data.x, data.y, "huber_loss", delta=0.7)
    assert smooth.slope == pytest.approx(huber.slope, abs=1e-12)
    assert smooth.intercept == pytest.approx(huber.intercept, abs=1e-12)
    assert huber.objective == pytest.approx(0.7 * smooth.objective, rel=1e-12)


def test_limits_beta_zero_is_l1_and_a_wide_huber_is_mse():
    data = toy_line(15.0)
    l1 = fit_line(data.x, data.y, "l1_loss")
    smooth = fit_line(data.x, data.y, "smooth_l1_loss", beta=0.0)
    assert (smooth.slope, smooth.intercept) == (l1.slope, l1.intercept)
    mse = fit_line(data.x, data.y, "mse_loss")
    wide = fit_line(data.x, data.y, "huber_loss", delta=100.0)
    assert wide.slope == pytest.approx(mse.slope, abs=1e-12)


def test_fits_are_deterministic():
    data = toy_line(7.5)
    first = fit_lines(data.x, data.y, beta=0.4, delta=1.1)
    second = fit_lines(data.x, data.y, beta=0.4, delta=1.1)
    for name in LOSS_FUNCTIONS:
        assert (first[name].slope, first[name].intercept) == (
            second[name].slope,
            second[name].intercept,
        )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"y": [1.0, 2.0]}, r"x has 3 value\(s\) but y has 2"),
        ({"x": [1.0, 1.0, 1.0]}, "at least two different values"),
        ({"loss": "cross_entropy"}, "loss 'cross_entropy' is unknown"),
        ({"beta": -1.0}, "beta must be a finite number >= 0"),
        ({"delta": 0.0}, "delta must be a finite number > 0"),
        ({"delta": float("nan")}, "delta must be a finite number"),
        ({"y": [1.0, float("inf"), 2.0]}, "y, row 2: the value is infinite"),
        ({"x": np.arange(201.0), "y": np.zeros(201)}, "x has 201 values; a line is fitted"),
    ],
)
def test_bad_fit_input_raises(kwargs, match):
    arguments = {"x": [0.0, 1.0, 2.0], "y": [1.0, 2.0, 4.0], "loss": "huber_loss", **kwargs}
    with pytest.raises(InputError, match=match):
        fit_line(**arguments)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n": 2}, "n must be a whole number from 3 to 200"),
        ({"n": 201}, "n must be a whole number from 3 to 200"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
        ({"outlier": float("inf")}, "outlier must be a finite number"),
        ({"outlier": "big"}, "outlier must be a number"),
        ({"noise": -0.1}, "noise must be >= 0"),
    ],
)
def test_bad_toy_data_raises(kwargs, match):
    with pytest.raises(InputError, match=match):
        toy_line(**kwargs)
