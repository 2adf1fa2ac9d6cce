"""The binary cross-entropy page, run headless: renders, follows its controls, survives bad
input, speaks Chinese, summarises large batches. Its link is checked with every page's, in
test_links.py."""

from apptest_utils import (
    assert_says,
    load_random_batch,
    metric_values,
    page_text,
    render,
    set_widget,
)

PAGE = "pages/binary_cross_entropy.py"
EXTREME = {"logits": "1e4, 0, -1e4; -1e4, 1e4, 0", "target": "0, 2"}


def test_renders_the_seed_example():
    at = render(PAGE)
    assert at.title[0].value == "Binary cross-entropy"
    assert metric_values(at) == ["1.05122", "1.05122"]  # BCELoss on sigmoid = BCEWithLogitsLoss
    assert_says(
        at,
        "Matches PyTorch's F.binary_cross_entropy: step by step 1.05122",
        "Matches PyTorch's F.binary_cross_entropy_with_logits: step by step 1.05122",
        r"\log \sigma(2.6000)",
        r"= 0.0716\end{aligned}",
        r"\max(\log 0.9309, -100)",  # BCELoss on the rounded probability
        r"\frac{3.1537}{1 \cdot 3} = 1.0512",  # 'mean' over N x C elements
        "agree element by element up to",
        "one-hot rows",
        "instead of 1.05122",  # the sigmoid-twice mistake, with its number
    )
    assert len(at.get("plotly_chart")) == 3
    assert "F.binary_cross_entropy_with_logits(" in at.code[0].value


def test_reduction_changes_the_loss_and_the_link():
    at = set_widget(render(PAGE), "selectbox", "lv_reduction", "sum")
    assert metric_values(at) == ["3.15366", "3.15366"]
    assert_says(at, r"L = \sum_{n,c} \ell_{n,c} = 3.1537")
    assert at.query_params["reduction"] == "sum"
    set_widget(at, "selectbox", "lv_reduction", "none")
    assert at.metric[0].label == "sum of the element losses (reduction='none')"
    assert_says(at, r"\mathbb{R}^{1 \times 3}")


def test_typed_multi_label_targets():
    at = set_widget(render(PAGE), "text_area", "lv_bce_target", "1, 0, 1")
    assert_says(at, r"\ell_{0,0} &= -\left[ 1 \cdot \log \sigma(1.3000)")
    assert metric_values(at) == ["0.617887", "0.617887"]  # (0.2410 + 1.5410 + 0.0716) / 3
    assert "one-hot rows" not in page_text(at)
    assert at.query_params["bce_target"] == "1, 0, 1"


def test_pos_weight_multiplies_the_positive_term():
    at = set_widget(render(PAGE), "text_input", "lv_pos_weight", "1, 1, 3")
    assert metric_values(at) == ["1.05122", "1.09898"]  # BCELoss has no pos_weight
    assert_says(
        at,
        r"3 \cdot 1 \cdot \log \sigma(2.6000)",
        "compared with BCEWithLogitsLoss without pos_weight",
        "Matches PyTorch's F.binary_cross_entropy_with_logits: step by step 1.09898",
    )
    assert at.query_params["pos_weight"] == "1, 1, 3"
    set_widget(at, "text_input", "lv_pos_weight", "2")  # one value for every class
    assert metric_values(at)[1] == "1.0751"


def test_targets_outside_the_unit_interval():
    at = set_widget(render(PAGE), "text_area", "lv_bce_target", "1, 0, -1")
    assert_says(
        at,
        "BCELoss refuses these targets",
        "target, row 1, column 3: -1 is outside [0, 1]",
        "A mistake:",
        "(y + 1) / 2",
        "Matches PyTorch's F.binary_cross_entropy_with_logits",
    )
    assert len(metric_values(at)) == 1  # only BCEWithLogitsLoss computed a number
    assert len(at.get("plotly_chart")) == 3


def test_bad_page_inputs_show_an_error_and_fall_back():
    at = set_widget(render(PAGE), "text_area", "lv_bce_target", "1, x, 1")
    assert "BCE target, row 1, column 2: 'x' is not a number" in at.error[0].value
    assert metric_values(at) == ["1.05122", "1.05122"]  # back to the one-hot targets
    set_widget(at, "text_area", "lv_bce_target", "1, 0")
    assert "1 row(s) of 2 value(s) given, but the batch has 1 sample(s) × 3 classes" in (
        at.error[0].value
    )
    set_widget(at, "text_area", "lv_bce_target", "")
    set_widget(at, "text_input", "lv_pos_weight", "1, 2")
    assert "pos_weight must hold one value per class (3)" in at.error[0].value
    set_widget(at, "text_input", "lv_pos_weight", "1, -2, 1")
    assert "pos_weight, class 1: -2 is negative" in at.error[0].value
    assert metric_values(at) == ["1.05122", "1.05122"]  # computed without pos_weight


def test_extreme_logits_show_the_clamp_and_the_exact_value():
    at = render(PAGE, **EXTREME)
    assert metric_values(at) == ["16.8977", "1666.9"]
    assert_says(
        at,
        "each such element costs 100",
        "differ by up to 9900",
        "PyTorch clamps it at -100",  # the core's note
        "Matches PyTorch's F.binary_cross_entropy: step by step 16.8977",
    )
    set_widget(at, "number_input", "lv_sample", 1)
    assert_says(
        at,
        r"1 \cdot \max(\log 0, -100)",
        r"= 100.0000",
        r"\log 0 = -\infty",  # the rounded probability cannot be logged
    )


def test_logits_that_look_like_probabilities():
    at = render(PAGE, logits="0.2, 0.9, 0.5", lang="zh")
    assert_says(at, "logits 版本会自己做 sigmoid")


def test_chinese():
    at = render(PAGE, lang="zh")
    assert at.title[0].value == "二元交叉熵"
    assert_says(
        at, "与 PyTorch 的 F.binary_cross_entropy 一致", "不要在 BCEWithLogitsLoss 之前再做 sigmoid"
    )
    set_widget(at, "text_area", "lv_bce_target", "1, 0, -1")
    assert_says(at, "BCELoss 拒绝这些目标", "不在 [0, 1] 区间内", "目标中有 1 个值不在 [0, 1] 内")
    set_widget(at, "text_area", "lv_bce_target", "1, 0")
    assert "输入了 1 行、每行 2 个值" in at.error[0].value


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "charts show the first 20")
    assert len(at.get("plotly_chart")) == 4  # with the distribution over all 1500 elements


def test_one_sample_leaves_no_empty_control_column():
    at = render(PAGE)  # the seed example: one sample, so no sample to pick
    assert not [widget for widget in at.number_input if widget.key == "lv_sample"]
    assert all(len(column.children) for column in at.main.columns)


def test_the_reduction_caption_follows_the_reduction():
    at = render(PAGE)
    assert_says(at, "'mean' divides by the number of elements N × C")
    at = set_widget(at, "selectbox", "lv_reduction", "sum")
    assert "'mean' divides" not in page_text(at)
    assert_says(at, "'sum' adds the N × C element losses and divides by nothing")
    at = set_widget(at, "selectbox", "lv_reduction", "none")
    assert_says(at, "'none' returns every element's loss, an (N, C) tensor")


def test_an_input_error_is_two_sentences():
    at = set_widget(render(PAGE), "text_area", "lv_logits", "1.3, abc, 2.6")
    assert "'abc' is not a number. Showing the last valid batch" in at.error[0].value
    at = set_widget(render(PAGE, lang="zh"), "text_area", "lv_logits", "1.3, abc, 2.6")
    assert at.error[0].value.count("。") == 2
