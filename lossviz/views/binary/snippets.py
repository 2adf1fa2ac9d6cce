"""PyTorch code for the binary page: BCEWithLogitsLoss on the logits, BCELoss on their
sigmoid, with the page's targets, weights and reduction, and the sigmoid taken twice."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import batch_loader, tensor_literal

__all__ = ["binary_snippet"]


def binary_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    pos_weight: np.ndarray | None,
    reduction: str,
    target_in_batch: bool = True,
) -> str:
    """BCEWithLogitsLoss on the logits, BCELoss on their sigmoid, and the sigmoid-twice mistake.

    ``target`` is the batch's class labels (N,), turned into one-hot rows with ``F.one_hot``, or
    an (N, C) table of targets: the batch's own (``target_in_batch``, read with the batch) or
    typed on the page (always inlined). It defines ``loss`` (``binary_cross_entropy_with_logits``),
    ``probs``, ``bce`` (``binary_cross_entropy`` on ``probs``; ``None`` when a target lies outside
    [0, 1], which BCELoss refuses) and ``twice`` (the logits version on ``probs``).
    """
    target = np.asarray(target)
    c = np.asarray(logits).shape[1]
    lines = ["import torch", "import torch.nn.functional as F", ""]
    if target_in_batch:
        lines.append(batch_loader(logits, target))
    else:
        lines += [batch_loader(logits), f"target = {tensor_literal(target)}"]
    if target.ndim == 1:
        lines.append(
            f"target = F.one_hot(target, num_classes={c}).to(torch.float64)"
            "  # one yes/no target per class"
        )
    lines += [
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        f"pos_weight = {tensor_literal(pos_weight)}  # multiplies the y = 1 term"
        if pos_weight is not None
        else "pos_weight = None",
        "",
        "# BCEWithLogitsLoss: on the logits, stable (a log-sigmoid inside)",
        "loss = F.binary_cross_entropy_with_logits(",
        f"    logits, target, weight=weight, pos_weight=pos_weight, reduction={reduction!r}",
        ")",
        "print(loss)",
    ]
    if reduction == "none":
        lines.append("print(loss.sum())  # 'none' gives one loss per element; the page adds them")
    lines += [
        "",
        "# BCELoss: on probabilities, as a model with a sigmoid output gives them (no pos_weight)",
        "probs = torch.sigmoid(logits)",
    ]
    if target.ndim == 2 and bool(((target < 0) | (target > 1)).any()):
        lines += [
            "# A target lies outside [0, 1]: F.binary_cross_entropy refuses it (an error)",
            "bce = None",
        ]
    else:
        lines += [
            f"bce = F.binary_cross_entropy(probs, target, weight=weight, reduction={reduction!r})",
            "print(bce)",
        ]
    lines += [
        "",
        "# The mistake: a sigmoid before BCEWithLogitsLoss applies it twice",
        "twice = F.binary_cross_entropy_with_logits(",
        f"    probs, target, weight=weight, pos_weight=pos_weight, reduction={reduction!r}",
        ")",
        "print(twice)",
    ]
    return "\n".join(lines)
