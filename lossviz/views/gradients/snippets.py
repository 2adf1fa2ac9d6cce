"""PyTorch code for the gradients page: autograd through ``F.cross_entropy`` beside the
gradient from its formula."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import batch_loader, tensor_literal

__all__ = ["gradients_snippet"]


def gradients_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> str:
    """``loss.backward()`` through ``F.cross_entropy``, then the same gradient from its formula.

    The formula is :math:`(p - t) w_y / d` for labels without smoothing and
    :math:`(p \\sum_c w_c t_c - w \\odot t) / d` otherwise, as the gradients page shows it.
    """
    logits = np.asarray(logits)
    target = np.asarray(target)
    n, c = logits.shape
    soft = target.ndim == 2
    eps = float(label_smoothing)
    ignoring = not soft and 0 <= ignore_index < c
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        "torch.set_printoptions(precision=4, sci_mode=False)  # as the page shows numbers",
        batch_loader(logits, target),
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        "logits.requires_grad_()",
        "loss = F.cross_entropy(",
        f"    logits, target, weight=weight, ignore_index={int(ignore_index)},",
        f"    reduction={reduction!r}, label_smoothing={eps!r},",
        ")",
        "loss.sum().backward()  # 'none' gives one loss per sample: backward() needs their sum"
        if reduction == "none"
        else "loss.backward()",
        "print(loss)",
        "print(logits.grad)",
        "",
        "# The same gradient from its formula",
        "with torch.no_grad():",
        "    p = torch.softmax(logits, dim=1)",
        f"    C = {c}",
    ]
    w = "weight" if weight is not None else "torch.ones(C, dtype=torch.float64)"
    if soft:
        if eps:
            lines.append(f"    t = (1 - {eps!r}) * target + {eps!r} / C  # smoothed soft target")
        else:
            lines.append("    t = target  # class probabilities")
        lines.append(f"    w = {w}")
        if reduction == "mean":
            lines.append(f"    d = {float(n)!r}  # 'mean' with probability targets divides by N")
        else:
            lines.append("    d = 1.0  # 'sum' and 'none' do not divide")
        lines.append("    analytic = (p * (w * t).sum(dim=1, keepdim=True) - w * t) / d")
    else:
        onehot = "F.one_hot(target, num_classes=C).double()"
        if eps:
            lines.append(f"    t = (1 - {eps!r}) * {onehot} + {eps!r} / C  # smoothed target")
        else:
            lines.append(f"    t = {onehot}  # one-hot target")
        lines.append(f"    w = {w}")
        lines.append("    w_y = w[target]  # each sample's weight")
        if ignoring:
            lines.append(f"    kept = target != {int(ignore_index)}")
            lines.append("    w_y = w_y * kept  # ignored samples weigh 0")
            lines.append("    t = t * kept[:, None]  # and have no target")
        if reduction == "mean":
            lines.append("    d = w_y.sum()  # 'mean' divides by the summed weights of the samples")
        else:
            lines.append("    d = 1.0  # 'sum' and 'none' do not divide")
        if eps:
            numerator = "(p * (w * t).sum(dim=1, keepdim=True) - w * t)"
        else:
            numerator = "(p - t) * w_y[:, None]"
        if ignoring and reduction == "mean":
            lines.append(
                f"    analytic = {numerator} / d if d > 0 else torch.zeros_like(p)"
                "  # all ignored: 0"
            )
        else:
            lines.append(f"    analytic = {numerator} / d")
    lines += ["print(analytic)", "print((analytic - logits.grad).abs().max())"]
    return "\n".join(lines)
