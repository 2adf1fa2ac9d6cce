"""The sequences page, run headless: renders both views, follows each control and preset,
names bad input, speaks Chinese. Its links are checked with every page's, in test_links.py."""

import numpy as np
import pytest

from apptest_utils import (
    assert_says,
    assert_widgets,
    click,
    latex_text,
    metric_values,
    page_text,
    render,
    set_widget,
)
from lossviz import cross_entropy
from lossviz.inputs.elements import PRESETS

PAGE = "pages/sequences.py"
SENTENCES = PRESETS["sentences"].batch()


def _load(at, name):
    kind = PRESETS[name].kind
    set_widget(at, "selectbox", f"lv_seq_preset_{kind}", name)
    return click(at, "lv_seq_load")


def test_renders_three_padded_sentences_with_both_means():
    at = render(PAGE)
    assert at.title[0].value == "Sequences and masks: a loss per token, per pixel"
    assert_says(
        at,
        "Matches PyTorch's F.cross_entropy on (3, 3, 5): step by step 0.421425",
        "divides the same sum by all 15 positions, 5 of them ignored",
        "0.2810 is 33% lower than reduction='mean' over the 10 real tokens, 0.4214",
        "Token 2 of sequence 0 (“sat”) is labelled 1, **verb**",
    )
    assert metric_values(at) == ["4.2143", "10 / 15", "0.4214", "0.2810", "-0.1405"]
    latex = latex_text(at)
    assert r"&= \frac{4.2143}{10} = 0.4214" in latex
    assert r"&= \frac{4.2143}{3 \cdot 5} = 0.2810" in latex
    assert r"\ell_{0,2} = w_{1} \cdot (-\log p_{1}) = 1 \times 0.9750 = 0.9750" in latex
    assert r"\frac{0.4752 + 0.3936 + 0.3287}{3} \\ &= 0.3992" in latex
    assert len(at.get("plotly_chart")) == 2  # the token grid, each sequence's mean
    assert not at.error


def test_a_padding_token_is_worked_out_as_ignored():
    at = render(PAGE)
    set_widget(at, "number_input", "lv_seq_sequence", 1)
    set_widget(at, "number_input", "lv_seq_position", 4)
    assert r"y_{1,4} = -100 = \mathtt{ignore\_index}" in latex_text(at)
    assert_says(at, r"Token 4 of sequence 1 (“\<pad\>”) is labelled -100, ignore_index")
    assert at.query_params["seq_sequence"] == "1" and at.query_params["seq_position"] == "4"


@pytest.mark.parametrize("reduction", ["sum", "none"])
def test_the_reduction_changes_what_pytorch_returns(reduction):
    at = set_widget(render(PAGE), "radio", "lv_reduction", reduction)
    assert_says(at, "step by step 4.21425")  # the summed losses
    assert r"\sum_{n,t} \ell_{n,t}" in latex_text(at)
    assert metric_values(at)[2:4] == ["0.4214", "0.2810"]  # both means stay
    assert at.query_params["reduction"] == reduction


def test_label_smoothing_changes_every_token():
    at = set_widget(render(PAGE), "slider", "lv_smoothing", 0.2)
    expected = cross_entropy(SENTENCES.logits, SENTENCES.labels, label_smoothing=0.2).loss
    assert_says(at, f"step by step {expected:.6g}")
    assert r"(1-\varepsilon)" in latex_text(at)


def test_typed_weights_weigh_the_mean_until_switched_off():
    at = render(PAGE)
    assert at.toggle(key="lv_use_weight").disabled
    set_widget(at, "text_input", "lv_seq_weight", "1, 2, 0.5")
    assert not at.toggle(key="lv_use_weight").disabled
    expected = cross_entropy(SENTENCES.logits, SENTENCES.labels, [1, 2, 0.5])
    assert_says(
        at, f"step by step {expected.loss:.6g}", "summed weights, 11, not by their number, 10"
    )
    assert r"w_{y_{n,t}}" in latex_text(at)
    set_widget(at, "toggle", "lv_use_weight", False)
    assert_says(at, "step by step 0.421425")
    assert at.query_params["seq_weight"] == "1, 2, 0.5"


def test_typed_tokens_change_everything():
    at = set_widget(
        render(PAGE),
        "text_area",
        "lv_seq_tokens",
        "a/0: 2 0 0 | b/1: 0 2 0\nc/2: 0 0 2 | <pad>/-100: 9 9 9",
    )
    assert not at.error
    expected = cross_entropy(
        np.array([[[2, 0], [0, 2], [0, 0]], [[0, 9], [0, 9], [2, 9]]]), [[0, 1], [2, -100]]
    )
    assert_says(at, f"step by step {expected.loss:.6g}", "on (2, 3, 2)")
    assert metric_values(at)[1] == "3 / 4"
    assert_widgets(at, number_input={"lv_seq_position": 1})  # kept within 0..1


@pytest.mark.parametrize(
    "text, message",
    [
        ("a/0: 1 2 3 | b/1: 1 x 3", "tokens, sequence 1, token 2: 'x' is not a number"),
        ("a/0: 1 2 3 | b/1: 1 2 3\nc/2: 1 2 3", "sequence 2 has 1 token(s) but sequence 1 has 2"),
        ("", "tokens is empty"),
    ],
)
def test_bad_tokens_show_where_and_the_example(text, message):
    at = set_widget(render(PAGE), "text_area", "lv_seq_tokens", text)
    assert message in at.error[0].value
    assert_says(at, "Showing the example below: Three sentences padded with -100", "0.421425")


def test_a_label_that_is_no_class_is_refused_as_pytorch_refuses_it():
    at = set_widget(render(PAGE), "number_input", "lv_ignore_index", 0)
    error = at.error[0].value
    assert "PyTorch refuses this call: target, row 2, column 4: label -100 is out of range" in error
    assert "ignore_index (now 0)" in error
    assert_says(at, "Showing the example below", "0.421425")


def test_the_padding_class_preset_sets_its_ignore_index():
    at = _load(render(PAGE), "pad_class")
    assert_widgets(
        at,
        number_input={"lv_ignore_index": 0},
        text_input={"lv_seq_names": "<pad>, noun, verb, other"},
    )
    assert at.query_params["ignore_index"] == "0"
    assert_says(at, "ignore_index=0 is a real class", "on (3, 4, 5)")
    assert metric_values(at)[1] == "10 / 15"
    set_widget(at, "number_input", "lv_ignore_index", -100)
    values = metric_values(at)
    assert (
        values[1] == "15 / 15" and float(values[2]) < 0.4
    )  # the padding, easy to predict, lowers it
    assert_says(at, "No token is ignored and there are no weights: both means are the same")


def test_the_mask_view_draws_labels_prediction_and_loss():
    at = render(PAGE, seq_view="pixels")
    assert_says(
        at,
        "F.cross_entropy on (1, 3, 4, 4): step by step 0.214212",
        "The pixel at row 1, column 3 of image 0 is labelled 0, **sky**",
    )
    assert metric_values(at)[1:4] == ["15 / 16", "0.2142", "0.2008"]
    assert len(at.get("plotly_chart")) == 3  # labels, prediction, loss; one mask: no means chart
    assert "lv_mask_image" not in [w.key for w in at.number_input]
    assert r"\ell_{0,1,3}" in latex_text(at)


def test_the_voc_preset_ignores_its_border_at_255():
    at = set_widget(render(PAGE), "radio", "lv_seq_view", "pixels")
    _load(at, "voc_border")
    assert_widgets(at, number_input={"lv_ignore_index": 255})
    assert metric_values(at)[1] == "24 / 36"
    assert at.query_params["seq_view"] == "pixels"
    set_widget(at, "number_input", "lv_ignore_index", -100)
    assert "label 255 is out of range for 2 classes" in at.error[0].value


def test_two_masks_get_an_image_picker_and_the_means_chart():
    two = PRESETS["scene"].elements + "\n\n" + PRESETS["scene"].elements
    at = render(PAGE, seq_view="pixels", mask_pixels=two, mask_image="1")
    assert_widgets(at, number_input={"lv_mask_image": 1})
    assert_says(at, "on (2, 3, 4, 4)", "image 1")
    assert len(at.get("plotly_chart")) == 4


def test_chinese():
    at = render(PAGE, lang="zh")
    assert at.title[0].value == "序列与掩码：逐 token、逐像素的损失"
    assert_says(at, "与 PyTorch 的 F.cross_entropy（输入形状 (3, 3, 5)） 一致", "低 33%")
    set_widget(at, "text_area", "lv_seq_tokens", "a/0: 1 2 3 | b/1: 1 x 3")
    assert "tokens 第 1 个序列第 2 个 token：'x' 不是数字" in at.error[0].value
    set_widget(at, "text_area", "lv_seq_tokens", PRESETS["sentences"].elements)
    set_widget(at, "number_input", "lv_ignore_index", 7)
    assert (
        "PyTorch 会拒绝这次调用" in at.error[0].value and "标签 -100 超出范围" in at.error[0].value
    )


def test_nothing_kept_gives_nan_and_says_why():
    at = render(PAGE, seq_tokens="a/-100: 1 2 3 | b/-100: 1 2 3")
    assert metric_values(at)[2:4] == ["nan", "0.0000"]
    assert_says(at, "Every element is ignored: reduction='mean' divides 0 by 0")
    assert "Every sample is ignored" in page_text(at)  # the core's note
