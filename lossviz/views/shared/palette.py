"""What every chart shares: one colour per class on every page, from a palette that colour-blind
readers can tell apart; the layout; class names made inert; and the pieces several pages draw
(bars and points per class, reference curves, lines across the plot, shaded bands)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

__all__ = [
    "MAX_SAMPLES_DRAWN",
    "NEUTRAL",
    "OKABE_ITO",
    "VALIDATE",
    "WEBGL_POINTS",
    "base_layout",
    "chart",
    "class_bars",
    "class_color",
    "class_curves",
    "class_points",
    "count_axis",
    "horizontal_line",
    "layout",
    "new_figure",
    "plain_text",
    "shaded_band",
    "trace",
    "vertical_line",
]

#: Okabe & Ito's palette (2008), distinguishable with the common colour-vision deficiencies.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Lines and marks that belong to no class.
NEUTRAL = "#555555"

#: Charts draw at most this many samples; larger batches are summarised by distributions.
MAX_SAMPLES_DRAWN = 20

#: Scatter plots with more points than this are drawn with WebGL.
WEBGL_POINTS = 2000


def class_color(index: int) -> str:
    """The colour of class ``index`` (the palette repeats after 8 classes).

    >>> class_color(0), class_color(8)
    ('#0072B2', '#0072B2')
    """
    return OKABE_ITO[index % len(OKABE_ITO)]


def class_curves(
    grid: Sequence[float], curves: dict, names: Sequence[str], words: dict[str, str]
) -> list[go.Scatter]:
    """Dashed reference curves over ``grid``: one per class (``curves[c]``, in the class's
    colour) or one for all (``curves[None]``, neutral), named ``words["curve"]`` and hovering
    ``words["x"]`` and ``words["y"]``. ``names`` must already be escaped (``plain_text``).

    >>> [trace.name for trace in class_curves([0, 1], {None: [1, 0], 1: [0, 1]}, ["a", "b"],
    ...     {"curve": "1 - p", "x": "p", "y": "g"})]
    ['1 - p', '1 - p (b)']
    """
    traces = []
    for key, values in curves.items():
        label = words["curve"] if key is None else f"{words['curve']} ({names[key]})"
        traces.append(
            trace(
                go.Scatter,
                name=label,
                x=grid,
                y=values,
                mode="lines",
                line={
                    "color": NEUTRAL if key is None else class_color(key),
                    "dash": "dash",
                    "width": 2,
                },
                hovertemplate=f"{label}<br>{words['x']} = %{{x:.2f}}<br>"
                f"{words['y']} = %{{y:.4f}}<extra></extra>",
            )
        )
    return traces


#: Whether Plotly checks each property of a new figure against its schema. The check takes about
#: half of a figure's build time (milliseconds, at every rerun that draws a new chart) and finds
#: nothing in builders whose properties are fixed: the app builds without it, the tests with it
#: (tests/conftest.py turns it on), so a misspelt property still fails a test.
VALIDATE = False


def trace(kind: type[BaseTraceType], **properties: object) -> BaseTraceType:
    """``kind(**properties)`` (``go.Bar``, ``go.Scatter``...), checked against Plotly's schema
    only when ``VALIDATE`` is on (the check is most of a trace's cost: each data array is
    inspected and copied).

    >>> trace(go.Bar, y=[1, 2], name="b").name
    'b'
    """
    return kind(**properties, _validate=VALIDATE)


def new_figure(data: object = None, layout: dict | None = None) -> go.Figure:
    """``go.Figure(data, layout=layout)``, checked against Plotly's schema only when
    ``VALIDATE`` is on; the figure is the same either way.

    >>> new_figure([trace(go.Bar, y=[1, 2])], {"title": {"text": "t"}}).layout.title.text
    't'
    """
    return go.Figure(data, layout=layout, _validate=VALIDATE)


def layout(title: str, x_title: str, y_title: str, **extra: object) -> dict:
    """The layout every chart shares (title, axis titles, legend on top, compact margins), as a
    dict for the ``go.Figure`` constructor; ``extra`` adds or overrides top-level properties.

    Passing the whole layout to the constructor is several times faster than ``update_layout``
    calls, which keeps page reruns fast.

    >>> layout("T", "x", "y", barmode="group")["barmode"]
    'group'
    """
    result: dict = {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
        "hoverlabel": {"namelength": -1},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = {**result[key], **value}
        else:
            result[key] = value
    return result


def chart(data: object, title: str, x_title: str, y_title: str, **extra: object) -> go.Figure:
    """A figure of ``data`` (its traces) with the layout every chart shares (``layout``):
    ``new_figure(data, layout(title, x_title, y_title, **extra))``.

    >>> fig = chart([trace(go.Bar, y=[1, 2])], "T", "x", "y", barmode="group")
    >>> fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.barmode
    ('T', 'x', 'group')
    """
    return new_figure(data, layout(title, x_title, y_title, **extra))


def base_layout(figure: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    """Apply the shared layout to an existing figure (slower than passing ``layout(...)`` to the
    constructor; kept for builders that assemble a figure step by step)."""
    figure.update_layout(layout(title, x_title, y_title))
    return figure


def count_axis(largest: float) -> dict:
    """An axis of counts (a histogram's samples) with whole-number ticks only, from 0: a tick
    every 1, 2 or 5 times a power of ten, about five of them up to ``largest`` (Plotly's own
    choice puts ticks at 0.5 when the counts are small).

    >>> count_axis(3)["dtick"], count_axis(40)["dtick"], count_axis(0)["dtick"]
    (1, 10, 1)
    """
    steps = (m * 10**e for e in range(16) for m in (1, 2, 5))
    step = next(s for s in steps if s * 6 >= largest)
    return {"tick0": 0, "dtick": step, "tickformat": ",d", "rangemode": "tozero"}


def plain_text(names: Sequence[str]) -> list[str]:
    """User text (class names) made inert for Plotly, which reads tags such as <a> and <b>.

    >>> plain_text(["cat", "<b>dog</b>"])
    ['cat', '&lt;b&gt;dog&lt;/b&gt;']
    """
    return [html.escape(str(name), quote=False) for name in names]


def _line_style(color: str, dash: str | None, width: float | None) -> dict:
    style = {"dash": dash, "color": color, "width": width}
    return {key: value for key, value in style.items() if value is not None}


def vertical_line(
    x: float, color: str, dash: str | None = "dot", width: float | None = 1.5
) -> dict:
    """A layout shape: a line at ``x`` across the plot's whole height (``dash`` or ``width``
    ``None``: Plotly's default).

    >>> vertical_line(2.0, NEUTRAL, width=None)["line"]
    {'dash': 'dot', 'color': '#555555'}
    """
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": _line_style(color, dash, width),
    }


def horizontal_line(
    y: float, color: str, dash: str | None = "dot", width: float | None = 1.5
) -> dict:
    """A layout shape: a line at ``y`` across the plot's whole width.

    >>> line = horizontal_line(0.0, NEUTRAL, dash=None, width=1)
    >>> line["xref"], line["y0"], line["line"]
    ('paper', 0.0, {'color': '#555555', 'width': 1})
    """
    return {
        "type": "line",
        "x0": 0,
        "x1": 1,
        "xref": "paper",
        "y0": y,
        "y1": y,
        "yref": "y",
        "line": _line_style(color, dash, width),
    }


def shaded_band(x0: float, x1: float, color: str, opacity: float) -> dict:
    """A layout shape: the plot's whole height from ``x0`` to ``x1``, shaded below the traces.

    >>> shaded_band(40.0, 100.0, NEUTRAL, 0.1)["layer"]
    'below'
    """
    return {
        "type": "rect",
        "x0": x0,
        "x1": x1,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "fillcolor": color,
        "opacity": opacity,
        "line": {"width": 0},
        "layer": "below",
    }


def class_bars(x: Sequence[str], heights: np.ndarray, class_names: Sequence[str]) -> list[go.Bar]:
    """One bar trace per class in its colour, over the groups ``x``: class ``c``'s bars are
    ``heights[:, c]`` (``heights`` is (len(x), C)); the hover names the group and the class.

    >>> bars = class_bars(["p", "t"], np.array([[0.2, 0.8], [0.0, 1.0]]), ["a", "<b>"])
    >>> [bar.name for bar in bars], bars[1].y.tolist(), bars[1].marker.color
    (['a', '&lt;b&gt;'], [0.8, 1.0], '#E69F00')
    """
    return [
        trace(
            go.Bar,
            name=name,
            x=x,
            y=heights[:, c],
            marker_color=class_color(c),
            hovertemplate="%{x}<br>" + name + ": %{y:.4f}<extra></extra>",
        )
        for c, name in enumerate(plain_text(class_names))
    ]


def _scatter(**kwargs: object) -> go.Scatter | go.Scattergl:
    points = len(kwargs.get("x", ()))  # type: ignore[arg-type]
    return trace(go.Scattergl if points > WEBGL_POINTS else go.Scatter, **kwargs)


def class_points(
    x: np.ndarray,
    y: np.ndarray,
    labels: np.ndarray,
    names: Sequence[str],
    words: Mapping[str, str],
    kept: np.ndarray | None = None,
    shown_y: np.ndarray | None = None,
) -> list[go.Scatter | go.Scattergl]:
    """One marker trace per class present among the ``kept`` samples (all when ``None``): the
    points (x, y) of the samples labelled with it, the hover naming the sample and both values.
    Past ``WEBGL_POINTS`` points a trace is drawn with WebGL.

    ``shown_y`` (when given) is where the markers are drawn, e.g. clipped to the chart: the hover
    still gives ``y``, and a marker drawn elsewhere than ``y`` is a triangle. ``words`` maps
    ``sample``, ``x`` and ``y`` to the page's words; ``names`` must already be escaped.

    >>> points = class_points([0.2, 0.9], [5.0, 0.1], [1, 1], ["a", "b"], {"sample": "s",
    ...     "x": "p", "y": "loss"}, shown_y=np.array([4.0, 0.1]))
    >>> [trace.name for trace in points], points[0].y.tolist(), list(points[0].marker.symbol)
    (['b'], [4.0, 0.1], ['triangle-up', 'circle'])
    """
    x, y, labels = np.asarray(x), np.asarray(y), np.asarray(labels)
    kept = np.ones(labels.shape, dtype=bool) if kept is None else np.asarray(kept, dtype=bool)
    indices = np.arange(x.shape[0])
    traces: list[go.Scatter | go.Scattergl] = []
    for c, name in enumerate(names):
        chosen = kept & (labels == c)
        if not chosen.any():
            continue
        if shown_y is None:
            drawn, customdata, symbol = y[chosen], indices[chosen], {}
            sample, value = "%{customdata}", "%{y:.4f}"
        else:
            drawn = np.asarray(shown_y)[chosen]
            customdata = np.column_stack([indices[chosen], y[chosen]])
            symbol = {"symbol": np.where(drawn != y[chosen], "triangle-up", "circle").tolist()}
            sample, value = "%{customdata[0]:.0f}", "%{customdata[1]:.4f}"
        traces.append(
            _scatter(
                name=name,
                x=x[chosen],
                y=drawn,
                customdata=customdata,
                mode="markers",
                marker={
                    "color": class_color(c),
                    "size": 9,
                    **symbol,
                    "line": {"width": 1, "color": "white"},
                },
                hovertemplate=f"{words['sample']} {sample}<br>{name}<br>"
                f"{words['x']} = %{{x:.4f}}<br>{words['y']} = {value}<extra></extra>",
            )
        )
    return traces
