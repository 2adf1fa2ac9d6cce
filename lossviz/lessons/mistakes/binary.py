"""The binary mistakes: BCE targets in {-1, 1}, a sigmoid before BCEWithLogitsLoss."""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from lossviz.binary import binary_cross_entropy_with_logits
from lossviz.lessons.code import tensor_literal
from lossviz.lessons.mistakes.demonstration import (
    Check,
    Parts,
    Runner,
    Series,
    compared,
    sum_gradients,
    tensors_setup,
)

__all__ = [
    "BINARY_LOGITS",
    "bce_targets_minus_one",
    "sigmoid_before_bce_with_logits",
]


#: Logits the binary losses are drawn against (mistakes 4 and 5).
BINARY_LOGITS = np.linspace(-6.0, 6.0, 121)


def _loss_and_slope(ws, grid, wrong, right, at, floor=None) -> tuple[Series, Series]:
    """Two charts along the logits ``grid``: each call's loss, and its derivative in the logit.

    ``wrong`` and ``right`` are ``(case, per-logit losses)`` computed from ``grid``.
    """
    grad_wrong, grad_right = sum_gradients(grid, wrong[1], right[1])
    return (
        compared(ws, "loss", "logit", BINARY_LOGITS, wrong, right, at=at, floor=floor),
        compared(
            ws,
            "grad",
            "logit",
            BINARY_LOGITS,
            (wrong[0], grad_wrong),
            (right[0], grad_right),
            at=at,
        ),
    )


def bce_targets_minus_one(ws, logits, labels, weight, sample):
    x_values = np.array([2.0, -2.0])
    t_values = np.array([1.0, -1.0])
    runner = Runner(ws)
    x = ws.tensor(x_values)
    t = ws.tensor(t_values)
    wrong = (
        runner.run(
            "bce_logits_minus_one",
            "F.binary_cross_entropy_with_logits(logits, target)",
            lambda: F.binary_cross_entropy_with_logits(x, t),
            note="negative_loss",
        ),
        runner.run(
            "bce_minus_one",
            "F.binary_cross_entropy(torch.sigmoid(logits), target)",
            lambda: F.binary_cross_entropy(torch.sigmoid(x), t),
        ),
    )
    right = (
        runner.run(
            "bce_logits_zero_one",
            "F.binary_cross_entropy_with_logits(logits, (target + 1) / 2)",
            lambda: F.binary_cross_entropy_with_logits(x, (t + 1) / 2),
        ),
        runner.run(
            "soft_margin",
            "F.soft_margin_loss(logits, target)",
            lambda: F.soft_margin_loss(x, t),
        ),
    )
    grid = ws.tensor(BINARY_LOGITS, requires_grad=True)
    minus_one = torch.full_like(grid, -1.0)
    loss_wrong = F.binary_cross_entropy_with_logits(grid, minus_one, reduction="none")
    loss_right = F.binary_cross_entropy_with_logits(grid, torch.zeros_like(grid), reduction="none")
    at = float(x_values[1])
    series = _loss_and_slope(
        ws, grid, ("bce_logits_minus_one", loss_wrong), ("bce_logits_zero_one", loss_right), at
    )
    facts = {
        "loss_wrong": wrong[0].value,
        "loss_right": right[0].value,
        "loss_soft_margin": right[1].value,
        "lowest_drawn": float(ws.numpy(loss_wrong).min()),
        "lowest_logit": float(BINARY_LOGITS[0]),
    }
    reference = binary_cross_entropy_with_logits(x_values, (t_values + 1) / 2)
    setup = tensors_setup(
        f"logits = {tensor_literal(x_values)}",
        f"target = {tensor_literal(t_values)}  # labels in {{-1, 1}}",
    )
    check = Check("F.binary_cross_entropy_with_logits", reference.loss, right[0].value)
    return Parts(setup, (), wrong, right, series, facts, check)


def sigmoid_before_bce_with_logits(ws, logits, labels, weight, sample):
    x_values = np.array([3.0])
    t_values = np.array([1.0])
    runner = Runner(ws)
    x = ws.tensor(x_values, requires_grad=True)
    t = ws.tensor(t_values)
    wrong = (
        runner.run(
            "sigmoid_first",
            "F.binary_cross_entropy_with_logits(torch.sigmoid(logits), target)",
            lambda: F.binary_cross_entropy_with_logits(torch.sigmoid(x), t),
            wrt=x,
        ),
    )
    right = (
        runner.run(
            "logits_bce",
            "F.binary_cross_entropy_with_logits(logits, target)",
            lambda: F.binary_cross_entropy_with_logits(x, t),
            wrt=x,
        ),
        runner.run(
            "bce_on_probabilities",
            "F.binary_cross_entropy(torch.sigmoid(logits), target)",
            lambda: F.binary_cross_entropy(torch.sigmoid(x), t),
            wrt=x,
            note="less_stable",
        ),
    )
    grid = ws.tensor(BINARY_LOGITS, requires_grad=True)
    ones = torch.ones_like(grid)
    loss_wrong = F.binary_cross_entropy_with_logits(torch.sigmoid(grid), ones, reduction="none")
    loss_right = F.binary_cross_entropy_with_logits(grid, ones, reduction="none")
    floor = math.log1p(math.exp(-1.0))
    at = float(x_values[0])
    series = _loss_and_slope(
        ws, grid, ("sigmoid_first", loss_wrong), ("logits_bce", loss_right), at, floor
    )
    facts = {
        "loss_wrong": wrong[0].value,
        "loss_right": right[0].value,
        "floor": floor,
        "floor_negative": math.log(2.0),
        "grad_wrong": float(wrong[0].grad[0]),
        "grad_right": float(right[0].grad[0]),
        "logit": at,
    }
    reference = binary_cross_entropy_with_logits(x_values, t_values)
    setup = tensors_setup(
        f"logits = {tensor_literal(x_values)}",
        f"target = {tensor_literal(t_values)}",
        "logits.requires_grad_()  # backward() leaves the gradient in logits.grad",
    )
    check = Check("F.binary_cross_entropy_with_logits", reference.loss, right[0].value)
    return Parts(setup, (), wrong, right, series, facts, check)
