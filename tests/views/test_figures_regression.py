"""The regression page's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np
import plotly.graph_objects as go

from figure_utils import assert_one_trace_per_class
from lossviz.lessons.fitting import fit_lines, toy_line
from lossviz.regression import LOSS_FUNCTIONS, LOSS_LABELS, curve_errors, loss_curves
from lossviz.views.regression import figures
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN, OKABE_ITO

NAMES = ["MSE", "L1", "SmoothL1", "Huber"]
CURVES = loss_curves(curve_errors([-7.0], 1.0, 2.0), beta=1.0, delta=2.0)
ERRORS = np.array([-0.5, 0.5, 0.0, 0.6, -7.0])
ELEMENT_LOSS = {name: loss_curves(ERRORS, 1.0, 2.0).loss[name] for name in LOSS_FUNCTIONS}


def test_each_loss_keeps_one_colour():
    assert [figures.loss_color(name) for name in LOSS_FUNCTIONS] == list(OKABE_ITO[:4])


def test_loss_curves_lines_dots_and_switch_points():
    fig = figures.loss_curves_chart(
        CURVES, ERRORS, ELEMENT_LOSS, 4, LOSS_LABELS, "Title", "error", "loss", "element"
    )
    assert isinstance(fig, go.Figure)
    lines, dots = fig.data[:4], fig.data[4]
    assert len(fig.data) == 5
    assert [trace.name for trace in lines] == NAMES
    assert [trace.line.color for trace in lines] == list(OKABE_ITO[:4])
    assert lines[3].line.dash == "dash"
    np.testing.assert_array_equal(lines[0].y, CURVES.loss["mse_loss"])
    assert not dots.showlegend
    colors = list(dots.marker.color)
    assert colors == [c for c in OKABE_ITO[:4] for _ in range(5)]  # each loss's dots, its colour
    np.testing.assert_array_equal(dots.x, np.tile(ERRORS, 4))
    assert list(dots.y[15:]) == [0.125, 0.125, 0.0, 0.18, 12.0]  # Huber's
    assert list(dots.marker.size[:5]) == [8, 8, 8, 8, 14]  # the selected element
    assert list(dots.customdata[19]) == [4, "Huber"]
    assert sorted(shape.x0 for shape in fig.layout.shapes) == [-2.0, -1.0, 1.0, 2.0]
    assert {a.text for a in fig.layout.annotations} == {"β = 1", "−β = -1", "δ = 2", "−δ = -2"}
    assert fig.layout.title.text == "Title"
    assert fig.layout.xaxis.title.text == "error" and fig.layout.yaxis.title.text == "loss"
    top = fig.layout.yaxis.range[1]
    assert top < CURVES.loss["mse_loss"].max()  # MSE leaves the chart
    assert top >= CURVES.loss["huber_loss"].max()
    assert "ℓ = %{y:.4g}" in lines[1].hovertemplate


def test_beta_zero_has_no_beta_marks():
    curves = loss_curves(np.linspace(-3, 3, 7), beta=0.0, delta=1.0)
    fig = figures.loss_curves_chart(
        curves, ERRORS, ELEMENT_LOSS, 0, LOSS_LABELS, "t", "e", "l", "element"
    )
    assert sorted(shape.x0 for shape in fig.layout.shapes) == [-1.0, 1.0]


def test_loss_curves_draw_the_first_elements_only():
    errors = np.linspace(-3, 3, 500)
    losses = loss_curves(errors, 1.0, 2.0).loss
    fig = figures.loss_curves_chart(CURVES, errors, losses, 0, LOSS_LABELS, "t", "e", "l", "el")
    assert len(fig.data[4].x) == 4 * MAX_SAMPLES_DRAWN


def test_gradient_curves_show_the_bounds():
    bounds = {"smooth_l1_loss": "≤1", "huber_loss": "≤δ"}
    fig = figures.gradient_curves_chart(CURVES, LOSS_LABELS, "Slopes", "error", "slope", bounds)
    assert [trace.name for trace in fig.data] == NAMES
    np.testing.assert_array_equal(fig.data[2].y, CURVES.grad["smooth_l1_loss"])
    horizontal = [shape.y0 for shape in fig.layout.shapes if shape.yref == "y"]
    assert horizontal == [1, -1, 2.0, -2.0]
    assert [a.text for a in fig.layout.annotations] == ["≤1", "≤δ"]
    assert fig.layout.yaxis.range == (-3.0, 3.0)
    assert fig.layout.yaxis.title.text == "slope"
    assert "dℓ/de = %{y:.4g}" in fig.data[0].hovertemplate


def test_share_bars_in_percent_with_the_losses():
    shares = {"mse_loss": np.array([0.25, 0.75]), "l1_loss": np.array([0.5, 0.5])}
    losses = {"mse_loss": np.array([1.0, 3.0]), "l1_loss": np.array([1.0, 1.0])}
    fig = figures.share_bars(shares, losses, LOSS_LABELS, "Shares", "%", "element")
    assert_one_trace_per_class(fig, ["MSE", "L1"])
    assert list(fig.data[0].y) == [25.0, 75.0]
    assert list(fig.data[0].customdata) == [1.0, 3.0]
    assert list(fig.data[1].x) == ["element 0", "element 1"]
    assert fig.layout.barmode == "group" and fig.layout.yaxis.title.text == "%"


def test_share_bars_draw_the_first_elements_only():
    shares = {"mse_loss": np.full(300, 1 / 300)}
    fig = figures.share_bars(shares, {"mse_loss": np.ones(300)}, LOSS_LABELS, "t", "%", "e")
    assert len(fig.data[0].y) == MAX_SAMPLES_DRAWN


def test_outlier_fit_chart():
    data = toy_line(12.0)
    fits = fit_lines(data.x, data.y, 1.0, 2.0)
    words = {"points": "points", "outlier": "outlier", "true_line": "true line"}
    fig = figures.outlier_fit_chart(data, fits, LOSS_LABELS, "Fits", "x", "y", words)
    names = [trace.name for trace in fig.data]
    assert names == ["points", "outlier", "true line", *NAMES]
    assert len(fig.data[0].x) == 29
    assert fig.data[1].x.tolist() == [10.0] and fig.data[1].y[0] == data.y[-1]
    assert fig.data[1].marker.color == figures.OUTLIER_COLOR
    assert [trace.line.color for trace in fig.data[3:]] == list(OKABE_ITO[:4])
    mse = fits["mse_loss"]
    np.testing.assert_allclose(fig.data[3].y, [mse.intercept, mse.slope * 10 + mse.intercept])
    assert f"{mse.slope:.4f} x" in fig.data[3].hovertemplate
    assert fig.layout.xaxis.title.text == "x" and fig.layout.title.text == "Fits"
