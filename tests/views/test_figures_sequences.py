"""The sequences page's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np
import plotly.graph_objects as go

from lossviz import cross_entropy
from lossviz.inputs.elements import PRESETS
from lossviz.views.sequences import figures
from lossviz.views.shared.palette import OKABE_ITO

GRID_WORDS = {
    "row": "sequence",
    "column": "position",
    "label": "label",
    "p": "p",
    "loss": "loss",
    "ignored": "ignored",
}
BATCH = PRESETS["sentences"].batch()
RESULT = cross_entropy(BATCH.logits, BATCH.labels)


def _token_grid(selected=(0, 2)) -> go.Figure:
    return figures.loss_grid(
        RESULT.per_sample,
        RESULT.ignored,
        BATCH.labels,
        BATCH.class_names,
        RESULT.target_log_prob,
        BATCH.words.tolist(),
        ["sequence 0", "sequence 1", "sequence 2"],
        ["0", "1", "2", "3", "4"],
        selected,
        "Each token's loss",
        GRID_WORDS,
    )


def test_the_token_grid_draws_kept_losses_and_greys_the_padding():
    fig = _token_grid()
    grey, loss = fig.data
    assert isinstance(fig, go.Figure) and (grey.name, loss.name) == ("ignored", "loss")
    z = np.asarray(loss.z, dtype=float)
    np.testing.assert_array_equal(np.isnan(z), RESULT.ignored)
    np.testing.assert_allclose(z[~RESULT.ignored], RESULT.per_sample[~RESULT.ignored])
    assert loss.zmin == 0.0 and loss.zmax == RESULT.per_sample.max()
    assert loss.colorscale[0][1] != figures.IGNORED_COLOR
    g = np.asarray(grey.z, dtype=float)
    np.testing.assert_array_equal(~np.isnan(g), RESULT.ignored)
    assert {c[1] for c in grey.colorscale} == {figures.IGNORED_COLOR}
    assert grey.showscale is False


def test_cells_show_the_words_escaped_and_the_hover_names_the_label():
    fig = _token_grid()
    grey, loss = fig.data
    assert loss.text[0][1] == "cat" and loss.text[1][3] == ""  # padding is written in grey
    assert grey.text[1][3] == "&lt;pad&gt;<br>-100"
    assert loss.texttemplate == "%{text}<br>%{z:.3f}"
    assert loss.customdata[0][2][0] == "verb"  # "sat" is a verb
    p = float(loss.customdata[0][2][1])
    assert np.isclose(p, np.exp(RESULT.target_log_prob[0, 2]))
    assert "sequence %{y}, position %{x}" in loss.hovertemplate
    assert "p = %{customdata[1]:.4f}" in loss.hovertemplate
    assert "ignored" in grey.hovertemplate and grey.customdata[2][4][0] == "-100"


def test_the_grid_reads_top_down_and_outlines_the_selected_cell():
    fig = _token_grid(selected=(1, 3))
    assert fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.ticktext) == ["sequence 0", "sequence 1", "sequence 2"]
    assert list(fig.layout.xaxis.tickvals) == [0, 1, 2, 3, 4]
    (box,) = fig.layout.shapes
    assert (box.x0, box.x1, box.y0, box.y1) == (2.5, 3.5, 0.5, 1.5)
    assert not _token_grid(selected=None).layout.shapes
    assert fig.layout.title.text == "Each token's loss"
    assert fig.layout.xaxis.title.text == "position"


def test_a_pixel_grid_without_words_writes_the_loss_alone():
    batch = PRESETS["scene"].batch()
    result = cross_entropy(batch.logits, batch.labels)
    fig = figures.loss_grid(
        result.per_sample[0], result.ignored[0], batch.labels[0], batch.class_names,
        result.target_log_prob[0], [[""] * 4] * 4, list("0123"), list("0123"), None, "t",
        {**GRID_WORDS, "row": "row", "column": "column"},
    )  # fmt: skip
    assert fig.data[1].texttemplate == "%{z:.3f}"
    assert fig.data[0].text[2][0] == "-100"  # the unlabelled pixel


def test_every_element_ignored_still_draws():
    ignored = np.ones((1, 2), bool)
    fig = figures.loss_grid(
        np.zeros((1, 2)), ignored, np.full((1, 2), -100), ["a", "b"], np.full((1, 2), np.nan),
        [["x", "y"]], ["0"], ["0", "1"], None, "t", GRID_WORDS,
    )  # fmt: skip
    assert fig.data[1].zmax == 1.0 and np.isnan(np.asarray(fig.data[1].z, float)).all()


def test_class_map_colours_each_class_and_names_them_on_the_colour_bar():
    batch = PRESETS["voc_border"].batch()
    ignored = batch.labels[0] == 255
    words = {"row": "row", "column": "column", "class": "class", "ignored": "ignored"}
    fig = figures.class_map(
        batch.labels[0], ignored, batch.labels[0].astype(str).tolist(), batch.class_names,
        list("012345"), list("012345"), (2, 2), "Labels", words,
    )  # fmt: skip
    grey, mapped = fig.data
    z = np.asarray(mapped.z, dtype=float)
    np.testing.assert_array_equal(np.isnan(z), ignored)
    assert (mapped.zmin, mapped.zmax) == (-0.5, 1.5)
    assert list(mapped.colorbar.ticktext) == ["background", "cat"]
    colours = {c[1] for c in mapped.colorscale}
    assert colours == {OKABE_ITO[0], OKABE_ITO[1]}
    assert grey.text[1][1] == "255" and mapped.customdata[2][2] == "cat"
    assert len(fig.layout.shapes) == 1


def test_class_map_of_predictions_has_no_grey():
    predicted = np.array([[0, 2], [1, 1]])
    words = {"row": "row", "column": "column", "class": "class", "ignored": "ignored"}
    fig = figures.class_map(
        predicted, None, [["0", "2"], ["1", "1"]], ["a", "<b>", "c"], ["0", "1"], ["0", "1"],
        None, "t", words,
    )  # fmt: skip
    assert np.isnan(np.asarray(fig.data[0].z, float)).all()
    assert list(fig.data[1].colorbar.ticktext) == ["a", "&lt;b&gt;", "c"]


def test_sample_means_chart_draws_a_bar_per_sample_and_a_line_per_mean():
    fig = figures.sample_means_chart(
        np.array([0.48, 0.39, 0.33]),
        np.array([5, 3, 2]),
        [("mean", 0.42), ("naive", 0.28), ("mean of means", 0.40)],
        ["sequence 0", "sequence 1", "sequence 2"],
        "Each sequence's mean",
        {"sample": "sequence", "loss": "mean loss", "kept": "{count} tokens"},
    )
    bars, *lines = fig.data
    assert list(bars.text) == ["5 tokens", "3 tokens", "2 tokens"]
    assert [line.name for line in lines] == ["mean", "naive", "mean of means"]
    assert [line.y[0] for line in lines] == [0.42, 0.28, 0.40]
    assert len({line.line.dash for line in lines}) == 3
    assert fig.layout.yaxis.title.text == "mean loss"
