"""Charts of the binary cross-entropy page: per-element losses, the two loss curves, the logit
sweep where the two PyTorch functions part, and the distribution over a whole batch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    chart,
    class_color,
    plain_text,
    trace,
)

__all__ = [
    "CLAMP_LOSS",
    "element_loss_bars",
    "element_loss_histogram",
    "logit_sweep_chart",
    "loss_curves",
    "target_symbols",
]

#: The most one element costs in ``binary_cross_entropy``: its logs are clamped at -100.
CLAMP_LOSS = 100.0

#: The two reference curves and the sweep's lines are not classes: they get greys.
POSITIVE_LINE = "#333333"
NEGATIVE_LINE = "#999999"


#: Room above the plot for a title and a legend of two rows (half-width charts).
ROOM_FOR_LEGEND = {"margin": {"t": 120}, "legend": {"y": 1.0, "yanchor": "bottom"}}


def target_symbols(target: np.ndarray) -> list[str]:
    """A marker per element: a circle for target 1, a cross for 0, a diamond for anything else.

    >>> target_symbols(np.array([1.0, 0.0, 0.3]))
    ['circle', 'x', 'diamond']
    """
    return [
        "circle" if value == 1 else "x" if value == 0 else "diamond"
        for value in np.asarray(target, dtype=np.float64).ravel()
    ]


def _patterns(target: np.ndarray) -> list[str]:
    """Hatched bars for positive targets (y = 1), plain for 0, dotted for anything else."""
    return ["/" if value == 1 else "" if value == 0 else "." for value in target]


def element_loss_bars(
    per_element: np.ndarray,
    logits: np.ndarray,
    target: np.ndarray,
    probs: np.ndarray,
    probs_loss: np.ndarray | None,
    class_names: Sequence[str],
    title: str,
    sample_word: str,
    y_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Grouped bars: one group per sample (the first ``MAX_SAMPLES_DRAWN``), one bar per class.

    The bar is the element's loss (``reduction='none'``); hatched bars have target 1. The hover
    gives the logit, the target, sigmoid(x), the loss and, when there is one, BCELoss's value on
    sigmoid(x). ``words`` maps ``logit``, ``target``, ``prob``, ``loss`` and ``probs_loss`` to
    the hover's labels.

    >>> fig = element_loss_bars(
    ...     np.array([[0.2, 1.5]]), np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]]),
    ...     np.array([[0.73, 0.27]]), None, ["a", "b"], "t", "sample", "loss",
    ...     {"logit": "x", "target": "y", "prob": "p", "loss": "l", "probs_loss": "l2"},
    ... )
    >>> len(fig.data), fig.data[1].y.tolist(), list(fig.data[0].marker.pattern.shape)
    (2, [1.5], ['/'])
    """
    rows = slice(0, MAX_SAMPLES_DRAWN)
    per_element = np.asarray(per_element)[rows]
    logits, target, probs = (np.asarray(a)[rows] for a in (logits, target, probs))
    samples = [f"{sample_word} {i}" for i in range(per_element.shape[0])]
    template = (
        "%{x}, %{fullData.name}<br>"
        + f"{words['logit']} = %{{customdata[0]:.6g}}<br>"
        + f"{words['target']} = %{{customdata[1]:.6g}}<br>"
        + f"{words['prob']} = %{{customdata[2]:.6g}}<br>"
        + f"{words['loss']} = %{{y:.6g}}"
    )
    if probs_loss is not None:
        probs_loss = np.asarray(probs_loss)[rows]
        template += f"<br>{words['probs_loss']} = %{{customdata[3]:.6g}}"
    traces = []
    for c, name in enumerate(plain_text(class_names)):
        columns = [logits[:, c], target[:, c], probs[:, c]]
        if probs_loss is not None:
            columns.append(probs_loss[:, c])
        traces.append(
            trace(
                go.Bar,
                name=name,
                x=samples,
                y=per_element[:, c],
                customdata=np.stack(columns, axis=1),
                marker={
                    "color": class_color(c),
                    "pattern": {"shape": _patterns(target[:, c]), "fillmode": "overlay"},
                },
                hovertemplate=template + "<extra></extra>",
            )
        )
    return chart(traces, title, "", y_title, barmode="group")


def loss_curves(
    grid: np.ndarray,
    if_one: np.ndarray,
    if_zero: np.ndarray,
    probs: np.ndarray,
    element_loss: np.ndarray,
    target: np.ndarray,
    class_names: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """The loss against the probability: :math:`-\\log p` (y = 1) and :math:`-\\log(1 - p)`
    (y = 0), with the first ``MAX_SAMPLES_DRAWN`` samples' elements on them, one colour per class,
    a circle for target 1, a cross for 0, a diamond for a soft target (between the curves).

    The y axis shows up to a little above the largest point (at least 6), so the curves' bends
    stay visible; the clamp at 100 appears when a point reaches it. ``words`` maps ``if_one``,
    ``if_zero`` (curve names), ``clamp`` (the clamp line's label), ``sample``, ``target``,
    ``one_minus`` and ``loss`` to the hover's labels.

    >>> fig = loss_curves(
    ...     np.array([0.0, 0.5, 1.0]), np.array([100.0, 0.69, 0.0]), np.array([0.0, 0.69, 100.0]),
    ...     np.array([[0.9, 0.2]]), np.array([[0.105, 0.223]]), np.array([[1.0, 0.0]]),
    ...     ["a", "b"], "t", "p", "loss",
    ...     {"if_one": "y=1", "if_zero": "y=0", "clamp": "c", "sample": "s", "target": "y",
    ...      "one_minus": "1-p", "loss": "l"},
    ... )
    >>> [trace.name for trace in fig.data], list(fig.data[2].marker.symbol)
    (['y=1', 'y=0', 'a', 'b'], ['circle'])
    """
    probs, element_loss, target = (
        np.asarray(a)[:MAX_SAMPLES_DRAWN] for a in (probs, element_loss, target)
    )
    traces = [
        trace(
            go.Scatter,
            name=words["if_one"],
            x=grid,
            y=if_one,
            mode="lines",
            line={"color": POSITIVE_LINE, "width": 2},
            hovertemplate="p = %{x:.6g}<br>" + words["loss"] + " = %{y:.4f}<extra></extra>",
        ),
        trace(
            go.Scatter,
            name=words["if_zero"],
            x=grid,
            y=if_zero,
            mode="lines",
            line={"color": NEGATIVE_LINE, "width": 2, "dash": "dash"},
            hovertemplate="p = %{x:.6g}<br>" + words["loss"] + " = %{y:.4f}<extra></extra>",
        ),
    ]
    rows = np.arange(probs.shape[0])
    for c, name in enumerate(plain_text(class_names)):
        traces.append(
            trace(
                go.Scatter,
                name=name,
                x=probs[:, c],
                y=element_loss[:, c],
                mode="markers",
                marker={
                    "color": class_color(c),
                    "symbol": target_symbols(target[:, c]),
                    "size": 11,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=np.stack([rows, target[:, c], 1.0 - probs[:, c]], axis=1),
                hovertemplate=(
                    f"{words['sample']} %{{customdata[0]}}, %{{fullData.name}}<br>"
                    f"{words['target']} = %{{customdata[1]:.6g}}<br>"
                    "p = %{x:.6g}<br>"
                    f"{words['one_minus']} = %{{customdata[2]:.6g}}<br>"
                    f"{words['loss']} = %{{y:.6g}}<extra></extra>"
                ),
            )
        )
    top = max(6.0, 1.1 * float(np.max(element_loss, initial=0.0)))
    figure = chart(
        traces,
        title,
        x_title,
        y_title,
        xaxis={"range": [-0.03, 1.03]},
        yaxis={"range": [0, top]},
        **ROOM_FOR_LEGEND,
    )
    if top >= CLAMP_LOSS:
        figure.add_hline(
            y=CLAMP_LOSS,
            line_dash="dot",
            line_color="#555555",
            annotation_text=words["clamp"],
            annotation_position="bottom right",
        )
    return figure


def logit_sweep_chart(
    logits: np.ndarray,
    probs_if_one: np.ndarray,
    probs_if_zero: np.ndarray,
    logits_if_one: np.ndarray,
    logits_if_zero: np.ndarray,
    title: str,
    x_title: str,
    y_title: str,
    names: Mapping[str, str],
) -> go.Figure:
    """One element's loss against its logit: BCEWithLogitsLoss (solid) beside BCELoss on
    sigmoid(x) (dotted), for y = 1 (dark) and y = 0 (light). ``names`` maps ``logits_if_one``,
    ``logits_if_zero``, ``probs_if_one``, ``probs_if_zero`` to the trace names, ``loss`` to the
    hover's label.

    >>> x = np.array([0.0, 40.0])
    >>> fig = logit_sweep_chart(x, x, np.array([0.69, 100.0]), x, np.array([0.69, 40.0]),
    ...     "t", "x", "loss", {"logits_if_one": "a", "logits_if_zero": "b", "probs_if_one": "c",
    ...     "probs_if_zero": "d", "loss": "l"})
    >>> [trace.name for trace in fig.data], fig.data[3].y.tolist()
    (['a', 'b', 'c', 'd'], [0.69, 100.0])
    """
    hover = "x = %{x:.4g}<br>" + names["loss"] + " = %{y:.6g}<extra>%{fullData.name}</extra>"
    lines = [
        ("logits_if_one", logits_if_one, POSITIVE_LINE, "solid", 4),
        ("logits_if_zero", logits_if_zero, NEGATIVE_LINE, "solid", 4),
        ("probs_if_one", probs_if_one, "#000000", "dot", 2),
        ("probs_if_zero", probs_if_zero, "#555555", "dot", 2),
    ]
    return chart(
        [
            trace(
                go.Scatter,
                name=names[key],
                x=logits,
                y=values,
                mode="lines",
                line={"color": color, "dash": dash, "width": width},
                hovertemplate=hover,
            )
            for key, values, color, dash, width in lines
        ],
        title,
        x_title,
        y_title,
        **ROOM_FOR_LEGEND,
    )


def element_loss_histogram(
    per_element: np.ndarray, class_names: Sequence[str], title: str, x_title: str, y_title: str
) -> go.Figure:
    """Every element's loss over the whole batch: counts on shared bins (at most 50), stacked
    by class. The counting happens here, so a batch of a million elements sends 50 bars per class
    to the browser, not a million values.

    >>> fig = element_loss_histogram(np.array([[0.1, 2.0], [0.3, 1.0]]), ["a", "b"], "t", "l", "n")
    >>> [trace.name for trace in fig.data], int(fig.data[1].y.sum())
    (['a', 'b'], 2)
    """
    per_element = np.asarray(per_element, dtype=np.float64)
    values = per_element.ravel()
    edges = np.histogram_bin_edges(values, bins="auto")
    if len(edges) > 51:
        edges = np.histogram_bin_edges(values, bins=50)
    centers, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    bounds = np.stack([edges[:-1], edges[1:]], axis=1)
    return chart(
        [
            trace(
                go.Bar,
                name=name,
                x=centers,
                y=np.histogram(per_element[:, c], bins=edges)[0],
                width=widths,
                customdata=bounds,
                marker_color=class_color(c),
                hovertemplate=(
                    "%{fullData.name}<br>[%{customdata[0]:.4g}, %{customdata[1]:.4g}]: %{y}"
                    "<extra></extra>"
                ),
            )
            for c, name in enumerate(plain_text(class_names))
        ],
        title,
        x_title,
        y_title,
        barmode="stack",
        bargap=0,
    )
