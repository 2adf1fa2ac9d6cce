r"""LaTeX for the routes to cross-entropy in float32 and float64: the scaled logits, the
definition taken literally (infinities and NaN included), log-sum-exp with the maximum taken out,
each route's gradient, and one BCE element both ways."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossviz.views.shared.latex import aligned_rows, bracket_vector, join_terms, number

__all__ = [
    "bce_element",
    "gradients",
    "naive_steps",
    "scaled_logits",
    "stable_steps",
]


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


def scaled_logits(scale: float, z: Sequence[float], x: Sequence[float]) -> str:
    r"""The logits of the page: the sample's logits times the scale :math:`s`, in the dtype.

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(scaled_logits(100.0, [1.3, 1.3, 2.6], [130.0, 130.0, 260.0])))
    x
    = s\,z
    = 100 \cdot \left[1.3000,\ 1.3000,\ 2.6000\right]
    = \left[130.0000,\ 130.0000,\ 260.0000\right]
    """
    return rf"x = s\,z = {float(scale):g} \cdot {bracket_vector(z)} = {bracket_vector(x)}"


def naive_steps(
    exp: Sequence[float], exp_sum: float, probs: Sequence[float], label: int, loss: float
) -> str:
    r"""The definition taken literally: :math:`e^{x}`, its sum, :math:`p_y` and
    :math:`-\log p_y`, with the numbers (:math:`\infty` and NaN included).

    >>> inf, nan = float("inf"), float("nan")
    >>> f = naive_steps([1e22, 1e22, inf], inf, [0.0, 0.0, nan], 0, inf)
    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(f).replace(r" \\ ", "\n"))
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
    return aligned_rows(
        [
            rf"e^{{x_j}} &= {bracket_vector(exp)}",
            rf"\sum_j e^{{x_j}} &= {number(exp_sum)}",
            rf"p_{{{label}}} &= \frac{{e^{{x_{{{label}}}}}}}{{\sum_j e^{{x_j}}}}"
            rf" = \frac{{{number(exp[label])}}}{{{number(exp_sum)}}} = {_exact(p)}",
            rf"\ell &= -\log p_{{{label}}} = -\log {_exact(p)} = {number(loss)}",
        ]
    )


def stable_steps(
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

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(stable_steps([130.0, 130.0, 260.0], 260.0, [-130.0, -130.0, 0.0],
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
    terms = join_terms([rf"e^{{{number(v + 0.0)}}}" for v in shifted_logits])
    return aligned_rows(
        [
            rf"m &= \max_j x_j = {number(max_logit)}",
            rf"\log \sum_j e^{{x_j}} &= m + \log \sum_j e^{{x_j - m}}"
            rf" = {number(max_logit)} + \log\left({terms}\right)"
            rf" = {number(max_logit)} + \log {_exact(shifted_sum)} = {number(logsumexp)}",
            rf"\ell &= \log \sum_j e^{{x_j}} - x_{{{label}}}"
            rf" = {number(logsumexp)} - {number(x[label])} = {number(loss)}",
        ]
    )


def gradients(
    naive_grad: Sequence[float],
    softmax_grad: Sequence[float],
    fused_grad: Sequence[float],
    label: int,
) -> str:
    r"""The gradient :math:`\partial \ell / \partial x` by autograd through each route; the fused
    one is :math:`\mathrm{softmax}(x) - \mathrm{onehot}(y)`.

    >>> nan = float("nan")
    >>> f = gradients([nan, nan], [0.5, -0.5], [0.5, -0.5], 1)
    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(f).replace(r" \\ ", "\n"))
    \begin{aligned}\nabla_x \ell_{\texttt{exp/sum}} &= \left[\text{NaN},\ \text{NaN}\right]
    \nabla_x \ell_{\texttt{softmax}\to\texttt{log}} &= \left[0.5000,\ -0.5000\right]
    \nabla_x \ell_{\texttt{cross\_entropy}} &= \mathrm{softmax}(x) - \mathrm{onehot}(1)
    = \left[0.5000,\ -0.5000\right]\end{aligned}
    """
    return aligned_rows(
        [
            rf"\nabla_x \ell_{{\texttt{{exp/sum}}}} &= {bracket_vector(naive_grad)}",
            r"\nabla_x \ell_{\texttt{softmax}\to\texttt{log}} &= " + bracket_vector(softmax_grad),
            rf"\nabla_x \ell_{{\texttt{{cross\_entropy}}}} &= \mathrm{{softmax}}(x)"
            rf" - \mathrm{{onehot}}({label}) = {bracket_vector(fused_grad)}",
        ]
    )


def bce_element(
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

    >>> from lossviz.views.shared.latex import lines_at_equals
    >>> print(lines_at_equals(bce_element(0, 130.0, 0.0, 1.0, 0.0, float("-inf"), 100.0, 130.0)))
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
    return aligned_rows(rows)
