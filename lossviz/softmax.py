"""Softmax, log-softmax and sigmoid: from logits to probabilities."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import torch

from lossviz._torch import Workspace
from lossviz.arguments import as_dim, as_values, dtype_name, is_floating, tensor_dtype
from lossviz.errors import InputError
from lossviz.validation import as_float_array

__all__ = ["log_softmax", "logsumexp", "sigmoid", "softmax"]


def logsumexp(logits: torch.Tensor, dim: int = -1) -> torch.Tensor:
    r""":math:`\log \sum_j e^{x_j} = m + \log \sum_j e^{x_j - m}`, :math:`m = \max_j x_j`, along
    ``dim`` (the last dimension by default), which the result no longer has.

    Subtracting the maximum keeps every exponent <= 0, so nothing overflows for any finite
    logits. (A maximum of infinity makes it NaN, as in PyTorch's softmax.)

    >>> round(float(logsumexp(torch.tensor([[1e4, 1e4]], dtype=torch.float64))[0]), 4)
    10000.6931
    """
    shift = logits.amax(dim=dim, keepdim=True).detach()
    return shift.squeeze(dim) + torch.log(torch.exp(logits - shift).sum(dim=dim))


def _check_temperature(temperature: object) -> float:
    if not (isinstance(temperature, (int, float)) and np.isfinite(temperature) and temperature > 0):
        raise InputError(f"temperature must be a positive number; got {temperature!r}")
    return float(temperature)


def _logits(logits: object, temperature: float) -> np.ndarray:
    """A row or a table of finite logits over T, for the step-by-step helpers of the page."""
    array = as_float_array(logits, "logits")
    if array.ndim not in (1, 2):
        raise InputError(f"logits must be a row or a table; got shape {array.shape}")
    return array / _check_temperature(temperature)


#: The dtypes PyTorch's softmax computes in.
FLOATING = (torch.float16, torch.bfloat16, torch.float32, torch.float64)


def _implicit_dim(function: str, ndim: int) -> int:
    """PyTorch's choice when ``dim`` is not given: 0 for 0-, 1- and 3-dim input, else 1.

    For 1- and 2-dim input that is the last dimension, the classes of a row or a table. For
    more dimensions PyTorch's old rule rarely is what is meant: it warns, and so does lossviz.
    """
    dim = 0 if ndim in (0, 1, 3) else 1
    if ndim > 2:
        warnings.warn(
            f"{function} of a {ndim}-dimensional input without dim: like PyTorch, lossviz takes "
            f"dim={dim} (PyTorch's old implicit choice, which it has deprecated). Pass dim "
            "explicitly, e.g. dim=-1 for the last dimension.",
            UserWarning,
            stacklevel=5,
        )
    return dim


def _scaled_logits(
    logits: object, temperature: object, dim: object, dtype: object, function: str
) -> tuple[torch.Tensor, int, Workspace]:
    """``logits / T`` on the compute device, and the dimension the softmax runs along."""
    temperature = _check_temperature(temperature)
    if dtype is None:
        if not is_floating(tensor_dtype(logits)):
            raise InputError(
                f"logits is a {dtype_name(tensor_dtype(logits))} tensor, but PyTorch's "
                f"{function} needs floating point: convert it with .float(), or pass "
                "dtype=torch.float64 to convert it first"
            )
    elif dtype not in FLOATING:
        raise InputError(
            f"dtype must be a floating-point torch dtype (such as torch.float64); got {dtype!r}"
        )
    array = as_values(logits, "logits")
    dim = _implicit_dim(function, array.ndim) if dim is None else as_dim(dim, array.ndim)
    ws = Workspace(size=array.size)
    return ws.tensor(array / temperature), dim, ws


def _log_softmax(
    logits: object, temperature: object, dim: object, dtype: object, function: str
) -> np.ndarray:
    x, dim, ws = _scaled_logits(logits, temperature, dim, dtype, function)
    if not x.dim():  # a single number is its own distribution
        return ws.numpy(x - logsumexp(x, 0))
    if x.shape[dim] == 0:
        return ws.numpy(x)
    return ws.numpy(x - logsumexp(x, dim).unsqueeze(dim))


def log_softmax(
    logits: object, temperature: float = 1.0, dim: int | None = None, dtype: object = None
) -> np.ndarray:
    r"""Log-probabilities :math:`\log p_j = x_j / T - \log \sum_k e^{x_k / T}` along ``dim``.

    As ``F.log_softmax(logits / T, dim, dtype=dtype)``: ``dim`` defaults to PyTorch's implicit
    choice (the last dimension of a row or a table); ``dtype`` lets an integer or bool tensor
    in, as in PyTorch (lossviz computes in float64 whatever it is). See :func:`softmax`.

    >>> np.round(log_softmax([1.3, 1.3, 2.6]), 4)
    array([-1.7351, -1.7351, -0.4351])
    """
    return _log_softmax(logits, temperature, dim, dtype, "log_softmax")


def softmax(
    logits: object, temperature: float = 1.0, dim: int | None = None, dtype: object = None
) -> np.ndarray:
    r"""Probabilities :math:`p_j = e^{x_j / T} / \sum_k e^{x_k / T}` along ``dim``.

    Classes compete: the values along ``dim`` sum to 1. Adding a constant to them changes
    nothing; a higher temperature ``T`` flattens the distribution, a lower one sharpens it.

    As ``F.softmax(logits / T, dim, dtype=dtype)``, on any number of dimensions (attention
    scores (B, T, T) with ``dim=-1``). Without ``dim``, PyTorch's implicit choice: the last
    dimension of a row or a table, dim 0 of a 3-dim input (with a warning), dim 1 beyond.
    NaN and infinity spread through their slice, as in PyTorch.

    Raises:
        InputError: ``temperature <= 0``, ``dim`` out of range, an integer or bool tensor
            without a floating ``dtype``.

    >>> np.round(softmax([1.3, 1.3, 2.6]), 4)
    array([0.1764, 0.1764, 0.6472])
    >>> np.round(softmax([[1.3, 1.3, 2.6]], temperature=10.0), 4)
    array([[0.3186, 0.3186, 0.3628]])
    >>> np.round(softmax([[1.0, 2.0], [3.0, 3.0]], dim=0), 4)
    array([[0.1192, 0.2689],
           [0.8808, 0.7311]])
    """
    return np.exp(_log_softmax(logits, temperature, dim, dtype, "softmax"))


def sigmoid(logits: object) -> np.ndarray:
    r"""Element-wise :math:`\sigma(x) = 1 / (1 + e^{-x})`: each value on its own, no competition.

    As ``torch.sigmoid``: any shape, integer and bool tensors too; NaN stays NaN.

    >>> np.round(sigmoid([1.3, 1.3, 2.6]), 4)
    array([0.7858, 0.7858, 0.9309])
    """
    ws = Workspace()
    return ws.numpy(torch.sigmoid(ws.tensor(as_values(logits, "logits"))))


@dataclass(frozen=True)
class SoftmaxResult:
    """Softmax step by step for a table of logits, beside sigmoid and PyTorch's own softmax.

    Attributes:
        logits: (N, C) as given.
        temperature: T.
        scaled: (N, C) ``logits / T``.
        shifted_exp: (N, C) ``exp(logits / T - max)``: the stable numerators.
        partition: (N,) the row sums of ``shifted_exp``.
        probs: (N, C) softmax, each row sums to 1.
        sigmoid: (N, C) element-wise sigmoid of ``logits / T``, each value on its own.
        reference: (N, C) ``torch.softmax(logits / T, dim=1)``.
    """

    logits: np.ndarray
    temperature: float
    scaled: np.ndarray
    shifted_exp: np.ndarray
    partition: np.ndarray
    probs: np.ndarray
    sigmoid: np.ndarray
    reference: np.ndarray

    @property
    def difference(self) -> float:
        """The largest |step-by-step softmax - torch.softmax|."""
        return float(np.max(np.abs(self.probs - self.reference)))


def softmax_steps(logits: object, temperature: float = 1.0) -> SoftmaxResult:
    r"""Softmax of an (N, C) table with its steps: :math:`e^{x_j/T - m} / \sum_k e^{x_k/T - m}`.

    >>> r = softmax_steps([[1.3, 1.3, 2.6]])
    >>> np.round(r.shifted_exp, 4).tolist(), round(float(r.partition[0]), 4), r.difference < 1e-15
    ([[0.2725, 0.2725, 1.0]], 1.5451, True)
    """
    scaled_np = _logits(logits, temperature)
    if scaled_np.ndim == 1:
        scaled_np = scaled_np[None, :]
    ws = Workspace()
    scaled = ws.tensor(scaled_np)
    shifted_exp = torch.exp(scaled - scaled.max(dim=1, keepdim=True).values)
    partition = shifted_exp.sum(dim=1)
    return SoftmaxResult(
        logits=scaled_np * float(temperature),
        temperature=float(temperature),
        scaled=scaled_np,
        shifted_exp=ws.numpy(shifted_exp),
        partition=ws.numpy(partition),
        probs=ws.numpy(shifted_exp / partition.unsqueeze(1)),
        sigmoid=ws.numpy(torch.sigmoid(scaled)),
        reference=ws.numpy(torch.softmax(scaled, dim=1)),
    )


def temperature_sweep(row: object, temperatures: object) -> np.ndarray:
    r"""Softmax of one row of logits at each temperature: shape (len(temperatures), C).

    >>> np.round(temperature_sweep([1.3, 1.3, 2.6], [1.0, 1e6])[:, 2], 4).tolist()
    [0.6472, 0.3333]
    """
    logits = as_float_array(row, "logits")
    temps = as_float_array(temperatures, "temperatures")
    if logits.ndim != 1 or temps.ndim != 1 or (temps <= 0).any():
        raise InputError("temperature_sweep takes one row of logits and positive temperatures")
    ws = Workspace()
    return ws.numpy(torch.softmax(ws.tensor(logits[None, :] / temps[:, None]), dim=1))
