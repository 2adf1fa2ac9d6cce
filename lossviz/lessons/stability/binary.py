r"""The binary counterpart: BCELoss on :math:`\sigma(x)`, clamped at -100, beside
BCEWithLogitsLoss on :math:`x`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz.binary import LOG_CLAMP
from lossviz.errors import InputError
from lossviz.lessons.stability.floats import (
    _NUMPY_DTYPES,
    _TORCH_DTYPES,
    DTYPES,
    _check_scale,
    _device,
    _gap,
    _numpy,
    _row_and_label,
    _torch_dtype,
    float_limits,
)
from lossviz.validation import as_float_array

__all__ = [
    "BinarySteps",
    "BinarySweep",
    "binary_focus",
    "binary_routes",
    "binary_sweep",
    "logit_grid",
]


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
    >>> float(r.with_logits[2]), abs(float(r.bce_grad[2])), float(r.with_logits_grad[2]), r.agrees
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
    >>> sweep.with_logits["float32"].round(4).tolist()
    [10.0, 20.0, 40.0, 120.0]
    >>> abs(sweep.bce_grad["float32"]).round(3).tolist()
    [1.0, 0.0, 0.0, 0.0]
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
