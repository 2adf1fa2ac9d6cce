"""The binary cross-entropy page, run headless: renders, follows its controls, survives bad
input and links, speaks Chinese, summarises large batches."""

from apptest_utils import open_page, page_text

PAGE = "pages/binary_cross_entropy.py"
EXTREME = {"logits": "1e4, 0, -1e4; -1e4, 1e4, 0", "target": "0, 2"}


def _metrics(at) -> list[str]:
    return [m.value for m in at.metric]


def test_renders_the_seed_example():
    at = open_page(PAGE)
    assert not at.exception
    text = page_text(at)
    assert at.title[0].value == "Binary cross-entropy"
    assert _metrics(at) == ["1.05122", "1.05122"]  # BCELoss on sigmoid = BCEWithLogitsLoss
    assert "Matches PyTorch's F.binary_cross_entropy: step by step 1.05122" in text
    assert "Matches PyTorch's F.binary_cross_entropy_with_logits: step by step 1.05122" in text
    assert r"\log \sigma(2.6000)" in text and r"= 0.0716\end{aligned}" in text
    assert r"\max(\log 0.9309, -100)" in text  # BCELoss on the rounded probability
    assert r"\frac{3.1537}{1 \cdot 3} = 1.0512" in text  # 'mean' over N x C elements
    assert "agree element by element up to" in text
    assert "one-hot rows" in text
    assert "instead of 1.05122" in text  # the sigmoid-twice mistake, with its number
    assert len(at.get("plotly_chart")) == 3
    assert "F.binary_cross_entropy_with_logits(" in at.code[0].value


def test_reduction_changes_the_loss_and_the_link():
    at = open_page(PAGE)
    at.selectbox(key="lv_reduction").select("sum").run()
    assert not at.exception
    assert _metrics(at) == ["3.15366", "3.15366"]
    assert r"L = \sum_{n,c} \ell_{n,c} = 3.1537" in page_text(at)
    assert at.query_params["reduction"] == "sum"
    at.selectbox(key="lv_reduction").select("none").run()
    assert at.metric[0].label == "sum of the element losses (reduction='none')"
    assert r"\mathbb{R}^{1 \times 3}" in page_text(at)


def test_typed_multi_label_targets():
    at = open_page(PAGE)
    at.text_area(key="lv_bce_target").input("1, 0, 1").run()
    assert not at.exception
    text = page_text(at)
    assert r"\ell_{0,0} &= -\left[ 1 \cdot \log \sigma(1.3000)" in text
    assert _metrics(at) == ["0.617887", "0.617887"]  # (0.2410 + 1.5410 + 0.0716) / 3
    assert "one-hot rows" not in text
    assert at.query_params["bce_target"] == "1, 0, 1"


def test_pos_weight_multiplies_the_positive_term():
    at = open_page(PAGE)
    at.text_input(key="lv_pos_weight").input("1, 1, 3").run()
    assert not at.exception
    text = page_text(at)
    assert r"3 \cdot 1 \cdot \log \sigma(2.6000)" in text
    assert _metrics(at) == ["1.05122", "1.09898"]  # BCELoss has no pos_weight
    assert "compared with BCEWithLogitsLoss without pos_weight" in text
    assert "Matches PyTorch's F.binary_cross_entropy_with_logits: step by step 1.09898" in text
    assert at.query_params["pos_weight"] == "1, 1, 3"
    at.text_input(key="lv_pos_weight").input("2").run()  # one value for every class
    assert _metrics(at)[1] == "1.0751"


def test_targets_outside_the_unit_interval():
    at = open_page(PAGE)
    at.text_area(key="lv_bce_target").input("1, 0, -1").run()
    assert not at.exception
    text = page_text(at)
    assert "BCELoss refuses these targets" in text
    assert "target, row 1, column 3: -1 is outside [0, 1]" in text
    assert "A mistake:" in text and "(y + 1) / 2" in text
    assert len(_metrics(at)) == 1  # only BCEWithLogitsLoss computed a number
    assert "Matches PyTorch's F.binary_cross_entropy_with_logits" in text
    assert len(at.get("plotly_chart")) == 3


def test_bad_page_inputs_show_an_error_and_fall_back():
    at = open_page(PAGE)
    at.text_area(key="lv_bce_target").input("1, x, 1").run()
    assert not at.exception
    assert "BCE target, row 1, column 2: 'x' is not a number" in at.error[0].value
    assert _metrics(at) == ["1.05122", "1.05122"]  # back to the one-hot targets
    at.text_area(key="lv_bce_target").input("1, 0").run()
    assert "1 row(s) of 2 value(s) given, but the batch has 1 sample(s) × 3 classes" in (
        at.error[0].value
    )
    at.text_area(key="lv_bce_target").input("").run()
    at.text_input(key="lv_pos_weight").input("1, 2").run()
    assert not at.exception
    assert "pos_weight must hold one value per class (3)" in at.error[0].value
    at.text_input(key="lv_pos_weight").input("1, -2, 1").run()
    assert "pos_weight, class 1: -2 is negative" in at.error[0].value
    assert _metrics(at) == ["1.05122", "1.05122"]  # computed without pos_weight


def test_extreme_logits_show_the_clamp_and_the_exact_value():
    at = open_page(PAGE, **EXTREME)
    assert not at.exception
    text = page_text(at)
    assert _metrics(at) == ["16.8977", "1666.9"]
    assert "each such element costs 100" in text and "differ by up to 9900" in text
    assert "PyTorch clamps it at -100" in text  # the core's note
    assert "Matches PyTorch's F.binary_cross_entropy: step by step 16.8977" in text
    at.number_input(key="lv_sample").set_value(1).run()
    text = page_text(at)
    assert r"1 \cdot \max(\log 0, -100)" in text and r"= 100.0000" in text
    assert r"\log 0 = -\infty" in text  # the rounded probability cannot be logged


def test_logits_that_look_like_probabilities():
    at = open_page(PAGE, logits="0.2, 0.9, 0.5", lang="zh")
    assert not at.exception
    assert "logits 版本会自己做 sigmoid" in page_text(at)


def test_a_link_opens_the_same_state():
    at = open_page(
        PAGE,
        logits="0, 0; 1, 3",
        target="0, 1",
        names="a, b",
        reduction="sum",
        pos_weight="2, 1",
        bce_target="1, 1; 0, 1",
        sample="1",
    )
    assert not at.exception
    assert at.selectbox(key="lv_reduction").value == "sum"
    assert at.text_input(key="lv_pos_weight").value == "2, 1"
    assert at.text_area(key="lv_bce_target").value == "1, 1; 0, 1"
    assert at.number_input(key="lv_sample").value == 1
    assert r"\ell_{1,1} &= -\left[ 1 \cdot \log \sigma(3.0000)" in page_text(at)
    at.text_input(key="lv_pos_weight").input("").run()
    assert "pos_weight" not in at.query_params


def test_chinese():
    at = open_page(PAGE, lang="zh")
    assert not at.exception
    text = page_text(at)
    assert at.title[0].value == "二元交叉熵"
    assert "与 PyTorch 的 F.binary_cross_entropy 一致" in text
    assert "不要在 BCEWithLogitsLoss 之前再做 sigmoid" in text
    at.text_area(key="lv_bce_target").input("1, 0, -1").run()
    text = page_text(at)
    assert "BCELoss 拒绝这些目标" in text and "不在 [0, 1] 区间内" in text
    assert "目标中有 1 个值不在 [0, 1] 内" in text
    at.text_area(key="lv_bce_target").input("1, 0").run()
    assert "输入了 1 行、每行 2 个值" in at.error[0].value


def test_a_large_batch_is_summarised():
    at = open_page(PAGE)
    at.number_input(key="lv_random_samples").set_value(500)
    at.button(key="lv_random_go").click().run()
    assert not at.exception
    text = page_text(at)
    assert "charts show the first 20" in text
    assert len(at.get("plotly_chart")) == 4  # with the distribution over all 1500 elements
