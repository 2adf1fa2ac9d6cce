r"""LaTeX for ``st.latex``: each page's formula with the selected sample's live numbers in it.

Classes appear by index (:math:`p_2`), never by their user-given names, so no user text ever
reaches the LaTeX renderer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["number", "softmax_definition", "softmax_formula"]

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
