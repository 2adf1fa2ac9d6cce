"""Charts of the softmax page."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    NEUTRAL,
    chart,
    class_bars,
    class_color,
    count_axis,
    plain_text,
    trace,
    vertical_line,
)
from lossviz.views.softmax.scales import temperature_axis

__all__ = [
    "max_probability_histogram",
    "probability_bars",
    "softmax_vs_sigmoid",
    "temperature_curves",
]


def _sample_labels(count: int, sample_word: str) -> list[str]:
    return [f"{sample_word} {i}" for i in range(count)]


def probability_bars(
    probs: np.ndarray,
    class_names: Sequence[str],
    title: str,
    sample_word: str,
    y_title: str,
) -> go.Figure:
    """Grouped bars: one group per sample (the first ``MAX_SAMPLES_DRAWN``), one bar per class.

    >>> fig = probability_bars(np.array([[0.2, 0.8]]), ["a", "b"], "t", "sample", "p")
    >>> len(fig.data), fig.data[1].y.tolist()
    (2, [0.8])
    """
    probs = np.asarray(probs)[:MAX_SAMPLES_DRAWN]
    return chart(
        class_bars(_sample_labels(probs.shape[0], sample_word), probs, class_names),
        title,
        "",
        y_title,
        barmode="group",
        yaxis={"range": [0, 1]},
    )


def softmax_vs_sigmoid(
    softmax_row: np.ndarray,
    sigmoid_row: np.ndarray,
    class_names: Sequence[str],
    title: str,
    y_title: str,
    groups: Sequence[str] = ("softmax", "sigmoid"),
) -> go.Figure:
    """Two groups of bars for one sample: softmax (sums to 1) and sigmoid (each on its own),
    the groups named ``groups`` (where the page writes each one's sum).

    >>> fig = softmax_vs_sigmoid(np.array([0.3, 0.7]), np.array([0.6, 0.8]), ["a", "b"], "t",
    ...                          "p", ("softmax: 1", "sigmoid: 1.4"))
    >>> fig.data[0].x
    ('softmax: 1', 'sigmoid: 1.4')
    """
    heights = np.stack([softmax_row, sigmoid_row])
    return chart(
        class_bars(list(groups), heights, class_names),
        title,
        "",
        y_title,
        barmode="group",
        yaxis={"range": [0, 1]},
    )


def temperature_curves(
    temperatures: np.ndarray,
    probs: np.ndarray,
    class_names: Sequence[str],
    current: float,
    title: str,
    x_title: str,
    y_title: str,
) -> go.Figure:
    """Each class's probability against the temperature (log axis), with the current T marked."""
    traces = [
        trace(
            go.Scatter,
            name=name,
            x=temperatures,
            y=probs[:, c],
            mode="lines",
            line={"color": class_color(c), "width": 2},
            hovertemplate="T = %{x:.2f}<br>" + name + ": %{y:.4f}<extra></extra>",
        )
        for c, name in enumerate(plain_text(class_names))
    ]
    marker = vertical_line(current, NEUTRAL, "dash", width=None)
    return chart(
        traces,
        title,
        x_title,
        y_title,
        xaxis=temperature_axis(),
        yaxis={"range": [0, 1]},
        shapes=[marker],
    )


def max_probability_histogram(
    probs: np.ndarray, title: str, x_title: str, y_title: str
) -> go.Figure:
    """How confident the whole batch is: a histogram of each sample's largest probability, in
    bins of 0.05, with whole numbers of samples on its axis.

    >>> fig = max_probability_histogram(np.array([[0.2, 0.8], [0.4, 0.6]]), "t", "p", "n")
    >>> fig.layout.yaxis.dtick
    1
    """
    largest = np.asarray(probs).max(axis=1)
    counts, _ = np.histogram(largest, bins=np.linspace(0.0, 1.0, 21))
    return chart(
        trace(
            go.Histogram,
            x=largest,
            xbins={"start": 0, "end": 1, "size": 0.05},
            marker_color=class_color(0),
        ),
        title,
        x_title,
        y_title,
        yaxis=count_axis(counts.max(initial=0)),
    )
