"""Charts of the softmax page."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.figures.palette import MAX_SAMPLES_DRAWN, base_layout, class_color, plain_text

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
    samples = _sample_labels(probs.shape[0], sample_word)
    figure = go.Figure(
        [
            go.Bar(
                name=name,
                x=samples,
                y=probs[:, c],
                marker_color=class_color(c),
                hovertemplate="%{x}<br>" + name + ": %{y:.4f}<extra></extra>",
            )
            for c, name in enumerate(plain_text(class_names))
        ]
    )
    figure.update_layout(barmode="group", yaxis_range=[0, 1])
    return base_layout(figure, title, "", y_title)


def softmax_vs_sigmoid(
    softmax_row: np.ndarray,
    sigmoid_row: np.ndarray,
    class_names: Sequence[str],
    title: str,
    y_title: str,
) -> go.Figure:
    """Two groups of bars for one sample: softmax (sums to 1) and sigmoid (each on its own)."""
    figure = go.Figure(
        [
            go.Bar(
                name=name,
                x=["softmax", "sigmoid"],
                y=[softmax_row[c], sigmoid_row[c]],
                marker_color=class_color(c),
                hovertemplate="%{x}<br>" + name + ": %{y:.4f}<extra></extra>",
            )
            for c, name in enumerate(plain_text(class_names))
        ]
    )
    figure.update_layout(barmode="group", yaxis_range=[0, 1])
    return base_layout(figure, title, "", y_title)


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
    figure = go.Figure(
        [
            go.Scatter(
                name=name,
                x=temperatures,
                y=probs[:, c],
                mode="lines",
                line={"color": class_color(c), "width": 2},
                hovertemplate="T = %{x:.2f}<br>" + name + ": %{y:.4f}<extra></extra>",
            )
            for c, name in enumerate(plain_text(class_names))
        ]
    )
    figure.add_vline(x=current, line_dash="dash", line_color="#555555")
    figure.update_xaxes(type="log")
    figure.update_layout(yaxis_range=[0, 1])
    return base_layout(figure, title, x_title, y_title)


def max_probability_histogram(
    probs: np.ndarray, title: str, x_title: str, y_title: str
) -> go.Figure:
    """How confident the whole batch is: a histogram of each sample's largest probability."""
    figure = go.Figure(
        go.Histogram(
            x=np.asarray(probs).max(axis=1),
            xbins={"start": 0, "end": 1, "size": 0.05},
            marker_color=class_color(0),
        )
    )
    return base_layout(figure, title, x_title, y_title)
