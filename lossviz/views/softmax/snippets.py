"""Copyable PyTorch code that reproduces the numbers of the softmax and temperature page exactly.

Each snippet is self-contained: it builds the tensors in float64 and calls PyTorch's own
functions. Tests run every snippet and compare its numbers with lossviz's.
"""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import batch_loader

__all__ = [
    "softmax_snippet",
]


def softmax_snippet(logits: np.ndarray, temperature: float) -> str:
    """Softmax and sigmoid of the batch at temperature T, as the softmax page shows them."""
    return "\n".join(
        [
            "import torch",
            "",
            batch_loader(logits),
            f"temperature = {float(temperature)!r}",
            "probs = torch.softmax(logits / temperature, dim=1)  # classes compete: rows sum to 1",
            "sigmoid = torch.sigmoid(logits / temperature)  # each value on its own",
            "print(probs)",
            "print(probs.sum(dim=1))",
        ]
    )
