"""The imbalance page's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np
import plotly.graph_objects as go

from lossviz.lessons.imbalance import focal_curves, smoothing_curves
from lossviz.views.imbalance import figures
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN, OKABE_ITO

NAMES = ["cat", "dog", "猪八戒"]
CLASS_WORDS = {
    "without": "without weights",
    "with": "with weights",
    "class": "class",
    "value": "part of the loss",
    "count": "samples",
    "weight": "weight",
}
POINT_WORDS = {"sample": "Sample", "x": "p_t", "y": "loss", "gamma": "γ", "curve": "α (1 − p)^γ"}
TARGET_WORDS = {"onehot": "target", "smoothed": "q", "prediction": "p", "y": "probability"}


def test_per_class_comparison_groups_without_and_with_weights_in_class_colours():
    fig = figures.per_class_comparison(
        [0.5, 0.2, 0.1], [0.1, 0.3, 0.4], [40, 13, 4], [0.2, 0.7, 2.1], NAMES, "T", CLASS_WORDS
    )
    assert isinstance(fig, go.Figure)
    assert [trace.name for trace in fig.data] == ["without weights", "with weights"]
    assert list(fig.data[0].marker.color) == list(OKABE_ITO[:3])
    assert list(fig.data[1].marker.color) == list(OKABE_ITO[:3])
    assert fig.data[0].marker.pattern.shape == "/"
    assert list(fig.data[1].x) == NAMES
    assert fig.data[1].y.tolist() == [0.1, 0.3, 0.4]
    assert fig.data[1].customdata.tolist()[2] == [4.0, 2.1]
    assert fig.layout.title.text == "T"
    assert fig.layout.xaxis.title.text == "class"
    assert fig.layout.yaxis.title.text == "part of the loss"
    assert fig.layout.barmode == "group"
    assert "%{y:.4f}" in fig.data[1].hovertemplate


def test_focal_curves_chart_highlights_the_chosen_gamma_and_clips_far_samples():
    p = np.linspace(0.01, 1.0, 50)
    gammas = [0.0, 0.5, 1.0, 2.0, 5.0]
    fig = figures.focal_curves_chart(
        p,
        gammas,
        focal_curves(p, gammas),
        2.0,
        np.array([0.9, 0.001, 0.5]),
        np.array([0.001, 6.9, 0.17]),
        np.array([0, 2, 0]),
        NAMES,
        "Curves",
        POINT_WORDS,
    )
    names = [trace.name for trace in fig.data]
    assert names == ["γ = 0", "γ = 0.5", "γ = 1", "γ = 2", "γ = 5", "cat", "猪八戒"]
    assert [trace.line.width for trace in fig.data[:5]] == [1.5, 1.5, 1.5, 4, 1.5]
    assert fig.data[5].marker.color == OKABE_ITO[0]
    assert fig.data[6].marker.color == OKABE_ITO[2]
    assert fig.data[6].y.tolist() == [4.0]  # drawn at the top ...
    assert fig.data[6].customdata.tolist() == [[1.0, 6.9]]  # ... hover gives the value
    assert list(fig.data[6].marker.symbol) == ["triangle-up"]
    assert fig.layout.xaxis.title.text == "p_t" and fig.layout.yaxis.title.text == "loss"


def test_focal_ratio_scatter_with_one_curve_per_class():
    grid = np.linspace(0, 1, 5)
    curves = {0: 0.5 * (1 - grid) ** 2, 2: 3.0 * (1 - grid) ** 2}
    fig = figures.focal_ratio_scatter(
        np.array([0.9, 0.2, 0.6]),
        np.array([0.005, 1.92, 0.48]),
        np.array([0, 2, 2]),
        NAMES,
        grid,
        curves,
        "Ratio",
        POINT_WORDS,
    )
    assert [trace.name for trace in fig.data] == [
        "cat",
        "猪八戒",
        "α (1 − p)^γ (cat)",
        "α (1 − p)^γ (猪八戒)",
    ]
    assert fig.data[1].y.tolist() == [1.92, 0.48]
    assert fig.data[3].line.color == OKABE_ITO[2]
    assert fig.layout.yaxis.title.text == "loss"


def test_ce_vs_focal_bars_draw_the_first_rows_and_outline_the_selected_sample():
    n = 500
    labels = np.arange(n) % 3
    words = {"ce": "CE", "focal": "FL", "sample": "Sample", "loss": "loss", "class": "class"}
    fig = figures.ce_vs_focal_bars(
        np.linspace(0.1, 2, n), np.linspace(0.0, 1, n), labels, NAMES, 4, "Bars", words
    )
    assert [trace.name for trace in fig.data] == ["CE", "FL"]
    assert len(fig.data[0].y) == MAX_SAMPLES_DRAWN
    assert list(fig.data[1].marker.color[:3]) == list(OKABE_ITO[:3])
    assert list(fig.data[1].marker.line.width)[4] == 3
    assert fig.data[0].marker.pattern.shape == "/"
    assert fig.layout.xaxis.title.text == "Sample"


def test_smoothed_target_bars():
    fig = figures.smoothed_target_bars(
        [0, 0, 1],
        [0.0333, 0.0333, 0.9333],
        [0.18, 0.18, 0.65],
        NAMES,
        "Target",
        TARGET_WORDS,
    )
    assert [trace.name for trace in fig.data] == NAMES
    assert list(fig.data[2].y) == [1.0, 0.9333, 0.65]
    assert list(fig.data[2].text) == ["1.000", "0.933", "0.650"]
    assert fig.data[0].marker.color == OKABE_ITO[0]
    assert fig.layout.yaxis.title.text == "probability"


def test_smoothing_charts():
    curves = smoothing_curves(3, 0.1, points=20)
    words = {
        "plain": "ε = 0",
        "smoothed": "ε = 0.1",
        "floor": "floor",
        "x": "p",
        "y": "loss",
        "sample": "sample 0",
        "at_one": "at 1",
    }
    fig = figures.smoothing_loss_chart(
        curves.p,
        curves.loss_plain,
        curves.loss_smoothed,
        curves.true_target,
        curves.floor,
        0.65,
        "Loss",
        words,
    )
    assert [trace.name for trace in fig.data] == ["ε = 0", "ε = 0.1", "floor"]
    assert list(fig.data[2].y) == [curves.floor]
    assert fig.layout.shapes[0].x0 == 0.65
    assert fig.layout.yaxis.title.text == "loss"
    fig = figures.smoothing_gradient_chart(
        curves.p,
        curves.grad_plain,
        curves.grad_smoothed,
        curves.grad_at_one,
        np.array([0.65, 0.2]),
        np.array([-0.28, -0.73]),
        np.array([2, 1]),
        NAMES,
        "Gradient",
        words,
    )
    assert [trace.name for trace in fig.data] == ["ε = 0", "ε = 0.1", "at 1", "dog", "猪八戒"]
    assert list(fig.data[2].x) == [1.0]
    assert fig.data[4].marker.color == OKABE_ITO[2]


def test_many_points_use_webgl():
    n = 3000
    fig = figures.focal_ratio_scatter(
        np.linspace(0, 1, n),
        np.linspace(1, 0, n),
        np.zeros(n, dtype=int),
        NAMES,
        np.array([0.0, 1.0]),
        {None: np.array([1.0, 0.0])},
        "t",
        POINT_WORDS,
    )
    assert isinstance(fig.data[0], go.Scattergl)


def test_class_names_are_never_markup():
    names = ["<a href='x'>cat</a>", "dog", "pig"]
    fig = figures.per_class_comparison(
        [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1], names, "t", CLASS_WORDS
    )
    assert "<a" not in fig.data[0].x[0] and "&lt;a" in fig.data[0].x[0]
    fig = figures.smoothed_target_bars([1, 0, 0], [1, 0, 0], [1, 0, 0], names, "t", TARGET_WORDS)
    assert fig.data[0].name.startswith("&lt;a")
