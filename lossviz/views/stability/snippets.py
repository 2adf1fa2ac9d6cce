"""PyTorch code for the stability page: one sample's loss and gradient by each route at the
page's scale and dtype, then BCELoss beside BCEWithLogitsLoss."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.code import tensor_literal

__all__ = [
    "ROUTE_CODE",
    "stability_snippet",
]


#: The three routes of the stability page, each as the few lines a learner writes.
ROUTE_CODE = {
    "naive": (
        "e = torch.exp(x)\np = e / e.sum(dim=1, keepdim=True)\nloss = F.nll_loss(torch.log(p), y)"
    ),
    "softmax_log": "q = torch.softmax(x, dim=1)\nloss = F.nll_loss(torch.log(q), y)",
    "fused": "loss = F.cross_entropy(x, y)",
}


def stability_snippet(row: np.ndarray, label: int, scale: float, dtype: str, sample: int) -> str:
    """One sample's loss by the three routes at scale ``s`` in ``dtype``, with their gradients,
    then BCELoss on ``sigmoid(x)`` beside BCEWithLogitsLoss, as the stability page shows them.

    The inf and NaN values appear as PyTorch prints them. Each loss is a variable: ``naive``,
    ``softmax_log``, ``fused``, ``bce``, ``bce_logits``; each gradient ``x1.grad`` ... ``x5.grad``;
    each route's lines are those of ``ROUTE_CODE`` with ``x`` its own copy.
    """
    row = np.asarray(row, dtype=np.float64)
    return "\n".join(
        [
            "import torch",
            "import torch.nn.functional as F",
            "",
            f"dtype = torch.{dtype}  # try torch.{'float64' if dtype == 'float32' else 'float32'}",
            f"z = {tensor_literal(row[None, :], 'dtype')}  # sample {int(sample)}'s logits",
            f"y = torch.tensor([{int(label)}])  # its label",
            f"scale = {float(scale)!r}",
            "x = z * scale",
            "",
            "# 1. The definition, by hand: exp, divide by the sum, log",
            "x1 = x.clone().requires_grad_()",
            "e = torch.exp(x1)",
            "p = e / e.sum(dim=1, keepdim=True)",
            "naive = F.nll_loss(torch.log(p), y)",
            "naive.backward()",
            "",
            "# 2. torch.softmax (stable inside), then torch.log",
            "x2 = x.clone().requires_grad_()",
            "q = torch.softmax(x2, dim=1)",
            "softmax_log = F.nll_loss(torch.log(q), y)",
            "softmax_log.backward()",
            "",
            "# 3. Fused: cross_entropy takes log_softmax with the maximum subtracted",
            "x3 = x.clone().requires_grad_()",
            "fused = F.cross_entropy(x3, y)",
            "fused.backward()",
            "",
            'print("exp(x):", e.tolist())',
            'print("p by hand:", p.tolist())',
            'print("torch.softmax:", q.tolist())',
            "for name, loss, leaf in [",
            '    ("by hand", naive, x1), ("softmax, log", softmax_log, x2), ("fused", fused, x3)',
            "]:",
            '    print(f"{name}: loss {loss.item()}, gradient {leaf.grad.tolist()}")',
            "",
            "# Each class as a yes/no question: BCELoss clamps log at -100, BCEWithLogitsLoss",
            "# never forms sigmoid(x)",
            f"t = F.one_hot(y, num_classes={row.size}).to(dtype)",
            "x4 = x.clone().requires_grad_()",
            'bce = F.binary_cross_entropy(torch.sigmoid(x4), t, reduction="none")',
            "bce.sum().backward()",
            "x5 = x.clone().requires_grad_()",
            'bce_logits = F.binary_cross_entropy_with_logits(x5, t, reduction="none")',
            "bce_logits.sum().backward()",
            'print("sigmoid(x):", torch.sigmoid(x).tolist())',
            'print("BCELoss:", bce.tolist(), "gradient", x4.grad.tolist())',
            'print("BCEWithLogitsLoss:", bce_logits.tolist(), "gradient", x5.grad.tolist())',
        ]
    )
