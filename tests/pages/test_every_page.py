"""What the pages do alike, checked on each page: a bad number typed into the batch shows where
it is, and the page keeps computing from the last good batch; a link with lang=zh opens the page
in Chinese."""

import pytest

from apptest_utils import WEIGHTED_BATCH, assert_says, metric_values, render, type_bad_logits

#: For pages that compute from the batch: the link that opens them, and what they still show,
#: computed from the seed batch, after a bad number is typed into it. (The stability page checks
#: its three loss metrics instead, in its own test file.)
KEPT_AFTER_BAD_LOGITS = {
    "pages/softmax.py": ({}, "0.6472"),
    "pages/gradients.py": ({}, "-0.3528"),
    "pages/entropy_kl.py": ({}, "[0] = 0.435065 nats"),
    "pages/imbalance.py": ({}, "= 0.0541"),
    "pages/mistakes.py": ({"mistake_data": "batch"}, "PyTorch returns"),
}


@pytest.mark.parametrize("page", KEPT_AFTER_BAD_LOGITS)
def test_bad_logits_show_an_error_and_keep_the_last_batch(page):
    params, kept = KEPT_AFTER_BAD_LOGITS[page]
    at = type_bad_logits(render(page, **params))
    assert_says(at, kept)


#: Each page opened in Chinese from a link with these parameters: its title, and sentences it must
#: say. (The binary, imbalance, regression and playground pages go on to check messages and
#: controls in Chinese, in their own test files.)
CHINESE = {
    "pages/softmax.py": ({}, "Softmax 与温度", ["与 PyTorch 的 torch.softmax 一致"]),
    "pages/cross_entropy.py": (
        {"smoothing": "0.1", **WEIGHTED_BATCH},
        "交叉熵 = LogSoftmax + NLL",
        [
            "与 PyTorch 的 F.cross_entropy 一致",
            "而不是样本数",
            "使用类别权重时",  # the weighted-mean note in Chinese
        ],
    ),
    "pages/gradients.py": (
        {},
        "梯度：每个 logit 的 ∂L/∂z",
        ["与 PyTorch 的 F.cross_entropy 反向传播 loss.backward()", "交叉熵把力气花在错误上"],
    ),
    "pages/entropy_kl.py": (
        {"smoothing": "0.1"},
        "熵、交叉熵与 KL 散度",
        [
            "与 PyTorch 的 F.cross_entropy（label_smoothing=0.1；批次平均值，单位：奈特） 一致",
            "为什么标签平滑后的损失永远到不了 0",
            "请使用 reduction='batchmean'",  # the learner note, translated
            "input 不是对数概率",
            "是故意写错的调用",  # (b) passes probabilities on purpose, and says so
        ],
    ),
    "pages/stability.py": (
        {},
        "数值稳定性",
        [
            "与 PyTorch 的 F.cross_entropy (float32) 一致",
            "损失为 NaN",
            "为什么框架要把 softmax 与损失融合在一起",
        ],
    ),
    "pages/sequences.py": (
        {"seq_view": "pixels"},
        "序列与掩码：逐 token、逐像素的损失",
        [
            "与 PyTorch 的 F.cross_entropy（输入形状 (1, 3, 4, 4)） 一致",
            "图像 0 第 1 行第 3 列的像素标签为 0",
            "朴素平均 loss(reduction='none').mean() 把同一个总和除以全部 16 个像素",
        ],
    ),
    "pages/mistakes.py": (
        {"mistake": "bce_targets_minus_one"},
        "常见错误",
        [
            "PyTorch 返回 **-0.8731**",
            "有些教程把 BCE 的目标写成",
            "与 PyTorch 的 F.binary_cross_entropy_with_logits 一致",
        ],
    ),
}


@pytest.mark.parametrize("page", CHINESE)
def test_chinese(page):
    params, title, sentences = CHINESE[page]
    at = render(page, lang="zh", **params)
    assert at.title[0].value == title
    assert_says(at, *sentences)


HUGE = {"logits": "1e308, -1e308, 0", "target": "2"}


def test_the_cross_entropy_page_writes_a_loss_of_1e308_as_a_number():
    at = render("pages/cross_entropy.py", **HUGE)
    assert "1.000e+308" in metric_values(at)
    assert_says(at, r"1.000 \times 10^{308}")
