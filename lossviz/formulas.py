r"""LaTeX for ``st.latex``: each page's formula with the selected sample's live numbers in it.

Classes appear by index (:math:`p_2`), never by their user-given names, so no user text ever
reaches the LaTeX renderer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "bce_definition",
    "bce_reduction_formula",
    "bce_sample",
    "bce_with_logits_definition",
    "bce_with_logits_sample",
    "ce_definition",
    "ce_floor",
    "ce_ignored",
    "ce_log_softmax",
    "ce_logsumexp",
    "ce_nll_equality",
    "ce_reduction",
    "ce_smoothed_target",
    "ce_smoothing_floor",
    "ce_smoothing_split",
    "ce_soft_sample",
    "ce_target_step",
    "ce_weight_step",
    "cross_entropy_of_formula",
    "entropy_definitions",
    "entropy_formula",
    "general_gradient_form",
    "gradient_definition",
    "gradient_formula",
    "gradient_vector_formula",
    "kl_directions_formula",
    "kl_formula",
    "number",
    "softmax_definition",
    "softmax_formula",
    "stable_log_formula",
]

#: Rows with more classes than this are written with an ellipsis.
MAX_TERMS = 5


def number(value: float, digits: int = 4) -> str:
    r"""A number for LaTeX: fixed digits, scientific notation when very large or small.

    >>> number(0.647198), number(-1e-7), number(12345678.0), number(float("nan"))
    ('0.6472', '-1.000 \\times 10^{-7}', '1.235 \\times 10^{7}', '\\text{NaN}')
    """
    if np.isnan(value):
        return r"\text{NaN}"
    if np.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 10 ** (-digits)):
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"{value:.{digits}f}"


def _terms(values: Sequence[str], joiner: str = " + ") -> str:
    if len(values) <= MAX_TERMS:
        return joiner.join(values)
    return joiner.join([*values[:2], r"\cdots", values[-1]])


def softmax_definition() -> str:
    r"""The definition, with temperature.

    >>> softmax_definition()
    'p_j = \\frac{e^{z_j / T}}{\\sum_{k} e^{z_k / T}}'
    """
    return r"p_j = \frac{e^{z_j / T}}{\sum_{k} e^{z_k / T}}"


def softmax_formula(logits: Sequence[float], temperature: float, j: int) -> str:
    r"""Softmax of class ``j`` of one row, with the numbers: exponentials, their sum, the result.

    Exponentials are taken after subtracting the row maximum, as a stable softmax does; the
    ratio is the same.

    >>> print(softmax_formula([1.3, 1.3, 2.6], 1.0, 2).replace(" = ", "\n= "))
    p_{2}
    = \frac{e^{2.6000 / 1}}{e^{1.3000 / 1} + e^{1.3000 / 1} + e^{2.6000 / 1}}
    = \frac{e^{0.0000}}{e^{-1.3000} + e^{-1.3000} + e^{0.0000}}
    = \frac{1.0000}{1.5451}
    = 0.6472
    """
    z = np.asarray(logits, dtype=np.float64) / temperature
    shifted = z - z.max()
    exps = np.exp(shifted)
    t = f"{temperature:g}"
    raw = _terms([rf"e^{{{number(v * temperature)} / {t}}}" for v in z])
    stable = _terms([rf"e^{{{number(v)}}}" for v in shifted])
    return (
        rf"p_{{{j}}} = \frac{{e^{{{number(z[j] * temperature)} / {t}}}}}{{{raw}}}"
        rf" = \frac{{e^{{{number(shifted[j])}}}}}{{{stable}}}"
        rf" = \frac{{{number(exps[j])}}}{{{number(exps.sum())}}} = {number(exps[j] / exps.sum())}"
    )


def _common_weight(target_row: np.ndarray, class_weight: np.ndarray) -> float | None:
    """The one weight :math:`w_y` with :math:`w \\odot t = w_y t`, or None when there is none."""
    mass = float((class_weight * target_row).sum())
    if np.allclose(class_weight * target_row, mass * target_row, rtol=1e-12, atol=1e-15):
        return mass
    return None


def _gradient_inputs(probs_row, target_row, class_weight):
    p = np.asarray(probs_row, dtype=np.float64)
    t = np.asarray(target_row, dtype=np.float64)
    w = np.ones_like(p) if class_weight is None else np.asarray(class_weight, dtype=np.float64)
    return p, t, w


def general_gradient_form(
    target_row: Sequence[float], class_weight: Sequence[float] | None
) -> bool:
    """True when no single weight :math:`w_y` covers the target, so the gradient needs its
    general form (class weights with smoothing or probability targets).

    >>> general_gradient_form([0, 0, 1], [1, 2, 3]), general_gradient_form([0.1, 0.9], [1, 2])
    (False, True)
    """
    _, t, w = _gradient_inputs(target_row, target_row, class_weight)
    return _common_weight(t, w) is None


def gradient_definition(target_row: Sequence[float], class_weight: Sequence[float] | None) -> str:
    r"""The gradient on logit :math:`z_j`: :math:`(p_j - t_j) w_y / d` when one weight :math:`w_y`
    covers the whole target (a label without smoothing, or no class weights), the general
    :math:`(p_j \sum_c w_c t_c - w_j t_j) / d` otherwise.

    >>> gradient_definition([0, 0, 1], None)
    '\\frac{\\partial L}{\\partial z_j} = (p_j - t_j)\\cdot\\frac{w_y}{d}'
    >>> gradient_definition([0.05, 0.05, 0.9], [1, 2, 3])
    '\\frac{\\partial L}{\\partial z_j} = \\frac{p_j \\sum_c w_c t_c - w_j t_j}{d}'
    """
    _, t, w = _gradient_inputs(target_row, target_row, class_weight)
    if _common_weight(t, w) is not None:
        return r"\frac{\partial L}{\partial z_j} = (p_j - t_j)\cdot\frac{w_y}{d}"
    return r"\frac{\partial L}{\partial z_j} = \frac{p_j \sum_c w_c t_c - w_j t_j}{d}"


def gradient_formula(
    probs_row: Sequence[float],
    target_row: Sequence[float],
    class_weight: Sequence[float] | None,
    denominator: float,
    j: int,
) -> str:
    r"""The gradient on logit ``j`` of one sample, with its numbers, in the form of
    :func:`gradient_definition`.

    >>> print(gradient_formula([0.1764, 0.1764, 0.6472], [0, 0, 1], None, 1.0, 2))
    \frac{\partial L}{\partial z_{2}} = (0.6472 - 1.0000)\cdot\frac{1.0000}{1.0000} = -0.3528
    >>> print(gradient_formula([0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [1, 2, 4], 2.0, 2).replace(
    ...     " = ", "\n= "))
    \frac{\partial L}{\partial z_{2}}
    = \frac{0.5000 \cdot 3.5000 - 4.0000 \cdot 0.8000}{2.0000}
    = -0.7250
    """
    p, t, w = _gradient_inputs(probs_row, target_row, class_weight)
    d = float(denominator)
    mass = float((w * t).sum())
    value = (p[j] * mass - w[j] * t[j]) / d
    head = rf"\frac{{\partial L}}{{\partial z_{{{j}}}}} = "
    w_y = _common_weight(t, w)
    if w_y is not None:
        body = rf"({number(p[j])} - {number(t[j])})\cdot\frac{{{number(w_y)}}}{{{number(d)}}}"
    else:
        body = (
            rf"\frac{{{number(p[j])} \cdot {number(mass)} - {number(w[j])} \cdot {number(t[j])}}}"
            rf"{{{number(d)}}}"
        )
    return f"{head}{body} = {number(value)}"


def gradient_vector_formula(
    probs_row: Sequence[float],
    target_row: Sequence[float],
    class_weight: Sequence[float] | None,
    denominator: float,
) -> str:
    r"""The whole gradient row of one sample, with its numbers, on two aligned lines (long rows
    with an ellipsis).

    >>> formula = gradient_vector_formula([0.1764, 0.1764, 0.6472], [0, 0, 1], None, 1.0)
    >>> print(formula.replace(r" \\ ", "\n").replace(" - ", "\n- "))
    \begin{aligned}\frac{\partial L}{\partial \mathbf{z}} &= \big((0.1764,\ 0.1764,\ 0.6472)
    - (0.0000,\ 0.0000,\ 1.0000)\big)\cdot\frac{1.0000}{1.0000}
    &= (0.1764,\ 0.1764,\ -0.3528)\end{aligned}
    """
    p, t, w = _gradient_inputs(probs_row, target_row, class_weight)
    d = float(denominator)
    mass = float((w * t).sum())
    values = (p * mass - w * t) / d

    def vector(row: np.ndarray) -> str:
        return "(" + _terms([number(v) for v in row], r",\ ") + ")"

    w_y = _common_weight(t, w)
    if w_y is not None:
        body = rf"\big({vector(p)} - {vector(t)}\big)\cdot\frac{{{number(w_y)}}}{{{number(d)}}}"
    else:
        body = rf"\frac{{{vector(p)} \cdot {number(mass)} - {vector(w * t)}}}{{{number(d)}}}"
    return (
        rf"\begin{{aligned}}\frac{{\partial L}}{{\partial \mathbf{{z}}}} &= {body}"
        rf" \\ &= {vector(values)}\end{{aligned}}"
    )


def _log(unit: str) -> str:
    return r"\log_2" if unit == "bits" else r"\log"


def _unit(unit: str) -> str:
    return rf"\ \text{{{unit}}}"


def entropy_definitions(unit: str = "nats") -> str:
    r"""Information content, then entropy, cross-entropy and KL built from it.

    >>> print(entropy_definitions().replace(r",\qquad ", "\n"))
    I(c) = -\log p_c
    H(p) = \sum_c p_c\,(-\log p_c)
    H(p, q) = \sum_c p_c\,(-\log q_c)
    \mathrm{KL}(p \,\|\, q) = H(p, q) - H(p)
    """
    log = _log(unit)
    return (
        rf"I(c) = -{log} p_c,\qquad H(p) = \sum_c p_c\,(-{log} p_c),\qquad "
        rf"H(p, q) = \sum_c p_c\,(-{log} q_c),\qquad \mathrm{{KL}}(p \,\|\, q) = H(p, q) - H(p)"
    )


def _sum_terms(values: Sequence[str]) -> str:
    """Terms of a sum over classes; more than three are written first, second, ..., last."""
    if len(values) <= 3:
        return " + ".join(values)
    return " + ".join([*values[:2], r"\cdots", values[-1]])


def entropy_formula(p: Sequence[float], value: float, unit: str = "nats") -> str:
    r"""The entropy of one target row with its numbers: :math:`H(p) = -\sum_c p_c \log p_c`.

    Two aligned lines (the definition, then the numbers), so a long row still fits.

    >>> print(entropy_formula([0.2, 0.3, 0.5], 1.0297).replace(" = ", "\n= "))
    \begin{aligned}H(p) &= -\sum_c p_c \log p_c \\
    &= -(0.2000 \log 0.2000 + 0.3000 \log 0.3000 + 0.5000 \log 0.5000)
    = 1.0297\ \text{nats}\end{aligned}
    """
    log = _log(unit)
    terms = _sum_terms([rf"{number(v)} {log} {number(v)}" for v in np.asarray(p, dtype=np.float64)])
    return (
        rf"\begin{{aligned}}H(p) &= -\sum_c p_c {log} p_c \\" + "\n"
        rf"&= -({terms}) = {number(value)}{_unit(unit)}\end{{aligned}}"
    )


def cross_entropy_of_formula(
    p: Sequence[float], q: Sequence[float], value: float, unit: str = "nats"
) -> str:
    r"""The cross-entropy of one row with its numbers: :math:`H(p, q) = -\sum_c p_c \log q_c`.

    >>> print(cross_entropy_of_formula([0.0, 1.0], [0.5, 0.5], 1.0, "bits"))
    \begin{aligned}H(p, q) &= -\sum_c p_c \log_2 q_c \\
    &= -(0.0000 \log_2 0.5000 + 1.0000 \log_2 0.5000) = 1.0000\ \text{bits}\end{aligned}
    """
    log = _log(unit)
    pairs = zip(np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64), strict=True)
    terms = _sum_terms([rf"{number(a)} {log} {number(b)}" for a, b in pairs])
    return (
        rf"\begin{{aligned}}H(p, q) &= -\sum_c p_c {log} q_c \\" + "\n"
        rf"&= -({terms}) = {number(value)}{_unit(unit)}\end{{aligned}}"
    )


def kl_formula(entropy: float, cross_entropy: float, kl: float, unit: str = "nats") -> str:
    r"""The KL divergence as the gap between cross-entropy and entropy, with the numbers.

    >>> print(kl_formula(1.0297, 1.082, 0.0523).replace(" = ", "\n= "))
    \mathrm{KL}(p \,\|\, q)
    = \sum_c p_c \log \frac{p_c}{q_c}
    = H(p, q) - H(p)
    = 1.0820 - 1.0297
    = 0.0523\ \text{nats}
    >>> kl_formula(0.0, float("inf"), float("inf")).split(" = ")[-2:]
    ['\\infty - 0.0000', '\\infty\\ \\text{nats}']
    """
    return (
        rf"\mathrm{{KL}}(p \,\|\, q) = \sum_c p_c {_log(unit)} \frac{{p_c}}{{q_c}} = H(p, q) - H(p)"
        rf" = {number(cross_entropy)} - {number(entropy)} = {number(kl)}{_unit(unit)}"
    )


def kl_directions_formula(forward: float, reverse: float, unit: str = "nats") -> str:
    r"""Both directions of the KL divergence for one sample: they differ.

    Two aligned lines, so the formula fits a narrow column.

    >>> print(kl_directions_formula(0.0523, 0.0458))
    \begin{aligned}
    \mathrm{KL}(p \,\|\, q) &= \sum_c p_c \log \frac{p_c}{q_c} = 0.0523\ \text{nats} \\
    \mathrm{KL}(q \,\|\, p) &= \sum_c q_c \log \frac{q_c}{p_c} = 0.0458\ \text{nats}
    \end{aligned}
    """
    log = _log(unit)
    return (
        "\\begin{aligned}\n"
        rf"\mathrm{{KL}}(p \,\|\, q) &= \sum_c p_c {log} \frac{{p_c}}{{q_c}} = "
        rf"{number(forward)}{_unit(unit)} \\" + "\n"
        rf"\mathrm{{KL}}(q \,\|\, p) &= \sum_c q_c {log} \frac{{q_c}}{{p_c}} = "
        rf"{number(reverse)}{_unit(unit)}" + "\n\\end{aligned}"
    )


# --- cross-entropy page -------------------------------------------------------------------------


def _vector(values: Sequence[float]) -> str:
    return r"\left[" + _terms([number(v) for v in values], r",\ ") + r"\right]"


def _lines(latex: str) -> str:
    """LaTeX cut into lines before each ``=`` (for reading it in a doctest)."""
    return latex.replace(" = ", "\n= ").replace(r" \\ &= ", "\n&= ")


def _weight(value: float) -> str:
    """A class weight: whole weights as they are typed (``4``), others as numbers."""
    value = float(value)
    return f"{value:g}" if value.is_integer() and abs(value) < 1e6 else number(value)


def _aligned(head: str, *rows: str) -> str:
    """``head = rows[0]``, then ``= row`` on a line of its own for each further row."""
    return r"\begin{aligned}" + head + " &= " + r" \\ &= ".join(rows) + r"\end{aligned}"


def ce_definition(soft: bool, smoothing: float) -> str:
    r"""Cross-entropy of sample :math:`i` as PyTorch defines it, for the target kind in use.

    >>> print(ce_definition(False, 0.0).replace(r" \\ ", "\n"))
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


def ce_logsumexp(logits: Sequence[float], lse: float) -> str:
    r"""The log-sum-exp of one row, computed stably: :math:`m + \log \sum_j e^{x_j - m}`.

    ``lse`` is the core's value; the intermediate sum is shown for reading along.

    >>> print(_lines(ce_logsumexp([1.3, 1.3, 2.6], 3.0351)))
    \begin{aligned}\mathrm{lse} &= \log \sum_j e^{x_j}
    = \log\left(e^{1.3000} + e^{1.3000} + e^{2.6000}\right)
    &= 2.6000 + \log\left(e^{-1.3000} + e^{-1.3000} + e^{0.0000}\right)
    = 2.6000 + \log 1.5451
    = 3.0351\end{aligned}
    """
    x = np.asarray(logits, dtype=np.float64)
    top = float(x.max())
    shifted = x - top
    raw = _terms([rf"e^{{{number(v)}}}" for v in x])
    stable = _terms([rf"e^{{{number(v)}}}" for v in shifted])
    return _aligned(
        r"\mathrm{lse}",
        rf"\log \sum_j e^{{x_j}} = \log\left({raw}\right)",
        rf"{number(top)} + \log\left({stable}\right)"
        rf" = {number(top)} + \log {number(float(np.exp(shifted).sum()))} = {number(lse)}",
    )


def ce_log_softmax(logits: Sequence[float], lse: float, log_probs: Sequence[float]) -> str:
    r"""Log-softmax as a shift: every logit minus the same log-sum-exp.

    >>> print(ce_log_softmax([1.3, 2.6], 2.8413, [-1.5413, -0.2413]).replace(" = ", "\n= "))
    \log p
    = x - \mathrm{lse}
    = \left[1.3000,\ 2.6000\right] - 2.8413
    = \left[-1.5413,\ -0.2413\right]
    """
    return (
        rf"\log p = x - \mathrm{{lse}} = {_vector(logits)} - {number(lse)}"
        rf" = {_vector(log_probs)}"
    )


def ce_target_step(label: int, log_p_target: float) -> str:
    r"""Pick the target's log-probability, then negate it.

    >>> ce_target_step(2, -0.4351)
    '\\log p_{2} = -0.4351 \\;\\xrightarrow{\\;\\times (-1)\\;}\\; -\\log p_{2} = 0.4351'
    """
    return (
        rf"\log p_{{{label}}} = {number(log_p_target)} \;\xrightarrow{{\;\times (-1)\;}}\;"
        rf" -\log p_{{{label}}} = {number(-log_p_target)}"
    )


def ce_weight_step(
    sample: int,
    label: int,
    log_probs: Sequence[float],
    class_weight: Sequence[float] | None,
    smoothing: float,
    loss: float,
) -> str:
    r"""Weight the target's loss by :math:`w_y` and, with smoothing, add the share of every class.

    ``loss`` is the core's per-sample value; the terms are shown for reading along.

    >>> print(ce_weight_step(0, 2, [-1.7351, -1.7351, -0.4351], None, 0.0, 0.4351))
    \ell_{0} = w_{2} \cdot (-\log p_{2}) = 1 \times 0.4351 = 0.4351
    >>> smoothed = ce_weight_step(0, 2, [-1.7351, -1.7351, -0.4351], None, 0.1, 0.5217)
    >>> print(_lines(smoothed).split("\n", 1)[1])
    &= 0.9000 \times 1 \times 0.4351 + \frac{0.1000}{3} \times 3.9053
    = 0.3916 + 0.1302
    = 0.5217\end{aligned}
    """
    log_p = np.asarray(log_probs, dtype=np.float64)
    weights = np.ones_like(log_p) if class_weight is None else np.asarray(class_weight, float)
    w_text = "1" if class_weight is None else _weight(weights[label])
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
    return _aligned(
        rf"\ell_{{{sample}}}",
        rf"(1-\varepsilon)\, w_{{{label}}} (-\log p_{{{label}}})"
        r" + \frac{\varepsilon}{C} \sum_c w_c (-\log p_c)",
        rf"{number(1.0 - smoothing)} \times {w_text} \times {number(nll)}"
        rf" + \frac{{{number(smoothing)}}}{{{c}}} \times {number(spread)}"
        rf" = {number(first)} + {number(second)} = {number(loss)}",
    )


def ce_ignored(sample: int, label: int) -> str:
    r"""An ignored sample: its loss is 0 and its weight leaves the mean's denominator.

    >>> ce_ignored(1, 0)
    'y_{1} = 0 = \\mathtt{ignore\\_index} \\;\\Rightarrow\\; \\ell_{1} = 0'
    """
    return (
        rf"y_{{{sample}}} = {label} = \mathtt{{ignore\_index}}"
        rf" \;\Rightarrow\; \ell_{{{sample}}} = 0"
    )


def ce_smoothed_target(given: Sequence[float], smoothing: float, used: Sequence[float]) -> str:
    r"""The smoothed target :math:`(1-\varepsilon)\, q + \varepsilon / C`, with its numbers.

    >>> print(ce_smoothed_target([0, 0, 1], 0.1, [0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3])
    ...       .replace(" = ", "\n= "))
    q
    = (1-0.1000)\left[0.0000,\ 0.0000,\ 1.0000\right] + \frac{0.1000}{3}
    = \left[0.0333,\ 0.0333,\ 0.9333\right]
    """
    c = len(given)
    return (
        rf"q = (1-{number(smoothing)}){_vector(given)} + \frac{{{number(smoothing)}}}{{{c}}}"
        rf" = {_vector(used)}"
    )


def ce_soft_sample(
    sample: int,
    target: Sequence[float],
    log_probs: Sequence[float],
    class_weight: Sequence[float] | None,
    loss: float,
) -> str:
    r"""The loss of a sample with a probability target: :math:`-\sum_c w_c q_c \log p_c`.

    Each term is written as :math:`w_c \cdot q_c \times (-\log p_c)` (without class weights,
    :math:`q_c \times (-\log p_c)`); ``loss`` is the core's value.

    >>> print(ce_soft_sample(0, [0.25, 0.75], [-1.5413, -0.2413], None, 0.5663)
    ...       .replace(" = ", "\n= "))
    \ell_{0}
    = -\sum_c w_c\, q_c \log p_c
    = 0.2500 \times 1.5413 + 0.7500 \times 0.2413
    = 0.5663
    >>> ce_soft_sample(0, [0.25, 0.75], [-1.5413, -0.2413], [2, 1], 0.9519).split(" = ")[2]
    '2 \\cdot 0.2500 \\times 1.5413 + 1 \\cdot 0.7500 \\times 0.2413'
    """
    q = np.asarray(target, dtype=np.float64)
    log_p = np.asarray(log_probs, dtype=np.float64)
    factors = [number(v) for v in q]
    if class_weight is not None:
        factors = [rf"{_weight(w)} \cdot {f}" for w, f in zip(class_weight, factors, strict=True)]
    terms = _terms([rf"{f} \times {number(-v)}" for f, v in zip(factors, log_p, strict=True)])
    return rf"\ell_{{{sample}}} = -\sum_c w_c\, q_c \log p_c = {terms} = {number(loss)}"


def ce_reduction(
    reduction: str,
    per_sample: Sequence[float],
    total: float,
    denominator: float,
    loss: float,
    soft: bool,
    weighted: bool,
) -> str:
    r"""How the per-sample losses become the output: divided (mean), added (sum) or kept (none).

    >>> print(ce_reduction("mean", [0.4351], 0.4351, 1.0, 0.4351, False, False))
    L = \frac{\sum_i \ell_i}{\#\{i : y_i \neq \mathtt{ignore\_index}\}} = \frac{0.4351}{1} = 0.4351
    >>> print(ce_reduction("sum", [0.5, 1.0], 1.5, 1.0, 1.5, False, False))
    L = \sum_i \ell_i = 0.5000 + 1.0000 = 1.5000
    """
    losses = np.asarray(per_sample, dtype=np.float64)
    if reduction == "none":
        return rf"\mathtt{{output}} = {_vector(losses)}, \qquad \sum_i \ell_i = {number(total)}"
    if reduction == "sum":
        return rf"L = \sum_i \ell_i = {_terms([number(v) for v in losses])} = {number(loss)}"
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


def ce_smoothing_split(smoothing: float, nll: float, uniform: float, loss: float) -> str:
    r"""Cross-entropy with smoothing as NLL plus :math:`\varepsilon` times the uniform-target loss.

    :math:`\mathrm{CE}_\varepsilon = (1-\varepsilon)\,\mathrm{NLL} + \varepsilon\,\mathrm{CE}_1`,
    since the smoothed target is a mix of the one-hot and the uniform target; ``loss`` is the
    core's value.

    >>> print(ce_smoothing_split(0.1, 0.4351, 1.3017, 0.5217).replace(" = ", "\n= "))
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


def ce_smoothing_floor(smoothing: float, num_classes: int, floor: float) -> str:
    r"""The entropy of the smoothed one-hot target: the floor of an unweighted smoothed loss.

    ``floor`` is the core's value; the two kinds of terms are shown for reading along.

    >>> print(ce_smoothing_floor(0.1, 3, 0.2911).split(r" \\ ")[1])
    &= -0.9333 \log 0.9333 - 2 \times 0.0333 \log 0.0333 = 0.2911\end{aligned}
    """
    big = 1.0 - smoothing + smoothing / num_classes
    small = smoothing / num_classes
    return _aligned(
        "H(q)",
        r"-\left(1-\varepsilon+\tfrac{\varepsilon}{C}\right)"
        r"\log\left(1-\varepsilon+\tfrac{\varepsilon}{C}\right)"
        r" - (C-1)\,\tfrac{\varepsilon}{C}\log\tfrac{\varepsilon}{C}",
        rf"-{number(big)} \log {number(big)} - {num_classes - 1} \times {number(small)}"
        rf" \log {number(small)} = {number(floor)}",
    )


def ce_floor(sample: int, floor: float, weighted: bool) -> str:
    r"""The lowest loss sample :math:`i` can reach, whatever the logits (at :math:`p \propto w q`).

    >>> ce_floor(0, 0.2911, False)
    '\\ell_{0} \\ge H(q) = -\\sum_c q_c \\log q_c = 0.2911'
    """
    if weighted:
        return (
            rf"\ell_{{{sample}}} \ge -\sum_c w_c q_c \log \frac{{w_c q_c}}{{\sum_k w_k q_k}}"
            rf" = {number(floor)}"
        )
    return rf"\ell_{{{sample}}} \ge H(q) = -\sum_c q_c \log q_c = {number(floor)}"


# Binary cross-entropy: BCELoss on sigmoid(x) beside BCEWithLogitsLoss on x.


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


def _factor(text: str) -> str:
    """A number in a product, in parentheses when negative."""
    return f"({text})" if text.startswith("-") else text


def _probability(value: float) -> str:
    """A probability: exactly ``0`` and ``1`` written so, other values with their digits."""
    return "0" if value == 0 else "1" if value == 1 else _num(value)


def _rows(lines: Sequence[str]) -> str:
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def bce_definition() -> str:
    r"""``binary_cross_entropy`` of one element, on the probability :math:`\sigma_{n,c}`.

    >>> print(bce_definition().replace(r" \\ ", "\n"))
    \begin{aligned}\ell_{n,c} = -w_c \big[ & y_{n,c} \max(\log \sigma_{n,c}, -100)
    & + (1 - y_{n,c}) \max(\log(1 - \sigma_{n,c}), -100) \big]\end{aligned}
    """
    return _rows(
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
    return _rows(
        [
            r"\ell_{n,c} = -w_c \big[ & p_c\, y_{n,c} \log \sigma(x_{n,c})",
            r"& + (1 - y_{n,c}) \log(1 - \sigma(x_{n,c})) \big]",
        ]
    )


def _weights(w: float, pw: float | None) -> tuple[str, str]:
    r"""The leading ``-w`` and the ``p_c \cdot`` factor, left out when they are 1."""
    lead = "-" if w == 1 else f"-{_factor(_short(w))}"
    pos = "" if pw is None or pw == 1 else rf"{_factor(_short(pw))} \cdot "
    return lead, pos


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
    lines = []
    for c in range(min(len(logits), MAX_TERMS)):
        y = float(target[c])
        lead, pos = _weights(float(weight[c]), float(pos_weight[c]))
        x = _num(float(logits[c]))
        lines.append(
            rf"\ell_{{{n},{c}}} &= {lead}\left[ {pos}{_factor(_short(y))} \cdot \log \sigma({x})"
            rf" + {_factor(_short(1.0 - y))} \cdot \log(1 - \sigma({x})) \right]"
            rf" = {lead}\left[ {pos}{_factor(_short(y))} \cdot {_factor(_num(log_sig[c]))}"
            rf" + {_factor(_short(1.0 - y))} \cdot {_factor(_num(log_one_minus[c]))} \right]"
            rf" = {_num(float(loss[c]))}"
        )
    if len(logits) > MAX_TERMS:
        lines.append(r"&\;\;\vdots")
    return _rows(lines)


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
    lines = []
    for c in range(min(len(probs), MAX_TERMS)):
        y, p = float(target[c]), float(probs[c])
        lead, _ = _weights(float(weight[c]), None)
        lines.append(
            rf"\ell_{{{n},{c}}} &= {lead}\left[ {_factor(_short(y))} \cdot"
            rf" \max(\log {_probability(p)}, -100) + {_factor(_short(1.0 - y))} \cdot"
            rf" \max(\log {_probability(1.0 - p)}, -100) \right]"
            rf" = {lead}\left[ {_factor(_short(y))} \cdot {_factor(_num(log_x[c]))}"
            rf" + {_factor(_short(1.0 - y))} \cdot {_factor(_num(log_one_minus[c]))} \right]"
            rf" = {_num(float(loss[c]))}"
        )
    if len(probs) > MAX_TERMS:
        lines.append(r"&\;\;\vdots")
    return _rows(lines)


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
    return _rows(
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


def ce_nll_equality(cross_entropy: float, nll: float) -> str:
    r"""``F.cross_entropy`` beside ``F.nll_loss`` on the log-probabilities, and how far apart.

    >>> print(*ce_nll_equality(0.4351, 0.4351).split(r", \qquad "), sep="\n")
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
