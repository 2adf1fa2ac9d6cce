"""The entropy page, run headless: renders, follows its controls, survives bad targets. Its
links, a bad batch and Chinese are checked with every page's, in test_links.py and
test_every_page.py."""

import json

from apptest_utils import (
    assert_says,
    load_random_batch,
    page_tables,
    page_text,
    render,
    set_widget,
)

PAGE = "pages/entropy_kl.py"
EXTREME = {"logits": "10000, 0, -10000; -10000, 10000, 0", "target": "0, 2"}


def _charts(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _tables(at):
    return [frame.value for frame in page_tables(at)]


def test_renders_the_seed_example():
    at = render(PAGE)
    assert_says(
        at,
        "Matches PyTorch's F.cross_entropy (label_smoothing=0; batch mean, in nats)",
        "Matches PyTorch's F.kl_div(reduction='batchmean')",
        r"= 0.4351 - 0.0000 = 0.4351\ \text{nats}",
        "H(p) + KL(p‖q) = 0.000000 + 0.435065 = 0.435065 nats",
        "[0] = 0.435065 nats",
        "(a) A hard label has zeros",
    )
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
    notes = " ".join(info.value for info in at.info)
    assert "Did you pass probabilities?" in notes and "'mean' divides the sum" in notes


def test_label_smoothing_sets_a_floor_and_matches_cross_entropy():
    at = set_widget(render(PAGE), "slider", "lv_smoothing", 0.1)
    assert_says(
        at,
        "label_smoothing=0.1, reduction='none')[0] = 0.521732 nats",
        "H(p) + KL(p‖q) = 0.291140 + 0.230592 = 0.521732 nats",
        r"= 0.2911\ \text{nats}",  # H(p) of the smoothed label
        "the floor H(p) = 0.2911 nats",
        "(a) PyTorch gives no warning for swapped arguments",
    )
    assert at.query_params["smoothing"] == "0.1"


def test_bits_divide_every_value_by_ln2():
    at = set_widget(render(PAGE), "radio", "lv_unit", "bits")
    assert_says(
        at,
        r"1.0000 \log_2 0.6472",
        r"= 0.6277\ \text{bits}",  # 0.4351 / ln 2
        "[0] = 0.435065 nats",  # PyTorch's own numbers stay in nats
    )
    assert at.query_params["unit"] == "bits"
    assert "information (bits)" in json.dumps(_charts(at)[0]["layout"], ensure_ascii=False)


def test_the_sample_picker_selects_the_formulas():
    at = render(PAGE, logits="1.3, 1.3, 2.6; 0, 2, 1", target="2, 0")
    set_widget(at, "number_input", "lv_sample", 1)
    assert at.header[0].value == "Sample 1, with its numbers"
    assert_says(at, r"1.0000 \log 0.0900")
    assert at.query_params["sample"] == "1"


def test_extreme_logits_show_infinity_without_crashing():
    at = render(PAGE, smoothing="0.1", **EXTREME)
    assert_says(
        at,
        r"= \infty - 0.2911 = \infty\ \text{nats}",
        "some q_c is exactly 0 in float64",
        "= 1000.000000 nats",
        "The mean KL from probabilities is ∞",
    )
    per_sample = _tables(at)[0]
    assert per_sample.iloc[:, 2].tolist() == ["∞", "∞"]
    assert "∞" in charts_text(at)


def charts_text(at):
    return json.dumps(_charts(at), ensure_ascii=False)


def test_soft_targets_are_the_target_distribution():
    at = render(PAGE, logits="1.3, 1.3, 2.6; 0, 1, 2", target="0.2, 0.3, 0.5; 0, 0, 1")
    assert_says(
        at,
        "p: the batch's probability rows (soft targets)",
        r"&= -(0.2000 \log 0.2000 + 0.3000 \log 0.3000",
    )
    assert len(_charts(at)) == 3  # no label-smoothing floor for soft targets


def test_soft_targets_that_are_not_distributions_show_an_error():
    at = render(PAGE, logits="1.3, 1.3, 2.6; 0, 1, 2", target="0.2, 0.3, 0.4; 0, 0, 1")
    assert "Entropy and KL need every target row to be a probability distribution" in (
        at.error[0].value
    )
    assert_says(
        at,
        "Target row 1 is not a probability distribution (it sums to 0.9)",
        "p: the one-hot label of each sample",
    )


def test_class_weights_are_left_out():
    at = render(PAGE, logits="1.3, 1.3, 2.6", target="2", weight="1, 2, 3")
    assert_says(at, "The class weights are not used on this page", "[0] = 0.435065 nats")


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "charts show the first 20")
    charts = _charts(at)
    assert len(charts[0]["data"][0]["x"]) == 20
    histogram = charts[1]["data"]
    assert [trace["type"] for trace in histogram] == ["histogram", "histogram"]
    assert len(_tables(at)[0]) == 500


def test_the_badge_names_its_unit_and_gives_the_batch_mean_in_bits_too():
    at = render(PAGE)
    assert_says(at, "F.cross_entropy (label_smoothing=0; batch mean, in nats)")
    assert "÷ ln 2" not in page_text(at)
    at = set_widget(at, "radio", "lv_unit", "bits")
    assert_says(at, "batch mean, in nats", "0.435065 nats ÷ ln 2 = 0.627666 bits")


def test_the_kl_div_demonstration_does_not_blame_the_batch():
    at = render(PAGE)
    text = page_text(at)
    # The note on (b) asks "Did you pass probabilities?": the caption before it says that (b)
    # does so on purpose, and that the notes speak to code that makes the mistake.
    said = text.index("nothing in the batch is wrong")
    assert said < text.index("Did you pass probabilities?")
    assert_says(at, "wrong on purpose", "what lossviz says to code that makes these two mistakes")
