r"""LaTeX for information content, then entropy, cross-entropy and KL built from it: one
target row's :math:`H(p)`, :math:`H(p, q)` and :math:`\mathrm{KL}(p \| q)` with their numbers,
and both directions of KL."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossviz.views.shared.latex import number

__all__ = [
    "cross_entropy_of_formula",
    "entropy_definitions",
    "entropy_formula",
    "kl_directions_formula",
    "kl_formula",
]


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
