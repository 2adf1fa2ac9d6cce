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
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.errors import InputError
from lossviz.reduction import reduce
from lossviz.results import Note, RegressionResult
from lossviz.validation import as_float_array, check_reduction

__all__ = ["huber_loss", "l1_loss", "mse_loss", "smooth_l1_loss"]

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
