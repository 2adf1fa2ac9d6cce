r"""Numerical stability: one cross-entropy computed three ways, in float32 and in float64.

Written straight from its definition, the loss of a sample with logits :math:`x` and label
:math:`y` is

.. math::
    p_j = \frac{e^{x_j}}{\sum_k e^{x_k}}, \qquad \ell = -\log p_y .

Taken literally this breaks long before the logits are unusual: :math:`e^{x}` is infinite once
:math:`x` passes :math:`\log(\text{largest float})` (about 88.72 in float32, 709.78 in float64)
and exactly 0 below about -103.97 (float32) or -745.13 (float64); then
:math:`\infty / \infty` is NaN and :math:`\log 0 = -\infty`. The three routes compared here are
the code a learner writes:

- ``"naive"``: ``e = torch.exp(x); p = e / e.sum(dim=1, keepdim=True)``, then
  ``F.nll_loss(torch.log(p), y)``.
- ``"softmax_log"``: ``F.nll_loss(torch.log(torch.softmax(x, dim=1)), y)``. PyTorch's softmax
  subtracts the row maximum, so nothing overflows, but a probability that rounds to 0 still has
  :math:`\log 0 = -\infty`, and the gradient through it is NaN (:math:`0 \cdot \infty`).
- ``"fused"``: ``F.cross_entropy(x, y)``, which takes log-softmax as
  :math:`x - m - \log \sum_k e^{x_k - m}` with :math:`m = \max_k x_k`: finite for any finite
  logits, with the gradient :math:`\mathrm{softmax}(x) - \mathrm{onehot}(y)`.

The logits are :math:`x = s \, z`: a sample's logits :math:`z` times a scale :math:`s`, formed in
the dtype as ``torch.tensor([z], dtype=dtype) * s``. Every value is computed by those torch calls
on the compute device (float64 falls back to the CPU where the device has none).

The binary counterpart: ``F.binary_cross_entropy(torch.sigmoid(x), t)`` takes the log of a
probability that rounds to exactly 1 (from :math:`x \approx 16.64` in float32, 36.74 in float64),
and PyTorch clamps that log at -100; ``F.binary_cross_entropy_with_logits`` never forms the
probability.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz.binary import GRAD_EPSILON, LOG_CLAMP
from lossviz.device import default_device
from lossviz.errors import InputError
from lossviz.validation import as_float_array, as_logit_matrix

__all__ = [
    "DTYPES",
    "EVENTS",
    "ROUTES",
    "STATUSES",
    "BatchStatus",
    "BinarySteps",
    "BinarySweep",
    "Failure",
    "FloatLimits",
    "RouteSteps",
    "ScaleSweep",
    "batch_status",
    "binary_focus",
    "binary_routes",
    "binary_sweep",
    "first_failure",
    "first_failures",
    "float_limits",
    "logit_grid",
    "naive_breaks",
    "scale_grid",
    "scale_options",
    "scale_sweep",
    "softmax_routes",
]

DTYPES = ("float32", "float64")
ROUTES = ("naive", "softmax_log", "fused")
#: What can first go wrong on each route as the scale grows: ``overflow`` (an :math:`e^{x_j}` is
#: infinite), ``zero`` (a probability is exactly 0, so its log is :math:`-\infty`), ``nan`` (a
#: probability is NaN: :math:`\infty/\infty` or :math:`0/0`), ``loss`` (the loss is not finite),
#: ``grad`` (the gradient has a value that is not finite).
EVENTS = {
    "naive": ("overflow", "zero", "nan", "loss", "grad"),
    "softmax_log": ("zero", "loss", "grad"),
    "fused": ("loss", "grad"),
}
#: A route's outcome for one sample: ``ok`` (loss and gradient finite), ``grad`` (finite loss,
#: gradient not finite), ``inf`` (the loss is infinite), ``nan`` (the loss is NaN).
STATUSES = ("ok", "grad", "inf", "nan")

#: The scales the page offers and sweeps: from 10^-3 to 10^4.
SCALE_RANGE = (1e-3, 1e4)

_TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64}
_NUMPY_DTYPES = {"float32": np.float32, "float64": np.float64}


def _torch_dtype(dtype: str) -> torch.dtype:
    if dtype not in _TORCH_DTYPES:
        raise InputError(f"dtype must be one of float32, float64; got {dtype!r}")
    return _TORCH_DTYPES[dtype]


def _device(dtype: torch.dtype) -> torch.device:
    """The compute device, or the CPU for float64 where the device has no float64 (MPS)."""
    device = default_device()
    if device.type == "mps" and dtype == torch.float64:
        return torch.device("cpu")
    return device


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    """The values as float64 NumPy, with -0.0 written 0.0 (a loss of -0 reads oddly)."""
    return tensor.detach().to("cpu", torch.float64).numpy() + 0.0


def _representable(values: np.ndarray, dtype: str) -> np.ndarray:
    """``values`` rounded to the dtype (as float64 numbers), so a scale means what torch uses."""
    return np.asarray(values, dtype=np.float64).astype(_NUMPY_DTYPES[dtype]).astype(np.float64)


def _between(lo: float, hi: float, dtype: str, count: int = 256) -> np.ndarray:
    """Up to ``count`` numbers of the dtype strictly between ``lo`` and ``hi``, evenly spread."""
    candidates = np.unique(_representable(np.linspace(lo, hi, count + 2)[1:-1], dtype))
    return candidates[(candidates > lo) & (candidates < hi)]


def _gap(a: np.ndarray, b: np.ndarray) -> float:
    """The largest |a - b|, where equal values (infinities included) and NaN beside NaN count
    as 0 and any other non-finite pair as infinity.

    >>> _gap(np.array([1.0, np.nan, np.inf]), np.array([1.5, np.nan, np.inf]))
    0.5
    """
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore"):
        gaps = np.where(same, 0.0, np.abs(a - b))
    return float(np.max(np.nan_to_num(gaps, nan=np.inf), initial=0.0))


def _row_and_label(row: object, label: int) -> tuple[np.ndarray, int]:
    z = as_float_array(row, "logits")
    if z.ndim != 1 or z.size < 2:
        raise InputError(f"logits must be one row of at least 2 values; got shape {z.shape}")
    if not (isinstance(label, (int, np.integer)) and 0 <= int(label) < z.size):
        raise InputError(f"label {label!r} is out of range for {z.size} classes (0..{z.size - 1})")
    return z, int(label)


def _check_scale(scale: float) -> float:
    if not (isinstance(scale, (int, float, np.floating)) and math.isfinite(scale) and scale > 0):
        raise InputError(f"scale must be a positive number; got {scale!r}")
    return float(scale)


def _scaled(z: np.ndarray, scales: np.ndarray, dtype: torch.dtype) -> torch.Tensor:
    """(S, C) logits ``z * s`` for each scale, in ``dtype``: row k equals, bit for bit,
    ``torch.tensor([z], dtype=dtype) * scales[k]``."""
    device = _device(dtype)
    row = torch.as_tensor(z, dtype=dtype, device=device)
    return row[None, :] * torch.as_tensor(scales, dtype=dtype, device=device)[:, None]


# --- the limits of a floating-point type ---------------------------------------------------------


@dataclass(frozen=True)
class FloatLimits:
    """Where ``torch.exp`` and ``torch.sigmoid`` stop being exact in one dtype, found by searching
    the dtype's numbers with torch itself.

    Attributes:
        dtype: ``"float32"`` or ``"float64"``.
        log_max: :math:`\\log` of the largest finite number of the dtype (computed in float64).
        exp_overflow: the largest :math:`x` with a finite :math:`e^x`; above it
            :math:`e^x = \\infty`.
        exp_underflow: the smallest :math:`x` with :math:`e^x > 0`; below it :math:`e^x = 0`.
        sigmoid_one: the smallest :math:`x` with :math:`\\sigma(x) = 1` exactly.
        sigmoid_zero: the largest :math:`x` with :math:`\\sigma(x) = 0` exactly.
        bce_gradient_floor: the smallest :math:`x > 0` with :math:`\\sigma(x)(1 - \\sigma(x))`
            below the ``1e-12`` floor of BCELoss's gradient: from there its gradient is not exact.
    """

    dtype: str
    log_max: float
    exp_overflow: float
    exp_underflow: float
    sigmoid_one: float
    sigmoid_zero: float
    bce_gradient_floor: float


def _boundary(
    flips: Callable[[torch.Tensor], torch.Tensor], low: float, high: float, dtype: str
) -> tuple[float, float]:
    """The two neighbouring numbers of ``dtype`` where ``flips`` turns from False (at ``low``)
    to True (at ``high``), by repeated 257-way search."""
    torch_dtype = _torch_dtype(dtype)
    device = _device(torch_dtype)
    low, high = float(_representable(low, dtype)), float(_representable(high, dtype))
    while True:
        candidates = _between(low, high, dtype)
        if candidates.size == 0:
            return low, high
        flags = flips(torch.as_tensor(candidates, dtype=torch_dtype, device=device)).cpu().numpy()
        if flags.any():
            first = int(np.argmax(flags))
            high = float(candidates[first])
            if first > 0:
                low = float(candidates[first - 1])
        else:
            low = float(candidates[-1])


def float_limits(dtype: str) -> FloatLimits:
    r"""The exact limits of :math:`e^x` and :math:`\sigma(x)` in ``dtype``, found with torch.

    :math:`e^x` overflows above :math:`\log(\max)` (the dtype's largest number) and rounds to
    0 below :math:`\log` of half its smallest subnormal number (:math:`-150 \log 2` in
    float32); :math:`\sigma(x) = 1 / (1 + e^{-x})` is exactly 1 once :math:`e^{-x}` is below
    half the spacing of numbers at 1
    (:math:`x > 24 \log 2 \approx 16.64` in float32, :math:`53 \log 2 \approx 36.74` in float64).

    Raises:
        InputError: ``dtype`` is not ``"float32"`` or ``"float64"``.

    >>> f32, f64 = float_limits("float32"), float_limits("float64")
    >>> f32.exp_overflow, f32.exp_underflow, f32.sigmoid_one
    (88.72283172607422, -103.97207641601562, 16.63553237915039)
    >>> f64.exp_overflow, round(f64.log_max, 6), f64.sigmoid_one
    (709.782712893384, 709.782713, 36.73680056967711)
    """
    torch_dtype = _torch_dtype(dtype)
    return _float_limits(dtype, str(_device(torch_dtype)))


@functools.lru_cache(maxsize=8)
def _float_limits(dtype: str, device: str) -> FloatLimits:
    """:func:`float_limits` on ``device``, computed once per process."""
    torch_dtype = _TORCH_DTYPES[dtype]
    epsilon = torch.tensor(GRAD_EPSILON, dtype=torch_dtype)
    exp_overflow, _ = _boundary(lambda x: torch.isinf(torch.exp(x)), 0.0, 1000.0, dtype)
    _, exp_underflow = _boundary(lambda x: torch.exp(x) > 0, -2000.0, 0.0, dtype)
    _, sigmoid_one = _boundary(lambda x: torch.sigmoid(x) == 1, 0.0, 100.0, dtype)
    sigmoid_zero, _ = _boundary(lambda x: torch.sigmoid(x) > 0, -2000.0, 0.0, dtype)

    def below_floor(x: torch.Tensor) -> torch.Tensor:
        p = torch.sigmoid(x)
        return p * (1 - p) < epsilon.to(x.device)

    _, gradient_floor = _boundary(below_floor, 0.0, 100.0, dtype)
    return FloatLimits(
        dtype=dtype,
        log_max=math.log(float(torch.finfo(torch_dtype).max)),
        exp_overflow=exp_overflow,
        exp_underflow=exp_underflow,
        sigmoid_one=sigmoid_one,
        sigmoid_zero=sigmoid_zero,
        bce_gradient_floor=gradient_floor,
    )


# --- the three routes ---------------------------------------------------------------------------


def _naive(x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
    """``exp``, divide by the sum, ``log``, ``nll_loss``: the definition, taken literally."""
    leaf = x.detach().clone().requires_grad_(True)
    exp = torch.exp(leaf)
    total = exp.sum(dim=1, keepdim=True)
    probs = exp / total
    log_probs = torch.log(probs)
    loss = F.nll_loss(log_probs, labels, reduction="none")
    loss.sum().backward()
    return {
        "exp": exp.detach(),
        "exp_sum": total.detach().squeeze(1),
        "naive_probs": probs.detach(),
        "naive_log_probs": log_probs.detach(),
        "naive_loss": loss.detach(),
        "naive_grad": leaf.grad,
    }


def _softmax_log(x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
    """``torch.softmax``, then ``torch.log``, then ``nll_loss``."""
    leaf = x.detach().clone().requires_grad_(True)
    probs = torch.softmax(leaf, dim=1)
    log_probs = torch.log(probs)
    loss = F.nll_loss(log_probs, labels, reduction="none")
    loss.sum().backward()
    return {
        "softmax_probs": probs.detach(),
        "softmax_log_probs": log_probs.detach(),
        "softmax_log_loss": loss.detach(),
        "softmax_log_grad": leaf.grad,
    }


def _fused(x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
    """``F.cross_entropy``."""
    leaf = x.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(leaf, labels, reduction="none")
    loss.sum().backward()
    return {"fused_loss": loss.detach(), "fused_grad": leaf.grad}


_ROUTE_FUNCTIONS = {"naive": _naive, "softmax_log": _softmax_log, "fused": _fused}


def _evaluate(
    x: torch.Tensor, labels: torch.Tensor, routes: tuple[str, ...] = ROUTES
) -> dict[str, torch.Tensor]:
    """The ``routes`` on the rows of ``x`` (each row its own sample), with autograd's gradients.

    Losses are per row (``reduction="none"``) and gradients those of their sum, which equal,
    bit for bit, the default ``"mean"`` on one row at a time.
    """
    values: dict[str, torch.Tensor] = {}
    for route in routes:
        values.update(_ROUTE_FUNCTIONS[route](x, labels))
    return values


def _status(loss: torch.Tensor, grad: torch.Tensor) -> np.ndarray:
    """One of ``STATUSES`` per row."""
    loss_np, grad_ok = _numpy(loss), torch.isfinite(grad).all(dim=1).cpu().numpy()
    return np.select(
        [np.isnan(loss_np), np.isinf(loss_np), ~grad_ok], ["nan", "inf", "grad"], default="ok"
    )


def _events(values: dict[str, torch.Tensor], route: str) -> dict[str, torch.Tensor]:
    """Per row, whether each of the route's ``EVENTS`` has happened."""
    loss, grad = values[f"{route}_loss"], values[f"{route}_grad"]
    flags = {"loss": ~torch.isfinite(loss), "grad": ~torch.isfinite(grad).all(dim=1)}
    if route == "naive":
        flags["overflow"] = torch.isinf(values["exp"]).any(dim=1)
        flags["zero"] = (values["naive_probs"] == 0).any(dim=1)
        flags["nan"] = torch.isnan(values["naive_probs"]).any(dim=1)
    elif route == "softmax_log":
        flags["zero"] = (values["softmax_probs"] == 0).any(dim=1)
    return flags


@dataclass(frozen=True)
class RouteSteps:
    """One sample's loss by the three routes at one scale, in one dtype, with every step.

    Attributes:
        dtype: ``"float32"`` or ``"float64"``.
        scale: :math:`s` as given; ``logits`` are :math:`x = s z` formed in the dtype.
        label: the target class :math:`y`.
        logits: (C,) :math:`x`.
        exp: (C,) :math:`e^{x_j}` (the naive route; may be :math:`\\infty` or 0).
        exp_sum: :math:`\\sum_j e^{x_j}`.
        naive_probs, naive_log_probs: (C,) :math:`p = e^x / \\sum e^x` and :math:`\\log p`.
        naive_loss: ``F.nll_loss(torch.log(p), y)``; naive_grad: (C,) its gradient in :math:`x`.
        softmax_probs, softmax_log_probs: (C,) ``torch.softmax(x)`` and its log.
        softmax_loss, softmax_grad: the loss on that log, and its gradient.
        max_logit: :math:`m = \\max_j x_j`.
        shifted_logits: (C,) :math:`x_j - m`, each at most 0.
        shifted_exp: (C,) :math:`e^{x_j - m}`, each at most 1; shifted_sum: their sum.
        logsumexp: :math:`m + \\log \\sum_j e^{x_j - m}`, step by step.
        log_probs: (C,) :math:`x - \\operatorname{logsumexp}`, step by step.
        loss: :math:`\\operatorname{logsumexp} - x_y`, step by step.
        reference: ``F.cross_entropy(x, y)``.
        grad: (C,) the gradient of ``F.cross_entropy`` from autograd.
        analytic_grad: (C,) :math:`e^{x - m} / \\sum_j e^{x_j - m} - \\mathrm{onehot}(y)`.
    """

    dtype: str
    scale: float
    label: int
    logits: np.ndarray
    exp: np.ndarray
    exp_sum: float
    naive_probs: np.ndarray
    naive_log_probs: np.ndarray
    naive_loss: float
    naive_grad: np.ndarray
    softmax_probs: np.ndarray
    softmax_log_probs: np.ndarray
    softmax_loss: float
    softmax_grad: np.ndarray
    max_logit: float
    shifted_logits: np.ndarray
    shifted_exp: np.ndarray
    shifted_sum: float
    logsumexp: float
    log_probs: np.ndarray
    loss: float
    reference: float
    grad: np.ndarray
    analytic_grad: np.ndarray
    statuses: dict

    @property
    def tolerance(self) -> float:
        """How far rounding in the dtype may move the loss: 16 units of the dtype's precision,
        relative to the size of the logits."""
        eps = float(torch.finfo(_TORCH_DTYPES[self.dtype]).eps)
        return 16 * eps * max(1.0, abs(self.max_logit))

    @property
    def difference(self) -> float:
        """|step-by-step log-sum-exp loss - ``F.cross_entropy``| (0 where both are NaN, as they
        are when the logits themselves overflow the dtype)."""
        return float(_gap(np.array([self.loss]), np.array([self.reference])))

    @property
    def grad_difference(self) -> float:
        """The largest |softmax - onehot - autograd's gradient| (NaN beside NaN counts as 0)."""
        return float(_gap(self.analytic_grad, self.grad))

    @property
    def agrees(self) -> bool:
        """The stable steps equal PyTorch's fused loss and gradient, to rounding in the dtype."""
        eps = float(torch.finfo(_TORCH_DTYPES[self.dtype]).eps)
        return self.difference <= self.tolerance and self.grad_difference <= 16 * eps

    def route_loss(self, route: str) -> float:
        return {"naive": self.naive_loss, "softmax_log": self.softmax_loss}.get(
            route, self.reference
        )

    def route_grad(self, route: str) -> np.ndarray:
        return {"naive": self.naive_grad, "softmax_log": self.softmax_grad}.get(route, self.grad)


def softmax_routes(row: object, label: int, scale: float, dtype: str) -> RouteSteps:
    r"""The loss of one sample by the naive, softmax-then-log and fused routes, with every step.

    The stable steps, which ``F.cross_entropy`` follows:

    .. math::
        \log \sum_j e^{x_j} = m + \log \sum_j e^{x_j - m}, \quad m = \max_j x_j, \qquad
        \ell = \log \sum_j e^{x_j} - x_y

    Raises:
        InputError: non-finite logits, fewer than 2 classes, a label out of range, a scale that
            is not positive, an unknown dtype.

    The seed example at scale 1 agrees everywhere; at scale 40 in float32, :math:`e^{104}`
    overflows: :math:`p_0 = e^{52} / \infty = 0`, the naive loss is infinite, and the fused one
    is right:

    >>> r = softmax_routes([1.3, 1.3, 2.6], 2, 1.0, "float32")
    >>> round(r.naive_loss, 4), round(r.softmax_loss, 4), round(r.reference, 4), r.agrees
    (0.4351, 0.4351, 0.4351, True)
    >>> r = softmax_routes([1.3, 1.3, 2.6], 0, 40.0, "float32")
    >>> r.exp.tolist()[2], r.exp_sum, r.naive_probs.tolist(), r.naive_loss
    (inf, inf, [0.0, 0.0, nan], inf)
    >>> r.reference, r.grad.round(6).tolist(), r.statuses
    (52.0, [-1.0, 0.0, 1.0], {'naive': 'inf', 'softmax_log': 'ok', 'fused': 'ok'})
    """
    z, label = _row_and_label(row, label)
    scale = _check_scale(scale)
    torch_dtype = _torch_dtype(dtype)
    device = _device(torch_dtype)
    x = torch.as_tensor(z[None, :], dtype=torch_dtype, device=device) * scale
    labels = torch.tensor([label], device=device)
    values = _evaluate(x, labels)

    m = x.max(dim=1, keepdim=True).values
    shifted = torch.exp(x - m)
    shifted_sum = shifted.sum(dim=1, keepdim=True)
    lse = m + torch.log(shifted_sum)
    log_probs = x - lse
    analytic = shifted / shifted_sum - F.one_hot(labels, z.size).to(torch_dtype)

    def row_of(name: str) -> np.ndarray:
        return _numpy(values[name])[0]

    return RouteSteps(
        dtype=dtype,
        scale=scale,
        label=label,
        logits=_numpy(x)[0],
        exp=row_of("exp"),
        exp_sum=float(_numpy(values["exp_sum"])[0]),
        naive_probs=row_of("naive_probs"),
        naive_log_probs=row_of("naive_log_probs"),
        naive_loss=float(_numpy(values["naive_loss"])[0]),
        naive_grad=row_of("naive_grad"),
        softmax_probs=row_of("softmax_probs"),
        softmax_log_probs=row_of("softmax_log_probs"),
        softmax_loss=float(_numpy(values["softmax_log_loss"])[0]),
        softmax_grad=row_of("softmax_log_grad"),
        max_logit=float(_numpy(m)[0, 0]),
        shifted_logits=_numpy(x - m)[0],
        shifted_exp=_numpy(shifted)[0],
        shifted_sum=float(_numpy(shifted_sum)[0, 0]),
        logsumexp=float(_numpy(lse)[0, 0]),
        log_probs=_numpy(log_probs)[0],
        loss=float(-_numpy(log_probs)[0, label]) + 0.0,
        reference=float(_numpy(values["fused_loss"])[0]),
        grad=row_of("fused_grad"),
        analytic_grad=_numpy(analytic)[0],
        statuses={
            route: str(_status(values[f"{route}_loss"], values[f"{route}_grad"])[0])
            for route in ROUTES
        },
    )


# --- sweeping the scale -------------------------------------------------------------------------


def scale_grid(
    per_decade: int = 40, low: float = SCALE_RANGE[0], high: float = SCALE_RANGE[1]
) -> np.ndarray:
    """Scales from ``low`` to ``high``, evenly spaced on a log axis.

    >>> grid = scale_grid(1)
    >>> grid.tolist()
    [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0]
    """
    decades = math.log10(high / low)
    count = round(decades * per_decade) + 1
    return np.array([float(f"{v:.12g}") for v in np.geomspace(low, high, count)])


#: The slider's scales in each decade: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of 10.
NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)


def scale_options(current: float | None = None) -> list[float]:
    """The scales a slider offers, from 10^-3 to 10^4, with ``current`` among them (a link may
    carry any scale, such as the first one at which a route breaks).

    >>> options = scale_options(34.12417221069336)
    >>> options[:3], options[-1], len(options), 34.12417221069336 in options
    ([0.001, 0.0012, 0.0015], 10000.0, 72, True)
    """
    low, high = SCALE_RANGE
    values = {
        float(f"{step * 10.0**power:.12g}")
        for power in range(round(math.log10(low)), round(math.log10(high)) + 1)
        for step in NICE_STEPS
    }
    values = {v for v in values if low <= v <= high}
    if current is not None:
        values.add(float(current))
    return sorted(values)


@dataclass(frozen=True)
class ScaleSweep:
    """One sample's loss and outcome by each route, over many scales, in both dtypes.

    Attributes:
        scales: (S,) the scales :math:`s`.
        label: the target class.
        loss: ``loss[dtype][route]`` (S,): the route's loss (may be inf or NaN).
        status: ``status[dtype][route]`` (S,): one of ``STATUSES`` per scale.
    """

    scales: np.ndarray
    label: int
    loss: dict
    status: dict


def scale_sweep(row: object, label: int, scales: object) -> ScaleSweep:
    r"""Each route's loss at each scale :math:`s` (logits :math:`s z`), in float32 and float64.

    Raises:
        InputError: as :func:`softmax_routes`, or scales that are not positive.

    >>> sweep = scale_sweep([1.3, 1.3, 2.6], 0, [1.0, 20.0, 40.0])
    >>> sweep.status["float32"]["naive"].tolist(), sweep.status["float64"]["naive"].tolist()
    (['ok', 'ok', 'inf'], ['ok', 'ok', 'ok'])
    >>> sweep.loss["float32"]["fused"].tolist()
    [1.73506498336792, 26.0, 52.0]
    """
    z, label = _row_and_label(row, label)
    s = as_float_array(scales, "scales")
    if s.ndim != 1 or (s <= 0).any():
        raise InputError("scales must be one row of positive numbers")
    loss: dict = {}
    status: dict = {}
    for dtype in DTYPES:
        torch_dtype = _TORCH_DTYPES[dtype]
        x = _scaled(z, s, torch_dtype)
        values = _evaluate(x, torch.full((s.size,), label, device=x.device))
        loss[dtype] = {route: _numpy(values[f"{route}_loss"]) for route in ROUTES}
        status[dtype] = {
            route: _status(values[f"{route}_loss"], values[f"{route}_grad"]) for route in ROUTES
        }
    return ScaleSweep(scales=s, label=label, loss=loss, status=status)


@dataclass(frozen=True)
class Failure:
    """The smallest scale at which something first goes wrong on a route, in a dtype.

    Attributes:
        dtype, route, event: what (see ``EVENTS``).
        scale: the smallest scale (a number of the dtype) at which it happens; NaN when it does
            not happen up to the top of the range searched.
        last_good: the largest scale below ``scale`` at which it does not happen (the number of
            the dtype just below ``scale``); NaN when it happens already at the bottom of the range.
    """

    dtype: str
    route: str
    event: str
    scale: float
    last_good: float

    @property
    def found(self) -> bool:
        return not math.isnan(self.scale)


class _Flags:
    """The route's ``EVENTS`` flags in one dtype, per scale, as a function of the scales."""

    def __init__(self, z: np.ndarray, label: int, dtype: str, route: str) -> None:
        self.z, self.label, self.route = z, label, route
        self.dtype = _TORCH_DTYPES[dtype]

    def __call__(self, scales: np.ndarray) -> dict[str, np.ndarray]:
        x = _scaled(self.z, scales, self.dtype)
        labels = torch.full((scales.size,), self.label, device=x.device)
        values = _evaluate(x, labels, (self.route,))
        return {name: flag.cpu().numpy() for name, flag in _events(values, self.route).items()}


def _check_search(route: str, event: str | None, low: float, high: float) -> None:
    if route not in EVENTS:
        raise InputError(f"route must be one of {', '.join(ROUTES)}; got {route!r}")
    if event is not None and event not in EVENTS[route]:
        raise InputError(
            f"the {route} route has no event {event!r}: use one of {', '.join(EVENTS[route])}"
        )
    if not (0 < low < high and math.isfinite(high)):
        raise InputError(f"the scales searched must satisfy 0 < low < high; got {low!r}, {high!r}")


def first_failure(
    row: object,
    label: int,
    dtype: str,
    route: str,
    event: str,
    low: float = SCALE_RANGE[0],
    high: float = SCALE_RANGE[1],
) -> Failure:
    r"""The smallest scale :math:`s` in ``[low, high]`` at which ``event`` happens on ``route``.

    A sweep of 40 scales per decade finds where the event first happens; a search between the
    two scales around it then narrows that to neighbouring numbers of the dtype (the scale is
    rounded to the dtype when it multiplies the logits). The scale found is the first number of
    the dtype at which torch itself shows the event.

    Raises:
        InputError: as :func:`softmax_routes`, an unknown route or an event the route does not
            have (see ``EVENTS``), or a range that is not ``0 < low < high``.

    For the seed example, float32's :math:`e^{x}` overflows when :math:`2.6 s > 88.7228`:

    >>> f = first_failure([1.3, 1.3, 2.6], 2, "float32", "naive", "overflow")
    >>> f.scale, f.last_good, round(88.72283172607422 / 2.6, 5)
    (34.12417221069336, 34.124168395996094, 34.12417)
    """
    return _first_failures(row, label, low, high, ((dtype, route, event),))[0]


def _narrow(flags: _Flags, dtype: str, grid: np.ndarray, events: tuple[str, ...]) -> dict:
    """For each event, the first scale of ``grid`` where it happens, narrowed to neighbouring
    numbers of the dtype; the events' searches share each evaluation."""
    happened = flags(grid)
    found: dict[str, Failure] = {}
    brackets: dict[str, tuple[float, float]] = {}
    for event in events:
        if not happened[event].any():
            found[event] = Failure(dtype, flags.route, event, math.nan, math.nan)
            continue
        first = int(np.argmax(happened[event]))
        if first == 0:
            found[event] = Failure(dtype, flags.route, event, float(grid[0]), math.nan)
        else:
            brackets[event] = (float(grid[first - 1]), float(grid[first]))
    while brackets:
        between = {event: _between(lo, hi, dtype) for event, (lo, hi) in brackets.items()}
        for event in [event for event, values in between.items() if values.size == 0]:
            lo, hi = brackets.pop(event)
            found[event] = Failure(dtype, flags.route, event, hi, lo)
            del between[event]
        if not between:
            break
        scales = np.unique(np.concatenate(list(between.values())))
        now = flags(scales)
        for event, candidates in between.items():
            hit = now[event][np.searchsorted(scales, candidates)]
            lo, hi = brackets[event]
            if hit.any():
                first = int(np.argmax(hit))
                hi = float(candidates[first])
                lo = float(candidates[first - 1]) if first > 0 else lo
            else:
                lo = float(candidates[-1])
            brackets[event] = (lo, hi)
    return found


def _first_failures(row, label, low, high, wanted) -> tuple[Failure, ...]:
    z, label = _row_and_label(row, label)
    for dtype, route, event in wanted:
        _torch_dtype(dtype)
        _check_search(route, event, low, high)
    found: dict = {}
    for dtype in DTYPES:
        grid = np.unique(_representable(scale_grid(40, low, high), dtype))
        for route in ROUTES:
            events = tuple(e for d, r, e in wanted if (d, r) == (dtype, route))
            if events:
                for event, failure in _narrow(
                    _Flags(z, label, dtype, route), dtype, grid, events
                ).items():
                    found[dtype, route, event] = failure
    return tuple(found[key] for key in wanted)


def first_failures(
    row: object, label: int, low: float = SCALE_RANGE[0], high: float = SCALE_RANGE[1]
) -> tuple[Failure, ...]:
    """:func:`first_failure` for every dtype, route and event, in the order of ``DTYPES``,
    ``ROUTES`` and ``EVENTS``.

    >>> failures = first_failures([1.3, 1.3, 2.6], 2)
    >>> [(f.dtype, f.event, round(f.scale, 2)) for f in failures if f.route == "naive"][:3]
    [('float32', 'overflow', 34.12), ('float32', 'zero', 34.12), ('float32', 'nan', 34.12)]
    >>> [f.found for f in failures if f.route == "fused"]
    [False, False, False, False]
    """
    wanted = [
        (dtype, route, event) for dtype in DTYPES for route in ROUTES for event in EVENTS[route]
    ]
    return _first_failures(row, label, low, high, wanted)


def naive_breaks(failures: tuple[Failure, ...]) -> dict[str, float]:
    """Per dtype, the smallest scale at which the naive route's loss is no longer finite (NaN
    when it stays finite over the range searched).

    >>> breaks = naive_breaks(first_failures([1.3, 1.3, 2.6], 2))
    >>> round(breaks["float32"], 4), round(breaks["float64"], 4)
    (34.1242, 272.9934)
    """
    return {f.dtype: f.scale for f in failures if f.route == "naive" and f.event == "loss"}


# --- a whole batch -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchStatus:
    """How many samples of a batch each route gets right at one scale.

    Attributes:
        scale: :math:`s`.
        samples: N.
        counts: ``counts[dtype][route][status]``: how many samples have that outcome.
        status: ``status[dtype][route]`` (N,): each sample's outcome.
    """

    scale: float
    samples: int
    counts: dict
    status: dict


def batch_status(logits: object, labels: object, scale: float) -> BatchStatus:
    """Each sample's outcome by each route at scale ``s`` (logits :math:`s z`), in both dtypes.

    Raises:
        InputError: non-finite logits, labels that do not fit them, a scale that is not positive.

    >>> status = batch_status([[1.3, 1.3, 2.6], [0.0, 1.0, -1.0]], [2, 0], 40.0)
    >>> status.counts["float32"]["naive"], status.counts["float64"]["naive"]["ok"]
    ({'ok': 1, 'grad': 0, 'inf': 0, 'nan': 1}, 2)
    """
    z = as_logit_matrix(logits)
    y = np.asarray(labels)
    if y.shape != (z.shape[0],) or not np.isin(y, np.arange(z.shape[1])).all():
        raise InputError(f"labels must be one class index (0..{z.shape[1] - 1}) per sample")
    scale = _check_scale(scale)
    counts: dict = {}
    status: dict = {}
    for dtype in DTYPES:
        torch_dtype = _TORCH_DTYPES[dtype]
        device = _device(torch_dtype)
        x = torch.as_tensor(z, dtype=torch_dtype, device=device) * scale
        values = _evaluate(x, torch.as_tensor(y, dtype=torch.long, device=device))
        status[dtype] = {
            route: _status(values[f"{route}_loss"], values[f"{route}_grad"]) for route in ROUTES
        }
        counts[dtype] = {
            route: {s: int((status[dtype][route] == s).sum()) for s in STATUSES} for route in ROUTES
        }
    return BatchStatus(scale=scale, samples=int(z.shape[0]), counts=counts, status=status)


# --- binary cross-entropy: the clamp ------------------------------------------------------------


@dataclass(frozen=True)
class BinarySteps:
    """Each class of one sample as a yes/no question (one-hot target), at one scale and dtype:
    BCELoss on :math:`\\sigma(x)` beside BCEWithLogitsLoss on :math:`x`.

    Attributes:
        dtype, scale: as for :class:`RouteSteps`; logits: (C,) :math:`x = s z`.
        target: (C,) the one-hot target :math:`t`.
        probs: (C,) ``torch.sigmoid(x)`` (exactly 1 or 0 once it saturates).
        log_p, log_one_minus_p: (C,) :math:`\\log \\sigma(x)` and :math:`\\log(1 - \\sigma(x))`
            before the clamp (:math:`-\\infty` where :math:`\\sigma(x)` is 0 or 1).
        clamped: (C,) True where the -100 clamp changed the loss.
        bce: (C,) ``F.binary_cross_entropy(torch.sigmoid(x), t, reduction="none")``.
        bce_steps: (C,) the same, step by step, with each log clamped at -100.
        bce_grad: (C,) its gradient in :math:`x` (through the sigmoid), from autograd.
        with_logits: (C,) ``F.binary_cross_entropy_with_logits(x, t, reduction="none")``.
        with_logits_steps: (C,) :math:`\\max(x, 0) - x t + \\log(1 + e^{-|x|})`, step by step.
        with_logits_grad: (C,) its gradient, :math:`\\sigma(x) - t`, from autograd.
    """

    dtype: str
    scale: float
    logits: np.ndarray
    target: np.ndarray
    probs: np.ndarray
    log_p: np.ndarray
    log_one_minus_p: np.ndarray
    clamped: np.ndarray
    bce: np.ndarray
    bce_steps: np.ndarray
    bce_grad: np.ndarray
    with_logits: np.ndarray
    with_logits_steps: np.ndarray
    with_logits_grad: np.ndarray

    @property
    def difference(self) -> float:
        """The largest gap between a step-by-step loss and PyTorch's, over both functions."""
        return max(_gap(self.bce, self.bce_steps), _gap(self.with_logits, self.with_logits_steps))

    @property
    def agrees(self) -> bool:
        eps = float(torch.finfo(_TORCH_DTYPES[self.dtype]).eps)
        size = max(1.0, float(np.max(np.abs(self.logits))))
        return self.difference <= 16 * eps * size


def _binary(x: torch.Tensor, t: torch.Tensor) -> dict[str, torch.Tensor]:
    """BCELoss on ``sigmoid(x)`` and BCEWithLogitsLoss on ``x``, per element, with gradients."""
    on_probs = x.detach().clone().requires_grad_(True)
    bce = F.binary_cross_entropy(torch.sigmoid(on_probs), t, reduction="none")
    bce.sum().backward()
    on_logits = x.detach().clone().requires_grad_(True)
    with_logits = F.binary_cross_entropy_with_logits(on_logits, t, reduction="none")
    with_logits.sum().backward()
    return {
        "bce": bce.detach(),
        "bce_grad": on_probs.grad,
        "with_logits": with_logits.detach(),
        "with_logits_grad": on_logits.grad,
    }


def binary_routes(row: object, label: int, scale: float, dtype: str) -> BinarySteps:
    r"""Each class of one sample against its one-hot target, by BCELoss and BCEWithLogitsLoss.

    .. math::
        \ell^{\text{BCE}} = -\left(t \max(\log \sigma(x), -100)
            + (1 - t) \max(\log(1 - \sigma(x)), -100)\right), \qquad
        \ell^{\text{logits}} = \max(x, 0) - x t + \log(1 + e^{-|x|})

    Raises:
        InputError: as :func:`softmax_routes`.

    At scale 10 in float32 the seed's :math:`\sigma(13) < 1` still, but
    :math:`\sigma(26) = 1`: a wrong "yes" for class 2 would cost 100, and its gradient is 0:

    >>> r = binary_routes([1.3, 1.3, 2.6], 0, 10.0, "float32")
    >>> r.probs.tolist()[2], r.log_one_minus_p.tolist()[2], r.bce.tolist()[2], r.clamped.tolist()
    (1.0, -inf, 100.0, [False, False, True])
    >>> r.with_logits.tolist()[2], r.bce_grad.tolist()[2], r.with_logits_grad.tolist()[2], r.agrees
    (26.0, 0.0, 1.0, True)
    """
    z, label = _row_and_label(row, label)
    scale = _check_scale(scale)
    torch_dtype = _torch_dtype(dtype)
    device = _device(torch_dtype)
    x = torch.as_tensor(z[None, :], dtype=torch_dtype, device=device) * scale
    t = F.one_hot(torch.tensor([label], device=device), z.size).to(torch_dtype)
    values = _binary(x, t)
    p = torch.sigmoid(x)
    log_p, log_one_minus_p = torch.log(p), torch.log1p(-p)
    clamp = torch.tensor(LOG_CLAMP, dtype=torch_dtype, device=device)
    bce_steps = -(t * torch.maximum(log_p, clamp) + (1 - t) * torch.maximum(log_one_minus_p, clamp))
    with_logits_steps = torch.clamp_min(x, 0) - x * t + torch.log1p(torch.exp(-x.abs()))
    clamped = ((log_p < LOG_CLAMP) & (t != 0)) | ((log_one_minus_p < LOG_CLAMP) & (t != 1))
    return BinarySteps(
        dtype=dtype,
        scale=scale,
        logits=_numpy(x)[0],
        target=_numpy(t)[0],
        probs=_numpy(p)[0],
        log_p=_numpy(log_p)[0],
        log_one_minus_p=_numpy(log_one_minus_p)[0],
        clamped=clamped.cpu().numpy()[0],
        bce=_numpy(values["bce"])[0],
        bce_steps=_numpy(bce_steps)[0],
        bce_grad=_numpy(values["bce_grad"])[0],
        with_logits=_numpy(values["with_logits"])[0],
        with_logits_steps=_numpy(with_logits_steps)[0],
        with_logits_grad=_numpy(values["with_logits_grad"])[0],
    )


def binary_focus(steps: BinarySteps) -> int:
    """The class whose logit points most confidently the wrong way (largest :math:`x` where
    :math:`t = 0`, smallest where :math:`t = 1`): where the clamp shows first.

    >>> binary_focus(binary_routes([1.3, 1.3, 2.6], 2, 1.0, "float64"))
    0
    >>> binary_focus(binary_routes([1.3, 1.3, 2.6], 0, 1.0, "float64"))
    2
    """
    wrongness = np.where(steps.target == 0, steps.logits, -steps.logits)
    return int(np.argmax(wrongness))


def logit_grid(logits: object = (), count: int = 300) -> np.ndarray:
    """Logits from 0.1 up to a power of 10 past the largest finite one of ``logits`` (1000 to
    10^9), evenly
    spaced on a log axis, plus each dtype's last logit below :math:`\\sigma(x) = 1` and the
    first at it, so a chart shows the jump where it happens.

    >>> grid = logit_grid([130.0, 260.0])
    >>> float(grid[0]), float(grid[-1]), 16.63553237915039 in grid, 36.73680056967711 in grid
    (0.1, 1000.0, True, True)
    """
    values = np.asarray(logits, dtype=np.float64).ravel()
    largest = float(np.max(values[np.isfinite(values)], initial=0.0))
    top = max(3, min(9, math.ceil(math.log10(max(2 * largest, 1.0)))))
    edges = []
    for dtype in DTYPES:
        limits = float_limits(dtype)
        below = np.nextafter(_NUMPY_DTYPES[dtype](limits.sigmoid_one), _NUMPY_DTYPES[dtype](0))
        edges += [float(below), limits.sigmoid_one]
    return np.unique(np.concatenate([np.geomspace(0.1, 10.0**top, count), edges]))


@dataclass(frozen=True)
class BinarySweep:
    """One element's loss and gradient against its logit, for one target, in both dtypes.

    Attributes:
        logits: (Z,) the logits swept; target: :math:`t`.
        bce, bce_grad: ``bce[dtype]`` (Z,): BCELoss on ``sigmoid(x)`` and its gradient in x.
        with_logits, with_logits_grad: the same for BCEWithLogitsLoss.
    """

    logits: np.ndarray
    target: float
    bce: dict
    bce_grad: dict
    with_logits: dict
    with_logits_grad: dict


def binary_sweep(logits: object, target: float = 0.0) -> BinarySweep:
    r"""BCELoss on :math:`\sigma(x)` and BCEWithLogitsLoss on :math:`x` over many logits, for one
    target, in float32 and float64, each element on its own.

    With :math:`t = 0` the true loss is :math:`\log(1 + e^{x}) \approx x`; BCELoss follows it
    until :math:`\sigma(x)` rounds to 1, then jumps to the clamp's 100, and its gradient drops
    to 0.

    Raises:
        InputError: non-finite logits, a target outside [0, 1].

    >>> sweep = binary_sweep([10.0, 20.0, 40.0, 120.0])
    >>> sweep.bce["float32"].round(4).tolist(), sweep.bce["float64"].round(4).tolist()
    ([9.9996, 100.0, 100.0, 100.0], [10.0, 20.0, 100.0, 100.0])
    >>> sweep.with_logits["float32"].tolist(), sweep.bce_grad["float32"].round(3).tolist()
    ([10.000045776367188, 20.0, 40.0, 120.0], [1.0, 0.0, 0.0, 0.0])
    """
    x_np = as_float_array(logits, "logits").ravel()
    if not (isinstance(target, (int, float)) and 0.0 <= target <= 1.0):
        raise InputError(f"target must be a number in [0, 1]; got {target!r}")
    fields: dict = {"bce": {}, "bce_grad": {}, "with_logits": {}, "with_logits_grad": {}}
    for dtype in DTYPES:
        torch_dtype = _TORCH_DTYPES[dtype]
        device = _device(torch_dtype)
        x = torch.as_tensor(x_np, dtype=torch_dtype, device=device)
        values = _binary(x, torch.full_like(x, float(target)))
        for name in fields:
            fields[name][dtype] = _numpy(values[name])
    return BinarySweep(logits=x_np, target=float(target), **fields)
