"""Softmax, log-softmax and sigmoid: from logits to probabilities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from lossviz._torch import Workspace
from lossviz.errors import InputError
from lossviz.validation import as_float_array

__all__ = ["log_softmax", "logsumexp", "sigmoid", "softmax"]


def logsumexp(logits: torch.Tensor) -> torch.Tensor:
    r"""Row-wise :math:`\log \sum_j e^{x_j} = m + \log \sum_j e^{x_j - m}`, :math:`m = \max_j x_j`.

    Subtracting the row maximum keeps every exponent <= 0, so nothing overflows for any finite
    logits.

    >>> round(float(logsumexp(torch.tensor([[1e4, 1e4]], dtype=torch.float64))[0]), 4)
    10000.6931
    """
    shift = logits.max(dim=-1, keepdim=True).values.detach()
    return shift.squeeze(-1) + torch.log(torch.exp(logits - shift).sum(dim=-1))


def _logits(logits: object, temperature: float) -> np.ndarray:
    array = as_float_array(logits, "logits")
    if array.ndim not in (1, 2):
        raise InputError(f"logits must be a row or a table; got shape {array.shape}")
    if not (isinstance(temperature, (int, float)) and np.isfinite(temperature) and temperature > 0):
        raise InputError(f"temperature must be a positive number; got {temperature!r}")
    return array / float(temperature)


def log_softmax(logits: object, temperature: float = 1.0) -> np.ndarray:
    r"""Log-probabilities :math:`\log p_j = x_j / T - \log \sum_k e^{x_k / T}` over the last axis.

    >>> np.round(log_softmax([1.3, 1.3, 2.6]), 4)
    array([-1.7351, -1.7351, -0.4351])
    """
    ws = Workspace()
    x = ws.tensor(_logits(logits, temperature))
    return ws.numpy(x - logsumexp(x).unsqueeze(-1))


def softmax(logits: object, temperature: float = 1.0) -> np.ndarray:
    r"""Probabilities :math:`p_j = e^{x_j / T} / \sum_k e^{x_k / T}` over the last axis.

    Classes compete: each row sums to 1. Adding a constant to a row changes nothing; a higher
    temperature ``T`` flattens the distribution, a lower one sharpens it.

    Raises:
        InputError: non-finite logits, or ``temperature <= 0``.

    >>> np.round(softmax([1.3, 1.3, 2.6]), 4)
    array([0.1764, 0.1764, 0.6472])
    >>> np.round(softmax([[1.3, 1.3, 2.6]], temperature=10.0), 4)
    array([[0.3186, 0.3186, 0.3628]])
    """
    return np.exp(log_softmax(logits, temperature))


def sigmoid(logits: object) -> np.ndarray:
    r"""Element-wise :math:`\sigma(x) = 1 / (1 + e^{-x})`: each value on its own, no competition.

    >>> np.round(sigmoid([1.3, 1.3, 2.6]), 4)
    array([0.7858, 0.7858, 0.9309])
    """
    ws = Workspace()
    return ws.numpy(torch.sigmoid(ws.tensor(as_float_array(logits, "logits"))))


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
