"""The imbalance page's numbers: counts, weights and shares a row per class, the focal loss a
row per sample, and one sample's smoothed target a row per class."""

from __future__ import annotations

import numpy as np

__all__ = [
    "class_table",
    "focal_table",
    "smoothing_table",
]


def class_table(
    class_names,
    counts: np.ndarray,
    scheme_weights: np.ndarray,
    used_weights: np.ndarray,
    plain,
    weighted,
    headers: dict[str, str],
) -> dict:
    """One row per class: its count, the scheme's weight, the weight compared, and the class's
    share of the loss and gradient push without and with that weight (``plain`` and
    ``weighted`` are ``lossviz.lessons.imbalance.ClassBreakdown``).

    ``headers`` maps ``class``, ``count``, ``scheme``, ``weight``, ``share_plain``,
    ``share_weighted``, ``push_plain`` and ``push_weighted`` to column titles.

    >>> from lossviz.lessons.imbalance import class_breakdown
    >>> b = class_breakdown([1.0, 2.0], [[0.3, -0.3], [-0.4, 0.4]], [0, 1], 2.0, 2)
    >>> keys = ["class", "count", "scheme", "weight", "share_plain", "share_weighted",
    ...         "push_plain", "push_weighted"]
    >>> table = class_table(["a", "b"], b.counts, np.ones(2), np.ones(2), b, b,
    ...                               {k: k for k in keys})
    >>> list(table) == keys, table["share_plain"].tolist()
    (True, [0.5, 1.0])
    """
    return {
        headers["class"]: list(class_names),
        headers["count"]: np.asarray(counts),
        headers["scheme"]: np.asarray(scheme_weights),
        headers["weight"]: np.asarray(used_weights),
        headers["share_plain"]: plain.loss_share,
        headers["share_weighted"]: weighted.loss_share,
        headers["push_plain"]: plain.grad_norm,
        headers["push_weighted"]: weighted.grad_norm,
    }


def focal_table(
    labels: np.ndarray, class_names, result, comparison, headers: dict[str, str]
) -> dict:
    """One row per sample: its class, :math:`p_t`, the cross-entropy, :math:`(1 - p_t)^\\gamma`,
    :math:`\\alpha_t`, the focal loss and focal / CE (``result`` is a ``FocalResult``,
    ``comparison`` a ``lossviz.lessons.imbalance.FocalComparison``).

    ``headers`` maps ``sample``, ``class``, ``pt``, ``ce``, ``factor``, ``alpha``, ``focal``,
    ``ratio`` to column titles.

    >>> from lossviz.focal import focal_loss
    >>> from lossviz.lessons.imbalance import focal_comparison
    >>> r = focal_loss([[1.3, 1.3, 2.6]], [2])
    >>> c = focal_comparison(r.target_prob, r.ce, r.modulating_factor, r.alpha_t)
    >>> keys = ["sample", "class", "pt", "ce", "factor", "alpha", "focal", "ratio"]
    >>> table = focal_table(np.array([2]), ["a", "b", "c"], r, c, {k: k for k in keys})
    >>> table["class"], np.round(table["focal"], 4).tolist()
    (['c'], [0.0541])
    """
    labels = np.asarray(labels)
    return {
        headers["sample"]: np.arange(labels.shape[0]),
        headers["class"]: [str(class_names[int(c)]) for c in labels],
        headers["pt"]: result.target_prob,
        headers["ce"]: result.ce,
        headers["factor"]: result.modulating_factor,
        headers["alpha"]: result.alpha_t,
        headers["focal"]: result.per_sample,
        headers["ratio"]: comparison.ratio,
    }


def smoothing_table(
    class_names,
    given: np.ndarray,
    smoothed: np.ndarray,
    probs: np.ndarray,
    terms: np.ndarray,
    grad: np.ndarray,
    headers: dict[str, str],
) -> dict:
    """One row per class for one sample: the given target, the smoothed target, the
    probability, the class's share of the loss :math:`-q_c \\log p_c` and the gradient
    :math:`p_c - q_c`.

    ``headers`` maps ``class``, ``given``, ``smoothed``, ``p``, ``term``, ``grad``.

    >>> keys = ["class", "given", "smoothed", "p", "term", "grad"]
    >>> table = smoothing_table(["a", "b"], np.array([0.0, 1.0]), np.array([0.05, 0.95]),
    ...     np.array([0.3, 0.7]), np.array([0.06, 0.34]), np.array([0.25, -0.25]),
    ...     {k: k for k in keys})
    >>> list(table) == keys, table["smoothed"].tolist()
    (True, [0.05, 0.95])
    """
    return {
        headers["class"]: list(class_names),
        headers["given"]: np.asarray(given),
        headers["smoothed"]: np.asarray(smoothed),
        headers["p"]: np.asarray(probs),
        headers["term"]: np.asarray(terms),
        headers["grad"]: np.asarray(grad),
    }
