r"""A straight line fitted under each regression loss, and a toy data set with one outlier.

The fitted line :math:`\hat y = a x + b` minimises the mean of PyTorch's own loss,

.. math::
    (a, b) = \arg\min_{a, b} \frac{1}{n} \sum_i \ell(a x_i + b - y_i),

with ``F.mse_loss``, ``F.l1_loss``, ``F.smooth_l1_loss`` or ``F.huber_loss`` as :math:`\ell`.
Every fit is exact and deterministic, in float64:

- MSE, smooth L1 and Huber are convex and piecewise quadratic: Newton's method, with the gradient
  and the Hessian from autograd through the PyTorch function and a backtracking line search,
  ends on the exact minimiser once it has found which errors lie in the quadratic part (for MSE
  that is one step: the least-squares line).
- L1 is piecewise linear: its minimum lies on a line through two of the points, so every such
  line is tried and the best kept (the first one, when several tie).

A point's *pull* is :math:`d\ell/d\hat y` at its error: how hard it tugs the line. MSE's grows
with the error (:math:`2e`), so one outlier drags the least-squares line; L1's is 1, smooth L1's
at most 1 and Huber's at most :math:`\delta`, so once the outlier is past the switch point
its size no longer matters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace
from lossviz.errors import InputError
from lossviz.regression import LOSS_FUNCTIONS
from lossviz.validation import as_float_array

__all__ = ["MAX_POINTS", "LineFit", "ToyData", "fit_line", "fit_lines", "toy_line"]

#: Newton steps before a fit gives up (a fit of the toy data takes fewer than 10).
MAX_ITERATIONS = 100

#: The most points a line is fitted to: the L1 fit tries every line through two of them.
MAX_POINTS = 200


@dataclass(frozen=True)
class ToyData:
    r"""Points :math:`y_i = a x_i + b + \varepsilon_i` and one of them moved by ``outlier``.

    Attributes:
        x: the inputs, evenly spaced.
        y: the targets, with the outlier.
        outlier_index: the point that was moved (the last: the largest x, where it pulls hardest).
        outlier: how far it was moved up (negative: down).
        slope: the true slope :math:`a`.
        intercept: the true intercept :math:`b`.
    """

    x: np.ndarray
    y: np.ndarray
    outlier_index: int
    outlier: float
    slope: float
    intercept: float


def _finite(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise InputError(f"{name} must be a number; got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise InputError(f"{name} must be a finite number; got {value!r}")
    return number


def toy_line(
    outlier: float = 0.0,
    n: int = 30,
    seed: int = 0,
    slope: float = 0.5,
    intercept: float = 1.0,
    noise: float = 0.4,
) -> ToyData:
    r"""A reproducible toy data set: :math:`x_i` evenly spaced in [0, 10],
    :math:`y_i = a x_i + b + \varepsilon_i` with :math:`\varepsilon_i \sim N(0, \sigma^2)` drawn
    from NumPy's generator seeded with ``seed``, and the last point moved up by ``outlier``.

    Args:
        outlier: how far the last point is moved (0: no outlier).
        n: the number of points, 3 to ``MAX_POINTS``.
        seed: the noise's seed.
        slope: the true slope :math:`a`.
        intercept: the true intercept :math:`b`.
        noise: the noise's standard deviation :math:`\sigma`, >= 0.

    Raises:
        InputError: n not a whole number from 3 to ``MAX_POINTS``, a value that is not a finite
            number, noise < 0.

    >>> data = toy_line(outlier=10.0, n=3, noise=0.0)
    >>> data.x.tolist(), data.y.tolist(), data.outlier_index
    ([0.0, 5.0, 10.0], [1.0, 3.5, 16.0], 2)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 3 <= n <= MAX_POINTS:
        raise InputError(f"n must be a whole number from 3 to {MAX_POINTS}; got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a whole number >= 0; got {seed!r}")
    outlier, slope, intercept = (
        _finite(v, name)
        for v, name in ((outlier, "outlier"), (slope, "slope"), (intercept, "intercept"))
    )
    noise = _finite(noise, "noise")
    if noise < 0:
        raise InputError(f"noise must be >= 0; got {noise!r}")
    x = np.linspace(0.0, 10.0, int(n))
    y = slope * x + intercept + noise * np.random.default_rng(int(seed)).standard_normal(int(n))
    y[-1] += outlier
    return ToyData(x, y, int(n) - 1, outlier, slope, intercept)


@dataclass(frozen=True)
class LineFit:
    r"""The line :math:`\hat y = a x + b` that minimises one loss.

    Attributes:
        loss: the PyTorch function minimised, e.g. ``"huber_loss"``.
        slope: :math:`a`.
        intercept: :math:`b`.
        objective: the mean loss at the fit, ``F.<loss>(a x + b, y)``.
        error: :math:`\hat y_i - y_i` for each point (PyTorch's input - target).
        pull: :math:`d\ell/d\hat y` at each point's error, from autograd (``reduction='none'``).
        gradient: d objective / d (a, b) at the fit, from autograd: (0, 0) at the minimum of
            MSE, smooth L1 and Huber; for L1 the objective has a kink there and this is one side.
        iterations: Newton steps taken (for L1: 0, the lines through two points are searched).
        method: ``"newton"`` or ``"two-point search"``.
    """

    loss: str
    slope: float
    intercept: float
    objective: float
    error: np.ndarray
    pull: np.ndarray
    gradient: tuple[float, float]
    iterations: int
    method: str


def _check_points(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    xs = as_float_array(x, "x").ravel()
    ys = as_float_array(y, "y").ravel()
    if xs.size != ys.size:
        raise InputError(f"x has {xs.size} value(s) but y has {ys.size}; give one y per x")
    if xs.size > MAX_POINTS:
        raise InputError(f"x has {xs.size} values; a line is fitted to at most {MAX_POINTS}")
    if np.unique(xs).size < 2:
        raise InputError("x must hold at least two different values to fit a line")
    return xs, ys


def _check_loss(loss: object, beta: object, delta: object) -> dict[str, float]:
    if loss not in LOSS_FUNCTIONS:
        raise InputError(f"loss {loss!r} is unknown: use one of " + ", ".join(LOSS_FUNCTIONS))
    beta, delta = _finite(beta, "beta"), _finite(delta, "delta")
    if beta < 0:
        raise InputError(f"beta must be a finite number >= 0; got {beta!r}")
    if delta <= 0:
        raise InputError(f"delta must be a finite number > 0; got {delta!r}")
    return {"smooth_l1_loss": {"beta": beta}, "huber_loss": {"delta": delta}}.get(loss, {})


class _Objective:
    """The mean loss of the line (a, b) on the points, through ``F.<loss>``."""

    def __init__(self, loss: str, options: dict, x: torch.Tensor, y: torch.Tensor) -> None:
        self.function = getattr(F, loss)
        self.options = options
        self.x, self.y = x, y

    def __call__(self, params: torch.Tensor) -> torch.Tensor:
        return self.function(
            params[0] * self.x + params[1], self.y, reduction="mean", **self.options
        )

    def many(self, params: torch.Tensor) -> torch.Tensor:
        """The objective of each line, for params of shape (L, 2)."""
        predictions = params[:, :1] * self.x + params[:, 1:]
        per_point = self.function(
            predictions, self.y.expand_as(predictions), reduction="none", **self.options
        )
        return per_point.mean(dim=1)


def _two_point_search(objective: _Objective, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The best of the lines through two points with different x: where a piecewise-linear
    objective of (a, b), such as the L1 loss's, has its minimum."""
    i, j = torch.triu_indices(x.numel(), x.numel(), offset=1, device=x.device)
    keep = x[i] != x[j]
    i, j = i[keep], j[keep]
    slopes = (y[j] - y[i]) / (x[j] - x[i])
    lines = torch.stack([slopes, y[i] - slopes * x[i]], dim=1)
    return lines[int(torch.argmin(objective.many(lines)))].clone()


def _value_and_gradient(objective: _Objective, params: torch.Tensor):
    point = params.clone().requires_grad_(True)
    value = objective(point)
    (gradient,) = torch.autograd.grad(value, point)
    return float(value.detach()), gradient


def _newton(objective: _Objective, start: torch.Tensor) -> tuple[torch.Tensor, int]:
    """Newton's method with a backtracking (Armijo) line search.

    Near the minimum the objective stops changing in float64 while the line can still move by
    ~1e-8: there a full step is taken when it lowers the gradient, so the fit ends where the
    gradient is at the rounding level. It stops when the gradient is zero, a step no longer
    moves the line (relative 1e-15) or no step helps. A tiny ridge keeps a singular Hessian
    (fewer than two different x in the quadratic part) solvable.
    """
    params = start.clone()
    value, gradient = _value_and_gradient(objective, params)
    eye = torch.eye(2, dtype=params.dtype, device=params.device)
    for iteration in range(MAX_ITERATIONS):
        if not bool(gradient.any()):
            return params, iteration
        hessian = torch.autograd.functional.hessian(objective, params)
        ridge = 1e-12 * (1.0 + float(hessian.diagonal().sum()))
        step = -torch.linalg.solve(hessian + ridge * eye, gradient)
        if float(step.abs().max()) <= 1e-15 * (1.0 + float(params.abs().max())):
            return params, iteration
        descent = float(gradient @ step)
        size = 1.0
        while True:
            candidate = params + size * step
            candidate_value, candidate_gradient = _value_and_gradient(objective, candidate)
            if candidate_value < value + 1e-4 * size * descent:
                break
            if (
                size == 1.0
                and candidate_value <= value + 1e-14 * abs(value)
                and float(candidate_gradient.abs().max()) < float(gradient.abs().max())
            ):
                break  # at the rounding level of the objective: the gradient decides
            size /= 2
            if size < 1e-12:
                return params, iteration  # no step helps: the minimum, to rounding
        params, value, gradient = candidate, candidate_value, candidate_gradient
    return params, MAX_ITERATIONS


def fit_line(
    x: object, y: object, loss: str = "mse_loss", beta: float = 1.0, delta: float = 1.0
) -> LineFit:
    r"""The line :math:`\hat y = a x + b` minimising :math:`\frac1n \sum_i \ell(a x_i + b - y_i)`
    with :math:`\ell` = ``F.<loss>``: exactly, deterministically, in float64.

    ``mse_loss`` gives the least-squares line; ``l1_loss`` (and ``smooth_l1_loss`` with
    ``beta=0``, which is L1) the best line through two of the points; ``smooth_l1_loss`` and
    ``huber_loss`` Newton's method from that line.

    Args:
        x: the inputs (1-D), at least two different values.
        y: the targets, one per x.
        loss: one of ``LOSS_FUNCTIONS``.
        beta: smooth L1's switch point, >= 0.
        delta: Huber's switch point, > 0.

    Raises:
        InputError: x and y of different lengths, fewer than two different x, more than
            ``MAX_POINTS`` points, a value that is not finite, an unknown loss, beta < 0,
            delta <= 0.

    >>> x, y = [0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 5.0, 7.0, 30.0]
    >>> for loss in ("mse_loss", "l1_loss", "huber_loss"):
    ...     fit = fit_line(x, y, loss)
    ...     pull = fit.pull.round(4) + 0.0  # + 0.0: a zero prints as 0.0 whatever its sign
    ...     print(loss, round(fit.slope, 4), round(fit.intercept, 4), pull.tolist())
    mse_loss 6.2 -3.2 [-8.4, 0.0, 8.4, 16.8, -16.8]
    l1_loss 2.0 1.0 [0.0, 0.0, 0.0, 0.0, -1.0]
    huber_loss 2.5 0.5 [-0.5, 0.0, 0.5, 1.0, -1.0]
    """
    options = _check_loss(loss, beta, delta)
    xs, ys = _check_points(x, y)
    ws = Workspace()
    xt, yt = ws.tensor(xs), ws.tensor(ys)
    objective = _Objective(loss, options, xt, yt)
    l1_like = _Objective("l1_loss", {}, xt, yt)
    start = _two_point_search(l1_like, xt, yt)
    if loss == "l1_loss" or (loss == "smooth_l1_loss" and options["beta"] == 0):
        params, iterations, method = start, 0, "two-point search"
    else:
        params, iterations = _newton(objective, start)
        method = "newton"
    point = params.clone().requires_grad_(True)
    value = objective(point)
    (gradient,) = torch.autograd.grad(value, point)
    prediction = (params[0] * xt + params[1]).requires_grad_(True)
    per_point = getattr(F, loss)(prediction, yt, reduction="none", **options)
    (pull,) = torch.autograd.grad(per_point.sum(), prediction)
    return LineFit(
        loss=loss,
        slope=float(params[0]),
        intercept=float(params[1]),
        objective=ws.scalar(value),
        error=ws.numpy(prediction - yt),
        pull=ws.numpy(pull),
        gradient=(float(gradient[0]), float(gradient[1])),
        iterations=iterations,
        method=method,
    )


def fit_lines(x: object, y: object, beta: float = 1.0, delta: float = 1.0) -> dict[str, LineFit]:
    """:func:`fit_line` under each of ``LOSS_FUNCTIONS``, by function name.

    The outlier drags the least-squares slope from 0.496 to 0.87; the others hardly move:

    >>> for outlier in (0.0, 20.0):
    ...     data = toy_line(outlier)
    ...     fits = fit_lines(data.x, data.y, beta=1.0, delta=1.0)
    ...     print({name: round(fit.slope, 3) for name, fit in fits.items()})
    {'mse_loss': 0.496, 'l1_loss': 0.476, 'smooth_l1_loss': 0.496, 'huber_loss': 0.496}
    {'mse_loss': 0.87, 'l1_loss': 0.476, 'smooth_l1_loss': 0.514, 'huber_loss': 0.514}
    """
    return {name: fit_line(x, y, name, beta, delta) for name in LOSS_FUNCTIONS}
