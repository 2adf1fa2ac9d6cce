r"""LaTeX for BCELoss beside BCEWithLogitsLoss: each function on one element, the selected
sample's element losses with their numbers, why the logits version is stable, and how the N x C
element losses become the loss."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from lossviz.views.shared.latex import MAX_TERMS, aligned_rows, number, product_factor

__all__ = [
    "bce_definition",
    "bce_reduction_formula",
    "bce_sample",
    "bce_with_logits_definition",
    "bce_with_logits_sample",
    "stable_log_formula",
]


def _short(value: float) -> str:
    r"""A target or weight as typed: ``1``, ``0.3``, ``2.5``; scientific notation when long.

    >>> _short(1.0), _short(0.25), _short(-1.0), _short(1e-9)
    ('1', '0.25', '-1', '1.000 \\times 10^{-9}')
    """
    text = f"{value:.6g}"
    return number(value) if "e" in text else text


def _num(value: float) -> str:
    r"""A number for the BCE formulas: :func:`number`, without ``-0.0000``, and with 6 significant
    digits instead of 4 decimals from 1000 up (logits such as 1e4).

    >>> _num(-0.0), _num(-10000.0), _num(0.69314718)
    ('0.0000', '-10000', '0.6931')
    """
    value = float(value) + 0.0
    if 1000 <= abs(value) < 1e6:
        return f"{value:.6g}"
    return number(value)


def _probability(value: float) -> str:
    """A probability: exactly ``0`` and ``1`` written so, other values with their digits."""
    return "0" if value == 0 else "1" if value == 1 else _num(value)


def bce_definition() -> str:
    r"""``binary_cross_entropy`` of one element, on the probability :math:`\sigma_{n,c}`.

    >>> print(bce_definition().replace(r" \\ ", "\n"))
    \begin{aligned}\ell_{n,c} = -w_c \big[ & y_{n,c} \max(\log \sigma_{n,c}, -100)
    & + (1 - y_{n,c}) \max(\log(1 - \sigma_{n,c}), -100) \big]\end{aligned}
    """
    return aligned_rows(
        [
            r"\ell_{n,c} = -w_c \big[ & y_{n,c} \max(\log \sigma_{n,c}, -100)",
            r"& + (1 - y_{n,c}) \max(\log(1 - \sigma_{n,c}), -100) \big]",
        ]
    )


def bce_with_logits_definition() -> str:
    r"""``binary_cross_entropy_with_logits`` of one element, on the logit :math:`x_{n,c}`.

    >>> print(bce_with_logits_definition().replace(r" \\ ", "\n"))
    \begin{aligned}\ell_{n,c} = -w_c \big[ & p_c\, y_{n,c} \log \sigma(x_{n,c})
    & + (1 - y_{n,c}) \log(1 - \sigma(x_{n,c})) \big]\end{aligned}
    """
    return aligned_rows(
        [
            r"\ell_{n,c} = -w_c \big[ & p_c\, y_{n,c} \log \sigma(x_{n,c})",
            r"& + (1 - y_{n,c}) \log(1 - \sigma(x_{n,c})) \big]",
        ]
    )


def _weights(w: float, pw: float | None) -> tuple[str, str]:
    r"""The leading ``-w`` and the ``p_c \cdot`` factor, left out when they are 1."""
    lead = "-" if w == 1 else f"-{product_factor(_short(w))}"
    pos = "" if pw is None or pw == 1 else rf"{product_factor(_short(pw))} \cdot "
    return lead, pos


def _two_terms(
    lead: str, pos: str, y: float, first: str, second: str, factors: bool = False
) -> str:
    r"""An element's loss as its two terms: ``lead[pos y first + (1 - y) second]``;
    ``factors`` puts negative numbers in parentheses (:func:`product_factor`)."""
    if factors:
        first, second = product_factor(first), product_factor(second)
    return (
        rf"{lead}\left[ {pos}{product_factor(_short(y))} \cdot {first}"
        rf" + {product_factor(_short(1.0 - y))} \cdot {second} \right]"
    )


def _element_rows(
    n: int, classes: int, row: Callable[[int], tuple[str, str]], loss: Sequence[float]
) -> str:
    """Sample ``n``'s element losses, a row per class (the first ``MAX_TERMS``, then an
    ellipsis): ``row(c)`` gives the formula and the same with numbers, then the loss follows."""
    lines = []
    for c in range(min(classes, MAX_TERMS)):
        formula, numbers = row(c)
        lines.append(rf"\ell_{{{n},{c}}} &= {formula} = {numbers} = {_num(float(loss[c]))}")
    if classes > MAX_TERMS:
        lines.append(r"&\;\;\vdots")
    return aligned_rows(lines)


def bce_with_logits_sample(
    n: int,
    logits: Sequence[float],
    target: Sequence[float],
    weight: Sequence[float],
    pos_weight: Sequence[float],
    log_sig: Sequence[float],
    log_one_minus: Sequence[float],
    loss: Sequence[float],
) -> str:
    r"""Each class's ``binary_cross_entropy_with_logits`` for sample ``n``, with the numbers.

    The arrays are the sample's row of the logits, targets, element weights, ``pos_weight``,
    :math:`\log \sigma(x)`, :math:`\log(1 - \sigma(x))` (both computed stably) and the loss.
    Weights of 1 are left out. Rows with more than ``MAX_TERMS`` classes show the first ones.

    >>> print(bce_with_logits_sample(0, [2.6], [1.0], [1.0], [3.0], [-0.0716], [-2.6716],
    ...     [0.2148]).replace(" = ", "\n= ").replace("6000) + 0", "6000)\n+ 0"))
    \begin{aligned}\ell_{0,0} &= -\left[ 3 \cdot 1 \cdot \log \sigma(2.6000)
    + 0 \cdot \log(1 - \sigma(2.6000)) \right]
    = -\left[ 3 \cdot 1 \cdot (-0.0716) + 0 \cdot (-2.6716) \right]
    = 0.2148\end{aligned}
    """

    def row(c: int) -> tuple[str, str]:
        y = float(target[c])
        lead, pos = _weights(float(weight[c]), float(pos_weight[c]))
        x = _num(float(logits[c]))
        return (
            _two_terms(lead, pos, y, rf"\log \sigma({x})", rf"\log(1 - \sigma({x}))"),
            _two_terms(lead, pos, y, _num(log_sig[c]), _num(log_one_minus[c]), factors=True),
        )

    return _element_rows(n, len(logits), row, loss)


def bce_sample(
    n: int,
    probs: Sequence[float],
    target: Sequence[float],
    weight: Sequence[float],
    log_x: Sequence[float],
    log_one_minus: Sequence[float],
    loss: Sequence[float],
) -> str:
    r"""Each class's ``binary_cross_entropy`` for sample ``n`` on :math:`\sigma = \sigma(x)`.

    ``log_x`` and ``log_one_minus`` are the clamped logs; a probability of exactly 0 or 1 shows
    :math:`\max(\log 0, -100) = -100`.

    >>> f = bce_sample(1, [1.0], [0.0], [1.0], [0.0], [-100.0], [100.0])
    >>> print(f.replace(" = ", "\n= ").replace("100) + ", "100)\n+ "))
    \begin{aligned}\ell_{1,0} &= -\left[ 0 \cdot \max(\log 1, -100)
    + 1 \cdot \max(\log 0, -100) \right]
    = -\left[ 0 \cdot 0.0000 + 1 \cdot (-100.0000) \right]
    = 100.0000\end{aligned}
    """

    def row(c: int) -> tuple[str, str]:
        y, p = float(target[c]), float(probs[c])
        lead, _ = _weights(float(weight[c]), None)
        return (
            _two_terms(
                lead,
                "",
                y,
                rf"\max(\log {_probability(p)}, -100)",
                rf"\max(\log {_probability(1.0 - p)}, -100)",
            ),
            _two_terms(lead, "", y, _num(log_x[c]), _num(log_one_minus[c]), factors=True),
        )

    return _element_rows(n, len(probs), row, loss)


def stable_log_formula(
    n: int,
    logits: Sequence[float],
    log_sig: Sequence[float],
    log_one_minus: Sequence[float],
    probs: Sequence[float],
) -> str:
    r"""Why the logits version is stable, on the row's logit of largest size.

    The stable :math:`\log \sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})` and
    :math:`\log(1 - \sigma(x)) = \log \sigma(-x)`, beside the logs of the rounded probability
    :math:`\sigma(x)` that ``binary_cross_entropy`` has to take.

    >>> f = stable_log_formula(0, [1e4, 0.0], [0.0, -0.69], [-1e4, -0.69], [1.0, 0.5])
    >>> for line in f.split(r" \\ "):
    ...     print(line.split(" = ")[-1])
    0.0000
    -10000
    -\infty\end{aligned}
    """
    x_row = np.asarray(logits, dtype=np.float64)
    c = int(np.argmax(np.abs(x_row)))
    x, p = float(x_row[c]), float(probs[c])
    tail = _num(float(np.exp(-abs(x))))
    with np.errstate(divide="ignore"):
        naive_log, naive_log_one_minus = float(np.log(p)), float(np.log1p(-p))
    name = rf"\sigma(x_{{{n},{c}}})"
    return aligned_rows(
        [
            rf"\log {name} &= \min(x, 0) - \log(1 + e^{{-|x|}})"
            rf" = {_num(min(x, 0.0))} - \log(1 + {tail}) = {_num(float(log_sig[c]))}",
            rf"\log(1 - {name}) &= \log \sigma(-x) = \min(-x, 0) - \log(1 + e^{{-|x|}})"
            rf" = {_num(min(-x, 0.0))} - \log(1 + {tail})"
            rf" = {_num(float(log_one_minus[c]))}",
            rf"{name} &= {_probability(p)}:\quad \log {_probability(p)} = {_num(naive_log)},"
            rf"\quad \log(1 - {_probability(p)}) = {_num(naive_log_one_minus)}",
        ]
    )


def bce_reduction_formula(per_element: np.ndarray, reduction: str, loss: float) -> str:
    r"""How the N x C element losses become the loss: 'mean' divides by N C, not by the weights.

    >>> print(bce_reduction_formula(np.array([[0.2, 0.4, 0.3]]), "mean", 0.3))
    L = \frac{1}{N C} \sum_{n,c} \ell_{n,c} = \frac{0.9000}{1 \cdot 3} = 0.3000
    >>> print(bce_reduction_formula(np.array([[0.2, 0.4, 0.3]]), "none", 0.9))
    \ell \in \mathbb{R}^{1 \times 3},\quad \sum_{n,c} \ell_{n,c} = 0.9000
    """
    values = np.asarray(per_element, dtype=np.float64)
    n, c = values.shape
    total = _num(float(values.sum()))
    if reduction == "mean":
        return (
            rf"L = \frac{{1}}{{N C}} \sum_{{n,c}} \ell_{{n,c}} = \frac{{{total}}}{{{n} \cdot {c}}}"
            rf" = {_num(loss)}"
        )
    if reduction == "sum":
        return rf"L = \sum_{{n,c}} \ell_{{n,c}} = {_num(loss)}"
    return rf"\ell \in \mathbb{{R}}^{{{n} \times {c}}},\quad \sum_{{n,c}} \ell_{{n,c}} = {total}"
