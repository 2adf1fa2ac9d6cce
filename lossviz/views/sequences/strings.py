"""The sequences page (a loss per token and per pixel), and its title in the navigation."""

STRINGS: dict[str, dict[str, str]] = {
    "nav.sequences": {"en": "Sequences and masks", "zh": "序列与掩码"},
    "seq.title": {
        "en": "Sequences and masks: a loss per token, per pixel",
        "zh": "序列与掩码：逐 token、逐像素的损失",
    },
    "seq.intro": {
        "en": (
            "A language model scores every token of a sequence, a segmentation model every pixel of "
            "an image: F.cross_entropy takes logits of shape (N, C, T) or (N, C, H, W), with the "
            "classes in dimension 1, and labels of shape (N, T) or (N, H, W). Sequences of different "
            "lengths are padded to one length T, and the padding is labelled ignore_index (-100 by "
            "default): its loss is 0 and reduction='mean' divides by the real tokens only. Edit the "
            "tokens, change ignore_index, the weights, label smoothing and the reduction, and watch "
            "each token's loss and both means change. This page has its own batch, in the editor "
            "below: the sidebar's batch is not used here."
        ),
        "zh": (
            "语言模型为序列中的每个 token 打分，分割模型为图像中的每个像素打分：F.cross_entropy 接受形状为 "
            "(N, C, T) 或 (N, C, H, W) 的 logits（类别在第 1 维），以及形状为 (N, T) 或 (N, H, W) 的标签。"
            "长短不一的序列会被填充到同一长度 T，填充位置的标签设为 ignore_index（默认 -100）："
            "它们的损失为 0，reduction='mean' 只除以真实 token 的个数。编辑 token，调整 ignore_index、"
            "类别权重、标签平滑与 reduction，观察每个 token 的损失和两种平均值如何变化。本页使用下方编辑区中自己的批次，"
            "不使用侧边栏的批次。"
        ),
    },
    "seq.view": {"en": "Show", "zh": "显示"},
    "seq.view_tokens": {"en": "Sequences (N, C, T)", "zh": "序列 (N, C, T)"},
    "seq.view_pixels": {"en": "Segmentation masks (N, C, H, W)", "zh": "分割掩码 (N, C, H, W)"},
    "seq.preset": {"en": "Example", "zh": "示例"},
    "seq.preset_sentences": {
        "en": "Three sentences padded with -100",
        "zh": "三个句子，用 -100 填充",
    },
    "seq.preset_pad_class": {
        "en": "Padding as class 0, ignore_index=0",
        "zh": "把填充当作类别 0，ignore_index=0",
    },
    "seq.preset_scene": {
        "en": "A 4 × 4 scene, one pixel unlabelled (-100)",
        "zh": "4 × 4 场景，一个像素未标注（-100）",
    },
    "seq.preset_voc_border": {
        "en": "A 6 × 6 object with a border of 255 (Pascal VOC)",
        "zh": "6 × 6 目标，边界标为 255（Pascal VOC）",
    },
    "seq.load": {"en": "Load", "zh": "载入"},
    "seq.edit_tokens": {"en": "Edit the tokens and their labels", "zh": "编辑 token 及其标签"},
    "seq.edit_pixels": {"en": "Edit the pixels and their labels", "zh": "编辑像素及其标签"},
    "seq.format_tokens": {
        "en": (
            "One sequence per line, tokens separated by `|`, each written `word/label: logits`: "
            "the word is optional, the label is a class (counted from 0) or the padding label, then "
            "one logit per class, as a model gives them out (classes last, (N, T, C)). Pad the "
            "shorter sequences to the longest with the label ignore_index takes, e.g. "
            "`<pad>/-100: 0 0 0`."
        ),
        "zh": (
            "每行一个序列，token 之间用 `|` 分隔，每个 token 写成 `词/标签: logits`："
            "词可以省略，标签是类别编号（从 0 开始）或填充标签，之后是每个类别一个 logit，"
            "与模型的输出顺序一致（类别在最后，(N, T, C)）。用 ignore_index 对应的标签把较短的序列"
            "填充到最长序列的长度，例如 `<pad>/-100: 0 0 0`。"
        ),
    },
    "seq.format_pixels": {
        "en": (
            "One row of pixels per line, pixels separated by `|`, each written `label: logits`: "
            "the label is a class (counted from 0) or a label to ignore (255 for a border, say), "
            "then one logit per class (classes last, (N, H, W, C)). Separate the masks of a batch "
            "with a blank line; every mask has the same size."
        ),
        "zh": (
            "每行一行像素，像素之间用 `|` 分隔，每个像素写成 `标签: logits`：标签是类别编号（从 0 开始）"
            "或要忽略的标签（例如边界标为 255），之后是每个类别一个 logit（类别在最后，(N, H, W, C)）。"
            "批次中的多个掩码之间用空行分隔；所有掩码大小必须相同。"
        ),
    },
    "seq.elements_tokens": {
        "en": "Tokens (one sequence per line)",
        "zh": "Token（每行一个序列）",
    },
    "seq.elements_pixels": {
        "en": "Pixels (one row per line, a blank line between masks)",
        "zh": "像素（每行一行像素，掩码之间空一行）",
    },
    "seq.names": {"en": "Class names", "zh": "类别名称"},
    "seq.names_help": {
        "en": "One name per class, separated by commas, e.g. noun, verb, other",
        "zh": "每个类别一个名称，用逗号分隔，例如 noun, verb, other",
    },
    "seq.weight": {"en": "Class weights (optional)", "zh": "类别权重（可选）"},
    "seq.weight_help": {
        "en": "One weight per class, e.g. 1, 2, 1: F.cross_entropy(..., weight=...)",
        "zh": "每个类别一个权重，例如 1, 2, 1：F.cross_entropy(..., weight=...)",
    },
    "seq.input_error": {
        "en": "Input problem: {message}",
        "zh": "输入有误：{message}",
    },
    "seq.label_error": {
        "en": (
            "PyTorch refuses this call: {message}. Every label must be a class (0..{last}) or "
            "ignore_index (now {index}): set ignore_index to the label to leave out (the padding's, "
            "a border's), or change the labels."
        ),
        "zh": (
            "PyTorch 会拒绝这次调用：{message}。每个标签都必须是类别（0..{last}）或 ignore_index"
            "（当前为 {index}）：请把 ignore_index 设为要排除的标签（填充或边界所用的标签），或修改标签。"
        ),
    },
    "seq.showing_example": {
        "en": "Showing the example below: {example}.",
        "zh": "下面显示的是示例：{example}。",
    },
    "seq.reduction": {"en": "reduction", "zh": "reduction（归约方式）"},
    "seq.reduction_help": {
        "en": (
            "'mean' divides the summed loss by the kept elements (their summed weights with class "
            "weights); 'sum' adds the losses up; 'none' returns one loss per element, 0 where "
            "ignored (the page shows their sum)."
        ),
        "zh": (
            "'mean' 把损失总和除以保留元素的个数（使用类别权重时除以它们的权重之和）；'sum' 直接求和；"
            "'none' 返回每个元素的损失，被忽略处为 0（页面显示它们的和）。"
        ),
    },
    "seq.ignore_index": {"en": "ignore_index", "zh": "ignore_index（忽略的标签）"},
    "seq.ignore_index_help": {
        "en": (
            "Elements with this label get a loss of 0 and leave the mean: -100 (PyTorch's default) "
            "for padding, 255 for the border of a Pascal VOC mask, or a padding class."
        ),
        "zh": (
            "标签等于该值的元素损失为 0，且不计入平均：填充常用 -100（PyTorch 默认值），"
            "Pascal VOC 掩码的边界为 255，也可以是专门的填充类别。"
        ),
    },
    "seq.smoothing": {"en": "label_smoothing ε", "zh": "标签平滑 ε"},
    "seq.smoothing_help": {
        "en": "Each kept element's target becomes (1 − ε) one-hot + ε / C; ignored ones stay at 0.",
        "zh": "每个保留元素的目标变为 (1 − ε)·one-hot + ε / C；被忽略的元素仍为 0。",
    },
    "seq.use_weight": {"en": "Use the class weights", "zh": "使用类别权重"},
    "seq.use_weight_help": {
        "en": "Off: weight=None. Type the weights in the editor above.",
        "zh": "关闭时 weight=None。权重在上方的编辑区中输入。",
    },
    "seq.badge_function": {
        "en": "F.cross_entropy on {shape}",
        "zh": "F.cross_entropy（输入形状 {shape}）",
    },
    "seq.grid_header_tokens": {"en": "The loss of every token", "zh": "每个 token 的损失"},
    "seq.grid_header_pixels": {
        "en": "The mask, the prediction and the loss of every pixel",
        "zh": "掩码、预测与每个像素的损失",
    },
    "seq.grid_caption_tokens": {
        "en": (
            "One cell per token: its word and its loss. Grey cells are labelled ignore_index "
            "({index}): padding, left out of the loss. The outlined token is worked out below."
        ),
        "zh": (
            "每个格子是一个 token：显示词和损失。灰色格子的标签为 ignore_index（{index}），"
            "即填充，不计入损失。带黑框的 token 在下方逐步计算。"
        ),
    },
    "seq.grid_caption_pixels": {
        "en": (
            "Left, the labels; middle, the class the model predicts (the largest logit); right, "
            "each pixel's loss. Grey pixels are labelled ignore_index ({index}) and left out. The "
            "outlined pixel is worked out below."
        ),
        "zh": (
            "左：标签；中：模型预测的类别（logit 最大者）；右：每个像素的损失。灰色像素的标签为 "
            "ignore_index（{index}），不计入损失。带黑框的像素在下方逐步计算。"
        ),
    },
    "seq.grid_title_tokens": {
        "en": "Each token's loss (grey: ignored)",
        "zh": "每个 token 的损失（灰色：被忽略）",
    },
    "seq.mask_title": {"en": "Labels of image {n}", "zh": "图像 {n} 的标签"},
    "seq.prediction_title": {"en": "Predicted classes of image {n}", "zh": "图像 {n} 的预测类别"},
    "seq.loss_map_title": {"en": "Each pixel's loss, image {n}", "zh": "图像 {n} 每个像素的损失"},
    "seq.label": {"en": "label", "zh": "标签"},
    "seq.p_target": {"en": "p(label)", "zh": "p(标签)"},
    "seq.ignored": {"en": "ignored", "zh": "被忽略"},
    "seq.sequence": {"en": "sequence", "zh": "序列"},
    "seq.position": {"en": "position", "zh": "位置"},
    "seq.image": {"en": "image", "zh": "图像"},
    "seq.row": {"en": "row", "zh": "行"},
    "seq.column": {"en": "column", "zh": "列"},
    "seq.word": {"en": "word", "zh": "词"},
    "seq.col_log_p": {"en": "log p(label)", "zh": "log p(标签)"},
    "seq.col_weight": {"en": "weight w_y", "zh": "权重 w_y"},
    "seq.mean_header_tokens": {
        "en": "The mean over the real tokens, and the naive mean",
        "zh": "真实 token 上的平均值，与朴素平均值",
    },
    "seq.mean_header_pixels": {
        "en": "The mean over the labelled pixels, and the naive mean",
        "zh": "已标注像素上的平均值，与朴素平均值",
    },
    "seq.metric_total": {"en": "Σ loss", "zh": "损失总和 Σ"},
    "seq.metric_kept_tokens": {"en": "real tokens / positions", "zh": "真实 token / 位置数"},
    "seq.metric_kept_pixels": {"en": "kept pixels / pixels", "zh": "保留像素 / 像素总数"},
    "seq.metric_mean": {"en": "mean (PyTorch)", "zh": "平均值（PyTorch）"},
    "seq.metric_naive": {"en": "naive mean", "zh": "朴素平均值"},
    "seq.metric_difference": {"en": "naive − mean", "zh": "朴素 − 平均"},
    "seq.explain_naive_tokens": {
        "en": (
            "The naive mean, loss(reduction='none').mean(), divides the same sum by all "
            "{positions} positions, {ignored} of them ignored with a loss of 0: {naive:.4f} is "
            "{percent:.0f}% {direction} than reduction='mean' over the {kept} real tokens, "
            "{mean:.4f}. Divide by the kept tokens, (target != ignore_index).sum(), never by "
            "target.numel()."
        ),
        "zh": (
            "朴素平均 loss(reduction='none').mean() 把同一个总和除以全部 {positions} 个位置，其中 "
            "{ignored} 个被忽略、损失为 0：{naive:.4f} 比 reduction='mean' 在 {kept} 个真实 token "
            "上的结果 {mean:.4f} {direction} {percent:.0f}%。应除以保留的 token 数 "
            "(target != ignore_index).sum()，而不是 target.numel()。"
        ),
    },
    "seq.explain_naive_pixels": {
        "en": (
            "The naive mean, loss(reduction='none').mean(), divides the same sum by all "
            "{positions} pixels, {ignored} of them ignored with a loss of 0: {naive:.4f} is "
            "{percent:.0f}% {direction} than reduction='mean' over the {kept} kept pixels, "
            "{mean:.4f}."
        ),
        "zh": (
            "朴素平均 loss(reduction='none').mean() 把同一个总和除以全部 {positions} 个像素，其中 "
            "{ignored} 个被忽略、损失为 0：{naive:.4f} 比 reduction='mean' 在 {kept} 个保留像素上的"
            "结果 {mean:.4f} {direction} {percent:.0f}%。"
        ),
    },
    "seq.lower": {"en": "lower", "zh": "低"},
    "seq.higher": {"en": "higher", "zh": "高"},
    "seq.explain_nothing_ignored_tokens": {
        "en": "No token is ignored and there are no weights: both means are the same.",
        "zh": "没有被忽略的 token，也没有类别权重：两种平均值相同。",
    },
    "seq.explain_nothing_ignored_pixels": {
        "en": "No pixel is ignored and there are no weights: both means are the same.",
        "zh": "没有被忽略的像素，也没有类别权重：两种平均值相同。",
    },
    "seq.explain_nothing_kept": {
        "en": (
            "Every element is ignored: reduction='mean' divides 0 by 0 and gives NaN, while the "
            "naive mean gives 0 and hides the problem."
        ),
        "zh": "所有元素都被忽略：reduction='mean' 计算 0 除以 0，结果为 NaN；朴素平均却给出 0，掩盖了问题。",
    },
    "seq.explain_weighted": {
        "en": (
            "With class weights, 'mean' divides by the kept elements' summed weights, "
            "{denominator:g}, not by their number, {kept}."
        ),
        "zh": "使用类别权重时，'mean' 除以保留元素的权重之和 {denominator:g}，而不是它们的个数 {kept}。",
    },
    "seq.line_mean": {"en": "mean (PyTorch)", "zh": "平均值（PyTorch）"},
    "seq.line_naive": {"en": "naive mean", "zh": "朴素平均值"},
    "seq.line_mean_of_means": {"en": "mean of the means", "zh": "各自平均值的平均"},
    "seq.sample_means_title_tokens": {
        "en": "Each sequence's own mean, and the batch's means",
        "zh": "每个序列自身的平均损失，与整个批次的平均值",
    },
    "seq.sample_means_title_pixels": {
        "en": "Each mask's own mean, and the batch's means",
        "zh": "每个掩码自身的平均损失，与整个批次的平均值",
    },
    "seq.sample_mean": {"en": "mean loss", "zh": "平均损失"},
    "seq.kept_count_tokens": {"en": "{count} tokens", "zh": "{count} 个 token"},
    "seq.kept_count_pixels": {"en": "{count} pixels", "zh": "{count} 个像素"},
    "seq.sample_means_caption_tokens": {
        "en": (
            "reduction='mean' weighs every real token alike, so a long sequence counts more than a "
            "short one. Averaging each sequence first, then the sequences, weighs every sequence "
            "alike: a different number, and a different training signal."
        ),
        "zh": (
            "reduction='mean' 对每个真实 token 一视同仁，因此长序列比短序列占的分量更大。"
            "先对每个序列求平均、再对序列求平均，则每个序列权重相同：得到的数值不同，训练信号也不同。"
        ),
    },
    "seq.sample_means_caption_pixels": {
        "en": (
            "reduction='mean' weighs every kept pixel alike, so a mask with more labelled pixels "
            "counts more. Averaging each mask first weighs every mask alike."
        ),
        "zh": "reduction='mean' 对每个保留像素一视同仁，因此标注像素多的掩码分量更大。先对每个掩码求平均，则每个掩码权重相同。",
    },
    "seq.step_header_tokens": {
        "en": "Token ({index}), step by step",
        "zh": "Token ({index})，逐步计算",
    },
    "seq.step_header_pixels": {
        "en": "Pixel ({index}), step by step",
        "zh": "像素 ({index})，逐步计算",
    },
    "seq.step_what_tokens": {
        "en": (
            "Token {position} of sequence {n} (“{word}”) is labelled {label}, **{name}**; "
            "the model gives that class p = {p:.4f}."
        ),
        "zh": "序列 {n} 的第 {position} 个 token（“{word}”）标签为 {label}，即 **{name}**；模型给这个类别的概率 p = {p:.4f}。",
    },
    "seq.step_what_pixels": {
        "en": (
            "The pixel at row {row}, column {column} of image {n} is labelled {label}, "
            "**{name}**; the model gives that class p = {p:.4f}."
        ),
        "zh": "图像 {n} 第 {row} 行第 {column} 列的像素标签为 {label}，即 **{name}**；模型给这个类别的概率 p = {p:.4f}。",
    },
    "seq.step_what_ignored_tokens": {
        "en": (
            "Token {position} of sequence {n} (“{word}”) is labelled {label}, ignore_index: "
            "whatever its logits, the loss leaves it out."
        ),
        "zh": "序列 {n} 的第 {position} 个 token（“{word}”）标签为 {label}，即 ignore_index：无论它的 logits 是多少，损失都不计入它。",
    },
    "seq.step_what_ignored_pixels": {
        "en": (
            "The pixel at row {row}, column {column} of image {n} is labelled {label}, "
            "ignore_index: whatever its logits, the loss leaves it out."
        ),
        "zh": "图像 {n} 第 {row} 行第 {column} 列的像素标签为 {label}，即 ignore_index：无论它的 logits 是多少，损失都不计入它。",
    },
    "seq.step_lse": {
        "en": "At one position the classes are a column of the logits: log-softmax over it.",
        "zh": "在一个位置上，各类别是 logits 的一列：对这一列做 log-softmax。",
    },
    "seq.step_loss": {
        "en": "Pick the label's log-probability, negate it and weight it.",
        "zh": "取出标签对应的对数概率，取负并乘以权重。",
    },
    "seq.step_ignored": {
        "en": "This label is ignore_index: the element adds 0 to the sum and nothing to the count.",
        "zh": "该标签等于 ignore_index：这个元素对总和的贡献为 0，也不计入个数。",
    },
    "seq.reduction_header": {
        "en": "What F.cross_entropy returns (reduction='{reduction}')",
        "zh": "F.cross_entropy 的返回值（reduction='{reduction}'）",
    },
    "seq.reduction_mean_tokens": {
        "en": "The mean over the real tokens, above: L = {loss:.4f}.",
        "zh": "即上面真实 token 上的平均值：L = {loss:.4f}。",
    },
    "seq.reduction_mean_pixels": {
        "en": "The mean over the kept pixels, above: L = {loss:.4f}.",
        "zh": "即上面保留像素上的平均值：L = {loss:.4f}。",
    },
    "seq.layout_tokens": {
        "en": (
            "A model gives its scores out as (N, T, C), one row of C logits per token; "
            "F.cross_entropy wants the classes in dimension 1: pass scores.transpose(1, 2), or "
            "flatten both to scores.reshape(-1, C) and target.reshape(-1), which gives the same "
            "mean. The code below does both."
        ),
        "zh": (
            "模型输出的分数形状为 (N, T, C)，每个 token 一行 C 个 logits；F.cross_entropy 要求类别在第 1 维："
            "传入 scores.transpose(1, 2)，或把两者展平为 scores.reshape(-1, C) 与 target.reshape(-1)，"
            "平均值相同。下面的代码两种做法都有。"
        ),
    },
    "seq.layout_pixels": {
        "en": (
            "A model with channels last gives (N, H, W, C); F.cross_entropy wants the classes in "
            "dimension 1: pass scores.permute(0, 3, 1, 2). The code below does it, and flattens "
            "to one row per pixel for the same mean."
        ),
        "zh": (
            "通道在最后的模型输出 (N, H, W, C)；F.cross_entropy 要求类别在第 1 维：传入 "
            "scores.permute(0, 3, 1, 2)。下面的代码这样做了，并展平为每个像素一行，得到相同的平均值。"
        ),
    },
}
