r"""LaTeX for the four regression losses (MSE, L1, smooth L1, Huber) as functions of the error
:math:`e = x - y`: one element's losses and gradients with their numbers, and each reduction."""

from __future__ import annotations

import numpy as np

from lossviz.views.shared.latex import aligned_rows, number, product_factor

__all__ = [
    "definitions",
    "element",
    "element_gradients",
    "reduction",
]


_NAMES = {
    "mse_loss": r"\text{MSE}",
    "l1_loss": r"\text{L1}",
    "smooth_l1_loss": r"\text{SmoothL1}",
    "huber_loss": r"\text{Huber}",
}


def definitions() -> str:
    r"""The four losses of one element as functions of its error :math:`e = x - y`.

    >>> latex = definitions()
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
    return aligned_rows(
        [
            r"\text{MSE}: \ell &= e^2 & \text{L1}: \ell &= |e|",
            rf"\text{{SmoothL1}}: \ell &= {smooth}",
            rf"\text{{Huber}}: \ell &= {huber}",
        ]
    )


def _element_error(i: int, x: float, y: float) -> str:
    return (
        rf"e_{{{i}}} &= x_{{{i}}} - y_{{{i}}} = {number(x)} - {product_factor(number(y))}"
        rf" = {number(float(x) - float(y))}"
    )


def element(i: int, x: float, y: float, beta: float, delta: float, losses: dict[str, float]) -> str:
    r"""Element ``i``'s error and its four losses with the numbers (``losses`` maps the function
    names to the element's losses). Smooth L1 and Huber show the branch PyTorch takes: the
    quadratic one only for :math:`|e| < \beta` (strictly).

    >>> f = element(4, 1.0, 8.0, 1.0, 2.0,
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
    names = _NAMES
    e_squared = f"{product_factor(number(e))}^2"

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
    return aligned_rows(rows)


def element_gradients(
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

    >>> f = element_gradients(4, 1.0, 8.0, 1.0, 2.0,
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
    names = _NAMES
    sign = rf"\operatorname{{sign}}({ei})"
    sign_value = "(-1)" if e < 0 else "1" if e > 0 else "0"

    def row(name: str, grad: str) -> str:
        return (
            rf"{names[name]}: \frac{{\partial L}}{{\partial x_{{{i}}}}} &= {grad}"
            rf" = {number(grads[name])}"
        )

    rows = [
        row("mse_loss", rf"2 {ei}{over} = 2 \cdot {product_factor(number(e))}{over}"),
        row("l1_loss", f"{sign}{over}"),
    ]
    if beta > 0 and size < beta:
        rows.append(
            row(
                "smooth_l1_loss",
                rf"{ei} / \beta{over} = {product_factor(number(e))} / {number(beta)}{over}",
            )
        )
    else:
        rows.append(row("smooth_l1_loss", f"{sign}{over}"))
    if size < delta:
        rows.append(row("huber_loss", rf"{ei}{over} = {product_factor(number(e))}{over}"))
    else:
        rows.append(
            row(
                "huber_loss",
                rf"\delta\, {sign}{over} = {number(delta)} \cdot {sign_value}{over}",
            )
        )
    return aligned_rows(rows)


def reduction(reduction: str, per_element: dict[str, np.ndarray], losses: dict[str, float]) -> str:
    r"""How each loss's element values become its one number: 'mean' divides the sum by the
    number of elements; 'sum' adds them up; for 'none' the page shows their sum. ``per_element``
    and ``losses`` map the function names to the element losses and the reduced value; the
    losses go two to a row.

    >>> ell = {"mse_loss": np.array([0.25, 0.25, 0.0, 0.36, 49.0])}
    >>> print(*reduction("mean", ell, {"mse_loss": 9.972}).split(r" \\ "), sep="\n")
    \begin{aligned}L &= \frac{1}{5} \sum_i \ell_i
    L_{\text{MSE}} &= \frac{49.8600}{5} = 9.9720\end{aligned}
    >>> ell = {"l1_loss": np.array([1.0, 7.6])}
    >>> print(*reduction("none", ell, {"l1_loss": 8.6}).split(r" \\ "), sep="\n")
    \begin{aligned}\ell &\in \mathbb{R}^{2}
    \textstyle\sum \ell_{\text{L1}} &= 8.6000\end{aligned}
    """
    names = _NAMES
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
    return aligned_rows([head, *pairs])
