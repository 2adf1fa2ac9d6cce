"""Charts of the common-mistakes page: the wrong call beside the right one."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    chart,
    class_bars,
    horizontal_line,
    plain_text,
    trace,
    vertical_line,
)

__all__ = ["ROLE_COLORS", "call_values", "gradient_bars", "per_sample_bars", "series_lines"]

#: Colours of the wrong calls (vermillion, reddish purple), the right ones (bluish green, blue)
#: and of references (grey), from the colour-blind-safe palette; the n-th call of a role takes
#: the n-th colour.
ROLE_COLORS = {
    "wrong": ("#D55E00", "#CC79A7", "#E69F00"),
    "right": ("#009E73", "#0072B2", "#56B4E9"),
    "reference": ("#555555",),
}
_DASH = {"wrong": "solid", "right": "solid", "reference": "dot"}
#: Legends go under the chart: call names are long, and a legend on top would cover the title.
_LEGEND_BELOW = {"legend": {"yanchor": "top", "y": -0.25}}


def _role_colors(roles: Sequence[str]) -> list[str]:
    """Each entry's colour: the n-th entry of a role gets that role's n-th colour."""
    seen: dict[str, int] = {}
    colors = []
    for role in roles:
        palette = ROLE_COLORS[role]
        colors.append(palette[seen.get(role, 0) % len(palette)])
        seen[role] = seen.get(role, 0) + 1
    return colors


def _level(y: float, label: str, role: str, side: str) -> tuple[dict, dict]:
    """A dotted line across the chart at ``y`` in the role's colour, and its label above it at
    the ``side`` ("left" or "right") of the plot."""
    color = ROLE_COLORS[role][0]
    note = {
        "x": 0 if side == "left" else 1,
        "y": y,
        "xref": "paper",
        "yref": "y",
        "text": plain_text([label])[0],
        "showarrow": False,
        "xanchor": side,
        "yanchor": "bottom",
        "font": {"size": 11, "color": color},
    }
    return horizontal_line(y, color), note


def series_lines(
    x: np.ndarray,
    ys: Sequence[np.ndarray],
    roles: Sequence[str],
    names: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
    at: float | None = None,
    at_label: str = "",
    floor: float | None = None,
    floor_label: str = "",
) -> go.Figure:
    """Wrong and right curves against a swept input, with the example's position and a floor.

    >>> fig = series_lines(np.array([0.0, 1.0]), [np.array([1.0, 0.8]), np.array([1.0, 0.3])],
    ...                    ["wrong", "right"], ["w", "r"], "t", "s", "loss", at=1.0, floor=0.55)
    >>> [trace.name for trace in fig.data], fig.data[0].line.color, len(fig.layout.shapes)
    (['w', 'r'], '#D55E00', 2)
    """
    colors = _role_colors(roles)
    traces = [
        trace(
            go.Scatter,
            name=name,
            x=x,
            y=y,
            mode="lines",
            line={
                "color": color,
                "width": 2.5 if role != "reference" else 1.5,
                "dash": _DASH[role],
            },
            hovertemplate="%{x:.3g}<br>" + name + ": %{y:.4f}<extra></extra>",
        )
        for y, role, name, color in zip(ys, roles, plain_text(names), colors, strict=True)
    ]
    shapes = []
    annotations = []
    if at is not None:
        shapes.append(vertical_line(at, "#888888", "dash", width=1))
        annotations.append(
            {
                "x": at,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": plain_text([at_label])[0],
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "xshift": 4,
                "font": {"size": 11, "color": "#555555"},
            }
        )
    if floor is not None:
        line, note = _level(floor, floor_label, "wrong", "right")
        shapes.append(line)
        annotations.append(note)
    return chart(
        traces,
        title,
        x_title,
        y_title,
        shapes=shapes,
        annotations=annotations,
        hovermode="x unified",
        **_LEGEND_BELOW,
    )


def gradient_bars(
    wrong_row: np.ndarray,
    right_row: np.ndarray,
    class_names: Sequence[str],
    wrong_label: str,
    right_label: str,
    title: str,
    y_title: str,
) -> go.Figure:
    """The gradient on each logit, for the wrong and the right call: one bar trace per class.

    >>> fig = gradient_bars(np.array([-0.17, 0.15, 0.02]), np.array([-0.29, 0.26, 0.04]),
    ...                     ["a", "b", "c"], "wrong", "right", "t", "grad")
    >>> len(fig.data), fig.data[0].y.tolist(), fig.data[1].marker.color
    (3, [-0.17, -0.29], '#E69F00')
    """
    x = [wrong_label, right_label]
    heights = np.stack([np.asarray(wrong_row), np.asarray(right_row)])
    return chart(
        class_bars(x, heights, class_names), title, "", y_title, barmode="group", **_LEGEND_BELOW
    )


def call_values(
    names: Sequence[str],
    values: Sequence[float | None],
    roles: Sequence[str],
    title: str,
    y_title: str,
    reference: float | None = None,
    reference_label: str = "",
) -> go.Figure:
    """One bar per call with its value, red when wrong, green when right; calls that raised
    have no bar.

    >>> fig = call_values(["w", "r", "e"], [54.4, 0.87, None], ["wrong", "right", "wrong"],
    ...                   "t", "v")
    >>> list(fig.data[0].x), list(fig.data[0].marker.color)
    (['w', 'r'], ['#D55E00', '#009E73'])
    """
    colors = [ROLE_COLORS[role][0] for role in roles]
    kept = [i for i, value in enumerate(values) if value is not None]
    safe = plain_text(names)
    shapes = []
    annotations = []
    if reference is not None:
        line, note = _level(reference, reference_label, "reference", "left")
        shapes.append(line)
        annotations.append(note)
    return chart(
        trace(
            go.Bar,
            x=[safe[i] for i in kept],
            y=[float(values[i]) for i in kept],
            marker_color=[colors[i] for i in kept],
            text=[f"{float(values[i]):.4f}" for i in kept],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}<br>%{y:.6g}<extra></extra>",
        ),
        title,
        "",
        y_title,
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
    )


def per_sample_bars(
    ys: Sequence[np.ndarray],
    roles: Sequence[str],
    names: Sequence[str],
    labels: np.ndarray,
    class_names: Sequence[str],
    title: str,
    sample_word: str,
    y_title: str,
) -> go.Figure:
    """Grouped bars, one group per sample (the first ``MAX_SAMPLES_DRAWN``), one bar per call;
    the hover names each sample's label class.

    >>> fig = per_sample_bars([np.array([0.4, 0.3]), np.array([0.0, 0.3])], ["wrong", "right"],
    ...                       ["w", "r"], np.array([2, 0]), ["a", "b", "c"], "t", "sample", "loss")
    >>> fig.data[1].y.tolist(), list(fig.data[0].x), list(fig.data[0].customdata)
    ([0.0, 0.3], ['sample 0', 'sample 1'], ['c', 'a'])
    """
    count = min(len(labels), MAX_SAMPLES_DRAWN)
    x = [f"{sample_word} {i}" for i in range(count)]
    safe_classes = plain_text(class_names)
    label_names = [safe_classes[int(c)] for c in np.asarray(labels)[:count]]
    colors = _role_colors(roles)
    return chart(
        [
            trace(
                go.Bar,
                name=name,
                x=x,
                y=np.asarray(y)[:count],
                customdata=label_names,
                marker_color=color,
                hovertemplate="%{x} (%{customdata})<br>" + name + ": %{y:.4f}<extra></extra>",
            )
            for y, name, color in zip(ys, plain_text(names), colors, strict=True)
        ],
        title,
        "",
        y_title,
        barmode="group",
        **_LEGEND_BELOW,
    )
