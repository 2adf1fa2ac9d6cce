"""The regression page's numbers: each element's losses and gradients, and each loss's fitted
line with its outlier's pull."""

from __future__ import annotations

import numpy as np

__all__ = [
    "line_fit_table",
    "regression_table",
]


def regression_table(
    input: np.ndarray,
    target: np.ndarray,
    results: dict,
    labels: dict[str, str],
    headers: dict[str, str],
) -> dict:
    """One row per element: x, y, the error x - y, then each loss's value and the gradient on x
    that ``backward()`` gives (``results`` maps function names to ``RegressionResult``).

    ``labels`` maps the function names to short names (``MSE``); ``headers`` maps ``element``,
    ``input``, ``target``, ``error``, ``loss`` and ``grad`` to the column titles.

    >>> from lossviz.regression import LOSS_LABELS, regression_losses
    >>> results = regression_losses([1.0, 2.0], [0.0, 5.0], "sum")
    >>> table = regression_table([1.0, 2.0], [0.0, 5.0], results, LOSS_LABELS,
    ...     {k: k for k in ("element", "input", "target", "error", "loss", "grad")})
    >>> list(table)[3:7], table["MSE loss"].tolist(), table["L1 grad"].tolist()
    (['error', 'MSE loss', 'MSE grad', 'L1 loss'], [1.0, 9.0], [1.0, -1.0])
    """
    first = next(iter(results.values()))
    columns = {
        headers["element"]: np.arange(first.error.size),
        headers["input"]: np.asarray(input, dtype=np.float64).ravel(),
        headers["target"]: np.asarray(target, dtype=np.float64).ravel(),
        headers["error"]: first.error.ravel(),
    }
    for name, result in results.items():
        columns[f"{labels[name]} {headers['loss']}"] = result.per_sample.ravel()
        columns[f"{labels[name]} {headers['grad']}"] = result.grad.ravel()
    return columns


def line_fit_table(
    fits: dict, outlier_index: int, labels: dict[str, str], headers: dict[str, str]
) -> dict:
    """One row per loss: the fitted slope and intercept, the mean loss at the fit, and the
    outlier's error and pull (``fits`` maps function names to ``lossviz.lessons.fitting.LineFit``).

    ``headers`` maps ``loss``, ``slope``, ``intercept``, ``objective``, ``error`` and ``pull``
    to the column titles.

    >>> from lossviz.lessons.fitting import fit_lines
    >>> from lossviz.regression import LOSS_LABELS
    >>> fits = fit_lines([0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 5.0, 7.0, 30.0])
    >>> table = line_fit_table(fits, 4, LOSS_LABELS, {k: k for k in ("loss", "slope",
    ...     "intercept", "objective", "error", "pull")})
    >>> table["loss"], np.round(table["slope"], 4).tolist(), np.round(table["pull"], 4).tolist()
    (['MSE', 'L1', 'SmoothL1', 'Huber'], [6.2, 2.0, 2.5, 2.5], [-16.8, -1.0, -1.0, -1.0])
    """
    rows = list(fits.values())
    return {
        headers["loss"]: [labels[fit.loss] for fit in rows],
        headers["slope"]: np.array([fit.slope for fit in rows]),
        headers["intercept"]: np.array([fit.intercept for fit in rows]),
        headers["objective"]: np.array([fit.objective for fit in rows]),
        headers["error"]: np.array([fit.error[outlier_index] for fit in rows]),
        headers["pull"]: np.array([fit.pull[outlier_index] for fit in rows]),
    }
