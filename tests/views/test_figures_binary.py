"""The binary page's figure builders, headless: traces, colours, axes, markers and the data."""

import numpy as np

from figure_utils import assert_one_trace_per_class
from lossviz.views.binary import figures
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN, OKABE_ITO

NAMES = ["cat", "dog", "猪八戒"]
LOGITS = np.array([[1.3, 1.3, 2.6], [1e4, 0.0, -1e4]])
TARGET = np.array([[0.0, 0.0, 1.0], [1.0, 0.3, 0.0]])
PROBS = np.array([[0.7858, 0.7858, 0.9309], [1.0, 0.5, 0.0]])
LOSS = np.array([[1.541, 1.541, 0.0716], [0.0, 0.6931, 0.0]])
BAR_WORDS = {"logit": "x", "target": "y", "prob": "σ(x)", "loss": "ℓ", "probs_loss": "ℓ BCE"}
CURVE_WORDS = {
    "if_one": "y = 1",
    "if_zero": "y = 0",
    "clamp": "clamp",
    "sample": "sample",
    "target": "y",
    "one_minus": "1 − p",
    "loss": "loss",
}
SWEEP_NAMES = {
    "logits_if_one": "logits, y = 1",
    "logits_if_zero": "logits, y = 0",
    "probs_if_one": "probs, y = 1",
    "probs_if_zero": "probs, y = 0",
    "loss": "loss",
}


def _bars(per_element=LOSS, probs_loss=LOSS, names=NAMES, logits=LOGITS, target=TARGET):
    probs = np.full(per_element.shape, 0.5)
    return figures.element_loss_bars(
        per_element, logits, target, probs, probs_loss, names, "Title", "sample", "loss", BAR_WORDS
    )


def _curves(probs=PROBS, loss=LOSS, target=TARGET, names=NAMES):
    grid = np.array([0.0, 0.5, 1.0])
    return figures.loss_curves(
        grid,
        np.array([100.0, 0.69, 0.0]),
        np.array([0.0, 0.69, 100.0]),
        probs,
        loss,
        target,
        names,
        "Curves",
        "p",
        "loss",
        CURVE_WORDS,
    )


def test_bars_one_trace_per_class_in_class_colours():
    fig = _bars()
    assert_one_trace_per_class(fig, NAMES)
    assert list(fig.data[2].y) == [0.0716, 0.0]
    assert list(fig.data[0].x) == ["sample 0", "sample 1"]
    assert fig.layout.title.text == "Title"
    assert fig.layout.yaxis.title.text == "loss"
    assert fig.layout.barmode == "group"


def test_bars_hatch_positive_targets_and_hover_every_number():
    fig = _bars()
    assert list(fig.data[0].marker.pattern.shape) == ["", "/"]
    assert list(fig.data[1].marker.pattern.shape) == ["", "."]  # a soft target
    template = fig.data[0].hovertemplate
    for word in ("x = ", "y = ", "σ(x) = ", "ℓ = %{y", "ℓ BCE = "):
        assert word in template
    assert fig.data[0].customdata[1].tolist() == [1e4, 1.0, 0.5, 0.0]


def test_bars_without_bceloss_leave_its_hover_out():
    fig = _bars(probs_loss=None)
    assert "ℓ BCE" not in fig.data[0].hovertemplate
    assert fig.data[0].customdata.shape == (2, 3)


def test_bars_draw_at_most_the_first_rows():
    big = np.ones((500, 3))
    fig = _bars(per_element=big, probs_loss=big, logits=big, target=big)
    assert len(fig.data[0].y) == MAX_SAMPLES_DRAWN


def test_curves_two_lines_then_the_batch_by_class():
    fig = _curves()
    assert [trace.name for trace in fig.data] == ["y = 1", "y = 0", *NAMES]
    assert [trace.mode for trace in fig.data] == ["lines", "lines", "markers", "markers", "markers"]
    assert [trace.marker.color for trace in fig.data[2:]] == list(OKABE_ITO[:3])
    assert list(fig.data[3].x) == [0.7858, 0.5]
    assert list(fig.data[3].y) == [1.541, 0.6931]
    assert fig.layout.xaxis.title.text == "p" and fig.layout.yaxis.title.text == "loss"
    assert "sample %{customdata[0]}" in fig.data[2].hovertemplate


def test_curves_mark_the_target_by_symbol():
    fig = _curves()
    assert list(fig.data[2].marker.symbol) == ["x", "circle"]
    assert list(fig.data[3].marker.symbol) == ["x", "diamond"]
    assert figures.target_symbols(np.array([1.0, 0.0, -1.0])) == ["circle", "x", "diamond"]


def test_curves_show_the_clamp_only_when_a_point_reaches_it():
    assert tuple(_curves().layout.yaxis.range) == (0, 6.0)
    assert not _curves().layout.shapes
    clamped = _curves(loss=np.array([[100.0, 0.1, 0.1], [0.0, 0.0, 0.0]]))
    assert clamped.layout.shapes[0].y0 == figures.CLAMP_LOSS
    assert clamped.layout.yaxis.range[1] >= 100.0


def test_curves_draw_at_most_the_first_rows():
    big = np.full((500, 3), 0.5)
    fig = _curves(probs=big, loss=big, target=np.ones((500, 3)))
    assert len(fig.data[2].x) == MAX_SAMPLES_DRAWN


def test_sweep_four_lines():
    x = np.array([-150.0, 0.0, 40.0])
    fig = figures.logit_sweep_chart(
        x,
        np.array([100.0, 0.69, 0.0]),
        np.array([0.0, 0.69, 100.0]),
        np.array([150.0, 0.69, 0.0]),
        np.array([0.0, 0.69, 40.0]),
        "Sweep",
        "logit x",
        "loss",
        SWEEP_NAMES,
    )
    assert [trace.name for trace in fig.data] == list(SWEEP_NAMES.values())[:4]
    assert list(fig.data[3].y) == [0.0, 0.69, 100.0]
    assert list(fig.data[1].y) == [0.0, 0.69, 40.0]
    assert [trace.line.dash for trace in fig.data] == ["solid", "solid", "dot", "dot"]
    assert fig.layout.xaxis.title.text == "logit x"
    assert "loss = %{y" in fig.data[0].hovertemplate


def test_histogram_per_class_over_all_rows():
    big = np.arange(1500.0).reshape(500, 3)
    fig = figures.element_loss_histogram(big, NAMES, "All", "loss", "elements")
    assert [trace.name for trace in fig.data] == NAMES
    assert [int(trace.y.sum()) for trace in fig.data] == [500, 500, 500]
    assert len(fig.data[0].x) <= 50  # counted here, not sent value by value
    assert list(fig.data[0].x) == list(fig.data[2].x)  # shared bins
    assert [trace.marker.color for trace in fig.data] == list(OKABE_ITO[:3])
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis.title.text == "elements"


def test_histogram_of_equal_values():
    fig = figures.element_loss_histogram(np.zeros((4, 2)), NAMES[:2], "All", "loss", "n")
    assert [int(trace.y.sum()) for trace in fig.data] == [4, 4]


def test_class_names_are_never_markup():
    names = ["<a href='x'>cat</a>", "<b>dog</b>", "pig"]
    for fig in (_bars(names=names), _curves(names=names)):
        assert all("<a" not in trace.name and "<b>" not in trace.name for trace in fig.data)
    assert "&lt;a" in _bars(names=names).data[0].name
