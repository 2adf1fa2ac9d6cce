r"""LaTeX for cross-entropy step by step: its definition for the target kind in use, the
log-sum-exp and log-softmax of a row, the target's term and its weight, label smoothing and
probability targets, the reduction, the lowest reachable loss, and ``F.nll_loss`` beside it."""

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
    "definition",
    "floor",
    "ignored",
    "log_softmax",
    "logsumexp",
    "nll_equality",
    "reduction",
    "smoothed_target",
    "smoothing_floor",
    "smoothing_split",
    "soft_sample",
    "target_step",
    "weight_step",
]


def definition(soft: bool, smoothing: float) -> str:
    r"""Cross-entropy of sample :math:`i` as PyTorch defines it, for the target kind in use.

    >>> print(definition(False, 0.0).replace(r" \\ ", "\n"))
    \begin{gathered}\ell_i = -\,w_{y_i} \log p_{i,y_i}
    \log p_{i,c} = x_{i,c} - \log \sum_j e^{x_{i,j}}\end{gathered}
    """
    log_p = r"\log p_{i,c} = x_{i,c} - \log \sum_j e^{x_{i,j}}"
    if soft:
        loss = r"\ell_i = -\sum_c w_c\, q_{i,c} \log p_{i,c}"
        if smoothing > 0:
            loss += r", \quad q \leftarrow (1-\varepsilon)\, q + \frac{\varepsilon}{C}"
    elif smoothing > 0:
        loss = (
            r"\ell_i = (1-\varepsilon)\, w_{y_i} (-\log p_{i,y_i})"
            r" + \frac{\varepsilon}{C} \sum_c w_c (-\log p_{i,c})"
        )
    else:
        loss = r"\ell_i = -\,w_{y_i} \log p_{i,y_i}"
    return rf"\begin{{gathered}}{loss} \\ {log_p}\end{{gathered}}"


def logsumexp(logits: Sequence[float], lse: float) -> str:
    r"""The log-sum-exp of one row, computed stably: :math:`m + \log \sum_j e^{x_j - m}`.

    ``lse`` is the core's value; the intermediate sum is shown for reading along.

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(logsumexp([1.3, 1.3, 2.6], 3.0351)))
    \begin{aligned}\mathrm{lse} &= \log \sum_j e^{x_j}
    = \log\left(e^{1.3000} + e^{1.3000} + e^{2.6000}\right)
    &= 2.6000 + \log\left(e^{-1.3000} + e^{-1.3000} + e^{0.0000}\right)
    = 2.6000 + \log 1.5451
    = 3.0351\end{aligned}
    """
    x = np.asarray(logits, dtype=np.float64)
    top = float(x.max())
    shifted = x - top
    raw = join_terms([rf"e^{{{number(v)}}}" for v in x])
    stable = join_terms([rf"e^{{{number(v)}}}" for v in shifted])
    return aligned_equation(
        r"\mathrm{lse}",
        rf"\log \sum_j e^{{x_j}} = \log\left({raw}\right)",
        rf"{number(top)} + \log\left({stable}\right)"
        rf" = {number(top)} + \log {number(float(np.exp(shifted).sum()))} = {number(lse)}",
    )


def log_softmax(logits: Sequence[float], lse: float, log_probs: Sequence[float]) -> str:
    r"""Log-softmax as a shift: every logit minus the same log-sum-exp.

    >>> print(log_softmax([1.3, 2.6], 2.8413, [-1.5413, -0.2413]).replace(" = ", "\n= "))
    \log p
    = x - \mathrm{lse}
    = \left[1.3000,\ 2.6000\right] - 2.8413
    = \left[-1.5413,\ -0.2413\right]
    """
    return (
        rf"\log p = x - \mathrm{{lse}} = {bracket_vector(logits)} - {number(lse)}"
        rf" = {bracket_vector(log_probs)}"
    )


def target_step(label: int, log_p_target: float) -> str:
    r"""Pick the target's log-probability, then negate it.

    >>> target_step(2, -0.4351)
    '\\log p_{2} = -0.4351 \\;\\xrightarrow{\\;\\times (-1)\\;}\\; -\\log p_{2} = 0.4351'
    """
    return (
        rf"\log p_{{{label}}} = {number(log_p_target)} \;\xrightarrow{{\;\times (-1)\;}}\;"
        rf" -\log p_{{{label}}} = {number(-log_p_target)}"
    )


def weight_step(
    sample: int | str,
    label: int,
    log_probs: Sequence[float],
    class_weight: Sequence[float] | None,
    smoothing: float,
    loss: float,
) -> str:
    r"""Weight the target's loss by :math:`w_y` and, with smoothing, add the share of every class.

    ``loss`` is the core's per-sample value; the terms are shown for reading along. ``sample``
    is the subscript of :math:`\ell` (a sample's number, or an element's indices as text).

    >>> print(weight_step(0, 2, [-1.7351, -1.7351, -0.4351], None, 0.0, 0.4351))
    \ell_{0} = w_{2} \cdot (-\log p_{2}) = 1 \times 0.4351 = 0.4351
    >>> smoothed = weight_step(0, 2, [-1.7351, -1.7351, -0.4351], None, 0.1, 0.5217)
    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(smoothed).split("\n", 1)[1])
    &= 0.9000 \times 1 \times 0.4351 + \frac{0.1000}{3} \times 3.9053
    = 0.3916 + 0.1302
    = 0.5217\end{aligned}
    """
    log_p = np.asarray(log_probs, dtype=np.float64)
    weights = np.ones_like(log_p) if class_weight is None else np.asarray(class_weight, float)
    w_text = "1" if class_weight is None else weight_text(weights[label])
    nll = -float(log_p[label])
    if smoothing <= 0:
        return (
            rf"\ell_{{{sample}}} = w_{{{label}}} \cdot (-\log p_{{{label}}})"
            rf" = {w_text} \times {number(nll)} = {number(loss)}"
        )
    c = log_p.shape[0]
    spread = float(-(weights * log_p).sum())
    first = (1.0 - smoothing) * weights[label] * nll
    second = smoothing / c * spread
    return aligned_equation(
        rf"\ell_{{{sample}}}",
        rf"(1-\varepsilon)\, w_{{{label}}} (-\log p_{{{label}}})"
        r" + \frac{\varepsilon}{C} \sum_c w_c (-\log p_c)",
        rf"{number(1.0 - smoothing)} \times {w_text} \times {number(nll)}"
        rf" + \frac{{{number(smoothing)}}}{{{c}}} \times {number(spread)}"
        rf" = {number(first)} + {number(second)} = {number(loss)}",
    )


def ignored(sample: int | str, label: int) -> str:
    r"""An ignored sample: its loss is 0 and its weight leaves the mean's denominator.

    >>> ignored(1, 0)
    'y_{1} = 0 = \\mathtt{ignore\\_index} \\;\\Rightarrow\\; \\ell_{1} = 0'
    """
    return (
        rf"y_{{{sample}}} = {label} = \mathtt{{ignore\_index}}"
        rf" \;\Rightarrow\; \ell_{{{sample}}} = 0"
    )


def smoothed_target(given: Sequence[float], smoothing: float, used: Sequence[float]) -> str:
    r"""The smoothed target :math:`(1-\varepsilon)\, q + \varepsilon / C`, with its numbers.

    >>> print(smoothed_target([0, 0, 1], 0.1, [0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3])
    ...       .replace(" = ", "\n= "))
    q
    = (1-0.1000)\left[0.0000,\ 0.0000,\ 1.0000\right] + \frac{0.1000}{3}
    = \left[0.0333,\ 0.0333,\ 0.9333\right]
    """
    c = len(given)
    return (
        rf"q = (1-{number(smoothing)}){bracket_vector(given)} + \frac{{{number(smoothing)}}}{{{c}}}"
        rf" = {bracket_vector(used)}"
    )


def soft_sample(
    sample: int,
    target: Sequence[float],
    log_probs: Sequence[float],
    class_weight: Sequence[float] | None,
    loss: float,
) -> str:
    r"""The loss of a sample with a probability target: :math:`-\sum_c w_c q_c \log p_c`.

    Each term is written as :math:`w_c \cdot q_c \times (-\log p_c)` (without class weights,
    :math:`q_c \times (-\log p_c)`); ``loss`` is the core's value.

    >>> print(soft_sample(0, [0.25, 0.75], [-1.5413, -0.2413], None, 0.5663)
    ...       .replace(" = ", "\n= "))
    \ell_{0}
    = -\sum_c w_c\, q_c \log p_c
    = 0.2500 \times 1.5413 + 0.7500 \times 0.2413
    = 0.5663
    >>> soft_sample(0, [0.25, 0.75], [-1.5413, -0.2413], [2, 1], 0.9519).split(" = ")[2]
    '2 \\cdot 0.2500 \\times 1.5413 + 1 \\cdot 0.7500 \\times 0.2413'
    """
    q = np.asarray(target, dtype=np.float64)
    log_p = np.asarray(log_probs, dtype=np.float64)
    factors = [number(v) for v in q]
    if class_weight is not None:
        factors = [
            rf"{weight_text(w)} \cdot {f}" for w, f in zip(class_weight, factors, strict=True)
        ]
    terms = join_terms([rf"{f} \times {number(-v)}" for f, v in zip(factors, log_p, strict=True)])
    return rf"\ell_{{{sample}}} = -\sum_c w_c\, q_c \log p_c = {terms} = {number(loss)}"


def reduction(
    reduction: str,
    per_sample: Sequence[float],
    total: float,
    denominator: float,
    loss: float,
    soft: bool,
    weighted: bool,
) -> str:
    r"""How the per-sample losses become the output: divided (mean), added (sum) or kept (none).

    >>> print(reduction("mean", [0.4351], 0.4351, 1.0, 0.4351, False, False))
    L = \frac{\sum_i \ell_i}{\#\{i : y_i \neq \mathtt{ignore\_index}\}} = \frac{0.4351}{1} = 0.4351
    >>> print(reduction("sum", [0.5, 1.0], 1.5, 1.0, 1.5, False, False))
    L = \sum_i \ell_i = 0.5000 + 1.0000 = 1.5000
    """
    losses = np.asarray(per_sample, dtype=np.float64)
    if reduction == "none":
        return (
            rf"\mathtt{{output}} = {bracket_vector(losses)}, \qquad \sum_i \ell_i = {number(total)}"
        )
    if reduction == "sum":
        return rf"L = \sum_i \ell_i = {join_terms([number(v) for v in losses])} = {number(loss)}"
    if soft:
        below = "N"
    elif weighted:
        below = r"\sum_{i : y_i \neq \mathtt{ignore\_index}} w_{y_i}"
    else:
        below = r"\#\{i : y_i \neq \mathtt{ignore\_index}\}"
    d = f"{denominator:g}" if float(denominator).is_integer() else number(denominator)
    return (
        rf"L = \frac{{\sum_i \ell_i}}{{{below}}} = \frac{{{number(total)}}}{{{d}}}"
        rf" = {number(loss)}"
    )


def smoothing_split(smoothing: float, nll: float, uniform: float, loss: float) -> str:
    r"""Cross-entropy with smoothing as NLL plus :math:`\varepsilon` times the uniform-target loss.

    :math:`\mathrm{CE}_\varepsilon = (1-\varepsilon)\,\mathrm{NLL} + \varepsilon\,\mathrm{CE}_1`,
    since the smoothed target is a mix of the one-hot and the uniform target; ``loss`` is the
    core's value.

    >>> print(smoothing_split(0.1, 0.4351, 1.3017, 0.5217).replace(" = ", "\n= "))
    \mathrm{CE}_{\varepsilon}
    = (1-\varepsilon)\,\mathrm{NLL} + \varepsilon\,\mathrm{CE}_{\varepsilon=1}
    = 0.9000 \times 0.4351 + 0.1000 \times 1.3017
    = 0.5217
    """
    return (
        r"\mathrm{CE}_{\varepsilon} = (1-\varepsilon)\,\mathrm{NLL}"
        r" + \varepsilon\,\mathrm{CE}_{\varepsilon=1}"
        rf" = {number(1.0 - smoothing)} \times {number(nll)} + {number(smoothing)} \times"
        rf" {number(uniform)} = {number(loss)}"
    )


def smoothing_floor(smoothing: float, num_classes: int, floor: float) -> str:
    r"""The entropy of the smoothed one-hot target: the floor of an unweighted smoothed loss.

    ``floor`` is the core's value; the two kinds of terms are shown for reading along.

    >>> print(smoothing_floor(0.1, 3, 0.2911).split(r" \\ ")[1])
    &= -0.9333 \log 0.9333 - 2 \times 0.0333 \log 0.0333 = 0.2911\end{aligned}
    """
    big = 1.0 - smoothing + smoothing / num_classes
    small = smoothing / num_classes
    return aligned_equation(
        "H(q)",
        r"-\left(1-\varepsilon+\tfrac{\varepsilon}{C}\right)"
        r"\log\left(1-\varepsilon+\tfrac{\varepsilon}{C}\right)"
        r" - (C-1)\,\tfrac{\varepsilon}{C}\log\tfrac{\varepsilon}{C}",
        rf"-{number(big)} \log {number(big)} - {num_classes - 1} \times {number(small)}"
        rf" \log {number(small)} = {number(floor)}",
    )


def floor(sample: int, floor: float, weighted: bool) -> str:
    r"""The lowest loss sample :math:`i` can reach, whatever the logits (at :math:`p \propto w q`).

    >>> floor(0, 0.2911, False)
    '\\ell_{0} \\ge H(q) = -\\sum_c q_c \\log q_c = 0.2911'
    """
    if weighted:
        return (
            rf"\ell_{{{sample}}} \ge -\sum_c w_c q_c \log \frac{{w_c q_c}}{{\sum_k w_k q_k}}"
            rf" = {number(floor)}"
        )
    return rf"\ell_{{{sample}}} \ge H(q) = -\sum_c q_c \log q_c = {number(floor)}"


def nll_equality(cross_entropy: float, nll: float) -> str:
    r"""``F.cross_entropy`` beside ``F.nll_loss`` on the log-probabilities, and how far apart.

    >>> print(*nll_equality(0.4351, 0.4351).split(r", \qquad "), sep="\n")
    \mathtt{F.cross\_entropy}(x, y) = 0.4351
    \mathtt{F.nll\_loss}(\mathtt{F.log\_softmax}(x), y) = 0.4351
    |\Delta| = 0
    """
    gap = abs(cross_entropy - nll)
    delta = "0" if gap == 0 else number(gap, 2)
    return (
        rf"\mathtt{{F.cross\_entropy}}(x, y) = {number(cross_entropy)}, \qquad"
        rf" \mathtt{{F.nll\_loss}}(\mathtt{{F.log\_softmax}}(x), y) = {number(nll)}, \qquad"
        rf" |\Delta| = {delta}"
    )
