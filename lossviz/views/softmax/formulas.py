r"""LaTeX for softmax with temperature: the definition, then one class's probability from the
row's exponentials and their sum."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossviz.views.shared.latex import join_terms, number

__all__ = [
    "softmax_definition",
    "softmax_formula",
]


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
    raw = join_terms([rf"e^{{{number(v * temperature)} / {t}}}" for v in z])
    stable = join_terms([rf"e^{{{number(v)}}}" for v in shifted])
    return (
        rf"p_{{{j}}} = \frac{{e^{{{number(z[j] * temperature)} / {t}}}}}{{{raw}}}"
        rf" = \frac{{e^{{{number(shifted[j])}}}}}{{{stable}}}"
        rf" = \frac{{{number(exps[j])}}}{{{number(exps.sum())}}} = {number(exps[j] / exps.sum())}"
    )
