"""Charts of the sequences page: each token's or pixel's loss as a grid, a mask's classes, and
each sequence's mean beside the batch's means.

Ignored elements (padding, a mask's border) are drawn in grey on every grid, with their label
written in them, so a learner sees at once what the loss leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from lossviz.views.shared.palette import (
    NEUTRAL,
    chart,
    class_color,
    layout,
    new_figure,
    plain_text,
    trace,
)

__all__ = ["IGNORED_COLOR", "LOSS_SCALE", "class_map", "loss_grid", "sample_means_chart"]

#: Ignored elements: a light grey, apart from every colour of the loss scale and the classes.
IGNORED_COLOR = "#C8C8C8"

#: The loss from white (0) to dark red (the largest loss shown): lightness carries the value,
#: which colour-blind readers read as well as anyone. Spelt out as Plotly's Python side reads the
#: name: the browser's plotly.js has a "Reds" of its own, with other colours.
LOSS_SCALE = get_colorscale("Reds")

#: The outline of the element the formulas show.
SELECTED_COLOR = "#000000"


def _selected_box(cell: tuple[int, int] | None) -> list[dict]:
    """A black outline around ``cell`` (row, column) of a grid drawn at integer coordinates."""
    if cell is None:
        return []
    r, c = cell
    return [
        {
            "type": "rect",
            "x0": c - 0.5,
            "x1": c + 0.5,
            "y0": r - 0.5,
            "y1": r + 0.5,
            "line": {"color": SELECTED_COLOR, "width": 3},
        }
    ]


def _grid_layout(
    title: str,
    words: Mapping[str, str],
    rows: Sequence[str],
    columns: Sequence[str],
    selected: tuple[int, int] | None,
) -> dict:
    """Rows top to bottom and columns left to right, labelled, every cell square-ish."""
    return layout(
        title,
        words["column"],
        words["row"],
        xaxis={
            "tickmode": "array",
            "tickvals": list(range(len(columns))),
            "ticktext": list(columns),
            "showgrid": False,
            "zeroline": False,
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(rows))),
            "ticktext": list(rows),
            "autorange": "reversed",
            "showgrid": False,
            "zeroline": False,
        },
        shapes=_selected_box(selected),
        height=max(260, 150 + 56 * len(rows)),
        plot_bgcolor="white",
    )


def loss_grid(
    losses: np.ndarray,
    ignored: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    target_log_probs: np.ndarray,
    cell_text: Sequence[Sequence[str]],
    rows: Sequence[str],
    columns: Sequence[str],
    selected: tuple[int, int] | None,
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Each element's loss as a cell of an (R, K) grid: the sequences' tokens, or a mask's
    pixels; ignored cells grey.

    Two heatmaps: the ignored cells in grey (hover: the label, left out), then the kept cells
    on ``LOSS_SCALE`` from 0 to the largest loss (hover: the label, the loss, and the
    target's probability, the exponential of ``target_log_probs``). The hover names a kept
    cell's label by its class name, an ignored one by the label itself. ``cell_text`` is what
    each cell shows above its loss (user text: it is escaped here; "" for none), ``rows`` and
    ``columns`` the ticks. ``selected`` (row, column) is outlined. ``words`` maps ``row``,
    ``column``, ``label``, ``p``, ``loss`` and ``ignored`` to the page's words.

    >>> words = {"row": "sequence", "column": "position", "label": "label", "p": "p",
    ...          "loss": "loss", "ignored": "left out"}
    >>> fig = loss_grid(np.array([[0.5, 0.0]]), np.array([[False, True]]), np.array([[0, -100]]),
    ...     ["noun"], np.log([[0.6, np.nan]]), [["cat", "<pad>"]], ["0"], ["0", "1"], (0, 0), "t",
    ...     words)
    >>> [trace.name for trace in fig.data], fig.data[1].z.tolist()
    (['left out', 'loss'], [[0.5, nan]])
    >>> fig.data[0].z.tolist(), fig.data[0].text.tolist()[0][1], fig.data[1].customdata[0, 0, 0]
    ([[nan, 0.0]], '&lt;pad&gt;<br>-100', 'noun')
    """
    losses = np.asarray(losses, dtype=np.float64)
    ignored = np.asarray(ignored, dtype=bool)
    text = np.array([plain_text(row) for row in cell_text], dtype=object)
    labels = np.asarray(labels)
    names = np.array(plain_text(class_names), dtype=object)
    label_text = np.where(
        ignored, labels.astype(str), names[np.clip(labels, 0, len(names) - 1)]
    ).astype(object)
    probs = np.exp(np.asarray(target_log_probs, dtype=np.float64))
    custom = np.stack([label_text, probs.astype(object)], axis=-1)
    x = np.arange(losses.shape[1])
    y = np.arange(losses.shape[0])
    grey_text = np.array(
        [
            [
                f"{cell}<br>{label}" if cell else str(label)
                for cell, label in zip(row, numbers, strict=True)
            ]
            for row, numbers in zip(text.tolist(), labels.tolist(), strict=True)
        ],
        dtype=object,
    )
    kept_losses = np.where(ignored, np.nan, losses)
    top = float(np.nanmax(np.abs(kept_losses), initial=0.0)) if (~ignored).any() else 0.0
    w = {key: plain_text([value])[0] for key, value in words.items()}
    where = f"{w['row']} %{{y}}, {w['column']} %{{x}}<br>"
    grey = trace(
        go.Heatmap,
        name=w["ignored"],
        x=x,
        y=y,
        z=np.where(ignored, 0.0, np.nan),
        text=grey_text,
        texttemplate="%{text}",
        customdata=custom,
        colorscale=[[0.0, IGNORED_COLOR], [1.0, IGNORED_COLOR]],
        showscale=False,
        xgap=2,
        ygap=2,
        hovertemplate=where + w["label"] + " %{customdata[0]}: " + w["ignored"] + "<extra></extra>",
    )
    loss = trace(
        go.Heatmap,
        name=w["loss"],
        x=x,
        y=y,
        z=kept_losses,
        text=np.where(ignored, "", text),
        texttemplate="%{text}<br>%{z:.3f}" if any(map(any, cell_text)) else "%{z:.3f}",
        customdata=custom,
        colorscale=LOSS_SCALE,
        zmin=min(0.0, float(np.nanmin(kept_losses, initial=0.0))) if top else 0.0,
        zmax=top or 1.0,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": w["loss"]}},
        hovertemplate=where
        + w["label"]
        + ": %{customdata[0]}<br>"
        + w["p"]
        + " = %{customdata[1]:.4f}<br>"
        + w["loss"]
        + " = %{z:.4f}<extra></extra>",
    )
    return new_figure([grey, loss], layout=_grid_layout(title, words, rows, columns, selected))


def _class_scale(num_classes: int) -> list[list]:
    """A stepped colour scale: class c's colour on [c, c + 1) / C of the range."""
    scale = []
    for c in range(num_classes):
        scale.append([c / num_classes, class_color(c)])
        scale.append([(c + 1) / num_classes, class_color(c)])
    return scale


def class_map(
    classes: np.ndarray,
    ignored: np.ndarray | None,
    cell_text: Sequence[Sequence[str]],
    class_names: Sequence[str],
    rows: Sequence[str],
    columns: Sequence[str],
    selected: tuple[int, int] | None,
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """An (H, W) map of classes in their colours: a mask's labels, or the predicted classes.

    The colour bar names the classes; each cell shows ``cell_text`` (its label, say). Cells in
    ``ignored`` are grey (their label is no class). ``words`` maps ``row``, ``column``,
    ``class`` and ``ignored`` to the page's words.

    >>> words = {"row": "row", "column": "column", "class": "class", "ignored": "left out"}
    >>> fig = class_map(np.array([[0, 1], [1, 255]]), np.array([[False, False], [False, True]]),
    ...     [["0", "1"], ["1", "255"]], ["sky", "tree"], ["0", "1"], ["0", "1"], None, "t", words)
    >>> fig.data[1].z.tolist(), list(fig.data[1].colorbar.ticktext)
    ([[0.0, 1.0], [1.0, nan]], ['sky', 'tree'])
    """
    classes = np.asarray(classes)
    ignored = np.zeros(classes.shape, bool) if ignored is None else np.asarray(ignored, bool)
    names = plain_text(class_names)
    c = len(names)
    text = np.array([plain_text(row) for row in cell_text], dtype=object)
    name_of = np.array([*names, ""], dtype=object)
    custom = name_of[np.where(ignored, c, np.clip(classes, 0, c - 1))]
    x, y = np.arange(classes.shape[1]), np.arange(classes.shape[0])
    w = {key: plain_text([value])[0] for key, value in words.items()}
    where = f"{w['row']} %{{y}}, {w['column']} %{{x}}<br>"
    grey = trace(
        go.Heatmap,
        name=w["ignored"],
        x=x,
        y=y,
        z=np.where(ignored, 0.0, np.nan),
        text=text,
        texttemplate="%{text}",
        colorscale=[[0.0, IGNORED_COLOR], [1.0, IGNORED_COLOR]],
        showscale=False,
        xgap=2,
        ygap=2,
        hovertemplate=where + "%{text}: " + w["ignored"] + "<extra></extra>",
    )
    mapped = trace(
        go.Heatmap,
        name=w["class"],
        x=x,
        y=y,
        z=np.where(ignored, np.nan, classes.astype(np.float64)),
        text=np.where(ignored, "", text),
        texttemplate="%{text}",
        customdata=custom,
        zmin=-0.5,
        zmax=c - 0.5,
        colorscale=_class_scale(c),
        colorbar={"tickmode": "array", "tickvals": list(range(c)), "ticktext": names},
        xgap=2,
        ygap=2,
        hovertemplate=where + w["class"] + " %{z}: %{customdata}<extra></extra>",
    )
    return new_figure([grey, mapped], layout=_grid_layout(title, words, rows, columns, selected))


def sample_means_chart(
    means: np.ndarray,
    kept: np.ndarray,
    lines: Sequence[tuple[str, float]],
    samples: Sequence[str],
    title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Each sample's own mean loss as a bar (its kept elements written on it), with the batch's
    means as lines across the chart: ``lines`` holds (label, value) pairs, drawn in order;
    ``samples`` names the bars.

    ``words`` maps ``loss`` and ``kept`` (a format with ``{count}``) to the page's
    words.

    >>> fig = sample_means_chart(np.array([0.6, 0.4]), np.array([3, 1]),
    ...     [("token mean", 0.55)], ["s0", "s1"], "t",
    ...     {"sample": "sequence", "loss": "loss", "kept": "{count} tokens"})
    >>> fig.data[0].y.tolist(), list(fig.data[0].text), fig.data[1].name, list(fig.data[1].x)
    ([0.6, 0.4], ['3 tokens', '1 tokens'], 'token mean', [-0.5, 1.5])
    """
    means = np.asarray(means, dtype=np.float64)
    w = {key: plain_text([value])[0] for key, value in words.items()}
    x = np.arange(len(samples))
    bars = trace(
        go.Bar,
        name=w["loss"],
        x=x,
        y=means,
        customdata=list(samples),
        text=[w["kept"].format(count=int(k)) for k in kept],
        textposition="inside",
        marker_color=class_color(0),
        showlegend=False,
        hovertemplate="%{customdata}<br>" + w["loss"] + " = %{y:.4f}<br>%{text}<extra></extra>",
    )
    dashes = ("solid", "dash", "dot", "dashdot")
    colors = (NEUTRAL, class_color(5), class_color(2), class_color(3))
    traces: list = [bars]
    for k, (label, value) in enumerate(lines):
        name = plain_text([label])[0]
        traces.append(
            trace(
                go.Scatter,
                name=name,
                x=[-0.5, len(samples) - 0.5],
                y=[value, value],
                mode="lines",
                line={"color": colors[k % 4], "dash": dashes[k % 4], "width": 2},
                hovertemplate=name + " = %{y:.4f}<extra></extra>",
            )
        )
    return chart(
        traces,
        title,
        "",
        w["loss"],
        xaxis={
            "tickmode": "array",
            "tickvals": x.tolist(),
            "ticktext": list(samples),
            "range": [-0.5, len(samples) - 0.5],
        },
        # Below the chart: above it, a legend that wraps on a phone covers the title.
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        margin={"t": 50},
    )
