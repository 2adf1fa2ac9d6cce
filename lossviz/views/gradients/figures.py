"""Charts of the gradients page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    NEUTRAL,
    chart,
    class_bars,
    class_color,
    class_curves,
    class_points,
    plain_text,
    trace,
)

__all__ = [
    "DIVERGING_SCALE",
    "double_softmax_scatter",
    "gradient_bars",
    "gradient_heatmap",
    "sample_gradient_bars",
    "true_class_scatter",
]

#: Blue for negative gradients (gradient descent raises that logit), red for positive ones
#: (it lowers them), white at 0: a diverging scale that colour-blind readers can read.
#: Spelt out as Plotly's Python side reads the name: the browser's plotly.js has an "RdBu" of its
#: own, with other colours.
DIVERGING_SCALE = get_colorscale("RdBu")

#: Cells with more than this many values are drawn without their numbers written in them.
MAX_CELL_LABELS = 200


def _sample_labels(count: int, sample_word: str) -> list[str]:
    return [f"{sample_word} {i}" for i in range(count)]


def gradient_heatmap(
    grad: np.ndarray,
    probs: np.ndarray,
    class_names: Sequence[str],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Samples (rows, the first ``MAX_SAMPLES_DRAWN``) by classes (columns), coloured by the
    gradient on a diverging scale centred at 0; hover gives sample, class, gradient, probability.

    ``words`` maps ``sample``, ``class``, ``gradient``, ``probability`` to the page's words.

    >>> fig = gradient_heatmap(np.array([[0.2, -0.2]]), np.array([[0.2, 0.8]]), ["a", "b"], "t",
    ...     {"sample": "sample", "class": "class", "gradient": "dL/dz", "probability": "p"})
    >>> fig.data[0].z.tolist(), fig.data[0].zmid, list(fig.data[0].y)
    ([[0.2, -0.2]], 0, ['sample 0'])
    """
    grad = np.asarray(grad)[:MAX_SAMPLES_DRAWN]
    probs = np.asarray(probs)[:MAX_SAMPLES_DRAWN]
    rows, columns = grad.shape
    names = plain_text(class_names)
    limit = float(np.abs(grad).max(initial=0.0)) or 1.0
    heatmap = trace(
        go.Heatmap,
        z=grad,
        x=names,
        y=_sample_labels(rows, words["sample"]),
        customdata=probs,
        colorscale=DIVERGING_SCALE,
        reversescale=True,
        zmid=0,
        zmin=-limit,
        zmax=limit,
        xgap=1,
        ygap=1,
        colorbar={"title": {"text": words["gradient"]}},
        texttemplate="%{z:.3f}" if rows * columns <= MAX_CELL_LABELS else None,
        hovertemplate="%{y}<br>"
        + words["class"]
        + ": %{x}<br>"
        + words["gradient"]
        + " = %{z:.4f}<br>"
        + words["probability"]
        + " = %{customdata:.4f}<extra></extra>",
    )
    return chart(
        heatmap,
        title,
        words["class"],
        words["sample"],
        xaxis={"type": "category", "side": "bottom"},
        yaxis={"type": "category", "autorange": "reversed"},
        height=max(260, 140 + 32 * rows),
    )


def gradient_bars(
    grad: np.ndarray,
    probs: np.ndarray,
    class_names: Sequence[str],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Grouped bars: one group per sample (the first ``MAX_SAMPLES_DRAWN``), one bar per class
    in its colour, the height the gradient; hover adds the probability.

    >>> fig = gradient_bars(np.array([[0.2, -0.2]]), np.array([[0.2, 0.8]]), ["a", "b"], "t",
    ...     {"sample": "sample", "class": "class", "gradient": "dL/dz", "probability": "p"})
    >>> len(fig.data), fig.data[1].y.tolist(), fig.data[1].customdata.tolist()
    (2, [-0.2], [0.8])
    """
    grad = np.asarray(grad)[:MAX_SAMPLES_DRAWN]
    probs = np.asarray(probs)[:MAX_SAMPLES_DRAWN]
    samples = _sample_labels(grad.shape[0], words["sample"])
    traces = [
        trace(
            go.Bar,
            name=name,
            x=samples,
            y=grad[:, c],
            customdata=probs[:, c],
            marker_color=class_color(c),
            hovertemplate="%{x}<br>"
            + words["class"]
            + ": "
            + name
            + "<br>"
            + words["gradient"]
            + " = %{y:.4f}<br>"
            + words["probability"]
            + " = %{customdata:.4f}<extra></extra>",
        )
        for c, name in enumerate(plain_text(class_names))
    ]
    return chart(traces, title, words["sample"], words["gradient"], barmode="group")


def sample_gradient_bars(
    probs_row: np.ndarray,
    target_row: np.ndarray,
    analytic_row: np.ndarray,
    grad_row: np.ndarray,
    class_names: Sequence[str],
    categories: Sequence[str],
    title: str,
    y_title: str,
) -> go.Figure:
    """One sample, four groups of bars (one bar per class): p, the target t, the analytic
    gradient and autograd's; the last two are equal.

    >>> two = np.array([0.2, -0.2])
    >>> fig = sample_gradient_bars(np.array([0.2, 0.8]), np.array([0.0, 1.0]), two, two,
    ...     ["a", "b"], ["p", "t", "f", "g"], "T", "v")
    >>> list(fig.data[1].x), fig.data[1].y.tolist()
    (['p', 't', 'f', 'g'], [0.8, 1.0, -0.2, -0.2])
    """
    heights = np.stack([probs_row, target_row, analytic_row, grad_row])
    traces = class_bars(list(categories), heights, class_names)
    return chart(traces, title, "", y_title, barmode="group")


def true_class_scatter(
    prob: np.ndarray,
    grad: np.ndarray,
    labels: np.ndarray,
    kept: np.ndarray,
    class_names: Sequence[str],
    grid: np.ndarray,
    curves: Mapping[int | None, np.ndarray],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """The gradient on each sample's true-class logit against that class's probability (every
    kept sample, one trace per class), with the theoretical curves.

    ``curves`` maps a class (or ``None`` for one curve that holds for all) to values on
    ``grid``. ``words`` maps ``sample``, ``x``, ``y``, ``curve`` to the page's words.

    >>> fig = true_class_scatter(np.array([0.6, 0.1]), np.array([-0.4, -0.9]), np.array([1, 1]),
    ...     np.array([True, True]), ["a", "b"], np.array([0.0, 1.0]), {None: np.array([-1.0, 0.0])},
    ...     "t", {"sample": "sample", "x": "p", "y": "g", "curve": "1 - p"})
    >>> [trace.name for trace in fig.data], fig.data[0].x.tolist()
    (['b', '1 - p'], [0.6, 0.1])
    """
    names = plain_text(class_names)
    traces = class_points(prob, grad, labels, names, words, kept)
    traces += class_curves(grid, curves, names, words)
    return chart(traces, title, words["x"], words["y"], xaxis={"range": [-0.02, 1.02]})


def double_softmax_scatter(
    plain: np.ndarray,
    double: np.ndarray,
    labels: np.ndarray,
    kept: np.ndarray,
    class_names: Sequence[str],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Each sample's gradient size with the logits (x) against the size with a softmax applied
    before ``cross_entropy`` (y), for every kept sample, coloured by true class, with the line
    y = x.

    ``words`` maps ``sample``, ``x``, ``y``, ``diagonal`` to the page's words.

    >>> words = {"sample": "s", "x": "x", "y": "y", "diagonal": "y=x"}
    >>> fig = double_softmax_scatter(np.array([0.5, 0.1]), np.array([0.2, 0.05]),
    ...     np.array([0, 1]), np.array([True, True]), ["a", "b"], "t", words)
    >>> [trace.name for trace in fig.data], list(fig.data[2].x)
    (['a', 'b', 'y=x'], [0.0, 0.5])
    """
    traces = class_points(plain, double, labels, plain_text(class_names), words, kept)
    top = float(max(plain.max(initial=0.0), double.max(initial=0.0))) or 1.0
    traces.append(
        trace(
            go.Scatter,
            name=words["diagonal"],
            x=[0.0, top],
            y=[0.0, top],
            mode="lines",
            line={"color": NEUTRAL, "dash": "dot", "width": 1},
            hoverinfo="skip",
        )
    )
    return chart(traces, title, words["x"], words["y"])
