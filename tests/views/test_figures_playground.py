"""The playground's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np
import plotly.graph_objects as go
import torch

from lossviz.lessons.datasets import make_dataset
from lossviz.lessons.training import TrainingConfig, TrainingRun
from lossviz.views.playground import figures
from lossviz.views.shared.palette import OKABE_ITO, class_color

NAMES = ["class 0", "class 1", "class 2"]
DATA = make_dataset("blobs", points=200, classes=3, imbalance=4.0, label_noise=0.1, seed=1)
RUN = TrainingRun(DATA, TrainingConfig(steps=20), torch.device("cpu"))
RUN.step(20)
SNAP = RUN.snapshot()


def _regions(names=NAMES):
    return figures.decision_regions(
        SNAP.grid,
        SNAP.grid_probs,
        SNAP.grid_class,
        DATA.x,
        DATA.labels,
        DATA.clean_labels,
        names,
        "Regions",
        "x1",
        "x2",
    )


def test_loss_curves_one_line_per_run_on_a_log_axis():
    fig = figures.loss_curves(
        [SNAP.losses, SNAP.losses / 2], ["A: ce", "B: focal"], 300, "Loss", "step", "loss"
    )
    assert isinstance(fig, go.Figure)
    assert [trace.name for trace in fig.data] == ["A: ce", "B: focal"]
    assert [trace.line.dash for trace in fig.data] == ["solid", "dash"]
    assert fig.data[0].line.color not in OKABE_ITO  # colour means class on this page
    np.testing.assert_array_equal(fig.data[1].y, SNAP.losses / 2)
    assert list(fig.data[0].x) == list(range(20))
    assert fig.layout.yaxis.type == "log" and tuple(fig.layout.xaxis.range) == (0, 299)
    assert fig.layout.xaxis.title.text == "step" and fig.layout.yaxis.title.text == "loss"
    assert "%{y:.4f}" in fig.data[0].hovertemplate


def test_loss_curves_before_any_step():
    fig = figures.loss_curves([np.array([]), np.array([])], ["A", "B"], 10, "t", "x", "y")
    assert len(fig.data) == 2 and len(fig.data[0].y) == 0


def test_decision_regions_heatmap_in_class_colours_with_the_points():
    fig = _regions()
    heatmap, *points = fig.data
    assert heatmap.type == "heatmap" and not heatmap.showscale
    np.testing.assert_array_equal(heatmap.z, SNAP.grid_class)
    np.testing.assert_array_equal(heatmap.x, SNAP.grid[0])
    assert (heatmap.zmin, heatmap.zmax) == (-0.5, 2.5)
    colours = {colour for _, colour in heatmap.colorscale}
    assert colours == {class_color(c) for c in range(3)}
    np.testing.assert_allclose(heatmap.customdata, SNAP.grid_probs.max(axis=2))
    assert "class %{z}: p = %{customdata:.3f}" in heatmap.hovertemplate
    *points, legend = points
    assert legend.name == "flipped" and legend.marker.symbol == "x" and legend.x == (None,)
    circles = [trace for trace in points if trace.marker.symbol == "circle"]
    crosses = [trace for trace in points if trace.marker.symbol == "x"]
    assert all(trace.showlegend for trace in circles)
    assert not any(trace.showlegend for trace in crosses)
    assert [trace.name for trace in circles] == NAMES
    assert [trace.marker.color for trace in circles] == [class_color(c) for c in range(3)]
    assert sum(len(trace.x) for trace in points) == DATA.num_points
    assert sum(len(trace.x) for trace in crosses) == DATA.flipped.sum() > 0
    assert all(trace.name.endswith("(flipped)") for trace in crosses)
    clean_2 = (DATA.labels == 2) & ~DATA.flipped
    np.testing.assert_array_equal(circles[2].x, DATA.x[clean_2, 0])
    cross = crosses[0]
    label = NAMES.index(cross.name.split(" (")[0])
    np.testing.assert_array_equal(
        cross.customdata, DATA.clean_labels[(DATA.labels == label) & DATA.flipped]
    )
    assert "true class %{customdata}" in cross.hovertemplate
    assert fig.layout.xaxis.title.text == "x1" and fig.layout.title.text == "Regions"
    assert fig.layout.yaxis.scaleanchor == "x"


def test_decision_regions_without_noise_draw_no_crosses():
    clean = make_dataset("moons", points=100, classes=2)
    run = TrainingRun(clean, TrainingConfig(steps=1), torch.device("cpu"))
    snap = run.snapshot()
    fig = figures.decision_regions(
        snap.grid,
        snap.grid_probs,
        snap.grid_class,
        clean.x,
        clean.labels,
        clean.clean_labels,
        ["a", "b"],
        "t",
        "x",
        "y",
    )
    assert [trace.name for trace in fig.data[1:]] == ["a", "b"]


def test_decision_regions_escape_class_names():
    fig = _regions(["<b>a</b>", "b", "c"])
    escaped = "&lt;b&gt;a&lt;/b&gt;"
    assert fig.data[1].name == escaped
    assert all("<b>" not in (trace.hovertemplate or "") for trace in fig.data)


def test_class_accuracy_bars_grouped_by_class_hatched_for_run_b():
    fig = figures.class_accuracy_bars(
        [np.array([0.99, 0.9, 0.5]), np.array([0.95, 0.92, 0.8])],
        ["Run A", "Run B"],
        NAMES,
        "Accuracy",
        "class",
        "accuracy",
    )
    assert [trace.name for trace in fig.data] == ["Run A", "Run B"]
    assert list(fig.data[0].x) == NAMES
    assert list(fig.data[0].marker.color) == [class_color(c) for c in range(3)]
    assert fig.data[0].marker.pattern.shape == "" and fig.data[1].marker.pattern.shape == "/"
    assert list(fig.data[1].y) == [0.95, 0.92, 0.8] and fig.data[1].text[2] == "0.800"
    assert fig.layout.barmode == "group" and fig.layout.yaxis.title.text == "accuracy"


def test_true_class_histogram_one_share_per_true_class():
    fig = figures.true_class_histogram(
        SNAP.true_class_prob, DATA.clean_labels, NAMES, "Histogram", "p", "% of the class"
    )
    assert [trace.name for trace in fig.data] == NAMES
    assert [trace.marker.color for trace in fig.data] == [class_color(c) for c in range(3)]
    assert sum(len(trace.x) for trace in fig.data) == DATA.num_points
    np.testing.assert_array_equal(fig.data[1].x, SNAP.true_class_prob[DATA.clean_labels == 1])
    assert all(trace.histnorm == "percent" for trace in fig.data)
    assert fig.data[0].xbins.size == 0.05 and fig.layout.barmode == "group"
    assert fig.layout.xaxis.title.text == "p" and fig.layout.yaxis.title.text == "% of the class"
