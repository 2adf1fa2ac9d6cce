"""PyTorch code for the softmax page: softmax and sigmoid of the batch at temperature T."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import batch_loader

__all__ = ["softmax_snippet"]


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
