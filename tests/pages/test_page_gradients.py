"""The gradients page, run headless: renders, follows its controls, survives bad input and links."""

import base64
import json

import numpy as np

from apptest_utils import open_page, page_text, type_bad_logits

PAGE = "pages/gradients.py"
TWO = {"logits": "1.3, 1.3, 2.6; 0, 0, 0", "target": "2, 0"}


def _rows(array) -> int:
    """How many rows a figure's array holds (plotly may send arrays base64-encoded)."""
    if isinstance(array, dict):
        if "shape" in array:
            return int(str(array["shape"]).split(",")[0])
        return len(np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]))
    return len(array)


def _traces(at) -> list[str]:
    return [
        trace["type"]
        for chart in at.get("plotly_chart")
        for trace in json.loads(chart.proto.spec)["data"]
    ]


def test_renders_the_seed_example():
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert r"(0.6472 - 1.0000)\cdot\frac{1.0000}{1.0000} = -0.3528" in text
    assert r"(0.1764,\ 0.1764,\ -0.3528)" in text
    assert "Matches PyTorch's loss.backward() through F.cross_entropy" in text
    assert "= 0.435065" in text
    assert len(at.get("plotly_chart")) == 4
    assert "heatmap" in _traces(at)
    assert len(at.dataframe) == 2
    code = at.code[0].value
    assert "loss.backward()" in code and "print(logits.grad)" in code


def test_reduction_changes_the_denominator_and_the_link():
    at = open_page(PAGE, **TWO)
    assert r"\frac{1.0000}{2.0000}" in page_text(at)
    assert "d = 2, the number of samples" in page_text(at)
    at.radio(key="lv_reduction").set_value("sum").run()
    assert not at.exception
    text = page_text(at)
    assert r"\frac{1.0000}{1.0000} = -0.3528" in text
    assert "nothing is divided (d = 1)" in text
    assert at.query_params["reduction"] == "sum"
    at.radio(key="lv_reduction").set_value("none").run()
    assert "(the sum of the per-sample losses)" in page_text(at)
    assert "loss.sum().backward()" in at.code[0].value


def test_ignore_index_zeroes_a_row():
    at = open_page(PAGE, **TWO)
    at.number_input(key="lv_ignore_index").set_value(2).run()
    assert not at.exception
    text = page_text(at)
    assert "1 ignored sample(s): their rows are exactly 0" in text
    assert "Sample 0 is ignored (its label 2 equals ignore_index)" in text
    assert r"(0.0000,\ 0.0000,\ 0.0000)" in text
    assert at.query_params["ignore_index"] == "2"


def test_every_sample_ignored_says_so():
    at = open_page(PAGE, logits="1, 2, 0; 3, 4, 0", target="0, 0", ignore_index="0")
    assert not at.exception
    assert "Every sample is ignored" in page_text(at)


def test_smoothing_moves_the_target_and_the_curve():
    at = open_page(PAGE)
    at.slider(key="lv_smoothing").set_value(0.3).run()
    assert not at.exception
    text = page_text(at)
    assert "(0.6472 - 0.8000)" in text
    assert "1 − ε + ε/C = 0.8" in text
    assert at.query_params["smoothing"] == "0.3"


def test_trying_weights_and_switching_them_off():
    at = open_page(PAGE, **TWO)
    at.button(key="lv_grad_try_weights").click().run()
    assert not at.exception
    assert at.text_input(key="lv_weight").value == "1, 2, 3"
    text = page_text(at)
    assert "d = Σ w_y = 4" in text
    assert r"\frac{3.0000}{4.0000}" in text
    at.slider(key="lv_smoothing").set_value(0.1).run()
    assert r"\sum_c w_c t_c - w_j t_j" in page_text(at)
    at.toggle(key="lv_use_weight").set_value(False).run()
    assert not at.exception
    assert at.query_params["use_weight"] == "False"
    text = page_text(at)
    assert "are switched off" in text
    assert r"\sum_c w_c t_c" not in text and r"\frac{1.0000}{2.0000}" in text
    assert "weight = None" in at.code[0].value


def test_the_view_switch_draws_bars():
    at = open_page(PAGE, **TWO)
    at.radio(key="lv_grad_view").set_value("bars").run()
    assert not at.exception
    assert "heatmap" not in _traces(at)
    assert _traces(at).count("bar") == 6  # 3 classes of the batch chart, 3 of the sample chart
    assert at.query_params["grad_view"] == "bars"


def test_soft_targets_with_a_class_ignore_index_show_an_error():
    at = open_page(PAGE, logits="1, 2, 3", target="0.2, 0.3, 0.5", ignore_index="1")
    assert not at.exception
    assert "cannot be used with probability targets" in at.error[0].value
    assert "Matches PyTorch" in page_text(at)
    assert "no single theoretical curve" in page_text(at)


def test_bad_logits_show_an_error_and_keep_the_last_batch():
    at = type_bad_logits(open_page(PAGE))
    assert "-0.3528" in page_text(at)


def test_a_link_opens_the_same_state():
    at = open_page(
        PAGE,
        **TWO,
        reduction="sum",
        ignore_index="7",
        smoothing="0.2",
        grad_view="bars",
        sample="1",
    )
    assert not at.exception
    assert at.radio(key="lv_reduction").value == "sum"
    assert at.number_input(key="lv_ignore_index").value == 7
    assert at.slider(key="lv_smoothing").value == 0.2
    assert at.radio(key="lv_grad_view").value == "bars"
    assert at.number_input(key="lv_sample").value == 1
    assert "sample 1, ∂L/∂z_0" in page_text(at)


def test_a_broken_link_shows_a_message_and_the_defaults():
    at = open_page(PAGE, grad_view="pie", reduction="avg")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "'grad_view'" in warnings and "'reduction'" in warnings
    assert at.radio(key="lv_grad_view").value == "heatmap"


def test_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    assert at.title[0].value == "梯度：每个 logit 的 ∂L/∂z"
    text = page_text(at)
    assert "与 PyTorch 的 F.cross_entropy 反向传播 loss.backward()" in text
    assert "交叉熵把力气花在错误上" in text


def test_a_large_batch_is_summarised():
    at = open_page(PAGE)
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    assert "charts show the first 20" in page_text(at)
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert _rows(heatmap["z"]) == 20
    scatter = json.loads(at.get("plotly_chart")[2].proto.spec)["data"]
    assert sum(_rows(trace["x"]) for trace in scatter if trace["mode"] == "markers") == 500
