"""The playground page."""

STRINGS: dict[str, dict[str, str]] = {
    "playground.intro": {
        "en": "The tutorials' training loop, live: a small network (two layers, 64 hidden units by default) learns with Adam to sort points in the plane into classes. Pick a data set, make it imbalanced or noisy, give each of the two runs a loss, and press Start: the loss curves, the decision regions, each class's accuracy and the probabilities update while it trains. Both runs see the same points and start from the same weights; only the loss differs.",
        "zh": "把教程里的训练循环搬到眼前：一个小网络（两层，默认 64 个隐藏单元）用 Adam 学习给平面上的点分类。选一个数据集，调出类别不平衡或标签噪声，给两次训练各选一个损失函数，然后点「开始」：损失曲线、决策区域、各类别准确率和概率分布都会随训练实时更新。两次训练用的是同一批点、同一组初始权重，唯一的区别是损失函数。",
    },
    "playground.data": {"en": "Data", "zh": "数据"},
    "playground.dataset": {"en": "Data set", "zh": "数据集"},
    "playground.kind_blobs": {"en": "Blobs", "zh": "高斯团（blobs）"},
    "playground.kind_moons": {"en": "Moons", "zh": "双月（moons）"},
    "playground.kind_spirals": {"en": "Spirals", "zh": "螺旋（spirals）"},
    "playground.points": {"en": "Points", "zh": "点数"},
    "playground.classes": {"en": "Classes", "zh": "类别数"},
    "playground.moons_classes": {
        "en": "Moons always has 2 classes.",
        "zh": "双月数据集固定为 2 个类别。",
    },
    "playground.imbalance": {
        "en": "Imbalance (largest : smallest class)",
        "zh": "不平衡程度（最大类 : 最小类）",
    },
    "playground.imbalance_help": {
        "en": "Class sizes shrink geometrically from class 0 to the last class; 1 is balanced.",
        "zh": "各类别的样本数从类别 0 到最后一个类别按等比递减；1 表示完全平衡。",
    },
    "playground.noise": {"en": "Label noise", "zh": "标签噪声"},
    "playground.noise_help": {
        "en": "The fraction of points whose label is flipped to another class (drawn as crosses).",
        "zh": "标签被随机改成其他类别的点所占比例（图中画成叉号）。",
    },
    "playground.model": {"en": "Model", "zh": "模型"},
    "playground.hidden": {"en": "Hidden units", "zh": "隐藏单元数"},
    "playground.lr": {"en": "Learning rate (Adam)", "zh": "学习率（Adam）"},
    "playground.lr_help": {
        "en": "0.01 by default: the usual 0.001 learns too little in a few hundred steps on 2-D points.",
        "zh": "默认 0.01：常用的 0.001 在二维数据上训练几百步学不到多少东西。",
    },
    "playground.steps": {"en": "Steps", "zh": "训练步数"},
    "playground.seed": {"en": "Seed", "zh": "随机种子"},
    "playground.seed_help": {
        "en": "Seeds the points and the initial weights: the same seed gives the same curves.",
        "zh": "决定数据点和初始权重：种子相同，曲线就完全相同。",
    },
    "playground.run": {"en": "Run {run}", "zh": "训练 {run}"},
    "playground.loss": {"en": "Loss", "zh": "损失函数"},
    "playground.loss_cross_entropy": {"en": "cross-entropy", "zh": "交叉熵"},
    "playground.loss_weighted_cross_entropy": {
        "en": "weighted cross-entropy",
        "zh": "加权交叉熵",
    },
    "playground.loss_focal": {"en": "focal loss", "zh": "Focal Loss"},
    "playground.loss_label_smoothing": {
        "en": "label smoothing",
        "zh": "标签平滑",
    },
    "playground.gamma": {"en": "γ (focusing)", "zh": "γ（聚焦参数）"},
    "playground.gamma_help": {
        "en": "0 is plain cross-entropy; 2 is the usual choice.",
        "zh": "0 就是普通交叉熵；常用值是 2。",
    },
    "playground.smoothing": {"en": "ε (smoothing)", "zh": "ε（平滑系数）"},
    "playground.smoothing_help": {
        "en": "The share of the target spread evenly over all classes.",
        "zh": "目标分布中平均分给所有类别的那一份。",
    },
    "playground.about_cross_entropy": {
        "en": "Every point counts the same: −log p of its label.",
        "zh": "每个点分量相同：取其标签概率的 −log p。",
    },
    "playground.about_weighted_cross_entropy": {
        "en": "Class c weighs N / (C·n_c): rare classes count more.",
        "zh": "类别 c 的权重为 N / (C·n_c)：越少见的类别分量越重。",
    },
    "playground.about_focal": {
        "en": "(1 − p_t)^γ turns down the points the model already gets right.",
        "zh": "(1 − p_t)^γ 压低模型已经分对的点的损失。",
    },
    "playground.about_label_smoothing": {
        "en": "The target keeps 1 − ε on the label and spreads ε over all classes.",
        "zh": "目标在标签上保留 1 − ε，把 ε 平均分给所有类别。",
    },
    "playground.start": {"en": "Start", "zh": "开始"},
    "playground.stop": {"en": "Stop", "zh": "暂停"},
    "playground.reset": {"en": "Reset", "zh": "重置"},
    "playground.status": {
        "en": "Trains on {device} in float32 · points per label: {counts} · labels flipped: {flipped}",
        "zh": "在 {device} 上以 float32 训练 · 各标签点数：{counts} · 被翻转的标签：{flipped}",
    },
    "playground.progress": {
        "en": "Run {run} ({loss}): step {step} of {steps}, accuracy {accuracy:.1%}",
        "zh": "训练 {run}（{loss}）：第 {step} / {steps} 步，准确率 {accuracy:.1%}",
    },
    "playground.run_loss": {"en": "{run}: {loss}", "zh": "{run}：{loss}"},
    "playground.loss_title": {
        "en": "Training loss (each loss on its own scale)",
        "zh": "训练损失（各损失的量纲不同）",
    },
    "playground.step": {"en": "step", "zh": "步数"},
    "playground.training_loss": {"en": "training loss (log scale)", "zh": "训练损失（对数坐标）"},
    "playground.accuracy_title": {
        "en": "Accuracy on each true class",
        "zh": "每个真实类别上的准确率",
    },
    "playground.accuracy": {"en": "accuracy", "zh": "准确率"},
    "playground.regions_title": {
        "en": "Run {run} ({loss}), step {step}: decision regions",
        "zh": "训练 {run}（{loss}），第 {step} 步：决策区域",
    },
    "playground.badge_function": {
        "en": "{function} in run {run}'s training loop (float32)",
        "zh": "{function}（训练 {run} 的训练循环，float32）",
    },
    "playground.waiting": {
        "en": "Waiting for a free trainer: the server trains {slots} at a time, and {ahead} other waiting runs are ahead of these. Training starts by itself.",
        "zh": "正在等待空闲的训练名额：服务器同时最多训练 {slots} 组，前面还有 {ahead} 组在等待。轮到时会自动开始训练。",
    },
    "playground.failed": {
        "en": "Training stopped with an error: {error}",
        "zh": "训练因错误而停止：{error}",
    },
    "playground.flipped": {"en": "label flipped", "zh": "标签被翻转"},
    "playground.true_class": {"en": "true class", "zh": "真实类别"},
    "playground.check_later": {
        "en": "The loss is checked against lossviz's step-by-step computation when training stops.",
        "zh": "训练停止后，会用 lossviz 的逐步计算核对这个损失值。",
    },
    "playground.histogram_title": {
        "en": "Run {run}: probability given to each point's true class",
        "zh": "训练 {run}：每个点的真实类别得到的预测概率",
    },
    "playground.true_prob": {"en": "p(true class)", "zh": "p（真实类别）"},
    "playground.share": {"en": "% of the class's points", "zh": "占该类别点数的百分比"},
    "playground.col_drawn": {"en": "points drawn", "zh": "生成的点数"},
    "playground.col_labelled": {"en": "points labelled", "zh": "带该标签的点数"},
    "playground.col_accuracy": {"en": "accuracy {run}", "zh": "准确率 {run}"},
    "playground.col_true_prob": {
        "en": "mean p(true class) {run}",
        "zh": "真实类别平均概率 {run}",
    },
    "playground.look": {
        "en": """**What to look at**

- **The minority class.** On the default imbalanced blobs, class 2 is the smallest. Compare its accuracy in the bar chart: with plain cross-entropy the majority pushes the boundary into it. Focal loss turns down *easy* points, not *rare* classes, so here it changes little; set run B to weighted cross-entropy and the minority's accuracy rises while its region grows into the majority's.
- **Confidence.** The histograms show the probability each point's true class gets. Focal loss and label smoothing stop pushing confident points towards 1, so their histograms sit left of cross-entropy's.
- **Heights of the curves.** Each loss has its own scale (focal is smaller; label smoothing cannot reach 0): compare the shapes of the curves and the accuracies, not the heights.
- **Label noise.** Flipped labels (crosses) can only be fitted by memorising them; with more steps or more hidden units, watch the regions bend towards them.
- **Focal loss with γ = 0** is cross-entropy: set it in run B with cross-entropy in run A and the two curves coincide.""",
        "zh": """**看点**

- **少数类。** 默认的不平衡高斯团里，类别 2 最少。看柱状图里它的准确率：用普通交叉熵时，多数类会把决策边界推进少数类的地盘。Focal Loss 压低的是*容易*的点，而不是*少见*的类别，所以在这里变化不大；把训练 B 换成加权交叉熵，少数类的准确率会上升，它的区域也会向多数类扩张。
- **置信度。** 直方图显示每个点的真实类别得到的概率。Focal Loss 和标签平滑不会再把已经很有把握的点继续推向 1，所以它们的直方图比交叉熵的更靠左。
- **曲线的高低。** 每种损失的量纲不同（Focal Loss 数值更小，标签平滑降不到 0）：比较曲线的形状和准确率，不要比较高低。
- **标签噪声。** 被翻转的标签（叉号）只能靠死记硬背来拟合；增加步数或隐藏单元，看决策区域如何向它们弯曲。
- **γ = 0 的 Focal Loss** 就是交叉熵：训练 A 用交叉熵、训练 B 用 γ = 0 的 Focal Loss，两条曲线完全重合。""",
    },
    "playground.download": {
        "en": "Download the data set (CSV)",
        "zh": "下载数据集（CSV）",
    },
}
