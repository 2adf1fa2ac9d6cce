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

import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.arguments import (
    as_flag,
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
from lossviz.results import KLDecomposition, KLDivResult, Note
from lossviz.validation import (
    REDUCTIONS,
    as_float_array,
    check_same_shape,
    position,
)

__all__ = [
    "UNITS",
    "EntropyTerms",
    "KLDivCalls",
    "entropy_terms",
    "information_content",
    "kl_decomposition",
    "kl_div",
    "kl_div_calls",
    "smoothed_label_entropy",
]

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


def _log_distributions(values: object, name: str) -> np.ndarray:
    """Log-probabilities (C,) or (N, C), as given: -inf allowed (a probability that underflowed
    to 0, as ``log_softmax`` gives for logits about 1e308 apart), NaN and +inf refused."""
    array = as_values(values, name)
    bad = np.isnan(array) | (array == np.inf)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(f"{name}, {position(where)}: {array[where]} is not a log-probability")
    _distributions(np.where(np.isneginf(array), 0.0, array), name)  # its shape and size
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


def _rows(values: np.ndarray) -> np.ndarray:
    """The distributions along the last dimension, one per row (a 0-dim value as one row)."""
    return values.reshape(-1, values.shape[-1]) if values.ndim else values.reshape(1, 1)


def _row_place(values: np.ndarray, row: int) -> str:
    """Where row ``row`` of ``_rows(values)`` sits, in words."""
    if values.ndim <= 1:
        return ""
    if values.ndim == 2:
        return f"row {row + 1}"
    index = np.unravel_index(row, values.shape[:-1])
    return "the distribution at (" + ", ".join(str(int(i) + 1) for i in index) + ", :)"


def _input_notes(inputs: np.ndarray) -> list[Note]:
    if not inputs.size:
        return []
    positive = inputs > 0
    row_sums = np.exp(_rows(inputs)).sum(axis=1)
    off = np.abs(row_sums - 1.0) > 1e-4
    if not positive.any() and not off.any():
        return []
    if positive.any():
        where = tuple(int(i) for i in np.argwhere(positive)[0])
        place = f", {_place(where)}" if where else ""
        found = f"input{place} is {inputs[where]:g} > 0, but log-probabilities are <= 0"
        params = {"value": float(inputs[where])}
    else:
        row = int(np.argmax(off))
        where = _row_place(inputs, row)
        where = f"{where} of exp(input)" if where else "exp(input)"
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
    if not p.size:
        return []
    negative = p < 0
    if negative.any():
        where = tuple(int(i) for i in np.argwhere(negative)[0])
        place = f", {_place(where)}" if where else ""
        return [
            Note(
                "kl_target_negative",
                f"target{place} is {p[where]:g}: a probability is never negative. PyTorch "
                "computes p log p of it, which is NaN, and the loss with it. If the target "
                "holds log-probabilities, pass log_target=True.",
                {"value": float(p[where])},
            )
        ]
    row_sums = _rows(p).sum(axis=1)
    row = _first_bad_row(row_sums)
    if row is None:
        return []
    where = _row_place(p, row)
    where = f"Target {where}" if where else "The target"
    return [
        Note(
            "kl_target_not_normalized",
            f"{where} sums to {row_sums[row]:.4g}, not 1: it is not a "
            "probability distribution, so the result is not a KL divergence and can be negative.",
            {"row": row + 1, "sum": float(row_sums[row])},
        )
    ]


def _reduction_notes(
    reduction: str, inputs: np.ndarray, numel: int, loss: float, per_row: np.ndarray
) -> list[Note]:
    kl = float(per_row.mean()) if per_row.size else math.nan
    if reduction == "mean" and numel != per_row.size:
        advice = (
            "use reduction='sum', or pass the distribution as one row [[...]] with 'batchmean'"
            if inputs.ndim == 1
            else "use reduction='batchmean' (sum / N)"
        )
        return [
            Note(
                "kl_mean_not_batchmean",
                f"'mean' divides the sum by every element ({numel}), giving {loss:.4g}: "
                f"that is not a KL divergence. The KL per sample is {kl:.4g}: {advice}. "
                "PyTorch warns about this too.",
                {"loss": loss, "kl": kl, "numel": numel},
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


def _broadcast_notes(input_shape: tuple, target_shape: tuple, shape: tuple) -> list[Note]:
    if input_shape == target_shape:
        return []
    return [
        Note(
            "kl_broadcast",
            f"input has shape {input_shape} and target {target_shape}: PyTorch broadcasts them "
            f"to {shape} without a warning, and 'batchmean' still divides by the input's first "
            "dimension. Give both the same shape.",
            {"input_shape": str(input_shape), "target_shape": str(target_shape)},
        )
    ]


def _kl_denominator(reduction: str, input_shape: tuple, numel: int) -> float:
    """What PyTorch divides the sum by: every element for 'mean', ``input.size(0)`` for
    'batchmean' (nothing for a 0-dim input), 1 otherwise."""
    if reduction == "mean":
        return float(numel)
    if reduction == "batchmean" and input_shape:
        return float(input_shape[0])
    return 1.0


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
    there 'batchmean' divides by C; a 0-dim input is not divided at all. The gradient is
    :math:`\partial L / \partial x_{ic} = -p_{ic} / d`, d the denominator.

    Element-wise on any shape, as PyTorch: ``input`` and ``target`` broadcast against each
    other (silently, in PyTorch; a note here), ``per_sample`` has the broadcast shape and
    ``grad`` the input's. ``per_row`` sums ``per_sample`` over every dimension but the first:
    each sample's KL when the distributions lie along the other dimensions. A negative
    probability in the target gives NaN, as in PyTorch (a note says why).

    Args:
        input: log-probabilities :math:`\log q`: (N, C), (C,) for one distribution, or any shape.
        target: probabilities :math:`p` (or :math:`\log p` with ``log_target``), a shape that
            broadcasts with the input's.
        reduction: ``"none"``, ``"mean"``, ``"sum"`` or ``"batchmean"``.
        log_target: True when ``target`` holds log-probabilities (a Python bool, as PyTorch
            requires).

    Raises:
        InputError: where PyTorch raises: shapes that do not broadcast, an integer or bool
            tensor, ``log_target`` that is not a bool, an unknown reduction.

    >>> r = kl_div(np.log([[0.1, 0.4, 0.5]]), [[0.2, 0.3, 0.5]], reduction="batchmean")
    >>> round(r.loss, 4), r.grad.tolist(), r.agrees
    (0.0523, [[-0.2, -0.3, -0.5]], True)
    >>> r = kl_div(np.log([[0.1, 0.4, 0.5]]), [[0.2, 0.3, 0.5]])
    >>> round(r.loss, 4), [note.code for note in r.notes]
    (0.0174, ['kl_mean_not_batchmean'])
    """
    reduction, notes = reduction_rule(reduction, KL_REDUCTIONS)
    log_target = as_flag(log_target, "log_target")
    for name, values in (("input", input), ("target", target)):
        if not is_floating(tensor_dtype(values)):
            raise InputError(
                f"{name} is a {dtype_name(tensor_dtype(values))} tensor; kl_div takes no integer "
                "or bool tensors (PyTorch: 'Integral inputs not supported'): convert it with "
                ".float() or .double()"
            )
    inputs = as_values(input, "input")
    targets = as_values(target, "target")
    shape = broadcast_shape(targets.shape, inputs.shape, "target", "input")

    ws = Workspace(size=max(inputs.size, targets.size))
    x = ws.tensor(inputs)
    t = ws.tensor(targets)
    if log_target:
        p = torch.exp(t)
        pointwise = p * (t - x)
    else:
        p = t
        pointwise = torch.xlogy(p, p) - p * x
    numel = math.prod(shape)
    if pointwise.dim() <= 1:
        per_row = pointwise.sum().reshape(1)
    else:
        per_row = pointwise.sum(dim=tuple(range(1, pointwise.dim())))
    denominator = ws.tensor(_kl_denominator(reduction, inputs.shape, numel))
    loss = reduce(pointwise.sum(), denominator, reduction)
    analytic = (-p / denominator).expand(shape).sum_to_size(inputs.shape)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="reduction: 'mean' divides", category=UserWarning)
        reference, grad = fused_loss_and_grad(
            F.kl_div, x, t, reduction=reduction, log_target=log_target
        )

    loss_value = ws.scalar(loss)
    p_np = ws.numpy(p)
    per_row_np = ws.numpy(per_row)
    notes = [
        *notes,
        *_input_notes(inputs),
        *_target_notes(p_np),
        *non_finite_note(inputs, "input"),
        *non_finite_note(targets, "target"),
        *_broadcast_notes(inputs.shape, targets.shape, shape),
        *_reduction_notes(reduction, inputs, numel, loss_value, per_row_np),
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
        log_target=log_target,
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


def _distribution_pair(p: object, q: object) -> tuple[np.ndarray, np.ndarray]:
    """``p`` and ``q`` as given, checked: one shape, (C,) or (N, C), rows that are distributions."""
    p_array = _distributions(p, "p")
    q_array = _distributions(q, "q")
    check_same_shape(q_array, p_array, "q", "p")
    _probability_rows(p_array, "p")
    _probability_rows(q_array, "q")
    return p_array, q_array


def _p_log_terms(p: np.ndarray, q: np.ndarray):
    r"""``(ws, p, q, p log p, p log q)`` on the compute device, with :math:`0 \log 0 = 0`."""
    ws = Workspace()
    p_t = ws.tensor(p)
    q_t = ws.tensor(q)
    return ws, p_t, q_t, torch.xlogy(p_t, p_t), torch.xlogy(p_t, q_t)


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
    p_array, q_array = _distribution_pair(p, q)
    rows = np.atleast_2d(p_array), np.atleast_2d(q_array)
    ws, _, _, p_log_p, p_log_q = _p_log_terms(*rows)
    entropy = -p_log_p.sum(dim=1) + 0.0
    cross_entropy = -p_log_q.sum(dim=1) + 0.0
    kl = (p_log_p - p_log_q).sum(dim=1)
    return KLDecomposition(ws.numpy(entropy), ws.numpy(cross_entropy), ws.numpy(kl))


#: The units of information: natural logarithms (PyTorch's) or base-2 logarithms.
UNITS = ("nats", "bits")


def _unit_scale(unit: str) -> float:
    """What a value in nats is multiplied by to be in ``unit`` (1 / ln 2 for bits)."""
    if unit not in UNITS:
        raise InputError(f"unit must be one of {', '.join(UNITS)}; got {unit!r}")
    return 1.0 if unit == "nats" else 1.0 / math.log(2.0)


def information_content(probs: object, unit: str = "nats") -> np.ndarray:
    r"""The information content (surprise) of each outcome: :math:`I = -\log p`.

    A sure outcome (p = 1) tells nothing (0), a rare one a lot, an impossible one (p = 0)
    :math:`+\infty`. In nats (natural logarithm, as PyTorch) or bits (:math:`-\log_2 p`, the
    nats divided by :math:`\ln 2`).

    Raises:
        InputError: NaN or infinite values, or a probability outside [0, 1].

    >>> information_content([1.0, 0.5, 0.25, 0.0], unit="bits").tolist()
    [0.0, 1.0, 2.0, inf]
    >>> round(float(information_content([0.6472])[0]), 4)
    0.4351
    """
    scale = _unit_scale(unit)
    array = as_float_array(probs, "probabilities")
    _check_non_negative(array, "probabilities")
    if (array > 1).any():
        where = tuple(int(i) for i in np.argwhere(array > 1)[0])
        raise InputError(f"probabilities, {_place(where)}: {array[where]:g} is more than 1")
    ws = Workspace()
    return ws.numpy(-torch.log(ws.tensor(array)) * scale + 0.0)


@dataclass(frozen=True)
class EntropyTerms:
    r"""Each class's share of :math:`H(p)`, :math:`H(p, q)` and :math:`\mathrm{KL}(p \| q)`.

    Every array has the shape of ``p``; summed over the last axis they give the
    ``KLDecomposition`` of the same rows.

    Attributes:
        p: the true (target) distribution.
        q: the model's distribution.
        surprise_p: :math:`-\log p_c` (:math:`+\infty` where :math:`p_c = 0`).
        surprise_q: :math:`-\log q_c` (:math:`+\infty` where :math:`q_c = 0`).
        entropy: :math:`-p_c \log p_c` (0 where :math:`p_c = 0`): the terms of :math:`H(p)`.
        cross_entropy: :math:`-p_c \log q_c` (0 where :math:`p_c = 0`): the terms of
            :math:`H(p, q)`.
        kl: :math:`p_c (\log p_c - \log q_c)`: the terms of the KL; one may be negative, their
            sum never is.
        unit: ``"nats"`` or ``"bits"``.
    """

    p: np.ndarray
    q: np.ndarray
    surprise_p: np.ndarray
    surprise_q: np.ndarray
    entropy: np.ndarray
    cross_entropy: np.ndarray
    kl: np.ndarray
    unit: str = "nats"


def entropy_terms(p: object, q: object, unit: str = "nats") -> EntropyTerms:
    r"""The per-class terms of entropy, cross-entropy and KL: surprise weighted by :math:`p`.

    .. math::
        H(p) = \sum_c p_c \underbrace{(-\log p_c)}_{\text{surprise under } p}, \quad
        H(p, q) = \sum_c p_c \underbrace{(-\log q_c)}_{\text{surprise under } q}, \quad
        \mathrm{KL}(p \,\|\, q) = \sum_c p_c (\log p_c - \log q_c)

    with :math:`0 \log 0 = 0`: a class the target rules out adds nothing, however surprising.

    Args:
        p: the true distribution, (C,) or (N, C) rows.
        q: the model's distribution, same shape.
        unit: ``"nats"`` or ``"bits"``.

    Raises:
        InputError: as ``kl_decomposition``, or an unknown unit.

    >>> terms = entropy_terms([0.2, 0.3, 0.5], [0.1, 0.4, 0.5])
    >>> np.round(terms.kl, 4).tolist(), round(float(terms.kl.sum()), 4)
    ([0.1386, -0.0863, 0.0], 0.0523)
    >>> entropy_terms([0.0, 1.0], [0.5, 0.5]).surprise_p.tolist()
    [inf, 0.0]
    """
    scale = _unit_scale(unit)
    p_array, q_array = _distribution_pair(p, q)
    ws, p_t, q_t, p_log_p, p_log_q = _p_log_terms(p_array, q_array)
    return EntropyTerms(
        p=p_array,
        q=q_array,
        surprise_p=ws.numpy(-torch.log(p_t) * scale + 0.0),
        surprise_q=ws.numpy(-torch.log(q_t) * scale + 0.0),
        entropy=ws.numpy(-p_log_p * scale + 0.0),
        cross_entropy=ws.numpy(-p_log_q * scale + 0.0),
        kl=ws.numpy((p_log_p - p_log_q) * scale),
        unit=unit,
    )


def smoothed_label_entropy(num_classes: int, smoothing: object, unit: str = "nats") -> np.ndarray:
    r"""The entropy of a label-smoothed one-hot target: the floor of a label-smoothed loss.

    With smoothing :math:`\varepsilon` over :math:`C` classes the target is
    :math:`p = (1 - \varepsilon)\,\mathrm{onehot} + \varepsilon / C`, and

    .. math::
        H(p) = -a \log a - (C - 1)\, b \log b, \quad
        a = 1 - \varepsilon + \varepsilon / C, \ b = \varepsilon / C

    Since :math:`H(p, q) = H(p) + \mathrm{KL}(p \| q) \ge H(p)`, no model gets the
    cross-entropy below this; it is reached only when :math:`q = p`.

    Args:
        num_classes: C, at least 2.
        smoothing: :math:`\varepsilon` in [0, 1], one value or an array of them.
        unit: ``"nats"`` or ``"bits"``.

    Raises:
        InputError: fewer than 2 classes, a smoothing outside [0, 1], or an unknown unit.

    >>> np.round(smoothed_label_entropy(3, [0.0, 0.1, 1.0]), 4).tolist()
    [0.0, 0.2911, 1.0986]
    """
    scale = _unit_scale(unit)
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)):
        raise InputError(f"the number of classes must be a whole number; got {num_classes!r}")
    if num_classes < 2:
        raise InputError(f"at least 2 classes are needed; got {num_classes}")
    eps = as_float_array(smoothing, "smoothing")
    if ((eps < 0) | (eps > 1)).any():
        raise InputError("smoothing must be between 0 and 1")
    ws = Workspace()
    e = ws.tensor(eps)
    big = 1.0 - e + e / num_classes
    small = e / num_classes
    entropy = -torch.xlogy(big, big) - (num_classes - 1) * torch.xlogy(small, small)
    return ws.numpy(entropy * scale + 0.0)


@dataclass(frozen=True)
class KLDivCalls:
    r"""The right ``F.kl_div`` call for a batch, three common mistakes, and what each should be.

    All values are in nats, as PyTorch gives them.

    Attributes:
        kl: the mean :math:`\mathrm{KL}(p \| q)` over the rows, from ``kl_decomposition``:
            what the right call must give.
        reverse_kl: the mean :math:`\mathrm{KL}(q \| p)`: what the swapped call computes.
        right: ``kl_div(log q, p, reduction="batchmean")``.
        swapped: ``kl_div(log p, q, reduction="batchmean")``, the arguments in the order of the
            maths notation; None when :math:`p` has a zero, since then :math:`\log p` holds
            :math:`-\infty`.
        swapped_loss: what PyTorch returns for the swapped call (:math:`+\infty` when
            :math:`p` has a zero where :math:`q` does not; NaN where both are 0).
        probabilities: ``kl_div(q, p, reduction="batchmean")``: probabilities where
            log-probabilities belong.
        mean: ``kl_div(log q, p, reduction="mean")``: the sum divided by N C, not by N.
    """

    kl: float
    reverse_kl: float
    right: KLDivResult
    swapped: KLDivResult | None
    swapped_loss: float
    probabilities: KLDivResult
    mean: KLDivResult


def kl_div_calls(p: object, log_q: object) -> KLDivCalls:
    r"""How to call ``F.kl_div`` for :math:`\mathrm{KL}(p \| q)` per sample, and three mistakes.

    Right: ``F.kl_div(log_q, p, reduction="batchmean")`` (log-probabilities first, the
    target second, the sum divided by N). The mistakes: (a) the arguments in maths order,
    ``F.kl_div(log_p, q)``, which computes :math:`\mathrm{KL}(q \| p)`; (b) probabilities
    ``q`` as the input; (c) ``reduction="mean"``, which divides by every element.

    Args:
        p: (N, C) target distributions.
        log_q: (N, C) the model's log-probabilities, e.g. ``log_softmax`` of the logits.

    Raises:
        InputError: bad shapes, non-finite log-probabilities, or rows of ``p`` or
            ``exp(log_q)`` that are not distributions.

    >>> calls = kl_div_calls([[0.2, 0.3, 0.5]], np.log([[0.1, 0.4, 0.5]]))
    >>> round(calls.right.loss, 4), round(calls.kl, 4), round(calls.mean.loss, 4)
    (0.0523, 0.0523, 0.0174)
    >>> round(calls.swapped_loss, 4), round(calls.reverse_kl, 4)
    (0.0458, 0.0458)
    >>> calls = kl_div_calls([[0.0, 0.0, 1.0]], np.log([[0.1, 0.4, 0.5]]))
    >>> calls.swapped is None, calls.swapped_loss
    (True, inf)
    """
    p_array = _distributions(p, "p")
    log_q_array = _log_distributions(log_q, "log_q")
    check_same_shape(log_q_array, p_array, "log_q", "p")
    if p_array.ndim != 2:
        raise InputError(f"p must be a table of N distributions (N, C); got shape {p_array.shape}")
    ws = Workspace()
    p_t = ws.tensor(p_array)
    q = ws.numpy(torch.exp(ws.tensor(log_q_array)))
    forward = kl_decomposition(p_array, q)
    backward = kl_decomposition(q, p_array)
    log_p_t = torch.log(p_t)
    log_p = ws.numpy(log_p_t)
    swapped = kl_div(log_p, q, reduction="batchmean") if np.isfinite(log_p).all() else None
    swapped_loss = (
        swapped.loss
        if swapped is not None
        else ws.scalar(F.kl_div(log_p_t, ws.tensor(q), reduction="batchmean"))
    )
    return KLDivCalls(
        kl=float(forward.kl.mean()),
        reverse_kl=float(backward.kl.mean()),
        right=kl_div(log_q_array, p_array, reduction="batchmean"),
        swapped=swapped,
        swapped_loss=swapped_loss,
        probabilities=kl_div(q, p_array, reduction="batchmean"),
        mean=kl_div(log_q_array, p_array, reduction="mean"),
    )
