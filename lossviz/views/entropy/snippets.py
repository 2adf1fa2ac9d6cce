"""PyTorch code for the entropy page: entropy, cross-entropy and KL per sample, the right
``F.kl_div`` call and three wrong ones."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import batch_loader

__all__ = ["entropy_snippet"]


def entropy_snippet(logits: np.ndarray, target: np.ndarray, smoothing: float) -> str:
    """Entropy, cross-entropy and KL per sample, the right ``F.kl_div`` call and three mistakes.

    ``target`` holds class labels (N,) or probability rows (N, C), as the batch does.
    """
    soft = np.asarray(target).ndim == 2
    return "\n".join(
        [
            "import math",
            "",
            "import torch",
            "import torch.nn.functional as F",
            "",
            batch_loader(logits, target),
            f"smoothing = {float(smoothing)!r}",
            "C = logits.shape[1]",
            "",
            "log_q = F.log_softmax(logits, dim=1)  # the model: log q",
            "q = log_q.exp()  # q = softmax(logits)",
            "p = target.clone()  # the target distribution"
            if soft
            else "p = F.one_hot(target, C).to(torch.float64)  # the target distribution",
            "p = (1 - smoothing) * p + smoothing / C  # label smoothing",
            "",
            "# natural logarithms: nats; torch.xlogy takes 0 log 0 = 0",
            "# (+ 0.0 prints 0 rather than -0)",
            "entropy = -torch.xlogy(p, p).sum(dim=1) + 0.0  # H(p)",
            "cross_entropy = -torch.xlogy(p, q).sum(dim=1) + 0.0  # H(p, q)",
            "kl = (torch.xlogy(p, p) - torch.xlogy(p, q)).sum(dim=1)  # KL(p || q)",
            "reverse_kl = (torch.xlogy(q, q) - torch.xlogy(q, p)).sum(dim=1)  # KL(q || p)",
            'print("H(p)      ", entropy)',
            'print("H(p, q)   ", cross_entropy)',
            'print("KL(p||q)  ", kl)',
            'print("KL(q||p)  ", reverse_kl)',
            'print("in bits   ", entropy / math.log(2), cross_entropy / math.log(2), '
            "kl / math.log(2))",
            "",
            "# PyTorch's cross-entropy per sample is H(p) + KL(p || q)",
            "pytorch_ce = F.cross_entropy(logits, target, label_smoothing=smoothing, "
            'reduction="none")',
            'print("F.cross_entropy", pytorch_ce)',
            "",
            "# kl_div: log-probabilities first, the target second; 'batchmean' divides by N",
            'right = F.kl_div(log_q, p, reduction="batchmean")  # the mean KL(p || q)',
            'swapped = F.kl_div(p.log(), q, reduction="batchmean")  # (a) KL(q || p)',
            'as_probs = F.kl_div(q, p, reduction="batchmean")  # (b) probabilities as input',
            'mean = F.kl_div(log_q, p, reduction="mean")  # (c) divides by N * C (and warns)',
            'print("kl_div", right, swapped, as_probs, mean)',
        ]
    )
