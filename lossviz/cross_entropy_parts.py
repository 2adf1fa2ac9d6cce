r"""How a cross-entropy splits: each class's share, the lowest loss reachable, the reduction.

These work on the (N, C) tables a ``CrossEntropyResult`` holds (``log_probs``,
``target_probs``, ``per_sample``, ``sample_weight``, ``ignored``); ``lossviz.cross_entropy``
re-exports them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from lossviz._torch import Workspace
from lossviz.validation import (
    as_class_weight,
    as_float_array,
    as_logit_matrix,
    check_same_shape,
)

__all__ = ["ReductionSummary", "loss_floor", "loss_terms", "reduction_summary"]


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
