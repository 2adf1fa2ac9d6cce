"""The imbalance page, run headless: renders, follows its controls, survives bad input. Its
links and a bad batch are checked with every page's, in test_links.py and test_every_page.py."""

from apptest_utils import assert_says, click, load_random_batch, page_text, render, set_widget
from lossviz.inputs.parsing import format_matrix
from lossviz.inputs.presets import imbalanced_batch
from lossviz.lessons.imbalance import class_weights

PAGE = "pages/imbalance.py"


def _loaded(ratio=10, **params):
    """The page after loading an imbalanced batch with ``ratio``."""
    at = set_widget(render(PAGE, **params), "slider", "lv_imbalance_ratio", ratio)
    return click(at, "imbalance_load")


def test_renders_the_seed_example():
    at = render(PAGE)
    assert_says(
        at,
        "imbalance needs several",
        "(1 - 0.6472)^{2} \\times 0.4351",
        "= 0.0541",
        "focal loss (through F.cross_entropy)",
    )
    assert page_text(at).count("Matches PyTorch's") == 3
    assert len(at.get("plotly_chart")) >= 6


def test_the_ratio_loads_an_imbalanced_batch_into_the_link():
    at = _loaded(20)
    assert_says(
        at,
        "cat: 40, dog: 9, 猪八戒: 2 (N = 51); majority : minority = 20 : 1",
        r"\left[40,\ 9,\ 2\right]",
    )
    assert "imbalance needs several" not in page_text(at)
    assert "2.1311" not in page_text(at)
    expected = imbalanced_batch(20).to_text()
    assert at.query_params["logits"] == expected["logits"]
    assert at.query_params["imbalance_ratio"] == "20"
    assert at.text_area(key="lv_logits").value == expected["logits"]


def test_use_and_remove_the_scheme_weights():
    at = _loaded(10)
    weights = format_matrix(class_weights([40, 13, 4], decimals=4), digits=None)
    assert_says(at, "not yet in the batch")
    click(at, "imbalance_use_weights")
    assert at.text_input(key="lv_weight").value == weights == "0.2131, 0.6557, 2.1311"
    assert at.query_params["weight"] == weights
    assert_says(
        at,
        "against the batch's weights",
        r"0.2131 \times 40 + 0.6557 \times 13 + 2.1311 \times 4",
    )
    assert at.button(key="imbalance_use_weights").disabled
    click(at, "imbalance_clear_weights")
    assert at.text_input(key="lv_weight").value == ""
    assert_says(at, "not yet in the batch")


def test_the_effective_number_scheme_and_its_beta():
    at = _loaded(10)
    assert at.number_input(key="lv_effective_beta").disabled
    set_widget(at, "selectbox", "lv_weight_scheme", "effective")
    set_widget(at, "number_input", "lv_effective_beta", 0.9)
    expected = class_weights([40, 13, 4], "effective", 0.9, decimals=4)
    assert_says(at, r"\beta = 0.9000", f"{expected[2]:.4f}")
    assert at.query_params["weight_scheme"] == "effective"
    assert at.query_params["effective_beta"] == "0.9"


def test_gamma_zero_is_the_cross_entropy():
    at = set_widget(render(PAGE), "slider", "lv_focal_gamma", 0.0)
    assert_says(at, "the focal loss keeps 100.0% of it", "(1 - 0.6472)^{0}")
    assert at.query_params["focal_gamma"] == "0.0"


def test_alpha_per_class_and_one_alpha():
    at = set_widget(_loaded(10), "text_input", "lv_focal_alpha", "0.25, 1, 2")
    assert not at.error
    assert_says(at, "α per class", "'mean' stays the plain mean")
    set_widget(at, "text_input", "lv_focal_alpha", "0.25")
    assert_says(at, "every class gets 0.25")


def test_one_alpha_with_two_classes_follows_torchvision():
    at = render(PAGE, logits="2, 0; 0, 1; 1, 3", target="0, 1, 1", names="a, b")
    set_widget(at, "text_input", "lv_focal_alpha", "0.25")
    assert_says(at, "α = [0.75, 0.25]")


def test_bad_alpha_shows_a_message_and_no_alpha():
    at = render(PAGE)
    for text, message in [
        ("abc", "'abc' is not a number"),
        ("1, 2", "alpha must hold one value per class (3)"),
        ("1.5", "1.5 is outside [0, 1]"),
        ("1, -1, 1", "-1 is negative"),
    ]:
        at.text_input(key="lv_focal_alpha").input(text).run()
        assert not at.exception, text
        assert message in at.error[0].value, text
        assert_says(at, "No α", "= 0.0541")


def test_smoothing_moves_the_target_the_floor_and_the_gradient():
    at = set_widget(render(PAGE), "slider", "lv_smoothing", 0.1)
    assert_says(
        at,
        r"= 0.9333 \;\neq\; 1 - \varepsilon",
        "= 0.2911",  # the floor H(q)
        "0.6472 - 0.9333 = -0.2861",
        r"1 - q_{2} = 0.0667",
    )
    assert at.query_params["smoothing"] == "0.1"


def test_reduction_sum():
    at = set_widget(_loaded(10), "radio", "lv_reduction", "sum")
    assert_says(at, r"L = \sum_i w_{y_i}", "Over the batch (sum)")


def test_probability_targets():
    at = render(PAGE, logits="2, 0.5, -1; 0.3, 0.8, 1.2", target="0.7, 0.2, 0.1; 0, 0.4, 0.6")
    assert_says(at, "most likely class", "Matches PyTorch's")


def test_chinese():
    at = _loaded(10, lang="zh")
    assert at.title[0].value == "类别不平衡：类别权重、Focal Loss 与标签平滑"
    assert_says(
        at, "与 PyTorch 的 Focal Loss（基于 F.cross_entropy） 一致", "各类别样本数：cat: 40"
    )
    set_widget(at, "text_input", "lv_focal_alpha", "1, 2")
    assert "alpha 需要每个类别一个数值（共 3 个）" in at.error[0].value


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "charts show the first 20", "(N = 500)", "too large for the link")
    assert at.button(key="imbalance_use_weights").disabled


def test_edge_cases_give_numbers_and_notes_not_tracebacks():
    at = render(PAGE, logits="1, 2, 3; 0, 0, 0", target="0, 2", weight="0, 0, 0")
    assert_says(at, r"\text{NaN}")  # 'mean' divides 0 by 0, as in PyTorch
    at = render(PAGE, logits="1e4, 0, -1e4; -1e4, 1e4, 0", target="0, 2", focal_gamma="0.5")
    assert_says(at, "gradient value(s) from autograd are NaN")


def test_without_weights_the_page_explains_the_schemes_not_the_batchs():
    at = _loaded(10)
    text = page_text(at)
    assert "The weights appear above and below the fraction bar" not in text
    assert "the weights scale each class's push" not in text
    assert_says(at, "The batch has no weights yet", "the inverse frequency, 1/n weights above")
    click(at, "imbalance_use_weights")
    assert_says(at, "The weights appear above and below the fraction bar")
    assert "The batch has no weights yet" not in page_text(at)
    assert "cancels" not in page_text(render(PAGE))  # one sample, no weights
