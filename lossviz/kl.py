r"""Kullback-Leibler divergence as PyTorch's ``kl_div`` computes it, and the split CE = H + KL.

For distributions :math:`p` (the target) and :math:`q` (given as :math:`\log q`):

.. math::
    \mathrm{KL}(p \,\|\, q) = \sum_c p_c \log \frac{p_c}{q_c}
    = \underbrace{-\sum_c p_c \log q_c}_{H(p, q)}
      - \underbrace{\Bigl(-\sum_c p_c \log p_c\Bigr)}_{H(p)}

with :math:`0 \log 0 = 0`. Logarithms are natural (nats), as in PyTorch; divide by
:math:`\ln 2` for bits.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.errors import InputError
from lossviz.reduction import reduce
from lossviz.results import KLDecomposition, KLDivResult, Note
from lossviz.validation import (
    REDUCTIONS,
    as_float_array,
    check_reduction,
    check_same_shape,
    position,
)

__all__ = ["kl_decomposition", "kl_div"]

KL_REDUCTIONS = (*REDUCTIONS, "batchmean")

#: How far a row sum may be from 1 and still count as a probability distribution.
ROW_SUM_TOLERANCE = 1e-6


def _distributions(values: object, name: str) -> np.ndarray:
    """One distribution (C,) or a table of N distributions (N, C), as given."""
    array = as_float_array(values, name)
    if array.ndim not in (1, 2):
        raise InputError(
            f"{name} must be one distribution (C,) or a table of N distributions (N, C); "
            f"got shape {array.shape}"
        )
    return array


def _row_name(name: str, row: int, one_d: bool) -> str:
    return name if one_d else f"{name}, row {row + 1}"


def _place(index: tuple[int, ...]) -> str:
    """Where an element sits; in one (C,) distribution, its column."""
    return f"column {index[0] + 1}" if len(index) == 1 else position(index)


def _first_bad_row(row_sums: np.ndarray) -> int | None:
    bad = np.abs(row_sums - 1.0) > ROW_SUM_TOLERANCE
    return int(np.argmax(bad)) if bad.any() else None


def _check_non_negative(array: np.ndarray, name: str, hint: str = "") -> None:
    negative = array < 0
    if negative.any():
        where = tuple(int(i) for i in np.argwhere(negative)[0])
        raise InputError(
            f"{name}, {_place(where)}: {array[where]:g} is negative; probabilities are >= 0" + hint
        )


def _input_notes(inputs: np.ndarray) -> list[Note]:
    rows = np.atleast_2d(inputs)
    positive = inputs > 0
    row_sums = np.exp(rows).sum(axis=1)
    off = np.abs(row_sums - 1.0) > 1e-4
    if not positive.any() and not off.any():
        return []
    if positive.any():
        where = tuple(int(i) for i in np.argwhere(positive)[0])
        found = f"input, {_place(where)} is {inputs[where]:g} > 0, but log-probabilities are <= 0"
        params = {"value": float(inputs[where])}
    else:
        row = int(np.argmax(off))
        where = "exp(input)" if inputs.ndim == 1 else f"row {row + 1} of exp(input)"
        found = f"{where} sums to {row_sums[row]:.4g}, not 1"
        params = {"row": row + 1, "sum": float(row_sums[row])}
    return [
        Note(
            "kl_input_not_log_probs",
            f"The input is not log-probabilities ({found}). Did you pass probabilities? kl_div "
            "takes log q first and p second: kl_div(q.log(), p), or log_softmax of logits.",
            params,
        )
    ]


def _target_notes(p: np.ndarray) -> list[Note]:
    row_sums = np.atleast_2d(p).sum(axis=1)
    row = _first_bad_row(row_sums)
    if row is None:
        return []
    where = "The target" if p.ndim == 1 else f"Target row {row + 1}"
    return [
        Note(
            "kl_target_not_normalized",
            f"{where} sums to {row_sums[row]:.4g}, not 1: it is not a "
            "probability distribution, so the result is not a KL divergence and can be negative.",
            {"row": row + 1, "sum": float(row_sums[row])},
        )
    ]


def _reduction_notes(
    reduction: str, inputs: np.ndarray, loss: float, per_row: np.ndarray
) -> list[Note]:
    kl = float(per_row.mean())
    if reduction == "mean" and inputs.size != per_row.size:
        advice = (
            "use reduction='sum', or pass the distribution as one row [[...]] with 'batchmean'"
            if inputs.ndim == 1
            else "use reduction='batchmean' (sum / N)"
        )
        return [
            Note(
                "kl_mean_not_batchmean",
                f"'mean' divides the sum by every element ({inputs.size}), giving {loss:.4g}: "
                f"that is not a KL divergence. The KL per sample is {kl:.4g}: {advice}. "
                "PyTorch warns about this too.",
                {"loss": loss, "kl": kl, "numel": int(inputs.size)},
            )
        ]
    if reduction == "batchmean" and inputs.ndim == 1 and inputs.size > 1:
        return [
            Note(
                "kl_batchmean_1d",
                f"A 1-D input counts as a batch of {inputs.size}: 'batchmean' divides by its "
                f"length and gives {loss:.4g}, not the KL {kl:.4g} of the distribution. Pass it as "
                "one row [[...]].",
                {"loss": loss, "kl": kl, "length": int(inputs.size)},
            )
        ]
    return []


def kl_div(
    input: object,
    target: object,
    reduction: str = "mean",
    log_target: bool = False,
) -> KLDivResult:
    r"""The KL divergence of ``target`` from ``exp(input)``, as ``F.kl_div``.

    Mind the order: ``kl_div(input, target)`` with ``input`` :math:`= \log q` and ``target``
    :math:`= p` computes :math:`\mathrm{KL}(p \,\|\, q)` = KL(target || input's distribution),
    the reverse of the order in the maths notation. Pointwise:

    .. math::
        l_{ic} = p_{ic} (\log p_{ic} - x_{ic}) \quad (0 \log 0 = 0), \qquad
        l_{ic} = e^{t_{ic}} (t_{ic} - x_{ic}) \ \text{with log\_target}

    'sum' adds every :math:`l_{ic}`; 'batchmean' divides the sum by ``input.size(0)`` (N: the
    KL per sample); 'mean' divides by every element (N C), which is not a KL divergence (PyTorch
    warns; lossviz adds a note instead). A 1-D input of length C counts as a batch of C, so
    there 'batchmean' divides by C. The gradient is
    :math:`\partial L / \partial x_{ic} = -p_{ic} / d`, d the denominator.

    Args:
        input: log-probabilities :math:`\log q`, shape (N, C), or (C,) for one distribution.
        target: probabilities :math:`p` (or :math:`\log p` with ``log_target``), same shape.
        reduction: ``"none"``, ``"mean"``, ``"sum"`` or ``"batchmean"``.
        log_target: True when ``target`` holds log-probabilities.

    Raises:
        InputError: bad shapes, NaN or infinite values, a negative probability in ``target``,
            or an unknown reduction.

    >>> r = kl_div(np.log([[0.1, 0.4, 0.5]]), [[0.2, 0.3, 0.5]], reduction="batchmean")
    >>> round(r.loss, 4), r.grad.tolist(), r.agrees
    (0.0523, [[-0.2, -0.3, -0.5]], True)
    >>> r = kl_div(np.log([[0.1, 0.4, 0.5]]), [[0.2, 0.3, 0.5]])
    >>> round(r.loss, 4), [note.code for note in r.notes]
    (0.0174, ['kl_mean_not_batchmean'])
    """
    check_reduction(reduction, KL_REDUCTIONS)
    if not isinstance(log_target, (bool, np.bool_)):
        raise InputError(f"log_target must be True or False; got {log_target!r}")
    inputs = _distributions(input, "input")
    targets = as_float_array(target, "target")
    check_same_shape(targets, inputs, "target", "input")
    if not log_target:
        _check_non_negative(
            targets,
            "target",
            " (PyTorch gives NaN); if the target holds log-probabilities, pass log_target=True",
        )

    ws = Workspace()
    x = ws.tensor(inputs)
    t = ws.tensor(targets)
    if log_target:
        p = torch.exp(t)
        pointwise = p * (t - x)
    else:
        p = t
        pointwise = torch.xlogy(p, p) - p * x
    per_row = pointwise.reshape(-1, pointwise.shape[-1]).sum(dim=1)
    if reduction == "mean":
        denominator = ws.tensor(float(inputs.size))
    elif reduction == "batchmean":
        denominator = ws.tensor(float(inputs.shape[0]))
    else:
        denominator = ws.tensor(1.0)
    loss = reduce(pointwise.sum(), denominator, reduction)
    analytic = -p / denominator
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="reduction: 'mean' divides", category=UserWarning)
        reference, grad = fused_loss_and_grad(
            F.kl_div, x, t, reduction=reduction, log_target=log_target
        )

    loss_value = ws.scalar(loss)
    p_np = ws.numpy(p)
    per_row_np = ws.numpy(per_row)
    notes = [
        *_input_notes(inputs),
        *_target_notes(p_np),
        *_reduction_notes(reduction, inputs, loss_value, per_row_np),
    ]
    return KLDivResult(
        name="kl_div",
        reduction=reduction,
        loss=loss_value,
        per_sample=ws.numpy(pointwise),
        denominator=ws.scalar(denominator),
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=tuple(notes),
        per_row=per_row_np,
        log_q=inputs,
        p=p_np,
        q=ws.numpy(torch.exp(x)),
        log_target=bool(log_target),
    )


def _probability_rows(array: np.ndarray, name: str) -> np.ndarray:
    """(N, C) rows that are probability distributions; a (C,) vector becomes one row."""
    _check_non_negative(array, name)
    rows = np.atleast_2d(array)
    row_sums = rows.sum(axis=1)
    row = _first_bad_row(row_sums)
    if row is not None:
        raise InputError(
            f"{_row_name(name, row, array.ndim == 1)} sums to {row_sums[row]:.10g}; "
            "a probability distribution sums to 1"
        )
    return rows


def kl_decomposition(p: object, q: object) -> KLDecomposition:
    r"""Entropy, cross-entropy and KL divergence of each row: :math:`H(p, q) = H(p) + \mathrm{KL}`.

    .. math::
        H(p) = -\sum_c p_c \log p_c, \quad
        H(p, q) = -\sum_c p_c \log q_c, \quad
        \mathrm{KL}(p \,\|\, q) = \sum_c p_c (\log p_c - \log q_c)

    with :math:`0 \log 0 = 0`, in nats (``in_bits()`` converts). Where :math:`q_c = 0` but
    :math:`p_c > 0`, the cross-entropy and the KL are :math:`+\infty`: q says impossible what
    p says happens. That is a legitimate answer, not an error.

    Args:
        p: the true distribution, (N, C) rows or one (C,) distribution.
        q: the model's distribution, same shape.

    Returns:
        A ``KLDecomposition`` with arrays of shape (N,); shape (1,) for a (C,) input.

    Raises:
        InputError: bad shapes, NaN or infinite values, a negative probability, or a row that
            does not sum to 1 (within 1e-6): normalise it yourself, nothing is rescaled here.

    >>> d = kl_decomposition([0.2, 0.3, 0.5], [0.1, 0.4, 0.5])
    >>> [round(float(v[0]), 4) for v in (d.entropy, d.cross_entropy, d.kl)]
    [1.0297, 1.082, 0.0523]
    >>> b = d.in_bits()
    >>> [round(float(v[0]), 4) for v in (b.entropy, b.cross_entropy, b.kl)], b.unit
    ([1.4855, 1.561, 0.0755], 'bits')
    """
    p_array = _distributions(p, "p")
    q_array = _distributions(q, "q")
    check_same_shape(q_array, p_array, "q", "p")
    p_rows = _probability_rows(p_array, "p")
    q_rows = _probability_rows(q_array, "q")

    ws = Workspace()
    p_t = ws.tensor(p_rows)
    q_t = ws.tensor(q_rows)
    p_log_p = torch.xlogy(p_t, p_t)
    p_log_q = torch.xlogy(p_t, q_t)
    entropy = -p_log_p.sum(dim=1) + 0.0
    cross_entropy = -p_log_q.sum(dim=1) + 0.0
    kl = (p_log_p - p_log_q).sum(dim=1)
    return KLDecomposition(ws.numpy(entropy), ws.numpy(cross_entropy), ws.numpy(kl))
