"""Strings of the softmax page."""

STRINGS = {
    "softmax.title": {"en": "Softmax and temperature", "zh": "Softmax 与温度"},
    "softmax.intro": {
        "en": (
            "Softmax turns a row of logits into probabilities: exponentiate, then divide by the "
            "row's sum. Classes compete — raising one logit lowers every other probability, and "
            "each row sums to 1. Dividing the logits by a temperature T above 1 flattens the "
            "distribution; below 1 sharpens it."
        ),
        "zh": (
            "Softmax 把一行 logits 变成概率：先取指数，再除以整行之和。各类别相互竞争——"
            "提高一个 logit 会降低其他所有概率，每行之和为 1。把 logits 除以温度 T："
            "T 大于 1 使分布更平坦，小于 1 使分布更尖锐。"
        ),
    },
    "softmax.temperature": {"en": "Temperature T", "zh": "温度 T"},
    "softmax.temperature_help": {
        "en": "softmax(z / T): T > 1 flattens, T < 1 sharpens",
        "zh": "softmax(z / T)：T > 1 更平坦，T < 1 更尖锐",
    },
    "softmax.shift": {"en": "Add a constant to the selected row", "zh": "给所选行加上一个常数"},
    "softmax.shift_help": {
        "en": "softmax(z + c) = softmax(z): the constant cancels between numerator and denominator",
        "zh": "softmax(z + c) = softmax(z)：常数在分子和分母中相互抵消",
    },
    "softmax.ignored_sample": {
        "en": "Sample {n} is labelled -100, the padding marker the loss leaves out: softmax needs no label, so the formula shows its most likely class, {j}.",
        "zh": "样本 {n} 的标签为 -100（损失会忽略的填充标记）：softmax 不需要标签，因此公式显示其最可能的类别 {j}。",
    },
    "softmax.shift_result": {
        "en": "With {c:+g} added to every logit of sample {n}, the probabilities change by at most {diff:.1e}.",
        "zh": "样本 {n} 的每个 logit 都加上 {c:+g} 后，概率的变化最大为 {diff:.1e}。",
    },
    "softmax.chart_title": {
        "en": "Softmax probabilities per sample",
        "zh": "每个样本的 softmax 概率",
    },
    "softmax.vs_sigmoid_title": {
        "en": "Sample {n}: softmax (classes compete, sum {softmax_sum:.3f}) vs sigmoid (each on its own, sum {sigmoid_sum:.3f})",
        "zh": "样本 {n}：softmax（类别竞争，总和 {softmax_sum:.3f}）与 sigmoid（各自独立，总和 {sigmoid_sum:.3f}）",
    },
    "softmax.sweep_title": {
        "en": "Sample {n}: probabilities as the temperature changes",
        "zh": "样本 {n}：概率随温度的变化",
    },
    "softmax.distribution_title": {
        "en": "All samples: distribution of the largest probability",
        "zh": "全部样本：最大概率的分布",
    },
    "softmax.max_prob": {"en": "largest probability", "zh": "最大概率"},
    "softmax.count": {"en": "samples", "zh": "样本数"},
    "softmax.col_scaled": {"en": "z / T", "zh": "z / T"},
    "softmax.col_exp": {"en": "exp(z/T - max)", "zh": "exp(z/T - max)"},
    "softmax.col_softmax": {"en": "softmax", "zh": "softmax"},
    "softmax.col_sigmoid": {"en": "sigmoid", "zh": "sigmoid"},
    "softmax.badge_function": {"en": "torch.softmax", "zh": "torch.softmax"},
}
