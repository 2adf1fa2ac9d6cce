"""The entropy page, run headless: renders, follows its controls, survives bad input and links."""

import json

from apptest_utils import open_page, page_text, type_bad_logits

PAGE = "pages/entropy_kl.py"
EXTREME = {"logits": "10000, 0, -10000; -10000, 10000, 0", "target": "0, 2"}


def _charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _tables(at):
    return [frame.value for frame in at.dataframe]


def test_renders_the_seed_example():
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert "Matches PyTorch's F.cross_entropy (label_smoothing=0)" in text
    assert "Matches PyTorch's F.kl_div(reduction='batchmean')" in text
    assert r"= 0.4351 - 0.0000 = 0.4351\ \text{nats}" in text
    assert "H(p) + KL(p‖q) = 0.000000 + 0.435065 = 0.435065 nats" in text
    assert "[0] = 0.435065 nats" in text
    charts = _charts(at)
    assert len(charts) == 4  # stacked bars, surprise, both KL directions, the smoothing floor
    stacked = charts[0]["data"]
    assert [trace["name"] for trace in stacked] == [
        "entropy H(p)",
        "KL(p‖q)",
        "cross-entropy H(p, q)",
    ]
    calls = _tables(at)[2]
    assert calls.iloc[:, 2].tolist() == ["0.4351", "∞", "-0.6472", "0.1450"]
    assert "(a) A hard label has zeros" in text
    notes = " ".join(info.value for info in at.info)
    assert "Did you pass probabilities?" in notes and "'mean' divides the sum" in notes


def test_label_smoothing_sets_a_floor_and_matches_cross_entropy():
    at = open_page(PAGE)
    at.slider(key="lv_smoothing").set_value(0.1).run()
    assert not at.exception
    text = page_text(at)
    assert "label_smoothing=0.1, reduction='none')[0] = 0.521732 nats" in text
    assert "H(p) + KL(p‖q) = 0.291140 + 0.230592 = 0.521732 nats" in text
    assert r"= 0.2911\ \text{nats}" in text  # H(p) of the smoothed label
    assert "the floor H(p) = 0.2911 nats" in text
    assert "(a) PyTorch gives no warning for swapped arguments" in text
    assert at.query_params["smoothing"] == "0.1"


def test_bits_divide_every_value_by_ln2():
    at = open_page(PAGE)
    at.radio(key="lv_unit").set_value("bits").run()
    assert not at.exception
    text = page_text(at)
    assert r"1.0000 \log_2 0.6472" in text
    assert r"= 0.6277\ \text{bits}" in text  # 0.4351 / ln 2
    assert "[0] = 0.435065 nats" in text  # PyTorch's own numbers stay in nats
    assert at.query_params["unit"] == "bits"
    assert "information (bits)" in json.dumps(_charts(at)[0]["layout"], ensure_ascii=False)


def test_the_sample_picker_selects_the_formulas():
    at = open_page(PAGE, logits="1.3, 1.3, 2.6; 0, 2, 1", target="2, 0")
    at.number_input(key="lv_sample").set_value(1).run()
    assert not at.exception
    assert at.subheader[0].value == "Sample 1, with its numbers"
    assert r"1.0000 \log 0.0900" in page_text(at)
    assert at.query_params["sample"] == "1"


def test_extreme_logits_show_infinity_without_crashing():
    at = open_page(PAGE, smoothing="0.1", **EXTREME)
    assert not at.exception
    text = page_text(at)
    assert r"= \infty - 0.2911 = \infty\ \text{nats}" in text
    assert "some q_c is exactly 0 in float64" in text
    assert "= 1000.000000 nats" in text
    assert "The mean KL from probabilities is ∞" in text
    per_sample = _tables(at)[0]
    assert per_sample.iloc[:, 2].tolist() == ["∞", "∞"]
    assert "∞" in charts_text(at)


def charts_text(at):
    return json.dumps(_charts(at), ensure_ascii=False)


def test_soft_targets_are_the_target_distribution():
    at = open_page(PAGE, logits="1.3, 1.3, 2.6; 0, 1, 2", target="0.2, 0.3, 0.5; 0, 0, 1")
    assert not at.exception
    text = page_text(at)
    assert "p: the batch's probability rows (soft targets)" in text
    assert r"&= -(0.2000 \log 0.2000 + 0.3000 \log 0.3000" in text
    assert len(_charts(at)) == 3  # no label-smoothing floor for soft targets


def test_soft_targets_that_are_not_distributions_show_an_error():
    at = open_page(PAGE, logits="1.3, 1.3, 2.6; 0, 1, 2", target="0.2, 0.3, 0.4; 0, 0, 1")
    assert not at.exception
    assert "Entropy and KL need every target row to be a probability distribution" in (
        at.error[0].value
    )
    assert "Target row 1 is not a probability distribution (it sums to 0.9)" in page_text(at)
    assert "p: the one-hot label of each sample" in page_text(at)


def test_class_weights_are_left_out():
    at = open_page(PAGE, logits="1.3, 1.3, 2.6", target="2", weight="1, 2, 3")
    assert not at.exception
    assert "The class weights are not used on this page" in page_text(at)
    assert "[0] = 0.435065 nats" in page_text(at)


def test_bad_logits_show_an_error_and_keep_the_last_batch():
    at = type_bad_logits(open_page(PAGE))
    assert "[0] = 0.435065 nats" in page_text(at)


def test_a_link_opens_the_same_state():
    at = open_page(
        PAGE,
        logits="1.3, 1.3, 2.6; 0, 2, 1",
        target="2, 0",
        smoothing="0.2",
        unit="bits",
        sample="1",
    )
    assert not at.exception
    assert at.slider(key="lv_smoothing").value == 0.2
    assert at.radio(key="lv_unit").value == "bits"
    assert at.number_input(key="lv_sample").value == 1
    assert "label_smoothing=0.2" in page_text(at)
    at.slider(key="lv_smoothing").set_value(0.3).run()
    assert at.query_params["smoothing"] == "0.3"
    assert at.query_params["unit"] == "bits"


def test_a_broken_link_shows_a_message_and_the_defaults():
    at = open_page(PAGE, unit="kelvin", smoothing="2")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "'unit'" in warnings and "'smoothing'" in warnings
    assert at.radio(key="lv_unit").value == "nats"
    assert at.slider(key="lv_smoothing").value == 0.0


def test_chinese():
    at = open_page(PAGE, lang="zh", smoothing="0.1")
    assert not at.exception
    assert at.title[0].value == "熵、交叉熵与 KL 散度"
    text = page_text(at)
    assert "与 PyTorch 的 F.cross_entropy（label_smoothing=0.1） 一致" in text
    assert "为什么标签平滑后的损失永远到不了 0" in text
    assert "请使用 reduction='batchmean'" in text  # the learner note, translated
    assert "input 不是对数概率" in text


def test_a_large_batch_is_summarised():
    at = open_page(PAGE)
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    assert "charts show the first 20" in page_text(at)
    charts = _charts(at)
    assert len(charts[0]["data"][0]["x"]) == 20
    histogram = charts[1]["data"]
    assert [trace["type"] for trace in histogram] == ["histogram", "histogram"]
    assert len(_tables(at)[0]) == 500
