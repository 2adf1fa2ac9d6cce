"""Strings of the imbalance page: class weights, focal loss and label smoothing."""

STRINGS: dict[str, dict[str, str]] = {
    "imbalance.title": {
        "en": "Imbalance: class weights, focal loss and label smoothing",
        "zh": "类别不平衡：类别权重、Focal Loss 与标签平滑",
    },
    "imbalance.intro": {
        "en": (
            "When one class has far more samples than another, its samples dominate the loss and the gradient, "
            "and a model learns to favour it. Three common remedies change the loss itself: **class weights** "
            "scale each class's samples, the **focal loss** turns down the samples the model already gets right, "
            "and **label smoothing** stops the model from chasing certainty. Load an imbalanced batch below and "
            "watch what each one does to the numbers."
        ),
        "zh": (
            "当某个类别的样本远多于其他类别时，它的样本会主导损失和梯度，模型也就学会偏向这个类别。"
            "三种常见的对策都直接改动损失本身：**类别权重**按类别缩放样本的损失，**Focal Loss** 压低模型已经答对的样本，"
            "**标签平滑**让模型不再一味追求百分之百的把握。在下面加载一个不平衡的批次，看看每种方法如何改变这些数字。"
        ),
    },
    "imbalance.ratio": {"en": "Majority : minority ratio", "zh": "多数类 : 少数类 比例"},
    "imbalance.ratio_help": {
        "en": "How many samples the largest class has for each sample of the smallest one (the batch has 3 classes; the middle class lies in between)",
        "zh": "最大类别的样本数是最小类别的多少倍（批次共 3 个类别，中间的类别介于两者之间）",
    },
    "imbalance.load": {
        "en": "Load an imbalanced batch ({ratio} : 1)",
        "zh": "加载不平衡批次（{ratio} : 1）",
    },
    "imbalance.reduction": {"en": "reduction", "zh": "reduction"},
    "imbalance.reduction_help": {
        "en": "'mean': cross-entropy divides by the summed weights of the target classes, the focal loss by N; 'sum': the sum; 'none': one loss per sample (the page adds them)",
        "zh": "'mean'：交叉熵除以各样本目标类别权重之和，Focal Loss 除以 N；'sum'：直接求和；'none'：每个样本一个损失（本页把它们加起来）",
    },
    "imbalance.counts": {
        "en": "Samples per class: {counts} (N = {n}); majority : minority = {ratio:.3g} : 1.",
        "zh": "各类别样本数：{counts}（N = {n}）；多数类 : 少数类 = {ratio:.3g} : 1。",
    },
    "imbalance.counts_soft": {
        "en": "Samples per class (each probability target counted for its most likely class): {counts} (N = {n}); majority : minority = {ratio:.3g} : 1.",
        "zh": "各类别样本数（概率形式的目标按其概率最大的类别计）：{counts}（N = {n}）；多数类 : 少数类 = {ratio:.3g} : 1。",
    },
    "imbalance.one_sample": {
        "en": (
            "This batch has a single sample, and imbalance needs several: with one sample, class weights cancel "
            "out of 'mean'. Press **Load an imbalanced batch** above. The focal loss and label smoothing below "
            "work on one sample too."
        ),
        "zh": (
            "当前批次只有一个样本，而类别不平衡至少需要几个样本：只有一个样本时，类别权重在 'mean' 中会被约掉。"
            "请点击上方的 **加载不平衡批次**。下面的 Focal Loss 和标签平滑对单个样本同样适用。"
        ),
    },
    # 1. Class weights
    "imbalance.weights_header": {"en": "1. Class weights", "zh": "1. 类别权重"},
    "imbalance.weights_intro": {
        "en": (
            "`F.cross_entropy(logits, target, weight=w)` multiplies each sample's loss by the weight of its "
            "class, and 'mean' then divides by the summed weights of the samples' classes, not by N. Weights "
            "from the label counts give the rare classes more say. Pick a scheme, load its weights into the "
            "batch, or type your own in the sidebar."
        ),
        "zh": (
            "`F.cross_entropy(logits, target, weight=w)` 把每个样本的损失乘以其类别的权重，"
            "随后 'mean' 除以各样本类别权重之和，而不是除以 N。按标签计数得到的权重让稀有类别有更大的话语权。"
            "选一种方案，把它的权重载入批次，或者在侧边栏中自己输入权重。"
        ),
    },
    "imbalance.scheme": {"en": "Weights from the label counts", "zh": "由标签计数得到的权重"},
    "imbalance.scheme_inverse": {"en": "inverse frequency, 1/n", "zh": "逆频率 1/n"},
    "imbalance.scheme_inverse_sqrt": {
        "en": "inverse square root, 1/√n",
        "zh": "逆平方根 1/√n",
    },
    "imbalance.scheme_effective": {
        "en": "effective number, (1−β)/(1−βⁿ)",
        "zh": "有效样本数 (1−β)/(1−βⁿ)",
    },
    "imbalance.scheme_help": {
        "en": "Every scheme is scaled so that the mean weight over the classes is 1. The effective number (Cui et al., 2019) lies between equal weights (β = 0) and inverse frequency (β → 1)",
        "zh": "每种方案都经过缩放，使各类别权重的平均值为 1。有效样本数（Cui 等，2019）介于等权重（β = 0）与逆频率（β → 1）之间",
    },
    "imbalance.beta": {"en": "β (effective number)", "zh": "β（有效样本数）"},
    "imbalance.beta_help": {
        "en": "0 gives equal weights; the closer to 1, the closer to inverse frequency",
        "zh": "取 0 时各类别权重相同；越接近 1，越接近逆频率",
    },
    "imbalance.use_weights": {"en": "Use these weights", "zh": "使用这组权重"},
    "imbalance.clear_weights": {"en": "Remove the weights", "zh": "清除权重"},
    "imbalance.absent_class": {
        "en": "A class with no sample in this batch is counted as one, so that its weight stays finite (it matters only with label smoothing).",
        "zh": "本批次中没有样本的类别按 1 个样本计算，使其权重保持有限（只有在标签平滑时它才起作用）。",
    },
    "imbalance.uploaded_weights": {
        "en": "The batch was uploaded or generated and is too large for the link: its weights come from the file, so the buttons are off. The charts compare with the scheme's weights.",
        "zh": "当前批次来自上传或随机生成，太大而无法放进链接：它的权重来自文件，所以按钮不可用。图表与所选方案的权重对比。",
    },
    "imbalance.compare_batch": {
        "en": "Compared below: no weights against the batch's weights ({weights}).",
        "zh": "下面对比的是：不加权重与批次中的权重（{weights}）。",
    },
    "imbalance.compare_scheme": {
        "en": "The batch has no weights: compared below are no weights against the {scheme} weights above (not yet in the batch).",
        "zh": "批次中还没有权重：下面对比的是不加权重与上面按“{scheme}”得到的权重（尚未载入批次）。",
    },
    "imbalance.weights_soft": {
        "en": "With probability targets each loss is −Σ_c w_c q_c log p_c and 'mean' divides by N, not by the weights; the charts group samples by their most likely class.",
        "zh": "使用概率形式的目标时，每个损失为 −Σ_c w_c q_c log p_c，且 'mean' 除以 N 而不是权重之和；图表按样本概率最大的类别分组。",
    },
    "imbalance.weights_scale": {
        "en": "The weights appear above and below the fraction bar: multiplying all of them by the same number changes nothing. Only their ratios move the mean toward the classes they favour.",
        "zh": "权重同时出现在分子和分母中：把所有权重乘以同一个数，结果不变。只有权重之间的比例会把均值推向它们偏重的类别。",
    },
    "imbalance.weights_cancel": {
        "en": "With one sample the weight is in both the numerator and the denominator and cancels: 'mean' is the same with or without it.",
        "zh": "只有一个样本时，权重同时出现在分子和分母中并被约掉：有没有权重，'mean' 都一样。",
    },
    "imbalance.badge_weighted": {
        "en": "F.cross_entropy(weight=…)",
        "zh": "F.cross_entropy(weight=…)",
    },
    "imbalance.without_weights": {"en": "without weights", "zh": "不加权重"},
    "imbalance.with_weights": {"en": "with weights", "zh": "加权重"},
    "imbalance.count": {"en": "samples", "zh": "样本数"},
    "imbalance.weight": {"en": "weight", "zh": "权重"},
    "imbalance.share_title": {
        "en": "Each class's part of the loss ({reduction}; the parts add up to the loss)",
        "zh": "各类别在损失中所占的部分（{reduction}；各部分之和即为损失）",
    },
    "imbalance.share_axis": {"en": "part of the loss", "zh": "损失中的份额"},
    "imbalance.push_title": {
        "en": "How hard each class's samples are pushed: Σ ‖∂L/∂z_i‖",
        "zh": "各类别样本受到的推动力度：Σ ‖∂L/∂z_i‖",
    },
    "imbalance.push_axis": {"en": "summed gradient size", "zh": "梯度大小之和"},
    "imbalance.push_explained": {
        "en": "The gradient of sample i is (p_i − onehot(y_i))·w_y / Σ w: the weights scale each class's push, so the rare classes steer the update even though they have few samples.",
        "zh": "样本 i 的梯度为 (p_i − onehot(y_i))·w_y / Σ w：权重按类别缩放推动力度，所以稀有类别虽然样本少，也能左右参数更新的方向。",
    },
    "imbalance.col_scheme": {"en": "scheme weight", "zh": "方案权重"},
    "imbalance.col_share_plain": {"en": "part of loss, no weights", "zh": "损失份额（不加权）"},
    "imbalance.col_share_weighted": {"en": "part of loss, weighted", "zh": "损失份额（加权）"},
    "imbalance.col_push_plain": {"en": "push, no weights", "zh": "推动力度（不加权）"},
    "imbalance.col_push_weighted": {"en": "push, weighted", "zh": "推动力度（加权）"},
    # 2. Focal loss
    "imbalance.focal_header": {"en": "2. Focal loss", "zh": "2. Focal Loss"},
    "imbalance.focal_intro": {
        "en": (
            "The focal loss (Lin et al., 2017) multiplies each sample's cross-entropy by (1 − p_t)^γ, where p_t "
            "is the probability of the right class. Easy samples (p_t close to 1) fade away, so the many easy "
            "samples of a majority class no longer drown out the hard ones. γ = 0 is the cross-entropy. PyTorch "
            "has no focal loss of its own: the badge compares with its usual formulation through F.cross_entropy."
        ),
        "zh": (
            "Focal Loss（Lin 等，2017）把每个样本的交叉熵乘以 (1 − p_t)^γ，其中 p_t 是正确类别的概率。"
            "容易的样本（p_t 接近 1）的损失几乎消失，多数类中大量容易的样本就不再淹没困难的样本。γ = 0 时就是交叉熵。"
            "PyTorch 本身没有 Focal Loss：徽章对照的是通过 F.cross_entropy 实现的常用写法。"
        ),
    },
    "imbalance.gamma": {"en": "γ (focusing)", "zh": "γ（聚焦参数）"},
    "imbalance.gamma_help": {
        "en": "0: cross-entropy; 2: the usual choice; larger: easy samples fade faster",
        "zh": "0：交叉熵；2：常用取值；越大，容易样本的损失衰减得越快",
    },
    "imbalance.alpha": {"en": "α (optional)", "zh": "α（可选）"},
    "imbalance.alpha_placeholder": {
        "en": "empty: no α; e.g. 0.25, or one value per class",
        "zh": "留空：不使用 α；例如 0.25，或每个类别一个值",
    },
    "imbalance.alpha_help": {
        "en": "One value per class ({c} values): α[y] multiplies each sample's focal loss. Or one value in [0, 1]: with 2 classes, torchvision's convention (class 1 gets α, class 0 gets 1 − α); with more classes, every class gets α",
        "zh": "每个类别一个值（共 {c} 个）：每个样本的 Focal Loss 乘以 α[y]。或者只给一个 [0, 1] 内的值：2 个类别时按 torchvision 的约定（类别 1 取 α，类别 0 取 1 − α）；类别更多时，每个类别都取 α",
    },
    "imbalance.alpha_error": {
        "en": "α: {message}. Give one value per class ({c} values) or a single value in [0, 1]; the focal loss below uses no α.",
        "zh": "α：{message}。请为每个类别给一个值（共 {c} 个），或只给一个 [0, 1] 内的值；下面的 Focal Loss 暂不使用 α。",
    },
    "imbalance.alpha_binary": {
        "en": "Two classes, one α: torchvision's sigmoid_focal_loss convention, α = [{a0:g}, {a1:g}] (class 1 is the positive). The default 0.25 weights the positives less, not more.",
        "zh": "两个类别、一个 α：按 torchvision 中 sigmoid_focal_loss 的约定，α = [{a0:g}, {a1:g}]（类别 1 为正类）。默认值 0.25 反而让正类的权重更小。",
    },
    "imbalance.alpha_uniform": {
        "en": "One α for more than two classes: every class gets {a:g}. That only scales the loss (like a smaller learning rate) and balances nothing; give one value per class to favour the rare ones.",
        "zh": "多于两个类别时只给一个 α：每个类别都取 {a:g}。这只是把损失整体缩放（相当于调小学习率），并不能平衡类别；想偏重稀有类别，请为每个类别各给一个值。",
    },
    "imbalance.alpha_per_class": {
        "en": "α per class: each sample's focal loss is multiplied by α of its class. Note that 'mean' stays the plain mean over N.",
        "zh": "按类别设定 α：每个样本的 Focal Loss 乘以其类别的 α。注意 'mean' 仍是对 N 个样本的简单平均。",
    },
    "imbalance.alpha_none": {
        "en": "No α: only (1 − p_t)^γ changes the cross-entropy.",
        "zh": "不使用 α：只有 (1 − p_t)^γ 在改变交叉熵。",
    },
    "imbalance.focal_soft": {
        "en": "The focal loss takes class labels: each probability target is replaced by its most likely class.",
        "zh": "Focal Loss 需要类别标签：每个概率形式的目标都用其概率最大的类别代替。",
    },
    "imbalance.badge_focal": {
        "en": "focal loss (through F.cross_entropy)",
        "zh": "Focal Loss（基于 F.cross_entropy）",
    },
    "imbalance.focal_kept": {
        "en": "Over the batch ({reduction}): focal loss {focal:.4f} against cross-entropy {ce:.4f}: the focal loss keeps {kept:.1%} of it.",
        "zh": "整个批次（{reduction}）：Focal Loss 为 {focal:.4f}，交叉熵为 {ce:.4f}：Focal Loss 只保留了其中的 {kept:.1%}。",
    },
    "imbalance.focal_easy": {
        "en": "The {easy} easy samples (p_t ≥ 0.5) of {n} carry {ce_share:.1%} of the summed cross-entropy, but only {focal_share:.1%} of the summed focal loss.",
        "zh": "{n} 个样本中有 {easy} 个容易样本（p_t ≥ 0.5），它们占交叉熵总和的 {ce_share:.1%}，却只占 Focal Loss 总和的 {focal_share:.1%}。",
    },
    "imbalance.pt": {"en": "p_t (probability of the right class)", "zh": "p_t（正确类别的概率）"},
    "imbalance.curves_title": {
        "en": "Focal loss −(1 − p)^γ log p for several γ",
        "zh": "不同 γ 下的 Focal Loss −(1 − p)^γ log p",
    },
    "imbalance.curves_caption": {
        "en": "Left: the batch's samples sit on the curve of the chosen γ (before α); a triangle at the top is a sample whose loss is off the chart. Right: what each sample keeps of its cross-entropy: α (1 − p_t)^γ, close to 0 for easy samples.",
        "zh": "左图：批次中的样本落在所选 γ 的曲线上（未乘 α）；顶端的三角形表示损失超出图表范围的样本。右图：每个样本保留了多少交叉熵，即 α (1 − p_t)^γ；容易样本的这一比值接近 0。",
    },
    "imbalance.focal_axis": {"en": "loss of one sample", "zh": "单个样本的损失"},
    "imbalance.ratio_title": {
        "en": "Easy samples fade: focal / CE (γ = {gamma:g})",
        "zh": "容易样本逐渐消失：Focal / CE（γ = {gamma:g}）",
    },
    "imbalance.ratio_axis": {"en": "focal / CE", "zh": "Focal / CE"},
    "imbalance.ratio_curve": {"en": "α (1 − p)^γ", "zh": "α (1 − p)^γ"},
    "imbalance.bars_title": {
        "en": "Cross-entropy (hatched) and focal loss (solid) of each sample (γ = {gamma:g})",
        "zh": "每个样本的交叉熵（斜线）与 Focal Loss（实心）（γ = {gamma:g}）",
    },
    "imbalance.ce": {"en": "cross-entropy", "zh": "交叉熵"},
    "imbalance.focal": {"en": "focal loss", "zh": "Focal Loss"},
    # 3. Label smoothing
    "imbalance.smoothing_header": {"en": "3. Label smoothing", "zh": "3. 标签平滑"},
    "imbalance.smoothing_intro": {
        "en": (
            "`F.cross_entropy(..., label_smoothing=ε)` trains against (1 − ε)·onehot + ε/C instead of the one-hot "
            "target: the true class gets 1 − ε + ε/C (not 1 − ε: PyTorch spreads ε over all C classes, the true "
            "one included) and every other class ε/C. The loss can no longer reach 0, and the push stops at a "
            "finite confidence. This section leaves out class weights, to show smoothing alone."
        ),
        "zh": (
            "`F.cross_entropy(..., label_smoothing=ε)` 的训练目标不再是 one-hot，而是 (1 − ε)·onehot + ε/C："
            "真实类别得到 1 − ε + ε/C（不是 1 − ε：PyTorch 把 ε 平摊到全部 C 个类别上，真实类别也包括在内），"
            "其余每个类别得到 ε/C。损失再也无法降到 0，模型被推到一定把握程度就会停下。本节不使用类别权重，只看标签平滑本身的作用。"
        ),
    },
    "imbalance.smoothing": {"en": "label_smoothing ε", "zh": "label_smoothing ε"},
    "imbalance.smoothing_help": {
        "en": "The target becomes (1 − ε)·one-hot + ε/C",
        "zh": "目标变为 (1 − ε)·one-hot + ε/C",
    },
    "imbalance.smoothing_zero": {
        "en": "ε = 0: no smoothing yet. Move the slider: the smoothed curves and numbers below change with it.",
        "zh": "ε = 0：尚未平滑。拖动滑块，下面的平滑曲线和数字会随之变化。",
    },
    "imbalance.smoothing_soft": {
        "en": "Probability targets are smoothed the same way: (1 − ε)·q + ε/C. The loss's floor is the entropy of that target.",
        "zh": "概率形式的目标也按同样的方式平滑：(1 − ε)·q + ε/C。损失的下限就是这个目标的熵。",
    },
    "imbalance.floor_explained": {
        "en": "The floor: no logits bring the loss below the entropy of the smoothed target, reached when p equals the target.",
        "zh": "损失的下限：无论 logits 取什么值，损失都不会低于平滑后目标的熵；只有当 p 恰好等于目标时才能达到。",
    },
    "imbalance.gradient_explained": {
        "en": "The gradient on the true class's logit is p − q_y: it crosses 0 at p = q_y, and at p → 1 it is positive, pushing the logit back down instead of fading to 0.",
        "zh": "真实类别 logit 上的梯度为 p − q_y：它在 p = q_y 处为 0；当 p → 1 时它为正，会把该 logit 往回压，而不是逐渐趋于 0。",
    },
    "imbalance.badge_smoothing": {
        "en": "F.cross_entropy(label_smoothing=…)",
        "zh": "F.cross_entropy(label_smoothing=…)",
    },
    "imbalance.target_title": {
        "en": "Sample {n}: target, smoothed target (ε = {eps:g}), prediction",
        "zh": "样本 {n}：原目标、平滑后的目标（ε = {eps:g}）与预测",
    },
    "imbalance.given_target": {"en": "target", "zh": "原目标"},
    "imbalance.smoothed_target": {"en": "smoothed target q", "zh": "平滑后的目标 q"},
    "imbalance.prediction": {"en": "prediction p", "zh": "预测 p"},
    "imbalance.no_smoothing": {"en": "ε = 0", "zh": "ε = 0"},
    "imbalance.with_smoothing": {"en": "ε = {eps:g}", "zh": "ε = {eps:g}"},
    "imbalance.true_prob": {
        "en": "probability of the true class",
        "zh": "真实类别的概率",
    },
    "imbalance.sample_marker": {"en": "sample {n}", "zh": "样本 {n}"},
    "imbalance.loss_curve_title": {
        "en": "One sample's loss against p (C = {c})",
        "zh": "单个样本的损失随 p 的变化（C = {c}）",
    },
    "imbalance.loss_curve_caption": {
        "en": "Right: the loss of one sample as the probability p of its true class grows, the rest spread evenly over the other classes. Without smoothing it falls to 0 as p → 1; with smoothing it is lowest at p = q_y, where it equals the floor H(q), and rises again beyond.",
        "zh": "右图：单个样本的损失随其真实类别概率 p 的变化，其余概率均匀分给其他类别。不做平滑时，p → 1 时损失降到 0；做了平滑后，损失在 p = q_y 处最低，恰好等于下限 H(q)，再往后反而上升。",
    },
    "imbalance.floor": {"en": "floor H(q), at p = q_y", "zh": "下限 H(q)，在 p = q_y 处"},
    "imbalance.gradient_title": {
        "en": "Gradient on the true class's logit (reduction='sum', each sample on its own)",
        "zh": "真实类别 logit 上的梯度（reduction='sum'，每个样本各自的梯度）",
    },
    "imbalance.at_one": {"en": "at p → 1: 1 − q_y", "zh": "p → 1 时：1 − q_y"},
    "imbalance.gradient_axis": {"en": "∂ℓ/∂z_y", "zh": "∂ℓ/∂z_y"},
    "imbalance.col_term": {"en": "−q_c log p_c", "zh": "−q_c log p_c"},
}
