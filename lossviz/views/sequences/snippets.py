"""Copyable PyTorch code that reproduces the numbers of the sequences page exactly.

The snippet builds the model's scores as a model gives them out, classes last ((N, T, C) or
(N, H, W, C)), moves the classes to dimension 1 as ``cross_entropy`` wants them, and computes
the loss, each element's loss, the mean over the kept elements beside the naive mean, and the
same loss from the flattened (N T, C) table. A test runs it and compares with lossviz.
"""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import tensor_literal

__all__ = ["elements_snippet"]

#: Per kind: the scores' shape as a model gives them, the move of the classes to dimension 1,
#: and the name of one element's loss.
_LAYOUT = {
    "tokens": ("(N, T, C)", "scores.transpose(1, 2)  # (N, C, T)", "per_token"),
    "pixels": ("(N, H, W, C)", "scores.permute(0, 3, 1, 2)  # (N, C, H, W)", "per_pixel"),
}


def _nested(values: np.ndarray, inner: int, indent: str = "") -> str:
    """A nested list, one line for each block of the ``inner`` last dimensions.

    >>> print(_nested(np.arange(4).reshape(2, 2), 1))
    [
        [0, 1],
        [2, 3],
    ]
    """
    if values.ndim <= inner:
        return repr(values.tolist())
    inside = indent + "    "
    items = [inside + _nested(part, inner, inside) + "," for part in values]
    return "[\n" + "\n".join(items) + "\n" + indent + "]"


def _literal(values: np.ndarray, inner: int, dtype: str) -> str:
    """``torch.tensor(...)`` of ``values``, laid out one row of elements a line."""
    return f"torch.tensor({_nested(values, inner)}, dtype={dtype})"


def elements_snippet(
    kind: str,
    logits: np.ndarray,
    labels: np.ndarray,
    weight: np.ndarray | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> str:
    """``F.cross_entropy`` on the page's (N, C, T) or (N, C, H, W) batch with its options.

    It defines ``scores`` (classes last), ``logits`` (classes in dimension 1), ``target``,
    ``loss`` (the page's call), the per-element losses (``per_token`` or ``per_pixel``),
    ``kept``, ``mean`` (over the kept elements: the 'mean' reduction), ``naive`` (over every
    position) and ``flat`` (the same 'mean' from the flattened table).

    >>> code = elements_snippet("tokens", np.zeros((1, 2, 3)), np.array([[0, 1, -100]]), None,
    ...                         -100, "mean", 0.0)
    >>> "logits = scores.transpose(1, 2)" in code, "naive = per_token.mean()" in code
    (True, True)
    """
    shape, move, name = _LAYOUT[kind]
    scores = np.moveaxis(np.asarray(logits, dtype=np.float64), 1, -1)
    c = scores.shape[-1]
    options = (
        f"weight=weight, ignore_index={int(ignore_index)}, label_smoothing={label_smoothing!r}"
    )
    kept_weight = (
        "weight[target[kept]].sum()  # the kept elements' weights w_y"
        if weight is not None
        else "kept.sum()  # the kept elements"
    )
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        f"# The model's scores, {shape}: one row of C = {c} logits per element",
        f"scores = {_literal(scores, 2, 'torch.float64')}",
        f"target = {_literal(np.asarray(labels, dtype=np.int64), 1, 'torch.long')}",
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        f"logits = {move}",
        "",
        f"loss = F.cross_entropy(logits, target, {options}, reduction={reduction!r})",
        "print(loss)",
        *(
            ["print(loss.sum())  # 'none' gives one loss per element; the page adds them"]
            if reduction == "none"
            else []
        ),
        "",
        f"# One loss per element, 0 where the label is {int(ignore_index)}",
        f"{name} = F.cross_entropy(logits, target, {options}, reduction='none')",
        f"kept = target != {int(ignore_index)}",
        f"mean = {name}.sum() / {kept_weight}",
        f"naive = {name}.mean()  # divides by every position, the ignored ones too",
        "print(mean, naive)  # mean is reduction='mean'",
        "",
        "# The same mean from a flat table: one row of C logits per element",
        f"flat = F.cross_entropy(scores.reshape(-1, {c}), target.reshape(-1), {options})",
        "print(flat)  # equals mean",
    ]
    return "\n".join(lines)
