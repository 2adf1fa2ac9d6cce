"""Fitting a chart to the screen, and the table of what it draws: on the app's own figures."""

import numpy as np
import pytest

from lossviz import cross_entropy
from lossviz.cross_entropy import loss_terms
from lossviz.views.cross_entropy import figures as ce_figures
from lossviz.views.gradients import figures as grad_figures
from lossviz.views.shared.screen import (
    figure_table,
    for_screen,
    legend_rows,
    plain_title,
    stack_panels,
    text_width,
    wrap_title,
)
from lossviz.views.softmax import figures as softmax_figures

WORDS = {"series": "series", "x": "x", "y": "y", "value": "value", "label": "label"}
NAMES = ["cat", "dog", "<b>pig</b>"]
LONG = "Sample 0: softmax (classes compete, sum 1.000) vs sigmoid (each on its own, sum 2.503)"


def _bars():
    probs = np.array([[0.1764, 0.1764, 0.6472], [0.5, 0.25, 0.25]])
    return softmax_figures.probability_bars(probs, NAMES, LONG, "sample", "probability").to_dict()


def _pipeline():
    result = cross_entropy([[1.3, 1.3, 2.6]], [2])
    words = dict.fromkeys(
        ["title", "logits", "log_probs", "terms", "logit", "log_p", "share", "total", "lse"], "w"
    )
    words.update(title="Pipeline", logit="logit x", log_p="log p", share="share", total="loss")
    terms = loss_terms(result.log_probs, result.target_probs)[0]
    figure = ce_figures.pipeline(
        [1.3, 1.3, 2.6], result.logsumexp[0], result.log_probs[0], terms,
        result.per_sample[0], 2, NAMES, words,
    )  # fmt: skip
    return result, figure.to_dict()


def test_wrapped_titles_keep_every_word_and_fit_the_width():
    lines = wrap_title(LONG, 20)
    assert " ".join(lines) == LONG
    assert all(text_width(line) <= 20 for line in lines[:-1]) and len(lines) > 2
    assert wrap_title("猪八戒" * 10, 6) == ["猪八戒" * 10]  # one word is never cut
    assert wrap_title("a &lt;b&gt; c", 2) == ["a", "&lt;b&gt;", "c"]


def test_a_title_is_plain_text_for_its_name():
    assert plain_title("a<br>b &amp; <i>c</i>") == "a b & c"


def test_legend_rows_grow_with_the_names():
    assert legend_rows([], 500, 12) == 0
    assert legend_rows(["cat"] * 3, 500, 12) == 1
    assert legend_rows(["a much longer series name"] * 6, 340, 12) >= 3


def test_for_screen_makes_room_for_the_title_and_the_legend_and_changes_nothing_given():
    spec = _bars()
    before = repr(spec)
    fitted = for_screen(spec)
    assert repr(spec) == before  # a copy; the shared figure is untouched
    title = fitted["layout"]["title"]
    assert title["text"].replace("<br>", " ") == LONG and "<br>" in title["text"]
    assert (title["yref"], title["y"], title["yanchor"]) == ("container", 1.0, "top")
    lines = title["text"].count("<br>") + 1
    assert fitted["layout"]["margin"]["t"] >= lines * 17 + 20  # title lines and the legend
    assert fitted["layout"]["modebar"]["orientation"] == "v"
    assert fitted["data"] == spec["data"]


def test_for_screen_scales_every_font_for_a_projector():
    fitted = for_screen(_bars(), scale=1.5)
    assert fitted["layout"]["font"]["size"] == 18.0
    assert fitted["layout"]["title"]["font"]["size"] == 25.5
    assert fitted["layout"]["title"]["text"].count("<br>") > for_screen(_bars())["layout"]["title"][
        "text"
    ].count("<br>")
    _, pipeline = _pipeline()
    projected = for_screen(pipeline, scale=2.0)["layout"]
    assert projected["annotations"][0]["font"]["size"] == 26.0  # a panel title set at 13 px
    # Every axis's ticks and title too (Streamlit's theme would draw them at its own size).
    axes = [key for key in projected if key[1:5] == "axis"]
    assert len(axes) >= 2
    for key in axes:
        assert projected[key]["tickfont"]["size"] == 24.0
        if isinstance(projected[key].get("title"), dict):
            assert projected[key]["title"]["font"]["size"] == 24.0
    assert "tickfont" not in for_screen(pipeline)["layout"].get("xaxis", {})
    # A legend under the axis moves down as far as the ticks grew; one above stays.
    below = {"data": [], "layout": {"legend": {"yanchor": "top", "y": -0.12}}}
    assert for_screen(below, scale=1.5)["layout"]["legend"]["y"] == pytest.approx(-0.18)
    assert for_screen(below)["layout"]["legend"]["y"] == -0.12
    assert (
        for_screen(_bars(), scale=1.5)["layout"]["legend"]["y"] == _bars()["layout"]["legend"]["y"]
    )


def test_a_row_of_panels_stacks_on_a_phone():
    _, spec = _pipeline()
    stacked = stack_panels(spec)["layout"]
    for axis in ("xaxis", "xaxis2", "xaxis3"):
        assert stacked[axis]["domain"] == [0.0, 1.0]
    tops = [stacked[axis]["domain"][1] for axis in ("yaxis", "yaxis2", "yaxis3")]
    assert tops[0] == 1.0 and tops == sorted(tops, reverse=True)
    bottoms = [stacked[axis]["domain"][0] for axis in ("yaxis", "yaxis2", "yaxis3")]
    assert all(b < t for b, t in zip(bottoms, tops, strict=True)) and bottoms[-1] == 0.0
    assert [note["y"] for note in stacked["annotations"][:3]] == tops  # panel titles follow
    assert stacked["height"] == 3 * 260
    assert for_screen(spec, phone=True)["layout"]["xaxis2"]["domain"] == [0.0, 1.0]
    assert stack_panels(_bars()) == _bars()  # one panel: nothing to stack


def test_the_table_of_a_bar_chart_lists_each_bar_under_the_axis_titles():
    table = figure_table(_bars(), WORDS)
    assert list(table) == ["series", "x", "probability"]
    assert table["series"] == ["cat", "cat", "dog", "dog", "<b>pig</b>", "<b>pig</b>"]
    np.testing.assert_allclose(table["probability"][:2], [0.1764, 0.5])


def test_the_table_of_the_pipeline_names_the_classes_of_each_panel():
    result, spec = _pipeline()
    table = figure_table(spec, WORDS)
    assert list(table) == ["x", "logit x", "log p", "share"]
    assert table["x"] == [*NAMES, *NAMES, *NAMES, "loss"]
    np.testing.assert_allclose(table["log p"][3:6], result.log_probs[0])
    assert table["share"][-1] == result.per_sample[0]


def test_the_table_of_a_heatmap_lists_each_cell():
    grad = np.array([[0.1, -0.2, 0.1], [0.3, 0.0, -0.3]])
    words = {"sample": "sample", "class": "class", "gradient": "dL/dz", "probability": "p"}
    spec = grad_figures.gradient_heatmap(grad, np.full((2, 3), 1 / 3), NAMES, "t", words).to_dict()
    table = figure_table(spec, WORDS)
    assert len(table["value"]) == 6
    np.testing.assert_allclose(sorted(table["value"]), sorted(grad.ravel()))
