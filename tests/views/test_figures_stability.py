"""The stability page's figure builders, headless: traces, colours, axes and the data drawn."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from lossviz.lessons.stability import (
    DTYPES,
    ROUTES,
    STATUSES,
    batch_status,
    binary_routes,
    binary_sweep,
    first_failures,
    float_limits,
    logit_grid,
    naive_breaks,
    scale_grid,
    scale_sweep,
)
from lossviz.views.shared.palette import class_color
from lossviz.views.stability import figures

SEED = [1.3, 1.3, 2.6]
WORDS = {
    **{route: f"<{route}>" for route in ROUTES},
    **{dtype: dtype for dtype in DTYPES},
    **{status: f"[{status}]" for status in STATUSES},
    "loss": "loss",
    "breaks": "breaks {dtype}",
}
BCE_WORDS = {
    "bce": "BCELoss",
    "with_logits": "BCEWithLogitsLoss",
    "float32": "float32",
    "float64": "float64",
    "loss": "loss",
    "grad": "gradient",
    "clamp": "clamp",
    "sample_bce": "this sample (BCELoss)",
    "sample_with_logits": "this sample (BCEWithLogitsLoss)",
}


@pytest.fixture(scope="module")
def sweep():
    scales = scale_grid(10)
    return scale_sweep(SEED, 2, scales), naive_breaks(first_failures(SEED, 2))


def test_loss_against_scale(sweep):
    data, breaks = sweep
    fig = figures.loss_against_scale(
        data.scales, data.loss, breaks, 100.0, "Title", "s", "loss", WORDS
    )
    assert isinstance(fig, go.Figure)
    # 3 routes x 2 dtypes, then one marker line per dtype where the naive route breaks
    assert len(fig.data) == 8
    lines = {trace.name: trace for trace in fig.data[:6]}
    naive32 = lines["<naive> · float32"]
    assert naive32.line.color == figures.ROUTE_COLORS["naive"]
    assert naive32.line.dash == "dash" and lines["<naive> · float64"].line.dash == "solid"
    # the naive loss is NaN past the float32 threshold: a gap, never a point at infinity
    past = data.scales > breaks["float32"]
    assert np.isnan(np.asarray(naive32.y, dtype=float)[past]).all()
    fused32 = np.asarray(lines["<fused> · float32"].y, dtype=float)
    assert np.isfinite(fused32).all()
    assert [trace.name for trace in fig.data[6:]] == ["breaks float32", "breaks float64"]
    assert fig.data[6].x == (breaks["float32"], breaks["float32"])
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert fig.layout.xaxis.title.text == "s" and fig.layout.yaxis.title.text == "loss"
    assert fig.layout.title.text == "Title"
    # the current scale, then one shaded band per dtype
    assert fig.layout.shapes[0].x0 == 100.0 and len(fig.layout.shapes) == 3
    assert "%{y:.6g}" in naive32.hovertemplate


def test_loss_against_scale_without_breaks(sweep):
    data, _ = sweep
    nan = float("nan")
    fig = figures.loss_against_scale(
        data.scales, data.loss, {"float32": nan, "float64": nan}, 1.0, "t", "s", "l", WORDS
    )
    assert len(fig.data) == 6 and len(fig.layout.shapes) == 1


def test_status_strips(sweep):
    data, breaks = sweep
    fig = figures.status_strips(data.scales, data.status, 100.0, "t", "s", WORDS)
    assert [trace.name for trace in fig.data] == [f"[{status}]" for status in STATUSES]
    assert [trace.marker.color for trace in fig.data] == [
        figures.STATUS_COLORS[status] for status in STATUSES
    ]
    # every scale of every route and dtype is drawn once
    assert sum(len(trace.x) for trace in fig.data) == 6 * len(data.scales)
    nan_trace = fig.data[STATUSES.index("nan")]
    assert set(nan_trace.y) == {"<naive> · float32", "<naive> · float64"}
    assert (
        min(x for x, y in zip(nan_trace.x, nan_trace.y, strict=True) if "32" in y)
        >= (breaks["float32"])
    )
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis.title.text == "s"
    assert list(fig.layout.yaxis.categoryarray)[-1] == "<naive> · float32"


def test_bce_loss_chart_marks_the_classes_in_their_colours():
    grid = logit_grid([260.0])
    sweep = binary_sweep(grid)
    steps = binary_routes(SEED, 2, 100.0, "float32")
    saturation = {dtype: float_limits(dtype).sigmoid_one for dtype in DTYPES}
    names = ["<b>cat</b>", "dog", "猪八戒"]
    fig = figures.bce_loss_chart(
        sweep.logits,
        sweep.bce,
        sweep.with_logits,
        saturation,
        (steps.logits, steps.target, steps.bce, steps.with_logits, names),
        "t",
        "x",
        "loss",
        BCE_WORDS,
    )
    lines, markers = fig.data[:4], fig.data[4:]
    assert [trace.name for trace in lines] == [
        "BCEWithLogitsLoss · float32",
        "BCEWithLogitsLoss · float64",
        "BCELoss · float32",
        "BCELoss · float64",
    ]
    assert max(lines[2].y) == 100.0 and max(lines[0].y) > 500
    # classes 0 and 1 have target 0: a marker each on each curve; class 2 (target 1) none
    assert [trace.name for trace in markers] == [
        "this sample (BCELoss)",
        "this sample (BCEWithLogitsLoss)",
    ]
    assert list(markers[0].marker.color) == [class_color(0), class_color(1)]
    assert list(markers[0].text) == ["&lt;b&gt;cat&lt;/b&gt;", "dog"]
    assert markers[0].y == (100.0, 100.0) and markers[1].y == (130.0, 130.0)
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert fig.layout.yaxis.title.text == "loss"
    assert [shape.x0 for shape in fig.layout.shapes[1:]] == list(saturation.values())
    assert fig.layout.shapes[0].y0 == 100


def test_many_classes_still_give_two_marker_traces():
    row = np.linspace(-3, 3, 100)
    steps = binary_routes(row, 0, 10.0, "float32")
    sweep = binary_sweep(logit_grid(steps.logits))
    fig = figures.bce_loss_chart(
        sweep.logits,
        sweep.bce,
        sweep.with_logits,
        {},
        (steps.logits, steps.target, steps.bce, steps.with_logits, [f"c{i}" for i in range(100)]),
        "t",
        "x",
        "loss",
        BCE_WORDS,
    )
    assert len(fig.data) == 6 and len(fig.data[4].x) == 50  # the positive logits


def test_bce_gradient_chart():
    sweep = binary_sweep(logit_grid())
    fig = figures.bce_gradient_chart(
        sweep.logits,
        sweep.bce_grad,
        sweep.with_logits_grad,
        {"float32": 16.6, "float64": 36.7},
        "t",
        "x",
        "gradient",
        BCE_WORDS,
    )
    assert len(fig.data) == 4
    assert fig.data[2].y[-1] == 0.0 and fig.data[0].y[-1] == 1.0
    assert fig.layout.yaxis.title.text == "gradient" and len(fig.layout.shapes) == 2
    assert "gradient = %{y:.6g}" in fig.data[0].hovertemplate


def test_batch_status_bars():
    status = batch_status([[1.3, 1.3, 2.6], [0.0, 1.0, -1.0], [5.0, 0.0, 0.0]], [2, 0, 1], 40.0)
    fig = figures.batch_status_bars(status.counts, "t", "samples", WORDS)
    assert [trace.name for trace in fig.data] == [f"[{status}]" for status in STATUSES]
    assert fig.layout.barmode == "stack"
    assert fig.data[0].x[0] == "<naive> · float32"
    totals = np.sum([np.asarray(trace.y) for trace in fig.data], axis=0)
    assert totals.tolist() == [3] * 6
    assert fig.layout.yaxis.title.text == "samples"


def test_non_finite_values_become_gaps():
    assert np.isnan(figures._finite([1.0, math.inf, -math.inf, math.nan])[1:]).all()
