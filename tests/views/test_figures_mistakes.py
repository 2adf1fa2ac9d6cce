"""The mistakes page's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np
import plotly.graph_objects as go

from figure_utils import assert_one_trace_per_class
from lossviz.lessons.mistakes import demonstrate
from lossviz.views.mistakes import figures
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN

NAMES = ["cat", "dog", "猪八戒"]


def test_series_lines_from_a_demonstration():
    demo = demonstrate("softmax_before_cross_entropy")
    series = demo.series[0]
    fig = figures.series_lines(
        series.x,
        [curve.y for curve in series.curves],
        [curve.role for curve in series.curves],
        ["softmax first", "logits"],
        "Loss",
        "scale s",
        "loss",
        series.at,
        "here",
        series.floor,
        "floor 0.5514",
    )
    assert isinstance(fig, go.Figure)
    assert [trace.name for trace in fig.data] == ["softmax first", "logits"]
    assert [trace.line.color for trace in fig.data] == [
        figures.ROLE_COLORS["wrong"][0],
        figures.ROLE_COLORS["right"][0],
    ]
    np.testing.assert_array_equal(fig.data[0].y, series.curves[0].y)
    assert fig.layout.title.text == "Loss"
    assert fig.layout.xaxis.title.text == "scale s"
    assert fig.layout.yaxis.title.text == "loss"
    at, floor = fig.layout.shapes
    assert at.x0 == 1.0 and floor.y0 == series.floor
    assert [a.text for a in fig.layout.annotations] == ["here", "floor 0.5514"]
    assert "%{y:.4f}" in fig.data[0].hovertemplate


def test_series_lines_without_marks_and_a_reference_dotted():
    fig = figures.series_lines(
        np.array([0.0, 0.5, 1.0]),
        [np.array([0.0, 0.7, 0.0]), np.array([0.0, 0.1, 0.0]), np.array([0.0, 0.0, 0.0])],
        ["wrong", "right", "reference"],
        ["w", "r", "chord"],
        "t",
        "x",
        "y",
    )
    assert len(fig.layout.shapes) == 0 and len(fig.layout.annotations) == 0
    assert fig.data[2].line.dash == "dot"
    assert fig.data[2].line.color == figures.ROLE_COLORS["reference"][0]


def test_second_wrong_curve_gets_the_second_colour():
    fig = figures.series_lines(
        np.array([0.0, 1.0]),
        [np.zeros(2), np.ones(2), np.ones(2)],
        ["wrong", "wrong", "right"],
        ["a", "b", "c"],
        "t",
        "x",
        "y",
    )
    assert [trace.line.color for trace in fig.data] == [
        figures.ROLE_COLORS["wrong"][0],
        figures.ROLE_COLORS["wrong"][1],
        figures.ROLE_COLORS["right"][0],
    ]


def test_gradient_bars_one_trace_per_class_in_class_colours():
    demo = demonstrate("softmax_before_cross_entropy")
    wrong, right = demo.call("softmax_first").grad[0], demo.call("logits").grad[0]
    fig = figures.gradient_bars(wrong, right, NAMES, "wrong", "right", "Gradient", "dL/dz")
    assert_one_trace_per_class(fig, NAMES)
    assert list(fig.data[0].x) == ["wrong", "right"]
    assert list(fig.data[0].y) == [wrong[0], right[0]]
    assert fig.layout.yaxis.title.text == "dL/dz"
    assert fig.layout.barmode == "group"


def test_call_values_leave_out_calls_that_raised():
    fig = figures.call_values(
        ["one-hot", "indices", "raised"],
        [54.4052, 0.8705, None],
        ["wrong", "right", "wrong"],
        "What each call returns",
        "value",
        reference=0.8705,
        reference_label="KL",
    )
    (bars,) = fig.data
    assert list(bars.x) == ["one-hot", "indices"]
    assert list(bars.y) == [54.4052, 0.8705]
    assert list(bars.marker.color) == [
        figures.ROLE_COLORS["wrong"][0],
        figures.ROLE_COLORS["right"][0],
    ]
    assert list(bars.text) == ["54.4052", "0.8705"]
    assert fig.layout.shapes[0].y0 == 0.8705
    assert fig.layout.yaxis.title.text == "value"


def test_per_sample_bars_draw_the_first_rows_with_label_names():
    labels = np.arange(500) % 3
    losses = np.linspace(0.0, 1.0, 500)
    fig = figures.per_sample_bars(
        [losses, losses / 2],
        ["wrong", "right"],
        ["ignore_index=-1", "ignore_index=2"],
        labels,
        NAMES,
        "Per-sample losses",
        "sample",
        "loss",
    )
    assert len(fig.data) == 2
    assert len(fig.data[0].y) == MAX_SAMPLES_DRAWN
    assert list(fig.data[0].customdata[:3]) == NAMES
    assert fig.data[0].x[0] == "sample 0"
    assert fig.layout.yaxis.title.text == "loss"


def test_names_are_never_markup():
    fig = figures.gradient_bars(
        np.zeros(2), np.zeros(2), ["<b>a</b>", "b"], "<i>w</i>", "r", "t", "y"
    )
    assert "<b>" not in fig.data[0].name and "&lt;b&gt;" in fig.data[0].name
    fig = figures.series_lines(
        np.zeros(2), [np.zeros(2)], ["wrong"], ["<a href='x'>w</a>"], "t", "x", "y", 0.0, "<b>"
    )
    assert "<a" not in fig.data[0].name
    assert fig.layout.annotations[0].text == "&lt;b&gt;"
    fig = figures.per_sample_bars(
        [np.zeros(1)], ["wrong"], ["w"], np.array([0]), ["<b>x</b>"], "t", "s", "y"
    )
    assert fig.data[0].customdata[0] == "&lt;b&gt;x&lt;/b&gt;"
