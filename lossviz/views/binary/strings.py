"""Strings of the binary cross-entropy page."""

STRINGS: dict[str, dict[str, str]] = {
    "bce.title": {"en": "Binary cross-entropy", "zh": "二元交叉熵"},
    "bce.intro": {
        "en": (
            "Binary cross-entropy treats every class as its own yes/no question. Each logit x goes "
            "through the sigmoid σ(x) = 1 / (1 + e^(−x)) on its own — the classes do not compete, "
            "so one sample can be a cat *and* a dog (multi-label). One element costs −log σ(x) when "
            "its target is 1 and −log(1 − σ(x)) when it is 0. PyTorch has two functions for it: "
            "BCELoss (F.binary_cross_entropy) takes probabilities, BCEWithLogitsLoss "
            "(F.binary_cross_entropy_with_logits) takes the logits."
        ),
        "zh": (
            "二元交叉熵把每个类别都看作一个独立的“是/否”问题。每个 logit x 各自经过 sigmoid："
            "σ(x) = 1 / (1 + e^(−x))——类别之间互不竞争，所以一个样本可以既是猫*又*是狗（多标签）。"
            "目标为 1 时，一个元素的损失是 −log σ(x)；目标为 0 时是 −log(1 − σ(x))。PyTorch 为此提供了两个函数："
            "BCELoss（F.binary_cross_entropy）接收概率，BCEWithLogitsLoss（F.binary_cross_entropy_with_logits）"
            "直接接收 logits。"
        ),
    },
    "bce.reduction": {"en": "Reduction", "zh": "归约方式（reduction）"},
    "bce.reduction_help": {
        "en": "'mean': the sum of all N × C element losses divided by N × C; 'sum': their sum; 'none': the N × C table itself (the page shows its sum)",
        "zh": "'mean'：全部 N × C 个元素损失之和除以 N × C；'sum'：直接求和；'none'：返回 N × C 的损失表本身（页面显示其总和）",
    },
    "bce.pos_weight": {"en": "pos_weight (optional)", "zh": "pos_weight（可选）"},
    "bce.pos_weight_placeholder": {
        "en": "e.g. 3, 1, 1 — empty: none",
        "zh": "例如 3, 1, 1；留空表示不使用",
    },
    "bce.pos_weight_help": {
        "en": "One non-negative value per class ({c} values), or a single value for all classes. It multiplies the loss of the positive targets (y = 1) of its class. BCEWithLogitsLoss only.",
        "zh": "每个类别一个非负数（共 {c} 个），或一个数用于所有类别。它只乘在该类别正目标（y = 1）的损失上。仅 BCEWithLogitsLoss 有此参数。",
    },
    "bce.pos_weight_error": {
        "en": "pos_weight — {message}. Computing without pos_weight until this is fixed.",
        "zh": "pos_weight 有误：{message}。修正之前按不使用 pos_weight 计算。",
    },
    "bce.target_input": {
        "en": "Multi-label targets (optional): {n} row(s) of {c} values in [0, 1]",
        "zh": "多标签目标（可选）：{n} 行，每行 {c} 个 [0, 1] 内的值",
    },
    "bce.target_placeholder": {
        "en": "e.g. 1, 0, 1 — empty: the batch's labels as one-hot rows",
        "zh": "例如 1, 0, 1；留空则使用批次标签的 one-hot 行",
    },
    "bce.target_help": {
        "en": "One row per sample with {c} values: 1 = the class is present, 0 = absent, values in between are soft targets. Rows on separate lines or separated by ';'.",
        "zh": "每个样本一行，每行 {c} 个值：1 表示该类别存在，0 表示不存在，介于两者之间的是软目标。每行单独占一行，或用 ';' 分隔。",
    },
    "bce.target_error": {
        "en": "Multi-label targets — {message}. Using the batch's own targets until this is fixed.",
        "zh": "多标签目标有误：{message}。修正之前继续使用批次自身的目标。",
    },
    "bce.target_shape": {
        "en": "{rows} row(s) of {cols} value(s) given, but the batch has {n} sample(s) × {c} classes",
        "zh": "输入了 {rows} 行、每行 {cols} 个值，但批次是 {n} 个样本 × {c} 个类别",
    },
    "bce.target_one_hot": {
        "en": "Targets: the batch's labels as one-hot rows (1 for the labelled class, 0 for the others). Type rows above to give a sample several positive classes.",
        "zh": "目标：批次标签的 one-hot 行（标注的类别为 1，其余为 0）。在上方输入目标行，即可让一个样本同时有多个正类别。",
    },
    "bce.target_soft": {
        "en": "Targets: the batch's probability rows, each value a soft yes/no target of its own.",
        "zh": "目标：批次中的概率行，每个值各自是一个软的“是/否”目标。",
    },
    "bce.weight_note": {
        "en": "The batch's class weights go in as weight, broadcast along the last dimension: every element of class c is multiplied by w_c, in both functions.",
        "zh": "批次的类别权重作为 weight 传入，沿最后一维广播：类别 c 的每个元素都乘以 w_c，两个函数都是如此。",
    },
    "bce.two_functions": {"en": "Two functions, one loss", "zh": "两个函数，同一个损失"},
    "bce.probs_header": {
        "en": "**BCELoss** on probabilities σ(x): what a model with a sigmoid output gives",
        "zh": "**BCELoss**：输入概率 σ(x)，即输出层带 sigmoid 的模型给出的值",
    },
    "bce.logits_header": {
        "en": "**BCEWithLogitsLoss** on the logits x themselves",
        "zh": "**BCEWithLogitsLoss**：直接输入 logits x",
    },
    "bce.probs_refused": {
        "en": "BCELoss refuses these targets: {message}. PyTorch raises an error here, while BCEWithLogitsLoss computes a number that is not a cross-entropy.",
        "zh": "BCELoss 拒绝这些目标：{message}。PyTorch 在这里会报错；而 BCEWithLogitsLoss 照样算出一个数，但那不是交叉熵。",
    },
    "bce.loss_label": {
        "en": "loss (reduction='{reduction}')",
        "zh": "损失（reduction='{reduction}'）",
    },
    "bce.loss_label_none": {
        "en": "sum of the element losses (reduction='none')",
        "zh": "各元素损失之和（reduction='none'）",
    },
    "bce.pos_weight_explained": {
        "en": "pos_weight p_c multiplies only the positive term −y log σ(x): with p_c = 3, each positive element of class c counts three times, trading precision for recall (a common choice is the class's number of negatives divided by its number of positives). BCELoss has no pos_weight.",
        "zh": "pos_weight p_c 只乘在正项 −y log σ(x) 上：p_c = 3 时，类别 c 的每个正元素相当于算了三次，以精确率换召回率（常见取法是该类别负样本数除以正样本数）。BCELoss 没有 pos_weight。",
    },
    "bce.gap": {
        "en": "Away from the clamp the two agree element by element up to {away:.1e}: the same loss, computed two ways. What is left is rounding, and it grows as σ(x) nears 1, where the digits of 1 − σ(x) are lost.",
        "zh": "在截断之外，两者逐元素一致，最大差异为 {away:.1e}：同一个损失，两种算法。剩下的只是舍入误差；σ(x) 越接近 1，误差越大，因为 1 − σ(x) 的有效数字丢失了。",
    },
    "bce.gap_with_pos_weight": {
        "en": "BCELoss has no pos_weight, so here it is compared with BCEWithLogitsLoss without pos_weight: away from the clamp they agree element by element up to {away:.1e} (rounding).",
        "zh": "BCELoss 没有 pos_weight，所以这里把它与不带 pos_weight 的 BCEWithLogitsLoss 比较：在截断之外，两者逐元素一致，最大差异为 {away:.1e}（舍入误差）。",
    },
    "bce.gap_clamped": {
        "en": "Some elements have σ(x) of exactly 0 or 1 on the wrong side: log 0 = −∞, which BCELoss clamps at −100, so each such element costs 100. BCEWithLogitsLoss keeps the exact value; there the two differ by up to {at:.6g}.",
        "zh": "有些元素的 σ(x) 恰好为 0 或 1，且落在错误的一侧：log 0 = −∞，BCELoss 把它截断为 −100，所以每个这样的元素损失都是 100。BCEWithLogitsLoss 保留精确值；这些元素上两者最多相差 {at:.6g}。",
    },
    "bce.sample_header": {"en": "Sample {n}, element by element", "zh": "样本 {n}：逐元素计算"},
    "bce.sample_probs_caption": {
        "en": "The same elements by BCELoss, on σ(x), with each log clamped at −100:",
        "zh": "同样的元素用 BCELoss 计算：输入 σ(x)，每个对数都截断在 −100：",
    },
    "bce.more_classes": {
        "en": "The first {shown} of {c} classes are written out; the table below has them all.",
        "zh": "只写出了 {c} 个类别中的前 {shown} 个；下方表格列出全部类别。",
    },
    "bce.reduction_caption": {
        "en": "'mean' divides by the number of elements N × C, weights or not (CrossEntropyLoss with class weights divides by the sum of the weights instead).",
        "zh": "无论是否加权，'mean' 都除以元素个数 N × C（而带类别权重的 CrossEntropyLoss 除以权重之和）。",
    },
    "bce.mistake": {"en": "A mistake:", "zh": "常见错误："},
    "bce.stable_header": {
        "en": "Why BCEWithLogitsLoss is the stable one",
        "zh": "为什么 BCEWithLogitsLoss 更稳定",
    },
    "bce.stable_text": {
        "en": (
            "BCELoss receives σ(x) already rounded to a float. Above x ≈ 36.7, σ(x) is exactly 1 in "
            "float64 (above x ≈ 17 in float32), so log(1 − σ(x)) = log 0 = −∞ and only the clamp at "
            "−100 stops it. BCEWithLogitsLoss never forms σ(x): it computes log σ(x) from x with the "
            "identity below, exact for every x, inside one fused function. Here for the logit of "
            "largest size in the selected sample:"
        ),
        "zh": (
            "BCELoss 拿到的 σ(x) 已经被舍入成浮点数。x 大于约 36.7 时，σ(x) 在 float64 中恰好等于 1"
            "（float32 中 x 大于约 17 即如此），于是 log(1 − σ(x)) = log 0 = −∞，只能靠 −100 的截断兜底。"
            "BCEWithLogitsLoss 从不显式算出 σ(x)：它用下面的恒等式直接由 x 计算 log σ(x)，对任何 x 都精确，"
            "并且在一个融合的函数里完成。下面以所选样本中绝对值最大的 logit 为例："
        ),
    },
    "bce.twice": {
        "en": (
            "**Do not put a sigmoid before BCEWithLogitsLoss.** It applies the sigmoid itself, so "
            "σ is applied twice: every σ(σ(x)) lies in [0.5, 0.73], a certain and right answer still "
            "costs at least 0.31, and the gradients shrink. On this batch: {twice:.6g} instead of "
            "{right:.6g} (reduction='{reduction}'). A model that ends in a sigmoid goes with BCELoss; "
            "a model that outputs logits goes with BCEWithLogitsLoss."
        ),
        "zh": (
            "**不要在 BCEWithLogitsLoss 之前再做 sigmoid。** 它自己会做 sigmoid，提前做一次就等于做了两次："
            "每个 σ(σ(x)) 都落在 [0.5, 0.73] 内，一个确定且正确的答案仍至少损失 0.31，梯度也随之变小。"
            "在当前批次上：得到 {twice:.6g}，而正确值是 {right:.6g}（reduction='{reduction}'）。"
            "输出层带 sigmoid 的模型配 BCELoss；直接输出 logits 的模型配 BCEWithLogitsLoss。"
        ),
    },
    "bce.bars_title": {
        "en": "Each element's loss (BCEWithLogitsLoss, reduction='none'); hatched bars: target 1",
        "zh": "每个元素的损失（BCEWithLogitsLoss，reduction='none'）；带斜线的柱子：目标为 1",
    },
    "bce.element_loss": {"en": "element loss", "zh": "元素损失"},
    "bce.hover_logits_loss": {"en": "BCEWithLogitsLoss", "zh": "BCEWithLogitsLoss"},
    "bce.hover_probs_loss": {"en": "BCELoss on σ(x)", "zh": "BCELoss（输入 σ(x)）"},
    "bce.curves_title": {
        "en": "Loss against p = σ(x): ● y = 1, ✕ y = 0, ◆ soft",
        "zh": "损失随 p = σ(x) 的变化：● y = 1，✕ y = 0，◆ 软目标",
    },
    "bce.curves_x": {"en": "p = σ(x)", "zh": "p = σ(x)"},
    "bce.curves_y": {"en": "loss of one element (unweighted)", "zh": "单个元素的损失（不加权）"},
    "bce.curve_if_one": {"en": "y = 1: −log p", "zh": "y = 1：−log p"},
    "bce.curve_if_zero": {"en": "y = 0: −log(1 − p)", "zh": "y = 0：−log(1 − p)"},
    "bce.clamp_line": {"en": "clamp: at most 100", "zh": "截断：最多 100"},
    "bce.curves_caption": {
        "en": (
            "Each point is one element at its probability; soft targets lie between the curves. "
            "Towards p = 0, −log p climbs to 100 and stays there (the clamp, below p = e^−100 ≈ "
            "3.7·10^−44). Towards p = 1, −log(1 − p) cannot pass about 36.7, because no float64 lies "
            "between 1 − 2^−53 and 1, and it jumps to 100 at p = 1 exactly. Zoom in to see both ends."
        ),
        "zh": (
            "每个点是一个元素，横坐标为其概率；软目标的点落在两条曲线之间。p 趋于 0 时，−log p 升到 100 后"
            "不再增加（截断，发生在 p < e^−100 ≈ 3.7·10^−44 时）。p 趋于 1 时，−log(1 − p) 最多只到约 36.7，"
            "因为在 1 − 2^−53 和 1 之间没有别的 float64；到 p 恰好为 1 时才跳到 100。放大图表可以看清两端。"
        ),
    },
    "bce.sweep_title": {
        "en": "One element's loss against its logit",
        "zh": "单个元素的损失随 logit 的变化",
    },
    "bce.sweep_x": {"en": "logit x", "zh": "logit x"},
    "bce.sweep_logits_if_one": {"en": "BCEWithLogitsLoss, y = 1", "zh": "BCEWithLogitsLoss，y = 1"},
    "bce.sweep_logits_if_zero": {
        "en": "BCEWithLogitsLoss, y = 0",
        "zh": "BCEWithLogitsLoss，y = 0",
    },
    "bce.sweep_probs_if_one": {"en": "BCELoss on σ(x), y = 1", "zh": "BCELoss（输入 σ(x)），y = 1"},
    "bce.sweep_probs_if_zero": {
        "en": "BCELoss on σ(x), y = 0",
        "zh": "BCELoss（输入 σ(x)），y = 0",
    },
    "bce.sweep_caption": {
        "en": (
            "With logits, a wrong answer costs about |x|, exactly, however large x is. On σ(x), "
            "y = 0 jumps to 100 once σ(x) rounds to 1 (x ≈ 36.7), so a logit of 37 costs as much as "
            "10⁴; y = 1 stays at 100 below x = −100. And no gradient reaches the logit there, since "
            "σ′(x) = 0 once σ(x) is exactly 0 or 1: the model stops learning from its worst mistakes."
        ),
        "zh": (
            "使用 logits 时，错误答案的损失约为 |x|，无论 x 多大都是精确的。输入 σ(x) 时，一旦 σ(x) 被舍入为 1"
            "（x ≈ 36.7），y = 0 的损失就跳到 100，于是 logit 为 37 与 10⁴ 的损失一样；y = 1 时，x 低于 −100 后"
            "损失停在 100。而且此时没有梯度能传回 logit，因为 σ(x) 恰好为 0 或 1 时 σ′(x) = 0：模型无法从最严重"
            "的错误中学习。"
        ),
    },
    "bce.distribution_title": {
        "en": "All elements: distribution of the element losses, per class",
        "zh": "全部元素：各类别元素损失的分布",
    },
    "bce.count": {"en": "elements", "zh": "元素个数"},
    "bce.col_logits_loss": {"en": "ℓ BCEWithLogitsLoss", "zh": "ℓ BCEWithLogitsLoss"},
    "bce.col_probs_loss": {"en": "ℓ BCELoss(σ(x))", "zh": "ℓ BCELoss(σ(x))"},
    "bce.col_clamped": {"en": "clamped at −100", "zh": "被截断在 −100"},
}
