r"""Means over a batch of sequences or masks: over the real elements, over every position, per
sequence.

``F.cross_entropy`` on an (N, C, T) batch with ``reduction='mean'`` divides by the elements it
keeps (the summed weights :math:`w_{y}` of the tokens whose label is not ``ignore_index``),
never by N T. A padded batch's ``reduction='none'`` output holds 0 at every padding position,
so its plain ``.mean()`` divides the same sum by every position, padding included:

.. math::
    L = \frac{\sum_{n,t} \ell_{n,t}}{\sum_{(n,t)\ \text{kept}} w_{y_{n,t}}}
    \qquad\text{against}\qquad
    L_{\text{naive}} = \frac{\sum_{n,t} \ell_{n,t}}{N\,T}

and the naive mean is smaller by the share of padding. The same holds per pixel for
(N, C, H, W) masks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lossviz.cross_entropy_parts import reduction_summary
from lossviz.validation import as_float_array, check_same_shape

__all__ = ["KeptMean", "SampleMeans", "kept_mean", "predicted_classes", "sample_means"]


@dataclass(frozen=True)
class KeptMean:
    r"""PyTorch's mean over the kept elements beside the naive mean over every position.

    Attributes:
        total: :math:`\sum \ell`, over every position (0 where ignored); what 'sum' gives.
        positions: every position, :math:`N\,d_1 \cdots d_K` (:math:`N\,T` for sequences).
        kept: the elements whose label is not ``ignore_index``.
        denominator: what 'mean' divides by: the kept elements' summed weights :math:`w_y`
            (``kept`` without class weights).
        mean: ``total / denominator``, what ``reduction='mean'`` gives (NaN when nothing is
            kept).
        naive_mean: ``total / positions``, what ``loss(reduction='none').mean()`` gives.
    """

    total: float
    positions: int
    kept: int
    denominator: float
    mean: float
    naive_mean: float

    @property
    def ignored(self) -> int:
        """The positions left out (padding, borders)."""
        return self.positions - self.kept

    @property
    def difference(self) -> float:
        """``naive_mean - mean``: how far the naive mean is off (negative when it is lower)."""
        return self.naive_mean - self.mean

    @property
    def ratio(self) -> float:
        """``naive_mean / mean`` (NaN when the mean is 0 or NaN)."""
        if math.isnan(self.mean) or self.mean == 0:
            return math.nan
        return self.naive_mean / self.mean


def kept_mean(per_element: object, sample_weight: object, ignored: object) -> KeptMean:
    r"""The mean ``reduction='mean'`` takes over the kept elements, and the naive mean.

    .. math::
        \text{mean} = \frac{\sum \ell}{\sum_{\text{kept}} w_y}, \qquad
        \text{naive} = \frac{\sum \ell}{\#\text{positions}}

    Args:
        per_element: the losses of ``reduction='none'``, any shape ((N, T), (N, H, W)): 0 where
            ignored.
        sample_weight: :math:`w_{y}` of each element, 0 where ignored (the result's
            ``sample_weight``), the same shape.
        ignored: True where the label is ``ignore_index``, the same shape.

    Two sequences of 3 tokens, the second one with a padding token (loss 0, left out):

    >>> m = kept_mean([[0.6, 0.3, 0.9], [0.4, 0.8, 0.0]], [[1, 1, 1], [1, 1, 0]],
    ...               [[False, False, False], [False, False, True]])
    >>> round(m.mean, 4), round(m.naive_mean, 4), m.kept, m.positions
    (0.6, 0.5, 5, 6)
    """
    losses = as_float_array(per_element, "per_element")
    weights = as_float_array(sample_weight, "sample_weight")
    left_out = np.asarray(ignored, dtype=bool)
    check_same_shape(weights, losses, "sample_weight", "per_element")
    check_same_shape(left_out, losses, "ignored", "per_element")
    summary = reduction_summary(losses, weights, left_out)
    return KeptMean(
        total=summary.total,
        positions=int(losses.size),
        kept=summary.kept,
        denominator=summary.denominator,
        mean=summary.mean,
        naive_mean=summary.total / losses.size,
    )


@dataclass(frozen=True)
class SampleMeans:
    r"""Each sample's (sequence's, mask's) own mean over its kept elements.

    Attributes:
        totals: (N,) :math:`\sum_t \ell_{n,t}` of each sample.
        weights: (N,) the summed weights :math:`\sum_{t\ \text{kept}} w_{y_{n,t}}`.
        kept: (N,) how many elements of each sample count.
        means: (N,) ``totals / weights`` (NaN for a sample with nothing kept).
        mean_of_means: the plain mean of the samples' means (over the samples that keep any):
            what averaging per sequence first would give.
    """

    totals: np.ndarray
    weights: np.ndarray
    kept: np.ndarray
    means: np.ndarray
    mean_of_means: float


def sample_means(per_element: object, sample_weight: object, ignored: object) -> SampleMeans:
    r"""The mean loss of each sample over its own kept elements, and the mean of those means.

    Token-level 'mean' weighs every kept token alike, so a long sequence counts more than a
    short one; the mean of the sequences' means weighs every sequence alike:

    .. math::
        \bar\ell_n = \frac{\sum_t \ell_{n,t}}{\sum_{t\ \text{kept}} w_{y_{n,t}}}, \qquad
        \frac{1}{N'} \sum_n \bar\ell_n

    over the :math:`N'` samples that keep any element.

    Args:
        per_element: (N, d1, ..., dK) losses of ``reduction='none'``.
        sample_weight: :math:`w_y` of each element, 0 where ignored, the same shape.
        ignored: True where the label is ``ignore_index``, the same shape.

    >>> s = sample_means([[0.6, 0.3, 0.9], [0.4, 0.0, 0.0]], [[1, 1, 1], [1, 0, 0]],
    ...                  [[False, False, False], [False, True, True]])
    >>> np.round(s.means, 4).tolist(), s.kept.tolist(), round(s.mean_of_means, 4)
    ([0.6, 0.4], [3, 1], 0.5)
    """
    losses = as_float_array(per_element, "per_element")
    weights = as_float_array(sample_weight, "sample_weight")
    left_out = np.asarray(ignored, dtype=bool)
    check_same_shape(weights, losses, "sample_weight", "per_element")
    check_same_shape(left_out, losses, "ignored", "per_element")
    n = losses.shape[0] if losses.ndim else 1
    losses, weights, kept = (
        a.reshape(n, -1) for a in (losses, np.where(left_out, 0.0, weights), ~left_out)
    )
    totals = losses.sum(axis=1)
    summed = weights.sum(axis=1)
    counts = kept.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, totals / np.where(summed != 0, summed, np.nan), np.nan)
    some = counts > 0
    return SampleMeans(
        totals=totals,
        weights=summed,
        kept=counts,
        means=means,
        mean_of_means=float(means[some].mean()) if some.any() else math.nan,
    )


def predicted_classes(probs: object) -> np.ndarray:
    r"""The class each element is predicted as, :math:`\arg\max_c p_{n,c,\ldots}`: the
    prediction map of a mask, the predicted tag of each token (the first class on a tie).

    Args:
        probs: (N, C, d1, ..., dK) probabilities (or logits: the order is the same).

    >>> predicted_classes([[[0.7, 0.2], [0.3, 0.8]]]).tolist()
    [[0, 1]]
    """
    values = as_float_array(probs, "probs")
    return values.argmax(axis=1)
