"""The gradients page's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np
import plotly.graph_objects as go

from figure_utils import assert_one_trace_per_class
from lossviz.views.gradients import figures
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN, OKABE_ITO, WEBGL_POINTS

NAMES = ["cat", "dog", "猪八戒"]
PROBS = np.array([[0.1764, 0.1764, 0.6472], [0.5, 0.3, 0.2]])
GRAD = np.array([[0.1764, 0.1764, -0.3528], [-0.5, 0.3, 0.2]])
WORDS = {"sample": "sample", "class": "class", "gradient": "dL/dz", "probability": "p"}


def test_heatmap_diverges_around_zero_with_hover_numbers():
    fig = figures.gradient_heatmap(GRAD, PROBS, NAMES, "Title", WORDS)
    assert isinstance(fig, go.Figure) and len(fig.data) == 1
    heatmap = fig.data[0]
    assert heatmap.zmid == 0 and heatmap.zmin == -0.5 and heatmap.zmax == 0.5
    assert heatmap.reversescale is True
    assert np.array_equal(np.asarray(heatmap.z), GRAD)
    assert np.array_equal(np.asarray(heatmap.customdata), PROBS)
    assert list(heatmap.x) == NAMES and list(heatmap.y) == ["sample 0", "sample 1"]
    for word in ("class", "dL/dz", "p = %{customdata:.4f}", "%{z:.4f}"):
        assert word in heatmap.hovertemplate
    assert fig.layout.title.text == "Title"
    assert fig.layout.xaxis.title.text == "class"
    assert fig.layout.yaxis.title.text == "sample"
    assert fig.layout.yaxis.autorange == "reversed"


def test_heatmap_of_a_large_batch_draws_the_first_rows_without_cell_labels():
    grad = np.zeros((500, 30))
    fig = figures.gradient_heatmap(grad, grad, [f"c{i}" for i in range(30)], "t", WORDS)
    assert len(fig.data[0].z) == MAX_SAMPLES_DRAWN
    assert fig.data[0].texttemplate is None
    assert fig.data[0].zmax == 1.0  # an all-zero gradient still gets a colour scale


def test_bars_one_trace_per_class_in_class_colours():
    fig = figures.gradient_bars(GRAD, PROBS, NAMES, "t", WORDS)
    assert_one_trace_per_class(fig, NAMES)
    assert list(fig.data[2].y) == [-0.3528, 0.2]
    assert list(fig.data[2].customdata) == [0.6472, 0.2]
    assert "%{customdata:.4f}" in fig.data[0].hovertemplate
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.title.text == "dL/dz"
    big = figures.gradient_bars(np.zeros((500, 3)), np.zeros((500, 3)), NAMES, "t", WORDS)
    assert len(big.data[0].y) == MAX_SAMPLES_DRAWN


def test_sample_bars_show_p_t_formula_and_autograd():
    fig = figures.sample_gradient_bars(
        PROBS[0], np.array([0, 0, 1.0]), GRAD[0], GRAD[0], NAMES, ["p", "t", "f", "a"], "T", "v"
    )
    assert len(fig.data) == 3
    assert list(fig.data[2].x) == ["p", "t", "f", "a"]
    assert list(fig.data[2].y) == [0.6472, 1.0, -0.3528, -0.3528]
    assert fig.data[1].marker.color == OKABE_ITO[1]
    assert fig.layout.yaxis.title.text == "v"


def test_true_class_scatter_draws_kept_samples_and_the_curves():
    prob = np.array([0.6, 0.1, 0.9, 0.5])
    grad = np.array([-0.4, -0.9, -0.1, 0.0])
    labels = np.array([0, 2, 0, 1])
    kept = np.array([True, True, True, False])
    grid = np.linspace(0, 1, 5)
    curves = {0: grid - 1, 2: 2 * (grid - 1)}
    words = {"sample": "sample", "x": "p_y", "y": "g", "curve": "theory"}
    fig = figures.true_class_scatter(prob, grad, labels, kept, NAMES, grid, curves, "t", words)
    assert [trace.name for trace in fig.data] == [
        "cat",
        "猪八戒",
        "theory (cat)",
        "theory (猪八戒)",
    ]
    assert list(fig.data[0].x) == [0.6, 0.9] and list(fig.data[0].customdata) == [0, 2]
    assert fig.data[1].marker.color == OKABE_ITO[2]
    assert fig.data[3].line.color == OKABE_ITO[2] and fig.data[3].line.dash == "dash"
    assert fig.layout.xaxis.title.text == "p_y" and fig.layout.yaxis.title.text == "g"
    assert "%{x:.4f}" in fig.data[0].hovertemplate


def test_one_curve_for_all_classes_is_neutral():
    words = {"sample": "s", "x": "x", "y": "y", "curve": "theory"}
    fig = figures.true_class_scatter(
        np.array([0.5]),
        np.array([-0.5]),
        np.array([1]),
        np.array([True]),
        NAMES,
        np.array([0.0, 1.0]),
        {None: np.array([-1.0, 0.0])},
        "t",
        words,
    )
    assert fig.data[-1].name == "theory" and fig.data[-1].line.color == figures.NEUTRAL


def test_many_points_use_webgl():
    n = WEBGL_POINTS + 1
    words = {"sample": "s", "x": "x", "y": "y", "curve": "c"}
    fig = figures.true_class_scatter(
        np.full(n, 0.5),
        np.full(n, -0.5),
        np.zeros(n, int),
        np.ones(n, bool),
        NAMES,
        np.array([0.0, 1.0]),
        {},
        "t",
        words,
    )
    assert isinstance(fig.data[0], go.Scattergl)


def test_double_softmax_scatter_with_the_diagonal():
    words = {"sample": "s", "x": "plain", "y": "double", "diagonal": "y = x"}
    fig = figures.double_softmax_scatter(
        np.array([0.4, 1.2, 0.3]),
        np.array([0.2, 0.01, 0.0]),
        np.array([2, 2, 0]),
        np.array([True, True, False]),
        NAMES,
        "t",
        words,
    )
    assert [trace.name for trace in fig.data] == ["猪八戒", "y = x"]
    assert list(fig.data[0].y) == [0.2, 0.01]
    assert list(fig.data[1].x) == [0.0, 1.2]
    assert fig.layout.xaxis.title.text == "plain"


def test_class_names_are_never_markup():
    fig = figures.gradient_heatmap(
        GRAD[:, :2], PROBS[:, :2], ["<a href='x'>cat</a>", "dog"], "t", WORDS
    )
    assert "<a" not in fig.data[0].x[0] and "&lt;a" in fig.data[0].x[0]
    bars = figures.gradient_bars(GRAD[:, :2], PROBS[:, :2], ["<b>cat</b>", "dog"], "t", WORDS)
    assert "<b>" not in bars.data[0].name and "<b>" not in bars.data[0].hovertemplate
