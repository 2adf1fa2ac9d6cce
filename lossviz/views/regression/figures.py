"""Charts of the regression page: each loss and its slope against the error, where each loss
comes from element by element, and the lines each loss fits through points with an outlier.

The four losses keep one colour each on every chart (``loss_color``); Huber's lines are dashed so
that it stays visible where it coincides with smooth L1 (delta = beta = 1).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from lossviz.regression import LOSS_FUNCTIONS
from lossviz.views.shared.palette import (
    MAX_SAMPLES_DRAWN,
    chart,
    class_color,
    horizontal_line,
    trace,
    vertical_line,
)

__all__ = [
    "OUTLIER_COLOR",
    "POINT_COLOR",
    "gradient_curves_chart",
    "loss_color",
    "loss_curves_chart",
    "outlier_fit_chart",
    "share_bars",
]

#: The moved point of the outlier demo, and the others (not losses: no loss colour).
OUTLIER_COLOR = "#D55E00"
POINT_COLOR = "#555555"


def loss_color(name: str) -> str:
    """The colour of a loss on every chart: the palette's colours in ``LOSS_FUNCTIONS`` order.

    >>> loss_color("mse_loss"), loss_color("huber_loss")
    ('#0072B2', '#CC79A7')
    """
    return class_color(LOSS_FUNCTIONS.index(name))


def _dash(name: str) -> str:
    return "dash" if name == "huber_loss" else "solid"


def _loss_lines(
    error: np.ndarray,
    values: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    y_symbol: str,
) -> list[go.Scatter]:
    """One line per loss against the error, in the loss's colour (Huber's dashed); the hover
    names the loss and gives e and ``y_symbol``."""
    return [
        trace(
            go.Scatter,
            name=labels[name],
            x=error,
            y=values[name],
            mode="lines",
            line={"color": loss_color(name), "width": 2.5, "dash": _dash(name)},
            hovertemplate=f"{labels[name]}<br>e = %{{x:.4g}}<br>{y_symbol} = %{{y:.4g}}"
            "<extra></extra>",
        )
        for name in LOSS_FUNCTIONS
    ]


def _switch_marks(beta: float, delta: float) -> tuple[list[dict], list[dict]]:
    """Dotted verticals at the switch points ±beta (smooth L1's colour) and ±delta (Huber's),
    each labelled once at the top (beta = 0 has none: smooth L1 is L1 there)."""
    shapes, notes = [], []
    for name, symbol, value, y in (
        ("smooth_l1_loss", "β", beta, 1.0),
        ("huber_loss", "δ", delta, 0.9),
    ):
        if value <= 0:
            continue
        color = loss_color(name)
        shapes += [vertical_line(value, color), vertical_line(-value, color)]
        notes += [
            {
                "x": sign * value,
                "y": y,
                "xref": "x",
                "yref": "paper",
                "text": f"{'−' if sign < 0 else ''}{symbol} = {sign * value:g}",
                "showarrow": False,
                "font": {"color": color},
                "bgcolor": "rgba(255,255,255,0.8)",
                "yanchor": "top",
            }
            for sign in (1, -1)
        ]
    return shapes, notes


def loss_curves_chart(
    curves,
    element_error: np.ndarray,
    element_loss: Mapping[str, np.ndarray],
    selected: int,
    labels: Mapping[str, str],
    title: str,
    x_title: str,
    y_title: str,
    element_word: str,
) -> go.Figure:
    r"""Each loss :math:`\ell(e)` against the error (``curves``: a ``LossCurves``), the switch
    points marked, and the typed elements (the first ``MAX_SAMPLES_DRAWN``) as dots on each
    curve, the selected one larger.

    The y axis stops a little above the robust losses (L1, smooth L1, Huber) over the drawn
    errors: MSE, which grows as :math:`e^2`, leaves the top of the chart.

    >>> from lossviz.regression import LOSS_LABELS, loss_curves
    >>> c = loss_curves([-2.0, 0.0, 2.0], beta=1.0, delta=1.5)
    >>> fig = loss_curves_chart(c, np.array([2.0]), {k: v[2:] for k, v in c.loss.items()}, 0,
    ...     LOSS_LABELS, "t", "e", "loss", "element")
    >>> [trace.name for trace in fig.data][:4], len(fig.data), len(fig.layout.shapes)
    (['MSE', 'L1', 'SmoothL1', 'Huber'], 5, 4)
    """
    errors = np.asarray(element_error, dtype=np.float64).ravel()[:MAX_SAMPLES_DRAWN]
    drawn = errors.size
    lines = _loss_lines(curves.error, curves.loss, labels, "ℓ")
    # One trace for every loss's dots: far fewer arrays for the browser to receive.
    dots = trace(
        go.Scatter,
        x=np.tile(errors, len(LOSS_FUNCTIONS)),
        y=np.concatenate(
            [
                np.asarray(element_loss[name], dtype=np.float64).ravel()[:drawn]
                for name in LOSS_FUNCTIONS
            ]
        ),
        mode="markers",
        showlegend=False,
        customdata=[[i, labels[name]] for name in LOSS_FUNCTIONS for i in range(drawn)],
        marker={
            "color": [loss_color(name) for name in LOSS_FUNCTIONS for _ in range(drawn)],
            "size": [14 if i == selected else 8 for _ in LOSS_FUNCTIONS for i in range(drawn)],
            "line": {"color": "white", "width": 1},
        },
        hovertemplate=(
            f"{element_word} %{{customdata[0]}}<br>%{{customdata[1]}}<br>e = %{{x:.4g}}"
            "<br>ℓ = %{y:.4g}<extra></extra>"
        ),
    )
    robust = max(float(np.max(curves.loss[name])) for name in LOSS_FUNCTIONS[1:])
    shapes, notes = _switch_marks(curves.beta, curves.delta)
    return chart(
        [*lines, dots],
        title,
        x_title,
        y_title,
        yaxis={"range": [0, 1.15 * max(robust, 1.0)]},
        shapes=shapes,
        annotations=notes,
    )


def gradient_curves_chart(
    curves,
    labels: Mapping[str, str],
    title: str,
    x_title: str,
    y_title: str,
    bound_words: Mapping[str, str],
) -> go.Figure:
    r"""Each loss's slope :math:`d\ell/de` against the error, with smooth L1's bound
    :math:`\pm 1` and Huber's :math:`\pm\delta` as dotted horizontals (``bound_words`` maps
    ``smooth_l1_loss`` and ``huber_loss`` to their labels), and the switch points.

    MSE's slope :math:`2e` leaves the chart; the axis shows the bounds with room to spare.

    >>> from lossviz.regression import LOSS_LABELS, loss_curves
    >>> c = loss_curves([-3.0, 0.0, 3.0], beta=1.0, delta=2.0)
    >>> fig = gradient_curves_chart(c, LOSS_LABELS, "t", "e", "slope",
    ...     {"smooth_l1_loss": "≤ 1", "huber_loss": "≤ δ"})
    >>> fig.data[3].y.tolist(), [s.y0 for s in fig.layout.shapes][:4], fig.layout.yaxis.range
    ([-2.0, 0.0, 2.0], [1, -1, 2.0, -2.0], (-3.0, 3.0))
    """
    lines = _loss_lines(curves.error, curves.grad, labels, "dℓ/de")
    shapes, notes = [], []
    for name, bound in (("smooth_l1_loss", 1), ("huber_loss", curves.delta)):
        color = loss_color(name)
        shapes += [horizontal_line(bound, color), horizontal_line(-bound, color)]
        notes.append(
            {
                "x": 0,
                "y": bound,
                "xref": "paper",
                "yref": "y",
                "xanchor": "left",
                "yanchor": "bottom",
                "text": bound_words[name],
                "showarrow": False,
                "font": {"color": color},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    switch_shapes, _ = _switch_marks(curves.beta, curves.delta)
    reach = max(2.0, 1.5 * max(1.0, curves.delta))
    return chart(
        lines,
        title,
        x_title,
        y_title,
        yaxis={"range": [-reach, reach]},
        shapes=shapes + switch_shapes,
        annotations=notes,
    )


def share_bars(
    shares: Mapping[str, np.ndarray],
    element_loss: Mapping[str, np.ndarray],
    labels: Mapping[str, str],
    title: str,
    y_title: str,
    element_word: str,
) -> go.Figure:
    """Grouped bars: for each element (the first ``MAX_SAMPLES_DRAWN``), its share of each loss's
    total, in percent; the hover adds the element's loss.

    >>> fig = share_bars({"mse_loss": np.array([0.1, 0.9])}, {"mse_loss": np.array([1.0, 9.0])},
    ...     {"mse_loss": "MSE"}, "t", "%", "element")
    >>> fig.data[0].x, fig.data[0].y.round(6).tolist()
    (('element 0', 'element 1'), [10.0, 90.0])
    """
    bars = []
    for name, share in shares.items():
        share = np.asarray(share, dtype=np.float64).ravel()[:MAX_SAMPLES_DRAWN]
        loss = np.asarray(element_loss[name], dtype=np.float64).ravel()[: share.size]
        bars.append(
            trace(
                go.Bar,
                name=labels[name],
                x=[f"{element_word} {i}" for i in range(share.size)],
                y=100 * share,
                customdata=loss,
                marker_color=loss_color(name),
                hovertemplate=(
                    f"%{{x}}<br>{labels[name]}: ℓ = %{{customdata:.4g}}, %{{y:.1f}}%<extra></extra>"
                ),
            )
        )
    return chart(bars, title, "", y_title, barmode="group", yaxis={"range": [0, 100]})


def outlier_fit_chart(
    data,
    fits: Mapping,
    labels: Mapping[str, str],
    title: str,
    x_title: str,
    y_title: str,
    words: Mapping[str, str],
) -> go.Figure:
    """The toy points (``data``: a ``ToyData``), the outlier highlighted, the true line, and one
    fitted line per loss (``fits``: function name -> ``LineFit``). ``words`` maps ``points``,
    ``outlier`` and ``true_line`` to legend names.

    >>> from lossviz.lessons.fitting import fit_lines, toy_line
    >>> from lossviz.regression import LOSS_LABELS
    >>> data = toy_line(10.0, n=5, noise=0.0)
    >>> fig = outlier_fit_chart(data, fit_lines(data.x, data.y), LOSS_LABELS, "t", "x", "y",
    ...     {"points": "points", "outlier": "outlier", "true_line": "true"})
    >>> [trace.name for trace in fig.data]
    ['points', 'outlier', 'true', 'MSE', 'L1', 'SmoothL1', 'Huber']
    >>> fig.data[1].x.tolist(), list(fig.data[4].y)
    ([10.0], [1.0, 6.0])
    """
    x, y, k = np.asarray(data.x), np.asarray(data.y), data.outlier_index
    others = np.arange(x.size) != k
    ends = [float(x.min()), float(x.max())]  # two-point lines as lists: cheap to send
    traces = [
        trace(
            go.Scatter,
            name=words["points"],
            x=x[others],
            y=y[others],
            mode="markers",
            marker={"color": POINT_COLOR, "size": 7},
            hovertemplate="x = %{x:.3g}<br>y = %{y:.4g}<extra></extra>",
        ),
        trace(
            go.Scatter,
            name=words["outlier"],
            x=x[k : k + 1],
            y=y[k : k + 1],
            mode="markers",
            marker={
                "color": OUTLIER_COLOR,
                "size": 16,
                "symbol": "star",
                "line": {"color": "black", "width": 1},
            },
            hovertemplate=f"{words['outlier']}<br>x = %{{x:.3g}}<br>y = %{{y:.4g}}<extra></extra>",
        ),
        trace(
            go.Scatter,
            name=words["true_line"],
            x=ends,
            y=[data.slope * end + data.intercept for end in ends],
            mode="lines",
            line={"color": "black", "width": 1.5, "dash": "dot"},
            hovertemplate=(
                f"{words['true_line']}<br>x = %{{x:.3g}}<br>ŷ = %{{y:.4g}}<extra></extra>"
            ),
        ),
    ]
    for name, fit in fits.items():
        equation = (
            f"ŷ = {fit.slope:.4f} x {'+' if fit.intercept >= 0 else '−'} {abs(fit.intercept):.4f}"
        )
        traces.append(
            trace(
                go.Scatter,
                name=labels[name],
                x=ends,
                y=[fit.slope * end + fit.intercept for end in ends],
                mode="lines",
                line={"color": loss_color(name), "width": 2.5, "dash": _dash(name)},
                hovertemplate=f"{labels[name]}: {equation}<br>x = %{{x:.3g}}<br>ŷ = %{{y:.4g}}"
                "<extra></extra>",
            )
        )
    return chart(traces, title, x_title, y_title)
