"""The stability page's numbers: each route's steps for one sample, where each route first
fails, one sample's BCE elements, and the batch's outcomes by route and dtype."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.stability import (
    DTYPES,
    EVENTS,
    ROUTES,
    STATUSES,
    BinarySteps,
    Failure,
    RouteSteps,
)
from lossviz.views.shared.numbers import infinity_as_text

__all__ = [
    "batch_table",
    "binary_table",
    "failures_table",
    "steps_table",
    "steps_tables",
]


def steps_table(steps: RouteSteps, class_names, headers: dict[str, str]) -> dict:
    """One row per class of one sample: the logit x, then each route's steps and gradient.

    ``headers`` maps ``class``, ``x``, ``exp``, ``naive_p``, ``naive_log_p``, ``softmax_p``,
    ``softmax_log_p``, ``log_softmax``, ``naive_grad``, ``softmax_grad`` and ``fused_grad`` to
    column titles. Columns holding inf or NaN hold text (``∞``, ``NaN``).

    >>> from lossviz.lessons.stability import softmax_routes
    >>> keys = ["class", "x", "exp", "naive_p", "naive_log_p", "softmax_p", "softmax_log_p",
    ...     "log_softmax", "naive_grad", "softmax_grad", "fused_grad"]
    >>> table = steps_table(softmax_routes([1.3, 1.3, 2.6], 0, 40.0, "float32"),
    ...     ["a", "b", "c"], {k: k for k in keys})
    >>> table["exp"], table["naive_p"], table["log_softmax"].tolist()
    (['3.83101e+22', '3.83101e+22', '∞'], ['0', '0', 'NaN'], [-52.0, -52.0, 0.0])
    """
    return infinity_as_text(
        {
            headers["class"]: list(class_names),
            headers["x"]: steps.logits,
            headers["exp"]: steps.exp,
            headers["naive_p"]: steps.naive_probs,
            headers["naive_log_p"]: steps.naive_log_probs,
            headers["softmax_p"]: steps.softmax_probs,
            headers["softmax_log_p"]: steps.softmax_log_probs,
            headers["log_softmax"]: steps.log_probs,
            headers["naive_grad"]: steps.naive_grad,
            headers["softmax_grad"]: steps.softmax_grad,
            headers["fused_grad"]: steps.grad,
        }
    )


def _failure_text(failure: Failure) -> str:
    """A first failure as text: its scale, ``≤`` the bottom of the range, or ``—`` (never)."""
    if not failure.found:
        return "—"
    if np.isnan(failure.last_good):
        return f"≤ {failure.scale:.6g}"
    return f"{failure.scale:.6g}"


#: The gradient columns of ``steps_table``: the three routes' ∂ℓ/∂x.
GRADIENT_KEYS = ("naive_grad", "softmax_grad", "fused_grad")


def steps_tables(steps: RouteSteps, class_names, headers: dict[str, str]) -> tuple[dict, dict]:
    """``steps_table`` in two tables that each fit a laptop's width: the forward steps (class, x
    up to log_softmax(x)), then the class with each route's gradient ∂ℓ/∂x.

    >>> from lossviz.lessons.stability import softmax_routes
    >>> keys = ["class", "x", "exp", "naive_p", "naive_log_p", "softmax_p", "softmax_log_p",
    ...     "log_softmax", "naive_grad", "softmax_grad", "fused_grad"]
    >>> forward, gradients = steps_tables(softmax_routes([1.3, 1.3, 2.6], 0, 1.0, "float64"),
    ...     ["a", "b", "c"], {k: k for k in keys})
    >>> list(forward)[-1], list(gradients)
    ('log_softmax', ['class', 'naive_grad', 'softmax_grad', 'fused_grad'])
    """
    table = steps_table(steps, class_names, headers)
    gradients = {headers[key] for key in GRADIENT_KEYS}
    forward = {name: column for name, column in table.items() if name not in gradients}
    backward = {headers["class"]: table[headers["class"]]}
    backward.update({name: column for name, column in table.items() if name in gradients})
    return forward, backward


def failures_table(failures, words: dict[str, str], headers: dict[str, str]) -> dict[str, list]:
    """One row per dtype and route: the smallest scale at which each event first happens.

    ``—`` means not up to the top of the range, ``≤ s`` already at its bottom, and an empty cell
    an event the route cannot have. ``words`` maps the dtypes and routes to text; ``headers`` maps
    ``dtype``, ``route`` and each event of ``lossviz.lessons.stability.EVENTS`` to column titles.

    >>> from lossviz.lessons.stability import first_failures
    >>> keys = ["dtype", "route", "overflow", "zero", "nan", "loss", "grad"]
    >>> table = failures_table(first_failures([1.3, 1.3, 2.6], 2),
    ...     {k: k for k in ("float32", "float64", "naive", "softmax_log", "fused")},
    ...     {k: k for k in keys})
    >>> table["route"][:3], table["overflow"][:3], table["grad"][:3]
    (['naive', 'softmax_log', 'fused'], ['34.1242', '', ''], ['34.1242', '79.9785', '—'])
    """
    events = EVENTS["naive"]
    rows: dict = {}
    for failure in failures:
        rows.setdefault((failure.dtype, failure.route), {})[failure.event] = failure
    columns: dict[str, list] = {headers["dtype"]: [], headers["route"]: []}
    for event in events:
        columns[headers[event]] = []
    for (dtype, route), by_event in rows.items():
        columns[headers["dtype"]].append(words[dtype])
        columns[headers["route"]].append(words[route])
        for event in events:
            cell = _failure_text(by_event[event]) if event in by_event else ""
            columns[headers[event]].append(cell)
    return columns


def binary_table(steps: BinarySteps, class_names, headers: dict[str, str]) -> dict:
    """One row per class of one sample, as a yes/no question against its one-hot target:
    σ(x), the two logs before the clamp, BCELoss and its gradient, BCEWithLogitsLoss and its
    gradient.

    ``headers`` maps ``class``, ``x``, ``t``, ``p``, ``log_p``, ``log_one_minus_p``,
    ``clamped``, ``bce``, ``bce_grad``, ``with_logits`` and ``with_logits_grad`` to column
    titles. σ(x) is text with 9 significant digits, so 0.999999881 is not shown as 1.

    >>> from lossviz.lessons.stability import binary_routes
    >>> keys = ["class", "x", "t", "p", "log_p", "log_one_minus_p", "clamped", "bce",
    ...     "bce_grad", "with_logits", "with_logits_grad"]
    >>> table = binary_table(binary_routes([1.3, 1.3, 2.6], 0, 10.0, "float32"),
    ...     ["a", "b", "c"], {k: k for k in keys})
    >>> table["p"][0][:8], len(table["p"][0]), table["p"][2]
    ('0.999997', 11, '1')
    >>> table["log_one_minus_p"][2], table["bce"].tolist()[2]
    ('-∞', 100.0)
    """
    return infinity_as_text(
        {
            headers["class"]: list(class_names),
            headers["x"]: steps.logits,
            headers["t"]: steps.target,
            headers["p"]: [f"{value:.9g}" for value in steps.probs.tolist()],
            headers["log_p"]: steps.log_p,
            headers["log_one_minus_p"]: steps.log_one_minus_p,
            headers["clamped"]: steps.clamped,
            headers["bce"]: steps.bce,
            headers["bce_grad"]: steps.bce_grad,
            headers["with_logits"]: steps.with_logits,
            headers["with_logits_grad"]: steps.with_logits_grad,
        }
    )


def batch_table(counts: dict, words: dict[str, str], headers: dict[str, str]) -> dict:
    """One row per route and dtype: how many samples of the batch end in each outcome.

    ``words`` maps routes and dtypes to text; ``headers`` maps ``route``, ``dtype`` and each
    outcome of ``lossviz.lessons.stability.STATUSES`` to column titles.

    >>> from lossviz.lessons.stability import batch_status
    >>> status = batch_status([[1.3, 1.3, 2.6], [0.0, 1.0, -1.0]], [2, 0], 40.0)
    >>> keys = ["route", "dtype", "ok", "grad", "inf", "nan"]
    >>> table = batch_table(status.counts, {k: k for k in ("float32", "float64",
    ...     "naive", "softmax_log", "fused")}, {k: k for k in keys})
    >>> table["route"][:2], table["ok"][:2], table["nan"][:2]
    (['naive', 'naive'], [1, 2], [1, 0])
    """
    columns: dict[str, list] = {headers["route"]: [], headers["dtype"]: []}
    for outcome in STATUSES:
        columns[headers[outcome]] = []
    for route in ROUTES:
        for dtype in DTYPES:
            columns[headers["route"]].append(words[route])
            columns[headers["dtype"]].append(words[dtype])
            for outcome in STATUSES:
                columns[headers[outcome]].append(counts[dtype][route][outcome])
    return columns
