"""The reduction step, on its own: how per-sample losses become one number."""

from __future__ import annotations

import torch

__all__ = ["reduce"]


def reduce(total: torch.Tensor, denominator: torch.Tensor | float, reduction: str) -> torch.Tensor:
    r"""Reduce a summed loss: :math:`\sum_i l_i / d` for a mean, :math:`\sum_i l_i` otherwise.

    ``reduction="none"`` reduces to the sum too: lossviz reports the sum as the one number for it.
    A mean over nothing (``d = 0``, every sample ignored) is NaN, as in PyTorch.

    >>> float(reduce(torch.tensor(3.0), 2.0, "mean"))
    1.5
    >>> float(reduce(torch.tensor(3.0), 2.0, "sum"))
    3.0
    """
    if reduction in ("mean", "batchmean"):
        return total / denominator
    return total
