"""The entropy page's figure builders, headless: traces, colours, axes, data and infinity."""

import math

import numpy as np
import plotly.graph_objects as go

from lossviz.views.entropy import figures
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN, OKABE_ITO

NAMES = ["entropy H(p)", "KL(p‖q)", "cross-entropy H(p, q)"]
H = np.array([0.0, 0.2911, 0.2911])
KL = np.array([0.4351, 0.2306, math.inf])
CE = H + KL


def _bars(**kwargs):
    args = {
        "entropy": H,
        "kl": KL,
        "cross_entropy": CE,
        "selected": 1,
        "title": "Title",
        "sample_word": "sample",
        "y_title": "information (nats)",
        "names": NAMES,
    }
    return figures.decomposition_bars(**(args | kwargs))


def test_decomposition_bars_stack_entropy_and_kl():
    fig = _bars()
    assert isinstance(fig, go.Figure)
    assert [trace.name for trace in fig.data] == NAMES
    assert [trace.type for trace in fig.data] == ["bar", "bar", "scatter"]
    assert fig.layout.barmode == "stack"
    assert fig.data[0].marker.color == figures.ENTROPY_COLOR == OKABE_ITO[0]
    assert fig.data[1].marker.color == figures.KL_COLOR == OKABE_ITO[1]
    assert list(fig.data[0].x) == ["sample 0", "sample 1", "sample 2"]
    assert list(fig.data[0].y) == [0.0, 0.2911, 0.2911]
    assert fig.layout.title.text == "Title"
    assert fig.layout.yaxis.title.text == "information (nats)"


def test_infinite_kl_is_labelled_not_drawn():
    fig = _bars()
    assert list(fig.data[1].y) == [0.4351, 0.2306, 0.0]
    assert list(fig.data[1].text) == ["", "", "∞"]
    assert math.isnan(fig.data[2].y[2])
    assert list(fig.data[0].customdata[2]) == ["0.2911", "∞", "∞"]


def test_hover_shows_the_three_numbers():
    fig = _bars()
    for trace in fig.data:
        for name in NAMES:
            assert name in trace.hovertemplate
    assert list(fig.data[0].customdata[0]) == ["0.0000", "0.4351", "0.4351"]


def test_the_selected_sample_is_outlined():
    fig = _bars(selected=2)
    assert list(fig.data[0].marker.line.width) == [0, 0, 3]


def test_large_batches_draw_the_first_rows():
    n = 500
    fig = _bars(entropy=np.zeros(n), kl=np.ones(n), cross_entropy=np.ones(n), selected=0)
    assert len(fig.data[0].x) == MAX_SAMPLES_DRAWN
    assert fig.layout.xaxis.range is None


def test_a_single_sample_is_not_one_huge_bar():
    fig = _bars(entropy=H[:1], kl=KL[:1], cross_entropy=CE[:1], selected=0)
    low, high = fig.layout.xaxis.range
    assert high - low == figures.MIN_SLOTS


def test_histogram_of_every_sample_skips_infinity():
    fig = figures.decomposition_histogram(
        H, KL, "All", "information (nats)", "samples", NAMES[:2], "{count} with KL = ∞"
    )
    assert [trace.type for trace in fig.data] == ["histogram", "histogram"]
    assert list(fig.data[1].x) == [0.4351, 0.2306]
    assert len(fig.data[0].x) == 3
    assert fig.layout.barmode == "overlay"
    assert fig.layout.annotations[0].text == "1 with KL = ∞"
    assert fig.layout.xaxis.title.text == "information (nats)"
    assert fig.layout.yaxis.title.text == "samples"


def test_histogram_without_infinity_has_no_note():
    fig = figures.decomposition_histogram(H, [*KL[:2].tolist(), 1.0], "t", "x", "y", NAMES[:2], "")
    assert not fig.layout.annotations


def test_information_bars_per_class():
    p = np.array([0.0, 0.0, 1.0])
    q = np.array([0.1764, 0.1764, 0.6472])
    fig = figures.information_bars(
        p,
        q,
        np.array([np.inf, np.inf, 0.0]),
        -np.log(q),
        ["cat", "dog", "<b>猪八戒</b>"],
        "Sample 0",
        "information (bits)",
        ["−log p", "−log q"],
    )
    assert [trace.name for trace in fig.data] == ["−log p", "−log q"]
    assert [trace.marker.color for trace in fig.data] == [
        figures.ENTROPY_COLOR,
        figures.MODEL_COLOR,
    ]
    assert list(fig.data[0].x) == ["cat", "dog", "&lt;b&gt;猪八戒&lt;/b&gt;"]
    assert list(fig.data[0].y) == [0.0, 0.0, 0.0]
    assert list(fig.data[0].text) == ["∞", "∞", "0.0000"]
    assert list(fig.data[1].text) == ["1.7350", "1.7350", "0.4351"]
    assert fig.data[1].customdata[2][0] == "0.6472"
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.title.text == "information (bits)"


def test_information_bars_label_only_infinity_for_many_classes():
    c = 30
    p = np.full(c, 1 / c)
    fig = figures.information_bars(
        p, p, -np.log(p), -np.log(p), [f"c{i}" for i in range(c)], "t", "y", ["a", "b"]
    )
    assert set(fig.data[0].text) == {""}


def test_kl_direction_bars():
    fig = figures.kl_direction_bars(0.4351, math.inf, "Both", "nats", ["KL(p‖q)", "KL(q‖p)"])
    (bar,) = fig.data
    assert list(bar.x) == ["KL(p‖q)", "KL(q‖p)"]
    assert list(bar.y) == [0.4351, 0.0]
    assert list(bar.text) == ["0.4351", "∞"]
    assert list(bar.marker.color) == [figures.KL_COLOR, figures.MODEL_COLOR]
    assert "%{customdata}" in bar.hovertemplate
    assert fig.layout.yaxis.title.text == "nats"


def test_smoothing_floor_curve_marks_the_current_epsilon():
    eps = np.linspace(0, 1, 11)
    fig = figures.smoothing_floor_curve(
        eps, eps * 1.1, 0.1, 0.11, 0.5, "Floor", "ε", "nats", ["floor H(p)", "sample 0: H(p, q)"]
    )
    assert [trace.name for trace in fig.data] == ["floor H(p)", "floor H(p)", "sample 0: H(p, q)"]
    assert list(fig.data[1].y) == [0.11] and list(fig.data[2].y) == [0.5]
    assert fig.layout.shapes[0].x0 == 0.1
    assert fig.layout.xaxis.title.text == "ε"


def test_smoothing_floor_curve_leaves_out_an_infinite_loss():
    eps = np.linspace(0, 1, 11)
    fig = figures.smoothing_floor_curve(eps, eps, 0.1, 0.1, math.inf, "t", "x", "y", ["a", "b"])
    assert len(fig.data) == 2
