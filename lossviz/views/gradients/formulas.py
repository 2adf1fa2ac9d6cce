r"""LaTeX for the gradient of cross-entropy on each logit: :math:`(p_j - t_j) w_y / d` where
one weight covers the target, the general form where none does, with one sample's numbers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lossviz.views.shared.latex import join_terms, number

__all__ = [
    "general_gradient_form",
    "gradient_definition",
    "gradient_formula",
    "gradient_vector_formula",
]


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
        return "(" + join_terms([number(v) for v in row], r",\ ") + ")"

    w_y = _common_weight(t, w)
    if w_y is not None:
        body = rf"\big({vector(p)} - {vector(t)}\big)\cdot\frac{{{number(w_y)}}}{{{number(d)}}}"
    else:
        body = rf"\frac{{{vector(p)} \cdot {number(mass)} - {vector(w * t)}}}{{{number(d)}}}"
    return (
        rf"\begin{{aligned}}\frac{{\partial L}}{{\partial \mathbf{{z}}}} &= {body}"
        rf" \\ &= {vector(values)}\end{{aligned}}"
    )
