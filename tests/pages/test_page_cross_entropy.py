"""The cross-entropy page, run headless: renders, follows its controls, survives bad input.
Its links and Chinese are checked with every page's, in test_links.py and test_every_page.py."""

from apptest_utils import (
    WEIGHTED_BATCH,
    assert_says,
    load_random_batch,
    metric_values,
    render,
    set_widget,
)

PAGE = "pages/cross_entropy.py"
SOFT = {"logits": "1.3, 1.3, 2.6; 0.5, 2, -1", "target": "0.1, 0.2, 0.7; 0.5, 0.5, 0"}


def test_renders_the_seed_pipeline():
    at = render(PAGE)
    assert at.title[0].value == "Cross-entropy = LogSoftmax + NLL"
    assert_says(
        at,
        "3.0351",  # the log-sum-exp
        r"\left[-1.7351,\ -1.7351,\ -0.4351\right]",  # LogSoftmax
        r"\log p_{2} = -0.4351",
        r"-\log p_{2} = 0.4351",
        r"1 \times 0.4351 = 0.4351",  # the weight step (no weights)
        "Matches PyTorch's F.cross_entropy",
        "F.nll\\_loss",  # CE = NLL on log_softmax
        r"|\Delta| = 0",
        "This batch has no class weights",
    )
    assert at.toggle(key="lv_use_weight").disabled
    assert len(at.get("plotly_chart")) == 3


def test_reduction_changes_the_loss_and_the_link():
    at = render(PAGE, logits="1.3, 1.3, 2.6; 0, 0, 0", target="2, 0")
    assert_says(at, r"= \frac{1.5337}{2} = 0.7668")
    set_widget(at, "radio", "lv_reduction", "sum")
    assert_says(at, r"L = \sum_i \ell_i = 0.4351 + 1.0986 = 1.5337")
    assert at.query_params["reduction"] == "sum"
    set_widget(at, "radio", "lv_reduction", "none")
    assert_says(
        at,
        r"\mathtt{output} = \left[0.4351,\ 1.0986\right]",
        "'none' returns the 2 per-sample losses",
    )


def test_class_weights_make_mean_differ_from_the_plain_mean():
    at = render(PAGE, **WEIGHTED_BATCH)
    assert_says(
        at,
        "w = [1, 4, 6]",
        "Σ w[yᵢ] = 14",
        "'mean' gives 0.7391",
        "the plain mean is 1.7245",
        "Matches PyTorch's F.cross_entropy: step by step 0.739051",
    )
    assert metric_values(at)[:4] == ["10.3467", "14", "0.7391", "1.7245"]
    set_widget(at, "toggle", "lv_use_weight", False)
    assert_says(at, "switched off", "equals the plain mean")
    assert at.query_params["use_weight"] == "False"


def test_ignore_index_a_real_class_and_minus_one():
    at = render(PAGE, logits="1.3, 1.3, 2.6; 0.5, 2, -1; 0, 0, 0", target="2, 1, 0")
    set_widget(at, "number_input", "lv_ignore_index", 1)
    assert_says(
        at,
        "1 is a real class: the 1 sample(s) labelled 1 are left out",
        r"= \frac{1.5337}{2} = 0.7668",  # divided by the 2 kept samples
    )
    assert metric_values(at)[4] == "2 / 1"
    set_widget(at, "number_input", "lv_sample", 1)
    assert_says(at, r"y_{1} = 1 = \mathtt{ignore\_index}")
    set_widget(at, "number_input", "lv_ignore_index", -1)
    assert_says(at, "-1 does not mean “the last class”")
    assert at.query_params["ignore_index"] == "-1"


def test_label_smoothing_shows_its_floor_and_the_extra_term():
    at = set_widget(render(PAGE), "slider", "lv_smoothing", 0.1)
    assert_says(
        at,
        "0.5217",  # the smoothed loss
        r"\left[0.0333,\ 0.0333,\ 0.9333\right]",  # the smoothed target
        r"\ell_{0} \ge H(q)",  # its floor
        "= 0.2911",
        r"0.9000 \times 0.4351 + 0.1000 \times 1.3017 = 0.5217",  # CE = (1-e) NLL + e U
        "NLLLoss has no smoothing",
    )
    assert at.query_params["smoothing"] == "0.1"


def test_soft_targets_disable_ignore_index():
    at = render(PAGE, ignore_index="1", **SOFT)
    assert at.number_input(key="lv_ignore_index").disabled
    assert_says(
        at,
        "applies to class labels only",
        r"0.1000 \times 1.7351 + 0.2000 \times 1.7351 + 0.7000 \times 0.4351",
        "0.9082",  # the mean divides by N = 2
        "'mean' always divides by N = 2",
        "NLLLoss takes class labels only",
        "Matches PyTorch's F.cross_entropy",
    )
    assert not at.error


def test_bad_batch_shows_an_error_and_keeps_the_last_batch():
    at = set_widget(render(PAGE), "text_input", "lv_weight", "1, -2, 3")
    assert "weight, class 1: -2 is negative" in at.error[0].value
    assert_says(at, "3.0351")


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "charts show the first 20")
    charts = at.get("plotly_chart")
    assert len(charts) == 4
    assert "All 500 samples that count" in charts[3].proto.spec


def test_weights_that_happen_to_give_the_plain_mean_and_an_all_ignored_batch():
    at = render(PAGE, logits="1, 2, 3; 3, 2, 1", target="0, 0", weight="1, 4, 6")
    assert_says(at, "for these weights and labels both give")
    set_widget(at, "number_input", "lv_ignore_index", 0)
    assert_says(at, "Every sample is ignored")
    assert metric_values(at)[2:] == ["NaN", "NaN", "0 / 2"]
