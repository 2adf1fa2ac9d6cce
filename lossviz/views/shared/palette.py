"""One colour per class on every page, from a palette that colour-blind readers can tell apart."""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

__all__ = [
    "MAX_SAMPLES_DRAWN",
    "NEUTRAL",
    "OKABE_ITO",
    "VALIDATE",
    "base_layout",
    "class_color",
    "class_curves",
    "new_figure",
    "trace",
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
#: (tests/views and tests/pages turn it on), so a misspelt property still fails a test.
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


def base_layout(figure: go.Figure, title: str, x_title: str, y_title: str) -> go.Figure:
    """Apply the shared layout to an existing figure (slower than passing ``layout(...)`` to the
    constructor; kept for builders that assemble a figure step by step)."""
    figure.update_layout(layout(title, x_title, y_title))
    return figure


def plain_text(names: Sequence[str]) -> list[str]:
    """User text (class names) made inert for Plotly, which reads tags such as <a> and <b>.

    >>> plain_text(["cat", "<b>dog</b>"])
    ['cat', '&lt;b&gt;dog&lt;/b&gt;']
    """
    return [html.escape(str(name), quote=False) for name in names]
