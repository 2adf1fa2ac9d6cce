r"""LaTeX for the loss a training run minimises, with its parameters and its value at the
run's current weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossviz.views.shared.latex import join_terms, number

__all__ = ["loss_formula"]


def loss_formula(
    run: str,
    loss: str,
    num_points: int,
    num_classes: int,
    value: float,
    focal_gamma: float = 2.0,
    smoothing: float = 0.1,
    class_weight: Sequence[float] | None = None,
) -> str:
    r"""The loss a training run ``run`` ("A" or "B") minimises, with its parameters, equal to
    ``value``, the loss at the run's current weights (the core's number). Weighted
    cross-entropy's class weights go on a second line.

    >>> loss_formula("A", "cross_entropy", 1000, 3, 0.0507)
    '\\mathcal{L}_{A} = -\\frac{1}{1000} \\sum_{i} \\log p_{i,y_i} = 0.0507'
    >>> print(loss_formula("B", "focal", 1000, 3, 0.0158, focal_gamma=2.0))
    \mathcal{L}_{B} = -\frac{1}{1000} \sum_{i} (1 - p_{i,y_i})^{2} \log p_{i,y_i} = 0.0158
    >>> formula = loss_formula("A", "label_smoothing", 10, 3, 0.33, smoothing=0.1)
    >>> print(formula.split(r"\sum_{c} ")[1])
    \big(0.9000\,[c = y_i] + 0.0333\big) \log p_{i,c} = 0.3300
    """
    head = rf"\mathcal{{L}}_{{{run}}} = "
    mean = rf"-\frac{{1}}{{{num_points}}} \sum_{{i}} "
    if loss == "weighted_cross_entropy":
        weights = join_terms([number(w) for w in np.asarray(class_weight)], ", ")
        return (
            r"\begin{gathered} "
            + head
            + r"-\frac{\sum_{i} w_{y_i} \log p_{i,y_i}}{\sum_{i} w_{y_i}}"
            + rf" = {number(value)} \\ w_c = \frac{{N}}{{C\, n_c}}: \ w = ({weights})"
            + r" \end{gathered}"
        )
    if loss == "focal":
        gamma = f"{focal_gamma:g}"
        return head + mean + rf"(1 - p_{{i,y_i}})^{{{gamma}}} \log p_{{i,y_i}} = {number(value)}"
    if loss == "label_smoothing":
        keep, spread = number(1 - smoothing), number(smoothing / num_classes)
        return (
            head
            + mean
            + rf"\sum_{{c}} \big({keep}\,[c = y_i] + {spread}\big) \log p_{{i,c}} = {number(value)}"
        )
    return head + mean + rf"\log p_{{i,y_i}} = {number(value)}"
