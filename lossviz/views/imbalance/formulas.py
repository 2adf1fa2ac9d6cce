r"""LaTeX for the three remedies of class imbalance: a weight scheme and the class-weighted
mean beside the plain one, the focal loss of one sample, and label smoothing's target and the
gradient it leaves on the true logit."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossviz.views.shared.latex import (
    aligned_equation,
    bracket_vector,
    join_terms,
    number,
    weight_text,
)

__all__ = [
    "focal_definition",
    "focal_sample",
    "plain_mean",
    "smoothing_gradient",
    "true_class_target",
    "weight_scheme",
    "weighted_mean",
]


def _counts(values: Sequence[float]) -> str:
    return r"\left[" + join_terms([str(int(v)) for v in values], r",\ ") + r"\right]"


_SCHEME_TERMS = {
    "inverse": (r"1 / n_c", r"1 / n_k"),
    "inverse_sqrt": (r"1 / \sqrt{n_c}", r"1 / \sqrt{n_k}"),
    "effective": (
        r"\frac{1-\beta}{1-\beta^{n_c}}",
        r"\frac{1-\beta}{1-\beta^{n_k}}",
    ),
}


def weight_scheme(
    scheme: str, counts: Sequence[float], beta: float, weights: Sequence[float]
) -> str:
    r"""A weight scheme's formula, scaled to a mean weight of 1, with the batch's counts and the
    weights it gives (``weights``: the core's values).

    >>> text = weight_scheme("inverse", [40, 13, 4], 0.99, [0.2131, 0.6557, 2.1311])
    >>> print(text.replace(r", \quad ", "\n").replace(r" \;\Rightarrow\; ", "\n"))
    w_c = C\,\frac{1 / n_c}{\sum_k 1 / n_k}
    n = \left[40,\ 13,\ 4\right]
    w = \left[0.2131,\ 0.6557,\ 2.1311\right]
    >>> "\\beta = 0.9900" in weight_scheme("effective", [4, 1], 0.99, [0.4, 1.6])
    True
    """
    term, total = _SCHEME_TERMS[scheme]
    head = rf"w_c = C\,\frac{{{term}}}{{\sum_k {total}}}"
    if scheme == "effective":
        head += rf", \quad \beta = {number(beta)}"
    return rf"{head}, \quad n = {_counts(counts)} \;\Rightarrow\; w = {bracket_vector(weights)}"


def _weighted_terms(weights: np.ndarray, values: np.ndarray) -> str:
    return join_terms(
        [rf"{weight_text(w)} \times {number(v)}" for w, v in zip(weights, values, strict=True)]
    )


def weighted_mean(
    class_weight: Sequence[float],
    class_loss: Sequence[float],
    counts: Sequence[float],
    total: float,
    denominator: float,
    loss: float,
    reduction: str,
) -> str:
    r"""The class-weighted loss grouped by class: :math:`\sum_c w_c S_c / \sum_c w_c n_c` for
    'mean' (:math:`\sum_c w_c S_c` for 'sum' and 'none'), with :math:`S_c` the summed
    :math:`-\log p` of class :math:`c`'s samples; classes without samples are left out.

    ``total``, ``denominator`` and ``loss`` are the core's values.

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(weighted_mean([1, 4], [3.2, 0.9], [4, 1], 6.8, 8.0, 0.85,
    ...                                      "mean")))
    L
    = \frac{\sum_i w_{y_i} (-\log p_{i,y_i})}{\sum_i w_{y_i}}
    = \frac{\sum_c w_c S_c}{\sum_c w_c n_c}
    = \frac{1 \times 3.2000 + 4 \times 0.9000}{1 \times 4 + 4 \times 1}
    = \frac{6.8000}{8.0000}
    = 0.8500
    >>> weighted_mean([1, 4], [3.2, 0.9], [4, 1], 6.8, 1.0, 6.8, "sum").count("=")
    4
    """
    w = np.asarray(class_weight, dtype=np.float64)
    s = np.asarray(class_loss, dtype=np.float64)
    n = np.asarray(counts, dtype=np.float64)
    present = n > 0
    numerator = _weighted_terms(w[present], s[present])
    if reduction != "mean":
        return (
            r"L = \sum_i w_{y_i} (-\log p_{i,y_i}) = \sum_c w_c S_c"
            rf" = {numerator} = {number(loss)}"
        )
    counted = join_terms(
        [rf"{weight_text(a)} \times {int(b)}" for a, b in zip(w[present], n[present], strict=True)]
    )
    return (
        r"L = \frac{\sum_i w_{y_i} (-\log p_{i,y_i})}{\sum_i w_{y_i}}"
        r" = \frac{\sum_c w_c S_c}{\sum_c w_c n_c}"
        rf" = \frac{{{numerator}}}{{{counted}}}"
        rf" = \frac{{{number(total)}}}{{{number(denominator)}}} = {number(loss)}"
    )


def plain_mean(
    class_loss: Sequence[float], counts: Sequence[float], loss: float, reduction: str
) -> str:
    r"""The same loss without class weights: :math:`\sum_c S_c / \sum_c n_c` ('mean').

    >>> print(plain_mean([3.2, 0.9], [4, 1], 0.82, "mean"))
    L_{w=1} = \frac{\sum_c S_c}{\sum_c n_c} = \frac{3.2000 + 0.9000}{4 + 1} = 0.8200
    >>> print(plain_mean([3.2, 0.9], [4, 1], 4.1, "sum"))
    L_{w=1} = \sum_c S_c = 3.2000 + 0.9000 = 4.1000
    """
    s = np.asarray(class_loss, dtype=np.float64)
    n = np.asarray(counts, dtype=np.float64)
    present = n > 0
    summed = join_terms([number(v) for v in s[present]])
    if reduction != "mean":
        return rf"L_{{w=1}} = \sum_c S_c = {summed} = {number(loss)}"
    counted = join_terms([str(int(v)) for v in n[present]])
    return (
        rf"L_{{w=1}} = \frac{{\sum_c S_c}}{{\sum_c n_c}} = \frac{{{summed}}}{{{counted}}}"
        rf" = {number(loss)}"
    )


def focal_definition() -> str:
    r"""The multi-class focal loss of sample :math:`i`.

    >>> focal_definition()
    '\\mathrm{FL}_i = -\\alpha_{y_i}\\,(1 - p_t)^{\\gamma} \\log p_t, \\qquad p_t = p_{i,y_i}'
    """
    return r"\mathrm{FL}_i = -\alpha_{y_i}\,(1 - p_t)^{\gamma} \log p_t, \qquad p_t = p_{i,y_i}"


def focal_sample(
    sample: int,
    label: int,
    target_prob: float,
    gamma: float,
    alpha: float | None,
    ce: float,
    modulating: float,
    focal: float,
    ratio: float,
) -> str:
    r"""One sample's focal loss with its numbers, and what it keeps of the cross-entropy.

    ``modulating``, ``focal`` and ``ratio`` are the core's values.

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(focal_sample(0, 2, 0.6472, 2.0, None, 0.4351, 0.1245, 0.0541,
    ...                                     0.1245)))
    \begin{aligned}\mathrm{FL}_{0} &= (1 - p_{0,2})^{\gamma}\,(-\log p_{0,2})
    = (1 - 0.6472)^{2} \times 0.4351
    &= 0.1245 \times 0.4351
    = 0.0541, \qquad \frac{\mathrm{FL}_{0}}{\mathrm{CE}_{0}}
    = 0.1245\end{aligned}
    >>> "0.7500 \\times" in focal_sample(0, 2, 0.6, 2.0, 0.75, 0.5, 0.16, 0.06, 0.12)
    True
    """
    a_symbol = rf"\alpha_{{{label}}}\," if alpha is not None else ""
    a_value = rf"{weight_text(alpha)} \times " if alpha is not None else ""
    return aligned_equation(
        rf"\mathrm{{FL}}_{{{sample}}}",
        rf"{a_symbol}(1 - p_{{{sample},{label}}})^{{\gamma}}\,(-\log p_{{{sample},{label}}})"
        rf" = {a_value}(1 - {number(target_prob)})^{{{gamma:g}}} \times {number(ce)}",
        rf"{a_value}{number(modulating)} \times {number(ce)} = {number(focal)},"
        rf" \qquad \frac{{\mathrm{{FL}}_{{{sample}}}}}{{\mathrm{{CE}}_{{{sample}}}}}"
        rf" = {number(ratio)}",
    )


def true_class_target(smoothing: float, num_classes: int, value: float) -> str:
    r"""The smoothed target of the true class (PyTorch's :math:`\varepsilon / C` convention),
    and of every other class; ``value`` is the core's :math:`q_y`.

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(true_class_target(0.1, 3, 0.9333)))
    q_y
    = 1 - \varepsilon + \frac{\varepsilon}{C}
    = 1 - 0.1000 + \frac{0.1000}{3}
    = 0.9333 \;\neq\; 1 - \varepsilon, \qquad q_{c \neq y}
    = \frac{\varepsilon}{C}
    = 0.0333
    """
    eps = number(smoothing)
    differs = r" \;\neq\; 1 - \varepsilon" if smoothing > 0 else ""
    return (
        r"q_y = 1 - \varepsilon + \frac{\varepsilon}{C}"
        rf" = 1 - {eps} + \frac{{{eps}}}{{{num_classes}}} = {number(value)}{differs}"
        r", \qquad q_{c \neq y} = \frac{\varepsilon}{C}"
        rf" = {number(smoothing / num_classes)}"
    )


def smoothing_gradient(
    sample: int, label: int, prob: float, target: float, grad: float, at_one: float
) -> str:
    r"""The gradient on the true logit with smoothing, :math:`p_y - q_y`, for one sample, and its
    value as :math:`p_y \to 1`; ``grad`` (autograd's) and ``at_one`` are the core's values.

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(smoothing_gradient(0, 2, 0.6472, 0.9333, -0.2861, 0.0667)))
    \frac{\partial \ell_{0}}{\partial z_{0,2}}
    = p_{0,2} - q_{2}
    = 0.6472 - 0.9333
    = -0.2861, \qquad p_{0,2} \to 1:\ 1 - q_{2}
    = 0.0667
    """
    return (
        rf"\frac{{\partial \ell_{{{sample}}}}}{{\partial z_{{{sample},{label}}}}}"
        rf" = p_{{{sample},{label}}} - q_{{{label}}} = {number(prob)} - {number(target)}"
        rf" = {number(grad)}, \qquad p_{{{sample},{label}}} \to 1:\ 1 - q_{{{label}}}"
        rf" = {number(at_one)}"
    )
