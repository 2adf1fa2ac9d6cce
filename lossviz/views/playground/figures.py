"""Charts of the training playground: loss curves, decision regions, per-class accuracy and the
probability each point's true class gets."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    chart,
    class_color,
    plain_text,
    trace,
)

__all__ = [
    "RUN_COLORS",
    "RUN_DASHES",
    "class_accuracy_bars",
    "decision_regions",
    "loss_curves",
    "true_class_histogram",
]

#: Runs are told apart by line style and shade, so that colour keeps meaning "class".
RUN_COLORS = ("#222222", "#777777")
RUN_DASHES = ("solid", "dash")
#: Bar patterns of the runs on per-class charts (bars take their class's colour).
RUN_PATTERNS = ("", "/")


def loss_curves(
    histories: Sequence[np.ndarray],
    run_names: Sequence[str],
    steps: int,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """The training loss of each run against the step, on a log scale, the x axis spanning all
    ``steps`` so the curves grow from left to right while training.

    >>> fig = loss_curves([np.array([1.0, 0.5]), np.array([0.8])], ["A", "B"], 300, "t", "x", "y")
    >>> [trace.name for trace in fig.data], fig.data[0].y.tolist(), fig.layout.yaxis.type
    (['A', 'B'], [1.0, 0.5], 'log')
    """
    traces = [
        trace(
            go.Scatter,
            name=name,
            x=np.arange(len(history)),
            y=history,
            mode="lines",
            line={"color": RUN_COLORS[i % 2], "dash": RUN_DASHES[i % 2], "width": 2},
            hovertemplate=name + "<br>step %{x}: %{y:.4f}<extra></extra>",
        )
        for i, (history, name) in enumerate(zip(histories, plain_text(run_names), strict=True))
    ]
    return chart(
        traces,
        title,
        x_title,
        y_title,
        xaxis={"range": [0, max(steps - 1, 1)]},
        yaxis={"type": "log", "dtick": "D2", "tickformat": ".2~g"},
        height=360,
    )


def _class_colorscale(num_classes: int) -> list[list]:
    """A stepped colour scale: class c's colour on [c, c + 1) / C of the range."""
    scale = []
    for c in range(num_classes):
        scale.append([c / num_classes, class_color(c)])
        scale.append([(c + 1) / num_classes, class_color(c)])
    return scale


def decision_regions(
    grid: np.ndarray,
    grid_probs: np.ndarray,
    grid_class: np.ndarray,
    x: np.ndarray,
    labels: np.ndarray,
    clean_labels: np.ndarray,
    class_names: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
    class_word: str = "class",
    flipped_word: str = "flipped",
    true_class_word: str = "true class",
) -> go.Figure:
    """The predicted class over the plane (a pale heatmap in the class colours) with the training
    points on top, in the colour of their label; points whose label was flipped by label noise
    are crosses (a second trace for each class that has some, named with ``flipped_word``, their
    hover giving the index of the class they were drawn from after ``true_class_word``; one grey
    cross in the legend stands for them all).

    ``grid`` is (2, G) (x and y coordinates), ``grid_probs`` (G, G, C) and ``grid_class`` (G, G),
    indexed [row (y), column (x)]. The heatmap's hover gives the predicted class by its index
    after ``class_word``, and its probability.

    >>> grid = np.array([[0.0, 1.0], [0.0, 1.0]])
    >>> probs = np.array([[[0.9, 0.1], [0.4, 0.6]], [[0.8, 0.2], [0.3, 0.7]]])
    >>> fig = decision_regions(grid, probs, probs.argmax(axis=2), np.array([[0.0, 0.0]]),
    ...     np.array([0]), np.array([1]), ["a", "b"], "t", "x", "y")
    >>> [trace.name for trace in fig.data[1:]], [len(trace.x) for trace in fig.data[1:]]
    (['a', 'a (flipped)', 'b', 'flipped'], [0, 1, 0, 1])
    """
    names = plain_text(class_names)
    words = plain_text([flipped_word, true_class_word, class_word])
    heatmap = trace(
        go.Heatmap,
        x=grid[0],
        y=grid[1],
        z=grid_class,
        customdata=grid_probs.max(axis=2),
        zmin=-0.5,
        zmax=len(names) - 0.5,
        colorscale=_class_colorscale(len(names)),
        showscale=False,
        opacity=0.35,
        hovertemplate="(%{x:.2f}, %{y:.2f})<br>"
        + words[2]
        + " %{z}: p = %{customdata:.3f}<extra></extra>",
    )
    flipped = labels != clean_labels
    points = []
    for c, name in enumerate(names):
        for noisy in (False, True):
            mine = (labels == c) & (flipped == noisy)
            if noisy and not mine.any():
                continue
            points.append(
                trace(
                    go.Scatter,
                    name=f"{name} ({words[0]})" if noisy else name,
                    legendgroup="flipped" if noisy else str(c),
                    showlegend=not noisy,
                    x=x[mine, 0],
                    y=x[mine, 1],
                    mode="markers",
                    customdata=clean_labels[mine] if noisy else None,
                    marker={
                        "color": class_color(c),
                        "size": 7 if noisy else 6,
                        "symbol": "x" if noisy else "circle",
                        "line": {"color": "white", "width": 0.5},
                    },
                    hovertemplate="(%{x:.2f}, %{y:.2f})<br>"
                    + name
                    + (f" ({words[0]}; {words[1]} %{{customdata}})" if noisy else "")
                    + "<extra></extra>",
                )
            )
    if flipped.any():  # one legend entry for the crosses of every class
        points.append(
            trace(
                go.Scatter,
                name=words[0],
                legendgroup="flipped",
                x=[None],
                y=[None],
                mode="markers",
                marker={"color": "#555555", "size": 7, "symbol": "x"},
                hoverinfo="skip",
            )
        )
    return chart(
        [heatmap, *points],
        title,
        x_title,
        y_title,
        xaxis={"range": [grid[0][0], grid[0][-1]], "constrain": "domain"},
        yaxis={"range": [grid[1][0], grid[1][-1]], "scaleanchor": "x", "constrain": "domain"},
        height=460,
    )


def class_accuracy_bars(
    accuracies: Sequence[np.ndarray],
    run_names: Sequence[str],
    class_names: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Per-class accuracy (recall) of each run as grouped bars: one group per class, bars in
    the class's colour, the second run's hatched.

    >>> fig = class_accuracy_bars([np.array([0.9, 0.5]), np.array([0.8, 0.7])], ["A", "B"],
    ...     ["a", "b"], "t", "x", "y")
    >>> [trace.name for trace in fig.data], fig.data[1].y.tolist(), fig.data[1].marker.pattern.shape
    (['A', 'B'], [0.8, 0.7], '/')
    """
    names = plain_text(class_names)
    colours = [class_color(c) for c in range(len(names))]
    traces = [
        trace(
            go.Bar,
            name=run,
            x=names,
            y=accuracy,
            text=[f"{value:.3f}" for value in accuracy],
            textposition="outside",
            marker={
                "color": colours,
                "pattern": {"shape": RUN_PATTERNS[i % 2], "fgcolor": "white"},
                "line": {"color": RUN_COLORS[i % 2], "width": 1.5},
            },
            hovertemplate=run + "<br>%{x}: %{y:.4f}<extra></extra>",
        )
        for i, (accuracy, run) in enumerate(zip(accuracies, plain_text(run_names), strict=True))
    ]
    return chart(
        traces, title, x_title, y_title, barmode="group", yaxis={"range": [0, 1.1]}, height=360
    )


def true_class_histogram(
    true_class_prob: np.ndarray,
    truth: np.ndarray,
    class_names: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """How much probability each point's true class gets: for each class, the share of its points
    (in %) in each bin of width 0.05 on [0, 1], bars grouped by class, so a small class shows as
    clearly as a large one.

    >>> fig = true_class_histogram(np.array([0.9, 0.2, 0.95]), np.array([0, 1, 0]), ["a", "b"],
    ...     "t", "x", "y")
    >>> [trace.name for trace in fig.data], fig.data[0].x.tolist(), fig.data[0].histnorm
    (['a', 'b'], [0.9, 0.95], 'percent')
    """
    traces = [
        trace(
            go.Histogram,
            name=name,
            x=true_class_prob[truth == c],
            xbins={"start": 0, "end": 1.0001, "size": 0.05},
            histnorm="percent",
            marker_color=class_color(c),
            hovertemplate=name + "<br>p = %{x}<br>%{y:.1f}%<extra></extra>",
        )
        for c, name in enumerate(plain_text(class_names))
    ]
    return chart(
        traces,
        title,
        x_title,
        y_title,
        barmode="group",
        bargap=0.1,
        xaxis={"range": [0, 1.0001]},
        height=340,
    )
