r"""LaTeX pieces every page's formulas share: numbers, sums cut short, vectors, aligned rows.

They format numbers and indices only: no user text reaches the LaTeX renderer (classes appear
as :math:`p_2`, never by name; see ``lossviz.views``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "MAX_TERMS",
    "aligned_equation",
    "aligned_rows",
    "bracket_vector",
    "join_terms",
    "lines_at_equals",
    "number",
    "product_factor",
    "weight_text",
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


def join_terms(values: Sequence[str], joiner: str = " + ") -> str:
    if len(values) <= MAX_TERMS:
        return joiner.join(values)
    return joiner.join([*values[:2], r"\cdots", values[-1]])


def bracket_vector(values: Sequence[float]) -> str:
    return r"\left[" + join_terms([number(v) for v in values], r",\ ") + r"\right]"


def lines_at_equals(latex: str) -> str:
    """LaTeX cut into lines before each ``=`` (for reading it in a doctest)."""
    return latex.replace(" = ", "\n= ").replace(r" \\ &= ", "\n&= ")


def weight_text(value: float) -> str:
    """A class weight: whole weights as they are typed (``4``), others as numbers."""
    value = float(value)
    return f"{value:g}" if value.is_integer() and abs(value) < 1e6 else number(value)


def aligned_equation(head: str, *rows: str) -> str:
    """``head = rows[0]``, then ``= row`` on a line of its own for each further row."""
    return r"\begin{aligned}" + head + " &= " + r" \\ &= ".join(rows) + r"\end{aligned}"


def product_factor(text: str) -> str:
    """A number in a product, in parentheses when negative."""
    return f"({text})" if text.startswith("-") else text


def aligned_rows(lines: Sequence[str]) -> str:
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"
