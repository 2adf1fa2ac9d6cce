r"""Class imbalance: a reproducible imbalanced batch, class weights from label counts, and what
class weights, focal loss and label smoothing do to a loss.

With class weights :math:`w`, PyTorch's 'mean' is a weighted mean, so the weights move the
loss toward the classes they favour:

.. math::
    L = \frac{\sum_i w_{y_i} \ell_i}{\sum_i w_{y_i}}
      = \frac{\sum_c w_c S_c}{\sum_c w_c n_c},
    \qquad S_c = \sum_{i : y_i = c} -\log p_{i,c}

where :math:`n_c` is the number of samples of class :math:`c`. The focal loss
:math:`-\alpha_{y} (1 - p_t)^\gamma \log p_t` turns down the samples the model already gets
right; label smoothing :math:`q = (1 - \varepsilon)\,\mathrm{onehot} + \varepsilon / C` keeps
the loss above the entropy of :math:`q` and the true-class gradient away from 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from lossviz._torch import Workspace
from lossviz.errors import InputError
from lossviz.validation import (
    as_class_indices,
    as_class_weight,
    as_float_array,
    as_real_number,
    as_unit_interval,
    as_whole_number,
    check_reduction,
)

__all__ = [
    "ALPHA_CONVENTIONS",
    "WEIGHT_SCHEMES",
    "AlphaChoice",
    "ClassBreakdown",
    "FocalComparison",
    "SmoothingCurves",
    "class_breakdown",
    "class_counts",
    "class_weights",
    "focal_alpha",
    "focal_comparison",
    "focal_curves",
    "focal_ratio_curves",
    "imbalance_ratio",
    "smoothing_curves",
]

#: Ways to turn label counts into class weights (see ``class_weights``).
WEIGHT_SCHEMES = ("inverse", "inverse_sqrt", "effective")

#: How ``focal_alpha`` read the alpha it was given.
ALPHA_CONVENTIONS = ("none", "per_class", "binary", "uniform")

#: A sample with :math:`p_t` at least this is called easy.
EASY = 0.5


def class_counts(labels: object, num_classes: int) -> np.ndarray:
    """How many samples each class has: :math:`n_c = |\\{i : y_i = c\\}|`.

    >>> class_counts([0, 0, 2, 0], 3).tolist()
    [3, 0, 1]
    """
    num_classes = as_whole_number(num_classes, "the number of classes", 1, 1_000_000)
    array = np.asarray(labels)
    indices = as_class_indices(array, array.shape[0] if array.ndim else 1, num_classes)
    return np.bincount(indices, minlength=num_classes)


def imbalance_ratio(counts: object) -> float:
    """The largest class count over the smallest non-zero one (NaN when no class has samples).

    >>> imbalance_ratio([40, 13, 4]), imbalance_ratio([5, 0, 1]), imbalance_ratio([0, 0])
    (10.0, 5.0, nan)
    """
    values = as_float_array(counts, "counts").ravel()
    present = values[values > 0]
    if present.size == 0:
        return math.nan
    return float(present.max() / present.min())


def class_weights(
    counts: object, scheme: str = "inverse", beta: float = 0.99, decimals: int | None = None
) -> np.ndarray:
    r"""Class weights from label counts, scaled so that their mean over the classes is 1.

    - ``"inverse"``: :math:`w_c \propto 1 / n_c`;
    - ``"inverse_sqrt"``: :math:`w_c \propto 1 / \sqrt{n_c}` (a milder correction);
    - ``"effective"``: the effective number of samples (Cui et al., 2019),
      :math:`w_c \propto (1 - \beta) / (1 - \beta^{n_c})`: uniform weights at
      :math:`\beta = 0`, inverse frequency as :math:`\beta \to 1`.

    Then :math:`w \leftarrow C\, w / \sum_c w_c`. A class without samples is counted as one, so
    its weight stays finite (it only matters with label smoothing).

    Args:
        counts: (C,) samples per class (whole numbers >= 0).
        scheme: one of ``WEIGHT_SCHEMES``.
        beta: :math:`\beta` in [0, 1) for ``"effective"``.
        decimals: round the weights to this many decimals (None: keep every digit).

    Raises:
        InputError: bad counts, an unknown scheme or a beta outside [0, 1).

    >>> class_weights([40, 13, 4]).round(4).tolist()
    [0.2131, 0.6557, 2.1311]
    >>> class_weights([40, 13, 4], "effective", beta=0.9, decimals=4).tolist()
    [0.5785, 0.7642, 1.6573]
    """
    values = as_float_array(counts, "counts")
    if values.ndim != 1 or (values < 0).any() or (values != np.round(values)).any():
        raise InputError("counts must be one whole number >= 0 per class")
    if scheme not in WEIGHT_SCHEMES:
        raise InputError(f"weight scheme {scheme!r} is unknown: use " + ", ".join(WEIGHT_SCHEMES))
    if scheme == "effective":
        beta = as_real_number(beta, "beta", 0.0, 1.0)
        if beta >= 1.0:
            raise InputError(f"beta must be below 1 (1 gives 0 / 0); got {beta!r}")
    ws = Workspace()
    n = torch.clamp(ws.tensor(values), min=1.0)
    if scheme == "inverse":
        raw = 1.0 / n
    elif scheme == "inverse_sqrt":
        raw = torch.rsqrt(n)
    elif beta == 0:
        raw = torch.ones_like(n)
    else:
        # (1 - beta) / (1 - beta^n), with expm1 so that a beta close to 1 keeps its digits
        log_beta = math.log(beta)
        raw = -math.expm1(log_beta) / -torch.expm1(n * log_beta)
    weights = ws.numpy(raw * (values.shape[0] / raw.sum()))
    return np.round(weights, decimals) if decimals is not None else weights


@dataclass(frozen=True)
class ClassBreakdown:
    r"""A loss and its gradient, class by class (samples grouped by their target class).

    Attributes:
        counts: (C,) samples per class, :math:`n_c`.
        loss_sum: (C,) :math:`\sum_{i : y_i = c} \ell_i` (the weighted per-sample losses).
        loss_share: (C,) each class's part of the reduced loss, ``loss_sum / denominator``; the
            parts add up to the loss ('none': to the sum of the per-sample losses).
        grad_norm: (C,) :math:`\sum_{i : y_i = c} \lVert \partial L / \partial z_i \rVert_2`:
            how hard the class's samples are pushed.
    """

    counts: np.ndarray
    loss_sum: np.ndarray
    loss_share: np.ndarray
    grad_norm: np.ndarray


def class_breakdown(
    per_sample: object, grad: object, labels: object, denominator: float, num_classes: int
) -> ClassBreakdown:
    r"""Group a loss's per-sample values and gradient rows by the samples' classes.

    .. math::
        \mathrm{share}_c = \frac{1}{d} \sum_{i : y_i = c} \ell_i, \qquad
        \mathrm{push}_c = \sum_{i : y_i = c} \lVert \partial L / \partial z_i \rVert_2

    Args:
        per_sample: (N,) losses, as ``reduction="none"`` gives them.
        grad: (N, C) the gradient of the reduced loss with respect to the logits.
        labels: (N,) each sample's class (the most likely one for probability targets).
        denominator: what the reduction divides the summed loss by (1 for 'sum' and 'none').
        num_classes: C.

    >>> b = class_breakdown([0.5, 1.5, 2.0], [[0.3, -0.3], [0.0, 0.0], [-0.4, 0.4]],
    ...                     [0, 0, 1], 2.0, 2)
    >>> b.counts.tolist(), b.loss_sum.tolist(), b.loss_share.tolist()
    ([2, 1], [2.0, 2.0], [1.0, 1.0])
    >>> b.grad_norm.round(4).tolist()
    [0.4243, 0.5657]

    Non-finite values (all-zero weights make 'mean' divide 0 by 0) pass through:

    >>> class_breakdown([0.0], [[float("nan"), float("nan")]], [1], 0.0, 2).grad_norm.tolist()
    [0.0, nan]
    """
    # NaN passes through: all-zero class weights make 'mean' 0 / 0, in PyTorch too
    losses = np.asarray(per_sample, dtype=np.float64).ravel()
    rows = np.asarray(grad, dtype=np.float64)
    n = losses.shape[0]
    if rows.shape != (n, num_classes):
        raise InputError(
            f"grad must have one row of {num_classes} values per sample ({n}); "
            f"got shape {rows.shape}"
        )
    indices = as_class_indices(np.asarray(labels), n, num_classes)
    d = float(denominator)
    loss_sum = np.bincount(indices, weights=losses, minlength=num_classes)
    norms = np.linalg.norm(rows, axis=1)
    return ClassBreakdown(
        counts=np.bincount(indices, minlength=num_classes),
        loss_sum=loss_sum,
        loss_share=loss_sum / d if d != 0 else np.full(num_classes, math.nan),
        grad_norm=np.bincount(indices, weights=norms, minlength=num_classes),
    )


@dataclass(frozen=True)
class AlphaChoice:
    """The per-class alpha ``focal_loss`` takes, and how it was read from what was given.

    Attributes:
        alpha: (C,) the weight of each class, or None (no alpha).
        convention: ``"none"``; ``"per_class"`` (one value per class); ``"binary"`` (one value
            for two classes, torchvision's convention: class 1 gets alpha, class 0 gets
            1 - alpha); ``"uniform"`` (one value for more classes: every class gets it).
    """

    alpha: np.ndarray | None
    convention: str


def focal_alpha(values: object | None, num_classes: int) -> AlphaChoice:
    r"""Read a focal loss's alpha: one value per class, or a single value.

    A single :math:`\alpha` in [0, 1] follows ``torchvision.ops.sigmoid_focal_loss`` for two
    classes: the positive class 1 gets :math:`\alpha` and class 0 gets :math:`1 - \alpha`, and
    the softmax focal loss of logits :math:`(z_0, z_1)` then equals the sigmoid focal loss of
    :math:`z_1 - z_0`. With more classes there are no positives and negatives: every class gets
    :math:`\alpha`, which only scales the loss (as a single alpha does in multi-class focal
    losses such as kornia's).

    Args:
        values: None or empty for no alpha; C values; or one value.
        num_classes: C.

    Raises:
        InputError: a negative value, a single value outside [0, 1], or neither 1 nor C values.

    >>> focal_alpha([0.25], 2)
    AlphaChoice(alpha=array([0.75, 0.25]), convention='binary')
    >>> focal_alpha([0.25], 3).alpha.tolist(), focal_alpha([1, 2, 3], 3).convention
    ([0.25, 0.25, 0.25], 'per_class')
    >>> focal_alpha(None, 3)
    AlphaChoice(alpha=None, convention='none')
    """
    if values is None or np.size(values) == 0:
        return AlphaChoice(None, "none")
    flat = as_float_array(values, "alpha").ravel()
    if flat.size == 1:
        value = float(as_unit_interval(flat, "alpha")[0])
        if num_classes == 2:
            return AlphaChoice(np.array([1.0 - value, value]), "binary")
        return AlphaChoice(np.full(num_classes, value), "uniform")
    return AlphaChoice(as_class_weight(flat, num_classes, "alpha"), "per_class")


def focal_curves(p: object, gammas: object) -> np.ndarray:
    r"""The focal loss of one sample against the probability of its class, for several gammas.

    .. math::
        \mathrm{FL}_\gamma(p) = -(1 - p)^\gamma \log p

    :math:`\gamma = 0` is the cross-entropy :math:`-\log p`; a larger :math:`\gamma` flattens
    the curve where :math:`p` is large (easy samples).

    Args:
        p: (P,) probabilities in (0, 1].
        gammas: (G,) exponents >= 0.

    Returns:
        (G, P) one curve per gamma.

    >>> np.round(focal_curves([0.1, 0.5, 0.9], [0.0, 2.0]), 4).tolist()
    [[2.3026, 0.6931, 0.1054], [1.8651, 0.1733, 0.0011]]
    """
    grid = as_float_array(p, "p").ravel()
    if ((grid <= 0) | (grid > 1)).any():
        raise InputError("p must lie in (0, 1]: the loss is infinite at p = 0")
    exponents = as_float_array(gammas, "gammas").ravel()
    if (exponents < 0).any():
        raise InputError("gamma must be >= 0")
    ws = Workspace()
    pt = ws.tensor(grid)
    g = ws.tensor(exponents).unsqueeze(1)
    modulating = torch.pow(-torch.expm1(torch.log(pt)), g)
    return ws.numpy(-modulating * torch.log(pt) + 0.0)


def focal_ratio_curves(
    p: object, gamma: float, alpha: object | None = None
) -> dict[int | None, np.ndarray]:
    r"""What the focal loss keeps of the cross-entropy, :math:`\alpha_c (1 - p)^\gamma`, on a grid.

    One curve (key ``None``) when every class has the same alpha (or none); one per class
    otherwise.

    >>> {k: v.round(4).tolist() for k, v in focal_ratio_curves([0.5, 0.9], 2.0).items()}
    {None: [0.25, 0.01]}
    >>> sorted(focal_ratio_curves([0.5], 2.0, [1.0, 3.0]))
    [0, 1]
    """
    grid = as_float_array(p, "p").ravel()
    if ((grid < 0) | (grid > 1)).any():
        raise InputError("p must lie in [0, 1]")
    gamma = as_real_number(gamma, "gamma", 0.0, math.inf)
    ws = Workspace()
    base = ws.numpy(torch.pow(1.0 - ws.tensor(grid), gamma))
    if alpha is None:
        return {None: base}
    weights = as_float_array(alpha, "alpha").ravel()
    if np.all(weights == weights[0]):
        return {None: weights[0] * base}
    return {c: w * base for c, w in enumerate(weights)}


@dataclass(frozen=True)
class FocalComparison:
    r"""The focal loss beside the cross-entropy of the same batch.

    Attributes:
        ce_loss: the cross-entropy reduced as the focal loss is ('mean': plain mean over N;
            'sum' and 'none': the sum).
        on_curve: (N,) :math:`(1 - p_t)^\gamma (-\log p_t)`: the focal loss before alpha, a
            point on the curve of :math:`\gamma`.
        ratio: (N,) focal / cross-entropy :math:`= \alpha_t (1 - p_t)^\gamma`.
        kept: :math:`\sum_i \mathrm{FL}_i / \sum_i \mathrm{CE}_i` (NaN when the CE is 0).
        easy: how many samples are easy (:math:`p_t \ge 0.5`).
        easy_share_ce: the easy samples' share of the summed cross-entropy.
        easy_share_focal: their share of the summed focal loss.
    """

    ce_loss: float
    on_curve: np.ndarray
    ratio: np.ndarray
    kept: float
    easy: int
    easy_share_ce: float
    easy_share_focal: float


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else math.nan


def focal_comparison(
    target_prob: object,
    ce: object,
    modulating_factor: object,
    alpha_t: object,
    reduction: str = "mean",
) -> FocalComparison:
    r"""How much of the cross-entropy the focal loss keeps, sample by sample and in total.

    Takes the pieces of a ``FocalResult`` (``target_prob``, ``ce``, ``modulating_factor``,
    ``alpha_t``): :math:`\mathrm{FL}_i = \alpha_t (1 - p_t)^\gamma \mathrm{CE}_i`.

    >>> c = focal_comparison([0.9, 0.2], [0.1054, 1.6094], [0.01, 0.64], [1.0, 1.0])
    >>> round(c.ce_loss, 4), c.ratio.tolist(), round(c.kept, 4), c.easy
    (0.8574, [0.01, 0.64], 0.6013, 1)
    >>> round(c.easy_share_ce, 4), round(c.easy_share_focal, 4)
    (0.0615, 0.001)
    """
    check_reduction(reduction)
    pt = as_float_array(target_prob, "target_prob").ravel()
    ce_values = as_float_array(ce, "ce").ravel()
    on_curve = as_float_array(modulating_factor, "modulating_factor").ravel() * ce_values
    ratio = (
        as_float_array(alpha_t, "alpha_t").ravel()
        * as_float_array(modulating_factor, "modulating_factor").ravel()
    )
    focal = ratio * ce_values
    easy = pt >= EASY
    total_ce, total_focal = float(ce_values.sum()), float(focal.sum())
    return FocalComparison(
        ce_loss=total_ce / ce_values.shape[0] if reduction == "mean" else total_ce,
        on_curve=on_curve,
        ratio=ratio,
        kept=_share(total_focal, total_ce),
        easy=int(easy.sum()),
        easy_share_ce=_share(float(ce_values[easy].sum()), total_ce),
        easy_share_focal=_share(float(focal[easy].sum()), total_focal),
    )


@dataclass(frozen=True)
class SmoothingCurves:
    r"""One sample's cross-entropy and true-class gradient against the true class's probability
    :math:`p`, with and without label smoothing (the rest of the probability spread evenly).

    Attributes:
        p: (P,) the grid of probabilities.
        loss_plain, loss_smoothed: (P,) the loss without and with smoothing.
        grad_plain, grad_smoothed: (P,) :math:`\partial \ell / \partial z_y`: :math:`p - 1`
            and :math:`p - q_y`.
        true_target: :math:`q_y = 1 - \varepsilon + \varepsilon / C`.
        floor: the smallest smoothed loss, :math:`H(q)`, reached at :math:`p = q_y`.
        grad_at_one: the smoothed gradient at :math:`p = 1`,
            :math:`1 - q_y = \varepsilon (C - 1) / C`.
    """

    p: np.ndarray
    loss_plain: np.ndarray
    loss_smoothed: np.ndarray
    grad_plain: np.ndarray
    grad_smoothed: np.ndarray
    true_target: float
    floor: float
    grad_at_one: float


def smoothing_curves(num_classes: int, smoothing: float, points: int = 99) -> SmoothingCurves:
    r"""The label-smoothed loss and gradient of one sample as its true class's probability grows.

    With :math:`q_y = 1 - \varepsilon + \varepsilon / C` and the other classes sharing
    :math:`1 - p` evenly:

    .. math::
        \ell(p) = -q_y \log p - (1 - q_y) \log \frac{1 - p}{C - 1}, \qquad
        \frac{\partial \ell}{\partial z_y} = p - q_y

    The loss is smallest at :math:`p = q_y`, where it equals the entropy :math:`H(q)`; it grows
    again as :math:`p \to 1`, and the gradient there is :math:`1 - q_y > 0`, not 0.

    Args:
        num_classes: C, at least 2.
        smoothing: :math:`\varepsilon` in [0, 1].
        points: grid size; the grid runs over (0, 1), ends left out.

    >>> s = smoothing_curves(3, 0.1, points=3)
    >>> s.p.tolist(), round(s.true_target, 4), round(s.floor, 4), round(s.grad_at_one, 4)
    ([0.25, 0.5, 0.75], 0.9333, 0.2911, 0.0667)
    >>> s.loss_smoothed.round(4).tolist(), s.grad_smoothed.round(4).tolist()
    ([1.3593, 0.7394, 0.4071], [-0.6833, -0.4333, -0.1833])
    """
    num_classes = as_whole_number(num_classes, "the number of classes", 2, 1_000_000)
    eps = as_real_number(smoothing, "smoothing", 0.0, 1.0)
    points = as_whole_number(points, "points", 1, 100_000)
    ws = Workspace()
    p = ws.tensor(np.linspace(0.0, 1.0, points + 2)[1:-1])
    q_y = 1.0 - eps + eps / num_classes
    rest = torch.log((1.0 - p) / (num_classes - 1))
    plain = -torch.log(p)
    smoothed = -q_y * torch.log(p) - (1.0 - q_y) * rest
    floor = -math.fsum(
        [
            q_y * math.log(q_y) if q_y > 0 else 0.0,
            (1.0 - q_y) * math.log((1.0 - q_y) / (num_classes - 1)) if q_y < 1 else 0.0,
        ]
    )
    return SmoothingCurves(
        p=ws.numpy(p),
        loss_plain=ws.numpy(plain),
        loss_smoothed=ws.numpy(smoothed),
        grad_plain=ws.numpy(p - 1.0),
        grad_smoothed=ws.numpy(p - q_y),
        true_target=q_y,
        floor=floor + 0.0,
        grad_at_one=1.0 - q_y,
    )
