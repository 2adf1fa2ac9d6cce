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

As in PyTorch, input and target broadcast against each other (PyTorch warns, and lossviz adds a
note: (N, 1) against (N,) compares every prediction with every target); ``per_sample`` and
``error`` have the broadcast shape, the gradients the input's. NaN and infinity propagate.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.arguments import (
    as_beta,
    as_delta,
    as_values,
    broadcast_shape,
    dtype_name,
    is_floating,
    reduction_rule,
    tensor_dtype,
)
from lossviz.errors import InputError
from lossviz.notes import non_finite_note
from lossviz.reduction import reduce
from lossviz.results import Note, RegressionResult
from lossviz.validation import as_float_array

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
    and its derivative, d slope / threshold clipped to [-slope, slope].

    Huber's slope is its threshold, so its scale is exactly 1 (also for an infinite delta)."""
    scale = 1.0 if slope == threshold else slope / threshold

    def loss_of(d: torch.Tensor) -> torch.Tensor:
        z = d.abs()
        return torch.where(z < threshold, 0.5 * z * z * scale, slope * (z - 0.5 * threshold))

    def slope_of(d: torch.Tensor) -> torch.Tensor:
        return torch.clamp(d * scale, -slope, slope)

    return loss_of, slope_of


def _is_integer(dtype: torch.dtype | None) -> bool:
    return dtype is not None and not dtype.is_floating_point and dtype != torch.bool


def _check_dtypes(name: str, input: object, target: object, reduction: str, l1: bool) -> None:
    """PyTorch's dtype rules for the regression losses (``l1``: computed by ``l1_loss``).

    L1 subtracts, which bools cannot do, and its 'mean' needs floating point; MSE and smooth L1
    need one floating-point argument; Huber computes in the input's dtype, which must be
    floating point.
    """
    a, b = tensor_dtype(input), tensor_dtype(target)
    if l1:
        if torch.bool in (a, b):
            raise InputError(
                f"{name} subtracts the target from the input, and PyTorch cannot subtract bool "
                "tensors: convert with .float()"
            )
        if reduction == "mean" and not (is_floating(a) or is_floating(b)):
            raise InputError(
                f"{name} of integer tensors: PyTorch cannot take the 'mean' of integers; use "
                "reduction='sum' or 'none', or convert with .float()"
            )
    elif name == "huber_loss":
        if not is_floating(a):
            raise InputError(
                f"input is a {dtype_name(a)} tensor, but huber_loss computes in the input's "
                "dtype, which must be floating point: convert it with .float() or .double()"
            )
    elif not (is_floating(a) or is_floating(b)):
        raise InputError(
            f"input is {dtype_name(a)} and target {dtype_name(b)}: PyTorch's {name} needs at "
            "least one of them floating point; convert with .float()"
        )


def _integer_error(input: torch.Tensor, target: torch.Tensor) -> np.ndarray:
    """``input - target`` as PyTorch computes it for two integer tensors: in integers, where an
    unsigned or narrow type wraps around (uint8: 1 - 3 = 254)."""
    return (input.detach().cpu() - target.detach().cpu()).to(torch.float64).numpy()


def _broadcast_note(input_shape: tuple, target_shape: tuple, shape: tuple) -> tuple[Note, ...]:
    if input_shape == target_shape:
        return ()
    return (
        Note(
            "regression_broadcast",
            f"input has shape {input_shape} but target has shape {target_shape}: PyTorch "
            f"broadcasts them to {shape}, compares every input with every target along the "
            "stretched dimensions, and warns (UserWarning: 'This will likely lead to incorrect "
            "results due to broadcasting'). Give both the same shape, e.g. with .squeeze() or "
            ".view_as().",
            {
                "input_shape": str(input_shape),
                "target_shape": str(target_shape),
                "shape": str(shape),
            },
        ),
    )


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
    """The shared steps: check, d = input - target (broadcast), f(d), reduce, f'(d) / n summed
    back to the input's shape, PyTorch's F.name."""
    reduction, reduction_notes = reduction_rule(reduction)
    l1 = loss_of is torch.abs
    _check_dtypes(name, input, target, reduction, l1)
    inputs = as_values(input, "input")
    targets = as_values(target, "target")
    shape = broadcast_shape(inputs.shape, targets.shape, "input", "target")
    numel = math.prod(shape)
    integer = l1 and _is_integer(tensor_dtype(input)) and _is_integer(tensor_dtype(target))

    ws = Workspace(size=numel)
    x = ws.tensor(inputs)
    y = ws.tensor(targets)
    real_error = x - y
    error = ws.tensor(_integer_error(input, target)) if integer else real_error
    per_sample = loss_of(error)
    denominator = ws.tensor(float(numel) if reduction == "mean" else 1.0)
    loss = reduce(per_sample.sum(), denominator, reduction)
    analytic = slope_of(real_error) / denominator
    function = getattr(F, name)
    if inputs.shape == targets.shape:
        reference, grad = fused_loss_and_grad(function, x, y, reduction=reduction, **options)
    else:
        analytic = analytic.sum_to_size(inputs.shape)
        with warnings.catch_warnings():  # PyTorch warns of the broadcast; a note says it here
            warnings.filterwarnings("ignore", message="Using a target size", category=UserWarning)
            reference, grad = fused_loss_and_grad(function, x, y, reduction=reduction, **options)
    if integer:
        reference = float(function(input, target, reduction=reduction, **options).sum())
    return RegressionResult(
        name=name,
        reduction=reduction,
        loss=ws.scalar(loss),
        per_sample=ws.numpy(per_sample),
        denominator=ws.scalar(denominator),
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=(
            *reduction_notes,
            *notes,
            *_broadcast_note(inputs.shape, targets.shape, shape),
            *non_finite_note(inputs, "input"),
            *non_finite_note(targets, "target"),
            *_integer_note(integer),
            *_huber_backward_note(name, target),
        ),
        error=ws.numpy(error),
    )


def _huber_backward_note(name: str, target: object) -> tuple[Note, ...]:
    """Huber's backward needs a floating target: PyTorch computes the loss, then raises."""
    dtype = tensor_dtype(target)
    if name != "huber_loss" or is_floating(dtype):
        return ()
    return (
        Note(
            "pytorch_backward_fails",
            f"The target is a {dtype_name(dtype)} tensor: PyTorch's huber_loss computes the loss "
            "with it, but loss.backward() then raises (its gradient wants the target in the "
            "input's dtype). Convert the target with .to(input.dtype); the gradient shown is "
            "for that call.",
        ),
    )


def _integer_note(integer: bool) -> tuple[Note, ...]:
    if not integer:
        return ()
    return (
        Note(
            "integer_l1",
            "input and target are integer tensors: PyTorch computes this L1 loss in integers, "
            "where a narrow or unsigned type wraps around (uint8: |1 - 3| = 254), and an integer "
            "tensor cannot require a gradient. The gradients shown are those of the same values "
            "as real numbers.",
        ),
    )


def mse_loss(input: object, target: object, reduction: str = "mean") -> RegressionResult:
    r"""Mean squared error, as ``F.mse_loss``: :math:`\ell = (x - y)^2` for each element.

    The gradient is :math:`2 (x - y) / n` (n = number of elements for 'mean', else 1).

    Args:
        input: predictions, any shape.
        target: true values, the same shape (or one that broadcasts with it, with a note).
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    Raises:
        InputError: where PyTorch raises: shapes that do not broadcast, an unknown reduction,
            tensors of dtypes it cannot take.

    >>> r = mse_loss([2.5, 0.0, 2.0], [3.0, -0.5, 2.0])
    >>> round(r.loss, 4), r.per_sample.tolist(), np.round(r.grad, 4).tolist()
    (0.1667, [0.25, 0.25, 0.0], [-0.3333, 0.3333, 0.0])
    """
    return _elementwise_loss("mse_loss", input, target, reduction, torch.square, lambda d: 2 * d)


def l1_loss(input: object, target: object, reduction: str = "mean") -> RegressionResult:
    r"""Mean absolute error, as ``F.l1_loss``: :math:`\ell = |x - y|` for each element.

    The gradient is :math:`\operatorname{sign}(x - y) / n`, and 0 where :math:`x = y`
    (PyTorch's choice at the kink). It takes the arguments of :func:`mse_loss` and raises
    ``InputError`` where it does.

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
        target: true values, the same shape (or one that broadcasts with it, with a note).
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.
        beta: where the quadratic part ends; >= 0.

    Raises:
        InputError: as :func:`mse_loss`, or beta < 0 (NaN included).

    >>> r = smooth_l1_loss([0.5, 3.0], [0.0, 0.0], reduction="none")
    >>> r.per_sample.tolist(), r.grad.tolist()
    ([0.125, 2.5], [0.5, 1.0])
    """
    beta = as_beta(beta)
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
        target: true values, the same shape (or one that broadcasts with it, with a note).
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.
        delta: where the quadratic part ends; > 0.

    Raises:
        InputError: as :func:`mse_loss`, or delta <= 0 (NaN included).

    >>> r = huber_loss([0.5, 3.0], [0.0, 0.0], reduction="none", delta=2.0)
    >>> r.per_sample.tolist(), r.grad.tolist()
    ([0.125, 4.0], [0.5, 2.0])
    """
    delta = as_delta(delta)
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
    >>> bool(np.isfinite(curve_errors([1e308, -1e308], 1.0, 1.0)).all())
    True
    """
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 3:
        raise InputError(f"points must be a whole number >= 3; got {points!r}")
    largest = float(np.max(np.abs(as_float_array(errors, "errors"))))
    beta = _threshold(beta, "beta", allow_zero=True)
    delta = _threshold(delta, "delta", allow_zero=False)
    reach = max(3.0, 2.5 * max(beta, delta), 1.1 * largest)
    marks = [0.0, beta, -beta, delta, -delta]
    # reach * [-1, 1] rather than linspace(-reach, reach): the span 2 * reach overflows for
    # errors near the largest float (1e308), where reach itself does not.
    return np.unique(np.concatenate([reach * np.linspace(-1.0, 1.0, int(points)), marks]))
