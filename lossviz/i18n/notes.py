"""Learner notes (``lossviz.results.Note``) in Chinese, by their code.

English uses the note's own message. A code without a Chinese text falls back to English.
"""

from __future__ import annotations

from lossviz.results import Note

__all__ = ["NOTES_ZH", "note_text"]

NOTES_ZH: dict[str, str] = {
    "weighted_mean": (
        "使用类别权重时，'mean' 是加权平均 {loss:.4f} = 损失之和 / 目标类别权重之和，"
        "而不是各样本损失的简单平均（{plain_mean:.4f}）。"
    ),
    "ignore_index_is_class": "ignore_index={ignore_index} 是一个真实类别：该类别的所有样本都不计入损失。",
    "all_ignored": "所有样本都被忽略：'mean' 计算 0/0 得到 NaN，'sum' 得到 0，梯度为 0。",
    "nll_not_log_probs": (
        "输入不是对数概率（各行取指数后之和不为 1）：nll_loss 会原样使用它。"
        "请先做 log_softmax，或直接对 logits 使用 cross_entropy。"
    ),
    "negative_loss": "部分样本损失为负：这说明在需要对数概率的地方传入了概率或原始 logits。",
    "soft_target_not_normalized": (
        "目标第 {row} 行不是概率分布（其和为 {sum:.4g}）：PyTorch 仍会算出一个数，但它不是交叉熵，甚至可能为负。"
    ),
    "logits_look_like_probabilities": (
        "每行 logits 都在 [0, 1] 内且和为 1：它们看起来像概率。cross_entropy 自己会做 log_softmax，"
        "提前做 softmax 等于做了两次（损失被压缩，梯度变小）。请传入原始 logits。"
    ),
    "kl_input_not_log_probs": (
        "input 不是对数概率。是不是传入了概率？kl_div 的第一个参数是 log q，第二个参数是 p："
        "kl_div(q.log(), p)，或对 logits 做 log_softmax。"
    ),
    "kl_target_not_normalized": (
        "目标第 {row} 行之和为 {sum:.4g}，不是 1：它不是概率分布，所以结果不是 KL 散度，甚至可能为负。"
    ),
    "kl_mean_not_batchmean": (
        "'mean' 把总和除以全部元素的个数（{numel}），得到 {loss:.4g}：这不是 KL 散度。"
        "每个样本的 KL 是 {kl:.4g}：请使用 reduction='batchmean'（总和 / N）。PyTorch 对此也会给出警告。"
    ),
    "kl_batchmean_1d": (
        "一维输入会被当作 {length} 个样本的批次：'batchmean' 除以它的长度，得到 {loss:.4g}，"
        "而不是这个分布的 KL {kl:.4g}。请把它写成一行 [[...]]。"
    ),
    "bce_log_clamped": (
        "{count} 个概率值恰好为 0 或 1（或与之相差不到 e^-100），且落在错误的一侧：log x 或 log(1 - x) "
        "本应是 -∞，PyTorch 把它截断在 -100。因此一个确定但错误的答案只损失 100（乘以权重），而不是无穷大。"
    ),
    "bce_gradient_clamped": (
        "{count} 个概率值与 0 或 1 的距离小于 1e-12：PyTorch 的梯度除以 max(x (1 - x), 1e-12)，"
        "所以这里的梯度是 (x - y) / 1e-12，最大可达 1e12，并不是精确的导数。改用 logits 版本"
        "（binary_cross_entropy_with_logits）即可避免。"
    ),
    "bce_target_outside_unit_interval": (
        "目标中有 {count} 个值不在 [0, 1] 内（例如 {value:g}）。PyTorch 不做检查，照样算出一个数，"
        "但它不是交叉熵，甚至可能为负。标签是 {{-1, 1}}？请用 (y + 1) / 2 把它们映射到 {{0, 1}}。"
    ),
    "bce_logits_look_like_probabilities": (
        "所有 logits 都在 [0, 1] 内：它们看起来像概率。logits 版本会自己做 sigmoid，提前做一次 sigmoid "
        "就等于做了两次（每个概率都被压进 [0.5, 0.73]，梯度也变小）。请传入原始 logits，"
        "或对概率使用 binary_cross_entropy。"
    ),
    "smooth_l1_beta_zero": "beta=0 时没有二次部分：smooth_l1_loss 就是普通的 L1 损失。",
    "focal_gradient_not_finite": (
        "autograd 给出的梯度中有 {count} 个值为 NaN 或无穷大。当 gamma = {gamma:g} 介于 0 与 1 之间时，"
        "(1 - p_t)^gamma 在 p_t = 1 处无限陡峭；p_t 恰好舍入为 1 的地方，autograd 会计算无穷大乘以 0。"
        "真实的梯度在那里趋于 0（见 analytic_grad）。请使用 gamma = 0 或 gamma >= 1，或避免如此极端的 logits。"
    ),
    "reduction_deprecated": (
        "reduction='elementwise_mean' 是 'mean' 在 PyTorch 中的旧名字：仍然可用，但会给出弃用警告。"
        "请写 reduction='mean'。"
    ),
    "label_smoothing_ignored": (
        "label_smoothing={label_smoothing:g}：PyTorch 只在它大于 0 时才做平滑，所以这里的损失没有平滑（和取 0 一样）。"
    ),
    "non_finite_values": (
        "{name} 中有 {count} 个值为 NaN 或无穷大。PyTorch 照常计算：NaN 会传到损失和它涉及的梯度里，"
        "无穷大也常常在计算中变成 NaN。"
    ),
    "negative_weight": (
        "{name} 中有负值（{value:g}）。PyTorch 会照常计算，但负的权重会把这一部分损失变成对错误的奖励，"
        "这通常不是本意；加权平均甚至可能除以 0 或一个负数。"
    ),
    "pytorch_backward_fails": (
        "PyTorch 能算出这个损失，但随后的 loss.backward() 会报错。这里显示的梯度对应修正后的调用"
        "（英文说明里写了该怎么改）。"
    ),
    "kl_target_negative": (
        "目标中有负值（{value:g}）：概率不会是负数。PyTorch 会对它计算 p log p，结果是 NaN，损失也随之为 NaN。"
        "如果目标是对数概率，请传入 log_target=True。"
    ),
    "kl_broadcast": (
        "input 的形状是 {input_shape}，target 的形状是 {target_shape}：PyTorch 会悄悄地把它们广播到同一形状（不给警告），"
        "而 'batchmean' 仍然除以 input 的第一维。请让两者形状相同。"
    ),
    "regression_broadcast": (
        "input 的形状是 {input_shape}，target 的形状是 {target_shape}：PyTorch 会把它们广播到 {shape}，"
        "在被拉伸的维度上把每个预测和每个目标都比较一次，并给出警告。请让两者形状相同，例如用 .squeeze() 或 .view_as()。"
    ),
    "integer_l1": (
        "input 和 target 都是整数张量：PyTorch 用整数计算这个 L1 损失，窄类型或无符号类型会回绕"
        "（uint8：|1 - 3| = 254），而且整数张量不能求梯度。这里显示的梯度是把同样的数当作实数时的梯度。"
    ),
    "focal_alpha_plain_mean": (
        "使用 alpha 时，这里的 'mean' 是对全部样本的简单平均（{loss:.4f}），与常见的 Focal Loss 代码一致；"
        "而 cross_entropy 的 weight 会除以权重之和（那样得到 {weighted_mean:.4f}）。"
    ),
}


def note_text(note: Note, lang: str) -> str:
    """The note in ``lang``."""
    if lang == "zh" and note.code in NOTES_ZH:
        try:
            return NOTES_ZH[note.code].format(**note.params)
        except (KeyError, ValueError, IndexError):
            return note.message
    return note.message
