"""The softmax page, run headless: renders, follows its controls, survives bad input and links."""

from apptest_utils import open_page, page_text, type_bad_logits

PAGE = "pages/softmax.py"


def test_renders_the_seed_example():
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert "0.6472" in text and "1.5451" in text
    assert "Matches PyTorch's torch.softmax" in text
    assert len(at.get("plotly_chart")) >= 3


def test_temperature_changes_the_numbers_and_the_link():
    at = open_page(PAGE)
    at.slider(key="lv_temperature").set_value(2.0).run()
    assert not at.exception
    assert "e^{2.6000 / 2}" in page_text(at)
    assert at.query_params["temperature"] == "2.0"


def test_shift_changes_nothing():
    at = open_page(PAGE)
    at.number_input(key="lv_shift").set_value(50.0).run()
    assert not at.exception
    assert "+50 added" in page_text(at)
    assert "0.6472" in page_text(at)


def test_bad_logits_show_an_error_and_keep_the_last_batch():
    at = type_bad_logits(open_page(PAGE))
    assert "0.6472" in page_text(at)


def test_a_link_opens_the_same_state():
    at = open_page(
        PAGE, logits="0, 0; 1, 3", target="0, 1", names="a, b", temperature="0.5", sample="1"
    )
    assert not at.exception
    assert at.slider(key="lv_temperature").value == 0.5
    assert at.number_input(key="lv_sample").value == 1
    assert "e^{3.0000 / 0.5}" in page_text(at)


def test_a_broken_link_shows_a_message_and_the_defaults():
    at = open_page(PAGE, temperature="hot", logits="1, 2; 3", target="0")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "'temperature'" in warnings and "'logits'" in warnings
    assert at.slider(key="lv_temperature").value == 1.0
    assert "0.6472" in page_text(at)


def test_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    assert at.title[0].value == "Softmax 与温度"
    assert "与 PyTorch 的 torch.softmax 一致" in page_text(at)


def test_a_large_batch_is_summarised():
    at = open_page(PAGE)
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    assert "charts show the first 20" in page_text(at)
