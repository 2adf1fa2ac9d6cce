r"""The two dtypes and what they can hold: the exact logits where :math:`e^{x}` overflows or
underflows and where :math:`\sigma(x)` rounds to 1, and the helpers every route shares.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from lossviz.binary import GRAD_EPSILON
from lossviz.device import default_device
from lossviz.errors import InputError
from lossviz.validation import as_float_array

__all__ = [
    "DTYPES",
    "EVENTS",
    "ROUTES",
    "SCALE_RANGE",
    "STATUSES",
    "FloatLimits",
    "float_limits",
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
    >>> round(f32.exp_overflow, 3), round(f32.exp_underflow, 3), round(f32.sigmoid_one, 3)
    (88.723, -103.972, 16.636)
    >>> round(f64.exp_overflow, 3), round(f64.log_max, 3), round(f64.sigmoid_one, 3)
    (709.783, 709.783, 36.737)
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
