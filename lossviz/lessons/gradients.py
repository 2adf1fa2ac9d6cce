r"""The gradient of cross-entropy with respect to the logits, read from a ``CrossEntropyResult``.

For every sample the gradient is

.. math::
    \frac{\partial L}{\partial z_{ij}} = \frac{p_{ij} \sum_c w_c t_{ic} - w_j t_{ij}}{d},

with :math:`t` the target distribution (one-hot, smoothed or soft), :math:`w` the class weights
and :math:`d` the denominator of the mean (1 for ``"sum"``). For a label :math:`y` without
smoothing it is :math:`(p_j - \mathrm{onehot}(y)_j)\, w_y / d`. Each row sums to 0 because the loss
only depends on the logits through ``log_softmax``, which ignores a constant added to a row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace
from lossviz.cross_entropy import cross_entropy
from lossviz.results import CrossEntropyResult, Note

__all__ = [
    "DoubleSoftmaxResult",
    "GradientSummary",
    "TrueClassPoints",
    "double_softmax",
    "gradient_norms",
    "gradient_summary",
    "row_sums",
    "true_class_curve",
    "true_class_curves",
    "true_class_points",
    "true_class_target",
]


def row_sums(grad: object) -> np.ndarray:
    r"""Each sample's :math:`\sum_j \partial L / \partial z_{ij}`: 0 up to rounding for
    cross-entropy.

    >>> row_sums([[0.1764, 0.1764, -0.3528], [0.5, -0.25, -0.25]]).round(12).tolist()
    [0.0, 0.0]
    """
    return np.asarray(grad, dtype=np.float64).sum(axis=1)


def gradient_norms(grad: object) -> np.ndarray:
    r"""Each sample's gradient size :math:`\lVert \partial L / \partial z_i \rVert_2`.

    >>> gradient_norms([[3.0, -4.0], [0.0, 0.0]]).tolist()
    [5.0, 0.0]
    """
    return np.linalg.norm(np.asarray(grad, dtype=np.float64), axis=1)


@dataclass(frozen=True)
class GradientSummary:
    r"""What the page says about the gradient of a whole batch.

    Attributes:
        ignored: how many samples are ignored (their rows are 0).
        largest_row_sum: the largest :math:`|\sum_j \partial L / \partial z_{ij}|`.
        largest: the largest :math:`|\partial L / \partial z_{ij}|`.
    """

    ignored: int
    largest_row_sum: float
    largest: float


def gradient_summary(result: CrossEntropyResult) -> GradientSummary:
    """How many samples are ignored, and how far the gradient rows are from summing to 0.

    >>> r = cross_entropy([[1.3, 1.3, 2.6], [0.0, 1.0, 2.0]], [2, 0], ignore_index=0)
    >>> s = gradient_summary(r)
    >>> s.ignored, s.largest_row_sum < 1e-15, round(s.largest, 4)
    (1, True, 0.3528)
    """
    grad = np.asarray(result.grad, dtype=np.float64)
    return GradientSummary(
        ignored=int(np.count_nonzero(result.ignored)),
        largest_row_sum=float(np.abs(row_sums(grad)).max(initial=0.0)),
        largest=float(np.abs(grad).max(initial=0.0)),
    )


@dataclass(frozen=True)
class TrueClassPoints:
    """Each sample's true class, its probability and the gradient on its logit.

    Attributes:
        labels: (N,) the target class (the most likely one for soft targets).
        prob: (N,) :math:`p_{i,y_i}`.
        grad: (N,) :math:`\\partial L / \\partial z_{i,y_i}` from autograd.
        kept: (N,) False where the sample is ignored (its gradient is 0).
    """

    labels: np.ndarray
    prob: np.ndarray
    grad: np.ndarray
    kept: np.ndarray


def true_class_points(result: CrossEntropyResult) -> TrueClassPoints:
    r"""The gradient on each sample's true-class logit against that class's probability.

    Without smoothing or weights and with ``reduction="sum"`` the gradient is
    :math:`p_y - 1`: a confident right answer gets almost no push, a confident wrong one the
    largest.

    >>> r = cross_entropy([[1.3, 1.3, 2.6], [3.0, 0.0, 0.0]], [2, 1], reduction="sum")
    >>> points = true_class_points(r)
    >>> points.labels.tolist(), points.prob.round(4).tolist(), points.grad.round(4).tolist()
    ([2, 1], [0.6472, 0.0453], [-0.3528, -0.9547])
    """
    target = np.asarray(result.target)
    labels = target.argmax(axis=1) if result.soft_target else target.astype(np.int64)
    num_classes = result.probs.shape[1]
    kept = ~np.asarray(result.ignored, dtype=bool)
    safe = np.where((labels >= 0) & (labels < num_classes), labels, 0)
    rows = np.arange(labels.shape[0])
    return TrueClassPoints(
        labels=safe,
        prob=result.probs[rows, safe],
        grad=result.grad[rows, safe],
        kept=kept,
    )


def true_class_target(num_classes: int, smoothing: float = 0.0) -> float:
    r"""The true class's target after label smoothing, :math:`1 - \varepsilon + \varepsilon / C`:
    where the gradient on the true logit crosses 0.

    >>> true_class_target(3), round(true_class_target(3, 0.3), 4)
    (1.0, 0.8)
    """
    eps = float(smoothing)
    return 1.0 - eps + eps / num_classes


def true_class_curve(
    p: object,
    num_classes: int,
    label: int = 0,
    weight: object | None = None,
    smoothing: float = 0.0,
    denominator: float = 1.0,
) -> np.ndarray:
    r"""The gradient on the true-class logit as a function of that class's probability :math:`p`.

    .. math::
        \frac{\partial L}{\partial z_y}
        = \frac{p \left((1 - \varepsilon) w_y + \tfrac{\varepsilon}{C} \sum_c w_c\right)
                - \left(1 - \varepsilon + \tfrac{\varepsilon}{C}\right) w_y}{d}

    Unweighted, unsmoothed, summed: :math:`p - 1`, whose size is :math:`1 - p`.

    >>> true_class_curve([0.0, 0.5, 0.9, 1.0], num_classes=3).round(4).tolist()
    [-1.0, -0.5, -0.1, 0.0]
    >>> true_class_curve([1.0], num_classes=3, smoothing=0.3).round(4).tolist()
    [0.2]
    """
    p = np.asarray(p, dtype=np.float64)
    w = np.ones(num_classes) if weight is None else np.asarray(weight, dtype=np.float64)
    w_y = w[label]
    eps = float(smoothing)
    mass = (1.0 - eps) * w_y + eps / num_classes * w.sum()
    target = (1.0 - eps + eps / num_classes) * w_y
    return (p * mass - target) / denominator


def true_class_curves(
    result: CrossEntropyResult, weight: object | None = None, points: int = 101
) -> tuple[np.ndarray, dict[int | None, np.ndarray]]:
    """A grid of probabilities and the theoretical true-class gradient on it.

    One curve for every class that is the label of a kept sample when class weights are set
    (key: the class), one curve for all (key ``None``) without them; none for soft targets or
    when every sample is ignored under ``"mean"`` (the gradient is then 0).

    >>> r = cross_entropy([[1.3, 1.3, 2.6]], [2])
    >>> grid, curves = true_class_curves(r, points=3)
    >>> grid.tolist(), {k: v.tolist() for k, v in curves.items()}
    ([0.0, 0.5, 1.0], {None: [-1.0, -0.5, 0.0]})
    """
    grid = np.linspace(0.0, 1.0, points)
    if result.soft_target or result.denominator == 0:
        return grid, {}
    num_classes = result.probs.shape[1]
    settings = {
        "num_classes": num_classes,
        "weight": weight,
        "smoothing": result.label_smoothing,
        "denominator": result.denominator,
    }
    if weight is None:
        return grid, {None: true_class_curve(grid, **settings)}
    labels = np.asarray(result.target)[~np.asarray(result.ignored, dtype=bool)]
    return grid, {
        int(c): true_class_curve(grid, label=int(c), **settings) for c in np.unique(labels)
    }


@dataclass(frozen=True)
class DoubleSoftmaxResult:
    """Cross-entropy fed ``softmax(logits)`` instead of the logits: the classic double softmax.

    Attributes:
        per_sample: (N,) the losses ``F.cross_entropy(softmax(z), y, reduction="none")`` gives.
        loss: the reduced loss.
        grad: (N, C) d loss / d z through both softmaxes, from autograd.
        analytic_grad: the same by the chain rule, :math:`p \\odot (g - \\sum_k p_k g_k)`,
            with :math:`g` the gradient with respect to the probabilities.
        notes: remarks on the input (from the inner cross-entropy).
    """

    per_sample: np.ndarray
    loss: float
    grad: np.ndarray
    analytic_grad: np.ndarray
    notes: tuple[Note, ...] = ()


def double_softmax(
    logits: object,
    target: object,
    weight: object | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> DoubleSoftmaxResult:
    r"""``F.cross_entropy(softmax(z), target)``: the loss and its gradient with respect to ``z``.

    ``cross_entropy`` applies log-softmax itself, so a softmax before it squashes the inputs into
    [0, 1]: the loss can no longer approach 0 and the gradients shrink.

    Raises:
        InputError: what ``cross_entropy`` refuses.

    >>> r = double_softmax([[2.0, 1.0, -1.0]], [0])
    >>> round(r.loss, 3), bool(np.abs(r.grad - r.analytic_grad).max() < 1e-12)
    (0.766, True)
    """
    plain = cross_entropy(
        logits, target, weight, ignore_index, reduction="none", label_smoothing=label_smoothing
    )
    probs = plain.probs
    inner = cross_entropy(probs, target, weight, ignore_index, reduction, label_smoothing)
    chained = probs * (inner.grad - (probs * inner.grad).sum(axis=1, keepdims=True))

    ws = Workspace()
    z = ws.tensor(np.asarray(logits, dtype=np.float64), requires_grad=True)
    soft = np.asarray(inner.target).ndim == 2
    target_t = ws.tensor(inner.target) if soft else ws.labels(inner.target)
    loss = F.cross_entropy(
        torch.softmax(z, dim=1),
        target_t,
        weight=ws.tensor(weight) if weight is not None else None,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=label_smoothing,
    )
    (loss.sum() if loss.dim() else loss).backward()
    return DoubleSoftmaxResult(
        per_sample=inner.per_sample,
        loss=inner.loss,
        grad=ws.numpy(z.grad),
        analytic_grad=chained,
        notes=tuple(note for note in inner.notes if note.code != "logits_look_like_probabilities"),
    )
