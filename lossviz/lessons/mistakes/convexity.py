"""Cross-entropy is convex in the logits, not in a network's weights: the loss along a straight
path between two settings of each.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from lossviz.cross_entropy import cross_entropy
from lossviz.lessons.code import tensor_literal
from lossviz.lessons.mistakes.demonstration import (
    Check,
    Curve,
    Parts,
    Runner,
    Series,
    labels_literal,
    tensors_setup,
)

__all__ = [
    "NET_OUTPUT_SCALE",
    "NET_W1",
    "NET_W2",
    "NET_X",
    "NET_Y",
    "PATH",
    "convex_in_logits_not_weights",
]


#: Positions along a straight path between two settings (the convexity mistake).
PATH = np.linspace(0.0, 1.0, 101)


#: The convexity example: one input feature, two classes, one hidden tanh unit, no biases.
NET_X = np.array([[-2.0], [-1.0], [1.0], [2.0]])


NET_Y = np.array([0, 0, 1, 1])


NET_W1 = np.array([[1.5]])


NET_W2 = np.array([[-2.0], [2.0]])


#: The second setting: the hidden unit's signs flipped (tanh is odd), the output scaled by this.
NET_OUTPUT_SCALE = 1.5


def _net(x: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor) -> torch.Tensor:
    return torch.tanh(x @ w1.T) @ w2.T


def _mean_loss_per_row(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """(T,): ``F.cross_entropy(logits[k], y)`` for each k of (T, N, C) logits."""
    t, n, c = logits.shape
    per_sample = F.cross_entropy(logits.reshape(t * n, c), y.repeat(t), reduction="none")
    return per_sample.reshape(t, n).mean(dim=1)


def convex_in_logits_not_weights(ws, logits, labels, weight, sample):
    runner = Runner(ws)
    x = ws.tensor(NET_X)
    y = ws.labels(NET_Y)
    w1a, w2a = ws.tensor(NET_W1), ws.tensor(NET_W2)
    w1b, w2b = -w1a, -NET_OUTPUT_SCALE * w2a
    za, zb = _net(x, w1a, w2a), _net(x, w1b, w2b)
    reference = (
        runner.run(
            "ends_average",
            "(F.cross_entropy(net(W1a, W2a), y) + F.cross_entropy(net(W1b, W2b), y)) / 2",
            lambda: (F.cross_entropy(za, y) + F.cross_entropy(zb, y)) / 2,
        ),
    )
    wrong = (
        runner.run(
            "weights_midpoint",
            "F.cross_entropy(net((W1a + W1b) / 2, (W2a + W2b) / 2), y)",
            lambda: F.cross_entropy(_net(x, (w1a + w1b) / 2, (w2a + w2b) / 2), y),
            note="above_chord",
        ),
    )
    right = (
        runner.run(
            "logits_midpoint",
            "F.cross_entropy((net(W1a, W2a) + net(W1b, W2b)) / 2, y)",
            lambda: F.cross_entropy((za + zb) / 2, y),
            note="below_chord",
        ),
    )
    loss_a = ws.scalar(F.cross_entropy(za, y))
    loss_b = ws.scalar(F.cross_entropy(zb, y))
    t = ws.tensor(PATH)[:, None, None]
    # (T, N, C) logits along both paths: the weights mixed, or the two networks' logits mixed.
    along_weights = torch.tanh(x @ ((1 - t) * w1a + t * w1b).mT) @ ((1 - t) * w2a + t * w2b).mT
    along_logits = (1 - t) * za + t * zb
    weights_path = ws.numpy(_mean_loss_per_row(along_weights, y))
    logits_path = ws.numpy(_mean_loss_per_row(along_logits, y))
    series = (
        Series(
            "loss",
            "path",
            PATH,
            (
                Curve("weights_path", "wrong", weights_path),
                Curve("logits_path", "right", logits_path),
                Curve("chord", "reference", (1 - PATH) * loss_a + PATH * loss_b),
            ),
            at=0.5,
        ),
    )
    facts = {
        "loss_a": loss_a,
        "loss_b": loss_b,
        "chord": reference[0].value,
        "mid_weights": wrong[0].value,
        "mid_logits": right[0].value,
        "log_classes": math.log(2.0),
    }
    ours = cross_entropy(ws.numpy(za), NET_Y)
    setup = tensors_setup(
        f"x = {tensor_literal(NET_X)}",
        f"y = {labels_literal(NET_Y)}",
        "",
        "def net(W1, W2):  # one hidden tanh unit, no biases",
        "    return torch.tanh(x @ W1.T) @ W2.T",
        "",
        f"W1a, W2a = {tensor_literal(NET_W1)}, {tensor_literal(NET_W2)}",
        f"W1b, W2b = -W1a, -{NET_OUTPUT_SCALE!r} * W2a  # tanh is odd: same classifier, "
        "more confident",
    )
    check = Check("F.cross_entropy", ours.loss, loss_a)
    return Parts(setup, reference, wrong, right, series, facts, check)
