"""Charts of the cross-entropy page: the pipeline of one sample, and the losses of the batch."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    NEUTRAL,
    chart,
    class_color,
    plain_text,
    trace,
)

__all__ = ["loss_histogram", "per_sample_losses", "pipeline", "target_vs_prediction"]

IGNORED = "#BBBBBB"

_PANELS = ((0.0, 0.26), (0.37, 0.63), (0.74, 1.0))
MIN_SLOTS = 6


def _class_axis(names: Sequence[str], extra: Sequence[str] = ()) -> dict:
    labels = [*names, *extra]
    return {
        "tickmode": "array",
        "tickvals": list(range(len(labels))),
        "ticktext": labels,
        "showticklabels": len(labels) <= 24,
    }


def _panel_bar(panel: int, word: str, **bar: object) -> go.Bar:
    """A bar trace of the pipeline's ``panel`` (1 to 3), its hover naming the class and ``word``."""
    axis = "" if panel == 1 else str(panel)
    return trace(
        go.Bar,
        **bar,
        hovertemplate="%{customdata}<br>" + word + " = %{y:.4f}<extra></extra>",
        showlegend=False,
        xaxis=f"x{axis}",
        yaxis=f"y{axis}",
    )


def pipeline(
    logits: Sequence[float],
    lse: float,
    log_probs: Sequence[float],
    terms: Sequence[float],
    loss: float,
    label: int | None,
    class_names: Sequence[str],
    text: Mapping[str, str],
) -> go.Figure:
    """One sample's way from logits to its loss, in three panels side by side.

    1. the logits, with the log-sum-exp drawn as a dashed line;
    2. the log-probabilities, ``logit - lse`` (the same shift for every class), the target's bar
       outlined;
    3. each class's share of the loss, :math:`w_c q_c (-\\log p_c)`, then the loss itself.

    ``text`` gives the translated words: ``title``, ``logits``, ``log_probs``, ``terms`` (panel
    titles), ``logit``, ``log_p``, ``share``, ``total`` (the loss bar's label), ``lse``.

    >>> words = dict.fromkeys(["title", "logits", "log_probs", "terms", "logit", "log_p",
    ...                        "share", "total", "lse"], "w")
    >>> fig = pipeline([1.3, 2.6], 2.84, [-1.54, -0.24], [0.0, 0.24], 0.24, 1, ["a", "b"], words)
    >>> len(fig.data), list(fig.data[2].y)
    (3, [0.0, 0.24, 0.24])
    """
    names = plain_text(class_names)
    c = len(names)
    colors = [class_color(i) for i in range(c)]
    positions = list(range(c))
    outline = [3 if i == label else 0 for i in positions]
    # Values written above (or below) the bars, never cut by the axes.
    written = {"textposition": "outside", "constraintext": "none", "cliponaxis": False}
    data = [
        _panel_bar(
            1,
            text["logit"],
            x=positions,
            y=list(logits),
            customdata=names,
            marker={"color": colors},
        ),
        _panel_bar(
            2,
            text["log_p"],
            x=positions,
            y=list(log_probs),
            customdata=names,
            marker={"color": colors, "line": {"color": "#000000", "width": outline}},
            text=[f"{v:.3f}" for v in log_probs] if c <= 8 else None,
            **written,
        ),
        _panel_bar(
            3,
            text["share"],
            x=[*positions, c],
            y=[*terms, loss],
            customdata=[*names, text["total"]],
            marker={"color": [*colors, NEUTRAL]},
            text=[*([""] * c), f"{loss:.4f}"],
            **written,
        ),
    ]
    axes: dict = {}
    for k, (panel, domain) in enumerate(
        zip(("logits", "log_probs", "terms"), _PANELS, strict=True), start=1
    ):
        suffix = "" if k == 1 else str(k)
        axes[f"xaxis{suffix}"] = {
            "domain": list(domain),
            "anchor": f"y{suffix}",
            **_class_axis(names, [text["total"]] if panel == "terms" else []),
        }
        axes[f"yaxis{suffix}"] = {
            "anchor": f"x{suffix}",
            "title": {"text": text[{"logits": "logit", "log_probs": "log_p"}.get(panel, "share")]},
            "zeroline": True,
        }
    titles = [
        {
            "text": text[panel],
            "x": (domain[0] + domain[1]) / 2,
            "y": 1.0,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "center",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 13},
        }
        for panel, domain in zip(("logits", "log_probs", "terms"), _PANELS, strict=True)
    ]
    lse_line = {
        "type": "line",
        "xref": "x",
        "yref": "y",
        "x0": -0.5,
        "x1": c - 0.5,
        "y0": lse,
        "y1": lse,
        "line": {"color": NEUTRAL, "dash": "dash", "width": 2},
    }
    lse_label = {
        "text": f"{text['lse']} = {lse:.4f}",
        "xref": "x",
        "yref": "y",
        "x": c - 0.5,
        "y": lse,
        "xanchor": "right",
        "yanchor": "bottom",
        "showarrow": False,
    }
    return chart(
        data,
        text["title"],
        "",
        "",
        **axes,
        annotations=[*titles, lse_label],
        shapes=[lse_line],
        height=380,
        margin={"t": 90},
    )


def _target_name(names: list[str], label: int) -> str:
    """A target's class name, or the label itself when it names no class (-100, padding)."""
    return names[label] if 0 <= label < len(names) else str(label)


def per_sample_losses(
    per_sample: np.ndarray,
    labels: np.ndarray,
    ignored: np.ndarray,
    sample_weight: np.ndarray,
    class_names: Sequence[str],
    selected: int,
    reference_lines: Sequence[tuple[str, float]],
    text: Mapping[str, str],
) -> go.Figure:
    """The loss of each sample (the first ``MAX_SAMPLES_DRAWN``), coloured by its target class.

    One bar trace per class (its legend entry), ignored samples as grey crosses at 0, the
    selected sample outlined, and dashed horizontal lines for ``reference_lines`` (name, value),
    e.g. the weighted mean and the plain mean. Hover shows the sample, its target class, loss
    and weight.

    ``text``: ``title``, ``sample``, ``loss``, ``target``, ``weight``, ``ignored``.

    >>> words = dict.fromkeys(["title", "sample", "loss", "target", "weight", "ignored"], "w")
    >>> fig = per_sample_losses(np.array([0.4, 0.0]), np.array([1, 0]), np.array([False, True]),
    ...                         np.array([1.0, 0.0]), ["a", "b"], 0, [("mean", 0.4)], words)
    >>> [trace.name for trace in fig.data]
    ['b', 'w', 'mean']
    """
    losses = np.asarray(per_sample, dtype=np.float64)[:MAX_SAMPLES_DRAWN]
    n = losses.shape[0]
    labels = np.asarray(labels)[:n]
    ignored = np.asarray(ignored, dtype=bool)[:n]
    weights = np.asarray(sample_weight, dtype=np.float64)[:n]
    names = plain_text(class_names)
    # at least MIN_SLOTS bar widths across, so a batch of one or two does not fill the chart
    half = max(n, MIN_SLOTS) / 2
    x_range = [(n - 1) / 2 - half, (n - 1) / 2 + half]
    hover = (
        text["sample"]
        + " %{x}<br>"
        + text["target"]
        + ": %{customdata[0]}<br>"
        + text["loss"]
        + ": %{y:.4f}<br>"
        + text["weight"]
        + ": %{customdata[1]:.4f}<extra></extra>"
    )
    data: list = []
    for c, name in enumerate(names):
        rows = np.flatnonzero((labels == c) & ~ignored)
        if rows.size == 0:
            continue
        data.append(
            trace(
                go.Bar,
                name=name,
                x=rows.tolist(),
                y=losses[rows].tolist(),
                width=0.8,
                customdata=[[name, float(weights[i])] for i in rows],
                marker={
                    "color": class_color(c),
                    "line": {
                        "color": "#000000",
                        "width": [3 if i == selected else 0 for i in rows],
                    },
                },
                hovertemplate=hover,
            )
        )
    dropped = np.flatnonzero(ignored)
    if dropped.size:
        data.append(
            trace(
                go.Scatter,
                name=text["ignored"],
                x=dropped.tolist(),
                y=[0.0] * dropped.size,
                mode="markers",
                marker={"symbol": "x", "size": 14, "color": IGNORED, "line": {"width": 2}},
                customdata=[[_target_name(names, labels[i]), 0.0] for i in dropped],
                hovertemplate=text["sample"]
                + " %{x}<br>"
                + text["ignored"]
                + "<br>"
                + text["target"]
                + ": %{customdata[0]}<extra></extra>",
            )
        )
    for k, (name, value) in enumerate(reference_lines):
        if not np.isfinite(value):
            continue  # e.g. the mean of an all-ignored batch (NaN)
        data.append(
            trace(
                go.Scatter,
                name=name,
                x=x_range,
                y=[value, value],
                mode="lines",
                line={"color": NEUTRAL, "dash": "dash" if k == 0 else "dot", "width": 2},
                hovertemplate=name + "<extra></extra>",
            )
        )
    return chart(
        data,
        text["title"],
        text["sample"],
        text["loss"],
        barmode="overlay",
        xaxis={"tickmode": "array", "tickvals": list(range(n)), "range": x_range},
        height=360,
    )


def loss_histogram(
    per_sample: np.ndarray, ignored: np.ndarray, title: str, x_title: str, y_title: str
) -> go.Figure:
    """The distribution of the losses of every sample that counts (ignored ones left out).

    >>> fig = loss_histogram(np.array([0.1, 0.5, 0.0]), np.array([False, False, True]),
    ...                      "t", "loss", "samples")
    >>> fig.data[0].x.tolist()
    [0.1, 0.5]
    """
    kept = np.asarray(per_sample, dtype=np.float64)[~np.asarray(ignored, dtype=bool)]
    return chart(
        trace(
            go.Histogram,
            x=kept,
            nbinsx=40,
            marker={"color": NEUTRAL},
            hovertemplate=x_title + ": %{x}<br>" + y_title + ": %{y}<extra></extra>",
        ),
        title,
        x_title,
        y_title,
        height=300,
    )


def target_vs_prediction(
    target: Sequence[float],
    probs: Sequence[float],
    class_names: Sequence[str],
    title: str,
    target_word: str,
    prediction_word: str,
    y_title: str,
) -> go.Figure:
    """Two groups of bars for one sample: the target distribution q and the prediction p.

    Cross-entropy is smallest when p equals q; a smoothed or soft q never is one-hot, so the
    loss cannot reach 0.

    >>> fig = target_vs_prediction([0.05, 0.95], [0.3, 0.7], ["a", "b"], "t", "q", "p", "prob")
    >>> list(fig.data[1].x), list(fig.data[1].y)
    (['q', 'p'], [0.95, 0.7])
    """
    return chart(
        [
            trace(
                go.Bar,
                name=name,
                x=[target_word, prediction_word],
                y=[float(target[c]), float(probs[c])],
                marker={"color": class_color(c)},
                customdata=[name, name],
                hovertemplate="%{x}<br>%{customdata}: %{y:.4f}<extra></extra>",
            )
            for c, name in enumerate(plain_text(class_names))
        ],
        title,
        "",
        y_title,
        barmode="group",
        yaxis={"range": [0, 1]},
        height=420,
        legend={"yanchor": "top", "y": -0.12},
        margin={"t": 60},
    )
