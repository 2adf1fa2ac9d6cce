"""kl_div's argument order, probabilities as its input, 'mean' for 'batchmean', a target that
does not sum to 1.
"""

from __future__ import annotations

import numpy as np
import torch.nn.functional as F

from lossviz.kl import kl_div_calls
from lossviz.lessons.code import tensor_literal
from lossviz.lessons.mistakes.demonstration import Check, Parts, Runner, tensors_setup

__all__ = [
    "KL_P",
    "KL_PARTIAL",
    "KL_Q",
    "kl_div_arguments",
]


#: The kl_div example: target p, the model's q, and a "target" that sums to 0.4.
KL_P = np.array([[0.2, 0.3, 0.5]])


KL_Q = np.array([[0.1, 0.4, 0.5]])


KL_PARTIAL = np.array([[0.1, 0.1, 0.2]])


def kl_div_arguments(ws, logits, labels, weight, sample):
    runner = Runner(ws)
    p = ws.tensor(KL_P)
    q = ws.tensor(KL_Q)
    partial = ws.tensor(KL_PARTIAL)
    wrong = (
        runner.run(
            "kl_swapped",
            'F.kl_div(p.log(), q, reduction="batchmean")',
            lambda: F.kl_div(p.log(), q, reduction="batchmean"),
            note="reverse_kl",
        ),
        runner.run(
            "kl_probabilities",
            'F.kl_div(q, p, reduction="batchmean")',
            lambda: F.kl_div(q, p, reduction="batchmean"),
        ),
        runner.run(
            "kl_mean",
            'F.kl_div(q.log(), p, reduction="mean")',
            lambda: F.kl_div(q.log(), p, reduction="mean"),
        ),
        runner.run(
            "kl_unnormalised",
            'F.kl_div(q.log(), p_partial, reduction="batchmean")',
            lambda: F.kl_div(q.log(), partial, reduction="batchmean"),
        ),
    )
    right = (
        runner.run(
            "kl_batchmean",
            'F.kl_div(q.log(), p, reduction="batchmean")',
            lambda: F.kl_div(q.log(), p, reduction="batchmean"),
        ),
    )
    calls = kl_div_calls(KL_P, np.log(KL_Q))
    n, c = KL_P.shape
    facts = {
        "kl": calls.kl,
        "reverse_kl": calls.reverse_kl,
        "loss_right": right[0].value,
        "loss_swapped": wrong[0].value,
        "loss_probabilities": wrong[1].value,
        "loss_mean": wrong[2].value,
        "loss_partial": wrong[3].value,
        "partial_sum": float(KL_PARTIAL.sum()),
        "samples": n,
        "elements": n * c,
    }
    setup = tensors_setup(
        f"p = {tensor_literal(KL_P)}  # the target distribution",
        f"q = {tensor_literal(KL_Q)}  # the model's distribution",
        f"p_partial = {tensor_literal(KL_PARTIAL)}  # sums to {KL_PARTIAL.sum():g}, not 1",
    )
    check = Check("F.kl_div", calls.kl, right[0].value)
    return Parts(setup, (), wrong, right, (), facts, check)
