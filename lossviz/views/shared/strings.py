"""Strings every page uses: common words, the PyTorch badge, the code panel, notes."""

STRINGS = {
    "common.sample": {"en": "Sample", "zh": "样本"},
    "common.class": {"en": "class", "zh": "类别"},
    "common.target": {"en": "target", "zh": "目标"},
    "common.probability": {"en": "probability", "zh": "概率"},
    "common.logit": {"en": "logit", "zh": "logit"},
    "common.loss": {"en": "loss", "zh": "损失"},
    "common.numbers": {"en": "The numbers behind the chart", "zh": "图表背后的数值"},
    "common.code": {"en": "PyTorch code", "zh": "PyTorch 代码"},
    "common.code_help": {
        "en": "Run this to reproduce the numbers on this page.",
        "zh": "运行这段代码即可复现本页的数字。",
    },
    "common.first_rows": {
        "en": "The batch has {samples} samples: charts show the first {shown}, with distributions over all of them.",
        "zh": "批次共有 {samples} 个样本：图表只显示前 {shown} 个，另附全部样本的分布。",
    },
    "common.ignored_rows": {
        "en": "{k} of {n} samples are labelled -100, the padding marker that cross-entropy ignores. This page needs a class for every sample, so it shows the other {kept}, numbered from 0.",
        "zh": "{n} 个样本中有 {k} 个标签为 -100（交叉熵忽略的填充标记）。本页需要每个样本都有类别，因此只显示其余 {kept} 个，从 0 开始编号。",
    },
    "common.all_ignored": {
        "en": "Every sample is labelled -100, the padding marker that cross-entropy ignores. This page needs a class for every sample, so it shows the seed example.",
        "zh": "所有样本的标签都是 -100（交叉熵忽略的填充标记）。本页需要每个样本都有类别，因此显示入门例子。",
    },
    "badge.agrees": {
        "en": "Matches PyTorch's {function}: step by step {ours}, PyTorch {theirs} (difference {diff})",
        "zh": "与 PyTorch 的 {function} 一致：逐步计算 {ours}，PyTorch {theirs}（差 {diff}）",
    },
    "badge.differs": {
        "en": "Differs from PyTorch's {function}: step by step {ours}, PyTorch {theirs} (difference {diff})",
        "zh": "与 PyTorch 的 {function} 不一致：逐步计算 {ours}，PyTorch {theirs}（差 {diff}）",
    },
    "notes.header": {"en": "Worth knowing about this input", "zh": "关于这组输入的提示"},
}
