r"""How a cross-entropy splits: each class's share, the lowest loss reachable, the reduction.

These work on what a ``CrossEntropyResult`` holds (``log_probs``, ``target_probs``,
``per_sample``, ``sample_weight``, ``ignored``), in any of its layouts: an (N, C) table, one
(C,) sample, or (N, C, d1, ..., dK) with the classes in dimension 1 (a batch of sequences, an
image). They check their input as the app's input layer does (finite values only).
``lossviz.cross_entropy`` re-exports them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from lossviz._torch import Workspace
from lossviz.errors import InputError
from lossviz.validation import as_class_weight, as_float_array, as_values, check_same_shape

__all__ = ["ReductionSummary", "loss_floor", "loss_terms", "reduction_summary"]


def _class_dim(values: np.ndarray, name: str) -> int:
    """The class dimension of a (C,), (N, C) or (N, C, d1, ...) array, as in cross_entropy."""
    if values.ndim == 0:
        raise InputError(f"{name} needs a dimension of classes; got a single number")
    return 0 if values.ndim == 1 else 1


def _weighted_target(target_probs: object, weight: object | None) -> tuple[np.ndarray, int]:
    """``w_c q_c``: the target distribution times the class weights, and the class dimension."""
    q = as_float_array(target_probs, "target_probs")
    dim = _class_dim(q, "target_probs")
    weight = as_class_weight(weight, q.shape[dim])
    if weight is None:
        return q, dim
    return q * weight.reshape((-1,) + (1,) * (q.ndim - dim - 1)), dim


def loss_terms(log_probs: object, target_probs: object, weight: object | None = None) -> np.ndarray:
    r"""Each class's share of each element's cross-entropy: :math:`w_c\, q_{ic}\, (-\log p_{ic})`.

    Every cross-entropy loss is :math:`\ell_i = \sum_c w_c q_{ic} (-\log p_{ic})`, with
    :math:`q` the target distribution used (``CrossEntropyResult.target_probs``: one-hot,
    smoothed, or the probability target; zeros where ignored). Summed over the class dimension
    the result gives ``per_sample``. Without smoothing only the target class has a share.

    Args:
        log_probs: log-probabilities, (N, C), (C,) or (N, C, d1, ..., dK) (classes in dim 1).
        target_probs: target distributions, the same shape.
        weight: optional (C,) class weights.

    >>> np.round(loss_terms([[-1.7351, -1.7351, -0.4351]], [[0.05, 0.05, 0.9]]), 4).tolist()
    [[0.0868, 0.0868, 0.3916]]
    >>> loss_terms([[0.0, -np.inf, -1e308]], [[0.0, 0.0, 1.0]]).tolist()
    [[0.0, 0.0, 1e+308]]
    """
    x = as_values(log_probs, "log_probs")
    t, _ = _weighted_target(target_probs, weight)
    check_same_shape(t, x, "target_probs", "log_probs")
    # A class the target leaves out has no share, even where its probability underflowed to 0
    # (log p = -inf, as log_softmax gives for logits 1e308 apart): 0 * inf would be NaN.
    return np.where(t == 0, 0.0, -(t * x)) + 0.0


def loss_floor(target_probs: object, weight: object | None = None) -> np.ndarray:
    r"""The lowest loss each element can reach, whatever the logits.

    With :math:`t_c = w_c q_c` and :math:`T = \sum_c t_c`, the loss
    :math:`\sum_c t_c (-\log p_c)` is smallest at :math:`p = t / T` (Gibbs' inequality):

    .. math::
        \min_p \ell = -\sum_c t_c \log \frac{t_c}{T} = T \, H(t / T)

    Without class weights that is the entropy :math:`H(q)` of the target: 0 for a one-hot
    target (approached as the logits grow), :math:`H((1-\varepsilon)\,\mathrm{onehot}
    + \varepsilon / C) > 0` with label smoothing, so a smoothed loss never reaches 0.
    Ignored elements (all zeros) give 0.

    Args:
        target_probs: target distributions (``CrossEntropyResult.target_probs``): (N, C), (C,)
            or (N, C, d1, ..., dK).
        weight: optional (C,) class weights.

    Returns:
        The floor of each element's loss, in nats: (N,), () or (N, d1, ..., dK).

    >>> np.round(loss_floor([[0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3], [0.0, 0.0, 1.0]]), 4).tolist()
    [0.2911, 0.0]
    """
    t, dim = _weighted_target(target_probs, weight)
    ws = Workspace()
    tensor = ws.tensor(t)
    total = tensor.sum(dim=dim, keepdim=True)
    share = torch.where(total > 0, tensor / torch.where(total > 0, total, 1.0), 0.0)
    return ws.numpy(-torch.xlogy(tensor, share).sum(dim=dim) + 0.0)


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
