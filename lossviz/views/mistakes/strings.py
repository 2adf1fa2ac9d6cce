"""The mistakes page."""

STRINGS: dict[str, dict[str, str]] = {
    "mistakes.intro": {
        "en": "Each mistake below runs live: the wrong PyTorch call beside the right one, with the numbers PyTorch actually returns and the errors it actually raises. Pick a mistake; the link opens on it, so a teacher can send one mistake to a class.",
        "zh": "下面每一条错误都是现场运行的：错误写法和正确写法并排放着，数字是 PyTorch 实际返回的，报错也是它实际抛出的。选一条看看；链接会直接打开这一条，老师可以把某一条错误单独发给学生。",
    },
    "mistakes.choose": {"en": "Mistake", "zh": "错误"},
    "mistakes.data": {"en": "Numbers from", "zh": "数据来源"},
    "mistakes.data_example": {"en": "the mistake's own example", "zh": "本条自带的例子"},
    "mistakes.data_batch": {"en": "your batch", "zh": "你的批次"},
    "mistakes.example_only": {
        "en": "This mistake runs on its own example.",
        "zh": "这一条使用自带的例子。",
    },
    "mistakes.unfit.soft_target": {
        "en": "Your batch has soft targets (class probabilities); this mistake needs class labels, so its own example is shown.",
        "zh": "你的批次用的是软标签（类别概率），而这一条需要类别标签，所以显示的是自带的例子。",
    },
    "mistakes.unfit.no_weight": {
        "en": "Your batch has no class weights; this mistake needs them, so its own example is shown. Enter class weights in the sidebar to use your batch.",
        "zh": "你的批次没有设置类别权重，而这一条需要权重，所以显示的是自带的例子。在侧边栏填入类别权重即可改用你的批次。",
    },
    "mistakes.unfit.no_difference": {
        "en": "In your batch the weights of the labels add up to N, so both means agree; the mistake's own example is shown.",
        "zh": "在你的批次里，各样本目标类别的权重之和恰好等于 N，两种平均结果相同，所以显示的是自带的例子。",
    },
    "mistakes.unfit.no_last_class": {
        "en": "No sample of your batch is in the last class; the mistake's own example is shown.",
        "zh": "你的批次里没有属于最后一类的样本，所以显示的是自带的例子。",
    },
    "mistakes.unfit.only_last_class": {
        "en": "Every sample of your batch is in the last class, so ignoring it would leave nothing; the mistake's own example is shown.",
        "zh": "你的批次里所有样本都属于最后一类，忽略它就什么都不剩了，所以显示的是自带的例子。",
    },
    "mistakes.unfit.example_only": {
        "en": "This mistake runs on its own example.",
        "zh": "这一条使用自带的例子。",
    },
    "mistakes.source_example": {
        "en": "The tensors (the mistake's own example):",
        "zh": "输入张量（本条自带的例子）：",
    },
    "mistakes.source_sample": {
        "en": "The tensors: sample {n} of your batch (label {label}):",
        "zh": "输入张量：你的批次中的样本 {n}（标签 {label}）：",
    },
    "mistakes.source_batch": {
        "en": "The tensors: your batch ({samples} samples, {classes} classes):",
        "zh": "输入张量：你的批次（{samples} 个样本，{classes} 个类别）：",
    },
    "mistakes.reference": {"en": "For comparison", "zh": "作为对照"},
    "mistakes.wrong": {"en": "✗ Wrong", "zh": "✗ 错误写法"},
    "mistakes.right": {"en": "✓ Right", "zh": "✓ 正确写法"},
    "mistakes.returns": {"en": "PyTorch returns **{value}**", "zh": "PyTorch 返回 **{value}**"},
    "mistakes.raised": {"en": "PyTorch raises an error:", "zh": "PyTorch 报错："},
    "mistakes.warned": {"en": "PyTorch warns: {warning}", "zh": "PyTorch 给出警告：{warning}"},
    "mistakes.grad": {
        "en": "Gradient on the logits (`logits.grad` after `loss.backward()`): {grad}",
        "zh": "logits 上的梯度（`loss.backward()` 之后的 `logits.grad`）：{grad}",
    },
    "mistakes.fix": {"en": "What to do instead:", "zh": "正确做法："},
    "mistakes.chart.loss_scale": {
        "en": "Loss as the logits are scaled (logits × s)",
        "zh": "logits 按倍数 s 缩放时损失的变化（logits × s）",
    },
    "mistakes.chart.grad_norm_scale": {
        "en": "Gradient length as the logits are scaled (logits × s)",
        "zh": "logits 按倍数 s 缩放时梯度长度的变化（logits × s）",
    },
    "mistakes.chart.loss_logit": {"en": "Loss against the logit", "zh": "损失随 logit 的变化"},
    "mistakes.chart.bce_targets_minus_one.loss_logit": {
        "en": "Loss of the sample labelled −1, against its logit",
        "zh": "标签为 −1 的样本：损失随 logit 的变化",
    },
    "mistakes.chart.bce_targets_minus_one.grad_logit": {
        "en": "Its gradient: never below 1 with the label −1",
        "zh": "它的梯度：标签为 −1 时永远不小于 1",
    },
    "mistakes.chart.sigmoid_before_bce_with_logits.loss_logit": {
        "en": "Loss of a positive sample (target 1) against its logit",
        "zh": "正类样本（目标为 1）：损失随 logit 的变化",
    },
    "mistakes.chart.sigmoid_before_bce_with_logits.grad_logit": {
        "en": "Its gradient against the logit",
        "zh": "它的梯度随 logit 的变化",
    },
    "mistakes.chart.grad_logit": {
        "en": "Gradient against the logit",
        "zh": "梯度随 logit 的变化",
    },
    "mistakes.chart.per_sample_loss_sample": {
        "en": "Per-sample losses (reduction='none')",
        "zh": "每个样本的损失（reduction='none'）",
    },
    "mistakes.chart.loss_path": {
        "en": "Loss along a straight path from a to b",
        "zh": "沿 a 到 b 的直线路径，损失的变化",
    },
    "mistakes.quantity.loss": {"en": "loss", "zh": "损失"},
    "mistakes.quantity.grad_norm": {"en": "gradient length ‖∂L/∂z‖", "zh": "梯度长度 ‖∂L/∂z‖"},
    "mistakes.quantity.grad": {"en": "gradient ∂L/∂x", "zh": "梯度 ∂L/∂x"},
    "mistakes.quantity.per_sample_loss": {"en": "loss of the sample", "zh": "该样本的损失"},
    "mistakes.variable.scale": {"en": "scale s of the logits", "zh": "logits 的缩放倍数 s"},
    "mistakes.variable.logit": {"en": "logit x", "zh": "logit x"},
    "mistakes.variable.path": {
        "en": "position t on the path (0 = a, 1 = b)",
        "zh": "路径上的位置 t（0 = a，1 = b）",
    },
    "mistakes.variable.sample": {"en": "sample", "zh": "样本"},
    "mistakes.floor": {"en": "floor {value}", "zh": "下界 {value}"},
    "mistakes.at.scale": {"en": "s = 1: the logits as given", "zh": "s = 1：原始 logits"},
    "mistakes.at.logit": {"en": "the example's logit", "zh": "本例的 logit"},
    "mistakes.at.path": {"en": "halfway", "zh": "正中间"},
    "mistakes.grad_bars_title": {
        "en": "Gradient on each logit: wrong vs right",
        "zh": "每个 logit 上的梯度：错误写法与正确写法",
    },
    "mistakes.values_title": {"en": "What each call returns", "zh": "每种写法的返回值"},
    "mistakes.value": {"en": "value PyTorch returns", "zh": "PyTorch 的返回值"},
    "mistakes.kl_reference": {"en": "KL(p ‖ q) = {value}", "zh": "KL(p ‖ q) = {value}"},
    "mistakes.col_case": {"en": "call", "zh": "写法"},
    "mistakes.col_code": {"en": "code", "zh": "代码"},
    "mistakes.col_result": {"en": "PyTorch gives", "zh": "PyTorch 的结果"},
    "mistakes.col_role": {"en": "wrong or right", "zh": "错误还是正确"},
    "mistakes.role.wrong": {"en": "wrong", "zh": "错误"},
    "mistakes.role.right": {"en": "right", "zh": "正确"},
    "mistakes.role.reference": {"en": "for comparison", "zh": "对照"},
    # The calls (and chart curves), by case.
    "mistakes.case.softmax_first": {
        "en": "softmax, then cross_entropy",
        "zh": "先 softmax，再 cross_entropy",
    },
    "mistakes.case.logits": {
        "en": "raw logits into cross_entropy",
        "zh": "原始 logits 直接传给 cross_entropy",
    },
    "mistakes.case.nll_probabilities": {
        "en": "probabilities into nll_loss",
        "zh": "把概率传给 nll_loss",
    },
    "mistakes.case.nll_logits": {
        "en": "raw logits into nll_loss",
        "zh": "把原始 logits 传给 nll_loss",
    },
    "mistakes.case.nll_log_softmax": {
        "en": "log_softmax, then nll_loss",
        "zh": "先 log_softmax，再 nll_loss",
    },
    "mistakes.case.cross_entropy": {
        "en": "or cross_entropy on the logits",
        "zh": "或者直接对 logits 用 cross_entropy",
    },
    "mistakes.case.one_hot_long": {
        "en": "one-hot integer targets",
        "zh": "整数类型的 one-hot 目标",
    },
    "mistakes.case.float_labels": {"en": "float labels", "zh": "浮点类型的标签"},
    "mistakes.case.nll_one_hot": {
        "en": "one-hot targets into nll_loss",
        "zh": "把 one-hot 目标传给 nll_loss",
    },
    "mistakes.case.labels_from_one": {"en": "labels numbered 1..C", "zh": "从 1 开始编号的标签"},
    "mistakes.case.class_indices": {
        "en": "class indices 0..C−1 (torch.long)",
        "zh": "类别索引 0..C−1（torch.long）",
    },
    "mistakes.case.one_hot_float": {
        "en": "float one-hot targets (class probabilities)",
        "zh": "浮点类型的 one-hot 目标（类别概率）",
    },
    "mistakes.case.labels_shifted_back": {
        "en": "labels numbered from 1, minus 1",
        "zh": "从 1 编号的标签减去 1",
    },
    "mistakes.case.bce_logits_minus_one": {
        "en": "BCEWithLogits with targets −1 and 1",
        "zh": "BCEWithLogits，目标取 −1 和 1",
    },
    "mistakes.case.bce_minus_one": {
        "en": "BCELoss with targets −1 and 1",
        "zh": "BCELoss，目标取 −1 和 1",
    },
    "mistakes.case.bce_logits_zero_one": {
        "en": "BCEWithLogits with targets mapped to 0 and 1",
        "zh": "BCEWithLogits，目标映射为 0 和 1",
    },
    "mistakes.case.soft_margin": {
        "en": "or soft_margin_loss, made for ±1 labels",
        "zh": "或者用专为 ±1 标签设计的 soft_margin_loss",
    },
    "mistakes.case.sigmoid_first": {
        "en": "sigmoid, then BCEWithLogits",
        "zh": "先 sigmoid，再 BCEWithLogits",
    },
    "mistakes.case.logits_bce": {
        "en": "raw logits into BCEWithLogits",
        "zh": "原始 logits 直接传给 BCEWithLogits",
    },
    "mistakes.case.bce_on_probabilities": {
        "en": "or sigmoid, then BCELoss",
        "zh": "或者先 sigmoid，再用 BCELoss",
    },
    "mistakes.case.kl_swapped": {
        "en": "arguments in the maths order",
        "zh": "按数学写法的顺序传参",
    },
    "mistakes.case.kl_probabilities": {"en": "probabilities as the input", "zh": "输入传的是概率"},
    "mistakes.case.kl_mean": {"en": "reduction='mean'", "zh": "reduction='mean'"},
    "mistakes.case.kl_unnormalised": {
        "en": "a target that does not sum to 1",
        "zh": "目标加起来不等于 1",
    },
    "mistakes.case.kl_batchmean": {
        "en": "log q first, p second, 'batchmean'",
        "zh": "先 log q，后 p，用 'batchmean'",
    },
    "mistakes.case.weighted_one_hot": {
        "en": "one-hot targets with class weights",
        "zh": "one-hot 目标加类别权重",
    },
    "mistakes.case.weighted_indices": {
        "en": "index targets with class weights",
        "zh": "索引标签加类别权重",
    },
    "mistakes.case.weighted_one_hot_rescaled": {
        "en": "one-hot targets, summed, divided by Σ w[y]",
        "zh": "one-hot 目标求和后除以 Σ w[y]",
    },
    "mistakes.case.no_ignore": {"en": "no ignore_index", "zh": "不设 ignore_index"},
    "mistakes.case.ignore_minus_one": {
        "en": "ignore_index=-1 to drop the last class",
        "zh": "想用 ignore_index=-1 去掉最后一类",
    },
    "mistakes.case.minus_one_labels_default": {
        "en": "labels −1 without ignore_index=-1",
        "zh": "标签为 −1，却没设 ignore_index=-1",
    },
    "mistakes.case.ignore_last_class": {
        "en": "ignore_index = the last class",
        "zh": "ignore_index 设为最后一类",
    },
    "mistakes.case.minus_one_labels_ignored": {
        "en": "labels −1 with ignore_index=-1",
        "zh": "标签为 −1，并设 ignore_index=-1",
    },
    "mistakes.case.ends_average": {
        "en": "average loss of the two ends (the chord)",
        "zh": "两端损失的平均值（弦）",
    },
    "mistakes.case.weights_midpoint": {
        "en": "halfway between the weights",
        "zh": "两组权重的正中间",
    },
    "mistakes.case.logits_midpoint": {
        "en": "halfway between the logits",
        "zh": "两组 logits 的正中间",
    },
    "mistakes.case.weights_path": {
        "en": "straight path in the weights",
        "zh": "权重空间中的直线路径",
    },
    "mistakes.case.logits_path": {
        "en": "straight path in the logits",
        "zh": "logits 空间中的直线路径",
    },
    "mistakes.case.chord": {"en": "chord between the ends", "zh": "连接两端的弦"},
    # Remarks on single results.
    "mistakes.note.silently_wrong": {
        "en": "No error, yet every label now points one class up: this loss ({loss_from_one:.4f}) scores the wrong classes.",
        "zh": "没有报错，但每个标签都往后错了一位：这个损失（{loss_from_one:.4f}）算的是错误的类别。",
    },
    "mistakes.note.probabilities_unweighted": {
        "en": "Allowed (class probabilities); equal here only because there are no class weights.",
        "zh": "这是允许的（类别概率形式）；这里结果相同，只是因为没有类别权重。",
    },
    "mistakes.note.negative_loss": {
        "en": "A negative loss, and no error.",
        "zh": "损失是负数，而且没有任何报错。",
    },
    "mistakes.note.less_stable": {
        "en": "Same value, but less stable for large logits (the log is clamped at −100).",
        "zh": "结果相同，但 logit 很大时数值不够稳定（对数会被截断在 −100）。",
    },
    "mistakes.note.reverse_kl": {
        "en": "This is KL(q ‖ p) = {reverse_kl:.4f}, not KL(p ‖ q).",
        "zh": "这是 KL(q ‖ p) = {reverse_kl:.4f}，而不是 KL(p ‖ q)。",
    },
    "mistakes.note.nothing_ignored": {
        "en": "Nothing is ignored: the same value as without ignore_index.",
        "zh": "什么都没忽略：和不设 ignore_index 时的结果一样。",
    },
    "mistakes.note.above_chord": {
        "en": "Above the chord ({chord:.4f}): not convex in the weights.",
        "zh": "高于弦（{chord:.4f}）：对权重不是凸的。",
    },
    "mistakes.note.below_chord": {
        "en": "Below the chord ({chord:.4f}), as convexity in the logits requires.",
        "zh": "低于弦（{chord:.4f}），符合对 logits 的凸性。",
    },
    # 1. softmax before cross_entropy
    "mistakes.softmax_before_cross_entropy.title": {
        "en": "Softmax before CrossEntropyLoss",
        "zh": "在 CrossEntropyLoss 之前先做了 softmax",
    },
    "mistakes.softmax_before_cross_entropy.explain": {
        "en": "`F.cross_entropy` (and `nn.CrossEntropyLoss`) expects raw logits: it applies `log_softmax` itself. Feeding it `softmax(logits)` applies softmax twice. Probabilities lie in [0, 1], so the second softmax sees inputs that differ by at most 1: the loss is squeezed between log(1 + (C − 1)/e) = {floor:.4f} and {ceiling:.4f} for C = {classes}, however right or wrong the model — here {loss_wrong:.4f} instead of {loss_right:.4f}. The gradient shrinks too: its length drops from {grad_norm_right:.4f} to {grad_norm_wrong:.4f} (÷ {shrink:.2f}), and for a confidently wrong prediction (a negative scale in the charts) it all but vanishes where the right gradient is largest. Nothing raises an error: training just gets slower and stalls.",
        "zh": "`F.cross_entropy`（以及 `nn.CrossEntropyLoss`）要的是原始 logits，它内部会自己做 `log_softmax`。如果先把 `softmax(logits)` 传进去，softmax 就做了两次。概率都在 [0, 1] 之间，第二次 softmax 看到的输入彼此最多相差 1，于是损失被“压扁”了：不管模型预测得多准还是错得多离谱，损失都只能落在 log(1 + (C − 1)/e) = {floor:.4f} 和 {ceiling:.4f} 之间（C = {classes}）；这里是 {loss_wrong:.4f}，而不是 {loss_right:.4f}。梯度也变小了：长度从 {grad_norm_right:.4f} 降到 {grad_norm_wrong:.4f}（缩小为原来的 1/{shrink:.2f}）；当模型自信地预测错误时（图中缩放倍数为负的部分），正确写法的梯度最大，这里的梯度却几乎为零。整个过程不会报错，只是训练变慢，最后停滞不前。",
    },
    "mistakes.softmax_before_cross_entropy.claim": {
        "en": "Some tutorials say `cross_entropy` accepts softmax output directly. It accepts it without complaint, and that is the problem: it takes the probabilities for logits and applies softmax again, with the numbers above as the result.",
        "zh": "有些教程说 `cross_entropy` 可以直接接收 softmax 的输出。它确实不会报错，问题恰恰就在这里：它把概率当成 logits，又做了一次 softmax，结果就是上面这些数字。",
    },
    "mistakes.softmax_before_cross_entropy.fix": {
        "en": "Pass the raw logits: `F.cross_entropy(logits, target)`. If your model ends in `nn.Softmax`, remove that layer (apply softmax only to read predictions), or end it with `nn.LogSoftmax` and use `nn.NLLLoss`.",
        "zh": "直接传原始 logits：`F.cross_entropy(logits, target)`。如果模型最后一层是 `nn.Softmax`，把它去掉（只在读取预测概率时再做 softmax）；或者最后一层改用 `nn.LogSoftmax`，损失函数改用 `nn.NLLLoss`。",
    },
    # 2. probabilities into nll_loss
    "mistakes.probabilities_into_nll_loss.title": {
        "en": "Probabilities or raw logits into NLLLoss",
        "zh": "把概率或原始 logits 传给 NLLLoss",
    },
    "mistakes.probabilities_into_nll_loss.explain": {
        "en": '`F.nll_loss(x, y)` does one thing: it returns −x[y] (averaged over the batch). It expects log-probabilities and checks nothing. Give it probabilities and it returns −p[y] = {loss_probabilities:.4f}; give it raw logits and it returns −z[y] = {loss_logits:.4f}. Such a "loss" can be negative, and minimising it does not train the model the way you think: −p is bounded and almost flat for confident answers, −z has no lower bound (training just inflates the target logit). Only log-probabilities give the cross-entropy, {loss_right:.4f}.',
        "zh": "`F.nll_loss(x, y)` 只做一件事：返回 −x[y]（再对批次取平均）。它要求输入是对数概率，但什么都不检查。传入概率，得到的是 −p[y] = {loss_probabilities:.4f}；传入原始 logits，得到的是 −z[y] = {loss_logits:.4f}。这样的“损失”可能是负数，最小化它也不会按你预想的方式训练模型：−p 有界，预测很自信时几乎是平的；−z 则没有下界（训练只会一味地把目标 logit 越推越大）。只有传入对数概率，才能得到真正的交叉熵 {loss_right:.4f}。",
    },
    "mistakes.probabilities_into_nll_loss.fix": {
        "en": "Apply `log_softmax` first: `F.nll_loss(F.log_softmax(logits, dim=1), target)`, or use `F.cross_entropy(logits, target)`, which does both. A negative classification loss is almost always a sign of this mistake.",
        "zh": "先做 `log_softmax`：`F.nll_loss(F.log_softmax(logits, dim=1), target)`；或者直接用 `F.cross_entropy(logits, target)`，它把两步合在一起。分类损失出现负值，几乎总是这个错误的信号。",
    },
    # 3. targets that are not class indices
    "mistakes.targets_not_class_indices.title": {
        "en": "One-hot or float targets, or labels numbered from 1",
        "zh": "用 one-hot 或浮点数当标签，或者标签从 1 开始编号",
    },
    "mistakes.targets_not_class_indices.explain": {
        "en": "With targets of shape (N,), `cross_entropy` and `nll_loss` expect class indices: integers (`torch.long`) from 0 to C − 1 = {last_class}. A one-hot matrix of integers (what `F.one_hot` returns) is refused, so are float labels such as `target.float()`, and `nll_loss` never accepts a (N, C) target. Labels numbered 1..C are worse: a sample of the last class gets label {classes}, out of range, and PyTorch raises an IndexError; when no sample is in the last class there is no error at all, and every sample is silently scored against the next class up.",
        "zh": "当目标的形状是 (N,) 时，`cross_entropy` 和 `nll_loss` 要的是类别索引：从 0 到 C − 1 = {last_class} 的整数（`torch.long`）。整数类型的 one-hot 矩阵（`F.one_hot` 的返回值）会被拒绝，`target.float()` 这样的浮点标签也不行，而 `nll_loss` 根本不接受 (N, C) 形状的目标。标签从 1 到 C 编号更糟：最后一类样本的标签变成 {classes}，越界了，PyTorch 会抛出 IndexError；如果恰好没有最后一类的样本，就根本不报错，每个样本都被悄悄地按后一个类别计算损失。",
    },
    "mistakes.targets_not_class_indices.fix": {
        "en": "Keep labels as `torch.long` indices from 0: `target.long()`, `target - 1` for labels numbered from 1, `one_hot.argmax(dim=1)` to get indices back. A float one-hot (or soft) target of shape (N, C) is accepted by `cross_entropy` since PyTorch 1.10 and gives the same loss, but not with class weights (see the mistake on class weights).",
        "zh": "标签保持为从 0 开始的 `torch.long` 索引：用 `target.long()` 转换类型，从 1 编号的标签减去 1（`target - 1`），one-hot 用 `one_hot.argmax(dim=1)` 转回索引。形状为 (N, C) 的浮点 one-hot（或软标签），`cross_entropy` 从 PyTorch 1.10 起也接受，损失相同；但加了类别权重就不同了（见“类别权重”那一条）。",
    },
    # 4. BCE targets in {-1, 1}
    "mistakes.bce_targets_minus_one.title": {
        "en": "BCE targets of −1 and 1",
        "zh": "BCE 的目标用 −1 和 1",
    },
    "mistakes.bce_targets_minus_one.explain": {
        "en": "Binary cross-entropy is −[y log σ(x) + (1 − y) log(1 − σ(x))], a probability model for y in {{0, 1}}. `F.binary_cross_entropy` checks its target and raises. `F.binary_cross_entropy_with_logits` checks nothing: with y = −1 the loss becomes log σ(x) − 2 log(1 − σ(x)), which goes to −∞ as x → −∞. Here the mean is {loss_wrong:.4f}, negative, although both samples are classified correctly (the right loss is {loss_right:.4f}). Its gradient σ(x) + 1 never falls below 1, so training pushes the logits of the −1 samples down forever instead of stopping once they are right.",
        "zh": "二元交叉熵是 −[y log σ(x) + (1 − y) log(1 − σ(x))]，它是一个概率模型，要求 y 取 {{0, 1}}。`F.binary_cross_entropy` 会检查目标并报错；`F.binary_cross_entropy_with_logits` 什么都不检查：当 y = −1 时，损失变成 log σ(x) − 2 log(1 − σ(x))，x → −∞ 时趋于 −∞。这里的平均损失是 {loss_wrong:.4f}，是负数，可两个样本其实都分对了（正确的损失是 {loss_right:.4f}）。它的梯度 σ(x) + 1 永远不小于 1，所以训练会把 −1 样本的 logit 无休止地往下压，而不是分对了就停下来。",
    },
    "mistakes.bce_targets_minus_one.claim": {
        "en": "Some tutorials write BCE targets as {{−1, 1}}, the convention of SVMs and the hinge loss. For BCE they must be {{0, 1}} (or probabilities in [0, 1]); the charts show what −1 does.",
        "zh": "有些教程把 BCE 的目标写成 {{−1, 1}}，这是 SVM 和合页损失（hinge loss）的习惯。BCE 的目标必须是 {{0, 1}}（或 [0, 1] 之间的概率），下面的图展示了 −1 会造成什么后果。",
    },
    "mistakes.bce_targets_minus_one.fix": {
        "en": "Map the labels: `(target + 1) / 2` turns {{−1, 1}} into {{0, 1}}. To keep ±1 labels, use `F.soft_margin_loss(logits, target)`, which is log(1 + e^(−y·x)) and gives the same number ({loss_soft_margin:.4f}).",
        "zh": "先转换标签：`(target + 1) / 2` 把 {{−1, 1}} 变成 {{0, 1}}。如果想保留 ±1 标签，就用 `F.soft_margin_loss(logits, target)`，它等于 log(1 + e^(−y·x))，结果完全一样（{loss_soft_margin:.4f}）。",
    },
    # 5. sigmoid before BCEWithLogitsLoss
    "mistakes.sigmoid_before_bce_with_logits.title": {
        "en": "Sigmoid before BCEWithLogitsLoss",
        "zh": "在 BCEWithLogitsLoss 之前先做了 sigmoid",
    },
    "mistakes.sigmoid_before_bce_with_logits.explain": {
        "en": "`F.binary_cross_entropy_with_logits` applies the sigmoid itself; given σ(x) instead of x, it applies the sigmoid twice. Since σ(x) < 1, σ(σ(x)) < σ(1) = 0.7311: for a positive target the loss can never fall below log(1 + e^(−1)) = {floor:.4f} (for a negative target, never below log 2 = {floor_negative:.4f}). At x = {logit:g} the loss is {loss_wrong:.4f} instead of {loss_right:.4f}, and the gradient {grad_wrong:.4f} instead of {grad_right:.4f}: the double sigmoid multiplies it by σ′(x) ≤ 0.25.",
        "zh": "`F.binary_cross_entropy_with_logits` 内部自己做 sigmoid；传进去的如果是 σ(x) 而不是 x，sigmoid 就做了两次。由于 σ(x) < 1，σ(σ(x)) < σ(1) = 0.7311：目标为正类时，损失永远不会低于 log(1 + e^(−1)) = {floor:.4f}（目标为负类时，永远不会低于 log 2 = {floor_negative:.4f}）。在 x = {logit:g} 处，损失是 {loss_wrong:.4f} 而不是 {loss_right:.4f}，梯度是 {grad_wrong:.4f} 而不是 {grad_right:.4f}：两次 sigmoid 让梯度多乘了一个 σ′(x) ≤ 0.25。",
    },
    "mistakes.sigmoid_before_bce_with_logits.fix": {
        "en": "Pass the raw logits: `F.binary_cross_entropy_with_logits(logits, target)`, and apply the sigmoid only to read probabilities. `F.binary_cross_entropy(torch.sigmoid(logits), target)` gives the same value but is less stable for large logits.",
        "zh": "直接传原始 logits：`F.binary_cross_entropy_with_logits(logits, target)`，只在需要读出概率时才做 sigmoid。`F.binary_cross_entropy(torch.sigmoid(logits), target)` 的结果相同，但 logit 很大时数值上不够稳定。",
    },
    # 6. kl_div
    "mistakes.kl_div_arguments.title": {
        "en": "kl_div: argument order, log input, 'mean' or 'batchmean'",
        "zh": "kl_div：参数顺序、对数输入、'mean' 还是 'batchmean'",
    },
    "mistakes.kl_div_arguments.explain": {
        "en": "`F.kl_div(input, target)` computes KL(target ‖ the input's distribution), with `input` = log q and `target` = p: the reverse of the maths notation KL(p ‖ q). Here KL(p ‖ q) = {kl:.4f}. The arguments in the maths order, `kl_div(p.log(), q)`, give KL(q ‖ p) = {loss_swapped:.4f}, another number (KL is not symmetric). Probabilities q instead of log q give {loss_probabilities:.4f}, which means nothing. `reduction='mean'` divides by every element (N·C = {elements}) and gives {loss_mean:.4f}; `'batchmean'` divides by N = {samples}: the KL per sample. A target that does not sum to 1 (here {partial_sum:g}) is not a distribution, and the \"divergence\" even comes out negative: {loss_partial:.4f}.",
        "zh": "`F.kl_div(input, target)` 计算的是 KL(target ‖ input 对应的分布)，其中 `input` = log q，`target` = p：参数顺序和数学写法 KL(p ‖ q) 正好相反。这里 KL(p ‖ q) = {kl:.4f}。按数学写法的顺序写成 `kl_div(p.log(), q)`，得到的是 KL(q ‖ p) = {loss_swapped:.4f}，是另一个数（KL 散度不对称）。把概率 q 而不是 log q 传进去，得到 {loss_probabilities:.4f}，毫无意义。`reduction='mean'` 除以的是元素总数（N·C = {elements}），得到 {loss_mean:.4f}；`'batchmean'` 除以 N = {samples}，才是每个样本的 KL。目标加起来如果不等于 1（这里是 {partial_sum:g}），它就不是概率分布，算出来的“散度”甚至是负数：{loss_partial:.4f}。",
    },
    "mistakes.kl_div_arguments.fix": {
        "en": "Write `F.kl_div(q.log(), p, reduction='batchmean')`, or better `F.kl_div(F.log_softmax(logits, dim=1), p, reduction='batchmean')`, and make sure each row of p sums to 1. When p is given as log-probabilities, pass `log_target=True`.",
        "zh": "写成 `F.kl_div(q.log(), p, reduction='batchmean')`，更好的写法是 `F.kl_div(F.log_softmax(logits, dim=1), p, reduction='batchmean')`，并确保 p 的每一行加起来等于 1。如果 p 本身是对数概率，就传 `log_target=True`。",
    },
    # 7. weighted means
    "mistakes.weighted_mean_index_vs_probabilities.title": {
        "en": "Class weights: index targets and one-hot targets give different means",
        "zh": "类别权重：索引标签和 one-hot 标签给出不同的平均值",
    },
    "mistakes.weighted_mean_index_vs_probabilities.explain": {
        "en": "Without class weights, `cross_entropy` gives the same loss for labels and for the equal one-hot (probability) targets. With class weights it does not. Both add up the same weighted losses, Σ w[yᵢ]·ℓᵢ = {weighted_sum:.4f}, but index targets divide by the weights of the targets, Σ w[yᵢ] = {weight_total:g}, giving {loss_index:.4f}, while probability targets divide by the number of samples N = {samples}, giving {loss_one_hot:.4f}. Switching to one-hot targets (to add mixup or hand-made smoothing, say) silently changes the scale of the loss, and with it the learning rate that suits it.",
        "zh": "不加类别权重时，用索引标签和用等价的 one-hot（概率）标签，`cross_entropy` 给出的损失相同；加了类别权重就不同了。两者加起来的加权损失一样，都是 Σ w[yᵢ]·ℓᵢ = {weighted_sum:.4f}，但索引标签除以各样本目标类别的权重之和 Σ w[yᵢ] = {weight_total:g}，得到 {loss_index:.4f}；概率标签除以样本数 N = {samples}，得到 {loss_one_hot:.4f}。如果为了做 mixup 或手工标签平滑而改用 one-hot 标签，损失的量级会悄悄改变，合适的学习率也就跟着变了。",
    },
    "mistakes.weighted_mean_index_vs_probabilities.fix": {
        "en": "Decide which mean you want and write it out: keep index targets for the weighted mean, or divide a `reduction='sum'` loss yourself by `weight[target].sum()`. For label smoothing with the index-target normalisation, use the `label_smoothing=` argument rather than hand-made smoothed targets.",
        "zh": "想清楚要哪种平均，并明确写出来：要加权平均就保留索引标签，或者用 `reduction='sum'` 求和后自己除以 `weight[target].sum()`。想做标签平滑又保持索引标签的归一化方式，就用 `label_smoothing=` 参数，而不是手工构造平滑后的目标。",
    },
    # 8. ignore_index=-1
    "mistakes.ignore_index_minus_one.title": {
        "en": "ignore_index=-1 is not the last class",
        "zh": "ignore_index=-1 不是“最后一类”",
    },
    "mistakes.ignore_index_minus_one.explain": {
        "en": 'In Python, index −1 means the last element, so it is tempting to read `ignore_index=-1` as "ignore the last class". It is not an index: `ignore_index` is compared with each label, and only the samples whose label equals −1 are left out. The labels here run from 0 to {last_class}, so nothing is ignored: the loss is {loss_wrong:.4f}, exactly the loss without `ignore_index` ({loss_plain:.4f}). To leave out class {last_class}, name it: `ignore_index={last_class}` drops its {ignored} sample(s) and averages over the other {kept}: {loss_right:.4f}. The value −1 works the other way round: mark the samples to skip with the label −1 (without `ignore_index=-1`, PyTorch raises on them).',
        "zh": "在 Python 里，下标 −1 表示最后一个元素，所以很容易把 `ignore_index=-1` 理解成“忽略最后一类”。其实它不是下标：`ignore_index` 是拿来和每个标签比较的，只有标签等于 −1 的样本才会被排除。这里的标签从 0 到 {last_class}，所以什么都没被忽略：损失是 {loss_wrong:.4f}，和不设 `ignore_index` 时（{loss_plain:.4f}）完全一样。要排除第 {last_class} 类，就直接写 `ignore_index={last_class}`：它去掉该类的 {ignored} 个样本，对其余 {kept} 个样本取平均，得到 {loss_right:.4f}。−1 的正确用法正好反过来：把要跳过的样本标成 −1（如果不设 `ignore_index=-1`，PyTorch 遇到这些标签会报错）。",
    },
    "mistakes.ignore_index_minus_one.fix": {
        "en": "Pass the class you mean, `ignore_index=C - 1`, or relabel the samples to skip as −1 (or PyTorch's default −100) and set `ignore_index` to that value.",
        "zh": "直接写出想忽略的类别，`ignore_index=C - 1`；或者把要跳过的样本重新标成 −1（或 PyTorch 的默认值 −100），并让 `ignore_index` 取同一个值。",
    },
    # 9. convexity
    "mistakes.convex_in_logits_not_weights.title": {
        "en": "Cross-entropy is convex in the logits, not in the weights",
        "zh": "交叉熵对 logits 是凸的，对网络权重不是",
    },
    "mistakes.convex_in_logits_not_weights.explain": {
        "en": "Cross-entropy is a convex function of the logits: along any straight line between two sets of logits the loss stays on or below the chord joining its ends. It is not a convex function of a network's weights. A two-class network with one hidden tanh unit shows it. The weight settings a and b classify alike (b flips the hidden unit's signs, which changes nothing since tanh is odd, and scales the output by 1.5); their losses are {loss_a:.4f} and {loss_b:.4f}, on average {chord:.4f}. Halfway between the weights every weight is 0, so are the logits, and the loss is log 2 = {mid_weights:.4f}: far above the chord, which a convex function cannot do. Halfway between the logits the loss is {mid_logits:.4f}, below the chord.",
        "zh": "交叉熵是 logits 的凸函数：在任意两组 logits 之间连一条直线，沿线的损失都不会高于连接两端的弦。但它不是网络权重的凸函数。用一个只有一个 tanh 隐藏单元的二分类网络就能看出来。两组权重 a 和 b 的分类结果一样（b 把隐藏单元的符号整体取反，由于 tanh 是奇函数，这不改变网络的输出；再把输出放大 1.5 倍）；它们的损失分别是 {loss_a:.4f} 和 {loss_b:.4f}，平均为 {chord:.4f}。在两组权重的正中间，所有权重都是 0，logits 也都是 0，损失是 log 2 = {mid_weights:.4f}：远远高于那条弦，凸函数绝不会这样。而在两组 logits 的正中间，损失是 {mid_logits:.4f}，低于弦。",
    },
    "mistakes.convex_in_logits_not_weights.claim": {
        "en": "Some tutorials say cross-entropy is convex, so training finds the best weights. It is convex in the logits only: the network between the weights and the logits breaks the convexity.",
        "zh": "有些教程说交叉熵是凸的，所以训练总能找到最好的权重。它只对 logits 是凸的：权重和 logits 之间隔着一个网络，凸性就被破坏了。",
    },
    "mistakes.convex_in_logits_not_weights.fix": {
        "en": "Expect local minima, saddle points and plateaus, and rely on good initialisation, optimisers such as Adam or SGD with momentum, and learning-rate schedules, not on convexity. Convexity does hold for a linear model (logistic or softmax regression), whose logits are linear in the weights.",
        "zh": "要预料到局部极小值、鞍点和平台期；要依靠好的初始化、Adam 或带动量的 SGD 这样的优化器，以及学习率调度，而不是指望凸性。对线性模型（逻辑回归、softmax 回归）凸性确实成立，因为它们的 logits 是权重的线性函数。",
    },
}
