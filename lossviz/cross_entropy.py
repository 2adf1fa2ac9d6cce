r"""Cross-entropy as PyTorch computes it, step by step: LogSoftmax, then NLL, then the reduction.

For index targets :math:`y_i`, class weights :math:`w` and label smoothing :math:`\varepsilon`:

.. math::
    l_i = (1 - \varepsilon)\, w_{y_i} (-\log p_{i,y_i})
          + \frac{\varepsilon}{C} \sum_c w_c (-\log p_{i,c}),
    \qquad \text{mean} = \frac{\sum_i l_i}{\sum_{i\ \text{kept}} w_{y_i}}

and :math:`l_i = 0` where :math:`y_i` is ``ignore_index``. For class-probability targets
:math:`q`: :math:`l_i = -\sum_c w_c q_{ic} \log p_{ic}` and the mean divides by N.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.errors import InputError
from lossviz.reduction import reduce
from lossviz.results import CrossEntropyResult, NllResult, Note
from lossviz.validation import (
    as_class_indices,
    as_class_weight,
    as_float_array,
    as_logit_matrix,
    check_reduction,
    check_same_shape,
)

__all__ = [
    "ReductionSummary",
    "cross_entropy",
    "loss_floor",
    "loss_terms",
    "nll_loss",
    "reduction_summary",
]


def _check_ignore_index(ignore_index: object) -> int:
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, (int, np.integer)):
        raise InputError(f"ignore_index must be a whole number; got {ignore_index!r}")
    return int(ignore_index)


def _check_smoothing(label_smoothing: object) -> float:
    if not isinstance(label_smoothing, (int, float)) or not 0.0 <= float(label_smoothing) <= 1.0:
        raise InputError(f"label_smoothing must be between 0 and 1; got {label_smoothing!r}")
    return float(label_smoothing)


def _weighted_mean_note(per_sample: np.ndarray, kept: np.ndarray, loss: float) -> tuple[Note, ...]:
    if not kept.any():
        return ()
    plain = float(per_sample[kept].mean())
    if math.isclose(plain, loss, rel_tol=1e-9, abs_tol=1e-12):
        return ()
    return (
        Note(
            "weighted_mean",
            f"With class weights, 'mean' is the weighted mean {loss:.4f} = sum of losses / sum "
            "of the target classes' weights, not the plain mean of the per-sample losses "
            f"({plain:.4f}).",
            {"loss": loss, "plain_mean": plain},
        ),
    )


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
    if ignored.all():
        notes.append(
            Note(
                "all_ignored",
                "Every sample is ignored: 'mean' divides 0 by 0 and gives NaN, 'sum' gives 0, "
                "and the gradient is 0.",
                {"reduction": reduction},
            )
        )
    return tuple(notes)


def _index_target_steps(ws, log_probs, labels, weight, ignore_index):
    """Per-sample NLL pieces: picked log-probability, sample weight, ignored mask."""
    target = ws.labels(labels)
    ignored = target == ignore_index
    safe = torch.where(ignored, torch.zeros_like(target), target)
    picked = log_probs.gather(1, safe.unsqueeze(1)).squeeze(1)
    class_weight = ws.tensor(weight) if weight is not None else torch.ones_like(log_probs[0])
    sample_weight = torch.where(ignored, torch.zeros_like(picked), class_weight[safe])
    nll = torch.where(ignored, torch.zeros_like(picked), -sample_weight * picked)
    return target, ignored, picked, class_weight, sample_weight, nll


def nll_loss(
    log_probs: object,
    target: object,
    weight: object | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> NllResult:
    r"""Negative log-likelihood: :math:`l_i = -w_{y_i} x_{i,y_i}`, as ``F.nll_loss``.

    It picks the target entry of each row and negates it; nothing checks that the input is
    log-probabilities. 'mean' divides by the summed weights of the kept samples.

    Args:
        log_probs: (N, C) log-probabilities (``log_softmax`` of logits).
        target: (N,) class labels in 0..C-1, or ``ignore_index``.
        weight: optional (C,) non-negative class weights.
        ignore_index: the label whose samples are left out.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    Raises:
        InputError: a bad shape, label, weight or reduction.

    >>> r = nll_loss([[-1.7351, -1.7351, -0.4351]], [2])
    >>> round(r.loss, 4), r.grad.tolist()
    (0.4351, [[0.0, 0.0, -1.0]])
    """
    check_reduction(reduction)
    ignore_index = _check_ignore_index(ignore_index)
    inputs = as_logit_matrix(log_probs, "log_probs")
    n, c = inputs.shape
    labels = as_class_indices(target, n, c, ignore_index)
    weight = as_class_weight(weight, c)

    ws = Workspace(size=inputs.size)
    x = ws.tensor(inputs)
    target_t, ignored, picked, _class_weight, sample_weight, per_sample = _index_target_steps(
        ws, x, labels, weight, ignore_index
    )
    denominator = sample_weight.sum() if reduction == "mean" else ws.tensor(1.0)
    loss = reduce(per_sample.sum(), denominator, reduction)

    onehot = torch.zeros_like(x).scatter_(1, torch.where(ignored, 0, target_t).unsqueeze(1), 1.0)
    analytic = -onehot * sample_weight.unsqueeze(1)
    if reduction == "mean":
        analytic = analytic / denominator if float(denominator) != 0 else torch.zeros_like(x)
    reference, grad = fused_loss_and_grad(
        F.nll_loss,
        x,
        target_t,
        weight=ws.tensor(weight) if weight is not None else None,
        ignore_index=ignore_index,
        reduction=reduction,
    )

    ignored_np = ignored.cpu().numpy()
    per_sample_np = ws.numpy(per_sample)
    loss_value = ws.scalar(loss)
    notes = list(_ignored_notes(ignored_np, ignore_index, c, reduction))
    if (inputs > 0).any() or not np.allclose(np.exp(inputs).sum(axis=1), 1.0, atol=1e-4):
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
        notes.extend(_weighted_mean_note(per_sample_np, ~ignored_np, loss_value))
    return NllResult(
        name="nll_loss",
        reduction=reduction,
        loss=loss_value,
        per_sample=per_sample_np,
        denominator=ws.scalar(denominator),
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=tuple(notes),
        target=labels,
        picked=np.where(ignored_np, np.nan, ws.numpy(picked)),
        sample_weight=ws.numpy(sample_weight),
        ignored=ignored_np,
    )


def _log_softmax_steps(
    ws: Workspace, x: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    r"""``(lse, log_probs, probs)``: log-softmax in its steps, in two (N, C) buffers.

    :math:`\mathrm{lse}_i = m_i + \log\sum_j e^{x_{ij} - m_i}` with :math:`m_i` the row maximum,
    as :func:`lossviz.softmax.logsumexp` computes it; then :math:`\log p = x - \mathrm{lse}` and
    :math:`p = e^{\log p}`. The buffer that holds :math:`e^{x - m}` for the sum receives the
    probabilities afterwards.
    """
    shift = x.amax(dim=1, keepdim=True)
    probs = torch.sub(x, shift, out=ws.empty(x.shape)).exp_()
    lse = shift.squeeze(1) + torch.log(probs.sum(dim=1))
    log_probs = torch.sub(x, lse.unsqueeze(1), out=ws.empty(x.shape))
    return lse, log_probs, torch.exp(log_probs, out=probs)


def _index_target_probs(
    labels: np.ndarray, ignored: np.ndarray, num_classes: int, smoothing: float, dtype: torch.dtype
) -> np.ndarray:
    """(N, C) ``(1 - e) onehot(y_i) + e / C`` on the kept rows, zeros on the ignored ones.

    Built in NumPy, with its two values rounded as the compute dtype rounds them.
    """
    real = np.float32 if dtype == torch.float32 else np.float64
    off_target = real(smoothing / num_classes)
    on_target = real(1.0 - smoothing) + off_target
    shape = (len(labels), num_classes)
    probs = np.full(shape, off_target, dtype=np.float64) if smoothing else np.zeros(shape)
    probs[ignored] = 0.0
    kept = np.flatnonzero(~ignored)
    probs[kept, labels[kept]] = on_target
    return probs


def _mean_gradient(gradient: torch.Tensor, denominator: torch.Tensor) -> torch.Tensor:
    """The gradient of a mean: divided by its denominator in place, or 0 where that is 0."""
    return gradient.div_(denominator) if float(denominator) != 0 else gradient.zero_()


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
    """
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
    return out if denominator is None else _mean_gradient(out, denominator)


def _rows_look_like_probabilities(inputs: np.ndarray) -> bool:
    """Every row lies in [0, 1] and sums to 1 (to 1e-3).

    The first row is looked at first: raw logits usually fail there, which spares a pass over
    a large table.
    """
    for rows in (inputs[:1], inputs):
        if rows.min() < 0 or rows.max() > 1 or not np.allclose(rows.sum(axis=1), 1.0, atol=1e-3):
            return False
    return True


def _soft_target(target: object) -> np.ndarray | None:
    """The (N, C) class-probability target, or None when ``target`` holds class labels."""
    array = as_float_array(target, "target")
    return array if array.ndim == 2 else None


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

    Args:
        logits: (N, C) raw scores.
        target: (N,) class labels, or (N, C) class probabilities.
        weight: optional (C,) non-negative class weights.
        ignore_index: label whose samples are left out (index targets only; PyTorch refuses a
            non-negative one with probability targets).
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.
        label_smoothing: :math:`\varepsilon` in [0, 1].

    Raises:
        InputError: bad shapes, labels, weights, smoothing or reduction.

    The seed example: a picture scored cat / dog / pig with logits [1.3, 1.3, 2.6], true class 2.

    >>> r = cross_entropy([[1.3, 1.3, 2.6]], [2])
    >>> np.round(r.probs, 2).tolist(), round(r.loss, 4), r.agrees
    ([[0.18, 0.18, 0.65]], 0.4351, True)
    >>> np.round(r.grad, 4).tolist()
    [[0.1764, 0.1764, -0.3528]]
    """
    check_reduction(reduction)
    ignore_index = _check_ignore_index(ignore_index)
    smoothing = _check_smoothing(label_smoothing)
    inputs = as_logit_matrix(logits)
    n, c = inputs.shape
    weight = as_class_weight(weight, c)
    soft = _soft_target(target)

    ws = Workspace(size=inputs.size)
    x = ws.tensor(inputs)
    lse, log_probs, probs = _log_softmax_steps(ws, x)
    analytic = ws.empty(x.shape)  # scratch space until the gradient is written into it
    class_weight = ws.tensor(weight) if weight is not None else torch.ones_like(x[0])
    notes: list[Note] = []

    if soft is not None:
        check_same_shape(soft, inputs, "target", "logits")
        if ignore_index >= 0:
            raise InputError(
                "ignore_index is not supported with class-probability targets "
                "(PyTorch raises too); leave it at -100"
            )
        labels = soft
        ignored = np.zeros(n, dtype=bool)
        q = ws.tensor(soft)
        if smoothing:
            q = torch.mul(q, 1.0 - smoothing, out=ws.empty(q.shape)).add_(smoothing / c)
        weighted_target = q if weight is None else torch.mul(q, class_weight, out=ws.empty(q.shape))
        per_sample = -torch.mul(weighted_target, log_probs, out=analytic).sum(dim=1)
        sample_weight = torch.ones_like(lse)
        denominator = ws.tensor(float(n) if reduction == "mean" else 1.0)
        target_t = ws.tensor(soft)
        target_log_prob = np.full(n, np.nan)
        target_probs = ws.numpy(q)
        torch.mul(probs, weighted_target.sum(dim=1, keepdim=True), out=analytic)
        analytic.sub_(weighted_target)
        if reduction == "mean":
            _mean_gradient(analytic, denominator)
        row_sums = soft.sum(axis=1)
        if not np.allclose(row_sums, 1.0, atol=1e-6) or soft.min() < 0:
            bad = int(np.argmax(~np.isclose(row_sums, 1.0, atol=1e-6) | (soft < 0).any(axis=1)))
            notes.append(
                Note(
                    "soft_target_not_normalized",
                    f"Target row {bad + 1} is not a probability distribution (it sums to "
                    f"{row_sums[bad]:.4g}): PyTorch computes a number anyway, but it is not a "
                    "cross-entropy and can be negative.",
                    {"row": bad + 1, "sum": float(row_sums[bad])},
                )
            )
    else:
        labels = as_class_indices(target, n, c, ignore_index)
        target_t, ignored_t, picked, class_weight, sample_weight, nll = _index_target_steps(
            ws, log_probs, labels, weight, ignore_index
        )
        ignored = ignored_t.cpu().numpy()
        per_sample = (1.0 - smoothing) * nll
        if smoothing:
            weighted_log_probs = (
                log_probs if weight is None else torch.mul(log_probs, class_weight, out=analytic)
            )
            smooth = -weighted_log_probs.sum(dim=1)
            per_sample = per_sample + (smoothing / c) * torch.where(
                ignored_t, torch.zeros_like(smooth), smooth
            )
        denominator = sample_weight.sum() if reduction == "mean" else ws.tensor(1.0)
        target_log_prob = np.where(ignored, np.nan, ws.numpy(picked))
        target_probs = _index_target_probs(labels, ignored, c, smoothing, ws.dtype)
        _index_target_gradient(
            ws,
            probs,
            torch.where(ignored_t, 0, target_t),
            sample_weight,
            class_weight,
            (~ignored_t).to(x.dtype),
            smoothing,
            unit_weights=weight is None and not ignored.any(),
            denominator=denominator if reduction == "mean" else None,
            out=analytic,
        )
        notes.extend(_ignored_notes(ignored, ignore_index, c, reduction))

    loss = reduce(per_sample.sum(), denominator, reduction)
    reference, grad = fused_loss_and_grad(
        F.cross_entropy,
        x,
        target_t,
        weight=ws.tensor(weight) if weight is not None else None,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=smoothing,
    )

    per_sample_np = ws.numpy(per_sample)
    loss_value = ws.scalar(loss)
    if _rows_look_like_probabilities(inputs):
        notes.append(
            Note(
                "logits_look_like_probabilities",
                "Every row of logits lies in [0, 1] and sums to 1: these look like probabilities. "
                "cross_entropy applies log_softmax itself, so a softmax before it is applied twice "
                "(the loss is squashed and the gradients shrink). Pass raw logits.",
            )
        )
    if weight is not None and reduction == "mean" and soft is None:
        notes.extend(_weighted_mean_note(per_sample_np, ~ignored, loss_value))
    return CrossEntropyResult(
        name="cross_entropy",
        reduction=reduction,
        loss=loss_value,
        per_sample=per_sample_np,
        denominator=ws.scalar(denominator),
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=tuple(notes),
        probs=ws.numpy(probs),
        log_probs=ws.numpy(log_probs),
        logsumexp=ws.numpy(lse),
        target=labels,
        soft_target=soft is not None,
        target_probs=target_probs,
        target_log_prob=target_log_prob,
        sample_weight=ws.numpy(sample_weight),
        ignored=ignored,
        label_smoothing=smoothing,
    )


def _weighted_target(target_probs: object, weight: object | None) -> np.ndarray:
    """(N, C) ``w_c q_ic``: the target distribution times the class weights."""
    q = as_logit_matrix(target_probs, "target_probs", min_classes=1)
    weight = as_class_weight(weight, q.shape[1])
    return q if weight is None else q * weight


def loss_terms(log_probs: object, target_probs: object, weight: object | None = None) -> np.ndarray:
    r"""Each class's share of each sample's cross-entropy: :math:`w_c\, q_{ic}\, (-\log p_{ic})`.

    Every cross-entropy loss is :math:`\ell_i = \sum_c w_c q_{ic} (-\log p_{ic})`, with
    :math:`q` the target distribution used (``CrossEntropyResult.target_probs``: one-hot,
    smoothed, or the probability target; zeros on ignored rows). The rows of the result add up
    to ``per_sample``. Without smoothing only the target class has a share.

    Args:
        log_probs: (N, C) log-probabilities.
        target_probs: (N, C) target distributions.
        weight: optional (C,) class weights.

    >>> np.round(loss_terms([[-1.7351, -1.7351, -0.4351]], [[0.05, 0.05, 0.9]]), 4).tolist()
    [[0.0868, 0.0868, 0.3916]]
    """
    x = as_logit_matrix(log_probs, "log_probs", min_classes=1)
    t = _weighted_target(target_probs, weight)
    check_same_shape(t, x, "target_probs", "log_probs")
    return -(t * x) + 0.0


def loss_floor(target_probs: object, weight: object | None = None) -> np.ndarray:
    r"""The lowest loss each sample can reach, whatever the logits.

    With :math:`t_c = w_c q_c` and :math:`T = \sum_c t_c`, the loss
    :math:`\sum_c t_c (-\log p_c)` is smallest at :math:`p = t / T` (Gibbs' inequality):

    .. math::
        \min_p \ell = -\sum_c t_c \log \frac{t_c}{T} = T \, H(t / T)

    Without class weights that is the entropy :math:`H(q)` of the target: 0 for a one-hot
    target (approached as the logits grow), :math:`H((1-\varepsilon)\,\mathrm{onehot}
    + \varepsilon / C) > 0` with label smoothing, so a smoothed loss never reaches 0.
    Ignored rows (all zeros) give 0.

    Args:
        target_probs: (N, C) target distributions (``CrossEntropyResult.target_probs``).
        weight: optional (C,) class weights.

    Returns:
        (N,) the floor of each sample's loss, in nats.

    >>> np.round(loss_floor([[0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3], [0.0, 0.0, 1.0]]), 4).tolist()
    [0.2911, 0.0]
    """
    t = _weighted_target(target_probs, weight)
    ws = Workspace()
    tensor = ws.tensor(t)
    total = tensor.sum(dim=1, keepdim=True)
    share = torch.where(total > 0, tensor / torch.where(total > 0, total, 1.0), 0.0)
    return ws.numpy(-torch.xlogy(tensor, share).sum(dim=1) + 0.0)


@dataclass(frozen=True)
class ReductionSummary:
    r"""How the per-sample losses become one number, for every reduction at once.

    Attributes:
        total: :math:`\sum_i \ell_i`, what 'sum' gives.
        denominator: what 'mean' divides by: the summed target weights :math:`w_{y_i}` of the
            kept samples (the number of kept samples without weights); N for probability targets.
        mean: ``total / denominator``, what 'mean' gives (NaN when the denominator is 0).
        plain_mean: the plain mean of the kept samples' losses (NaN when none is kept); equal
            to ``mean`` unless class weights differ.
        kept: how many samples count.
        ignored: how many samples are left out (``ignore_index``).
    """

    total: float
    denominator: float
    mean: float
    plain_mean: float
    kept: int
    ignored: int

    @property
    def differs(self) -> bool:
        """True when 'mean' is not the plain mean of the kept losses (the weights differ)."""
        if math.isnan(self.mean) or math.isnan(self.plain_mean):
            return False
        return not math.isclose(self.mean, self.plain_mean, rel_tol=1e-9, abs_tol=1e-12)


def reduction_summary(
    per_sample: object, sample_weight: object, ignored: object
) -> ReductionSummary:
    r"""'sum', the weighted 'mean' and the plain mean of a cross-entropy's per-sample losses.

    .. math::
        \text{mean} = \frac{\sum_i \ell_i}{\sum_{i\ \text{kept}} w_{y_i}}
        \neq \frac{1}{K} \sum_{i\ \text{kept}} \ell_i \quad \text{(with class weights)}

    Args:
        per_sample: (N,) losses (``reduction='none'``).
        sample_weight: (N,) ``weight[y_i]``, 0 where ignored (1 for probability targets).
        ignored: (N,) True where the sample is left out.

    The semantics note's example: weights [25, 25, 100], targets [1, 2], so the per-sample
    losses carry weights 25 and 100:

    >>> s = reduction_summary([64.5897, 44.2207], [25.0, 100.0], [False, False])
    >>> round(s.mean, 4), round(s.plain_mean, 4), s.denominator, s.kept
    (0.8705, 54.4052, 125.0, 2)
    """
    losses = as_float_array(per_sample, "per_sample").ravel()
    weights = as_float_array(sample_weight, "sample_weight").ravel()
    left_out = np.asarray(ignored, dtype=bool).ravel()
    check_same_shape(weights, losses, "sample_weight", "per_sample")
    check_same_shape(left_out, losses, "ignored", "per_sample")
    kept = ~left_out
    total = float(losses.sum())
    denominator = float(weights[kept].sum())
    count = int(kept.sum())
    return ReductionSummary(
        total=total,
        denominator=denominator,
        mean=total / denominator if denominator != 0 else math.nan,
        plain_mean=float(losses[kept].mean()) if count else math.nan,
        kept=count,
        ignored=int(left_out.sum()),
    )
