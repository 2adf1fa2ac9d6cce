"""The frame: title, navigation, the home page, the sidebar's batch editor and presets, input and
link messages."""

STRINGS = {
    "frame.title": {
        "en": "lossviz: classification losses, live",
        "zh": "lossviz：交互式分类损失讲解",
    },
    "frame.device": {"en": "Computing on: {device}", "zh": "计算设备：{device}"},
    "frame.torch_version": {"en": "PyTorch {version}, float64", "zh": "PyTorch {version}，float64"},
    "nav.home": {"en": "Home", "zh": "首页"},
    "nav.softmax": {"en": "Softmax and temperature", "zh": "Softmax 与温度"},
    "nav.cross_entropy": {
        "en": "Cross-entropy = LogSoftmax + NLL",
        "zh": "交叉熵 = LogSoftmax + NLL",
    },
    "nav.binary": {"en": "Binary cross-entropy", "zh": "二元交叉熵"},
    "nav.gradients": {"en": "Gradients", "zh": "梯度"},
    "nav.entropy": {"en": "Entropy, cross-entropy and KL", "zh": "熵、交叉熵与 KL 散度"},
    "nav.section.basics": {"en": "The losses", "zh": "损失函数"},
    "nav.section.beyond": {"en": "Beyond the textbook", "zh": "教科书之外"},
    "nav.imbalance": {
        "en": "Imbalance: weights, focal, smoothing",
        "zh": "类别不平衡：权重、Focal、标签平滑",
    },
    "nav.stability": {"en": "Numerical stability", "zh": "数值稳定性"},
    "nav.mistakes": {"en": "Common mistakes", "zh": "常见错误"},
    "nav.regression": {"en": "Regression losses", "zh": "回归损失"},
    "nav.playground": {"en": "Training playground", "zh": "训练演练场"},
    "home.intro": {
        "en": (
            "Type logits and labels and watch every quantity change as you type: softmax "
            "probabilities, each sample's cross-entropy, NLL and binary cross-entropy, the gradient "
            "on every logit, and cross-entropy = entropy + KL divergence. Every number is computed "
            "step by step and checked against PyTorch's own function for the same call."
        ),
        "zh": (
            "输入 logits 和标签，所有量随输入实时变化：softmax 概率、每个样本的交叉熵、NLL 与二元交叉熵、"
            "每个 logit 上的梯度，以及 交叉熵 = 熵 + KL 散度。每个数字都逐步计算，并与 PyTorch "
            "对同一调用的官方函数结果对照。"
        ),
    },
    "home.seed": {
        "en": (
            "The batch starts with the tutorials' example: a picture scored {names} with logits "
            "{logits}; the true class is {true}."
        ),
        "zh": "初始批次是教程中的例子：一张图片对 {names} 的打分为 {logits}，真实类别是 {true}。",
    },
    "home.pages": {"en": "Pages", "zh": "页面"},
    "home.page_list": {
        "en": (
            "- **Softmax and temperature**: from logits to probabilities.\n"
            "- **Cross-entropy = LogSoftmax + NLL**: the pipeline, weights, ignore_index, reduction, "
            "label smoothing, soft targets.\n"
            "- **Binary cross-entropy**: BCELoss and BCEWithLogitsLoss, multi-label, pos_weight.\n"
            "- **Gradients**: dL/dz for every logit, analytic beside autograd.\n"
            "- **Entropy, cross-entropy and KL**: H(p, q) = H(p) + KL(p‖q).\n\n"
            "Beyond the textbook:\n\n"
            "- **Imbalance**: class weights, focal loss and label smoothing on an imbalanced batch.\n"
            "- **Numerical stability**: where naive softmax-then-log overflows, and log-sum-exp "
            "does not.\n"
            "- **Common mistakes**: each one live, beside the correct call.\n"
            "- **Regression losses**: MSE, L1, SmoothL1 and Huber, and an outlier.\n"
            "- **Training playground**: a small classifier trained live, two losses side by side."
        ),
        "zh": (
            "- **Softmax 与温度**：从 logits 到概率。\n"
            "- **交叉熵 = LogSoftmax + NLL**：计算流程、类别权重、ignore_index、reduction、标签平滑、软标签。\n"
            "- **二元交叉熵**：BCELoss 与 BCEWithLogitsLoss、多标签、pos_weight。\n"
            "- **梯度**：每个 logit 的 dL/dz，解析公式与 autograd 并列。\n"
            "- **熵、交叉熵与 KL 散度**：H(p, q) = H(p) + KL(p‖q)。\n\n"
            "教科书之外：\n\n"
            "- **类别不平衡**：在不平衡的批次上看类别权重、Focal Loss 与标签平滑。\n"
            "- **数值稳定性**：朴素的先 softmax 再取 log 在哪里溢出，而 log-sum-exp 不会。\n"
            "- **常见错误**：每个错误都实时演示，并与正确写法并列。\n"
            "- **回归损失**：MSE、L1、SmoothL1 与 Huber，以及一个离群点的影响。\n"
            "- **训练演练场**：实时训练一个小分类器，两种损失并排比较。"
        ),
    },
    "home.table": {"en": "The batch", "zh": "当前批次"},
    "batch.header": {"en": "The batch", "zh": "批次数据"},
    "batch.summary": {
        "en": "{samples} sample(s) × {classes} classes",
        "zh": "{samples} 个样本 × {classes} 个类别",
    },
    "batch.logits": {"en": "Logits (one row per sample)", "zh": "Logits（每行一个样本）"},
    "batch.logits_help": {
        "en": "Rows on lines or separated by ';', values by commas or spaces, e.g. 1.3, 1.3, 2.6 (at most {most} classes)",
        "zh": "每行一个样本（或用 ';' 分隔），数值用逗号或空格分隔，例如 1.3, 1.3, 2.6（最多 {most} 个类别）",
    },
    "batch.target": {
        "en": "Targets (labels or probability rows)",
        "zh": "目标（类别标签或概率行）",
    },
    "batch.target_help": {
        "en": "One class label per sample (counted from 0; -100 for a sample the loss leaves out, as padding), e.g. 2, 0 — or one row of C probabilities per sample",
        "zh": "每个样本一个类别标签（从 0 开始；-100 表示损失忽略该样本，即填充），例如 2, 0；或每个样本一行 C 个概率",
    },
    "batch.names": {"en": "Class names", "zh": "类别名称"},
    "batch.names_help": {
        "en": 'Separated by commas, e.g. cat, dog, 猪八戒; a name that holds a comma goes in double quotes: "a, b" (at most {most} classes)',
        "zh": '用逗号分隔，例如 cat, dog, 猪八戒；名称本身含逗号时用双引号括起来："a, b"（最多 {most} 个类别）',
    },
    "batch.weight": {"en": "Class weights (optional)", "zh": "类别权重（可选）"},
    "batch.weight_help": {
        "en": "One non-negative weight per class; empty for none",
        "zh": "每个类别一个非负权重；留空表示不加权",
    },
    "batch.input_mode": {"en": "Edit as", "zh": "编辑方式"},
    "batch.mode_text": {"en": "Text", "zh": "文本"},
    "batch.mode_grid": {"en": "Grid", "zh": "表格"},
    "batch.grid_target": {"en": "label", "zh": "标签"},
    "batch.grid_soft": {
        "en": "The targets are probability rows: edit them as text.",
        "zh": "目标为概率行：请在文本模式下编辑。",
    },
    "batch.grid_too_large": {
        "en": "This batch has {values} logits; the grid edits at most {most}. Edit it as text, or in a spreadsheet and upload it again.",
        "zh": "该批次有 {values} 个 logits，表格最多编辑 {most} 个。请在文本模式下编辑，或在电子表格中修改后重新上传。",
    },
    "batch.presets": {"en": "Presets", "zh": "预设"},
    "batch.preset_choice": {"en": "Load a preset", "zh": "载入预设"},
    "batch.load": {"en": "Load", "zh": "载入"},
    "preset.seed": {
        "en": "Seed example (cat / dog / 猪八戒)",
        "zh": "入门例子（cat / dog / 猪八戒）",
    },
    "preset.confident_right": {"en": "Confident and right", "zh": "自信且正确"},
    "preset.confident_wrong": {"en": "Confident and wrong", "zh": "自信但错误"},
    "preset.uniform": {"en": "Uniform (no idea)", "zh": "均匀（毫无把握）"},
    "preset.imbalanced": {
        "en": "Imbalanced batch with class weights",
        "zh": "类别不平衡批次（带类别权重）",
    },
    "preset.extreme": {"en": "Extreme logits (±10⁴)", "zh": "极端 logits（±10⁴）"},
    "batch.random": {"en": "Random batch", "zh": "随机批次"},
    "batch.random_seed": {"en": "Seed", "zh": "随机种子"},
    "batch.random_samples": {"en": "Samples", "zh": "样本数"},
    "batch.random_classes": {"en": "Classes", "zh": "类别数"},
    "batch.generate": {"en": "Generate", "zh": "生成"},
    "batch.csv": {"en": "CSV upload and download", "zh": "CSV 上传与下载"},
    "batch.upload": {
        "en": "Upload a CSV (logit columns, then a label column)",
        "zh": "上传 CSV（若干 logit 列，最后一列为标签）",
    },
    "batch.upload_help": {
        "en": "A header row names the classes (at most {most}); one row per sample; labels count from 0, and -100 marks a sample the loss leaves out.",
        "zh": "第一行为类别名称（最多 {most} 个）；每个样本一行；标签从 0 开始，-100 表示损失忽略该样本。",
    },
    "batch.uploaded": {
        "en": "Using the batch {file}: {samples} sample(s) × {classes} classes. It is too large for a link; the link keeps the typed batch.",
        "zh": "正在使用批次 {file}：{samples} 个样本 × {classes} 个类别。数据太大，无法放入链接；链接中保留的是手动输入的批次。",
    },
    "batch.uploaded_small": {
        "en": "Loaded {file}: {samples} sample(s) × {classes} classes.",
        "zh": "已载入 {file}：{samples} 个样本 × {classes} 个类别。",
    },
    "batch.encoding": {
        "en": "{file} is not UTF-8 text: it was read as {encoding}. Check that the class names look right; a file saved as 'CSV UTF-8' needs no guess.",
        "zh": "{file} 不是 UTF-8 文本，已按 {encoding} 编码读取。请核对类别名称是否正确；另存为“CSV UTF-8”即无需猜测编码。",
    },
    "batch.encoding_gb18030": {"en": "GB18030 (GBK, Chinese)", "zh": "GB18030（GBK，简体中文）"},
    "batch.encoding_cp1252": {
        "en": "Windows-1252 (Latin-1, Western European)",
        "zh": "Windows-1252（Latin-1，西欧语言）",
    },
    "batch.encoding_utf_16": {"en": "UTF-16", "zh": "UTF-16"},
    "batch.drop_upload": {"en": "Back to the typed batch", "zh": "回到手动输入的批次"},
    "batch.download_batch": {"en": "Download the batch (CSV)", "zh": "下载批次（CSV）"},
    "batch.download_results": {"en": "Download the results (CSV)", "zh": "下载计算结果（CSV）"},
    "batch.error": {"en": "Input problem — {message}", "zh": "输入有误：{message}"},
    "batch.kept_last": {
        "en": "Showing the last valid batch until this is fixed.",
        "zh": "修正之前，页面继续显示上一个有效批次。",
    },
    "batch.not_in_link": {
        "en": "This batch is too long for a link (a link holds at most {limit} characters): it stays in this session only, and a reload or a copied link opens without it. Download it as CSV to keep or share it.",
        "zh": "该批次太长，无法放入链接（链接最多 {limit} 个字符）：它只保存在当前会话中，刷新页面或复制链接都不会带上它。请下载 CSV 以保存或分享。",
    },
    "link.left_out": {
        "en": "Too long for a link (at most {limit} characters), kept in this session only: {fields}.",
        "zh": "内容太长，无法放入链接（最多 {limit} 个字符），仅保存在当前会话中：{fields}。",
    },
    "link.problem": {
        "en": "This link's parameter '{parameter}' could not be used ({reason}); the default is shown instead.",
        "zh": "链接参数 '{parameter}' 无法使用（{reason}），已改用默认值。",
    },
}
