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
}


def note_text(note: Note, lang: str) -> str:
    """The note in ``lang``."""
    if lang == "zh" and note.code in NOTES_ZH:
        try:
            return NOTES_ZH[note.code].format(**note.params)
        except (KeyError, ValueError, IndexError):
            return note.message
    return note.message
