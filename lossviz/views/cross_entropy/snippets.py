"""PyTorch code for the cross-entropy page: ``F.cross_entropy`` with the page's options,
then the same value built as LogSoftmax + NLL."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import batch_loader, tensor_literal

__all__ = ["cross_entropy_snippet"]


def cross_entropy_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> str:
    """``F.cross_entropy`` with the page's options, then the same value as LogSoftmax + NLL.

    It defines ``loss`` (PyTorch's fused call), ``log_probs``, ``steps`` (the same loss built
    step by step) and, for class labels, ``nll`` (``F.nll_loss`` on the log-probabilities).
    """
    target = np.asarray(target)
    soft = target.ndim == 2
    eps = float(label_smoothing)
    options = f"weight=weight, ignore_index={int(ignore_index)}, reduction={reduction!r}"
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        batch_loader(logits, target),
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        "",
        "loss = F.cross_entropy(",
        f"    logits, target, {options},",
        f"    label_smoothing={eps!r},",
        ")",
        "print(loss)",
    ]
    if reduction == "none":
        lines.append("print(loss.sum())  # 'none' gives one loss per sample; the page adds them")
    lines += [
        "",
        "# Step by step: LogSoftmax through the log-sum-exp, then the negative log-likelihood",
        "lse = torch.logsumexp(logits, dim=1, keepdim=True)",
        "log_probs = logits - lse  # = F.log_softmax(logits, dim=1)",
    ]
    if soft:
        n, c = np.asarray(logits).shape
        w = "weight" if weight is not None else "torch.ones(C, dtype=torch.float64)"
        q = f"(1 - {eps!r}) * target + {eps!r} / C  # smoothed target" if eps else "target"
        lines += [
            "# Probability targets: NLLLoss takes class labels only, so sum over the classes",
            f"C = {c}",
            f"q = {q}",
            f"per_sample = -({w} * q * log_probs).sum(dim=1)",
        ]
        if reduction == "mean":
            lines.append(f"steps = per_sample.sum() / {n}  # 'mean' divides by N here")
        elif reduction == "sum":
            lines.append("steps = per_sample.sum()")
        else:
            lines.append("steps = per_sample")
        lines.append("print(steps)  # equals loss")
        return "\n".join(lines)
    lines += [
        f"nll = F.nll_loss(log_probs, target, {options})",
        "print(nll)  # equals loss" if not eps else "print(nll)  # NLLLoss has no smoothing",
    ]
    if eps:
        lines += [
            "# Smoothing mixes the one-hot target with the uniform one (label_smoothing=1.0)",
            "uniform = F.cross_entropy(",
            f"    logits, target, {options}, label_smoothing=1.0",
            ")",
            f"steps = (1 - {eps!r}) * nll + {eps!r} * uniform",
        ]
    else:
        lines.append("steps = nll")
    lines.append("print(steps)  # equals loss")
    return "\n".join(lines)
