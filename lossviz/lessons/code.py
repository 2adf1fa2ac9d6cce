"""PyTorch source text for numbers: tensor literals that round-trip exactly, and the lines
that load a batch (inline, or from the batch CSV when it is large).

Lessons that run code (the common mistakes) and every page's snippet write tensors with these.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CSV_NAME",
    "MAX_INLINE_VALUES",
    "batch_loader",
    "tensor_literal",
]


#: Batches with more values than this are loaded from the downloaded CSV instead of inlined.
MAX_INLINE_VALUES = 400


CSV_NAME = "lossviz-batch.csv"


def tensor_literal(values: object, dtype: str = "torch.float64") -> str:
    """Python source for a tensor holding exactly ``values`` (shortest round-tripping floats).

    >>> tensor_literal([[1.3, 1.3, 2.6]])
    'torch.tensor([[1.3, 1.3, 2.6]], dtype=torch.float64)'
    >>> tensor_literal([2, 0], dtype="torch.long")
    'torch.tensor([2, 0], dtype=torch.long)'
    """
    array = np.asarray(values)
    if dtype == "torch.long":
        body = repr(array.astype(np.int64).tolist())
    else:
        body = repr(array.astype(np.float64).tolist())
    return f"torch.tensor({body}, dtype={dtype})"


def batch_loader(logits: np.ndarray, target: np.ndarray | None = None) -> str:
    """Lines that define ``logits`` (and ``target``): inline, or read from the batch CSV."""
    logits = np.asarray(logits)
    if logits.size <= MAX_INLINE_VALUES:
        lines = [f"logits = {tensor_literal(logits)}"]
        if target is not None:
            target = np.asarray(target)
            dtype = "torch.float64" if target.ndim == 2 else "torch.long"
            lines.append(f"target = {tensor_literal(target, dtype)}")
        return "\n".join(lines)
    c = logits.shape[1]
    lines = [
        f"# The batch is large: download it from the page as {CSV_NAME} first.",
        "import numpy as np",
        f"table = np.loadtxt({CSV_NAME!r}, delimiter=',', skiprows=1)",
        f"logits = torch.tensor(table[:, :{c}], dtype=torch.float64)",
    ]
    if target is not None:
        if np.asarray(target).ndim == 2:
            lines.append(f"target = torch.tensor(table[:, {c}:{2 * c}], dtype=torch.float64)")
        else:
            lines.append(f"target = torch.tensor(table[:, {c}], dtype=torch.long)")
    return "\n".join(lines)
