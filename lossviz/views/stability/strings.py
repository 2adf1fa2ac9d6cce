"""Strings of the numerical stability page."""

STRINGS: dict[str, dict[str, str]] = {
    "stability.intro": {
        "en": (
            "On paper the loss is simply −log softmax(x)_y. In a computer every number lives in a "
            "fixed range: e^x overflows to ∞ past x ≈ 88.7 in float32, and a tiny probability rounds "
            "to exactly 0, whose log is −∞. Multiply the selected sample's logits by a scale s and "
            "watch three ways of computing the same cross-entropy: by hand from the definition, "
            "softmax then log, and PyTorch's fused F.cross_entropy. The first two break — first in "
            "float32, later in float64 — the fused one never does, as long as the logits themselves "
            "fit in the type."
        ),
        "zh": (
            "纸面上，损失不过是 −log softmax(x)_y。可在计算机里，每个数都只能落在有限的范围内："
            "在 float32 中，x 超过约 88.7 时 e^x 就上溢为 ∞；极小的概率会被舍入成恰好 0，而 log 0 = −∞。"
            "把所选样本的 logits 乘上一个缩放系数 s，比较同一个交叉熵的三种算法：照定义手写、先 softmax 再 log，"
            "以及 PyTorch 融合好的 F.cross_entropy。前两种迟早会出错——float32 先出错，float64 晚一些——"
            "只要 logits 本身没有超出该类型的范围，融合版本就从不出错。"
        ),
    },
    "stability.scale": {"en": "Logit scale s", "zh": "logit 缩放系数 s"},
    "stability.scale_help": {
        "en": "The selected sample's logits are multiplied by s: x = s·z. A large s is a very confident model.",
        "zh": "所选样本的 logits 乘以 s：x = s·z。s 越大，相当于模型越自信。",
    },
    "stability.dtype": {"en": "Floating-point type", "zh": "浮点类型"},
    "stability.dtype_help": {
        "en": "float32 is what models usually train in; float64 has a far wider range. The charts show both.",
        "zh": "模型通常用 float32 训练；float64 的范围大得多。图表同时显示两者。",
    },
    "stability.soft_target": {
        "en": "This sample has a probability target: the page uses its most likely class, {label}, as the label.",
        "zh": "该样本的目标是概率分布：本页以其中概率最大的类别 {label} 作为标签。",
    },
    "stability.route_naive": {"en": "By hand: exp, sum, log", "zh": "手写：exp、求和、log"},
    "stability.route_softmax_log": {
        "en": "torch.softmax, then torch.log",
        "zh": "先 torch.softmax，再 torch.log",
    },
    "stability.route_fused": {"en": "Fused: F.cross_entropy", "zh": "融合：F.cross_entropy"},
    "stability.short_naive": {"en": "by hand", "zh": "手写"},
    "stability.short_softmax_log": {"en": "softmax → log", "zh": "softmax → log"},
    "stability.short_fused": {"en": "fused", "zh": "融合"},
    "stability.status_ok": {
        "en": "loss and gradient finite",
        "zh": "损失和梯度都是有限值",
    },
    "stability.status_grad": {
        "en": "finite loss, but the gradient is NaN",
        "zh": "损失有限，但梯度是 NaN",
    },
    "stability.status_inf": {"en": "the loss is ∞", "zh": "损失为 ∞"},
    "stability.status_nan": {"en": "the loss is NaN", "zh": "损失为 NaN"},
    "stability.routes_header": {
        "en": "Three ways to compute the same loss, at s = {s} in {dtype}",
        "zh": "同一个损失的三种算法（s = {s}，{dtype}）",
    },
    "stability.naive_steps": {
        "en": "**By hand**, the definition taken literally:",
        "zh": "**手写**，完全照定义计算：",
    },
    "stability.stable_steps": {
        "en": "**Log-sum-exp**, as F.cross_entropy computes it:",
        "zh": "**log-sum-exp**，F.cross_entropy 的算法：",
    },
    "stability.gradients": {
        "en": "**The gradient** ∂ℓ/∂x that autograd gives through each route:",
        "zh": "**梯度** ∂ℓ/∂x：autograd 沿每种算法反向传播得到的结果：",
    },
    "stability.col_naive_p": {"en": "p (by hand)", "zh": "p（手写）"},
    "stability.col_naive_log_p": {"en": "log p (by hand)", "zh": "log p（手写）"},
    "stability.col_route": {"en": "route", "zh": "算法"},
    "stability.col_clamped": {"en": "clamped at −100", "zh": "被截断在 −100"},
    "stability.sweep_header": {
        "en": "Where each route breaks as s grows",
        "zh": "随着 s 增大，每种算法在哪里出错",
    },
    "stability.limits": {
        "en": (
            "**The limits of each type**, found by searching with torch itself: e^x is ∞ for "
            "x > {over32} in float32 and x > {over64} in float64 (the log of the largest number is "
            "{log32} and {log64}); e^x is exactly 0 for x < {under32} in float32 and x < {under64} "
            "in float64. With x = s·z the naive route breaks once s·max(z) passes the first limit — "
            "or as soon as one probability rounds to 0: one very negative logit is enough, without "
            "any overflow."
        ),
        "zh": (
            "**每种类型的极限**（直接用 torch 搜索得到）：在 float32 中，x > {over32} 时 e^x 为 ∞，"
            "float64 中则是 x > {over64}（最大可表示数的对数分别是 {log32} 和 {log64}）；"
            "float32 中 x < {under32}、float64 中 x < {under64} 时，e^x 恰好为 0。"
            "由于 x = s·z，一旦 s·max(z) 超过第一个极限，手写算法就会出错；"
            "或者只要有一个概率被舍入成 0 也会出错——一个很负的 logit 就够了，根本不需要上溢。"
        ),
    },
    "stability.loss_chart_title": {
        "en": "Sample {n} (label {y}): the loss by each route as the logits grow",
        "zh": "样本 {n}（标签 {y}）：logits 增大时各算法给出的损失",
    },
    "stability.scale_axis": {"en": "logit scale s (x = s·z)", "zh": "logit 缩放系数 s（x = s·z）"},
    "stability.breaks": {
        "en": "by hand: loss no longer finite ({dtype})",
        "zh": "手写：损失不再有限（{dtype}）",
    },
    "stability.strips_title": {
        "en": "Sample {n}: the outcome of each route at each scale",
        "zh": "样本 {n}：各算法在每个缩放系数下的结果",
    },
    "stability.strips_caption": {
        "en": "One strip per route and type, coloured by the outcome at each s; the dashed line is the current s. The loss chart above stops a line where its loss is ∞ or NaN; the shaded bands start where the by-hand loss breaks.",
        "zh": "每条色带对应一种算法和一种类型，颜色表示每个 s 下的结果；虚线是当前的 s。上方的损失图中，损失为 ∞ 或 NaN 的地方曲线会中断；阴影区从手写算法的损失出错处开始。",
    },
    "stability.event_overflow": {"en": "e^x overflows (∞)", "zh": "e^x 上溢（∞）"},
    "stability.event_zero": {
        "en": "a p is exactly 0 (log = −∞)",
        "zh": "某个 p 恰为 0（log = −∞）",
    },
    "stability.event_nan": {"en": "a p is NaN", "zh": "某个 p 为 NaN"},
    "stability.event_loss": {"en": "loss not finite", "zh": "损失不再有限"},
    "stability.event_grad": {"en": "gradient not finite", "zh": "梯度不再有限"},
    "stability.failures_caption": {
        "en": "The smallest scale s at which each thing first happens for this sample: a sweep finds it, then a search narrows it to neighbouring float32 or float64 numbers, all with torch itself. —: not up to s = 10⁴; empty: cannot happen on that route.",
        "zh": "对这个样本而言，每种情况首次出现时最小的 s：先扫描找到大致位置，再在相邻的 float32 或 float64 数之间细化，全部由 torch 实际计算。—：直到 s = 10⁴ 都没有出现；空白：该算法不会出现这种情况。",
    },
    "stability.jump_before": {
        "en": "s = {s}: the last by-hand loss still finite ({dtype})",
        "zh": "s = {s}：手写损失仍有限的最后一处（{dtype}）",
    },
    "stability.jump_at": {
        "en": "s = {s}: the first that breaks",
        "zh": "s = {s}：首次出错处",
    },
    "stability.jump_help": {
        "en": "Set the scale to a neighbour of the threshold and compare the numbers just before and just after.",
        "zh": "把缩放系数设为阈值两侧相邻的数，对比出错前后的数值。",
    },
    "stability.bce_header": {
        "en": "BCELoss's clamp at −100 versus BCEWithLogitsLoss",
        "zh": "BCELoss 在 −100 处的截断与 BCEWithLogitsLoss",
    },
    "stability.bce_text": {
        "en": (
            "BCELoss takes a probability, so the logit goes through torch.sigmoid first, and "
            "σ(x) = 1 / (1 + e^(−x)) rounds to exactly 1 from x = {one32} in float32 and "
            'x = {one64} in float64. For a wrong "yes" (target 0) the loss is then '
            "−log(1 − 1) = −log 0 = ∞, which PyTorch clamps: each log is at least −100. So the loss "
            "jumps to 100 and stays there however wrong the model gets, and the gradient through "
            "the sigmoid is exactly 0 — the model stops learning from its worst mistakes. In "
            "float64 the gradient fades even earlier, from x ≈ {floor64}, where σ(x)(1 − σ(x)) falls "
            "below the 10⁻¹² floor in BCELoss's gradient. BCEWithLogitsLoss works on the logit, "
            "max(x, 0) − x·t + log(1 + e^(−|x|)): its loss keeps growing with x and its gradient "
            "stays σ(x) − t. Each class of the selected sample is shown below as a yes/no question "
            "with its one-hot target."
        ),
        "zh": (
            "BCELoss 接收的是概率，所以 logit 要先经过 torch.sigmoid；而 σ(x) = 1 / (1 + e^(−x)) "
            "在 float32 中从 x = {one32} 起、在 float64 中从 x = {one64} 起会被舍入成恰好 1。"
            "对于一个错误的“是”（目标为 0），损失就成了 −log(1 − 1) = −log 0 = ∞，PyTorch 会把它截断："
            "每个 log 至少为 −100。于是损失跳到 100，之后无论模型错得多离谱都停在 100，"
            "而穿过 sigmoid 的梯度恰好为 0——模型无法再从最严重的错误中学习。在 float64 中，"
            "梯度衰减得更早：从 x ≈ {floor64} 起，σ(x)(1 − σ(x)) 低于 BCELoss 梯度中 10⁻¹² 的下限。"
            "BCEWithLogitsLoss 直接在 logit 上计算 max(x, 0) − x·t + log(1 + e^(−|x|))："
            "损失随 x 持续增长，梯度始终是 σ(x) − t。下面把所选样本的每个类别看作一个以 one-hot 为目标的是/否问题。"
        ),
    },
    "stability.gradient": {"en": "gradient ∂ℓ/∂x", "zh": "梯度 ∂ℓ/∂x"},
    "stability.clamp_line": {
        "en": "clamp: BCELoss ≤ 100 (dotted)",
        "zh": "截断：BCELoss ≤ 100（点线）",
    },
    "stability.bce_loss_title": {
        "en": 'A wrong "yes" (t = 0): the loss',
        "zh": "错误的“是”（t = 0）：损失",
    },
    "stability.bce_grad_title": {
        "en": 'A wrong "yes" (t = 0): the gradient',
        "zh": "错误的“是”（t = 0）：梯度",
    },
    "stability.sample_markers": {
        "en": "this sample, t = 0 ({function})",
        "zh": "本样本 t = 0 的类别（{function}）",
    },
    "stability.logit_axis": {"en": "logit x", "zh": "logit x"},
    "stability.bce_caption": {
        "en": "Log axes. Dashed: float32, solid: float64. The dotted vertical lines mark where σ(x) rounds to exactly 1 in each type. Markers: the classes of the selected sample with target 0, at this scale, in {dtype}.",
        "zh": "对数坐标。虚线：float32，实线：float64。竖直点线标出 σ(x) 在各类型中被舍入为恰好 1 的位置。标记：所选样本中目标为 0 的类别，在当前缩放系数和 {dtype} 下的取值。",
    },
    "stability.fuse_header": {
        "en": "Why frameworks fuse softmax with the loss",
        "zh": "为什么框架要把 softmax 与损失融合在一起",
    },
    "stability.fuse_text": {
        "en": (
            "F.cross_entropy is log_softmax followed by nll_loss: it never forms the probabilities "
            "and never takes their log.\n\n"
            "- **Log-sum-exp.** log Σ e^(x_j) = m + log Σ e^(x_j − m) with m = max x: every exponent "
            "is ≤ 0, so nothing overflows, and the largest term is e^0 = 1, so the sum lies between "
            "1 and the number of classes and its log is finite. Here m = {m}, "
            "Σ e^(x_j − m) = {total} and log-sum-exp = {lse}.\n"
            "- **No log of a rounded probability.** log p_j = x_j − log-sum-exp is computed "
            "directly. A probability of e^(−150) rounds to 0 in float32 and its log to −∞; the "
            "log-probability −150 itself is an ordinary number. Here the loss is {naive} by hand "
            "and {fused} fused.\n"
            "- **A gradient that is always finite.** The fused backward is softmax(x) − onehot(y), "
            "every value between −1 and 1. Autograd through torch.log multiplies by 1/p: where p = 0 "
            "that is 0 · ∞ = NaN, even when the loss itself is finite. Here softmax-then-log gives: "
            "{status_softmax}; by hand: {status_naive}.\n"
            "- **Fewer passes, less memory.** One log_softmax kernel replaces exp, sum, divide and "
            "log: fewer passes over the (batch × classes) tensor and fewer intermediate tensors kept "
            "for backward.\n\n"
            "The same idea gives BCEWithLogitsLoss (the sigmoid inside the loss), and it is why "
            "nn.CrossEntropyLoss expects raw logits: a softmax before it is a bug."
        ),
        "zh": (
            "F.cross_entropy 就是 log_softmax 加上 nll_loss：它从不显式算出概率，也从不对概率取 log。\n\n"
            "- **log-sum-exp。** log Σ e^(x_j) = m + log Σ e^(x_j − m)，其中 m = max x：每个指数都 ≤ 0，"
            "所以不会上溢；最大的一项是 e^0 = 1，所以总和介于 1 和类别数之间，取 log 后一定是有限值。"
            "这里 m = {m}，Σ e^(x_j − m) = {total}，log-sum-exp = {lse}。\n"
            "- **不对舍入后的概率取 log。** log p_j = x_j − log-sum-exp 是直接算出来的。"
            "e^(−150) 这样的概率在 float32 中会被舍入成 0，取 log 得到 −∞；而对数概率 −150 本身只是个普通的数。"
            "这里手写算法的损失是 {naive}，融合算法是 {fused}。\n"
            "- **梯度始终有限。** 融合后的反向传播就是 softmax(x) − onehot(y)，每个值都在 −1 和 1 之间。"
            "而 autograd 经过 torch.log 时要乘以 1/p：p = 0 处就是 0 · ∞ = NaN，哪怕损失本身是有限的。"
            "这里先 softmax 再 log 的结果：{status_softmax}；手写：{status_naive}。\n"
            "- **遍历更少，内存更省。** 一个 log_softmax 内核取代了 exp、求和、除法和 log："
            "对（批次 × 类别）张量的遍历更少，为反向传播保存的中间张量也更少。\n\n"
            "同样的思路造就了 BCEWithLogitsLoss（把 sigmoid 放进损失里），这也是 nn.CrossEntropyLoss "
            "要求输入原始 logits 的原因：在它前面再做一次 softmax 是个 bug。"
        ),
    },
    "stability.batch_header": {
        "en": "The whole batch at s = {s}",
        "zh": "整个批次（s = {s}）",
    },
    "stability.batch_title": {
        "en": "The outcome of each route for all {samples} samples",
        "zh": "全部 {samples} 个样本在各算法下的结果",
    },
    "stability.samples": {"en": "samples", "zh": "样本数"},
}
