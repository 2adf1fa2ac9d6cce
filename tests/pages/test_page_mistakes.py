"""The common-mistakes page, run headless: every mistake renders with PyTorch's numbers, the
choice lives in the link, and bad links or batches give messages, not tracebacks. A broken link,
a bad batch and Chinese are also checked with every page's, in test_links.py and
test_every_page.py."""

import pytest

from apptest_utils import (
    assert_says,
    assert_widgets,
    load_random_batch,
    render,
    set_widget,
    warning_text,
)
from lossviz.lessons.mistakes import MISTAKES

PAGE = "pages/mistakes.py"

#: A number (or message) each mistake's example must show.
KEY_NUMBERS = {
    "softmax_before_cross_entropy": ["0.7663", "0.3490", "0.5514"],
    "probabilities_into_nll_loss": ["-0.7054", "-2.0000", "0.3490"],
    "targets_not_class_indices": ["IndexError: Target 3 is out of bounds.", "0.3920"],
    "bce_targets_minus_one": ["-0.8731", "0.1269", "all elements of target should be between"],
    "sigmoid_before_bce_with_logits": ["0.3262", "0.0486", "0.3133"],
    "kl_div_arguments": ["0.0523", "0.0458", "0.0174", "-0.3219"],
    "weighted_mean_index_vs_probabilities": ["54.4052", "0.8705"],
    "ignore_index_minus_one": ["0.3670", "0.3329", "Target -1 is out of bounds."],
    "convex_in_logits_not_weights": ["0.6931", "0.0130", "0.0088"],
}


def test_renders_the_double_softmax_example_by_default():
    at = render(PAGE)
    assert at.title[0].value == "Common mistakes"
    assert_says(
        at,
        "PyTorch returns **0.7663**",
        "PyTorch returns **0.3490**",
        "Matches PyTorch's F.cross_entropy",
        "Some tutorials say",
    )
    assert len(at.get("plotly_chart")) == 3
    assert_widgets(
        at,
        selectbox={"lv_mistake": "softmax_before_cross_entropy"},
        radio={"lv_mistake_data": "example"},
    )


@pytest.mark.parametrize("mistake", MISTAKES)
def test_choosing_each_mistake(mistake):
    at = set_widget(render(PAGE), "selectbox", "lv_mistake", mistake)
    assert_says(at, *KEY_NUMBERS[mistake], "Matches PyTorch's")
    if mistake != MISTAKES[0]:
        assert at.query_params["mistake"] == mistake


def test_a_link_opens_one_mistake():
    at = render(PAGE, mistake="kl_div_arguments")
    assert_widgets(at, selectbox={"lv_mistake": "kl_div_arguments"})
    assert_says(at, "This mistake runs on its own example.")
    set_widget(at, "selectbox", "lv_mistake", "ignore_index_minus_one")
    assert at.query_params["mistake"] == "ignore_index_minus_one"
    assert_says(at, "0.3329")


def test_a_bad_mistake_in_a_chinese_link():
    at = render(PAGE, mistake="x", lang="zh")
    assert "'mistake'" in warning_text(at)


def test_the_batch_one_sample_at_a_time():
    at = render(
        PAGE,
        logits="0.5, 2, -1; 3, -2, 0",
        target="1, 0",
        mistake_data="batch",
        sample="1",
    )
    assert_widgets(at, radio={"lv_mistake_data": "batch"}, number_input={"lv_sample": 1})
    assert_says(at, "sample 1 of your batch (label 0)")
    assert "[[3.0, -2.0, 0.0]]" in " ".join(c.value for c in at.code)
    set_widget(at, "number_input", "lv_sample", 0)
    assert_says(at, "sample 0 of your batch (label 1)")
    assert "sample" not in at.query_params


def test_switching_to_the_batch_updates_the_link():
    at = render(PAGE, mistake="ignore_index_minus_one")
    set_widget(at, "radio", "lv_mistake_data", "batch")
    assert at.query_params["mistake_data"] == "batch"
    # The seed batch has one sample, of the last class: ignoring it leaves nothing.
    assert_says(at, "Every sample of your batch is in the last class", "0.3329")


def test_a_batch_without_weights_falls_back_to_the_example():
    at = render(PAGE, mistake="weighted_mean_index_vs_probabilities", mistake_data="batch")
    assert_says(at, "Your batch has no class weights", "54.4052")


def test_a_weighted_batch_is_used():
    at = render(
        PAGE,
        mistake="weighted_mean_index_vs_probabilities",
        mistake_data="batch",
        logits="2.3, 2.1, 4.5; 4.2, 3.2, 5.1",
        target="1, 2",
        weight="25, 25, 100",
        names="a, b, c",
    )
    assert_says(at, "your batch (2 samples, 3 classes)", "54.4052", "0.8705")


def test_soft_targets_fall_back_to_the_example():
    at = render(
        PAGE, logits="1, 2, 3", target="0.2, 0.3, 0.5", mistake_data="batch", names="a, b, c"
    )
    assert_says(at, "soft targets", "0.7663")


def test_a_large_batch_is_summarised():
    at = render(PAGE, mistake="ignore_index_minus_one", mistake_data="batch")
    load_random_batch(at)
    assert_says(at, "your batch (500 samples, 3 classes)", "charts show the first 20")
