"""The cross-entropy page's figure builders, headless: traces, colours, axes and the data drawn."""

import numpy as np
import plotly.graph_objects as go

from figure_utils import assert_one_trace_per_class
from lossviz import cross_entropy
from lossviz.cross_entropy import loss_terms
from lossviz.views.cross_entropy import figures
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN, OKABE_ITO, class_color

NAMES = ["cat", "dog", "猪八戒"]
PIPE_TEXT = {
    "title": "Pipeline",
    "logits": "logits",
    "log_probs": "log p = x - lse",
    "terms": "shares",
    "logit": "logit x",
    "log_p": "log p",
    "share": "share",
    "total": "loss",
    "lse": "lse",
}
BATCH_TEXT = {
    "title": "Losses",
    "sample": "sample",
    "loss": "loss",
    "target": "target",
    "weight": "weight",
    "ignored": "ignored",
}


def _seed_pipeline(smoothing=0.0, label=2):
    result = cross_entropy([[1.3, 1.3, 2.6]], [2], label_smoothing=smoothing)
    terms = loss_terms(result.log_probs, result.target_probs)[0]
    return result, figures.pipeline(
        [1.3, 1.3, 2.6],
        result.logsumexp[0],
        result.log_probs[0],
        terms,
        result.per_sample[0],
        label,
        NAMES,
        PIPE_TEXT,
    )


def test_pipeline_three_panels_in_class_colours():
    result, fig = _seed_pipeline()
    assert isinstance(fig, go.Figure)
    assert len(fig.data) == 3
    assert [trace.xaxis for trace in fig.data] == ["x", "x2", "x3"]
    assert list(fig.data[0].marker.color) == list(OKABE_ITO[:3])
    assert list(fig.data[2].marker.color)[:3] == list(OKABE_ITO[:3])
    np.testing.assert_allclose(fig.data[1].y, result.log_probs[0])
    assert fig.layout.yaxis.title.text == "logit x"
    assert fig.layout.yaxis2.title.text == "log p"
    assert fig.layout.yaxis3.title.text == "share"
    assert list(fig.layout.xaxis3.ticktext) == [*NAMES, "loss"]
    assert fig.layout.title.text == "Pipeline"
    assert [a.text for a in fig.layout.annotations][:3] == ["logits", "log p = x - lse", "shares"]


def test_pipeline_marks_lse_and_the_target():
    result, fig = _seed_pipeline()
    assert fig.layout.shapes[0].y0 == result.logsumexp[0]
    assert "lse = 3.0351" in fig.layout.annotations[3].text
    assert list(fig.data[1].marker.line.width) == [0, 0, 3]
    # without smoothing only the target class has a share, and the last bar is the loss
    y = list(fig.data[2].y)
    assert y[:2] == [0.0, 0.0]
    assert y[2] == y[3] == result.per_sample[0]


def test_pipeline_with_smoothing_spreads_the_loss():
    result, fig = _seed_pipeline(smoothing=0.3)
    y = np.array(fig.data[2].y)
    assert (y[:3] > 0).all()
    assert np.isclose(y[:3].sum(), y[3]) and y[3] == result.per_sample[0]


def test_pipeline_hover_has_the_numbers_and_names_are_escaped():
    _, fig = _seed_pipeline()
    assert "%{y:.4f}" in fig.data[0].hovertemplate
    fig = figures.pipeline(
        [0.0, 1.0], 1.3, [-1.3, -0.3], [0.0, 0.3], 0.3, 1, ["<b>x</b>", "y"], PIPE_TEXT
    )
    assert fig.layout.xaxis.ticktext[0] == "&lt;b&gt;x&lt;/b&gt;"
    assert fig.data[0].customdata[0] == "&lt;b&gt;x&lt;/b&gt;"


def _losses(n=6):
    rng = np.random.default_rng(0)
    per_sample = rng.uniform(0.1, 3.0, size=n)
    labels = np.arange(n) % 3
    ignored = np.zeros(n, dtype=bool)
    ignored[1] = True
    per_sample[1] = 0.0
    weights = np.where(ignored, 0.0, np.array([1.0, 4.0, 6.0])[labels])
    return per_sample, labels, ignored, weights


def test_per_sample_losses_one_trace_per_class_ignored_marked():
    per_sample, labels, ignored, weights = _losses()
    lines = [("'mean' = 1.0", 1.0), ("plain mean = 1.5", 1.5)]
    fig = figures.per_sample_losses(
        per_sample, labels, ignored, weights, NAMES, 3, lines, BATCH_TEXT
    )
    assert [trace.name for trace in fig.data] == [*NAMES, "ignored", *[n for n, _ in lines]]
    assert [fig.data[c].marker.color for c in range(3)] == [class_color(c) for c in range(3)]
    assert list(fig.data[0].x) == [0, 3]
    np.testing.assert_allclose(fig.data[0].y, per_sample[[0, 3]])
    assert list(fig.data[0].marker.line.width) == [0, 3]  # sample 3 is selected
    assert list(fig.data[1].x) == [4]  # sample 1 (class 1) is ignored
    assert list(fig.data[3].x) == [1] and fig.data[3].marker.symbol == "x"
    assert list(fig.data[4].y) == [1.0, 1.0] and list(fig.data[5].y) == [1.5, 1.5]
    assert fig.data[0].customdata[1][1] == 1.0  # the weight, in the hover
    assert "weight" in fig.data[0].hovertemplate and "%{y:.4f}" in fig.data[0].hovertemplate
    assert fig.layout.xaxis.title.text == "sample"
    assert fig.layout.yaxis.title.text == "loss"
    assert fig.layout.barmode == "overlay"


def test_per_sample_losses_draw_only_the_first_rows():
    n = 500
    fig = figures.per_sample_losses(
        np.ones(n), np.arange(n) % 3, np.zeros(n, bool), np.ones(n), NAMES, 0, [], BATCH_TEXT
    )
    assert sum(len(trace.x) for trace in fig.data) == MAX_SAMPLES_DRAWN


def test_loss_histogram_leaves_ignored_samples_out():
    per_sample, _, ignored, _ = _losses()
    fig = figures.loss_histogram(per_sample, ignored, "t", "loss", "samples")
    assert len(fig.data) == 1
    np.testing.assert_allclose(fig.data[0].x, per_sample[~ignored])
    assert fig.layout.xaxis.title.text == "loss"
    assert fig.layout.yaxis.title.text == "samples"


def test_target_vs_prediction_groups():
    fig = figures.target_vs_prediction(
        [0.05, 0.05, 0.9], [0.18, 0.18, 0.64], NAMES, "t", "q", "p", "probability"
    )
    assert_one_trace_per_class(fig, NAMES)
    assert list(fig.data[2].x) == ["q", "p"] and list(fig.data[2].y) == [0.9, 0.64]
    assert fig.layout.yaxis.title.text == "probability"
    assert tuple(fig.layout.yaxis.range) == (0, 1)
