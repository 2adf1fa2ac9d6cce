"""Charts of the imbalance page: class weights, focal loss and label smoothing.

Every builder takes the page's words in a ``words`` mapping (keys listed in its docstring) and
class names as given (they are escaped here).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    NEUTRAL,
    chart,
    class_color,
    class_curves,
    class_points,
    horizontal_line,
    plain_text,
    trace,
    vertical_line,
)

__all__ = [
    "ce_vs_focal_bars",
    "focal_curves_chart",
    "focal_ratio_scatter",
    "per_class_comparison",
    "smoothed_target_bars",
    "smoothing_gradient_chart",
    "smoothing_loss_chart",
]

LIGHT = "#AAAAAA"
STRONG = "#222222"

#: A legend beside the chart, for charts with many entries (above, they would cover the title).
SIDE_LEGEND = {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"}

#: The "before" bars of a comparison: the class colour, hatched and lighter.
BEFORE = {"pattern": {"shape": "/", "solidity": 0.5}, "opacity": 0.55}


def per_class_comparison(
    plain: Sequence[float],
    weighted: Sequence[float],
    counts: Sequence[int],
    weights: Sequence[float],
    class_names: Sequence[str],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Per class, a value without class weights (hatched) beside the same with them (solid).

    ``words``: ``without``, ``with``, ``class``, ``value`` (the y-axis), ``count``, ``weight``.

    >>> words = dict.fromkeys(["without", "with", "class", "value", "count", "weight"], "w")
    >>> fig = per_class_comparison([0.5, 0.1], [0.2, 0.4], [4, 1], [0.4, 1.6], ["a", "b"],
    ...                            "t", words)
    >>> len(fig.data), fig.data[1].y.tolist(), fig.data[1].marker.color
    (2, [0.2, 0.4], ('#0072B2', '#E69F00'))
    """
    names = plain_text(class_names)
    colors = [class_color(c) for c in range(len(names))]
    details = np.column_stack([np.asarray(counts, dtype=np.float64), np.asarray(weights)])
    hover = (
        "%{x}<br>"
        + words["count"]
        + " = %{customdata[0]:.0f}<br>"
        + words["weight"]
        + " = %{customdata[1]:.4g}<br>"
        + "{which}: %{y:.4f}<extra></extra>"
    )
    few = len(names) <= 8
    traces = [
        trace(
            go.Bar,
            name=words["without"],
            x=names,
            y=np.asarray(plain, dtype=np.float64),
            customdata=np.column_stack([details[:, 0], np.ones(len(names))]),
            marker={"color": colors, **BEFORE},
            text=[f"{v:.3f}" for v in plain] if few else None,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=hover.replace("{which}", words["without"]),
        ),
        trace(
            go.Bar,
            name=words["with"],
            x=names,
            y=np.asarray(weighted, dtype=np.float64),
            customdata=details,
            marker={"color": colors},
            text=[f"{v:.3f}" for v in weighted] if few else None,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=hover.replace("{which}", words["with"]),
        ),
    ]
    return chart(traces, title, words["class"], words["value"], barmode="group", height=360)


def focal_curves_chart(
    p: np.ndarray,
    gammas: Sequence[float],
    curves: np.ndarray,
    chosen: float,
    sample_pt: np.ndarray,
    sample_loss: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    title: str,
    words: Mapping[str, str],
    y_max: float = 4.0,
) -> go.Figure:
    r"""The focal loss :math:`-(1-p)^\gamma \log p` against :math:`p`, one curve per gamma, the
    chosen gamma drawn thick, and the batch's samples on the chosen curve (one trace per class;
    samples above ``y_max`` drawn at the top as triangles).

    ``words``: ``gamma`` (the legend's word, e.g. "γ"), ``sample``, ``x``, ``y``.

    >>> words = {"gamma": "γ", "sample": "sample", "x": "p", "y": "FL"}
    >>> fig = focal_curves_chart(np.array([0.5, 1.0]), [0.0, 2.0], np.array([[0.7, 0.0],
    ...     [0.2, 0.0]]), 2.0, np.array([0.5]), np.array([0.2]), np.array([1]), ["a", "b"],
    ...     "t", words)
    >>> [trace.name for trace in fig.data], fig.data[1].line.width
    (['γ = 0', 'γ = 2', 'b'], 4)
    """
    traces: list = []
    for k, gamma in enumerate(gammas):
        highlighted = np.isclose(gamma, chosen)
        name = f"{words['gamma']} = {gamma:g}"
        traces.append(
            trace(
                go.Scatter,
                name=name,
                x=p,
                y=np.asarray(curves[k]),
                mode="lines",
                line={
                    "color": STRONG if highlighted else LIGHT,
                    "width": 4 if highlighted else 1.5,
                    "dash": "solid" if highlighted else "dot",
                },
                hovertemplate=name
                + "<br>"
                + words["x"]
                + " = %{x:.3f}<br>"
                + words["y"]
                + " = %{y:.4f}<extra></extra>",
            )
        )
    loss = np.asarray(sample_loss, dtype=np.float64)
    traces += class_points(
        sample_pt, loss, labels, plain_text(class_names), words, shown_y=np.minimum(loss, y_max)
    )
    return chart(
        traces,
        title,
        words["x"],
        words["y"],
        xaxis={"range": [0, 1.02]},
        yaxis={"range": [0, y_max * 1.03]},
        legend=SIDE_LEGEND,
        height=380,
    )


def focal_ratio_scatter(
    target_prob: np.ndarray,
    ratio: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    grid: np.ndarray,
    curves: Mapping[int | None, np.ndarray],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    r"""What the focal loss keeps of each sample's cross-entropy against :math:`p_t`: every
    sample (one trace per class), and the curves :math:`\alpha (1 - p)^\gamma` (one per class
    when alpha differs between classes, key ``None`` otherwise).

    ``words``: ``sample``, ``x``, ``y``, ``curve``.

    >>> fig = focal_ratio_scatter(np.array([0.9, 0.2]), np.array([0.01, 0.64]), np.array([0, 0]),
    ...     ["a", "b"], np.array([0.0, 1.0]), {None: np.array([1.0, 0.0])}, "t",
    ...     {"sample": "s", "x": "p", "y": "r", "curve": "c"})
    >>> [trace.name for trace in fig.data], fig.data[0].y.tolist()
    (['a', 'c'], [0.01, 0.64])
    """
    names = plain_text(class_names)
    traces = class_points(target_prob, ratio, labels, names, words)
    traces += class_curves(grid, curves, names, words)
    return chart(
        traces,
        title,
        words["x"],
        words["y"],
        xaxis={"range": [-0.02, 1.02]},
        legend=SIDE_LEGEND,
        height=380,
    )


def ce_vs_focal_bars(
    ce: np.ndarray,
    focal: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    selected: int,
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Each sample's cross-entropy (hatched) beside its focal loss (solid), in its class's
    colour, for the first ``MAX_SAMPLES_DRAWN`` samples; the selected sample outlined.

    ``words``: ``ce``, ``focal``, ``sample``, ``loss``, ``class``.

    >>> fig = ce_vs_focal_bars(np.array([0.1, 1.6]), np.array([0.001, 1.0]), np.array([0, 1]),
    ...     ["a", "b"], 1, "t", dict.fromkeys(["ce", "focal", "sample", "loss", "class"], "w"))
    >>> len(fig.data), fig.data[1].y.tolist(), fig.data[1].marker.line.width
    (2, [0.001, 1.0], (0, 3))
    """
    ce = np.asarray(ce, dtype=np.float64)[:MAX_SAMPLES_DRAWN]
    n = ce.shape[0]
    focal = np.asarray(focal, dtype=np.float64)[:n]
    labels = np.asarray(labels)[:n]
    names = plain_text(class_names)
    colors = [class_color(int(c)) for c in labels]
    label_names = [names[int(c)] for c in labels]
    outline = {"color": "#000000", "width": [3 if i == selected else 0 for i in range(n)]}
    hover = (
        words["sample"]
        + " %{x}<br>"
        + words["class"]
        + ": %{customdata}<br>"
        + "{which} = %{y:.4f}<extra></extra>"
    )
    traces = [
        trace(
            go.Bar,
            name=words["ce"],
            x=list(range(n)),
            y=ce,
            customdata=label_names,
            marker={"color": colors, "line": outline, **BEFORE},
            hovertemplate=hover.replace("{which}", words["ce"]),
        ),
        trace(
            go.Bar,
            name=words["focal"],
            x=list(range(n)),
            y=focal,
            customdata=label_names,
            marker={"color": colors, "line": outline},
            hovertemplate=hover.replace("{which}", words["focal"]),
        ),
    ]
    half = max(n, 6) / 2
    return chart(
        traces,
        title,
        words["sample"],
        words["loss"],
        barmode="group",
        xaxis={
            "tickmode": "array",
            "tickvals": list(range(n)),
            "range": [(n - 1) / 2 - half, (n - 1) / 2 + half],
        },
        height=340,
    )


def smoothed_target_bars(
    onehot: Sequence[float],
    smoothed: Sequence[float],
    probs: Sequence[float],
    class_names: Sequence[str],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Three groups of bars, one bar per class in its colour: the one-hot target, the smoothed
    target and the model's probabilities, each with its value written on it.

    ``words``: ``onehot``, ``smoothed``, ``prediction``, ``y``.

    >>> fig = smoothed_target_bars([0.0, 1.0], [0.05, 0.95], [0.3, 0.7], ["a", "b"], "t",
    ...     {"onehot": "1-hot", "smoothed": "q", "prediction": "p", "y": "prob"})
    >>> list(fig.data[1].x), list(fig.data[1].y)
    (['1-hot', 'q', 'p'], [1.0, 0.95, 0.7])
    """
    groups = [words["onehot"], words["smoothed"], words["prediction"]]
    few = len(class_names) <= 6
    traces = [
        trace(
            go.Bar,
            name=name,
            x=groups,
            y=[float(onehot[c]), float(smoothed[c]), float(probs[c])],
            marker={"color": class_color(c)},
            text=[f"{float(v[c]):.3f}" for v in (onehot, smoothed, probs)] if few else None,
            textposition="outside",
            cliponaxis=False,
            customdata=[name] * 3,
            hovertemplate="%{x}<br>%{customdata}: %{y:.4f}<extra></extra>",
        )
        for c, name in enumerate(plain_text(class_names))
    ]
    return chart(
        traces, title, "", words["y"], barmode="group", yaxis={"range": [0, 1.12]}, height=360
    )


def _marker(name: str, x: float, y: float, symbol: str, words: Mapping[str, str]) -> go.Scatter:
    return trace(
        go.Scatter,
        name=name,
        x=[x],
        y=[y],
        mode="markers",
        marker={"color": STRONG, "size": 12, "symbol": symbol},
        hovertemplate=name
        + "<br>"
        + words["x"]
        + " = %{x:.4f}<br>"
        + words["y"]
        + " = %{y:.4f}<extra></extra>",
    )


def _line(name: str, x: np.ndarray, y: np.ndarray, strong: bool, words: Mapping[str, str]):
    return trace(
        go.Scatter,
        name=name,
        x=x,
        y=y,
        mode="lines",
        line={"color": STRONG, "width": 3}
        if strong
        else {"color": LIGHT, "width": 2, "dash": "dash"},
        hovertemplate=name
        + "<br>"
        + words["x"]
        + " = %{x:.3f}<br>"
        + words["y"]
        + " = %{y:.4f}<extra></extra>",
    )


def smoothing_loss_chart(
    p: np.ndarray,
    loss_plain: np.ndarray,
    loss_smoothed: np.ndarray,
    true_target: float,
    floor: float,
    sample_p: float | None,
    title: str,
    words: Mapping[str, str],
    y_max: float = 4.0,
) -> go.Figure:
    """One sample's loss against its true class's probability, without and with smoothing;
    the smoothed loss's lowest point (the floor) marked, and a dotted line at the selected
    sample's probability (when given).

    ``words``: ``plain``, ``smoothed``, ``floor``, ``x``, ``y``, ``sample``.

    >>> words = dict.fromkeys(["plain", "smoothed", "floor", "x", "y", "sample"], "w")
    >>> fig = smoothing_loss_chart(np.array([0.5, 0.9]), np.array([0.69, 0.1]),
    ...     np.array([0.8, 0.4]), 0.93, 0.29, 0.6, "t", words)
    >>> len(fig.data), list(fig.data[2].x), fig.layout.shapes[0].x0
    (3, [0.93], 0.6)
    """
    traces = [
        _line(words["plain"], p, loss_plain, False, words),
        _line(words["smoothed"], p, loss_smoothed, True, words),
        _marker(words["floor"], true_target, floor, "diamond", words),
    ]
    shapes = []
    annotations = []
    if sample_p is not None:
        shapes.append(vertical_line(sample_p, NEUTRAL))
        annotations.append(
            {
                "text": words["sample"],
                "x": sample_p,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "top",
                "showarrow": False,
            }
        )
    return chart(
        traces,
        title,
        words["x"],
        words["y"],
        xaxis={"range": [0, 1]},
        yaxis={"range": [0, y_max]},
        shapes=shapes,
        annotations=annotations,
        height=380,
    )


def smoothing_gradient_chart(
    p: np.ndarray,
    grad_plain: np.ndarray,
    grad_smoothed: np.ndarray,
    grad_at_one: float,
    sample_prob: np.ndarray,
    sample_grad: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """The gradient on the true class's logit against its probability, without smoothing
    (:math:`p - 1`) and with it (:math:`p - q_y`); its value at :math:`p = 1` marked, and the
    batch's samples (one trace per class).

    ``words``: ``plain``, ``smoothed``, ``at_one``, ``x``, ``y``, ``sample``.

    >>> words = dict.fromkeys(["plain", "smoothed", "at_one", "x", "y", "sample"], "w")
    >>> fig = smoothing_gradient_chart(np.array([0.5, 0.9]), np.array([-0.5, -0.1]),
    ...     np.array([-0.43, -0.03]), 0.067, np.array([0.6]), np.array([-0.33]), np.array([1]),
    ...     ["a", "b"], "t", words)
    >>> [trace.name for trace in fig.data][-1], list(fig.data[2].x)
    ('b', [1.0])
    """
    traces = [
        _line(words["plain"], p, grad_plain, False, words),
        _line(words["smoothed"], p, grad_smoothed, True, words),
        _marker(words["at_one"], 1.0, grad_at_one, "star", words),
        *class_points(sample_prob, sample_grad, labels, plain_text(class_names), words),
    ]
    zero = horizontal_line(0, NEUTRAL, dash=None, width=1)
    return chart(
        traces, title, words["x"], words["y"], xaxis={"range": [0, 1.03]}, shapes=[zero], height=380
    )
