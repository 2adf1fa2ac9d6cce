"""The numerical stability page, run headless: renders, follows its controls, survives bad input
and links, speaks Chinese and summarises a large batch."""

from apptest_utils import open_page, page_text, type_bad_logits

PAGE = "pages/stability.py"


def _losses(at) -> list[str]:
    """The three routes' loss metrics: by hand, softmax then log, fused."""
    return [metric.value for metric in at.metric]


def test_renders_the_seed_example():
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert at.title[0].value == "Numerical stability"
    # float32 at s = 100: exp(260) overflows; softmax then log loses its gradient; fused is fine
    assert _losses(at) == ["NaN", "0", "0"]
    assert "the loss is NaN" in text
    assert "finite loss, but the gradient is NaN" in text
    assert "loss and gradient finite" in text
    assert "Matches PyTorch's F.cross_entropy (float32)" in text
    assert "Matches PyTorch's F.binary_cross_entropy (float32)" in text
    assert "88.7228317" in text and "709.782712893384" in text and "16.63553" in text
    assert r"\frac{\infty}{\infty} = \text{NaN}" in text
    assert len(at.get("plotly_chart")) == 4
    assert "34.1242" in at.dataframe[1].value.to_string()


def test_the_scale_changes_the_numbers_and_the_link():
    at = open_page(PAGE)
    at.select_slider(key="lv_stability_scale").set_value(1.0).run()
    assert not at.exception
    assert _losses(at) == ["0.435065", "0.435065", "0.435065"]
    assert "loss and gradient finite" in page_text(at)
    assert at.query_params["stability_scale"] == "1.0"


def test_the_dtype_changes_the_numbers_and_the_link():
    at = open_page(PAGE)
    at.radio(key="lv_stability_dtype").set_value("float64").run()
    assert not at.exception
    text = page_text(at)
    assert "at s = 100 in float64" in text
    assert "the loss is NaN" not in text and "Matches PyTorch's F.cross_entropy (float64)" in text
    # log(1 + 2 e^-130) rounds to 0 even in float64: a finite, right answer
    assert _losses(at) == ["0", "0", "0"]
    assert at.query_params["stability_dtype"] == "float64"


def test_the_jump_buttons_go_to_either_side_of_the_threshold():
    at = open_page(PAGE)
    at.button(key="lv_stability_jump_before").click().run()
    assert not at.exception
    assert at.select_slider(key="lv_stability_scale").value == 34.124168395996094
    assert _losses(at)[0] != "NaN"
    at.button(key="lv_stability_jump_at").click().run()
    assert at.select_slider(key="lv_stability_scale").value == 34.12417221069336
    assert _losses(at)[0] == "NaN"
    assert at.query_params["stability_scale"] == "34.12417221069336"


def test_the_sample_picker_picks_the_row():
    at = open_page(PAGE, logits="1.3, 1.3, 2.6; 0, -5, 0", target="2, 1", stability_scale="25")
    at.number_input(key="lv_sample").set_value(1).run()
    assert not at.exception
    # e^-125 underflows to 0 in float32 without any overflow: the loss is infinite
    assert _losses(at) == ["∞", "∞", "125.693"]
    assert "The whole batch at s = 25" in page_text(at)


def test_bad_logits_show_an_error_and_keep_the_last_batch():
    at = type_bad_logits(open_page(PAGE))
    assert _losses(at) == ["NaN", "0", "0"]


def test_a_link_opens_the_same_state():
    at = open_page(
        PAGE,
        stability_scale="34.5",
        stability_dtype="float64",
        sample="1",
        logits="0, 1, 2; 1.3, 1.3, 2.6",
        target="0, 2",
    )
    assert not at.exception
    assert at.select_slider(key="lv_stability_scale").value == 34.5
    assert at.radio(key="lv_stability_dtype").value == "float64"
    assert at.number_input(key="lv_sample").value == 1
    assert r"x = s\,z = 34.5" in page_text(at)
    at.radio(key="lv_stability_dtype").set_value("float32").run()
    assert "stability_dtype" not in at.query_params
    assert at.query_params["stability_scale"] == "34.5"


def test_a_broken_link_shows_a_message_and_the_defaults():
    at = open_page(PAGE, stability_scale="abc", stability_dtype="float16")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "'stability_scale'" in warnings and "'stability_dtype'" in warnings
    assert at.select_slider(key="lv_stability_scale").value == 100.0
    assert at.radio(key="lv_stability_dtype").value == "float32"
    at = open_page(PAGE, stability_scale="1e9")
    assert "must be between 0.001 and 10000" in " ".join(w.value for w in at.warning)


def test_a_soft_target_uses_its_most_likely_class():
    at = open_page(PAGE, logits="1, 2, 3", target="0.1, 0.7, 0.2")
    assert not at.exception
    assert "uses its most likely class, 1, as the label" in page_text(at)


def test_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    text = page_text(at)
    assert at.title[0].value == "数值稳定性"
    assert "与 PyTorch 的 F.cross_entropy (float32) 一致" in text
    assert "损失为 NaN" in text and "为什么框架要把 softmax 与损失融合在一起" in text


def test_a_large_batch_is_summarised():
    at = open_page(PAGE)
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    assert "The whole batch at s = 100" in page_text(at)
    assert len(at.get("plotly_chart")) == 5


def test_logits_too_large_for_float32_break_every_route_without_a_traceback():
    at = open_page(PAGE, logits="1e38, 0, -1e38", target="1", stability_scale="10")
    assert not at.exception
    # x = 1e39 is infinite in float32: even the fused loss is NaN, and agrees with PyTorch's NaN
    assert _losses(at) == ["∞", "NaN", "NaN"]
    assert "Matches PyTorch's F.cross_entropy (float32): step by step NaN" in page_text(at)
    at.radio(key="lv_stability_dtype").set_value("float64").run()
    assert not at.exception and _losses(at)[2] == "1e+39"
