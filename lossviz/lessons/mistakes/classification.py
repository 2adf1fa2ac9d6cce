"""The multi-class mistakes: softmax before cross_entropy, probabilities into nll_loss, targets
that are not class indices, the weighted mean, ignore_index=-1.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace
from lossviz.cross_entropy import cross_entropy
from lossviz.lessons.mistakes.demonstration import (
    Call,
    Check,
    Curve,
    Parts,
    Runner,
    Series,
    batch_setup,
    compared,
    row_setup,
    sum_gradients,
)

__all__ = [
    "SCALES",
    "ignore_index_minus_one",
    "probabilities_into_nll_loss",
    "softmax_before_cross_entropy",
    "targets_not_class_indices",
    "weighted_mean",
]


#: Logit scales the loss and gradient are drawn against (mistakes 1 and 2); a negative scale
#: turns the example's prediction around, so the chart shows confidently wrong answers too.
SCALES = np.linspace(-5.0, 5.0, 201)


def _scale_rows(ws: Workspace, row: np.ndarray) -> torch.Tensor:
    """(S, C): the row times every scale in ``SCALES``, a leaf for autograd."""
    return ws.tensor(SCALES[:, None] * row[None, :], requires_grad=True)


def softmax_before_cross_entropy(ws, logits, labels, weight, sample):
    row, label = logits[sample], int(labels[sample])
    c = row.shape[0]
    runner = Runner(ws)
    x = ws.tensor(row[None, :], requires_grad=True)
    y = ws.labels(np.array([label]))
    wrong = runner.run(
        "softmax_first",
        "F.cross_entropy(torch.softmax(logits, dim=1), target)",
        lambda: F.cross_entropy(torch.softmax(x, dim=1), y),
        wrt=x,
    )
    right = runner.run(
        "logits", "F.cross_entropy(logits, target)", lambda: F.cross_entropy(x, y), wrt=x
    )

    rows = _scale_rows(ws, row)
    ys = y.expand(rows.shape[0])
    sweep_right = F.cross_entropy(rows, ys, reduction="none")
    sweep_wrong = F.cross_entropy(torch.softmax(rows, dim=1), ys, reduction="none")
    grad_right, grad_wrong = sum_gradients(rows, sweep_right, sweep_wrong)
    # With p in the simplex, -p_y + log(sum_c e^{p_c}) lies between log(1 + (C - 1) / e) (p the
    # one-hot of y) and that plus 1 (p the one-hot of another class).
    floor = math.log1p((c - 1) / math.e)
    grad_norm_right = float(np.linalg.norm(right.grad))
    grad_norm_wrong = float(np.linalg.norm(wrong.grad))
    wrong_case, right_case = "softmax_first", "logits"
    series = (
        compared(
            ws,
            "loss",
            "scale",
            SCALES,
            (wrong_case, sweep_wrong),
            (right_case, sweep_right),
            at=1.0,
            floor=floor,
        ),
        compared(
            ws,
            "grad_norm",
            "scale",
            SCALES,
            (wrong_case, grad_wrong.norm(dim=1)),
            (right_case, grad_right.norm(dim=1)),
            at=1.0,
        ),
    )
    facts = {
        "loss_wrong": wrong.value,
        "loss_right": right.value,
        "grad_norm_wrong": grad_norm_wrong,
        "grad_norm_right": grad_norm_right,
        "shrink": grad_norm_right / grad_norm_wrong if grad_norm_wrong > 0 else math.inf,
        "floor": floor,
        "ceiling": floor + 1.0,
        "classes": c,
        "label": label,
    }
    reference = cross_entropy(row[None, :], [label])
    check = Check("F.cross_entropy", reference.loss, right.value)
    return Parts(
        row_setup(row, label, requires_grad=True), (), (wrong,), (right,), series, facts, check
    )


def probabilities_into_nll_loss(ws, logits, labels, weight, sample):
    row, label = logits[sample], int(labels[sample])
    runner = Runner(ws)
    x = ws.tensor(row[None, :])
    y = ws.labels(np.array([label]))
    wrong = (
        runner.run(
            "nll_probabilities",
            "F.nll_loss(torch.softmax(logits, dim=1), target)",
            lambda: F.nll_loss(torch.softmax(x, dim=1), y),
        ),
        runner.run("nll_logits", "F.nll_loss(logits, target)", lambda: F.nll_loss(x, y)),
    )
    right = (
        runner.run(
            "nll_log_softmax",
            "F.nll_loss(torch.log_softmax(logits, dim=1), target)",
            lambda: F.nll_loss(torch.log_softmax(x, dim=1), y),
        ),
        runner.run(
            "cross_entropy", "F.cross_entropy(logits, target)", lambda: F.cross_entropy(x, y)
        ),
    )
    rows = ws.tensor(SCALES[:, None] * row[None, :])
    ys = y.expand(rows.shape[0])
    series = (
        Series(
            "loss",
            "scale",
            SCALES,
            (
                Curve(
                    "nll_probabilities",
                    "wrong",
                    ws.numpy(F.nll_loss(torch.softmax(rows, dim=1), ys, reduction="none")),
                ),
                Curve("nll_logits", "wrong", ws.numpy(F.nll_loss(rows, ys, reduction="none"))),
                Curve(
                    "nll_log_softmax",
                    "right",
                    ws.numpy(F.nll_loss(torch.log_softmax(rows, dim=1), ys, reduction="none")),
                ),
            ),
            at=1.0,
        ),
    )
    facts = {
        "loss_probabilities": wrong[0].value,
        "loss_logits": wrong[1].value,
        "loss_right": right[0].value,
        "classes": int(row.shape[0]),
        "label": label,
    }
    reference = cross_entropy(row[None, :], [label])
    check = Check("F.nll_loss", reference.loss, right[0].value)
    setup = row_setup(row, label, requires_grad=False)
    return Parts(setup, (), wrong, right, series, facts, check)


def targets_not_class_indices(ws, logits, labels, weight, sample):
    c = logits.shape[1]
    runner = Runner(ws)
    x = ws.tensor(logits)
    y = ws.labels(labels)
    y_from_1 = y + 1
    one_hot = F.one_hot(y, c)
    from_one = runner.run(
        "labels_from_one",
        "F.cross_entropy(logits, target_from_1)",
        lambda: F.cross_entropy(x, y_from_1),
    )
    if not from_one.raised:
        from_one = Call(from_one.case, from_one.code, from_one.value, note="silently_wrong")
    wrong = (
        runner.run(
            "one_hot_long",
            f"F.cross_entropy(logits, F.one_hot(target, {c}))",
            lambda: F.cross_entropy(x, one_hot),
        ),
        runner.run(
            "float_labels",
            "F.cross_entropy(logits, target.float())",
            lambda: F.cross_entropy(x, y.float()),
        ),
        runner.run(
            "nll_one_hot",
            f"F.nll_loss(F.log_softmax(logits, dim=1), F.one_hot(target, {c}).double())",
            lambda: F.nll_loss(F.log_softmax(x, dim=1), one_hot.to(x.dtype)),
        ),
        from_one,
    )
    right = (
        runner.run(
            "class_indices", "F.cross_entropy(logits, target)", lambda: F.cross_entropy(x, y)
        ),
        runner.run(
            "one_hot_float",
            f"F.cross_entropy(logits, F.one_hot(target, {c}).double())",
            lambda: F.cross_entropy(x, one_hot.to(x.dtype)),
            note="probabilities_unweighted",
        ),
        runner.run(
            "labels_shifted_back",
            "F.cross_entropy(logits, target_from_1 - 1)",
            lambda: F.cross_entropy(x, y_from_1 - 1),
        ),
    )
    facts = {
        "loss_right": right[0].value,
        "loss_from_one": math.nan if from_one.value is None else from_one.value,
        "classes": c,
        "last_class": c - 1,
        "samples": int(labels.shape[0]),
    }
    reference = cross_entropy(logits, labels)
    setup = batch_setup(
        logits, labels, None, "target_from_1 = target + 1  # the same labels, numbered 1..C"
    )
    check = Check("F.cross_entropy", reference.loss, right[0].value)
    return Parts(setup, (), wrong, right, (), facts, check)


def weighted_mean(ws, logits, labels, weight, sample):
    c = logits.shape[1]
    runner = Runner(ws)
    x = ws.tensor(logits)
    y = ws.labels(labels)
    w = ws.tensor(weight)
    one_hot = F.one_hot(y, c).to(x.dtype)
    wrong = (
        runner.run(
            "weighted_one_hot",
            f"F.cross_entropy(logits, F.one_hot(target, {c}).double(), weight=weight)",
            lambda: F.cross_entropy(x, one_hot, weight=w),
        ),
    )
    right = (
        runner.run(
            "weighted_indices",
            "F.cross_entropy(logits, target, weight=weight)",
            lambda: F.cross_entropy(x, y, weight=w),
        ),
        runner.run(
            "weighted_one_hot_rescaled",
            f"F.cross_entropy(logits, F.one_hot(target, {c}).double(), weight=weight, "
            'reduction="sum") / weight[target].sum()',
            lambda: F.cross_entropy(x, one_hot, weight=w, reduction="sum") / w[y].sum(),
        ),
    )
    total = F.cross_entropy(x, y, weight=w, reduction="sum")
    facts = {
        "loss_index": right[0].value,
        "loss_one_hot": wrong[0].value,
        "weighted_sum": ws.scalar(total),
        "weight_total": ws.scalar(w[y].sum()),
        "samples": int(labels.shape[0]),
        "classes": c,
    }
    reference = cross_entropy(logits, labels, weight=weight)
    check = Check("F.cross_entropy", reference.loss, right[0].value)
    return Parts(batch_setup(logits, labels, weight), (), wrong, right, (), facts, check)


def ignore_index_minus_one(ws, logits, labels, weight, sample):
    c = logits.shape[1]
    last = c - 1
    runner = Runner(ws)
    x = ws.tensor(logits)
    y = ws.labels(labels)
    y_skip = torch.where(y == last, -1, y)
    reference = (
        runner.run("no_ignore", "F.cross_entropy(logits, target)", lambda: F.cross_entropy(x, y)),
    )
    wrong = (
        runner.run(
            "ignore_minus_one",
            "F.cross_entropy(logits, target, ignore_index=-1)",
            lambda: F.cross_entropy(x, y, ignore_index=-1),
            note="nothing_ignored",
        ),
        runner.run(
            "minus_one_labels_default",
            "F.cross_entropy(logits, target_skip)",
            lambda: F.cross_entropy(x, y_skip),
        ),
    )
    right = (
        runner.run(
            "ignore_last_class",
            f"F.cross_entropy(logits, target, ignore_index={last})",
            lambda: F.cross_entropy(x, y, ignore_index=last),
        ),
        runner.run(
            "minus_one_labels_ignored",
            "F.cross_entropy(logits, target_skip, ignore_index=-1)",
            lambda: F.cross_entropy(x, y_skip, ignore_index=-1),
        ),
    )
    per_wrong = F.cross_entropy(x, y, ignore_index=-1, reduction="none")
    per_right = F.cross_entropy(x, y, ignore_index=last, reduction="none")
    series = (
        compared(
            ws,
            "per_sample_loss",
            "sample",
            np.arange(labels.shape[0]),
            ("ignore_minus_one", per_wrong),
            ("ignore_last_class", per_right),
            labels=labels,
        ),
    )
    ignored = int((labels == last).sum())
    facts = {
        "loss_plain": reference[0].value,
        "loss_wrong": wrong[0].value,
        "loss_right": right[0].value,
        "last_class": last,
        "ignored": ignored,
        "kept": int(labels.shape[0]) - ignored,
        "samples": int(labels.shape[0]),
        "classes": c,
    }
    ours = cross_entropy(logits, labels, ignore_index=last)
    setup = batch_setup(
        logits,
        labels,
        None,
        f"target_skip = torch.where(target == {last}, -1, target)  # class {last} marked -1",
    )
    check = Check("F.cross_entropy", ours.loss, right[0].value)
    return Parts(setup, reference, wrong, right, series, facts, check)
