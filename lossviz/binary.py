r"""Binary cross-entropy, on probabilities and on logits, step by step as PyTorch computes it.

Each element is its own yes/no question: a probability :math:`x` (or a logit, squashed by the
sigmoid) against a target :math:`y \in [0, 1]`:

.. math::
    l = -w \left( y \log x + (1 - y) \log (1 - x) \right),
    \qquad \text{mean} = \frac{\sum l}{\text{number of elements}}

``binary_cross_entropy`` clamps each log at -100, so a probability of exactly 0 or 1 costs at
most 100 instead of infinity. ``binary_cross_entropy_with_logits`` never forms :math:`x` at
all: it works on the logit with a stable ``log_sigmoid`` and adds ``pos_weight`` for the
positive term.

Arguments follow PyTorch's rules (``lossviz.arguments``): a negative ``weight`` or
``pos_weight`` computes what PyTorch computes, with a note, since it turns a mistake into a
reward; NaN and infinity in the logits, the targets or the weights of the logits version
propagate as in PyTorch; ``binary_cross_entropy`` refuses what PyTorch refuses, a probability
or a target outside [0, 1] (NaN included), and tensors of different dtypes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.arguments import (
    as_values,
    check_floating,
    dtype_name,
    is_floating,
    reduction_rule,
    tensor_dtype,
)
from lossviz.errors import InputError
from lossviz.notes import negative_weight_note, non_finite_note
from lossviz.reduction import reduce
from lossviz.results import BinaryResult, Note
from lossviz.validation import (
    as_float_array,
    as_unit_interval,
    check_same_shape,
    position,
)

__all__ = [
    "LogitSweep",
    "bce_curve",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "logit_sweep",
    "probability_grid",
    "probs_vs_logits_gap",
]

#: PyTorch's floor for log x and log(1 - x) in ``binary_cross_entropy``.
LOG_CLAMP = -100.0
#: PyTorch's floor for x (1 - x) in the gradient of ``binary_cross_entropy``: 1e-12 stored as a
#: float32 constant, so 9.99999996e-13 even in float64 (the gradient at x = 0, y = 1 is
#: -1.000000004e12, not -1e12).
GRAD_EPSILON = float(np.float32(1e-12))


def _element_weight(values: object | None, shape: tuple[int, ...], name: str) -> np.ndarray | None:
    """A weight that broadcasts to ``shape`` without enlarging it (as given, not expanded).

    Any real values, as in PyTorch: negative ones get a note, NaN propagates.
    """
    if values is None:
        return None
    array = as_values(values, name)
    try:
        fits = np.broadcast_shapes(array.shape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        if name == "pos_weight":
            hint = (
                "pos_weight applies along the last dimension (the classes), so give one value "
                f"per class, shape ({shape[-1] if shape else 1},), or a single number (any shape "
                "that broadcasts to the target's works too)"
            )
        else:
            hint = (
                f"{name} is applied element by element, so give it the target's shape, a shape "
                "that broadcasts to it"
                + (f" (such as ({shape[-1]},) for one value per column)" if len(shape) > 1 else "")
                + ", or a single number"
            )
        raise InputError(
            f"{name} has shape {array.shape}, which does not fit the target's shape {shape}: {hint}"
        )
    return array


def _in_unit_interval(array: np.ndarray, name: str) -> np.ndarray:
    """``array`` if every value lies in [0, 1], as ``F.binary_cross_entropy`` requires."""
    outside = ~((array >= 0) & (array <= 1))
    if outside.any():
        where = tuple(int(i) for i in np.argwhere(outside)[0])
        place = f"{name}, {position(where)}" if where else name
        value = array[where]
        if np.isnan(value):
            raise InputError(
                f"{place}: the value is NaN; binary_cross_entropy needs every value in [0, 1] "
                "(PyTorch raises too)"
            )
        raise InputError(f"{place}: {value:g} is outside [0, 1]")
    return array


def _same_float_dtypes(function: str, **arguments: object) -> None:
    """``binary_cross_entropy``'s rule: its tensors are floating point, all of one dtype."""
    dtypes = {name: tensor_dtype(value) for name, value in arguments.items()}
    for name, dtype in dtypes.items():
        if not is_floating(dtype):
            raise InputError(
                f"{name} is a {dtype_name(dtype)} tensor, but {function} needs floating point: "
                "convert it with .float() or .double()"
            )
    given = {name: dtype for name, dtype in dtypes.items() if dtype is not None}
    if len(set(given.values())) > 1:
        (a, a_dtype), (b, b_dtype) = list(given.items())[:2]
        raise InputError(
            f"{a} is {dtype_name(a_dtype)} but {b} is {dtype_name(b_dtype)}: {function} needs "
            f"both in one dtype; convert with {b}.to({a}.dtype)"
        )


def _weight_notes(weight: np.ndarray | None, pos_weight: np.ndarray | None) -> list[Note]:
    notes: list[Note] = []
    for values, name in ((weight, "weight"), (pos_weight, "pos_weight")):
        notes.extend(negative_weight_note(values, name))
        notes.extend(non_finite_note(values, name))
    return notes


def _expanded(ws: Workspace, values: np.ndarray | None, shape: tuple[int, ...]) -> torch.Tensor:
    """``values`` broadcast to ``shape`` on the device, ones when there are none."""
    return ws.tensor(np.ones(shape) if values is None else np.broadcast_to(values, shape).copy())


def _log_sigmoid(x: torch.Tensor) -> torch.Tensor:
    r"""Stable :math:`\log \sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})`: no overflow for any x."""
    return torch.clamp_max(x, 0.0) - torch.log1p(torch.exp(-x.abs()))


def _with_logits_steps(
    x: torch.Tensor, y: torch.Tensor, pos_weight: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Per element :math:`(1 - y) x - (1 + (p - 1) y) \log \sigma(x)` and :math:`\log\sigma(x)`."""
    log_sig = _log_sigmoid(x)
    log_weight = (pos_weight - 1.0) * y + 1.0
    return (1.0 - y) * x - log_weight * log_sig, log_sig


def _looks_like_probabilities(inputs: np.ndarray) -> bool:
    """Logits that all lie in [0, 1] (and are not all one value) were likely squashed already.

    Logits may be anything, but a sigmoid's output always lies in [0, 1]. All-equal values are
    left out: all-zero logits are a common starting point, not a mistake.
    """
    return (
        inputs.size > 1
        and bool(((inputs >= 0) & (inputs <= 1)).all())
        and bool((inputs != inputs.flat[0]).any())
    )


def _probability_input_note() -> Note:
    return Note(
        "logits_look_like_probabilities",
        "Every logit lies in [0, 1]: these look like probabilities. The logits version applies "
        "the sigmoid itself, so a sigmoid before it is applied twice (every probability is "
        "squashed into [0.5, 0.73] and the gradients shrink). Pass raw logits, or use "
        "binary_cross_entropy on probabilities.",
    )


def _outside_unit_interval_note(target: np.ndarray) -> tuple[Note, ...]:
    outside = (target < 0) | (target > 1)
    if not outside.any():
        return ()
    where = tuple(int(i) for i in np.argwhere(outside)[0])
    count = int(outside.sum())
    value = float(target[where])
    return (
        Note(
            "bce_target_outside_unit_interval",
            f"target, {position(where)}: {value:g} is outside [0, 1] ({count} value(s) in "
            "all). PyTorch does not check and computes a number, but it is not a cross-entropy "
            "and can be negative. Labels in {-1, 1}? Map them to {0, 1} with (y + 1) / 2.",
            {"count": count, "value": value, "position": position(where)},
        ),
    )


def binary_cross_entropy(
    probs: object,
    target: object,
    weight: object | None = None,
    reduction: str = "mean",
) -> BinaryResult:
    r"""Binary cross-entropy of probabilities, as ``F.binary_cross_entropy``.

    Per element, with each log clamped at -100:

    .. math::
        l = -w \left( y \max(\log x, -100) + (1 - y) \max(\log(1 - x), -100) \right)

    'mean' divides the sum by the number of elements (not by the weights). PyTorch's gradient
    caps the division so it stays finite at :math:`x = 0` or 1:
    :math:`\partial L / \partial x = w (x - y) / \max(x (1 - x), 10^{-12}) / d`,
    with :math:`d` the denominator of the mean.

    Args:
        probs: probabilities in [0, 1], any shape: (N,), or (N, K) for K labels per sample.
        target: targets in [0, 1] (hard 0/1 labels or soft), the same shape as ``probs``.
        weight: optional weight, broadcast element by element against the target (a single
            number, one per column, or the full shape); negative values compute, with a note.
        reduction: ``"none"``, ``"mean"`` or ``"sum"`` ('mean' of nothing is NaN).

    Raises:
        InputError: where PyTorch raises: a probability or target outside [0, 1] (NaN too),
            mismatched shapes, a weight that does not broadcast to the target, tensors that are
            not floating point or not of one dtype, an unknown reduction.

    A cat detector says 0.9 for a cat picture and 0.2 for a dog picture:

    >>> r = binary_cross_entropy([0.9, 0.2], [1.0, 0.0])
    >>> np.round(r.per_sample, 4).tolist(), round(r.loss, 4), r.agrees
    ([0.1054, 0.2231], 0.1643, True)
    >>> np.round(r.grad, 4).tolist()
    [-0.5556, 0.625]
    """
    reduction, notes = reduction_rule(reduction)
    notes = list(notes)
    _same_float_dtypes("binary_cross_entropy", probs=probs, target=target)
    x_np = as_values(probs, "probs")
    y_np = as_values(target, "target")
    check_same_shape(y_np, x_np, "target", "probs")
    _in_unit_interval(x_np, "probs")
    _in_unit_interval(y_np, "target")
    shape = y_np.shape
    weight = _element_weight(weight, shape, "weight")
    notes.extend(_weight_notes(weight, None))

    ws = Workspace()
    x = ws.tensor(x_np)
    y = ws.tensor(y_np)
    w = _expanded(ws, weight, shape)
    raw_log_x = torch.log(x)
    raw_log_1mx = torch.log1p(-x)
    log_x = torch.clamp_min(raw_log_x, LOG_CLAMP)
    log_1mx = torch.clamp_min(raw_log_1mx, LOG_CLAMP)
    per_sample = ((y - 1.0) * log_1mx - y * log_x) * w
    denominator = float(x_np.size) if reduction == "mean" else 1.0
    loss = reduce(per_sample.sum(), denominator, reduction)

    analytic = (x - y) / torch.clamp_min((1.0 - x) * x, GRAD_EPSILON) * w / denominator
    reference, grad = fused_loss_and_grad(
        F.binary_cross_entropy,
        x,
        y,
        weight=ws.tensor(weight) if weight is not None else None,
        reduction=reduction,
    )

    clamped = ((raw_log_x < LOG_CLAMP) & (y != 0)) | ((raw_log_1mx < LOG_CLAMP) & (y != 1))
    clamped_np = clamped.cpu().numpy()
    if clamped_np.any():
        count = int(clamped_np.sum())
        notes.append(
            Note(
                "bce_log_clamped",
                f"{count} probability value(s) are exactly 0 or 1 (or within e^-100 of it) on the "
                "wrong side: log x or log(1 - x) would be -infinity, and PyTorch clamps it at "
                "-100. So a certain, wrong answer costs 100 (times its weight), not infinity.",
                {"count": count},
            )
        )
    capped = (x_np * (1.0 - x_np) < GRAD_EPSILON) & (x_np != y_np)
    if capped.any():
        count = int(capped.sum())
        notes.append(
            Note(
                "bce_gradient_clamped",
                f"{count} probability value(s) lie within 1e-12 of 0 or 1: PyTorch's gradient "
                "divides by max(x (1 - x), 1e-12), so there it is (x - y) / 1e-12, up to 1e12 in "
                "size, not the exact derivative. Work on logits (binary_cross_entropy_with_logits) "
                "to avoid it.",
                {"count": count},
            )
        )
    return BinaryResult(
        name="binary_cross_entropy",
        reduction=reduction,
        loss=ws.scalar(loss),
        per_sample=ws.numpy(per_sample),
        denominator=denominator,
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=tuple(notes),
        target=y_np,
        probs=x_np,
        log_x=ws.numpy(log_x),
        log_1mx=ws.numpy(log_1mx),
        clamped=clamped_np,
        element_weight=ws.numpy(w),
        pos_weight=None,
    )


def binary_cross_entropy_with_logits(
    logits: object,
    target: object,
    weight: object | None = None,
    pos_weight: object | None = None,
    reduction: str = "mean",
) -> BinaryResult:
    r"""Binary cross-entropy on logits, as ``F.binary_cross_entropy_with_logits``.

    With :math:`\sigma` the sigmoid and :math:`p` the ``pos_weight`` of the element's class
    (the last dimension), computed stably without forming :math:`\sigma(x)`:

    .. math::
        l = w \left( (1 - y)\, x - (1 + (p - 1)\, y) \log \sigma(x) \right)
          = -w \left( p\, y \log \sigma(x) + (1 - y) \log (1 - \sigma(x)) \right)

    with :math:`\log\sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})`, finite for any logit.
    'mean' divides by the number of elements. The gradient is
    :math:`\partial L / \partial x = w \left( (1 + (p - 1) y)\, \sigma(x) - p\, y \right) / d`,
    :math:`w (\sigma(x) - y) / d` without ``pos_weight``.

    Like PyTorch, nothing checks that the target lies in [0, 1]; a note says so when it does not
    (the classic mistake: labels in {-1, 1}).

    Args:
        logits: raw scores, any shape: (N,), or (N, K) for K labels per sample.
        target: targets, the same shape as ``logits``.
        weight: optional weight, broadcast element by element against the target.
        pos_weight: optional weight of the positive term, usually one value per class, the
            last dimension (K,), or a single number (any shape that broadcasts to the target's
            works). Above 1 it trades precision for recall. Negative weights compute, with a
            note.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    NaN and infinity propagate as in PyTorch, which computes :math:`(1 - y)\,x` as it is: an
    infinite logit with target 1 gives :math:`0 \cdot \infty` = NaN.

    Raises:
        InputError: where PyTorch raises: mismatched shapes, a weight that does not broadcast to
            the target, logits or targets that are not floating point, a bool ``pos_weight``,
            an unknown reduction.

    >>> r = binary_cross_entropy_with_logits([2.0, -1.0], [1.0, 0.0])
    >>> np.round(r.probs, 4).tolist(), round(r.loss, 4), r.agrees
    ([0.8808, 0.2689], 0.2201, True)
    >>> r2 = binary_cross_entropy_with_logits([2.0, -1.0], [1.0, 0.0], pos_weight=[3.0])
    >>> round(r2.loss, 4), np.round(r2.grad, 4).tolist()
    (0.347, [-0.1788, 0.1345])
    """
    reduction, notes = reduction_rule(reduction)
    notes = list(notes)
    check_floating("binary_cross_entropy_with_logits", "logits", logits)
    check_floating("binary_cross_entropy_with_logits", "target", target)
    if tensor_dtype(pos_weight) == torch.bool:
        raise InputError(
            "pos_weight is a torch.bool tensor; PyTorch computes pos_weight - 1 and cannot "
            "subtract from bools: convert it with .float()"
        )
    x_np = as_values(logits, "logits")
    y_np = as_values(target, "target")
    check_same_shape(y_np, x_np, "target", "logits")
    shape = y_np.shape
    weight = _element_weight(weight, shape, "weight")
    pos_weight = _element_weight(pos_weight, shape, "pos_weight")
    notes.extend(_weight_notes(weight, pos_weight))

    ws = Workspace()
    x = ws.tensor(x_np)
    y = ws.tensor(y_np)
    w = _expanded(ws, weight, shape)
    pw = _expanded(ws, pos_weight, shape)
    unweighted, log_sig = _with_logits_steps(x, y, pw)
    per_sample = unweighted * w
    denominator = float(x_np.size) if reduction == "mean" else 1.0
    loss = reduce(per_sample.sum(), denominator, reduction)

    probs = torch.sigmoid(x)
    if pos_weight is None:
        slope = probs - y
    else:  # as PyTorch's backward: t = p y, then (t + 1 - y) sigmoid(x) - t
        t = pw * y
        slope = (t + 1.0 - y) * probs - t
    analytic = slope * w / denominator
    reference, grad = fused_loss_and_grad(
        F.binary_cross_entropy_with_logits,
        x,
        y,
        weight=ws.tensor(weight) if weight is not None else None,
        pos_weight=ws.tensor(pos_weight) if pos_weight is not None else None,
        reduction=reduction,
    )

    notes.extend(_outside_unit_interval_note(y_np))
    notes.extend(non_finite_note(x_np, "logits"))
    notes.extend(non_finite_note(y_np, "target"))
    if _looks_like_probabilities(x_np):
        notes.append(_probability_input_note())
    return BinaryResult(
        name="binary_cross_entropy_with_logits",
        reduction=reduction,
        loss=ws.scalar(loss),
        per_sample=ws.numpy(per_sample),
        denominator=denominator,
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=tuple(notes),
        target=y_np,
        probs=ws.numpy(probs),
        log_x=ws.numpy(log_sig),
        log_1mx=ws.numpy(_log_sigmoid(-x)),
        clamped=np.zeros(shape, dtype=bool),
        element_weight=ws.numpy(w),
        pos_weight=ws.numpy(pw),
    )


def probability_grid() -> np.ndarray:
    """Probabilities from 0 to 1 for drawing the loss curves, dense near both ends.

    Near 0 it reaches down to 1e-48, past the clamp at e^-100 (about 3.7e-44); near 1 it stops at
    the largest float64 below 1, 1 - 2^-53, because nothing lies between that and 1 itself.

    >>> grid = probability_grid()
    >>> float(grid[0]), float(grid[-1]), bool((np.diff(grid) > 0).all()), float(1.0 - grid[-2])
    (0.0, 1.0, True, 1.1102230246251565e-16)
    """
    return np.concatenate(
        [
            [0.0],
            np.geomspace(1e-48, 1e-3, 46, endpoint=False),
            np.linspace(1e-3, 1.0 - 1e-3, 200),
            1.0 - np.geomspace(1e-3, 2.0**-53, 40)[1:],
            [1.0],
        ]
    )


def bce_curve(p: object) -> tuple[np.ndarray, np.ndarray]:
    r"""The loss of one element at probability :math:`p`, for target 1 and for target 0, as
    ``binary_cross_entropy`` gives it (each log clamped at -100):

    .. math::
        \ell_1(p) = -\max(\log p, -100), \qquad \ell_0(p) = -\max(\log(1 - p), -100)

    At :math:`p = 0` the first is 100, not infinity. The second reaches 100 only at :math:`p = 1`
    exactly, jumping there from about 36.7: in float64 the largest probability below 1 is
    :math:`1 - 2^{-53}`, so :math:`\log(1 - p)` cannot go below :math:`\log 2^{-53} \approx -36.7`.

    Raises:
        InputError: a value outside [0, 1], NaN or infinity.

    >>> if_one, if_zero = bce_curve([0.0, 0.5, 0.9, 1.0])
    >>> np.round(if_one, 4).tolist(), np.round(if_zero, 4).tolist()
    ([100.0, 0.6931, 0.1054, 0.0], [0.0, 0.6931, 2.3026, 100.0])
    """
    ws = Workspace()
    x = ws.tensor(as_unit_interval(p, "p"))
    if_one = 0.0 - torch.clamp_min(torch.log(x), LOG_CLAMP)
    if_zero = 0.0 - torch.clamp_min(torch.log1p(-x), LOG_CLAMP)
    return ws.numpy(if_one), ws.numpy(if_zero)


def probs_vs_logits_gap(on_probs: BinaryResult, on_logits: BinaryResult) -> tuple[float, float]:
    r"""How far ``binary_cross_entropy`` on :math:`\sigma(x)` is from the logits version.

    The largest :math:`|\ell^{\text{probs}} - \ell^{\text{logits}}|` over the elements the -100
    clamp left alone, and over the elements it changed (NaN when it changed none). Give both
    results the same targets and weights, and the logits version no ``pos_weight``.

    Away from the clamp the two differ only by rounding, which grows as :math:`\sigma(x)` nears
    1: the digits of :math:`1 - \sigma(x)` are lost when :math:`\sigma(x)` is rounded.

    >>> x, y = np.array([2.0, 40.0]), np.array([1.0, 0.0])
    >>> p = 1.0 / (1.0 + np.exp(-x))
    >>> away, at = probs_vs_logits_gap(
    ...     binary_cross_entropy(p, y, reduction="none"),
    ...     binary_cross_entropy_with_logits(x, y, reduction="none"),
    ... )
    >>> away < 1e-15, at
    (True, 60.0)
    """
    if on_probs.per_sample.shape != on_logits.per_sample.shape:
        raise InputError(
            f"the results have shapes {on_probs.per_sample.shape} and "
            f"{on_logits.per_sample.shape}; compare results for the same targets"
        )
    gap = np.abs(on_probs.per_sample - on_logits.per_sample)
    clamped = on_probs.clamped
    away = float(gap[~clamped].max(initial=0.0))
    at = float(gap[clamped].max()) if clamped.any() else float("nan")
    return away, at


@dataclass(frozen=True)
class LogitSweep:
    """One element's loss against its logit, by the two functions, for target 1 and target 0.

    Attributes:
        logits: the logits swept.
        probs_if_one, probs_if_zero: ``binary_cross_entropy(sigmoid(x), y)`` for y = 1 and 0.
        logits_if_one, logits_if_zero: ``binary_cross_entropy_with_logits(x, y)``.
    """

    logits: np.ndarray
    probs_if_one: np.ndarray
    probs_if_zero: np.ndarray
    logits_if_one: np.ndarray
    logits_if_zero: np.ndarray


def logit_sweep(logits: object) -> LogitSweep:
    r"""Where the two functions part: each element's loss over a range of logits.

    With logits the loss is exact for every :math:`x`: :math:`\log(1 + e^{-x})` for y = 1,
    :math:`\log(1 + e^{x})` for y = 0. On :math:`\sigma(x)` the y = 0 loss loses digits from
    about :math:`x = 20`, and from :math:`x \approx 36.7` :math:`\sigma(x)` rounds to exactly 1
    and the loss is the clamp's 100, for :math:`x = 37` as for :math:`x = 10^4`. For y = 1 the
    loss is exact down to :math:`x = -100`, then stays at 100.

    >>> sweep = logit_sweep([-150.0, 0.0, 30.0, 37.0])
    >>> np.round(sweep.logits_if_zero, 4).tolist(), np.round(sweep.probs_if_zero, 4).tolist()
    ([0.0, 0.6931, 30.0, 37.0], [0.0, 0.6931, 30.001, 100.0])
    >>> np.round(sweep.logits_if_one, 4).tolist()[0], np.round(sweep.probs_if_one, 4).tolist()[0]
    (150.0, 100.0)
    """
    x = as_float_array(logits, "logits")
    ones, zeros = np.ones_like(x), np.zeros_like(x)
    ws = Workspace()
    probs = ws.numpy(torch.sigmoid(ws.tensor(x)))
    return LogitSweep(
        logits=x,
        probs_if_one=binary_cross_entropy(probs, ones, reduction="none").per_sample,
        probs_if_zero=binary_cross_entropy(probs, zeros, reduction="none").per_sample,
        logits_if_one=binary_cross_entropy_with_logits(x, ones, reduction="none").per_sample,
        logits_if_zero=binary_cross_entropy_with_logits(x, zeros, reduction="none").per_sample,
    )
