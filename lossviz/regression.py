r"""Elementwise regression losses as PyTorch computes them: MSE, L1, smooth L1 and Huber.

Each is a function :math:`f` of the error :math:`d = x - y`, applied element by element:

.. math::
    \ell_{\text{MSE}} = d^2, \quad
    \ell_{\text{L1}} = |d|, \quad
    \ell_{\text{SmoothL1}} = \begin{cases} 0.5\, d^2 / \beta & |d| < \beta \\
        |d| - 0.5\, \beta & \text{otherwise} \end{cases}, \quad
    \ell_{\text{Huber}} = \begin{cases} 0.5\, d^2 & |d| < \delta \\
        \delta\, (|d| - 0.5\, \delta) & \text{otherwise} \end{cases}

'mean' divides the sum by the number of elements. Huber with :math:`\delta` is
:math:`\delta` times smooth L1 with :math:`\beta = \delta`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.errors import InputError
from lossviz.reduction import reduce
from lossviz.results import Note, RegressionResult
from lossviz.validation import as_float_array, check_reduction

__all__ = [
    "LOSS_FUNCTIONS",
    "LOSS_LABELS",
    "LossCurves",
    "curve_errors",
    "element_shares",
    "huber_loss",
    "l1_loss",
    "loss_curves",
    "mse_loss",
    "regression_losses",
    "smooth_l1_loss",
]

Elementwise = Callable[[torch.Tensor], torch.Tensor]


def _threshold(value: object, name: str, allow_zero: bool) -> float:
    bound = ">= 0" if allow_zero else "> 0"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise InputError(f"{name} must be a number {bound}; got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        raise InputError(f"{name} must be a finite number {bound}; got {value!r}")
    return number


def _quadratic_then_linear(threshold: float, slope: float) -> tuple[Elementwise, Elementwise]:
    """f(d) = 0.5 d^2 slope / threshold for |d| < threshold, else slope (|d| - threshold / 2),
    and its derivative, d slope / threshold clipped to [-slope, slope]."""
    scale = slope / threshold

    def loss_of(d: torch.Tensor) -> torch.Tensor:
        z = d.abs()
        return torch.where(z < threshold, 0.5 * z * z * scale, slope * (z - 0.5 * threshold))

    def slope_of(d: torch.Tensor) -> torch.Tensor:
        return torch.clamp(d * scale, -slope, slope)

    return loss_of, slope_of


def _elementwise_loss(
    name: str,
    input: object,
    target: object,
    reduction: str,
    loss_of: Elementwise,
    slope_of: Elementwise,
    notes: tuple[Note, ...] = (),
    **options: float,
) -> RegressionResult:
    """The shared steps: validate, d = input - target, f(d), reduce, f'(d) / n, PyTorch's F.name."""
    check_reduction(reduction)
    inputs = as_float_array(input, "input")
    targets = as_float_array(target, "target")
    if targets.shape != inputs.shape:
        raise InputError(
            f"input has shape {inputs.shape} but target has shape {targets.shape}; they must "
            "match (PyTorch would broadcast them, e.g. (N, 1) against (N,) to N x N, and only "
            "warn)"
        )

    ws = Workspace()
    x = ws.tensor(inputs)
    y = ws.tensor(targets)
    error = x - y
    per_sample = loss_of(error)
    denominator = ws.tensor(float(inputs.size) if reduction == "mean" else 1.0)
    loss = reduce(per_sample.sum(), denominator, reduction)
    analytic = slope_of(error) / denominator
    reference, grad = fused_loss_and_grad(getattr(F, name), x, y, reduction=reduction, **options)
    return RegressionResult(
        name=name,
        reduction=reduction,
        loss=ws.scalar(loss),
        per_sample=ws.numpy(per_sample),
        denominator=ws.scalar(denominator),
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=notes,
        error=ws.numpy(error),
    )


def mse_loss(input: object, target: object, reduction: str = "mean") -> RegressionResult:
    r"""Mean squared error, as ``F.mse_loss``: :math:`\ell = (x - y)^2` for each element.

    The gradient is :math:`2 (x - y) / n` (n = number of elements for 'mean', else 1).

    Args:
        input: predictions, any shape.
        target: true values, the same shape.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    Raises:
        InputError: different shapes, NaN or infinite values, an unknown reduction.

    >>> r = mse_loss([2.5, 0.0, 2.0], [3.0, -0.5, 2.0])
    >>> round(r.loss, 4), r.per_sample.tolist(), np.round(r.grad, 4).tolist()
    (0.1667, [0.25, 0.25, 0.0], [-0.3333, 0.3333, 0.0])
    """
    return _elementwise_loss("mse_loss", input, target, reduction, torch.square, lambda d: 2 * d)


def l1_loss(input: object, target: object, reduction: str = "mean") -> RegressionResult:
    r"""Mean absolute error, as ``F.l1_loss``: :math:`\ell = |x - y|` for each element.

    The gradient is :math:`\operatorname{sign}(x - y) / n`, and 0 where :math:`x = y`
    (PyTorch's choice at the kink).

    Args:
        input: predictions, any shape.
        target: true values, the same shape.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    Raises:
        InputError: different shapes, NaN or infinite values, an unknown reduction.

    >>> r = l1_loss([2.5, 0.0, 2.0], [3.0, -0.5, 2.0])
    >>> round(r.loss, 4), r.per_sample.tolist(), np.round(r.grad, 4).tolist()
    (0.3333, [0.5, 0.5, 0.0], [-0.3333, 0.3333, 0.0])
    """
    return _elementwise_loss("l1_loss", input, target, reduction, torch.abs, torch.sign)


def smooth_l1_loss(
    input: object, target: object, reduction: str = "mean", beta: float = 1.0
) -> RegressionResult:
    r"""Smooth L1, as ``F.smooth_l1_loss``: quadratic for small errors, linear for large ones.

    .. math::
        \ell = \begin{cases} 0.5\, d^2 / \beta & |d| < \beta \\
            |d| - 0.5\, \beta & \text{otherwise} \end{cases}, \qquad d = x - y

    The gradient is :math:`d / \beta` clipped to [-1, 1] (divided by n for 'mean'), so it
    never exceeds 1 in size. ``beta = 0`` gives the L1 loss (PyTorch switches to ``l1_loss``).

    Args:
        input: predictions, any shape.
        target: true values, the same shape.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.
        beta: where the quadratic part ends; >= 0.

    Raises:
        InputError: different shapes, NaN or infinite values, an unknown reduction, beta < 0.

    >>> r = smooth_l1_loss([0.5, 3.0], [0.0, 0.0], reduction="none")
    >>> r.per_sample.tolist(), r.grad.tolist()
    ([0.125, 2.5], [0.5, 1.0])
    """
    beta = _threshold(beta, "beta", allow_zero=True)
    if beta == 0:
        note = Note(
            "smooth_l1_beta_zero",
            "With beta=0 there is no quadratic part: smooth_l1_loss is the plain L1 loss.",
            {"beta": beta},
        )
        return _elementwise_loss(
            "smooth_l1_loss", input, target, reduction, torch.abs, torch.sign, (note,), beta=beta
        )
    loss_of, slope_of = _quadratic_then_linear(beta, 1.0)
    return _elementwise_loss(
        "smooth_l1_loss", input, target, reduction, loss_of, slope_of, beta=beta
    )


def huber_loss(
    input: object, target: object, reduction: str = "mean", delta: float = 1.0
) -> RegressionResult:
    r"""Huber loss, as ``F.huber_loss``: quadratic for small errors, linear with slope delta beyond.

    .. math::
        \ell = \begin{cases} 0.5\, d^2 & |d| < \delta \\
            \delta\, (|d| - 0.5\, \delta) & \text{otherwise} \end{cases}, \qquad d = x - y

    It equals :math:`\delta` times ``smooth_l1_loss`` with :math:`\beta = \delta`. The gradient
    is :math:`d` clipped to :math:`[-\delta, \delta]` (divided by n for 'mean').

    Args:
        input: predictions, any shape.
        target: true values, the same shape.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.
        delta: where the quadratic part ends; > 0.

    Raises:
        InputError: different shapes, NaN or infinite values, an unknown reduction, delta <= 0.

    >>> r = huber_loss([0.5, 3.0], [0.0, 0.0], reduction="none", delta=2.0)
    >>> r.per_sample.tolist(), r.grad.tolist()
    ([0.125, 4.0], [0.5, 2.0])
    """
    delta = _threshold(delta, "delta", allow_zero=False)
    loss_of, slope_of = _quadratic_then_linear(delta, delta)
    return _elementwise_loss("huber_loss", input, target, reduction, loss_of, slope_of, delta=delta)


#: The four elementwise losses by their ``torch.nn.functional`` names, in the order pages show.
LOSS_FUNCTIONS = ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss")

#: Their short names, as charts and tables label them.
LOSS_LABELS = {
    "mse_loss": "MSE",
    "l1_loss": "L1",
    "smooth_l1_loss": "SmoothL1",
    "huber_loss": "Huber",
}


def _options(name: str, beta: float, delta: float) -> dict[str, float]:
    """The keyword argument that goes with ``name``: ``beta`` for smooth L1, ``delta`` for Huber."""
    return {"smooth_l1_loss": {"beta": beta}, "huber_loss": {"delta": delta}}.get(name, {})


def regression_losses(
    input: object,
    target: object,
    reduction: str = "mean",
    beta: float = 1.0,
    delta: float = 1.0,
) -> dict[str, RegressionResult]:
    r"""The four losses of one input and target, by function name (see ``LOSS_FUNCTIONS``).

    Each is what its own function gives: :func:`mse_loss`, :func:`l1_loss`,
    :func:`smooth_l1_loss` with ``beta`` and :func:`huber_loss` with ``delta``.

    Raises:
        InputError: as those functions.

    >>> results = regression_losses([1.0, 1.0], [0.0, 4.0], beta=1.0, delta=2.0)
    >>> {name: round(r.loss, 4) for name, r in results.items()}
    {'mse_loss': 5.0, 'l1_loss': 2.0, 'smooth_l1_loss': 1.5, 'huber_loss': 2.25}
    """
    functions = {
        "mse_loss": mse_loss,
        "l1_loss": l1_loss,
        "smooth_l1_loss": smooth_l1_loss,
        "huber_loss": huber_loss,
    }
    return {
        name: functions[name](input, target, reduction, **_options(name, beta, delta))
        for name in LOSS_FUNCTIONS
    }


def element_shares(results: Mapping[str, RegressionResult]) -> dict[str, np.ndarray]:
    r"""Each element's share of each loss's total: :math:`\ell_i / \sum_j \ell_j` (0 when the
    total is 0). Under MSE one large error takes nearly all of it; under L1 far less.

    >>> shares = element_shares(regression_losses([0.0, 0.0], [1.0, 3.0]))
    >>> shares["mse_loss"].tolist(), shares["l1_loss"].tolist()
    ([0.1, 0.9], [0.25, 0.75])
    """
    shares = {}
    for name, result in results.items():
        total = float(np.sum(result.per_sample))
        per = np.asarray(result.per_sample, dtype=np.float64)
        shares[name] = per / total if total > 0 else np.zeros_like(per)
    return shares


@dataclass(frozen=True)
class LossCurves:
    r"""Each loss and its derivative as functions of the error :math:`e = x - y`.

    Attributes:
        error: the errors (1-D, increasing).
        loss: function name -> :math:`\ell(e)`, what ``F.<name>(e, 0, reduction='none')`` gives.
        grad: function name -> :math:`d\ell/de`, from autograd through the same call.
        beta: smooth L1's switch point (quadratic for :math:`|e| < \beta`).
        delta: Huber's switch point.
        huber_at_beta: :math:`\text{Huber}_{\delta=\beta}(e) / \beta` (NaN when beta = 0),
            which equals smooth L1's curve.
        identity_gap: the largest :math:`|\text{SmoothL1}_\beta(e) -
            \text{Huber}_{\delta=\beta}(e) / \beta|` over the errors (NaN when beta = 0).
    """

    error: np.ndarray
    loss: dict[str, np.ndarray]
    grad: dict[str, np.ndarray]
    beta: float
    delta: float
    huber_at_beta: np.ndarray
    identity_gap: float


def loss_curves(error: object, beta: float = 1.0, delta: float = 1.0) -> LossCurves:
    r"""The four losses and their derivatives against the error, through PyTorch's functions.

    For each function ``F.<name>(e, zeros, reduction='none')`` gives :math:`\ell(e)`, and
    autograd on its sum gives :math:`d\ell/de` element by element:

    .. math::
        \frac{d\ell_{\text{MSE}}}{de} = 2e, \quad
        \frac{d\ell_{\text{L1}}}{de} = \operatorname{sign}(e), \quad
        \frac{d\ell_{\text{SmoothL1}}}{de} = \operatorname{clip}(e / \beta, -1, 1), \quad
        \frac{d\ell_{\text{Huber}}}{de} = \operatorname{clip}(e, -\delta, \delta)

    So smooth L1's slope never exceeds 1 in size and Huber's never exceeds :math:`\delta`, while
    MSE's grows with the error.

    Args:
        error: the errors to evaluate at (1-D).
        beta: smooth L1's switch point, >= 0 (0 gives L1).
        delta: Huber's switch point, > 0.

    Raises:
        InputError: an error value that is not finite, beta < 0, delta <= 0.

    >>> c = loss_curves([-3.0, 0.5, 3.0], beta=1.0, delta=2.0)
    >>> c.loss["huber_loss"].tolist(), c.grad["huber_loss"].tolist()
    ([4.0, 0.125, 4.0], [-2.0, 0.5, 2.0])
    >>> c.grad["smooth_l1_loss"].tolist(), c.identity_gap
    ([-1.0, 0.5, 1.0], 0.0)
    """
    beta = _threshold(beta, "beta", allow_zero=True)
    delta = _threshold(delta, "delta", allow_zero=False)
    errors = as_float_array(error, "error").ravel()
    ws = Workspace()
    zeros = ws.tensor(np.zeros_like(errors))
    values: dict[str, np.ndarray] = {}
    slopes: dict[str, np.ndarray] = {}
    for name in LOSS_FUNCTIONS:
        e = ws.tensor(errors, requires_grad=True)
        out = getattr(F, name)(e, zeros, reduction="none", **_options(name, beta, delta))
        (slope,) = torch.autograd.grad(out.sum(), e)
        values[name] = ws.numpy(out)
        slopes[name] = ws.numpy(slope)
    if beta > 0:
        scaled = F.huber_loss(ws.tensor(errors), zeros, reduction="none", delta=beta) / beta
        huber_at_beta = ws.numpy(scaled)
        gap = float(np.max(np.abs(values["smooth_l1_loss"] - huber_at_beta)))
    else:
        huber_at_beta, gap = np.full_like(errors, np.nan), math.nan
    return LossCurves(errors, values, slopes, beta, delta, huber_at_beta, gap)


def curve_errors(errors: object, beta: float, delta: float, points: int = 401) -> np.ndarray:
    r"""Errors to draw the curves at: :math:`[-R, R]` with :math:`R = \max(3,\ 2.5 \max(\beta,
    \delta),\ 1.1 \max_i |e_i|)`, evenly spaced, plus 0 and the switch points
    :math:`\pm\beta, \pm\delta` exactly.

    Args:
        errors: the errors the curves must reach (any shape).
        beta: smooth L1's switch point.
        delta: Huber's switch point.
        points: how many evenly spaced errors (at least 3).

    Raises:
        InputError: a value that is not finite, fewer than 3 points.

    >>> grid = curve_errors([0.5, -4.0], 1.0, 2.0, points=5)
    >>> grid.tolist()
    [-5.0, -2.5, -2.0, -1.0, 0.0, 1.0, 2.0, 2.5, 5.0]
    """
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 3:
        raise InputError(f"points must be a whole number >= 3; got {points!r}")
    largest = float(np.max(np.abs(as_float_array(errors, "errors"))))
    beta = _threshold(beta, "beta", allow_zero=True)
    delta = _threshold(delta, "delta", allow_zero=False)
    reach = max(3.0, 2.5 * max(beta, delta), 1.1 * largest)
    marks = [0.0, beta, -beta, delta, -delta]
    return np.unique(np.concatenate([np.linspace(-reach, reach, int(points)), marks]))
