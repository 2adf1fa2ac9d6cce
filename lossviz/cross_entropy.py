r"""Cross-entropy as PyTorch computes it, step by step: LogSoftmax, then NLL, then the reduction.

For index targets :math:`y_i`, class weights :math:`w` and label smoothing :math:`\varepsilon`:

.. math::
    l_i = (1 - \varepsilon)\, w_{y_i} (-\log p_{i,y_i})
          + \frac{\varepsilon}{C} \sum_c w_c (-\log p_{i,c}),
    \qquad \text{mean} = \frac{\sum_i l_i}{\sum_{i\ \text{kept}} w_{y_i}}

and :math:`l_i = 0` where :math:`y_i` is ``ignore_index``. For class-probability targets
:math:`q`: :math:`l_i = -\sum_c w_c q_{ic} \log p_{ic}` and the mean divides by the number of
elements. Here :math:`i` runs over the elements: the samples of an (N, C) input, every position
of an (N, C, d1, ..., dK) input (a pixel, a token), the one sample of a (C,) input; see
``lossviz.class_layout``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.arguments import (
    as_ignore_index,
    as_label_smoothing,
    as_values,
    check_floating,
    dtype_name,
    is_floating,
    reduction_rule,
    tensor_dtype,
)
from lossviz.class_layout import ClassLayout, as_class_weight_rule, as_labels, class_layout
from lossviz.cross_entropy_parts import ReductionSummary, loss_floor, loss_terms, reduction_summary
from lossviz.errors import InputError
from lossviz.notes import negative_weight_note, non_finite_note, weighted_mean_note
from lossviz.reduction import reduce
from lossviz.results import CrossEntropyResult, NllResult, Note

__all__ = [
    "ReductionSummary",
    "cross_entropy",
    "loss_floor",
    "loss_terms",
    "nll_loss",
    "reduction_summary",
]


def _ignored_notes(
    ignored: np.ndarray, ignore_index: int, num_classes: int, reduction: str
) -> tuple[Note, ...]:
    notes = []
    if 0 <= ignore_index < num_classes:
        notes.append(
            Note(
                "ignore_index_is_class",
                f"ignore_index={ignore_index} is a real class: every sample of class "
                f"{ignore_index} is left out of the loss.",
                {"ignore_index": ignore_index},
            )
        )
    if ignored.size and ignored.all():
        notes.append(
            Note(
                "all_ignored",
                "Every sample is ignored: 'mean' divides 0 by 0 and gives NaN, 'sum' gives 0, "
                "and the gradient is 0.",
                {"reduction": reduction},
            )
        )
    return tuple(notes)


def _index_target_steps(ws, log_probs, labels, class_weight, ignore_index):
    """Per-row NLL pieces of an (R, C) table: picked log-probability, row weight, ignored mask."""
    target = ws.labels(labels)
    ignored = target == ignore_index
    safe = torch.where(ignored, torch.zeros_like(target), target)
    if log_probs.shape[1]:
        picked = log_probs.gather(1, safe.unsqueeze(1)).squeeze(1)
        sample_weight = torch.where(ignored, torch.zeros_like(picked), class_weight[safe])
    else:  # no classes: every row is ignored (anything else is refused)
        picked = sample_weight = log_probs.new_zeros(len(labels))
    nll = torch.where(ignored, torch.zeros_like(picked), -sample_weight * picked)
    return target, ignored, safe, picked, sample_weight, nll


def _backward_notes(target: object, layout: ClassLayout) -> tuple[Note, ...]:
    """Notes for the labels with which PyTorch computes the loss but then refuses
    ``backward()``: a (1,) label for one (C,) sample, uint8 labels for a K-dim input (accepted
    only when there is nothing to compute)."""
    if len(layout.shape) == 1 and np.shape(target) == (1,):
        how = (
            "One sample of shape (C,) with a label of shape (1,): PyTorch computes the loss, but "
            "loss.backward() then raises (size mismatch). Give the label as a single number, "
            "torch.tensor(2) rather than torch.tensor([2]); the gradient shown is for that call."
        )
    elif len(layout.shape) > 2 and tensor_dtype(target) == torch.uint8:
        how = (
            "torch.uint8 labels with a K-dim input: PyTorch computes the loss here only because "
            "there is nothing to compute, and loss.backward() raises; convert the labels with "
            ".long(). The gradient shown is for that call."
        )
    else:
        return ()
    return (Note("pytorch_backward_fails", how),)


def _mean_denominator(ws, reduction, sample_weight):
    return sample_weight.sum() if reduction == "mean" else ws.tensor(1.0)


def _degenerate_mean(denominator: torch.Tensor) -> bool:
    """A mean over a total weight of 0 (or NaN): the gradient is PyTorch's chain rule, term by
    term, where infinities and NaN fall as they fall in autograd."""
    value = float(denominator)
    return value == 0 or not math.isfinite(value)


def nll_loss(
    log_probs: object,
    target: object,
    weight: object | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> NllResult:
    r"""Negative log-likelihood: :math:`l_i = -w_{y_i} x_{i,y_i}`, as ``F.nll_loss``.

    It picks the target entry of each element and negates it; nothing checks that the input is
    log-probabilities. 'mean' divides by the summed weights of the kept elements. The gradient
    is :math:`-w_{y_i} / d` at each kept element's target class and 0 elsewhere.

    Args:
        log_probs: log-probabilities (``log_softmax`` of logits): (N, C), (C,) for one sample,
            or (N, C, d1, ..., dK) for many elements per sample.
        target: class labels in 0..C-1, or ``ignore_index``: (N,), () or (1,), or
            (N, d1, ..., dK).
        weight: optional (C,) class weights (negative ones compute too, with a note).
        ignore_index: the label whose elements are left out.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    ``per_sample``, ``picked``, ``sample_weight`` and ``ignored`` have the target's shape: one
    value per element (a 0-dim array for a single (C,) sample).

    Raises:
        InputError: where PyTorch raises: a shape that does not fit, a label out of range, a
            weight of the wrong length, an unknown reduction, a tensor of the wrong dtype.

    >>> r = nll_loss([[-1.7351, -1.7351, -0.4351]], [2])
    >>> round(r.loss, 4), r.grad.tolist()
    (0.4351, [[0.0, 0.0, -1.0]])
    """
    reduction, notes = reduction_rule(reduction)
    notes = list(notes)
    ignore_index = as_ignore_index(ignore_index)
    check_floating("nll_loss", "log_probs", log_probs)
    inputs = as_values(log_probs, "log_probs")
    layout = class_layout(inputs.shape, "log_probs")
    c = layout.num_classes
    labels = as_labels(target, layout, ignore_index, "log_probs", reduction=reduction)
    weight = as_class_weight_rule(weight, layout, tensor_dtype(log_probs), soft=False)
    notes.extend(_backward_notes(target, layout))

    ws = Workspace(size=inputs.size)
    x = ws.tensor(inputs)
    table = layout.to_table(x)
    class_weight = ws.tensor(weight) if weight is not None else table.new_ones(c)
    _target, ignored, safe, picked, sample_weight, per_sample = _index_target_steps(
        ws, table, labels.reshape(-1), class_weight, ignore_index
    )
    denominator = _mean_denominator(ws, reduction, sample_weight)
    loss = reduce(per_sample.sum(), denominator, reduction)

    # -w_y / d at the target of each kept element, 0 elsewhere (written only where kept, as
    # PyTorch writes it, so a degenerate d leaves the other entries 0).
    scale = -1.0 / denominator if reduction == "mean" else -torch.ones_like(denominator)
    at_target = torch.where(ignored, torch.zeros_like(sample_weight), sample_weight * scale)
    analytic = torch.zeros_like(table)
    if c:
        analytic.scatter_(1, safe.unsqueeze(1), at_target.unsqueeze(1))
    reference, grad = fused_loss_and_grad(
        F.nll_loss,
        x,
        ws.labels(labels),
        weight=ws.tensor(weight) if weight is not None else None,
        ignore_index=ignore_index,
        reduction=reduction,
    )

    ignored_np = ignored.cpu().numpy()
    per_sample_np = ws.numpy(per_sample)
    loss_value = ws.scalar(loss)
    notes.extend(_ignored_notes(ignored_np, ignore_index, c, reduction))
    notes.extend(non_finite_note(inputs, "log_probs"))
    notes.extend(non_finite_note(weight, "weight"))
    notes.extend(negative_weight_note(weight, "weight"))
    if inputs.size and (
        (inputs > 0).any()
        or not np.allclose(np.exp(inputs).sum(axis=layout.class_dim), 1.0, atol=1e-4)
    ):
        notes.append(
            Note(
                "nll_not_log_probs",
                "The input is not log-probabilities (its rows do not exponentiate to sum 1): "
                "nll_loss takes it as given. Apply log_softmax first, or use cross_entropy on "
                "logits.",
            )
        )
    if (per_sample_np < 0).any():
        notes.append(
            Note(
                "negative_loss",
                "Some per-sample losses are negative: a sign that probabilities or raw logits were "
                "passed where log-probabilities belong.",
            )
        )
    if weight is not None and reduction == "mean":
        notes.extend(weighted_mean_note(per_sample_np, ~ignored_np, loss_value))
    return NllResult(
        name="nll_loss",
        reduction=reduction,
        loss=loss_value,
        per_sample=layout.per_element(per_sample_np),
        denominator=ws.scalar(denominator),
        grad=grad,
        analytic_grad=layout.from_table(ws.numpy(analytic)),
        reference=reference,
        notes=tuple(notes),
        target=labels,
        picked=layout.per_element(np.where(ignored_np, np.nan, ws.numpy(picked))),
        sample_weight=layout.per_element(ws.numpy(sample_weight)),
        ignored=layout.per_element(ignored_np),
    )


def _log_softmax_steps(
    ws: Workspace, x: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    r"""``(lse, log_probs, probs)``: log-softmax of an (R, C) table in its steps, in two buffers.

    :math:`\mathrm{lse}_i = m_i + \log\sum_j e^{x_{ij} - m_i}` with :math:`m_i` the row maximum,
    as :func:`lossviz.softmax.logsumexp` computes it; then :math:`\log p = x - \mathrm{lse}` and
    :math:`p = e^{\log p}`. The buffer that holds :math:`e^{x - m}` for the sum receives the
    probabilities afterwards. Without classes (C = 0) the sum is empty and lse is -infinity.
    """
    shift = x.amax(dim=1, keepdim=True) if x.shape[1] else x.new_zeros((x.shape[0], 1))
    probs = torch.sub(x, shift, out=ws.empty(x.shape)).exp_()
    lse = shift.squeeze(1) + torch.log(probs.sum(dim=1))
    log_probs = torch.sub(x, lse.unsqueeze(1), out=ws.empty(x.shape))
    return lse, log_probs, torch.exp(log_probs, out=probs)


def _index_target_probs(
    labels: np.ndarray, ignored: np.ndarray, num_classes: int, smoothing: float, dtype: torch.dtype
) -> np.ndarray:
    """(R, C) ``(1 - e) onehot(y_i) + e / C`` on the kept rows, zeros on the ignored ones.

    Built in NumPy, with its two values rounded as the compute dtype rounds them.
    """
    real = np.float32 if dtype == torch.float32 else np.float64
    off_target = real(smoothing / num_classes) if num_classes else real(0.0)
    on_target = real(1.0 - smoothing) + off_target
    shape = (len(labels), num_classes)
    probs = np.full(shape, off_target, dtype=np.float64) if smoothing else np.zeros(shape)
    probs[ignored] = 0.0
    kept = np.flatnonzero(~ignored)
    probs[kept, labels[kept]] = on_target
    return probs


def _index_target_gradient(
    ws: Workspace,
    probs: torch.Tensor,
    safe_target: torch.Tensor,
    sample_weight: torch.Tensor,
    class_weight: torch.Tensor,
    kept: torch.Tensor,
    smoothing: float,
    unit_weights: bool,
    denominator: torch.Tensor | None,
    degenerate: bool,
    out: torch.Tensor,
) -> torch.Tensor:
    r"""``(probs * T - t) / d`` into ``out``: :math:`t_i` the weighted target, :math:`T_i` its sum.

    :math:`t_i = (1 - \varepsilon)\, w_{y_i} \mathrm{onehot}(y_i)
    + (\varepsilon / C)\, w\, \mathrm{kept}_i`; ``denominator`` :math:`d` is None unless the
    reduction is a mean. Without smoothing :math:`t_i` is :math:`w_{y_i}` at the target and 0
    elsewhere, so :math:`T_i = w_{y_i}` exactly: the gradient is ``probs * w_{y_i}`` with
    :math:`w_{y_i}` taken off at the target, and no (N, C) target is built. With every
    :math:`w_{y_i} = 1` (``unit_weights``) that is ``probs / d``, one pass, with the target
    entries then set to ``(p - 1) / d``.

    Where :math:`d` is 0 or NaN (``degenerate``: a mean over weights that sum to 0), the closed
    form would turn the ignored rows' zeros into NaN; the gradient then follows PyTorch's chain
    rule term by term (:func:`_chain_rule_gradient`), so infinities and NaN land where autograd
    puts them.
    """
    if not probs.shape[1]:
        return out
    if degenerate:
        return _chain_rule_gradient(
            probs, safe_target, sample_weight, class_weight, kept, smoothing, denominator, out
        )
    target = safe_target.unsqueeze(1)
    if not smoothing and unit_weights:
        on_target = probs.gather(1, target) - 1.0
        if denominator is None:
            out.copy_(probs)
        else:
            torch.div(probs, denominator, out=out)
            on_target.div_(denominator)
        return out.scatter_(1, target, on_target)
    if not smoothing:
        torch.mul(probs, sample_weight.unsqueeze(1), out=out)
        out.scatter_(1, target, out.gather(1, target) - sample_weight.unsqueeze(1))
    else:
        share = (smoothing / probs.shape[1]) * class_weight
        weighted = torch.mul(share.unsqueeze(0), kept.unsqueeze(1), out=ws.empty(probs.shape))
        weighted.scatter_add_(1, target, ((1.0 - smoothing) * sample_weight).unsqueeze(1))
        torch.mul(probs, weighted.sum(dim=1, keepdim=True), out=out)
        out.sub_(weighted)
    return out if denominator is None else out.div_(denominator)


def _chain_rule_gradient(
    probs: torch.Tensor,
    safe_target: torch.Tensor,
    sample_weight: torch.Tensor,
    class_weight: torch.Tensor,
    kept: torch.Tensor,
    smoothing: float,
    denominator: torch.Tensor,
    out: torch.Tensor,
) -> torch.Tensor:
    r"""The mean's gradient as autograd builds it: :math:`g = \partial L / \partial \log p`, then
    through log-softmax, :math:`g - p \sum_c g_c`.

    :math:`g_{ic} = -(\varepsilon / C / d)\, w_c` on kept rows (the smoothing term), plus
    :math:`-((1 - \varepsilon) / d)\, w_{y_i}` at the target (the NLL term); ignored rows 0.
    """
    g = torch.zeros_like(probs)
    if smoothing:
        share = -(smoothing / probs.shape[1] / denominator) * class_weight
        g = torch.where(kept.unsqueeze(1) > 0, share.unsqueeze(0).expand_as(probs), g)
    at_target = torch.where(
        kept > 0, sample_weight * -((1.0 - smoothing) / denominator), torch.zeros_like(kept)
    )
    g.scatter_add_(1, safe_target.unsqueeze(1), at_target.unsqueeze(1))
    return torch.sub(g, probs * g.sum(dim=1, keepdim=True), out=out)


def _looks_like_probabilities(inputs: np.ndarray, class_dim: int) -> bool:
    """Every value lies in [0, 1] and the classes of every element sum to 1 (to 1e-3).

    The first sample is looked at first: raw logits usually fail there, which spares a pass
    over a large input.
    """
    if inputs.size == 0:
        return False
    parts = (inputs,) if inputs.ndim == 1 else (inputs[:1], inputs)
    for part in parts:
        if (
            part.min() < 0
            or part.max() > 1
            or not np.allclose(part.sum(axis=class_dim), 1.0, atol=1e-3)
        ):
            return False
    return True


def _soft_target_dtype(target: object, shape: tuple[int, ...]) -> None:
    dtype = tensor_dtype(target)
    if not is_floating(dtype):
        labels = (shape[0], *shape[2:]) if len(shape) > 1 else ()
        raise InputError(
            f"target has the logits' shape {shape}, so PyTorch reads it as class "
            f"probabilities, which must be floating point, but it is a {dtype_name(dtype)} "
            f"tensor. One-hot labels? Pass the class indices instead (shape {labels}), or "
            "convert the target with .float()"
        )


def _not_normalized_note(
    soft: np.ndarray, layout: ClassLayout, tolerance: float = 1e-6
) -> tuple[Note, ...]:
    row_sums = soft.sum(axis=layout.class_dim).reshape(-1)
    # np.isclose(row_sums, 1, atol=tolerance), with its default rtol, without its overhead.
    close = np.abs(row_sums - 1.0) <= tolerance + 1e-5
    if close.all() and not (soft.size and soft.min() < 0):
        return ()
    off = ~close | (soft < 0).any(axis=layout.class_dim).reshape(-1)
    bad = int(np.argmax(off))
    where = f"row {bad + 1}" if len(layout.shape) == 2 else f"at {layout.place(bad)}"
    return (
        Note(
            "soft_target_not_normalized",
            f"Target {where} is not a probability distribution (it sums to "
            f"{row_sums[bad]:.4g}): PyTorch computes a number anyway, but it is not a "
            "cross-entropy and can be negative.",
            {"row": bad + 1, "sum": float(row_sums[bad])},
        ),
    )


@dataclass(frozen=True)
class _TargetSteps:
    """What one kind of target gives, per row of the (R, C) table: the gradient is written
    into the caller's buffer."""

    per_sample: torch.Tensor
    loss: torch.Tensor
    denominator: torch.Tensor
    sample_weight: torch.Tensor
    ignored: np.ndarray
    target: torch.Tensor
    target_log_prob: np.ndarray
    target_probs: np.ndarray


def _probability_target_steps(
    ws: Workspace,
    layout: ClassLayout,
    target_values: np.ndarray,
    log_probs: torch.Tensor,
    probs: torch.Tensor,
    out: torch.Tensor,
    *,
    weight: np.ndarray | None,
    smoothing: float,
    reduction: str,
) -> _TargetSteps:
    r""":math:`l_i = -\sum_c w_c q_{ic} \log p_{ic}` and its gradient
    :math:`p_i \sum_c w_c q_{ic} - w q_i`; 'mean' divides by the number of elements."""
    c = layout.num_classes
    q = ws.tensor(layout.to_table(target_values))
    if smoothing:
        q = torch.mul(q, 1.0 - smoothing, out=ws.empty(q.shape)).add_(smoothing / c)
    if weight is None:
        weighted_target = q
    else:
        weighted_target = torch.mul(q, ws.tensor(weight), out=ws.empty(q.shape))
    per_sample = -torch.mul(weighted_target, log_probs, out=out).sum(dim=1)
    # PyTorch divides by numel / C, the number of elements; NaN when there is nothing.
    elements = float(layout.rows) if log_probs.numel() else 0.0
    denominator = ws.tensor(elements if reduction == "mean" else 1.0)
    torch.mul(probs, weighted_target.sum(dim=1, keepdim=True), out=out)
    out.sub_(weighted_target)
    if reduction == "mean" and log_probs.numel():
        out.div_(denominator)
    return _TargetSteps(
        per_sample=per_sample,
        loss=reduce(per_sample.sum(), denominator, reduction),
        denominator=denominator,
        sample_weight=torch.ones_like(per_sample),
        ignored=np.zeros(layout.rows, dtype=bool),
        target=ws.tensor(target_values),
        target_log_prob=np.full(layout.rows, np.nan),
        target_probs=ws.numpy(q),
    )


def _class_label_steps(
    ws: Workspace,
    labels: np.ndarray,
    log_probs: torch.Tensor,
    probs: torch.Tensor,
    out: torch.Tensor,
    *,
    weight: np.ndarray | None,
    ignore_index: int,
    smoothing: float,
    reduction: str,
) -> _TargetSteps:
    r""":math:`l_i = (1 - \varepsilon) w_{y_i} (-\log p_{i,y_i}) + (\varepsilon / C) \sum_c
    w_c (-\log p_{ic})`, 0 where ignored, and its gradient; 'mean' divides by the kept
    elements' weights."""
    c = log_probs.shape[1]
    class_weight = ws.tensor(weight) if weight is not None else log_probs.new_ones(c)
    target, ignored_t, safe, picked, sample_weight, nll = _index_target_steps(
        ws, log_probs, labels.reshape(-1), class_weight, ignore_index
    )
    ignored = ignored_t.cpu().numpy()
    per_sample = (1.0 - smoothing) * nll
    if smoothing:
        weighted_log_probs = (
            log_probs if weight is None else torch.mul(log_probs, class_weight, out=out)
        )
        smooth = -weighted_log_probs.sum(dim=1)
        smooth = torch.where(ignored_t, torch.zeros_like(smooth), smooth)
        per_sample = per_sample + (smoothing / c) * smooth
    denominator = _mean_denominator(ws, reduction, sample_weight)
    # With unit weights and nothing ignored, d is the number of rows: never 0 where there
    # are rows, and no need to read it back from the device.
    unit_weights = weight is None and not ignored.any()
    degenerate = reduction == "mean" and not unit_weights and _degenerate_mean(denominator)
    if smoothing and degenerate:
        # PyTorch takes the two means apart; over a total weight of 0 they may be
        # infinities of opposite signs, whose sum is NaN.
        loss = (1.0 - smoothing) * (nll.sum() / denominator) + (smoothing / c) * (
            smooth.sum() / denominator
        )
    else:
        loss = reduce(per_sample.sum(), denominator, reduction)
    _index_target_gradient(
        ws,
        probs,
        safe,
        sample_weight,
        class_weight,
        (~ignored_t).to(probs.dtype),
        smoothing,
        unit_weights,
        denominator=denominator if reduction == "mean" else None,
        degenerate=degenerate,
        out=out,
    )
    return _TargetSteps(
        per_sample=per_sample,
        loss=loss,
        denominator=denominator,
        sample_weight=sample_weight,
        ignored=ignored,
        target=target,
        target_log_prob=np.where(ignored, np.nan, ws.numpy(picked)),
        target_probs=_index_target_probs(labels.reshape(-1), ignored, c, smoothing, ws.dtype),
    )


def cross_entropy(
    logits: object,
    target: object,
    weight: object | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> CrossEntropyResult:
    r"""Cross-entropy of logits against class labels or class probabilities, as ``F.cross_entropy``.

    Steps: :math:`\mathrm{lse}_i = \log\sum_j e^{x_{ij}}`,
    :math:`\log p_{ij} = x_{ij} - \mathrm{lse}_i`,
    then NLL on the log-probabilities (with smoothing, a share :math:`\varepsilon/C` of
    every class), then the reduction. The gradient is
    :math:`\partial L / \partial x_i = (p_i \textstyle\sum_c t_{ic} - t_i) / d`, where
    :math:`t_i` is the weighted target (:math:`w_{y_i}\,\mathrm{onehot}(y_i)` without smoothing,
    so :math:`(p_i - \mathrm{onehot}(y_i))\,w_{y_i} / d`) and :math:`d` the denominator of the mean.

    The layouts are PyTorch's (``lossviz.class_layout``): logits (N, C) with labels (N,); one
    sample (C,) with a label of shape () or (1,); or (N, C, d1, ..., dK), a segmentation map or
    a batch of sequences, with labels (N, d1, ..., dK). A target of the logits' own shape holds
    class probabilities. ``per_sample``, ``logsumexp``, ``target_log_prob``, ``sample_weight``
    and ``ignored`` have the labels' shape, one value per element (a pixel, a token; a 0-dim
    array for one (C,) sample); ``probs``, ``log_probs``, ``target_probs`` and the gradients
    have the logits' shape.

    Args:
        logits: raw scores, (N, C), (C,) or (N, C, d1, ..., dK).
        target: class labels (the shapes above), or class probabilities of the logits' shape.
        weight: optional (C,) class weights (negative ones compute too, with a note).
        ignore_index: label whose elements are left out (index targets only; PyTorch refuses a
            non-negative one with probability targets).
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.
        label_smoothing: :math:`\varepsilon`, at most 1 (PyTorch ignores a value <= 0).

    Raises:
        InputError: where PyTorch raises: shapes that do not fit, a label out of range, a weight
            of the wrong length, smoothing above 1, an unknown reduction, a tensor of the wrong
            dtype (integer logits, float labels, integer probabilities).

    The seed example: a picture scored cat / dog / pig with logits [1.3, 1.3, 2.6], true class 2.

    >>> r = cross_entropy([[1.3, 1.3, 2.6]], [2])
    >>> np.round(r.probs, 2).tolist(), round(r.loss, 4), r.agrees
    ([[0.18, 0.18, 0.65]], 0.4351, True)
    >>> np.round(r.grad, 4).tolist()
    [[0.1764, 0.1764, -0.3528]]

    Two sequences of three tokens over two classes, the last token of the second one padding:

    >>> r = cross_entropy(np.zeros((2, 2, 3)), [[0, 1, 1], [1, 0, -100]], reduction="none")
    >>> np.round(r.per_sample, 4).tolist(), r.ignored.tolist()[1]
    ([[0.6931, 0.6931, 0.6931], [0.6931, 0.6931, 0.0]], [False, False, True])
    """
    reduction, notes = reduction_rule(reduction)
    notes = list(notes)
    ignore_index = as_ignore_index(ignore_index)
    smoothing, smoothing_notes = as_label_smoothing(label_smoothing)
    notes.extend(smoothing_notes)
    check_floating("cross_entropy", "logits", logits)
    inputs = as_values(logits, "logits")
    layout = class_layout(inputs.shape, "logits")
    c = layout.num_classes
    target_values = as_values(target, "target")
    soft = target_values.shape == inputs.shape
    if soft:
        _soft_target_dtype(target, inputs.shape)
        if ignore_index >= 0:
            raise InputError(
                "ignore_index is not supported with class-probability targets "
                "(PyTorch raises too); leave it at -100"
            )
    else:
        labels = as_labels(target, layout, ignore_index, values=target_values, reduction=reduction)
        notes.extend(_backward_notes(target, layout))
    weight = as_class_weight_rule(weight, layout, tensor_dtype(logits), soft, smoothing, reduction)
    if (
        tensor_dtype(target) == torch.uint8
        and smoothing
        and weight is not None
        and reduction == "mean"
    ):
        raise InputError(
            "target is a torch.uint8 tensor of class labels; with label smoothing, weights and "
            "'mean' PyTorch picks the weights by label (gather), which needs torch.int64 "
            "labels: convert them with .long()"
        )

    ws = Workspace(size=inputs.size)
    x = ws.tensor(inputs)
    table = layout.to_table(x)
    lse, log_probs, probs = _log_softmax_steps(ws, table)
    analytic = ws.empty(table.shape)  # scratch space until the gradient is written into it
    options = {"weight": weight, "smoothing": smoothing, "reduction": reduction}
    if soft:
        labels = target_values
        steps = _probability_target_steps(
            ws, layout, target_values, log_probs, probs, analytic, **options
        )
        notes.extend(_not_normalized_note(target_values, layout))
        notes.extend(non_finite_note(target_values, "target"))
    else:
        steps = _class_label_steps(
            ws, labels, log_probs, probs, analytic, ignore_index=ignore_index, **options
        )
        notes.extend(_ignored_notes(steps.ignored, ignore_index, c, reduction))
    reference, grad = fused_loss_and_grad(
        F.cross_entropy,
        x,
        steps.target.reshape(layout.element_shape) if not soft else steps.target,
        weight=ws.tensor(weight) if weight is not None else None,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=smoothing,
    )

    per_sample_np = ws.numpy(steps.per_sample)
    loss_value = ws.scalar(steps.loss)
    notes.extend(non_finite_note(inputs, "logits"))
    notes.extend(non_finite_note(weight, "weight"))
    notes.extend(negative_weight_note(weight, "weight"))
    if _looks_like_probabilities(inputs, layout.class_dim):
        notes.append(
            Note(
                "logits_look_like_probabilities",
                "Every row of logits lies in [0, 1] and sums to 1: these look like probabilities. "
                "cross_entropy applies log_softmax itself, so a softmax before it is applied twice "
                "(the loss is squashed and the gradients shrink). Pass raw logits.",
            )
        )
    if weight is not None and reduction == "mean" and not soft:
        notes.extend(weighted_mean_note(per_sample_np, ~steps.ignored, loss_value))
    return CrossEntropyResult(
        name="cross_entropy",
        reduction=reduction,
        loss=loss_value,
        per_sample=layout.per_element(per_sample_np),
        denominator=ws.scalar(steps.denominator),
        grad=grad,
        analytic_grad=layout.from_table(ws.numpy(analytic)),
        reference=reference,
        notes=tuple(notes),
        probs=layout.from_table(ws.numpy(probs)),
        log_probs=layout.from_table(ws.numpy(log_probs)),
        logsumexp=layout.per_element(ws.numpy(lse)),
        target=labels,
        soft_target=soft,
        target_probs=layout.from_table(steps.target_probs),
        target_log_prob=layout.per_element(steps.target_log_prob),
        sample_weight=layout.per_element(ws.numpy(steps.sample_weight)),
        ignored=layout.per_element(steps.ignored),
        label_smoothing=smoothing,
    )
