"""Charts of the entropy page: H(p) + KL(p || q) = H(p, q), surprise, and the two directions of KL.

Infinite values (a probability of exactly 0 where the other distribution has mass) cannot be
drawn as bars: they are drawn at 0 with the label ``∞``, and hover texts say ``∞``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    OKABE_ITO,
    chart,
    plain_text,
    trace,
)

__all__ = [
    "ENTROPY_COLOR",
    "KL_COLOR",
    "MODEL_COLOR",
    "decomposition_bars",
    "decomposition_histogram",
    "information_bars",
    "kl_direction_bars",
    "smoothing_floor_curve",
]

#: H(p) and everything about the target p (blue).
ENTROPY_COLOR = OKABE_ITO[0]
#: KL(p || q), the part training removes (orange).
KL_COLOR = OKABE_ITO[1]
#: Everything weighted by the model's q (reddish purple).
MODEL_COLOR = OKABE_ITO[3]
#: The cross-entropy H(p, q), the top of each stack (black).
TOTAL_COLOR = OKABE_ITO[7]

#: Stacked bar charts leave room for this many samples, so one sample is not one huge bar.
MIN_SLOTS = 5

#: Bins of the distribution charts.
HISTOGRAM_BINS = 30

#: Bars get value labels when there are at most this many.
MAX_LABELLED_BARS = 12


def _label(value: float) -> str:
    """A value as bar or hover text: ``∞`` for infinity.

    >>> _label(0.43513), _label(float("inf")), _label(float("nan"))
    ('0.4351', '∞', 'NaN')
    """
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:.4f}"


def _drawable(values: np.ndarray) -> np.ndarray:
    """The values a bar can show: non-finite ones become 0 (and are labelled ``∞``)."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(values), values, 0.0)


def _infinity_text(values: np.ndarray) -> list[str]:
    return [_label(v) if not np.isfinite(v) else "" for v in np.asarray(values, dtype=np.float64)]


def decomposition_bars(
    entropy: np.ndarray,
    kl: np.ndarray,
    cross_entropy: np.ndarray,
    selected: int,
    title: str,
    sample_word: str,
    y_title: str,
    names: Sequence[str],
) -> go.Figure:
    """Stacked bars per sample (the first ``MAX_SAMPLES_DRAWN``): H(p), then KL(p || q) on top.

    The top of each stack is H(p, q), marked by a point; the selected sample's bars are outlined.
    ``names`` are the legend names of H(p), KL(p || q) and H(p, q).

    >>> fig = decomposition_bars(np.array([0.3]), np.array([0.2]), np.array([0.5]), 0, "t",
    ...     "sample", "nats", ["H", "KL", "CE"])
    >>> [trace.name for trace in fig.data], fig.data[2].y.tolist()
    (['H', 'KL', 'CE'], [0.5])
    """
    entropy = np.asarray(entropy, dtype=np.float64)[:MAX_SAMPLES_DRAWN]
    kl = np.asarray(kl, dtype=np.float64)[:MAX_SAMPLES_DRAWN]
    cross_entropy = np.asarray(cross_entropy, dtype=np.float64)[:MAX_SAMPLES_DRAWN]
    n = entropy.shape[0]
    x = [f"{sample_word} {i}" for i in range(n)]
    h_name, kl_name, ce_name = plain_text(names)
    custom = [
        [_label(h), _label(k), _label(c)]
        for h, k, c in zip(entropy, kl, cross_entropy, strict=True)
    ]
    hover = (
        "%{x}<br>"
        + f"{h_name} = %{{customdata[0]}}<br>{kl_name} = %{{customdata[1]}}<br>"
        + f"{ce_name} = %{{customdata[2]}}<extra></extra>"
    )
    outline = {"color": "#000000", "width": [3 if i == selected else 0 for i in range(n)]}
    slots = {}
    if n < MIN_SLOTS:
        # A few samples keep bars of a readable width instead of filling the chart.
        pad = (MIN_SLOTS - n) / 2
        slots["xaxis"] = {"range": [-0.5 - pad, n - 0.5 + pad]}
    return chart(
        [
            trace(
                go.Bar,
                name=h_name,
                x=x,
                y=_drawable(entropy),
                marker={"color": ENTROPY_COLOR, "line": outline},
                customdata=custom,
                hovertemplate=hover,
            ),
            trace(
                go.Bar,
                name=kl_name,
                x=x,
                y=_drawable(kl),
                marker={"color": KL_COLOR, "line": outline},
                text=_infinity_text(kl),
                textposition="outside",
                textfont={"size": 16},
                customdata=custom,
                hovertemplate=hover,
            ),
            trace(
                go.Scatter,
                name=ce_name,
                x=x,
                y=np.where(np.isfinite(cross_entropy), cross_entropy, np.nan),
                mode="markers",
                marker={"color": TOTAL_COLOR, "symbol": "diamond", "size": 9},
                customdata=custom,
                hovertemplate=hover,
            ),
        ],
        title,
        "",
        y_title,
        barmode="stack",
        yaxis={"rangemode": "tozero"},
        **slots,
    )


def decomposition_histogram(
    entropy: np.ndarray,
    kl: np.ndarray,
    title: str,
    x_title: str,
    y_title: str,
    names: Sequence[str],
    infinite_note: str,
) -> go.Figure:
    """Overlaid histograms of H(p) and KL(p || q) over every sample (finite values only).

    ``infinite_note`` is shown when some KL is infinite; ``{count}`` in it becomes their number.

    >>> fig = decomposition_histogram(np.array([0.1, 0.2]), np.array([0.3, np.inf]), "t", "x",
    ...     "n", ["H", "KL"], "{count} not drawn")
    >>> fig.data[1].x.tolist(), fig.layout.annotations[0].text
    ([0.3], '1 not drawn')
    """
    entropy = np.asarray(entropy, dtype=np.float64)
    kl = np.asarray(kl, dtype=np.float64)
    h_name, kl_name = plain_text(names)
    infinite = int((~np.isfinite(kl)).sum())
    note = {
        "text": infinite_note.format(count=infinite),
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1,
        "xanchor": "right",
        "showarrow": False,
    }
    return chart(
        [
            trace(
                go.Histogram,
                name=name,
                x=values[np.isfinite(values)],
                marker_color=color,
                opacity=0.65,
                nbinsx=HISTOGRAM_BINS,
                bingroup="information",
                hovertemplate=name + " %{x}<br>%{y}<extra></extra>",
            )
            for name, values, color in ((h_name, entropy, ENTROPY_COLOR), (kl_name, kl, KL_COLOR))
        ],
        title,
        x_title,
        y_title,
        barmode="overlay",
        **({"annotations": [note]} if infinite else {}),
    )


def information_bars(
    p: np.ndarray,
    q: np.ndarray,
    surprise_p: np.ndarray,
    surprise_q: np.ndarray,
    class_names: Sequence[str],
    title: str,
    y_title: str,
    names: Sequence[str],
) -> go.Figure:
    """Grouped bars per class of one sample: the information content −log p and −log q.

    ``names`` are the legend names of −log p and −log q; hover shows the probability too.

    >>> fig = information_bars(np.array([0.0, 1.0]), np.array([0.5, 0.5]),
    ...     np.array([np.inf, 0.0]), np.array([0.69, 0.69]), ["a", "b"], "t", "nats", ["P", "Q"])
    >>> fig.data[0].y.tolist(), list(fig.data[0].text)
    ([0.0, 0.0], ['∞', '0.0000'])
    """
    classes = plain_text(class_names)
    p_name, q_name = plain_text(names)
    labelled = len(classes) <= MAX_LABELLED_BARS
    traces = []
    for name, probs, surprise, color, symbol in (
        (p_name, p, surprise_p, ENTROPY_COLOR, "p"),
        (q_name, q, surprise_q, MODEL_COLOR, "q"),
    ):
        surprise = np.asarray(surprise, dtype=np.float64)
        texts = [_label(v) for v in surprise]
        traces.append(
            trace(
                go.Bar,
                name=name,
                x=classes,
                y=_drawable(surprise),
                marker_color=color,
                text=texts if labelled else _infinity_text(surprise),
                textposition="outside",
                customdata=[[_label(v), _label(s)] for v, s in zip(probs, surprise, strict=True)],
                hovertemplate="%{x}<br>"
                + f"{symbol} = %{{customdata[0]}}<br>{name} = %{{customdata[1]}}<extra></extra>",
            )
        )
    return chart(traces, title, "", y_title, barmode="group", yaxis={"rangemode": "tozero"})


def kl_direction_bars(
    forward: float, reverse: float, title: str, y_title: str, names: Sequence[str]
) -> go.Figure:
    """Two bars for one sample: KL(p || q) and KL(q || p), each labelled with its value.

    >>> fig = kl_direction_bars(0.0523, np.inf, "t", "nats", ["KL(p||q)", "KL(q||p)"])
    >>> fig.data[0].y.tolist(), list(fig.data[0].text)
    ([0.0523, 0.0], ['0.0523', '∞'])
    """
    values = np.array([forward, reverse], dtype=np.float64)
    labels = plain_text(names)
    return chart(
        trace(
            go.Bar,
            x=labels,
            y=_drawable(values),
            marker_color=[KL_COLOR, MODEL_COLOR],
            text=[_label(v) for v in values],
            textposition="outside",
            textfont={"size": 15},
            customdata=[_label(v) for v in values],
            hovertemplate="%{x} = %{customdata}<extra></extra>",
            showlegend=False,
        ),
        title,
        "",
        y_title,
        yaxis={"rangemode": "tozero"},
    )


def smoothing_floor_curve(
    smoothings: np.ndarray,
    floor: np.ndarray,
    current: float,
    floor_now: float,
    loss_now: float,
    title: str,
    x_title: str,
    y_title: str,
    names: Sequence[str],
) -> go.Figure:
    """The floor H(p) of a label-smoothed target against ε, the current ε and a sample's loss.

    ``names`` are the legend names of the floor and of the sample's loss H(p, q) (drawn when
    finite, always on or above the floor).

    >>> fig = smoothing_floor_curve(np.array([0.0, 1.0]), np.array([0.0, 1.1]), 0.5, 0.7, 0.9,
    ...     "t", "eps", "nats", ["floor", "loss"])
    >>> [trace.name for trace in fig.data], list(fig.data[2].y)
    (['floor', 'floor', 'loss'], [0.9])
    """
    floor_name, loss_name = plain_text(names)
    traces = [
        trace(
            go.Scatter,
            name=floor_name,
            x=smoothings,
            y=floor,
            mode="lines",
            line={"color": ENTROPY_COLOR, "width": 2},
            hovertemplate="ε = %{x:.2f}<br>" + floor_name + " = %{y:.4f}<extra></extra>",
        ),
        trace(
            go.Scatter,
            name=floor_name,
            x=[current],
            y=[floor_now],
            mode="markers",
            marker={"color": ENTROPY_COLOR, "size": 11},
            showlegend=False,
            hovertemplate="ε = %{x:.2f}<br>" + floor_name + " = %{y:.4f}<extra></extra>",
        ),
    ]
    if np.isfinite(loss_now):
        traces.append(
            trace(
                go.Scatter,
                name=loss_name,
                x=[current],
                y=[loss_now],
                mode="markers",
                marker={"color": TOTAL_COLOR, "symbol": "diamond", "size": 11},
                hovertemplate="ε = %{x:.2f}<br>" + loss_name + " = %{y:.4f}<extra></extra>",
            )
        )
    marker = {
        "type": "line",
        "x0": current,
        "x1": current,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "line": {"color": "#555555", "dash": "dash"},
    }
    return chart(traces, title, x_title, y_title, yaxis={"rangemode": "tozero"}, shapes=[marker])
