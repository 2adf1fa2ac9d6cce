"""The softmax page's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np

from figure_utils import assert_one_trace_per_class
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN, OKABE_ITO, class_color
from lossviz.views.softmax import figures

NAMES = ["cat", "dog", "猪八戒"]
PROBS = np.array([[0.1764, 0.1764, 0.6472], [0.5, 0.3, 0.2]])


def test_probability_bars_one_trace_per_class_in_class_colours():
    fig = figures.probability_bars(PROBS, NAMES, "Title", "sample", "probability")
    assert_one_trace_per_class(fig, NAMES)
    assert list(fig.data[2].y) == [0.6472, 0.2]
    assert list(fig.data[0].x) == ["sample 0", "sample 1"]
    assert fig.layout.title.text == "Title"
    assert fig.layout.yaxis.title.text == "probability"
    assert tuple(fig.layout.yaxis.range) == (0, 1)


def test_probability_bars_draw_at_most_the_first_rows():
    fig = figures.probability_bars(np.full((500, 3), 1 / 3), NAMES, "t", "sample", "p")
    assert len(fig.data[0].y) == MAX_SAMPLES_DRAWN


def test_softmax_vs_sigmoid_groups():
    fig = figures.softmax_vs_sigmoid(PROBS[0], np.array([0.79, 0.79, 0.93]), NAMES, "t", "p")
    assert list(fig.data[2].x) == ["softmax", "sigmoid"]
    assert list(fig.data[2].y) == [0.6472, 0.93]


def test_temperature_curves_mark_the_current_temperature():
    temps = np.array([0.5, 1.0, 2.0])
    fig = figures.temperature_curves(temps, np.tile(PROBS[0], (3, 1)), NAMES, 1.0, "t", "T", "p")
    assert len(fig.data) == 3
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.shapes[0].x0 == 1.0
    assert fig.layout.xaxis.title.text == "T"


def test_histogram_of_the_largest_probability():
    fig = figures.max_probability_histogram(PROBS, "t", "largest", "count")
    assert list(fig.data[0].x) == [0.6472, 0.5]


def test_class_colours_repeat_after_the_palette():
    assert class_color(len(OKABE_ITO)) == class_color(0)


def test_class_names_are_never_markup():
    fig = figures.probability_bars(PROBS[:, :2], ["<a href='x'>cat</a>", "dog"], "t", "s", "p")
    assert "<a" not in fig.data[0].name
    assert "&lt;a" in fig.data[0].name


def test_the_temperature_axis_writes_each_tick_in_full():
    temps = np.geomspace(0.05, 20.0, 5)
    fig = figures.temperature_curves(temps, np.tile(PROBS[0], (5, 1)), NAMES, 1.0, "t", "T", "p")
    axis = fig.layout.xaxis
    # each tick a round temperature, written in full by the d3 format ~g ("0.05", "20")
    assert list(axis.tickvals) == [0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
    assert axis.tickformat == "~g" and axis.ticktext is None


def test_the_histogram_counts_samples_in_whole_numbers():
    fig = figures.max_probability_histogram(PROBS, "t", "largest", "count")
    axis = fig.layout.yaxis
    assert (axis.tick0, axis.dtick, axis.tickformat) == (0, 1, ",d")
    many = figures.max_probability_histogram(np.tile(PROBS, (40, 1)), "t", "largest", "count")
    assert many.layout.yaxis.dtick == 10  # 40 samples in the tallest bin: a tick every 10


def test_softmax_vs_sigmoid_groups_carry_their_sums_and_the_title_stays_short():
    fig = figures.softmax_vs_sigmoid(
        PROBS[0], np.array([0.79, 0.79, 0.93]), NAMES, "t", "p", ("softmax: 1", "sigmoid: 2.51")
    )
    assert list(fig.data[0].x) == ["softmax: 1", "sigmoid: 2.51"]
