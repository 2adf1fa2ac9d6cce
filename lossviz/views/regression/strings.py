"""The regression page."""

STRINGS: dict[str, dict[str, str]] = {
    "regression.intro": {
        "en": (
            "A regression loss compares a prediction x with a target y through the error e = x − y, one element at a time. "
            "MSE squares the error, L1 takes its size, and SmoothL1 and Huber are quadratic near 0 and linear past a switch "
            "point (β, δ). What matters in training is the slope dℓ/de: it is how hard an error pulls on the prediction. "
            "Every number below is computed step by step and checked against PyTorch's own function."
        ),
        "zh": (
            "回归损失通过误差 e = x − y 逐元素比较预测值 x 与目标值 y。MSE 对误差取平方，L1 取其绝对值，"
            "SmoothL1 和 Huber 在 0 附近是二次的，越过切换点（β、δ）之后变为线性。训练中真正起作用的是斜率 dℓ/de："
            "它决定了一个误差把预测值往回拉的力度。下面每个数字都逐步计算，并与 PyTorch 的官方函数结果对照。"
        ),
    },
    "regression.beta": {"en": "SmoothL1 β (beta)", "zh": "SmoothL1 的 β（beta）"},
    "regression.beta_help": {
        "en": "F.smooth_l1_loss(..., beta=β): quadratic for |e| < β, then linear with slope 1. β = 0 gives L1.",
        "zh": "F.smooth_l1_loss(..., beta=β)：|e| < β 时为二次，之后是斜率为 1 的直线。β = 0 时就是 L1。",
    },
    "regression.delta": {"en": "Huber δ (delta)", "zh": "Huber 的 δ（delta）"},
    "regression.delta_help": {
        "en": "F.huber_loss(..., delta=δ): quadratic for |e| < δ, then linear with slope δ.",
        "zh": "F.huber_loss(..., delta=δ)：|e| < δ 时为二次，之后是斜率为 δ 的直线。",
    },
    "regression.reduction": {"en": "reduction", "zh": "reduction（归约方式）"},
    "regression.reduction_help": {
        "en": "'mean' divides the sum by the number of elements; 'sum' adds them up; 'none' returns one loss per element (the page shows their sum).",
        "zh": "'mean' 把总和除以元素个数；'sum' 直接求和；'none' 返回每个元素的损失（页面显示它们的和）。",
    },
    "regression.curves_header": {
        "en": "Loss and slope against the error",
        "zh": "损失与斜率随误差的变化",
    },
    "regression.curves_title": {
        "en": "Loss ℓ(e); the dots are your elements",
        "zh": "损失 ℓ(e)；圆点是你输入的元素",
    },
    "regression.slopes_title": {
        "en": "Slope dℓ/de: how hard an error pulls",
        "zh": "斜率 dℓ/de：误差往回拉的力度",
    },
    "regression.error_axis": {"en": "error e = x − y", "zh": "误差 e = x − y"},
    "regression.loss_axis": {"en": "loss ℓ(e)", "zh": "损失 ℓ(e)"},
    "regression.slope_axis": {"en": "slope dℓ/de", "zh": "斜率 dℓ/de"},
    "regression.bound_smooth": {"en": "SmoothL1: |slope| ≤ 1", "zh": "SmoothL1：|斜率| ≤ 1"},
    "regression.bound_huber": {
        "en": "Huber: |slope| ≤ δ = {delta:g}",
        "zh": "Huber：|斜率| ≤ δ = {delta:g}",
    },
    "regression.curves_caption": {
        "en": (
            "MSE's slope 2e grows with the error, so one large error pulls harder than all the others together; "
            "MSE leaves the top of the left chart. L1's slope is always ±1. SmoothL1's slope never exceeds 1 and "
            "Huber's never exceeds δ = {delta:g}: past the switch point a larger error pulls no harder. "
            "Exactly at |e| = β (or δ) PyTorch takes the linear branch: its definitions use '<'."
        ),
        "zh": (
            "MSE 的斜率 2e 随误差增大，一个大误差的拉力比其余所有元素加起来还大；在左图中 MSE 会冲出图的顶部。"
            "L1 的斜率始终是 ±1。SmoothL1 的斜率绝不超过 1，Huber 的斜率绝不超过 δ = {delta:g}：越过切换点后，"
            "误差再大，拉力也不再增加。恰好在 |e| = β（或 δ）处，PyTorch 取线性分支：它的定义用的是 '<'。"
        ),
    },
    "regression.identity": {
        "en": "SmoothL1(β) = Huber(δ = β) / β: with β = {beta:g}, the two curves differ by at most {gap:.1e} over the chart.",
        "zh": "SmoothL1(β) = Huber(δ = β) / β：当 β = {beta:g} 时，两条曲线在整个图上的差最大为 {gap:.1e}。",
    },
    "regression.identity_beta_zero": {
        "en": "β = 0: SmoothL1 has no quadratic part and is exactly L1 (PyTorch switches to l1_loss), so it is not Huber / β.",
        "zh": "β = 0：SmoothL1 没有二次部分，恰好就是 L1（PyTorch 会直接改用 l1_loss），因此它不等于 Huber / β。",
    },
    "regression.numbers_header": {"en": "Your numbers", "zh": "你的数据"},
    "regression.input": {"en": "Predictions x (input)", "zh": "预测值 x（input）"},
    "regression.target": {"en": "Targets y (target)", "zh": "目标值 y（target）"},
    "regression.values_help": {
        "en": "Numbers separated by commas or spaces, e.g. 2.5, 0.0, 2.0 — one target per prediction.",
        "zh": "用逗号或空格分隔的数字，例如 2.5, 0.0, 2.0；每个预测值对应一个目标值。",
    },
    "regression.values_error": {
        "en": "Input problem — {message}. Showing the example numbers until this is fixed.",
        "zh": "输入有误：{message}。修正之前，页面显示示例数据。",
    },
    "regression.length_mismatch": {
        "en": "there are {n} predictions but {m} targets: give one target per prediction",
        "zh": "共有 {n} 个预测值，却有 {m} 个目标值：每个预测值需要一个目标值",
    },
    "regression.element": {"en": "Element (0..{last})", "zh": "元素（0..{last}）"},
    "regression.element_header": {
        "en": "Element {i}, step by step",
        "zh": "元素 {i} 的逐步计算",
    },
    "regression.element_caption": {
        "en": "The gradient is what loss.backward() puts in x.grad; 'mean' divides it by the number of elements.",
        "zh": "梯度就是 loss.backward() 写入 x.grad 的值；'mean' 会再除以元素个数。",
    },
    "regression.shares_title": {
        "en": "Where each loss comes from: each element's share of the total",
        "zh": "损失从哪里来：每个元素占总损失的比例",
    },
    "regression.shares_axis": {"en": "share of the total (%)", "zh": "占总损失的比例（%）"},
    "regression.shares_caption": {
        "en": (
            "Element {i} takes {mse:.1%} of the MSE, {l1:.1%} of the L1, {smooth:.1%} of the SmoothL1 and "
            "{huber:.1%} of the Huber loss. Squaring lets one large error outweigh all the others."
        ),
        "zh": (
            "元素 {i} 占 MSE 的 {mse:.1%}、L1 的 {l1:.1%}、SmoothL1 的 {smooth:.1%}、Huber 的 {huber:.1%}。"
            "平方会让一个大误差压过其余所有元素。"
        ),
    },
    "regression.element_word": {"en": "element", "zh": "元素"},
    "regression.more_elements": {
        "en": "There are {n} elements: the charts show the first {shown}; the table has them all.",
        "zh": "共有 {n} 个元素：图中只画出前 {shown} 个，表格中列出全部。",
    },
    "regression.col_element": {"en": "element", "zh": "元素"},
    "regression.col_error": {"en": "e = x − y", "zh": "e = x − y"},
    "regression.col_loss": {"en": "ℓ", "zh": "ℓ"},
    "regression.col_grad": {"en": "∂L/∂x", "zh": "∂L/∂x"},
    "regression.outlier_header": {
        "en": "An outlier: fitting a line under each loss",
        "zh": "离群点：用每种损失拟合一条直线",
    },
    "regression.outlier_intro": {
        "en": (
            "30 points from y = 0.5 x + 1 plus Gaussian noise (σ = 0.4, seed 0); the last one, at x = 10, is moved by the "
            "slider. Each line is the exact minimiser of the mean loss over the points: Newton's method on PyTorch's own "
            "loss for MSE, SmoothL1 and Huber, and for L1 the best line through two of the points (where its minimum lies)."
        ),
        "zh": (
            "30 个点取自 y = 0.5 x + 1 加上高斯噪声（σ = 0.4，随机种子 0）；最后一个点（x = 10）由滑块移动。"
            "每条直线都是所有点上平均损失的精确最小值点：MSE、SmoothL1 和 Huber 用牛顿法直接最小化 PyTorch 自己的损失函数，"
            "L1 则在所有经过两个数据点的直线中取最优（它的最小值必定落在这样的直线上）。"
        ),
    },
    "regression.outlier": {
        "en": "Outlier: how far the last point is moved",
        "zh": "离群点：最后一个点被移动的距离",
    },
    "regression.outlier_help": {
        "en": "Added to y at x = 10. Watch the MSE line follow it while the others stay put.",
        "zh": "加到 x = 10 处的 y 上。可以看到 MSE 的直线跟着它走，其他直线几乎不动。",
    },
    "regression.fit_title": {
        "en": "Lines fitted under each loss (outlier moved by {outlier:+g})",
        "zh": "每种损失拟合出的直线（离群点移动了 {outlier:+g}）",
    },
    "regression.points": {"en": "points", "zh": "数据点"},
    "regression.outlier_point": {"en": "outlier", "zh": "离群点"},
    "regression.true_line": {"en": "true line y = 0.5 x + 1", "zh": "真实直线 y = 0.5 x + 1"},
    "regression.fit_caption": {
        "en": (
            "How hard the outlier pulls on each fitted line is its slope dℓ/dŷ there: 2e = {mse_pull:.3g} on the MSE line, "
            "{huber_pull:.3g} on the Huber line (never more than δ = {delta:g}), {smooth_pull:.3g} on the SmoothL1 line "
            "(never more than 1) and {l1_pull:.3g} on the L1 line. So the MSE slope is {mse_slope:.3f} against the true 0.5, "
            "while the Huber slope is {huber_slope:.3f} and the L1 slope {l1_slope:.3f}. Once the outlier is past the "
            "switch point, moving it further does not move the robust lines at all."
        ),
        "zh": (
            "离群点对每条拟合直线的拉力，就是该处的斜率 dℓ/dŷ：对 MSE 直线是 2e = {mse_pull:.3g}，对 Huber 直线是 "
            "{huber_pull:.3g}（绝不超过 δ = {delta:g}），对 SmoothL1 直线是 {smooth_pull:.3g}（绝不超过 1），对 L1 直线是 "
            "{l1_pull:.3g}。所以 MSE 的斜率是 {mse_slope:.3f}（真实值 0.5），而 Huber 的斜率是 {huber_slope:.3f}，"
            "L1 的斜率是 {l1_slope:.3f}。离群点一旦越过切换点，再把它移得更远，稳健损失的直线也完全不动。"
        ),
    },
    "regression.fit_table": {"en": "The fitted lines", "zh": "拟合出的直线"},
    "regression.col_fit_loss": {"en": "loss", "zh": "损失"},
    "regression.col_slope": {"en": "slope a", "zh": "斜率 a"},
    "regression.col_intercept": {"en": "intercept b", "zh": "截距 b"},
    "regression.col_objective": {"en": "mean loss at the fit", "zh": "拟合处的平均损失"},
    "regression.col_outlier_error": {"en": "outlier's error ŷ − y", "zh": "离群点的误差 ŷ − y"},
    "regression.col_outlier_pull": {"en": "outlier's pull dℓ/dŷ", "zh": "离群点的拉力 dℓ/dŷ"},
}
