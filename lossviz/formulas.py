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
    "imbalance_focal_definition",
    "imbalance_focal_sample",
    "imbalance_plain_mean",
    "imbalance_smoothing_gradient",
    "imbalance_true_class_target",
    "imbalance_weight_scheme",
    "imbalance_weighted_mean",
    "kl_directions_formula",
    "kl_formula",
    "number",
    "playground_loss_formula",
    "regression_definitions",
    "regression_element",
    "regression_element_gradients",
    "regression_reduction",
    "softmax_definition",
    "softmax_formula",
    "stability_bce_element",
    "stability_gradients",
    "stability_naive_steps",
    "stability_scaled_logits",
    "stability_stable_steps",
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


# Regression losses: MSE, L1, smooth L1 and Huber of one element, and the reduction.

_REGRESSION_NAMES = {
    "mse_loss": r"\text{MSE}",
    "l1_loss": r"\text{L1}",
    "smooth_l1_loss": r"\text{SmoothL1}",
    "huber_loss": r"\text{Huber}",
}


def regression_definitions() -> str:
    r"""The four losses of one element as functions of its error :math:`e = x - y`.

    >>> latex = regression_definitions()
    >>> print(latex.split(r" \\ ")[0])
    \begin{aligned}\text{MSE}: \ell &= e^2 & \text{L1}: \ell &= |e|
    >>> r"|e| - 0.5\, \beta & \text{otherwise}" in latex, r"\delta\, (|e| - 0.5\, \delta)" in latex
    (True, True)
    """
    smooth = (
        r"\begin{cases} 0.5\, e^2 / \beta & |e| < \beta \\ |e| - 0.5\, \beta & \text{otherwise}"
        r" \end{cases}"
    )
    huber = (
        r"\begin{cases} 0.5\, e^2 & |e| < \delta \\ \delta\, (|e| - 0.5\, \delta) &"
        r" \text{otherwise} \end{cases}"
    )
    return _rows(
        [
            r"\text{MSE}: \ell &= e^2 & \text{L1}: \ell &= |e|",
            rf"\text{{SmoothL1}}: \ell &= {smooth}",
            rf"\text{{Huber}}: \ell &= {huber}",
        ]
    )


def _element_error(i: int, x: float, y: float) -> str:
    return (
        rf"e_{{{i}}} &= x_{{{i}}} - y_{{{i}}} = {number(x)} - {_factor(number(y))}"
        rf" = {number(float(x) - float(y))}"
    )


def regression_element(
    i: int, x: float, y: float, beta: float, delta: float, losses: dict[str, float]
) -> str:
    r"""Element ``i``'s error and its four losses with the numbers (``losses`` maps the function
    names to the element's losses). Smooth L1 and Huber show the branch PyTorch takes: the
    quadratic one only for :math:`|e| < \beta` (strictly).

    >>> f = regression_element(4, 1.0, 8.0, 1.0, 2.0,
    ...     {"mse_loss": 49.0, "l1_loss": 7.0, "smooth_l1_loss": 6.5, "huber_loss": 12.0})
    >>> for row in f.removesuffix(r"\end{aligned}").split(r" \\ "):
    ...     print(row.split("&= ")[1])
    x_{4} - y_{4} = 1.0000 - 8.0000 = -7.0000
    e_{4}^2 = (-7.0000)^2 = 49.0000
    |e_{4}| = 7.0000
    |e_{4}| - 0.5 \beta = 7.0000 - 0.5 \cdot 1.0000 = 6.5000
    \delta (|e_{4}| - 0.5 \delta) = 2.0000 \cdot (7.0000 - 0.5 \cdot 2.0000) = 12.0000
    """
    e = float(x) - float(y)
    size = abs(e)
    ei = f"e_{{{i}}}"
    names = _REGRESSION_NAMES
    e_squared = f"{_factor(number(e))}^2"

    def row(name: str, condition: str, loss: str) -> str:
        return rf"{names[name]}{condition}: \ell_{{{i}}} &= {loss} = {number(losses[name])}"

    rows = [
        _element_error(i, x, y),
        row("mse_loss", "", rf"{ei}^2 = {e_squared}"),
        row("l1_loss", "", f"|{ei}|"),
    ]
    if beta == 0:
        rows.append(row("smooth_l1_loss", r"\ (\beta = 0)", f"|{ei}|"))
    elif size < beta:
        rows.append(
            row(
                "smooth_l1_loss",
                rf"\ (|{ei}| < \beta)",
                rf"0.5\, {ei}^2 / \beta = 0.5 \cdot {e_squared} / {number(beta)}",
            )
        )
    else:
        rows.append(
            row(
                "smooth_l1_loss",
                rf"\ (|{ei}| \ge \beta)",
                rf"|{ei}| - 0.5 \beta = {number(size)} - 0.5 \cdot {number(beta)}",
            )
        )
    if size < delta:
        rows.append(
            row("huber_loss", rf"\ (|{ei}| < \delta)", rf"0.5\, {ei}^2 = 0.5 \cdot {e_squared}")
        )
    else:
        rows.append(
            row(
                "huber_loss",
                rf"\ (|{ei}| \ge \delta)",
                rf"\delta (|{ei}| - 0.5 \delta) = {number(delta)} \cdot ({number(size)} - 0.5"
                rf" \cdot {number(delta)})",
            )
        )
    return _rows(rows)


def regression_element_gradients(
    i: int,
    x: float,
    y: float,
    beta: float,
    delta: float,
    grads: dict[str, float],
    reduction: str,
    n: int,
) -> str:
    r"""The gradient ``backward()`` gives on :math:`x_i` under each loss, with the numbers
    (``grads`` maps the function names to the element's gradient; 'mean' divides by the number
    of elements ``n``): :math:`2e`, :math:`\operatorname{sign}(e)`, :math:`e/\beta` clipped to
    :math:`\pm 1`, :math:`e` clipped to :math:`\pm\delta`.

    >>> f = regression_element_gradients(4, 1.0, 8.0, 1.0, 2.0,
    ...     {"mse_loss": -2.8, "l1_loss": -0.2, "smooth_l1_loss": -0.2, "huber_loss": -0.4},
    ...     "mean", 5)
    >>> for row in f.removesuffix(r"\end{aligned}").split(r" \\ "):
    ...     print(row.split("&= ")[1].replace(r"\operatorname", ""))
    2 e_{4} / 5 = 2 \cdot (-7.0000) / 5 = -2.8000
    {sign}(e_{4}) / 5 = -0.2000
    {sign}(e_{4}) / 5 = -0.2000
    \delta\, {sign}(e_{4}) / 5 = 2.0000 \cdot (-1) / 5 = -0.4000
    """
    e = float(x) - float(y)
    size = abs(e)
    ei = f"e_{{{i}}}"
    over = f" / {n}" if reduction == "mean" else ""
    names = _REGRESSION_NAMES
    sign = rf"\operatorname{{sign}}({ei})"
    sign_value = "(-1)" if e < 0 else "1" if e > 0 else "0"

    def row(name: str, grad: str) -> str:
        return (
            rf"{names[name]}: \frac{{\partial L}}{{\partial x_{{{i}}}}} &= {grad}"
            rf" = {number(grads[name])}"
        )

    rows = [
        row("mse_loss", rf"2 {ei}{over} = 2 \cdot {_factor(number(e))}{over}"),
        row("l1_loss", f"{sign}{over}"),
    ]
    if beta > 0 and size < beta:
        rows.append(
            row(
                "smooth_l1_loss",
                rf"{ei} / \beta{over} = {_factor(number(e))} / {number(beta)}{over}",
            )
        )
    else:
        rows.append(row("smooth_l1_loss", f"{sign}{over}"))
    if size < delta:
        rows.append(row("huber_loss", rf"{ei}{over} = {_factor(number(e))}{over}"))
    else:
        rows.append(
            row(
                "huber_loss",
                rf"\delta\, {sign}{over} = {number(delta)} \cdot {sign_value}{over}",
            )
        )
    return _rows(rows)


def regression_reduction(
    reduction: str, per_element: dict[str, np.ndarray], losses: dict[str, float]
) -> str:
    r"""How each loss's element values become its one number: 'mean' divides the sum by the
    number of elements; 'sum' adds them up; for 'none' the page shows their sum. ``per_element``
    and ``losses`` map the function names to the element losses and the reduced value; the
    losses go two to a row.

    >>> ell = {"mse_loss": np.array([0.25, 0.25, 0.0, 0.36, 49.0])}
    >>> print(*regression_reduction("mean", ell, {"mse_loss": 9.972}).split(r" \\ "), sep="\n")
    \begin{aligned}L &= \frac{1}{5} \sum_i \ell_i
    L_{\text{MSE}} &= \frac{49.8600}{5} = 9.9720\end{aligned}
    >>> ell = {"l1_loss": np.array([1.0, 7.6])}
    >>> print(*regression_reduction("none", ell, {"l1_loss": 8.6}).split(r" \\ "), sep="\n")
    \begin{aligned}\ell &\in \mathbb{R}^{2}
    \textstyle\sum \ell_{\text{L1}} &= 8.6000\end{aligned}
    """
    names = _REGRESSION_NAMES
    n = next(iter(per_element.values())).size
    if reduction == "mean":
        head = rf"L &= \frac{{1}}{{{n}}} \sum_i \ell_i"
        parts = [
            rf"L_{{{names[k]}}} &= \frac{{{number(float(np.sum(per_element[k])))}}}{{{n}}}"
            rf" = {number(losses[k])}"
            for k in losses
        ]
    elif reduction == "sum":
        head = r"L &= \sum_i \ell_i"
        parts = [rf"L_{{{names[k]}}} &= {number(losses[k])}" for k in losses]
    else:
        head = rf"\ell &\in \mathbb{{R}}^{{{n}}}"
        parts = [rf"\textstyle\sum \ell_{{{names[k]}}} &= {number(losses[k])}" for k in losses]
    pairs = [" & ".join(parts[j : j + 2]) for j in range(0, len(parts), 2)]
    return _rows([head, *pairs])


# --- numerical stability page ---------------------------------------------------------------


def _exact(value: float) -> str:
    r"""A float32 or float64 value with the digits that tell it from its neighbours: ``1`` and
    ``0`` exactly, otherwise 9 significant digits (so 0.999999881 is not written 1.0000).

    >>> _exact(1.0), _exact(0.9999998807907104), _exact(float("inf")), _exact(2.5e-23)
    ('1', '0.999999881', '\\infty', '2.5 \\times 10^{-23}')
    """
    value = float(value)
    if value in (0.0, 1.0) or not np.isfinite(value):
        return number(value) if not np.isfinite(value) else f"{value:g}"
    text = f"{value:.9g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def stability_scaled_logits(scale: float, z: Sequence[float], x: Sequence[float]) -> str:
    r"""The logits of the page: the sample's logits times the scale :math:`s`, in the dtype.

    >>> print(_lines(stability_scaled_logits(100.0, [1.3, 1.3, 2.6], [130.0, 130.0, 260.0])))
    x
    = s\,z
    = 100 \cdot \left[1.3000,\ 1.3000,\ 2.6000\right]
    = \left[130.0000,\ 130.0000,\ 260.0000\right]
    """
    return rf"x = s\,z = {float(scale):g} \cdot {_vector(z)} = {_vector(x)}"


def stability_naive_steps(
    exp: Sequence[float], exp_sum: float, probs: Sequence[float], label: int, loss: float
) -> str:
    r"""The definition taken literally: :math:`e^{x}`, its sum, :math:`p_y` and
    :math:`-\log p_y`, with the numbers (:math:`\infty` and NaN included).

    >>> inf, nan = float("inf"), float("nan")
    >>> f = stability_naive_steps([1e22, 1e22, inf], inf, [0.0, 0.0, nan], 0, inf)
    >>> print(_lines(f).replace(r" \\ ", "\n"))
    \begin{aligned}e^{x_j} &= \left[1.000 \times 10^{22},\ 1.000 \times 10^{22},\ \infty\right]
    \sum_j e^{x_j} &= \infty
    p_{0} &= \frac{e^{x_{0}}}{\sum_j e^{x_j}}
    = \frac{1.000 \times 10^{22}}{\infty}
    = 0
    \ell &= -\log p_{0}
    = -\log 0
    = \infty\end{aligned}
    """
    exp = np.asarray(exp, dtype=np.float64)
    p = float(np.asarray(probs, dtype=np.float64)[label])
    return _rows(
        [
            rf"e^{{x_j}} &= {_vector(exp)}",
            rf"\sum_j e^{{x_j}} &= {number(exp_sum)}",
            rf"p_{{{label}}} &= \frac{{e^{{x_{{{label}}}}}}}{{\sum_j e^{{x_j}}}}"
            rf" = \frac{{{number(exp[label])}}}{{{number(exp_sum)}}} = {_exact(p)}",
            rf"\ell &= -\log p_{{{label}}} = -\log {_exact(p)} = {number(loss)}",
        ]
    )


def stability_stable_steps(
    x: Sequence[float],
    max_logit: float,
    shifted_logits: Sequence[float],
    shifted_sum: float,
    logsumexp: float,
    label: int,
    loss: float,
) -> str:
    r"""Log-sum-exp with the row maximum :math:`m` taken out (``shifted_logits`` are
    :math:`x_j - m`), then the loss, with the numbers.

    >>> print(_lines(stability_stable_steps([130.0, 130.0, 260.0], 260.0, [-130.0, -130.0, 0.0],
    ...     1.0, 260.0, 2, 0.0)))
    \begin{aligned}m &= \max_j x_j
    = 260.0000 \\ \log \sum_j e^{x_j} &= m + \log \sum_j e^{x_j - m}
    = 260.0000 + \log\left(e^{-130.0000} + e^{-130.0000} + e^{0.0000}\right)
    = 260.0000 + \log 1
    = 260.0000 \\ \ell &= \log \sum_j e^{x_j} - x_{2}
    = 260.0000 - 260.0000
    = 0.0000\end{aligned}
    """
    x = np.asarray(x, dtype=np.float64)
    terms = _terms([rf"e^{{{number(v + 0.0)}}}" for v in shifted_logits])
    return _rows(
        [
            rf"m &= \max_j x_j = {number(max_logit)}",
            rf"\log \sum_j e^{{x_j}} &= m + \log \sum_j e^{{x_j - m}}"
            rf" = {number(max_logit)} + \log\left({terms}\right)"
            rf" = {number(max_logit)} + \log {_exact(shifted_sum)} = {number(logsumexp)}",
            rf"\ell &= \log \sum_j e^{{x_j}} - x_{{{label}}}"
            rf" = {number(logsumexp)} - {number(x[label])} = {number(loss)}",
        ]
    )


def stability_gradients(
    naive_grad: Sequence[float],
    softmax_grad: Sequence[float],
    fused_grad: Sequence[float],
    label: int,
) -> str:
    r"""The gradient :math:`\partial \ell / \partial x` by autograd through each route; the fused
    one is :math:`\mathrm{softmax}(x) - \mathrm{onehot}(y)`.

    >>> nan = float("nan")
    >>> f = stability_gradients([nan, nan], [0.5, -0.5], [0.5, -0.5], 1)
    >>> print(_lines(f).replace(r" \\ ", "\n"))
    \begin{aligned}\nabla_x \ell_{\texttt{exp/sum}} &= \left[\text{NaN},\ \text{NaN}\right]
    \nabla_x \ell_{\texttt{softmax}\to\texttt{log}} &= \left[0.5000,\ -0.5000\right]
    \nabla_x \ell_{\texttt{cross\_entropy}} &= \mathrm{softmax}(x) - \mathrm{onehot}(1)
    = \left[0.5000,\ -0.5000\right]\end{aligned}
    """
    return _rows(
        [
            rf"\nabla_x \ell_{{\texttt{{exp/sum}}}} &= {_vector(naive_grad)}",
            rf"\nabla_x \ell_{{\texttt{{softmax}}\to\texttt{{log}}}} &= {_vector(softmax_grad)}",
            rf"\nabla_x \ell_{{\texttt{{cross\_entropy}}}} &= \mathrm{{softmax}}(x)"
            rf" - \mathrm{{onehot}}({label}) = {_vector(fused_grad)}",
        ]
    )


def stability_bce_element(
    c: int,
    x: float,
    t: float,
    p: float,
    log_p: float,
    log_one_minus_p: float,
    bce: float,
    with_logits: float,
) -> str:
    r"""One element both ways: BCELoss on the rounded :math:`\sigma(x)` with its log clamped at
    -100, and BCEWithLogitsLoss on :math:`x`.

    >>> print(_lines(stability_bce_element(0, 130.0, 0.0, 1.0, 0.0, float("-inf"), 100.0, 130.0)))
    \begin{aligned}\sigma(x_{0}) &= \sigma(130.0000)
    = 1 \\ \ell^{\text{BCE}}_{0} &= -\max\left(\log(1 - \sigma(x_{0})), -100\right)
    = -\max\left(-\infty, -100\right)
    = 100.0000 \\ \ell^{\text{logits}}_{0} &= \max(x, 0) - x\,t + \log\left(1 + e^{-|x|}\right)
    = 130.0000 - 0 + \log\left(1 + e^{-130.0000}\right)
    = 130.0000\end{aligned}
    """
    if t == 1:
        head = rf"-\max\left(\log \sigma(x_{{{c}}}), -100\right)"
        clamped = log_p
    else:
        head = rf"-\max\left(\log(1 - \sigma(x_{{{c}}})), -100\right)"
        clamped = log_one_minus_p
    if t not in (0, 1):
        head = (
            rf"-\left(t \max(\log \sigma(x_{{{c}}}), -100)"
            rf" + (1 - t) \max(\log(1 - \sigma(x_{{{c}}})), -100)\right)"
        )
    rows = [
        rf"\sigma(x_{{{c}}}) &= \sigma({number(x)}) = {_exact(p)}",
        rf"\ell^{{\text{{BCE}}}}_{{{c}}} &= {head}"
        + (rf" = -\max\left({number(clamped)}, -100\right)" if t in (0, 1) else "")
        + rf" = {number(bce)}",
        rf"\ell^{{\text{{logits}}}}_{{{c}}} &= \max(x, 0) - x\,t + \log\left(1 + e^{{-|x|}}\right)"
        rf" = {number(max(x, 0.0))} - {number(x * t + 0.0) if t else '0'}"
        rf" + \log\left(1 + e^{{{number(-abs(x))}}}\right) = {number(with_logits)}",
    ]
    return _rows(rows)


# Imbalance page: class weights from label counts, the weighted mean, focal loss, smoothing.


def _counts(values: Sequence[float]) -> str:
    return r"\left[" + _terms([str(int(v)) for v in values], r",\ ") + r"\right]"


_SCHEME_TERMS = {
    "inverse": (r"1 / n_c", r"1 / n_k"),
    "inverse_sqrt": (r"1 / \sqrt{n_c}", r"1 / \sqrt{n_k}"),
    "effective": (
        r"\frac{1-\beta}{1-\beta^{n_c}}",
        r"\frac{1-\beta}{1-\beta^{n_k}}",
    ),
}


def imbalance_weight_scheme(
    scheme: str, counts: Sequence[float], beta: float, weights: Sequence[float]
) -> str:
    r"""A weight scheme's formula, scaled to a mean weight of 1, with the batch's counts and the
    weights it gives (``weights``: the core's values).

    >>> text = imbalance_weight_scheme("inverse", [40, 13, 4], 0.99, [0.2131, 0.6557, 2.1311])
    >>> print(text.replace(r", \quad ", "\n").replace(r" \;\Rightarrow\; ", "\n"))
    w_c = C\,\frac{1 / n_c}{\sum_k 1 / n_k}
    n = \left[40,\ 13,\ 4\right]
    w = \left[0.2131,\ 0.6557,\ 2.1311\right]
    >>> "\\beta = 0.9900" in imbalance_weight_scheme("effective", [4, 1], 0.99, [0.4, 1.6])
    True
    """
    term, total = _SCHEME_TERMS[scheme]
    head = rf"w_c = C\,\frac{{{term}}}{{\sum_k {total}}}"
    if scheme == "effective":
        head += rf", \quad \beta = {number(beta)}"
    return rf"{head}, \quad n = {_counts(counts)} \;\Rightarrow\; w = {_vector(weights)}"


def _weighted_terms(weights: np.ndarray, values: np.ndarray) -> str:
    return _terms(
        [rf"{_weight(w)} \times {number(v)}" for w, v in zip(weights, values, strict=True)]
    )


def imbalance_weighted_mean(
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

    >>> print(_lines(imbalance_weighted_mean([1, 4], [3.2, 0.9], [4, 1], 6.8, 8.0, 0.85,
    ...                                      "mean")))
    L
    = \frac{\sum_i w_{y_i} (-\log p_{i,y_i})}{\sum_i w_{y_i}}
    = \frac{\sum_c w_c S_c}{\sum_c w_c n_c}
    = \frac{1 \times 3.2000 + 4 \times 0.9000}{1 \times 4 + 4 \times 1}
    = \frac{6.8000}{8.0000}
    = 0.8500
    >>> imbalance_weighted_mean([1, 4], [3.2, 0.9], [4, 1], 6.8, 1.0, 6.8, "sum").count("=")
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
    counted = _terms(
        [rf"{_weight(a)} \times {int(b)}" for a, b in zip(w[present], n[present], strict=True)]
    )
    return (
        r"L = \frac{\sum_i w_{y_i} (-\log p_{i,y_i})}{\sum_i w_{y_i}}"
        r" = \frac{\sum_c w_c S_c}{\sum_c w_c n_c}"
        rf" = \frac{{{numerator}}}{{{counted}}}"
        rf" = \frac{{{number(total)}}}{{{number(denominator)}}} = {number(loss)}"
    )


def imbalance_plain_mean(
    class_loss: Sequence[float], counts: Sequence[float], loss: float, reduction: str
) -> str:
    r"""The same loss without class weights: :math:`\sum_c S_c / \sum_c n_c` ('mean').

    >>> print(imbalance_plain_mean([3.2, 0.9], [4, 1], 0.82, "mean"))
    L_{w=1} = \frac{\sum_c S_c}{\sum_c n_c} = \frac{3.2000 + 0.9000}{4 + 1} = 0.8200
    >>> print(imbalance_plain_mean([3.2, 0.9], [4, 1], 4.1, "sum"))
    L_{w=1} = \sum_c S_c = 3.2000 + 0.9000 = 4.1000
    """
    s = np.asarray(class_loss, dtype=np.float64)
    n = np.asarray(counts, dtype=np.float64)
    present = n > 0
    summed = _terms([number(v) for v in s[present]])
    if reduction != "mean":
        return rf"L_{{w=1}} = \sum_c S_c = {summed} = {number(loss)}"
    counted = _terms([str(int(v)) for v in n[present]])
    return (
        rf"L_{{w=1}} = \frac{{\sum_c S_c}}{{\sum_c n_c}} = \frac{{{summed}}}{{{counted}}}"
        rf" = {number(loss)}"
    )


def imbalance_focal_definition() -> str:
    r"""The multi-class focal loss of sample :math:`i`.

    >>> imbalance_focal_definition()
    '\\mathrm{FL}_i = -\\alpha_{y_i}\\,(1 - p_t)^{\\gamma} \\log p_t, \\qquad p_t = p_{i,y_i}'
    """
    return r"\mathrm{FL}_i = -\alpha_{y_i}\,(1 - p_t)^{\gamma} \log p_t, \qquad p_t = p_{i,y_i}"


def imbalance_focal_sample(
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

    >>> print(_lines(imbalance_focal_sample(0, 2, 0.6472, 2.0, None, 0.4351, 0.1245, 0.0541,
    ...                                     0.1245)))
    \begin{aligned}\mathrm{FL}_{0} &= (1 - p_{0,2})^{\gamma}\,(-\log p_{0,2})
    = (1 - 0.6472)^{2} \times 0.4351
    &= 0.1245 \times 0.4351
    = 0.0541, \qquad \frac{\mathrm{FL}_{0}}{\mathrm{CE}_{0}}
    = 0.1245\end{aligned}
    >>> "0.7500 \\times" in imbalance_focal_sample(0, 2, 0.6, 2.0, 0.75, 0.5, 0.16, 0.06, 0.12)
    True
    """
    a_symbol = rf"\alpha_{{{label}}}\," if alpha is not None else ""
    a_value = rf"{_weight(alpha)} \times " if alpha is not None else ""
    return _aligned(
        rf"\mathrm{{FL}}_{{{sample}}}",
        rf"{a_symbol}(1 - p_{{{sample},{label}}})^{{\gamma}}\,(-\log p_{{{sample},{label}}})"
        rf" = {a_value}(1 - {number(target_prob)})^{{{gamma:g}}} \times {number(ce)}",
        rf"{a_value}{number(modulating)} \times {number(ce)} = {number(focal)},"
        rf" \qquad \frac{{\mathrm{{FL}}_{{{sample}}}}}{{\mathrm{{CE}}_{{{sample}}}}}"
        rf" = {number(ratio)}",
    )


def imbalance_true_class_target(smoothing: float, num_classes: int, value: float) -> str:
    r"""The smoothed target of the true class (PyTorch's :math:`\varepsilon / C` convention),
    and of every other class; ``value`` is the core's :math:`q_y`.

    >>> print(_lines(imbalance_true_class_target(0.1, 3, 0.9333)))
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


def imbalance_smoothing_gradient(
    sample: int, label: int, prob: float, target: float, grad: float, at_one: float
) -> str:
    r"""The gradient on the true logit with smoothing, :math:`p_y - q_y`, for one sample, and its
    value as :math:`p_y \to 1`; ``grad`` (autograd's) and ``at_one`` are the core's values.

    >>> print(_lines(imbalance_smoothing_gradient(0, 2, 0.6472, 0.9333, -0.2861, 0.0667)))
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


# Common mistakes: each mistake's formula with the demonstration's numbers.


def mistake_formula(mistake: str, facts: dict) -> str | None:
    r"""The formula behind ``mistake`` (a code of ``lossviz.mistakes.MISTAKES``) with the numbers
    of its demonstration (``Demonstration.facts``); None for the mistakes without one.

    >>> facts = {"label": 0, "loss_right": 0.349, "loss_wrong": 0.7663, "floor": 0.5514}
    >>> rows = mistake_formula("softmax_before_cross_entropy", facts).split(r" \\ ")
    >>> print(rows[0])
    \begin{aligned}-\log \operatorname{softmax}(z)_{0} &= 0.3490
    >>> rows[1].endswith(r"\log\left(1 + \tfrac{C-1}{e}\right) = 0.5514\end{aligned}")
    True
    >>> mistake_formula("targets_not_class_indices", {}) is None
    True
    """
    f = facts
    if mistake == "softmax_before_cross_entropy":
        y = int(f["label"])
        return _mistake_rows(
            rf"-\log \operatorname{{softmax}}(z)_{{{y}}} &= {number(f['loss_right'])}",
            rf"-\log \operatorname{{softmax}}\big(\operatorname{{softmax}}(z)\big)_{{{y}}} &= "
            rf"{number(f['loss_wrong'])} \;\ge\; \log\left(1 + \tfrac{{C-1}}{{e}}\right) = "
            rf"{number(f['floor'])}",
        )
    if mistake == "probabilities_into_nll_loss":
        y = int(f["label"])
        return (
            rf"\texttt{{nll\_loss}}(x, y) = -x_{{y}}: \quad -p_{{{y}}} = "
            rf"{number(f['loss_probabilities'])}, \quad -z_{{{y}}} = {number(f['loss_logits'])},"
            rf" \quad -\log p_{{{y}}} = {number(f['loss_right'])}"
        )
    if mistake == "bce_targets_minus_one":
        return (
            r"\ell(x, y) = -\big[y \log\sigma(x) + (1 - y)\log(1 - \sigma(x))\big]"
            r" \;\overset{y=-1}{=}\; \log\sigma(x) - 2\log\big(1 - \sigma(x)\big)"
            r" \xrightarrow{x \to -\infty} -\infty, \qquad \bar\ell = " + number(f["loss_wrong"])
        )
    if mistake == "sigmoid_before_bce_with_logits":
        return (
            r"-\log \sigma\big(\sigma(x)\big) > -\log \sigma(1) = \log\left(1 + e^{-1}\right) = "
            + number(f["floor"])
            + rf" \quad (\sigma(x) < 1); \qquad x = {f['logit']:g}: \ {number(f['loss_wrong'])}"
            + rf" \ \text{{vs}} \ {number(f['loss_right'])}"
        )
    if mistake == "kl_div_arguments":
        return (
            rf"\mathrm{{KL}}(p \,\|\, q) = \sum_c p_c \log \frac{{p_c}}{{q_c}} = {number(f['kl'])}"
            rf", \qquad \mathrm{{KL}}(q \,\|\, p) = {number(f['reverse_kl'])}, \qquad"
            rf" \texttt{{'mean'}}: \frac{{1}}{{N C}} \sum = \frac{{{number(f['kl'])}"
            rf" \times {f['samples']}}}{{{f['elements']}}} = {number(f['loss_mean'])}"
        )
    if mistake == "weighted_mean_index_vs_probabilities":
        return (
            rf"\frac{{\sum_i w_{{y_i}} \ell_i}}{{\sum_i w_{{y_i}}}} = "
            rf"\frac{{{number(f['weighted_sum'])}}}{{{f['weight_total']:g}}} = "
            rf"{number(f['loss_index'])} \qquad \text{{vs}} \qquad "
            rf"\frac{{\sum_i w_{{y_i}} \ell_i}}{{N}} = "
            rf"\frac{{{number(f['weighted_sum'])}}}{{{f['samples']}}} = {number(f['loss_one_hot'])}"
        )
    if mistake == "convex_in_logits_not_weights":
        return _mistake_rows(
            rf"L\left(\tfrac{{w_a + w_b}}{{2}}\right) &= {number(f['mid_weights'])} \;>\; "
            rf"\tfrac{{L(w_a) + L(w_b)}}{{2}} = {number(f['chord'])}",
            rf"L\left(\tfrac{{z_a + z_b}}{{2}}\right) &= {number(f['mid_logits'])} \;\le\; "
            rf"\tfrac{{L(z_a) + L(z_b)}}{{2}} = {number(f['chord'])}",
        )
    return None


def _mistake_rows(*rows: str) -> str:
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


# playground page
def playground_loss_formula(
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

    >>> playground_loss_formula("A", "cross_entropy", 1000, 3, 0.0507)
    '\\mathcal{L}_{A} = -\\frac{1}{1000} \\sum_{i} \\log p_{i,y_i} = 0.0507'
    >>> print(playground_loss_formula("B", "focal", 1000, 3, 0.0158, focal_gamma=2.0))
    \mathcal{L}_{B} = -\frac{1}{1000} \sum_{i} (1 - p_{i,y_i})^{2} \log p_{i,y_i} = 0.0158
    >>> formula = playground_loss_formula("A", "label_smoothing", 10, 3, 0.33, smoothing=0.1)
    >>> print(formula.split(r"\sum_{c} ")[1])
    \big(0.9000\,[c = y_i] + 0.0333\big) \log p_{i,c} = 0.3300
    """
    head = rf"\mathcal{{L}}_{{{run}}} = "
    mean = rf"-\frac{{1}}{{{num_points}}} \sum_{{i}} "
    if loss == "weighted_cross_entropy":
        weights = _terms([number(w) for w in np.asarray(class_weight)], ", ")
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
