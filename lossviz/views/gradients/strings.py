"""Strings of the gradients page."""

STRINGS: dict[str, dict[str, str]] = {
    "grad.title": {"en": "Gradients: ∂L/∂z for every logit", "zh": "梯度：每个 logit 的 ∂L/∂z"},
    "grad.intro": {
        "en": (
            "`loss.backward()` fills `logits.grad` with ∂L/∂z: how much the loss changes when one "
            "logit moves. Gradient descent then moves every logit against it, z ← z − η·∂L/∂z. "
            "For cross-entropy the gradient has a short closed form — softmax minus target, times "
            "the sample's weight, divided by the denominator of the mean — and this page shows it "
            "beside what autograd computes."
        ),
        "zh": (
            "`loss.backward()` 会把 ∂L/∂z 写进 `logits.grad`：某个 logit 变动一点时损失变化多少。"
            "梯度下降再让每个 logit 逆着梯度移动：z ← z − η·∂L/∂z。交叉熵的梯度有一个简洁的解析式——"
            "softmax 减去目标，乘以样本权重，再除以 mean 的分母。本页把它和 autograd 的结果并排展示。"
        ),
    },
    "grad.reduction": {"en": "reduction", "zh": "reduction（归约方式）"},
    "grad.reduction_help": {
        "en": "'mean' divides the summed loss (and so every gradient) by the denominator d; 'sum' does not; 'none' returns one loss per sample, and backward() runs on their sum",
        "zh": "'mean' 把损失之和（因而每个梯度）除以分母 d；'sum' 不除；'none' 返回每个样本的损失，backward() 作用于它们的和",
    },
    "grad.ignore_index": {"en": "ignore_index", "zh": "ignore_index"},
    "grad.ignore_index_help": {
        "en": "Samples whose label equals this value are left out: their gradient rows are 0. The default -100 matches no class.",
        "zh": "标签等于该值的样本不参与计算：它们的梯度行全为 0。默认值 -100 不对应任何类别。",
    },
    "grad.smoothing": {"en": "label_smoothing ε", "zh": "label_smoothing（标签平滑）ε"},
    "grad.smoothing_help": {
        "en": "The target becomes (1 − ε)·one-hot + ε/C: every class gets ε/C",
        "zh": "目标变为 (1 − ε)·one-hot + ε/C：每个类别都分到 ε/C",
    },
    "grad.weights": {
        "en": "Class weights w = {weights} (edit them in the sidebar).",
        "zh": "类别权重 w = {weights}（可在侧边栏修改）。",
    },
    "grad.weights_none": {
        "en": "No class weights: every class weighs 1 (set weights in the sidebar).",
        "zh": "未设置类别权重：每个类别的权重都是 1（可在侧边栏设置）。",
    },
    "grad.weights_off": {
        "en": "Class weights w = {weights} are switched off: every class weighs 1.",
        "zh": "类别权重 w = {weights} 已关闭：每个类别的权重都是 1。",
    },
    "grad.try_weights": {"en": "Try weights 1, 2, …, C", "zh": "试试权重 1, 2, …, C"},
    "grad.use_weight": {"en": "Apply the class weights", "zh": "使用类别权重"},
    "grad.use_weight_help": {
        "en": "Pass weight= to F.cross_entropy. Off: the same batch without weights, to compare",
        "zh": "向 F.cross_entropy 传入 weight=。关闭：同一批次不加权，便于对比",
    },
    "grad.soft_ignore": {
        "en": "ignore_index = {value} cannot be used with probability targets (PyTorch raises an error too): the page uses -100 instead.",
        "zh": "概率形式的目标不能与 ignore_index = {value} 一起使用（PyTorch 也会报错）：本页改用 -100。",
    },
    "grad.compute_error": {
        "en": "These settings cannot be computed — {message}",
        "zh": "这组设置无法计算：{message}",
    },
    "grad.badge_function": {
        "en": "loss.backward() through F.cross_entropy (sample {n}, ∂L/∂z_{j})",
        "zh": "F.cross_entropy 反向传播 loss.backward()（样本 {n}，∂L/∂z_{j}）",
    },
    "grad.loss_caption": {
        "en": "The loss itself: F.cross_entropy(…, reduction='{reduction}') = {loss:.6g}; the gradients below are of this number{summed}.",
        "zh": "损失本身：F.cross_entropy(…, reduction='{reduction}') = {loss:.6g}；下面的梯度都是对这个数{summed}求的。",
    },
    "grad.summed": {"en": " (the sum of the per-sample losses)", "zh": "（各样本损失之和）"},
    "grad.view": {"en": "Show the gradient as", "zh": "梯度的显示方式"},
    "grad.view_heatmap": {"en": "Heatmap", "zh": "热力图"},
    "grad.view_bars": {"en": "Bars", "zh": "柱状图"},
    "grad.all_header": {
        "en": "∂L/∂z for every logit of the batch",
        "zh": "批次中每个 logit 的 ∂L/∂z",
    },
    "grad.all_title": {
        "en": "∂L/∂z per sample and class — blue: gradient descent raises the logit, red: lowers it",
        "zh": "每个样本、每个类别的 ∂L/∂z——蓝色：梯度下降会抬高该 logit；红色：会压低它",
    },
    "grad.bars_title": {
        "en": "∂L/∂z per sample and class — below 0: gradient descent raises the logit, above 0: lowers it",
        "zh": "每个样本、每个类别的 ∂L/∂z——小于 0：梯度下降会抬高该 logit；大于 0：会压低它",
    },
    "grad.read": {
        "en": (
            "The true class's logit gets a negative gradient, so gradient descent raises it; every "
            "other logit gets a positive one in proportion to its probability, so it is lowered. "
            "The more probability a wrong class holds, the harder it is pushed down."
        ),
        "zh": (
            "真实类别的 logit 得到负梯度，梯度下降会把它抬高；其他每个 logit 得到与其概率成正比的正梯度，"
            "会被压低。错误类别占的概率越大，被压得越狠。"
        ),
    },
    "grad.word_gradient": {"en": "∂L/∂z", "zh": "∂L/∂z"},
    "grad.analytic_header": {"en": "The formula beside autograd", "zh": "解析公式与 autograd 对照"},
    "grad.analytic_intro": {
        "en": (
            "Autograd differentiates through PyTorch's fused function; the formula needs no "
            "autograd at all. Symbols: p_j the softmax probability, t_j the target (one-hot, "
            "smoothed or given probabilities), w_y the weight of the sample's class (1 without "
            "weights), d the denominator of the mean (1 for 'sum' and 'none')."
        ),
        "zh": (
            "autograd 沿着 PyTorch 的融合函数求导；解析公式完全不需要 autograd。符号：p_j 为 softmax 概率，"
            "t_j 为目标（one-hot、平滑后的目标或给定的概率），w_y 为该样本所属类别的权重（不加权时为 1），"
            "d 为 mean 的分母（'sum' 和 'none' 时为 1）。"
        ),
    },
    "grad.general_form": {
        "en": "With class weights and a target spread over several classes (smoothing or probability targets) no single w_y covers the target, so the formula takes its general form: p_j times the target's total weight, minus the weighted target.",
        "zh": "有类别权重、且目标分布在多个类别上（标签平滑或概率目标）时，没有一个 w_y 能概括整个目标，公式取一般形式：p_j 乘以目标的总权重，减去加权后的目标。",
    },
    "grad.ignored_sample": {
        "en": "Sample {n} is ignored (its label {label} equals ignore_index): its target and weight are 0, and so is its whole gradient row.",
        "zh": "样本 {n} 被忽略（其标签 {label} 等于 ignore_index）：它的目标和权重都是 0，整行梯度也都是 0。",
    },
    "grad.all_ignored": {
        "en": "Every sample is ignored: 'mean' divides 0 by d = 0 and gives NaN, and PyTorch's gradient is 0 everywhere.",
        "zh": "所有样本都被忽略：'mean' 计算 0 / 0（d = 0）得到 NaN，PyTorch 给出的梯度处处为 0。",
    },
    "grad.sample_title": {
        "en": "Sample {n}: p, the target t, and the gradient two ways",
        "zh": "样本 {n}：p、目标 t，以及两种方法得到的梯度",
    },
    "grad.cat_p": {"en": "p (softmax)", "zh": "p（softmax）"},
    "grad.cat_t": {"en": "t (target)", "zh": "t（目标）"},
    "grad.cat_analytic": {"en": "formula", "zh": "解析公式"},
    "grad.cat_autograd": {"en": "autograd", "zh": "autograd"},
    "grad.value": {"en": "value", "zh": "数值"},
    "grad.col_p": {"en": "p_j", "zh": "p_j"},
    "grad.col_t": {"en": "t_j", "zh": "t_j"},
    "grad.col_w_class": {"en": "w_j (class weight)", "zh": "w_j（类别权重）"},
    "grad.col_w_y": {"en": "w_y (sample weight)", "zh": "w_y（样本权重）"},
    "grad.col_d": {"en": "d", "zh": "d"},
    "grad.col_analytic": {"en": "formula", "zh": "解析公式"},
    "grad.col_autograd": {"en": "autograd", "zh": "autograd"},
    "grad.col_difference": {"en": "|formula − autograd|", "zh": "|解析公式 − autograd|"},
    "grad.scale_header": {
        "en": "How reduction, weights and ignore_index scale it",
        "zh": "reduction、权重与 ignore_index 如何缩放梯度",
    },
    "grad.scale_sum": {
        "en": "**'{reduction}'**: nothing is divided (d = 1). Each row is that sample's own gradient, (p − t)·w_y; a batch twice as large gives a total gradient about twice as large.",
        "zh": "**'{reduction}'**：不做除法（d = 1）。每一行就是该样本自己的梯度 (p − t)·w_y；批次加倍，总梯度也大约加倍。",
    },
    "grad.scale_mean_count": {
        "en": "**'mean'**: every row is divided by d = {d:g}, the number of samples that count. A sample's push weakens as the batch grows, so the learning rate need not change with the batch size.",
        "zh": "**'mean'**：每一行都除以 d = {d:g}，即参与计算的样本数。批次越大，单个样本的推动越弱，因此学习率不必随批次大小而改。",
    },
    "grad.scale_mean_weights": {
        "en": "**'mean'** with class weights: every row is divided by d = Σ w_y = {d:g}, the summed weights of the samples' classes — not by the number of samples.",
        "zh": "**'mean'** 且有类别权重：每一行都除以 d = Σ w_y = {d:g}，即各样本所属类别的权重之和——而不是样本数。",
    },
    "grad.scale_mean_soft": {
        "en": "**'mean'** with probability targets: every row is divided by d = N = {d:g}, the number of samples, whatever the weights.",
        "zh": "**'mean'** 且目标为概率：每一行都除以 d = N = {d:g}，即样本数，与权重无关。",
    },
    "grad.scale_weights": {
        "en": "Class weights multiply a sample's row by its class's weight w_y: a rare class with a large weight gets a larger push.",
        "zh": "类别权重把样本的梯度行乘以其类别的权重 w_y：权重大的稀有类别得到更大的推动。",
    },
    "grad.scale_ignored": {
        "en": "{k} ignored sample(s): their rows are exactly 0 and they do not count in d.",
        "zh": "{k} 个样本被忽略：它们的梯度行恰好为 0，也不计入 d。",
    },
    "grad.scale_none_ignored": {
        "en": "No sample is ignored: ignore_index = {value} matches no label in the batch.",
        "zh": "没有样本被忽略：ignore_index = {value} 与批次中的任何标签都不相同。",
    },
    "grad.scale_rowsum": {
        "en": "Every row sums to 0 (largest |row sum| here: {largest:.1e}). Adding the same number to all logits of a sample changes no probability, so the loss cannot change along that direction — with smoothing, weights or probability targets too.",
        "zh": "每一行之和都为 0（此处最大的 |行和|：{largest:.1e}）。给一个样本的所有 logit 加上同一个数不会改变任何概率，所以损失沿这个方向不变——有标签平滑、权重或概率目标时也一样。",
    },
    "grad.curve_header": {
        "en": "Gradient size against the probability of the true class",
        "zh": "梯度大小与真实类别概率的关系",
    },
    "grad.curve_title": {
        "en": "The gradient on the true-class logit against p_y, for every sample",
        "zh": "每个样本真实类别 logit 上的梯度与 p_y 的关系",
    },
    "grad.curve_x": {"en": "p_y, probability of the true class", "zh": "p_y：真实类别的概率"},
    "grad.curve_y": {
        "en": "∂L/∂z_y, gradient on the true-class logit",
        "zh": "∂L/∂z_y：真实类别 logit 上的梯度",
    },
    "grad.curve_name": {"en": "theory", "zh": "理论曲线"},
    "grad.curve_caption": {
        "en": (
            "Without smoothing the gradient on the true logit is (p_y − 1)·w_y/d: its size, "
            "(1 − p_y)·w_y/d, is almost 0 for a confident right answer (p_y near 1) and largest "
            "for a confident wrong one (p_y near 0). Cross-entropy spends its effort on the mistakes."
        ),
        "zh": (
            "没有标签平滑时，真实 logit 上的梯度为 (p_y − 1)·w_y/d：其大小 (1 − p_y)·w_y/d 对自信且正确的样本"
            "（p_y 接近 1）几乎为 0，对自信却错误的样本（p_y 接近 0）最大。交叉熵把力气花在错误上。"
        ),
    },
    "grad.curve_smoothing": {
        "en": "With smoothing ε = {eps:g} the true class's target is 1 − ε + ε/C = {top:.4g}: the gradient crosses 0 there and turns positive above it, so an over-confident answer is pushed back.",
        "zh": "标签平滑 ε = {eps:g} 时，真实类别的目标是 1 − ε + ε/C = {top:.4g}：梯度在这里过 0，超过后变为正值，过度自信的答案会被往回推。",
    },
    "grad.curve_soft": {
        "en": "With probability targets the x axis uses each sample's most likely target class, and there is no single theoretical curve: each point depends on the whole target row.",
        "zh": "目标为概率时，横轴取每个样本概率最大的目标类别；此时没有统一的理论曲线：每个点都取决于整行目标。",
    },
    "grad.curve_ignored": {
        "en": "{k} ignored sample(s) are not drawn (their gradient is 0).",
        "zh": "{k} 个被忽略的样本未画出（它们的梯度为 0）。",
    },
    "grad.double_header": {
        "en": "Double softmax: a softmax before cross_entropy",
        "zh": "两次 softmax：在 cross_entropy 之前多做了一次 softmax",
    },
    "grad.double_intro": {
        "en": (
            "F.cross_entropy applies log-softmax itself. Feeding it softmax(z) instead of z "
            "applies softmax twice: its inputs then lie in [0, 1], the probabilities it sees are "
            "never sharp and the loss cannot approach 0. The gradients reaching z are distorted: "
            "a confident mistake gets almost none (the first softmax is saturated), while samples "
            "already right keep being pushed."
        ),
        "zh": (
            "F.cross_entropy 内部自己会做 log-softmax。如果传入 softmax(z) 而不是 z，softmax 就做了两次："
            "它的输入被压在 [0, 1] 之间，看到的概率永远不会尖锐，损失也无法接近 0。传回 z 的梯度随之失真："
            "自信的错误几乎得不到梯度（第一次 softmax 已经饱和），而已经分对的样本却还在被继续推动。"
        ),
    },
    "grad.double_title": {
        "en": "Gradient size ‖∂L/∂z‖ per sample: logits vs softmax(logits) fed to cross_entropy",
        "zh": "每个样本的梯度大小 ‖∂L/∂z‖：传入 logits 与传入 softmax(logits) 对比",
    },
    "grad.double_x": {
        "en": "‖∂L/∂z‖ with the logits (correct)",
        "zh": "‖∂L/∂z‖：传入 logits（正确）",
    },
    "grad.double_y": {
        "en": "‖∂L/∂z‖ with softmax first (double softmax)",
        "zh": "‖∂L/∂z‖：先做 softmax（两次 softmax）",
    },
    "grad.double_diagonal": {"en": "same size (y = x)", "zh": "大小相同（y = x）"},
    "grad.double_caption": {
        "en": "Sample {n}: loss {plain:.4f} with the logits, {double:.4f} with softmax first; gradient size {gplain:.4f} vs {gdouble:.4f}. Points below the dotted line are samples whose gradient shrank.",
        "zh": "样本 {n}：传入 logits 时损失为 {plain:.4f}，先做 softmax 时为 {double:.4f}；梯度大小 {gplain:.4f} 对 {gdouble:.4f}。虚线下方的点就是梯度变小了的样本。",
    },
    "grad.col_sample": {"en": "sample", "zh": "样本"},
    "grad.col_target": {"en": "target class", "zh": "目标类别"},
    "grad.col_p_y": {"en": "p_y", "zh": "p_y"},
    "grad.col_grad": {"en": "∂L/∂z · {name}", "zh": "∂L/∂z · {name}"},
    "grad.col_row_sum": {"en": "row sum", "zh": "行和"},
    "grad.col_ignored": {"en": "ignored", "zh": "被忽略"},
}
