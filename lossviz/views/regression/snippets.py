"""PyTorch code for the regression page: the four losses and their gradients on the typed
predictions, and smooth L1 as Huber over beta."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import tensor_literal

__all__ = ["regression_snippet"]


def regression_snippet(
    input: np.ndarray, target: np.ndarray, reduction: str, beta: float, delta: float
) -> str:
    """The four regression losses of the typed predictions ``x`` and targets ``y``, with the
    gradients on ``x`` and the identity SmoothL1(beta) = Huber(delta=beta) / beta.

    It defines ``mse``, ``l1``, ``smooth_l1`` and ``huber`` (the losses as PyTorch returns them),
    ``grads`` (function name -> the gradient on ``x`` that ``backward()`` gives; for 'none', of
    the sum) and ``huber_over_beta`` (``None`` when beta = 0, where smooth L1 is L1).
    """
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        f"x = {tensor_literal(np.asarray(input, dtype=np.float64).ravel())}"
        ".requires_grad_()  # predictions (input)",
        f"y = {tensor_literal(np.asarray(target, dtype=np.float64).ravel())}  # targets",
        f"beta, delta = {float(beta)!r}, {float(delta)!r}",
        "",
        f"mse = F.mse_loss(x, y, reduction={reduction!r})",
        f"l1 = F.l1_loss(x, y, reduction={reduction!r})",
        f"smooth_l1 = F.smooth_l1_loss(x, y, reduction={reduction!r}, beta=beta)",
        f"huber = F.huber_loss(x, y, reduction={reduction!r}, delta=delta)",
        "losses = dict(mse_loss=mse, l1_loss=l1, smooth_l1_loss=smooth_l1, huber_loss=huber)",
        "grads = {}",
        "for name, loss in losses.items():",
        "    print(name, loss.detach())",
        "    (grads[name],) = torch.autograd.grad(loss.sum(), x)  # = x.grad after backward()",
        "    print('  gradient on x:', grads[name])",
        "",
    ]
    if beta > 0:
        lines += [
            "# SmoothL1 with beta is Huber with delta = beta, divided by beta",
            f"huber_over_beta = F.huber_loss(x, y, reduction={reduction!r}, delta=beta) / beta",
            "print(smooth_l1.detach(), huber_over_beta.detach())",
        ]
    else:
        lines += [
            "# beta = 0: smooth_l1_loss is l1_loss (there is no quadratic part)",
            "huber_over_beta = None",
        ]
    return "\n".join(lines)
