r"""LaTeX for the sequences page: one element's loss with its live numbers, and the means of
the batch (over the kept elements, over every position, per sequence).

An element is written by its index, :math:`(n, t)` for a token and :math:`(n, h, w)` for a
pixel; classes appear by index, never by their user-given names, and words never: no user text
reaches the LaTeX renderer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossviz.views.cross_entropy.formulas import ignored, weight_step
from lossviz.views.shared.latex import (
    aligned_equation,
    join_terms,
    number,
)

__all__ = [
    "SYMBOLS",
    "definition",
    "element_loss",
    "ignored_element",
    "index_text",
    "kept_mean",
    "mean_of_means",
    "naive_mean",
    "reduction",
]

#: The index of an element of each kind, as the formulas write it.
SYMBOLS = {"tokens": "n,t", "pixels": "n,h,w"}


def index_text(index: Sequence[int]) -> str:
    """An element's index as a subscript: ``1,3``.

    >>> index_text((1, 3)), index_text((0, 2, 1))
    ('1,3', '0,2,1')
    """
    return ",".join(str(int(i)) for i in index)


def definition(kind: str, smoothing: float) -> str:
    r"""The loss of one element: a cross-entropy over the classes at that position.

    >>> print(definition("tokens", 0.0).replace(r" \\ ", "\n"))
    \begin{gathered}\ell_{n,t} = -\,w_{y_{n,t}} \log p_{n,y_{n,t},t}
    \log p_{n,c,t} = x_{n,c,t} - \log \sum_j e^{x_{n,j,t}}\end{gathered}
    >>> "(1-\\varepsilon)" in definition("pixels", 0.1)
    True
    """
    i = SYMBOLS[kind]
    rest = i.split(",", 1)[1]
    y = rf"y_{{{i}}}"
    log_p = rf"\log p_{{n,c,{rest}}} = x_{{n,c,{rest}}} - \log \sum_j e^{{x_{{n,j,{rest}}}}}"
    picked = rf"\log p_{{n,{y},{rest}}}"
    if smoothing > 0:
        loss = (
            rf"\ell_{{{i}}} = (1-\varepsilon)\, w_{{{y}}} (-{picked})"
            rf" + \frac{{\varepsilon}}{{C}} \sum_c w_c (-\log p_{{n,c,{rest}}})"
        )
    else:
        loss = rf"\ell_{{{i}}} = -\,w_{{{y}}} {picked}"
    return rf"\begin{{gathered}}{loss} \\ {log_p}\end{{gathered}}"


def element_loss(
    index: Sequence[int],
    label: int,
    log_probs: Sequence[float],
    class_weight: Sequence[float] | None,
    smoothing: float,
    loss: float,
) -> str:
    r"""One element's loss from its log-probabilities: the label's, weighted, and with
    smoothing a share of every class. ``loss`` is the core's value; the terms are shown for
    reading along.

    >>> print(element_loss((1, 3), 2, [-1.7351, -1.7351, -0.4351], None, 0.0, 0.4351))
    \ell_{1,3} = w_{2} \cdot (-\log p_{2}) = 1 \times 0.4351 = 0.4351
    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(element_loss((0, 0, 1), 2, [-1.7351, -1.7351, -0.4351], [1, 1, 2],
    ...                                    0.1, 0.9279)).split("\n", 1)[1])
    &= 0.9000 \times 2 \times 0.4351 + \frac{0.1000}{3} \times 4.3404
    = 0.7832 + 0.1447
    = 0.9279\end{aligned}
    """
    return weight_step(index_text(index), label, log_probs, class_weight, smoothing, loss)


def ignored_element(index: Sequence[int], label: int) -> str:
    r"""An ignored element: its loss is 0 and it leaves the mean's denominator.

    >>> ignored_element((2, 4), -100)
    'y_{2,4} = -100 = \\mathtt{ignore\\_index} \\;\\Rightarrow\\; \\ell_{2,4} = 0'
    """
    return ignored(index_text(index), label)


def _count(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else number(value)


def kept_mean(kind: str, total: float, denominator: float, mean: float, weighted: bool) -> str:
    r"""PyTorch's mean: the summed loss over the kept elements' count (or summed weights).

    >>> head, numbers = kept_mean("tokens", 4.2142, 10, 0.42142, False).split(r" \\ ")
    >>> print(head.split("&= ")[1])
    \frac{\sum_{n,t} \ell_{n,t}}{\#\{(n,t) : y_{n,t} \neq \mathtt{ignore\_index}\}}
    >>> print(numbers)
    &= \frac{4.2142}{10} = 0.4214\end{aligned}
    """
    i = SYMBOLS[kind]
    if weighted:
        below = rf"\sum_{{({i}) : y_{{{i}}} \neq \mathtt{{ignore\_index}}}} w_{{y_{{{i}}}}}"
    else:
        below = rf"\#\{{({i}) : y_{{{i}}} \neq \mathtt{{ignore\_index}}\}}"
    return aligned_equation(
        "L",
        rf"\frac{{\sum_{{{i}}} \ell_{{{i}}}}}{{{below}}}",
        rf"\frac{{{number(total)}}}{{{_count(denominator)}}} = {number(mean)}",
    )


def naive_mean(kind: str, total: float, shape: Sequence[int], naive: float) -> str:
    r"""The mean of ``reduction='none'``'s output: the same sum over every position.

    ``shape`` is the labels' shape, (N, T) or (N, H, W).

    >>> head, numbers = naive_mean("tokens", 4.2142, (3, 5), 0.280947).split(r" \\ ")
    >>> print(head.split("&= ")[1])
    \frac{\sum_{n,t} \ell_{n,t}}{N \cdot T}
    >>> print(numbers)
    &= \frac{4.2142}{3 \cdot 5} = 0.2809\end{aligned}
    """
    i = SYMBOLS[kind]
    letters = r"N \cdot T" if kind == "tokens" else r"N \cdot H \cdot W"
    sizes = r" \cdot ".join(str(int(n)) for n in shape)
    return aligned_equation(
        r"\mathtt{loss}_{\mathtt{none}}.\mathtt{mean}()",
        rf"\frac{{\sum_{{{i}}} \ell_{{{i}}}}}{{{letters}}}",
        rf"\frac{{{number(total)}}}{{{sizes}}} = {number(naive)}",
    )


def mean_of_means(means: Sequence[float], value: float) -> str:
    r"""The plain mean of each sequence's own mean (over the sequences that keep a token).

    >>> print(mean_of_means([0.6, 0.4, float("nan")], 0.5).replace(r" \\ ", "\n"))
    \begin{aligned}\frac{1}{N'} \sum_n \bar\ell_n &= \frac{0.6000 + 0.4000}{2}
    &= 0.5000\end{aligned}
    """
    kept = [m for m in means if not np.isnan(m)]
    return aligned_equation(
        r"\frac{1}{N'} \sum_n \bar\ell_n",
        rf"\frac{{{join_terms([number(m) for m in kept])}}}{{{len(kept)}}}",
        number(value),
    )


def reduction(
    kind: str,
    reduction: str,
    shape: Sequence[int],
    total: float,
    denominator: float,
    loss: float,
    weighted: bool,
) -> str:
    r"""What ``F.cross_entropy`` returns for the reduction in use: the mean over the kept
    elements (``kept_mean``), their sum, or every element's loss.

    >>> print(reduction("tokens", "sum", (3, 5), 4.2142, 10, 4.2142, False))
    L = \sum_{n,t} \ell_{n,t} = 4.2142
    >>> print(reduction("pixels", "none", (1, 4, 4), 4.0, 15, 4.0, False))
    \mathtt{output} \in \mathbb{R}^{1 \times 4 \times 4}, \qquad \sum_{n,h,w} \ell_{n,h,w} = 4.0000
    """
    i = SYMBOLS[kind]
    if reduction == "none":
        dims = r" \times ".join(str(int(n)) for n in shape)
        return (
            rf"\mathtt{{output}} \in \mathbb{{R}}^{{{dims}}}, \qquad"
            rf" \sum_{{{i}}} \ell_{{{i}}} = {number(total)}"
        )
    if reduction == "sum":
        return rf"L = \sum_{{{i}}} \ell_{{{i}}} = {number(loss)}"
    return kept_mean(kind, total, denominator, loss, weighted)
