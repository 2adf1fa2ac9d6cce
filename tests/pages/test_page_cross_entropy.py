"""The cross-entropy page, run headless: renders, follows its controls, survives bad input."""

from apptest_utils import open_page, page_text

PAGE = "pages/cross_entropy.py"
IMBALANCED = {
    "logits": "2, .5, -1; 1.8, .2, .1; 2.5, -.3, .4; 1.1, .9, -.5; .3, .8, 1.2; 1.5, 1, .2",
    "target": "0, 0, 0, 0, 2, 1",
    "weight": "1, 4, 6",
}
SOFT = {"logits": "1.3, 1.3, 2.6; 0.5, 2, -1", "target": "0.1, 0.2, 0.7; 0.5, 0.5, 0"}


def test_renders_the_seed_pipeline():
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert at.title[0].value == "Cross-entropy = LogSoftmax + NLL"
    assert "3.0351" in text  # the log-sum-exp
    assert r"\left[-1.7351,\ -1.7351,\ -0.4351\right]" in text  # LogSoftmax
    assert r"\log p_{2} = -0.4351" in text and r"-\log p_{2} = 0.4351" in text
    assert r"1 \times 0.4351 = 0.4351" in text  # the weight step (no weights)
    assert "Matches PyTorch's F.cross_entropy" in page_text(at)
    assert "F.nll\\_loss" in text and r"|\Delta| = 0" in text  # CE = NLL on log_softmax
    assert "This batch has no class weights" in text
    assert at.toggle(key="lv_use_weight").disabled
    assert len(at.get("plotly_chart")) == 3


def test_reduction_changes_the_loss_and_the_link():
    at = open_page(PAGE, logits="1.3, 1.3, 2.6; 0, 0, 0", target="2, 0")
    assert r"= \frac{1.5337}{2} = 0.7668" in page_text(at)
    at.radio(key="lv_reduction").set_value("sum").run()
    assert not at.exception
    assert r"L = \sum_i \ell_i = 0.4351 + 1.0986 = 1.5337" in page_text(at)
    assert at.query_params["reduction"] == "sum"
    at.radio(key="lv_reduction").set_value("none").run()
    assert r"\mathtt{output} = \left[0.4351,\ 1.0986\right]" in page_text(at)
    assert "'none' returns the 2 per-sample losses" in page_text(at)


def test_class_weights_make_mean_differ_from_the_plain_mean():
    at = open_page(PAGE, **IMBALANCED)
    assert not at.exception
    text = page_text(at)
    assert "w = [1, 4, 6]" in text
    assert "Σ w[yᵢ] = 14" in text and "'mean' gives 0.7391" in text
    assert "the plain mean is 1.7245" in text
    assert "Matches PyTorch's F.cross_entropy: step by step 0.739051" in text
    assert [m.value for m in at.metric][:4] == ["10.3467", "14", "0.7391", "1.7245"]
    at.toggle(key="lv_use_weight").set_value(False).run()
    assert not at.exception
    text = page_text(at)
    assert "switched off" in text and "equals the plain mean" in text
    assert at.query_params["use_weight"] == "False"


def test_ignore_index_a_real_class_and_minus_one():
    at = open_page(PAGE, logits="1.3, 1.3, 2.6; 0.5, 2, -1; 0, 0, 0", target="2, 1, 0")
    at.number_input(key="lv_ignore_index").set_value(1).run()
    assert not at.exception
    text = page_text(at)
    assert "1 is a real class: the 1 sample(s) labelled 1 are left out" in text
    assert r"= \frac{1.5337}{2} = 0.7668" in text  # divided by the 2 kept samples
    assert [m.value for m in at.metric][4] == "2 / 1"
    at.number_input(key="lv_sample").set_value(1).run()
    assert r"y_{1} = 1 = \mathtt{ignore\_index}" in page_text(at)
    at.number_input(key="lv_ignore_index").set_value(-1).run()
    assert "-1 does not mean “the last class”" in page_text(at)
    assert at.query_params["ignore_index"] == "-1"


def test_label_smoothing_shows_its_floor_and_the_extra_term():
    at = open_page(PAGE)
    at.slider(key="lv_smoothing").set_value(0.1).run()
    assert not at.exception
    text = page_text(at)
    assert "0.5217" in text  # the smoothed loss
    assert r"\left[0.0333,\ 0.0333,\ 0.9333\right]" in text  # the smoothed target
    assert r"\ell_{0} \ge H(q)" in text and "= 0.2911" in text  # its floor
    assert r"0.9000 \times 0.4351 + 0.1000 \times 1.3017 = 0.5217" in text  # CE = (1-e) NLL + e U
    assert "NLLLoss has no smoothing" in text
    assert at.query_params["smoothing"] == "0.1"


def test_soft_targets_disable_ignore_index():
    at = open_page(PAGE, ignore_index="1", **SOFT)
    assert not at.exception
    assert at.number_input(key="lv_ignore_index").disabled
    text = page_text(at)
    assert "applies to class labels only" in text
    assert r"0.1000 \times 1.7351 + 0.2000 \times 1.7351 + 0.7000 \times 0.4351" in text
    assert "0.9082" in text  # the mean divides by N = 2
    assert "'mean' always divides by N = 2" in text
    assert "NLLLoss takes class labels only" in text
    assert "Matches PyTorch's F.cross_entropy" in page_text(at)
    assert not at.error


def test_bad_batch_shows_an_error_and_keeps_the_last_batch():
    at = open_page(PAGE)
    at.text_input(key="lv_weight").input("1, -2, 3").run()
    assert not at.exception
    assert "weight, class 1: -2 is negative" in at.error[0].value
    assert "3.0351" in page_text(at)


def test_a_link_opens_the_same_state():
    at = open_page(
        PAGE,
        reduction="sum",
        ignore_index="0",
        smoothing="0.25",
        use_weight="False",
        sample="2",
        **IMBALANCED,
    )
    assert not at.exception
    assert at.radio(key="lv_reduction").value == "sum"
    assert at.number_input(key="lv_ignore_index").value == 0
    assert at.slider(key="lv_smoothing").value == 0.25
    assert at.toggle(key="lv_use_weight").value is False
    assert at.number_input(key="lv_sample").value == 2
    assert "Sample 2, step by step" in page_text(at)


def test_a_broken_link_shows_a_message_and_the_defaults():
    at = open_page(PAGE, reduction="avg", ignore_index="x", use_weight="maybe")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "'reduction'" in warnings and "'ignore_index'" in warnings
    assert "'use_weight'" in warnings
    assert at.radio(key="lv_reduction").value == "mean"
    assert at.number_input(key="lv_ignore_index").value == -100


def test_chinese():
    at = open_page(PAGE, lang="zh", smoothing="0.1", **IMBALANCED)
    assert not at.exception
    assert at.title[0].value == "交叉熵 = LogSoftmax + NLL"
    text = page_text(at)
    assert "与 PyTorch 的 F.cross_entropy 一致" in page_text(at)
    assert "而不是样本数" in text
    assert "使用类别权重时" in text  # the weighted-mean note in Chinese


def test_a_large_batch_is_summarised():
    at = open_page(PAGE)
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    text = page_text(at)
    assert "charts show the first 20" in text
    charts = at.get("plotly_chart")
    assert len(charts) == 4
    assert "All 500 samples that count" in charts[3].proto.spec


def test_weights_that_happen_to_give_the_plain_mean_and_an_all_ignored_batch():
    at = open_page(PAGE, logits="1, 2, 3; 3, 2, 1", target="0, 0", weight="1, 4, 6")
    assert not at.exception
    assert "for these weights and labels both give" in page_text(at)
    at.number_input(key="lv_ignore_index").set_value(0).run()
    assert not at.exception
    text = page_text(at)
    assert "Every sample is ignored" in text
    assert [m.value for m in at.metric][2:] == ["nan", "nan", "0 / 2"]
