"""Strings of the cross_entropy page."""

STRINGS: dict[str, dict[str, str]] = {
    "ce.title": {"en": "Cross-entropy = LogSoftmax + NLL", "zh": "交叉熵 = LogSoftmax + NLL"},
    "ce.intro": {
        "en": (
            "F.cross_entropy does two things in one call. LogSoftmax turns each row of logits into "
            "log-probabilities: every logit minus the row's log-sum-exp. Then the negative "
            "log-likelihood (NLL) picks the target class's log-probability, negates it, multiplies "
            "it by the class weight and reduces the batch to one number. Change the options and "
            "follow every number."
        ),
        "zh": (
            "F.cross_entropy 一次调用做了两件事。先由 LogSoftmax 把每行 logits 变成对数概率："
            "每个 logit 减去该行的 log-sum-exp。再由负对数似然（NLL）取出目标类别的对数概率，"
            "取负、乘以类别权重，最后把整个批次归约成一个数。调整下面的选项，跟着每个数字走一遍。"
        ),
    },
    "ce.reduction": {"en": "reduction", "zh": "reduction（归约）"},
    "ce.reduction_help": {
        "en": "'mean': the summed losses divided by the summed weights of the target classes; 'sum': the sum; 'none': one loss per sample",
        "zh": "'mean'：损失之和除以各样本目标类别权重之和；'sum'：直接求和；'none'：每个样本一个损失",
    },
    "ce.ignore_index": {"en": "ignore_index", "zh": "ignore_index"},
    "ce.ignore_index_help": {
        "en": "Samples whose label equals this number are left out. Any integer, a real class too; PyTorch's default is -100.",
        "zh": "标签等于这个数的样本不计入损失。可以是任意整数，也可以是真实类别；PyTorch 的默认值是 -100。",
    },
    "ce.ignore_soft": {
        "en": "ignore_index applies to class labels only: with probability targets PyTorch refuses any value but a negative one, so it stays at -100 here.",
        "zh": "ignore_index 只适用于类别标签：目标是概率行时，PyTorch 只接受负值，因此这里固定为 -100。",
    },
    "ce.ignore_nothing": {
        "en": "No label equals {index}: every sample counts. The labels here are 0..{last}; -100 is the usual marker for padding.",
        "zh": "没有标签等于 {index}：所有样本都计入。这里的标签为 0..{last}；-100 通常用来标记填充位置。",
    },
    "ce.ignore_minus_one": {
        "en": "-1 does not mean “the last class”: only a label that is literally -1 is left out. No label here is -1, so every sample counts, class {last} included.",
        "zh": "-1 并不表示“最后一个类别”：只有标签恰好为 -1 的样本才会被忽略。这里没有标签是 -1，所以所有样本都计入，包括类别 {last}。",
    },
    "ce.ignore_padding": {
        "en": "The {count} sample(s) labelled {index}, the padding marker, are left out: their loss is 0 and their weight leaves the denominator of 'mean'.",
        "zh": "标签为 {index}（填充标记）的 {count} 个样本被忽略：它们的损失为 0，权重也不计入 'mean' 的分母。",
    },
    "ce.ignore_class": {
        "en": "{index} is a real class: the {count} sample(s) labelled {index} are left out. Their loss is 0 and their weight leaves the denominator of 'mean'.",
        "zh": "{index} 是一个真实类别：标签为 {index} 的 {count} 个样本被忽略。它们的损失为 0，权重也不计入 'mean' 的分母。",
    },
    "ce.smoothing": {"en": "label_smoothing ε", "zh": "label_smoothing ε"},
    "ce.smoothing_help": {
        "en": "The target becomes (1 − ε)·one-hot + ε/C",
        "zh": "目标变为 (1 − ε)·one-hot + ε/C",
    },
    "ce.smoothing_off": {
        "en": "ε = 0: the target is one-hot, so a confident and right prediction drives the loss towards 0.",
        "zh": "ε = 0：目标是 one-hot，预测越自信且正确，损失越接近 0。",
    },
    "ce.smoothing_on": {
        "en": "The target becomes (1 − ε)·one-hot + ε/C: every class gets a share ε/C, the target class 1 − ε + ε/C. The loss can no longer reach 0; its floor is shown below the pipeline.",
        "zh": "目标变为 (1 − ε)·one-hot + ε/C：每个类别分到 ε/C，目标类别为 1 − ε + ε/C。损失再也无法降到 0，其下限显示在计算流程下方。",
    },
    "ce.use_weight": {"en": "weight (class weights)", "zh": "weight（类别权重）"},
    "ce.use_weight_help": {
        "en": "The class weights come from the sidebar's “Class weights” field",
        "zh": "类别权重来自侧边栏的“类别权重”输入框",
    },
    "ce.no_weight": {
        "en": "This batch has no class weights. Type one non-negative weight per class in the sidebar's **Class weights** field (e.g. 1, 4, 6), or load the preset **Imbalanced batch with class weights**.",
        "zh": "当前批次没有类别权重。请在侧边栏的**类别权重**中为每个类别输入一个非负权重（例如 1, 4, 6），或载入预设**类别不平衡批次（带类别权重）**。",
    },
    "ce.weights_on": {
        "en": "w = [{weights}]: each sample's loss is multiplied by the weight of its target class, w[y].",
        "zh": "w = [{weights}]：每个样本的损失乘以其目标类别的权重 w[y]。",
    },
    "ce.weights_off": {
        "en": "Weights [{weights}] are in the sidebar but switched off: every w[y] is 1.",
        "zh": "侧边栏中有权重 [{weights}]，但这里已关闭：所有 w[y] 都为 1。",
    },
    "ce.option_error": {
        "en": "These options cannot be used together — {message}. The defaults are shown instead.",
        "zh": "这些选项不能同时使用：{message}。下面改为显示默认设置的结果。",
    },
    "ce.pipeline_header": {"en": "Sample {n}, step by step", "zh": "样本 {n}，逐步计算"},
    "ce.step_lse": {
        "en": "① The log-sum-exp of the logits, computed stably: the largest logit is taken out first, so no exponential overflows.",
        "zh": "① logits 的 log-sum-exp，用稳定的方式计算：先提出最大的 logit，指数就不会溢出。",
    },
    "ce.step_log_softmax": {
        "en": "② LogSoftmax: every logit minus the same lse.",
        "zh": "② LogSoftmax：每个 logit 都减去同一个 lse。",
    },
    "ce.step_target": {
        "en": "③ Pick the target class's log-probability and negate it.",
        "zh": "③ 取出目标类别的对数概率，再取负。",
    },
    "ce.step_weight": {
        "en": "④ Multiply by the target class's weight w[y].",
        "zh": "④ 乘以目标类别的权重 w[y]。",
    },
    "ce.step_weight_smooth": {
        "en": "④ Multiply by w[y], scale by (1 − ε), and add ε/C of every class's weighted −log p.",
        "zh": "④ 乘以 w[y] 并缩放 (1 − ε)，再加上每个类别加权 −log p 的 ε/C。",
    },
    "ce.step_smoothed_target": {
        "en": "The smoothed target of this sample:",
        "zh": "该样本平滑后的目标：",
    },
    "ce.step_soft": {
        "en": "③ A probability target: every class counts, with its weight and its target probability.",
        "zh": "③ 概率形式的目标：每个类别都参与计算，带上各自的权重和目标概率。",
    },
    "ce.step_ignored": {
        "en": "③ This sample's label equals ignore_index: it is left out.",
        "zh": "③ 该样本的标签等于 ignore_index：它被忽略。",
    },
    "ce.step_reduce": {
        "en": "⑤ Reduce the batch: reduction = '{reduction}'.",
        "zh": "⑤ 归约整个批次：reduction = '{reduction}'。",
    },
    "ce.floor": {
        "en": "The floor: whatever the logits, this sample's loss stays at or above this value, reached only when the prediction p equals the target (p ∝ w·q with class weights).",
        "zh": "下限：无论 logits 取什么值，该样本的损失都不会低于这个值；只有当预测 p 等于目标时才能达到（有类别权重时为 p ∝ w·q）。",
    },
    "ce.floor_smoothing": {
        "en": "With label smoothing and no class weights, the floor is the entropy of the smoothed target:",
        "zh": "有标签平滑且没有类别权重时，下限就是平滑后目标的熵：",
    },
    "ce.badge_function": {"en": "F.cross_entropy", "zh": "F.cross_entropy"},
    "ce.pipe_title": {
        "en": "Sample {n}: logits → log-probabilities → loss",
        "zh": "样本 {n}：logits → 对数概率 → 损失",
    },
    "ce.pipe_logits": {"en": "① logits x and their lse", "zh": "① logits x 及其 lse"},
    "ce.pipe_log_probs": {"en": "② log p = x − lse", "zh": "② log p = x − lse"},
    "ce.pipe_terms": {"en": "③④ share of each class", "zh": "③④ 各类别的份额"},
    "ce.axis_logit": {"en": "logit x", "zh": "logit x"},
    "ce.axis_log_p": {"en": "log p", "zh": "log p"},
    "ce.axis_share": {"en": "w·q·(−log p)", "zh": "w·q·(−log p)"},
    "ce.total": {"en": "loss ℓ", "zh": "损失 ℓ"},
    "ce.lse": {"en": "lse", "zh": "lse"},
    "ce.target_title": {
        "en": "Sample {n}: target q and prediction p",
        "zh": "样本 {n}：目标 q 与预测 p",
    },
    "ce.target_q": {"en": "target q", "zh": "目标 q"},
    "ce.prediction_p": {"en": "prediction p", "zh": "预测 p"},
    "ce.batch_header": {"en": "The batch: one loss per sample", "zh": "整个批次：每个样本一个损失"},
    "ce.losses_title": {
        "en": "Loss of each sample (colour: its target class)",
        "zh": "每个样本的损失（颜色：目标类别）",
    },
    "ce.weight": {"en": "weight w[y]", "zh": "权重 w[y]"},
    "ce.ignored": {"en": "ignored", "zh": "已忽略"},
    "ce.line_mean": {"en": "'mean' = {value:.4f}", "zh": "'mean' = {value:.4f}"},
    "ce.line_plain": {
        "en": "plain mean of the losses = {value:.4f}",
        "zh": "各样本损失的简单平均 = {value:.4f}",
    },
    "ce.hist_title": {
        "en": "All {count} samples that count: distribution of the loss",
        "zh": "全部 {count} 个计入的样本：损失的分布",
    },
    "ce.count": {"en": "samples", "zh": "样本数"},
    "ce.reduction_header": {
        "en": "From per-sample losses to one number",
        "zh": "从每个样本的损失到一个数",
    },
    "ce.metric_total": {"en": "Σ ℓᵢ ('sum')", "zh": "Σ ℓᵢ（'sum'）"},
    "ce.metric_denominator": {"en": "denominator of 'mean'", "zh": "'mean' 的分母"},
    "ce.metric_mean": {"en": "'mean'", "zh": "'mean'"},
    "ce.metric_plain": {"en": "plain mean of the ℓᵢ", "zh": "ℓᵢ 的简单平均"},
    "ce.metric_kept": {"en": "samples counted / ignored", "zh": "计入 / 忽略的样本数"},
    "ce.explain_weighted": {
        "en": "With class weights, 'mean' divides the summed losses by the summed weights of the counted samples' target classes, Σ w[yᵢ] = {denominator:.4g}, not by the number of samples ({kept}). So it is not the mean of the per-sample losses: 'mean' gives {mean:.4f}, the plain mean is {plain:.4f}.",
        "zh": "有类别权重时，'mean' 用损失之和除以计入样本的目标类别权重之和 Σ w[yᵢ] = {denominator:.4g}，而不是样本数（{kept}）。所以它不是各样本损失的平均：'mean' 得到 {mean:.4f}，而简单平均是 {plain:.4f}。",
    },
    "ce.explain_weighted_same": {
        "en": "'mean' divides the summed losses by Σ w[yᵢ] = {denominator:.4g}, the plain mean by the number of counted samples ({kept}); for these weights and labels both give {mean:.4f}. Change a weight or a label and they part.",
        "zh": "'mean' 用损失之和除以 Σ w[yᵢ] = {denominator:.4g}，简单平均则除以计入的样本数（{kept}）；在这组权重和标签下两者恰好都是 {mean:.4f}。改动一个权重或标签，它们就会不同。",
    },
    "ce.explain_unweighted": {
        "en": "Without class weights every w[yᵢ] is 1: 'mean' divides the summed losses by the number of counted samples ({kept}) and equals the plain mean of the losses.",
        "zh": "没有类别权重时每个 w[yᵢ] 都是 1：'mean' 用损失之和除以计入的样本数（{kept}），等于各样本损失的简单平均。",
    },
    "ce.explain_soft": {
        "en": "With probability targets, 'mean' always divides by N = {n}, the number of samples, even with class weights: the weights act inside each sample's sum over the classes.",
        "zh": "目标是概率行时，'mean' 总是除以样本数 N = {n}，即使有类别权重也是如此：权重只作用在每个样本对各类别的求和之中。",
    },
    "ce.explain_sum": {
        "en": "'sum' adds the losses and divides by nothing.",
        "zh": "'sum' 只把损失相加，不做除法。",
    },
    "ce.explain_none": {
        "en": "'none' returns the {n} per-sample losses as they are; the badge above compares their sum.",
        "zh": "'none' 原样返回 {n} 个样本的损失；上方的徽章比较的是它们的和。",
    },
    "ce.nll_header": {
        "en": "CrossEntropyLoss = NLLLoss on LogSoftmax",
        "zh": "CrossEntropyLoss = LogSoftmax 之后的 NLLLoss",
    },
    "ce.nll_explain": {
        "en": "F.cross_entropy(x, y) is F.nll_loss(F.log_softmax(x, dim=1), y) with the same weight, ignore_index and reduction. NLLLoss only picks, negates, weights and reduces; it never takes a logarithm itself, so it must be given log-probabilities.",
        "zh": "F.cross_entropy(x, y) 等于 F.nll_loss(F.log_softmax(x, dim=1), y)，weight、ignore_index 和 reduction 都相同。NLLLoss 只负责取值、取负、加权和归约，自己从不取对数，所以必须传给它对数概率。",
    },
    "ce.nll_smoothing": {
        "en": "With label smoothing the two differ: NLLLoss has no smoothing. The smoothed target mixes the one-hot target with the uniform one, so cross-entropy is (1 − ε) times NLL plus ε times the loss against the uniform target (label_smoothing = 1):",
        "zh": "有标签平滑时两者不再相等：NLLLoss 没有平滑选项。平滑后的目标是 one-hot 目标与均匀目标的混合，所以交叉熵等于 (1 − ε) 倍的 NLL 加上 ε 倍的“对均匀目标的损失”（label_smoothing = 1）：",
    },
    "ce.nll_soft": {
        "en": "NLLLoss takes class labels only. With probability targets, cross_entropy sums over the classes itself, −Σ w_c q_c log p_c, as step ③ shows: there is no NLLLoss call to compare with.",
        "zh": "NLLLoss 只接受类别标签。目标是概率行时，cross_entropy 自己对各类别求和 −Σ w_c q_c log p_c（见第 ③ 步），没有可以对照的 NLLLoss 调用。",
    },
    "ce.col_sample": {"en": "sample", "zh": "样本"},
    "ce.col_prob": {"en": "p", "zh": "p"},
    "ce.col_log_p": {"en": "log p[target]", "zh": "log p[目标]"},
    "ce.download_help": {
        "en": "One line per sample: target, logits, probabilities, the gradient of the loss with respect to each logit, and the loss.",
        "zh": "每个样本一行：目标、logits、概率、损失对每个 logit 的梯度，以及损失。",
    },
}
