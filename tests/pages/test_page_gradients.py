"""The gradients page, run headless: renders, follows its controls, survives bad targets. Its
links, a bad batch and Chinese are checked with every page's, in test_links.py and
test_every_page.py."""

import base64
import json

import numpy as np

from apptest_utils import (
    assert_says,
    click,
    load_random_batch,
    page_tables,
    page_text,
    render,
    set_widget,
)

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
    at = render(PAGE)
    assert_says(
        at,
        r"(0.6472 - 1.0000)\cdot\frac{1.0000}{1.0000} = -0.3528",
        r"(0.1764,\ 0.1764,\ -0.3528)",
        "Matches PyTorch's loss.backward() through F.cross_entropy",
        "= 0.435065",
    )
    assert len(at.get("plotly_chart")) == 4
    assert "heatmap" in _traces(at)
    assert len(page_tables(at)) == 2
    code = at.code[0].value
    assert "loss.backward()" in code and "print(logits.grad)" in code


def test_reduction_changes_the_denominator_and_the_link():
    at = render(PAGE, **TWO)
    assert_says(at, r"\frac{1.0000}{2.0000}", "d = 2, the number of samples")
    set_widget(at, "radio", "lv_reduction", "sum")
    assert_says(at, r"\frac{1.0000}{1.0000} = -0.3528", "nothing is divided (d = 1)")
    assert at.query_params["reduction"] == "sum"
    set_widget(at, "radio", "lv_reduction", "none")
    assert_says(at, "(the sum of the per-sample losses)")
    assert "loss.sum().backward()" in at.code[0].value


def test_ignore_index_zeroes_a_row():
    at = set_widget(render(PAGE, **TWO), "number_input", "lv_ignore_index", 2)
    assert_says(
        at,
        "1 ignored sample(s): their rows are exactly 0",
        "Sample 0 is ignored (its label 2 equals ignore_index)",
        r"(0.0000,\ 0.0000,\ 0.0000)",
    )
    assert at.query_params["ignore_index"] == "2"


def test_every_sample_ignored_says_so():
    at = render(PAGE, logits="1, 2, 0; 3, 4, 0", target="0, 0", ignore_index="0")
    assert_says(at, "Every sample is ignored")


def test_smoothing_moves_the_target_and_the_curve():
    at = set_widget(render(PAGE), "slider", "lv_smoothing", 0.3)
    assert_says(at, "(0.6472 - 0.8000)", "1 − ε + ε/C = 0.8")
    assert at.query_params["smoothing"] == "0.3"


def test_trying_weights_and_switching_them_off():
    at = click(render(PAGE, **TWO), "lv_grad_try_weights")
    assert at.text_input(key="lv_weight").value == "1, 2, 3"
    assert_says(at, "d = Σ w_y = 4", r"\frac{3.0000}{4.0000}")
    set_widget(at, "slider", "lv_smoothing", 0.1)
    assert_says(at, r"\sum_c w_c t_c - w_j t_j")
    set_widget(at, "toggle", "lv_use_weight", False)
    assert at.query_params["use_weight"] == "False"
    assert_says(at, "are switched off", r"\frac{1.0000}{2.0000}")
    assert r"\sum_c w_c t_c" not in page_text(at)
    assert "weight = None" in at.code[0].value


def test_the_view_switch_draws_bars():
    at = set_widget(render(PAGE, **TWO), "radio", "lv_grad_view", "bars")
    assert "heatmap" not in _traces(at)
    assert _traces(at).count("bar") == 6  # 3 classes of the batch chart, 3 of the sample chart
    assert at.query_params["grad_view"] == "bars"


def test_soft_targets_with_a_class_ignore_index_show_an_error():
    at = render(PAGE, logits="1, 2, 3", target="0.2, 0.3, 0.5", ignore_index="1")
    assert "cannot be used with probability targets" in at.error[0].value
    assert_says(at, "Matches PyTorch", "no single theoretical curve")


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "charts show the first 20")
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert _rows(heatmap["z"]) == 20
    scatter = json.loads(at.get("plotly_chart")[2].proto.spec)["data"]
    assert sum(_rows(trace["x"]) for trace in scatter if trace["mode"] == "markers") == 500
