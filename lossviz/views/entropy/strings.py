"""Strings of the entropy page (entropy, cross-entropy and KL divergence)."""

STRINGS: dict[str, dict[str, str]] = {
    "kl.title": {"en": "Entropy, cross-entropy and KL divergence", "zh": "熵、交叉熵与 KL 散度"},
    "kl.intro": {
        "en": "Cross-entropy compares two distributions: the target p (what is true) and the model's q = softmax(logits). It splits into two parts: the entropy H(p), the uncertainty already in the target, which no model can remove, and the KL divergence KL(p‖q), how far the model is from the target. So H(p, q) = H(p) + KL(p‖q), and training can only shrink the KL.",
        "zh": "交叉熵比较两个分布：目标分布 p（真实情况）与模型给出的 q = softmax(logits)。它可以拆成两部分：熵 H(p)，即目标本身的不确定性，任何模型都无法消除；以及 KL 散度 KL(p‖q)，衡量模型离目标有多远。于是 H(p, q) = H(p) + KL(p‖q)，训练能减小的只有 KL 这一部分。",
    },
    "kl.chain": {
        "en": "Step by step, as the tutorials teach: the information content of an outcome is −log p (the rarer, the more surprising); entropy is the average surprise when outcomes follow p; cross-entropy is the average surprise when outcomes follow p but you expected q; the difference between the two is the KL divergence.",
        "zh": "按教程的顺序一步步来：一个结果的信息量是 −log p（越罕见越意外）；熵是结果服从 p 时的平均意外程度；交叉熵是结果服从 p、而你按 q 去预期时的平均意外程度；两者之差就是 KL 散度。",
    },
    "kl.smoothing": {"en": "Label smoothing ε", "zh": "标签平滑 ε"},
    "kl.smoothing_help": {
        "en": "The target becomes (1 − ε)·one-hot + ε/C, as in F.cross_entropy(..., label_smoothing=ε). The cross-entropy page shares this setting.",
        "zh": "目标变为 (1 − ε)·one-hot + ε/C，与 F.cross_entropy(..., label_smoothing=ε) 相同。交叉熵页面共用这个设置。",
    },
    "kl.unit": {"en": "Unit", "zh": "单位"},
    "kl.unit_help": {
        "en": "PyTorch uses natural logarithms, so its losses are in nats; information theory often counts in bits: bits = nats ÷ ln 2.",
        "zh": "PyTorch 使用自然对数，所以它的损失以奈特（nats）为单位；信息论中常用比特（bits）：比特 = 奈特 ÷ ln 2。",
    },
    "kl.unit_option_nats": {
        "en": "nats (ln, as PyTorch)",
        "zh": "奈特 nats（自然对数，同 PyTorch）",
    },
    "kl.unit_option_bits": {"en": "bits (log₂)", "zh": "比特 bits（log₂）"},
    "kl.unit_name_nats": {"en": "nats", "zh": "奈特"},
    "kl.unit_name_bits": {"en": "bits", "zh": "比特"},
    "kl.units_caption": {
        "en": "PyTorch takes natural logarithms, so its losses are in nats. Information theory often counts in bits (log₂): divide by ln 2 ≈ 0.6931. The charts and formulas here are in {unit}; PyTorch's own numbers (F.cross_entropy, F.kl_div) are always in nats.",
        "zh": "PyTorch 取自然对数，所以它的损失以奈特（nats）为单位。信息论中常用比特（bits，log₂）：除以 ln 2 ≈ 0.6931 即可换算。本页的图表和公式使用{unit}；PyTorch 自己的结果（F.cross_entropy、F.kl_div）始终以奈特为单位。",
    },
    "kl.p_onehot": {
        "en": "p: the one-hot label of each sample (ε = 0). q: softmax(logits), the model.",
        "zh": "p：每个样本的 one-hot 标签（ε = 0）。q：softmax(logits)，即模型的预测。",
    },
    "kl.p_smoothed": {
        "en": "p: each label smoothed, (1 − ε)·one-hot + ε/C with ε = {eps:g} and C = {c}. q: softmax(logits), the model.",
        "zh": "p：平滑后的标签，(1 − ε)·one-hot + ε/C，其中 ε = {eps:g}，C = {c}。q：softmax(logits)，即模型的预测。",
    },
    "kl.p_soft": {
        "en": "p: the batch's probability rows (soft targets). q: softmax(logits), the model.",
        "zh": "p：批次中的概率行（软标签）。q：softmax(logits)，即模型的预测。",
    },
    "kl.p_soft_smoothed": {
        "en": "p: the batch's probability rows, smoothed with ε = {eps:g}: (1 − ε)·p + ε/C. q: softmax(logits), the model.",
        "zh": "p：批次中的概率行，并以 ε = {eps:g} 平滑：(1 − ε)·p + ε/C。q：softmax(logits)，即模型的预测。",
    },
    "kl.not_distributions": {
        "en": "Entropy and KL need every target row to be a probability distribution (non-negative, summing to 1). Until that is fixed, this page uses each sample's most likely class as its label.",
        "zh": "计算熵与 KL 要求每个目标行都是概率分布（非负且和为 1）。在修正之前，本页改用每个样本概率最大的类别作为标签。",
    },
    "kl.weights_unused": {
        "en": "The class weights are not used on this page: entropy and KL divergence have no weights, so the cross-entropy here is unweighted.",
        "zh": "本页不使用类别权重：熵和 KL 散度没有权重的概念，因此这里的交叉熵不加权。",
    },
    "kl.sample_header": {"en": "Sample {n}, with its numbers", "zh": "样本 {n} 的具体数值"},
    "kl.badge_ce": {
        "en": "F.cross_entropy (label_smoothing={eps:g})",
        "zh": "F.cross_entropy（label_smoothing={eps:g}）",
    },
    "kl.ce_equals": {
        "en": "PyTorch: F.cross_entropy(logits, target, label_smoothing={eps:g}, reduction='none')[{n}] = {ce} nats. Step by step: H(p) + KL(p‖q) = {h} + {kl} = {total} nats.",
        "zh": "PyTorch：F.cross_entropy(logits, target, label_smoothing={eps:g}, reduction='none')[{n}] = {ce} 奈特。逐步计算：H(p) + KL(p‖q) = {h} + {kl} = {total} 奈特。",
    },
    "kl.underflow": {
        "en": "For sample {n}, some q_c is exactly 0 in float64 (the exponential of a very negative logit gap underflows) while p_c > 0: computed from probabilities, H(p, q) and KL(p‖q) are ∞. PyTorch's cross_entropy works with log_softmax, where log q_c stays finite, and gives {ce} nats. This is why losses take logits, not probabilities.",
        "zh": "样本 {n} 中有某个 q_c 在 float64 下恰好为 0（logit 差距太大，指数下溢），而对应的 p_c > 0：若从概率出发计算，H(p, q) 与 KL(p‖q) 都是 ∞。PyTorch 的 cross_entropy 基于 log_softmax 计算，log q_c 仍是有限值，结果为 {ce} 奈特。这正是损失函数接收 logits 而不是概率的原因。",
    },
    "kl.batch_header": {
        "en": "Every sample: entropy + KL = cross-entropy",
        "zh": "每个样本：熵 + KL = 交叉熵",
    },
    "kl.chart_title": {
        "en": "Per sample: H(p) + KL(p‖q) = H(p, q), in {unit}",
        "zh": "每个样本：H(p) + KL(p‖q) = H(p, q)，单位：{unit}",
    },
    "kl.entropy_name": {"en": "entropy H(p)", "zh": "熵 H(p)"},
    "kl.kl_name": {"en": "KL(p‖q)", "zh": "KL(p‖q)"},
    "kl.cross_name": {"en": "cross-entropy H(p, q)", "zh": "交叉熵 H(p, q)"},
    "kl.y_title": {"en": "information ({unit})", "zh": "信息量（{unit}）"},
    "kl.distribution_title": {
        "en": "All {n} samples: distribution of H(p) and KL(p‖q)",
        "zh": "全部 {n} 个样本：H(p) 与 KL(p‖q) 的分布",
    },
    "kl.count": {"en": "samples", "zh": "样本数"},
    "kl.infinite_not_drawn": {
        "en": "{count} sample(s) with KL = ∞ not drawn",
        "zh": "{count} 个样本的 KL = ∞，未画出",
    },
    "kl.info_title": {
        "en": "Sample {n}: −log p and −log q per class ({unit})",
        "zh": "样本 {n}：各类别的信息量 −log p 与 −log q（{unit}）",
    },
    "kl.surprise_p": {"en": "−log p (target)", "zh": "−log p（目标）"},
    "kl.surprise_q": {"en": "−log q (model)", "zh": "−log q（模型）"},
    "kl.info_caption": {
        "en": "H(p) is the average of −log p and H(p, q) the average of −log q, both weighted by p. A class with p_c = 0 is infinitely surprising under p but weighs nothing (0 · log 0 = 0).",
        "zh": "H(p) 是 −log p 的加权平均，H(p, q) 是 −log q 的加权平均，权重都是 p。p_c = 0 的类别在 p 下的意外程度为无穷大，但它的权重为 0（0 · log 0 = 0），不计入总和。",
    },
    "kl.direction_title": {
        "en": "Sample {n}: KL(p‖q) and KL(q‖p) ({unit})",
        "zh": "样本 {n}：KL(p‖q) 与 KL(q‖p)（{unit}）",
    },
    "kl.forward_name": {
        "en": "KL(p‖q): what cross-entropy trains",
        "zh": "KL(p‖q)：交叉熵训练的方向",
    },
    "kl.reverse_name": {"en": "KL(q‖p): the reverse", "zh": "KL(q‖p)：反方向"},
    "kl.direction_caption": {
        "en": "KL is not symmetric. KL(p‖q) weighs the log-ratio by the target p, KL(q‖p) by the model q. KL(q‖p) is ∞ whenever q gives probability to a class that p rules out, as with any one-hot target.",
        "zh": "KL 散度不对称。KL(p‖q) 用目标 p 对对数比值加权，KL(q‖p) 用模型 q 加权。只要 q 给了 p 认为不可能的类别一点概率（任何 one-hot 目标都是如此），KL(q‖p) 就是 ∞。",
    },
    "kl.floor_header": {
        "en": "Why a label-smoothed loss never reaches 0",
        "zh": "为什么标签平滑后的损失永远到不了 0",
    },
    "kl.floor_text": {
        "en": "With ε > 0 the target itself is uncertain: H(p) > 0. Since KL(p‖q) ≥ 0, the cross-entropy H(p, q) = H(p) + KL(p‖q) never goes below H(p), and reaches it only when the model predicts q = p exactly, not a one-hot.",
        "zh": "当 ε > 0 时，目标本身就带有不确定性：H(p) > 0。由于 KL(p‖q) ≥ 0，交叉熵 H(p, q) = H(p) + KL(p‖q) 永远不会低于 H(p)；只有当模型恰好预测 q = p（而不是 one-hot）时，才能达到这个下限。",
    },
    "kl.floor_numbers": {
        "en": "Sample {n}: the floor H(p) = {floor} {unit}; its loss H(p, q) = {loss} {unit}, of which KL(p‖q) = {kl} {unit} can still be trained away.",
        "zh": "样本 {n}：下限 H(p) = {floor} {unit}；它的损失 H(p, q) = {loss} {unit}，其中 KL(p‖q) = {kl} {unit} 还可以通过训练消除。",
    },
    "kl.floor_zero": {
        "en": "With ε = 0 and a hard label, H(p) = 0: the loss approaches 0 as q approaches the one-hot target, reaching it only at infinite logits. Raise ε to see the floor rise.",
        "zh": "当 ε = 0 且是硬标签时，H(p) = 0：q 越接近 one-hot 目标，损失越接近 0，但只有 logits 趋于无穷时才真正等于 0。调大 ε，看看下限如何升高。",
    },
    "kl.floor_curve_title": {
        "en": "The floor H(p) of a label-smoothed target over {c} classes ({unit})",
        "zh": "{c} 个类别时，标签平滑目标的下限 H(p)（{unit}）",
    },
    "kl.floor_name": {"en": "floor H(p)", "zh": "下限 H(p)"},
    "kl.loss_name": {"en": "sample {n}: H(p, q)", "zh": "样本 {n}：H(p, q)"},
    "kl.eps_axis": {"en": "label smoothing ε", "zh": "标签平滑 ε"},
    "kl.floor_uniform": {
        "en": "At ε = 1 the target is uniform and the floor is the largest entropy C classes allow, log C = {top} {unit}.",
        "zh": "ε = 1 时目标是均匀分布，下限达到 C 个类别所能有的最大熵 log C = {top} {unit}。",
    },
    "kl.kl_div_header": {"en": "Calling F.kl_div correctly", "zh": "正确调用 F.kl_div"},
    "kl.kl_div_text": {
        "en": "F.kl_div(input, target) computes KL(target‖input's distribution): the input is the model's log-probabilities log q, the target is p, the reverse of the order in KL(p‖q). Use reduction='batchmean' for the KL per sample; 'mean' divides by every element.",
        "zh": "F.kl_div(input, target) 计算的是 KL(target‖input 对应的分布)：input 是模型的对数概率 log q，target 是 p，顺序与数学写法 KL(p‖q) 相反。要得到每个样本的平均 KL，请用 reduction='batchmean'；'mean' 会除以全部元素的个数。",
    },
    "kl.kl_div_equal": {
        "en": "F.kl_div(log_q, p, reduction='batchmean') = {right} nats: the mean of the per-sample KL(p‖q) above, {kl} nats.",
        "zh": "F.kl_div(log_q, p, reduction='batchmean') = {right} 奈特，等于上面各样本 KL(p‖q) 的平均值 {kl} 奈特。",
    },
    "kl.underflow_batch": {
        "en": "The mean KL from probabilities is ∞ because some q_c underflows to 0; F.kl_div takes log q, which stays finite, and gives {right} nats.",
        "zh": "从概率出发计算的平均 KL 为 ∞，因为某些 q_c 下溢为 0；F.kl_div 接收的是 log q，它仍是有限值，结果为 {right} 奈特。",
    },
    "kl.badge_kl_div": {
        "en": "F.kl_div(reduction='batchmean')",
        "zh": "F.kl_div(reduction='batchmean')",
    },
    "kl.col_call": {"en": "call", "zh": "调用"},
    "kl.col_code": {"en": "code", "zh": "代码"},
    "kl.col_value": {"en": "value (nats)", "zh": "结果（奈特）"},
    "kl.call_right": {"en": "✓ right: the mean KL(p‖q)", "zh": "✓ 正确：平均 KL(p‖q)"},
    "kl.call_swapped": {
        "en": "(a) arguments swapped: gives KL(q‖p) = {reverse}",
        "zh": "(a) 参数顺序颠倒：得到的是 KL(q‖p) = {reverse}",
    },
    "kl.call_probabilities": {
        "en": "(b) probabilities as input: not a divergence",
        "zh": "(b) input 传入概率：结果不是散度",
    },
    "kl.call_mean": {
        "en": "(c) reduction='mean': divides by N·C = {numel}",
        "zh": "(c) reduction='mean'：除以 N·C = {numel}",
    },
    "kl.swapped_infinite": {
        "en": "(a) A hard label has zeros, so p.log() holds −∞ and PyTorch returns {value}: KL(q‖p) is infinite, since q gives probability to classes that p rules out.",
        "zh": "(a) 硬标签中含有 0，p.log() 里会出现 −∞，PyTorch 返回 {value}：KL(q‖p) 为无穷大，因为 q 给了 p 认为不可能的类别一些概率。",
    },
    "kl.swapped_silent": {
        "en": "(a) PyTorch gives no warning for swapped arguments: the number looks plausible, but it measures the other direction, KL(q‖p).",
        "zh": "(a) 参数颠倒时 PyTorch 不会给出任何警告：结果看起来很合理，但量的是反方向的 KL(q‖p)。",
    },
    "kl.col_sample": {"en": "sample", "zh": "样本"},
    "kl.col_entropy": {"en": "H(p) ({unit})", "zh": "H(p)（{unit}）"},
    "kl.col_kl": {"en": "KL(p‖q) ({unit})", "zh": "KL(p‖q)（{unit}）"},
    "kl.col_cross": {"en": "H(p, q) ({unit})", "zh": "H(p, q)（{unit}）"},
    "kl.col_pytorch": {"en": "F.cross_entropy (nats)", "zh": "F.cross_entropy（奈特）"},
    "kl.col_reverse": {"en": "KL(q‖p) ({unit})", "zh": "KL(q‖p)（{unit}）"},
    "kl.col_p": {"en": "p (target)", "zh": "p（目标）"},
    "kl.col_q": {"en": "q (model)", "zh": "q（模型）"},
    "kl.col_surprise_p": {"en": "−log p ({unit})", "zh": "−log p（{unit}）"},
    "kl.col_surprise_q": {"en": "−log q ({unit})", "zh": "−log q（{unit}）"},
    "kl.col_entropy_term": {"en": "−p log p ({unit})", "zh": "−p log p（{unit}）"},
    "kl.col_cross_term": {"en": "−p log q ({unit})", "zh": "−p log q（{unit}）"},
    "kl.col_kl_term": {"en": "p log(p/q) ({unit})", "zh": "p log(p/q)（{unit}）"},
}
