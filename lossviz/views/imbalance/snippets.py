"""PyTorch code for the imbalance page: cross-entropy without and with class weights, the
focal loss through ``F.cross_entropy``, and label smoothing."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import batch_loader, tensor_literal

__all__ = ["imbalance_snippet"]


def imbalance_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    reduction: str,
    gamma: float,
    alpha: np.ndarray | None,
    label_smoothing: float,
) -> str:
    """The imbalance page in PyTorch: cross-entropy without and with class weights, the focal
    loss (in its usual formulation through ``F.cross_entropy``) and label smoothing.

    It defines ``plain`` and ``weighted`` (``F.cross_entropy`` without and with ``weight``),
    ``focal`` (the focal loss, reduced like the page's) and ``smoothed``
    (``F.cross_entropy`` with ``label_smoothing``).
    """
    target = np.asarray(target)
    soft = target.ndim == 2
    eps = float(label_smoothing)
    reduce = {"mean": ".mean()", "sum": ".sum()", "none": ""}[reduction]
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        batch_loader(logits, target),
        f"reduction = {reduction!r}",
        "",
        "# 1. Class weights: 'mean' divides by the summed weights of the targets",
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        "plain = F.cross_entropy(logits, target, reduction=reduction)",
        "weighted = F.cross_entropy(logits, target, weight=weight, reduction=reduction)",
        "print(plain, weighted)",
        "",
        "# 2. Focal loss (not in PyTorch itself): alpha[y] * (1 - p_t)^gamma * CE",
        "labels = target.argmax(dim=1)  # the most likely class of each target row"
        if soft
        else "labels = target",
        f"gamma = {float(gamma)!r}",
        f"alpha = {tensor_literal(alpha)}" if alpha is not None else "alpha = None",
        'ce = F.cross_entropy(logits, labels, reduction="none")',
        "p_t = torch.exp(-ce)",
        "per_sample = (1 - p_t) ** gamma * ce",
        "if alpha is not None:",
        "    per_sample = alpha[labels] * per_sample",
        f"focal = per_sample{reduce}  # 'mean' is the plain mean, even with alpha",
        "print(focal)",
        "",
        "# 3. Label smoothing: the true class gets 1 - eps + eps / C, every other class eps / C",
        f"smoothed = F.cross_entropy(logits, target, reduction=reduction, label_smoothing={eps!r})",
        "print(smoothed)",
    ]
    if reduction == "none":
        lines.append("print(weighted.sum(), focal.sum(), smoothed.sum())  # the page adds them")
    return "\n".join(lines)
