"""The imbalance page, run headless: renders, follows its controls, survives bad input and links."""

from apptest_utils import open_page, page_text, type_bad_logits
from lossviz.inputs.parsing import format_matrix
from lossviz.inputs.presets import imbalanced_batch
from lossviz.lessons.imbalance import class_weights

PAGE = "pages/imbalance.py"


def _loaded(ratio=10, **params):
    """The page after loading an imbalanced batch with ``ratio``."""
    at = open_page(PAGE, **params)
    at.slider(key="lv_imbalance_ratio").set_value(ratio).run()
    at.button(key="imbalance_load").click().run()
    assert not at.exception
    return at


def test_renders_the_seed_example():
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert "imbalance needs several" in text
    assert "(1 - 0.6472)^{2} \\times 0.4351" in text and "= 0.0541" in text
    assert text.count("Matches PyTorch's") == 3
    assert "focal loss (through F.cross_entropy)" in text
    assert len(at.get("plotly_chart")) >= 6


def test_the_ratio_loads_an_imbalanced_batch_into_the_link():
    at = _loaded(20)
    text = page_text(at)
    assert "cat: 40, dog: 9, 猪八戒: 2 (N = 51); majority : minority = 20 : 1" in text
    assert "imbalance needs several" not in text
    expected = imbalanced_batch(20).to_text()
    assert at.query_params["logits"] == expected["logits"]
    assert at.query_params["imbalance_ratio"] == "20"
    assert at.text_area(key="lv_logits").value == expected["logits"]
    assert "2.1311" not in text and r"\left[40,\ 9,\ 2\right]" in text


def test_use_and_remove_the_scheme_weights():
    at = _loaded(10)
    weights = format_matrix(class_weights([40, 13, 4], decimals=4), digits=None)
    assert "not yet in the batch" in page_text(at)
    at.button(key="imbalance_use_weights").click().run()
    assert not at.exception
    assert at.text_input(key="lv_weight").value == weights == "0.2131, 0.6557, 2.1311"
    assert at.query_params["weight"] == weights
    text = page_text(at)
    assert "against the batch's weights" in text
    assert r"0.2131 \times 40 + 0.6557 \times 13 + 2.1311 \times 4" in text
    assert at.button(key="imbalance_use_weights").disabled
    at.button(key="imbalance_clear_weights").click().run()
    assert at.text_input(key="lv_weight").value == ""
    assert "not yet in the batch" in page_text(at)


def test_the_effective_number_scheme_and_its_beta():
    at = _loaded(10)
    assert at.number_input(key="lv_effective_beta").disabled
    at.selectbox(key="lv_weight_scheme").set_value("effective").run()
    at.number_input(key="lv_effective_beta").set_value(0.9).run()
    assert not at.exception
    expected = class_weights([40, 13, 4], "effective", 0.9, decimals=4)
    text = page_text(at)
    assert r"\beta = 0.9000" in text and f"{expected[2]:.4f}" in text
    assert at.query_params["weight_scheme"] == "effective"
    assert at.query_params["effective_beta"] == "0.9"


def test_gamma_zero_is_the_cross_entropy():
    at = open_page(PAGE)
    at.slider(key="lv_focal_gamma").set_value(0.0).run()
    assert not at.exception
    text = page_text(at)
    assert "the focal loss keeps 100.0% of it" in text
    assert "(1 - 0.6472)^{0}" in text
    assert at.query_params["focal_gamma"] == "0.0"


def test_alpha_per_class_and_one_alpha():
    at = _loaded(10)
    at.text_input(key="lv_focal_alpha").input("0.25, 1, 2").run()
    assert not at.exception and not at.error
    text = page_text(at)
    assert "α per class" in text and "'mean' stays the plain mean" in text
    at.text_input(key="lv_focal_alpha").input("0.25").run()
    assert "every class gets 0.25" in page_text(at)


def test_one_alpha_with_two_classes_follows_torchvision():
    at = open_page(PAGE, logits="2, 0; 0, 1; 1, 3", target="0, 1, 1", names="a, b")
    at.text_input(key="lv_focal_alpha").input("0.25").run()
    assert not at.exception
    assert "α = [0.75, 0.25]" in page_text(at)


def test_bad_alpha_shows_a_message_and_no_alpha():
    at = open_page(PAGE)
    for text, message in [
        ("abc", "'abc' is not a number"),
        ("1, 2", "alpha must hold one value per class (3)"),
        ("1.5", "1.5 is outside [0, 1]"),
        ("1, -1, 1", "-1 is negative"),
    ]:
        at.text_input(key="lv_focal_alpha").input(text).run()
        assert not at.exception, text
        assert message in at.error[0].value, text
        assert "No α" in page_text(at)
        assert "= 0.0541" in page_text(at)


def test_smoothing_moves_the_target_the_floor_and_the_gradient():
    at = open_page(PAGE)
    at.slider(key="lv_smoothing").set_value(0.1).run()
    assert not at.exception
    text = page_text(at)
    assert r"= 0.9333 \;\neq\; 1 - \varepsilon" in text
    assert "= 0.2911" in text  # the floor H(q)
    assert "0.6472 - 0.9333 = -0.2861" in text and r"1 - q_{2} = 0.0667" in text
    assert at.query_params["smoothing"] == "0.1"


def test_reduction_sum():
    at = _loaded(10)
    at.radio(key="lv_reduction").set_value("sum").run()
    assert not at.exception
    text = page_text(at)
    assert r"L = \sum_i w_{y_i}" in text and "Over the batch (sum)" in text


def test_a_link_opens_the_same_state():
    batch = imbalanced_batch(30).to_text()
    at = open_page(
        PAGE,
        logits=batch["logits"],
        target=batch["target"],
        imbalance_ratio="30",
        weight_scheme="inverse_sqrt",
        effective_beta="0.999",
        focal_gamma="1.5",
        focal_alpha="0.5, 1, 3",
        smoothing="0.2",
        reduction="sum",
        sample="2",
    )
    assert not at.exception
    assert at.slider(key="lv_imbalance_ratio").value == 30
    assert at.selectbox(key="lv_weight_scheme").value == "inverse_sqrt"
    assert at.number_input(key="lv_effective_beta").value == 0.999
    assert at.slider(key="lv_focal_gamma").value == 1.5
    assert at.text_input(key="lv_focal_alpha").value == "0.5, 1, 3"
    assert at.slider(key="lv_smoothing").value == 0.2
    assert at.radio(key="lv_reduction").value == "sum"
    text = page_text(at)
    assert r"\mathrm{FL}_{2} &= \alpha_{2}\," in text and "^{1.5}" in text
    at.slider(key="lv_focal_gamma").set_value(3.0).run()
    assert at.query_params["focal_gamma"] == "3.0"


def test_a_broken_link_shows_a_message_and_the_defaults():
    at = open_page(PAGE, focal_gamma="9", imbalance_ratio="zero", weight_scheme="median")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "'focal_gamma'" in warnings and "'imbalance_ratio'" in warnings
    assert "'weight_scheme'" in warnings
    assert at.slider(key="lv_focal_gamma").value == 2.0
    assert at.slider(key="lv_imbalance_ratio").value == 10


def test_bad_logits_show_an_error_and_keep_the_last_batch():
    at = type_bad_logits(open_page(PAGE))
    assert "= 0.0541" in page_text(at)


def test_probability_targets():
    at = open_page(PAGE, logits="2, 0.5, -1; 0.3, 0.8, 1.2", target="0.7, 0.2, 0.1; 0, 0.4, 0.6")
    assert not at.exception
    text = page_text(at)
    assert "most likely class" in text and "Matches PyTorch's" in text


def test_chinese():
    at = _loaded(10, lang="zh")
    assert at.title[0].value == "类别不平衡：类别权重、Focal Loss 与标签平滑"
    text = page_text(at)
    assert "与 PyTorch 的 Focal Loss（基于 F.cross_entropy） 一致" in text
    assert "各类别样本数：cat: 40" in text
    at.text_input(key="lv_focal_alpha").input("1, 2").run()
    assert "alpha 需要每个类别一个数值（共 3 个）" in at.error[0].value


def test_a_large_batch_is_summarised():
    at = open_page(PAGE)
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    text = page_text(at)
    assert "charts show the first 20" in text and "(N = 500)" in text
    assert "too large for the link" in text
    assert at.button(key="imbalance_use_weights").disabled


def test_edge_cases_give_numbers_and_notes_not_tracebacks():
    at = open_page(PAGE, logits="1, 2, 3; 0, 0, 0", target="0, 2", weight="0, 0, 0")
    assert not at.exception
    assert r"\text{NaN}" in page_text(at)  # 'mean' divides 0 by 0, as in PyTorch
    at = open_page(PAGE, logits="1e4, 0, -1e4; -1e4, 1e4, 0", target="0, 2", focal_gamma="0.5")
    assert not at.exception
    assert "gradient value(s) from autograd are NaN" in page_text(at)
