"""The common-mistakes page, run headless: every mistake renders with PyTorch's numbers, the
choice lives in the link, and bad links or batches give messages, not tracebacks."""

import pytest

from apptest_utils import open_page, page_text, type_bad_logits
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
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert at.title[0].value == "Common mistakes"
    assert "PyTorch returns **0.7663**" in text and "PyTorch returns **0.3490**" in text
    assert "Matches PyTorch's F.cross_entropy" in text
    assert "Some tutorials say" in text
    assert len(at.get("plotly_chart")) == 3
    assert at.selectbox(key="lv_mistake").value == "softmax_before_cross_entropy"
    assert at.radio(key="lv_mistake_data").value == "example"


@pytest.mark.parametrize("mistake", MISTAKES)
def test_choosing_each_mistake(mistake):
    at = open_page(PAGE)
    at.selectbox(key="lv_mistake").set_value(mistake).run()
    assert not at.exception
    text = page_text(at)
    for number in KEY_NUMBERS[mistake]:
        assert number in text, (mistake, number)
    assert "Matches PyTorch's" in text
    if mistake != MISTAKES[0]:
        assert at.query_params["mistake"] == mistake


def test_a_link_opens_one_mistake():
    at = open_page(PAGE, mistake="kl_div_arguments")
    assert not at.exception
    assert at.selectbox(key="lv_mistake").value == "kl_div_arguments"
    assert "This mistake runs on its own example." in page_text(at)
    at.selectbox(key="lv_mistake").set_value("ignore_index_minus_one").run()
    assert at.query_params["mistake"] == "ignore_index_minus_one"
    assert "0.3329" in page_text(at)


def test_a_bad_mistake_in_the_link_gives_a_message():
    at = open_page(PAGE, mistake="off_by_one")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "'mistake'" in warnings and "softmax_before_cross_entropy" in warnings
    assert at.selectbox(key="lv_mistake").value == "softmax_before_cross_entropy"
    assert "0.7663" in page_text(at)


def test_a_bad_mistake_in_a_chinese_link():
    at = open_page(PAGE, mistake="x", lang="zh")
    assert not at.exception
    assert "'mistake'" in " ".join(w.value for w in at.warning)


def test_the_batch_one_sample_at_a_time():
    at = open_page(
        PAGE,
        logits="0.5, 2, -1; 3, -2, 0",
        target="1, 0",
        mistake_data="batch",
        sample="1",
    )
    assert not at.exception
    assert at.radio(key="lv_mistake_data").value == "batch"
    assert at.number_input(key="lv_sample").value == 1
    text = page_text(at)
    assert "sample 1 of your batch (label 0)" in text
    assert "[[3.0, -2.0, 0.0]]" in " ".join(c.value for c in at.code)
    at.number_input(key="lv_sample").set_value(0).run()
    assert not at.exception
    assert "sample 0 of your batch (label 1)" in page_text(at)
    assert "sample" not in at.query_params


def test_switching_to_the_batch_updates_the_link():
    at = open_page(PAGE, mistake="ignore_index_minus_one")
    at.radio(key="lv_mistake_data").set_value("batch").run()
    assert not at.exception
    assert at.query_params["mistake_data"] == "batch"
    # The seed batch has one sample, of the last class: ignoring it leaves nothing.
    assert "Every sample of your batch is in the last class" in page_text(at)
    assert "0.3329" in page_text(at)


def test_a_batch_without_weights_falls_back_to_the_example():
    at = open_page(PAGE, mistake="weighted_mean_index_vs_probabilities", mistake_data="batch")
    assert not at.exception
    text = page_text(at)
    assert "Your batch has no class weights" in text
    assert "54.4052" in text


def test_a_weighted_batch_is_used():
    at = open_page(
        PAGE,
        mistake="weighted_mean_index_vs_probabilities",
        mistake_data="batch",
        logits="2.3, 2.1, 4.5; 4.2, 3.2, 5.1",
        target="1, 2",
        weight="25, 25, 100",
        names="a, b, c",
    )
    assert not at.exception
    text = page_text(at)
    assert "your batch (2 samples, 3 classes)" in text
    assert "54.4052" in text and "0.8705" in text


def test_soft_targets_fall_back_to_the_example():
    at = open_page(
        PAGE, logits="1, 2, 3", target="0.2, 0.3, 0.5", mistake_data="batch", names="a, b, c"
    )
    assert not at.exception
    text = page_text(at)
    assert "soft targets" in text and "0.7663" in text


def test_bad_logits_show_an_error_and_keep_the_page():
    at = open_page(PAGE, mistake_data="batch")
    at = type_bad_logits(at)
    assert "PyTorch returns" in page_text(at)


def test_chinese():
    at = open_page(PAGE, lang="zh", mistake="bce_targets_minus_one")
    assert not at.exception
    assert at.title[0].value == "常见错误"
    text = page_text(at)
    assert "PyTorch 返回 **-0.8731**" in text
    assert "有些教程把 BCE 的目标写成" in text
    assert "与 PyTorch 的 F.binary_cross_entropy_with_logits 一致" in text


def test_a_large_batch_is_summarised():
    at = open_page(PAGE, mistake="ignore_index_minus_one", mistake_data="batch")
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    text = page_text(at)
    assert "your batch (500 samples, 3 classes)" in text
    assert "charts show the first 20" in text
