"""Charts of the numerical stability page: each route's loss as the logits grow, where each
route breaks, BCELoss's clamp beside BCEWithLogitsLoss, and a whole batch's outcomes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from lossviz.views.shared.palette import (
    NEUTRAL,
    OKABE_ITO,
    chart,
    class_color,
    horizontal_line,
    plain_text,
    shaded_band,
    trace,
    vertical_line,
)

__all__ = [
    "DTYPE_DASHES",
    "ROUTE_COLORS",
    "STATUS_COLORS",
    "batch_status_bars",
    "bce_gradient_chart",
    "bce_loss_chart",
    "loss_against_scale",
    "status_strips",
]

#: The three routes are not classes: each gets its own colour on every chart of the page.
ROUTE_COLORS = {"naive": OKABE_ITO[5], "softmax_log": OKABE_ITO[3], "fused": OKABE_ITO[0]}
#: float32 dashed, float64 solid.
DTYPE_DASHES = {"float32": "dash", "float64": "solid"}
#: Outcomes: green fine, orange a broken gradient, red an infinite loss, black NaN.
STATUS_COLORS = {"ok": OKABE_ITO[2], "grad": OKABE_ITO[1], "inf": OKABE_ITO[5], "nan": OKABE_ITO[7]}
#: The BCE chart's two functions.
BCE_COLORS = {"bce": OKABE_ITO[5], "with_logits": OKABE_ITO[0]}
DTYPES = ("float32", "float64")
#: Half-width charts keep their long legends under the plot.
BOTTOM_LEGEND = {"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0}
ROUTES = ("naive", "softmax_log", "fused")
STATUSES = ("ok", "grad", "inf", "nan")


def _finite(values: np.ndarray) -> np.ndarray:
    """The values with inf and NaN as NaN: a gap in a line, never a point at infinity."""
    array = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(array), array, np.nan)


def _dtype_lines(
    x: np.ndarray,
    curves: Mapping[str, Mapping[str, np.ndarray]],
    styles: Mapping[str, tuple[str, float, float]],
    words: Mapping[str, str],
    x_hover: str,
    y_word: str,
) -> list[go.Scatter]:
    """Two lines per curve, float32 dashed and float64 solid: ``curves[key][dtype]`` against
    ``x``, drawn as ``styles[key]`` (colour, width, opacity) and named "key · dtype"; a value
    that is not finite leaves a gap. ``x_hover`` is the hover's x line, ``y_word`` names y."""
    traces = []
    for key, (color, width, opacity) in styles.items():
        for dtype in DTYPES:
            name = f"{words[key]} · {words[dtype]}"
            traces.append(
                trace(
                    go.Scatter,
                    name=name,
                    x=x,
                    y=_finite(curves[key][dtype]),
                    mode="lines",
                    opacity=opacity,
                    line={"color": color, "dash": DTYPE_DASHES[dtype], "width": width},
                    hovertemplate=f"{name}<br>{x_hover}<br>{y_word} = %{{y:.6g}}<extra></extra>",
                )
            )
    return traces


def loss_against_scale(
    scales: np.ndarray,
    loss: Mapping[str, Mapping[str, np.ndarray]],
    breaks: Mapping[str, float],
    current: float,
    title: str,
    x_title: str,
    y_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """Each route's loss against the scale :math:`s` (log axis), float32 dashed, float64 solid.

    Where a route's loss is inf or NaN its line stops. ``breaks`` maps a dtype to the scale at
    which the naive loss first stops being finite (NaN: never): from there a band is shaded and
    a dotted line marks it. ``words`` maps the routes, the dtypes, ``loss`` and ``breaks`` (a
    template with ``{dtype}``) to text.

    >>> loss = {d: {r: np.array([0.4, np.inf]) for r in ROUTES} for d in DTYPES}
    >>> words = {**{k: k for k in (*ROUTES, *DTYPES, "loss")}, "breaks": "{dtype} breaks"}
    >>> fig = loss_against_scale(np.array([1.0, 50.0]), loss, {"float32": 40.0,
    ...     "float64": float("nan")}, 1.0, "t", "s", "loss", words)
    >>> len(fig.data), fig.data[0].y.tolist(), fig.data[-1].name
    (7, [0.4, nan], 'float32 breaks')
    """
    styles = {
        "fused": (ROUTE_COLORS["fused"], 7, 0.55),
        "softmax_log": (ROUTE_COLORS["softmax_log"], 4, 1.0),
        "naive": (ROUTE_COLORS["naive"], 2, 1.0),
    }
    curves = {route: {dtype: loss[dtype][route] for dtype in DTYPES} for route in styles}
    traces = _dtype_lines(scales, curves, styles, words, "s = %{x:.4g}", words["loss"])
    finite = np.concatenate([_finite(v) for by_route in loss.values() for v in by_route.values()])
    positive = finite[finite > 0]
    bottom, top = (float(positive.min()), float(positive.max())) if positive.size else (1e-3, 1.0)
    shapes = [vertical_line(current, NEUTRAL, "dash")]
    high = float(np.max(scales))
    for dtype in DTYPES:
        at = breaks.get(dtype, np.nan)
        if not np.isfinite(at):
            continue
        name = words["breaks"].format(dtype=words[dtype])
        opacity = 0.10 if dtype == "float32" else 0.06
        shapes.append(shaded_band(at, high, ROUTE_COLORS["naive"], opacity))
        traces.append(
            trace(
                go.Scatter,
                name=name,
                x=[at, at],
                y=[bottom, top],
                mode="lines",
                line={"color": ROUTE_COLORS["naive"], "dash": "dot", "width": 1.5},
                hovertemplate=f"{name}<br>s = {at:.6g}<extra></extra>",
            )
        )
    return chart(
        traces,
        title,
        x_title,
        y_title,
        xaxis={"type": "log"},
        yaxis={"type": "log", "exponentformat": "power"},
        shapes=shapes,
        margin={"t": 130},
        legend={"y": 1.0, "yanchor": "bottom"},
    )


def status_strips(
    scales: np.ndarray,
    status: Mapping[str, Mapping[str, np.ndarray]],
    current: float,
    title: str,
    x_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """One strip per route and dtype along the scale (log axis), coloured by the outcome at
    each scale: one trace per outcome in ``STATUSES``. ``words`` maps the routes, the dtypes
    and the outcomes to text.

    >>> status = {d: {r: np.array(["ok", "nan"]) for r in ROUTES} for d in DTYPES}
    >>> words = {k: k for k in (*ROUTES, *DTYPES, *STATUSES)}
    >>> fig = status_strips(np.array([1.0, 50.0]), status, 1.0, "t", "s", words)
    >>> [trace.name for trace in fig.data], len(fig.data[0].x)
    (['ok', 'grad', 'inf', 'nan'], 6)
    """
    rows = [(route, dtype) for route in ROUTES for dtype in DTYPES]
    labels = {row: f"{words[row[0]]} · {words[row[1]]}" for row in rows}
    traces = []
    for outcome in STATUSES:
        xs: list[float] = []
        ys: list[str] = []
        for route, dtype in rows:
            where = np.asarray(status[dtype][route]) == outcome
            xs.extend(np.asarray(scales)[where].tolist())
            ys.extend([labels[route, dtype]] * int(where.sum()))
        traces.append(
            trace(
                go.Scatter,
                name=words[outcome],
                x=xs,
                y=ys,
                mode="markers",
                marker={"symbol": "square", "size": 11, "color": STATUS_COLORS[outcome]},
                hovertemplate=f"%{{y}}<br>s = %{{x:.4g}}: {words[outcome]}<extra></extra>",
            )
        )
    return chart(
        traces,
        title,
        x_title,
        "",
        xaxis={"type": "log"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [labels[row] for row in reversed(rows)],
        },
        shapes=[vertical_line(current, NEUTRAL, "dash")],
        height=340,
    )


def _element_markers(
    logits: np.ndarray,
    target: np.ndarray,
    values: np.ndarray,
    class_names: Sequence[str],
    symbol: str,
    name: str,
    low: float,
) -> list[go.Scatter]:
    """One trace with a marker per class of target 0 whose logit is on the chart, each in its
    class's colour (none when no class is there)."""
    shown = [
        c
        for c in range(len(class_names))
        if target[c] == 0 and np.isfinite(logits[c]) and logits[c] >= low and np.isfinite(values[c])
    ]
    if not shown:
        return []
    names = plain_text(class_names)
    return [
        trace(
            go.Scatter,
            name=name,
            x=[float(logits[c]) for c in shown],
            y=[float(values[c]) for c in shown],
            text=[names[c] for c in shown],
            mode="markers",
            marker={
                "color": [class_color(c) for c in shown],
                "size": 12,
                "symbol": symbol,
                "line": {"width": 1, "color": "#333333"},
            },
            hovertemplate=f"%{{text}}, {name}<br>x = %{{x:.6g}}<br>%{{y:.6g}}<extra></extra>",
        )
    ]


def _bce_lines(
    sweep_logits: np.ndarray,
    bce: Mapping[str, np.ndarray],
    with_logits: Mapping[str, np.ndarray],
    words: Mapping[str, str],
    y_word: str,
) -> list[go.Scatter]:
    """BCEWithLogitsLoss's curves (thick, faded) under BCELoss's, in each dtype."""
    styles = {
        "with_logits": (BCE_COLORS["with_logits"], 4, 0.6),
        "bce": (BCE_COLORS["bce"], 2, 1.0),
    }
    curves = {"with_logits": with_logits, "bce": bce}
    return _dtype_lines(sweep_logits, curves, styles, words, "x = %{x:.6g}", y_word)


def bce_loss_chart(
    sweep_logits: np.ndarray,
    bce: Mapping[str, np.ndarray],
    with_logits: Mapping[str, np.ndarray],
    saturation: Mapping[str, float],
    elements: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Sequence[str]],
    title: str,
    x_title: str,
    y_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """The loss of a wrong "yes" (target 0) against its logit (log-log): BCEWithLogitsLoss grows
    as :math:`x`, BCELoss on :math:`\\sigma(x)` jumps to the clamp's 100 where :math:`\\sigma(x)`
    rounds to 1 (``saturation[dtype]``, a dotted line) and stays there.

    ``elements`` is (logits, targets, BCELoss, BCEWithLogitsLoss, class names) of the selected
    sample in the chosen dtype: each class with target 0 gets a marker in its colour on each
    curve (one trace per curve, however many classes). ``words`` maps ``bce``, ``with_logits``,
    the dtypes, ``loss``, ``clamp``, ``sample_bce`` and ``sample_with_logits`` (the markers'
    names) to text.

    >>> x = np.array([1.0, 20.0, 40.0])
    >>> curves = {"float32": np.array([1.3, 100.0, 100.0]), "float64": np.array([1.3, 20.0, 100.0])}
    >>> words = {k: k for k in ("bce", "with_logits", *DTYPES, "loss", "clamp", "sample_bce",
    ...     "sample_with_logits")}
    >>> fig = bce_loss_chart(x, curves, curves, {"float32": 16.6, "float64": 36.7},
    ...     (np.array([26.0, 1.0]), np.array([0.0, 1.0]), np.array([100.0, 0.3]),
    ...      np.array([26.0, 0.3]), ["a", "b"]), "t", "x", "loss", words)
    >>> len(fig.data), fig.data[-1].name, fig.layout.yaxis.type
    (6, 'sample_with_logits', 'log')
    """
    low = float(np.min(sweep_logits))
    traces = _bce_lines(sweep_logits, bce, with_logits, words, words["loss"])
    logits, target, bce_values, with_logits_values, class_names = elements
    traces += _element_markers(
        logits, target, bce_values, class_names, "x", words["sample_bce"], low
    )
    traces += _element_markers(
        logits, target, with_logits_values, class_names, "circle", words["sample_with_logits"], low
    )
    shapes = [horizontal_line(100, NEUTRAL, width=1)]
    shapes += [vertical_line(at, BCE_COLORS["bce"]) for at in saturation.values()]
    return chart(
        traces,
        title,
        x_title,
        y_title,
        xaxis={"type": "log"},
        yaxis={"type": "log"},
        shapes=shapes,
        height=560,
        annotations=[
            {
                "x": 0.01,
                "xref": "paper",
                "y": 2,
                "yref": "y",
                "text": words["clamp"],
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"color": NEUTRAL},
            }
        ],
        margin={"t": 50},
        legend=BOTTOM_LEGEND,
    )


def bce_gradient_chart(
    sweep_logits: np.ndarray,
    bce_grad: Mapping[str, np.ndarray],
    with_logits_grad: Mapping[str, np.ndarray],
    saturation: Mapping[str, float],
    title: str,
    x_title: str,
    y_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """The gradient of the same wrong "yes" in its logit: BCEWithLogitsLoss's is
    :math:`\\sigma(x) \\approx 1`; BCELoss's fades where the ``1e-12`` floor of its gradient
    starts and is exactly 0 once :math:`\\sigma(x)` rounds to 1 (``saturation``: dotted lines).

    >>> x = np.array([1.0, 20.0])
    >>> grads = {"float32": np.array([0.73, 0.0]), "float64": np.array([0.73, 1.0])}
    >>> words = {k: k for k in ("bce", "with_logits", *DTYPES, "grad")}
    >>> fig = bce_gradient_chart(x, grads, grads, {"float32": 16.6}, "t", "x", "g", words)
    >>> len(fig.data), fig.data[2].y.tolist(), len(fig.layout.shapes)
    (4, [0.73, 0.0], 1)
    """
    traces = _bce_lines(sweep_logits, bce_grad, with_logits_grad, words, words["grad"])
    return chart(
        traces,
        title,
        x_title,
        y_title,
        xaxis={"type": "log"},
        yaxis={"range": [-0.05, 1.1]},
        shapes=[vertical_line(at, BCE_COLORS["bce"]) for at in saturation.values()],
        height=560,
        margin={"t": 50},
        legend=BOTTOM_LEGEND,
    )


def batch_status_bars(
    counts: Mapping[str, Mapping[str, Mapping[str, int]]],
    title: str,
    y_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """How many samples of the batch each route and dtype gets right, infinite or NaN: stacked
    bars, one per route and dtype, one colour per outcome.

    >>> counts = {d: {r: {"ok": 3, "grad": 0, "inf": 1, "nan": 0} for r in ROUTES} for d in DTYPES}
    >>> words = {k: k for k in (*ROUTES, *DTYPES, *STATUSES)}
    >>> fig = batch_status_bars(counts, "t", "samples", words)
    >>> [trace.name for trace in fig.data], list(fig.data[2].y)
    (['ok', 'grad', 'inf', 'nan'], [1, 1, 1, 1, 1, 1])
    """
    bars = [(route, dtype) for route in ROUTES for dtype in DTYPES]
    x = [f"{words[route]} · {words[dtype]}" for route, dtype in bars]
    return chart(
        [
            trace(
                go.Bar,
                name=words[outcome],
                x=x,
                y=[counts[dtype][route][outcome] for route, dtype in bars],
                marker_color=STATUS_COLORS[outcome],
                hovertemplate=f"%{{x}}<br>{words[outcome]}: %{{y}}<extra></extra>",
            )
            for outcome in STATUSES
        ],
        title,
        "",
        y_title,
        barmode="stack",
        legend={"traceorder": "normal"},
    )
