r"""Common mistakes with PyTorch's classification losses, each run live beside its right version.

Every mistake has a stable code (one of ``MISTAKES``) and a ``Demonstration``: the wrong calls
as code and what PyTorch gave for each (a value, a warning, or the exception it raised, as
text), the right calls and their values, and the numbers a chart draws (``Series``). Every
value comes from running exactly those PyTorch calls, in float64 where the device has it; the
tests run the code texts themselves and compare.

The mistakes, each seen in public issue trackers and tutorials:

- ``softmax_before_cross_entropy``: ``cross_entropy`` applies ``log_softmax`` itself, so a
  softmax before it squashes the logits into [0, 1]: the loss cannot fall below
  :math:`\log(1 + (C - 1)/e)` and the gradients shrink.
- ``probabilities_into_nll_loss``: ``nll_loss`` returns :math:`-x_y` of whatever it is given;
  probabilities or logits give a negative "loss".
- ``targets_not_class_indices``: one-hot (integer) targets, float labels, labels numbered 1..C.
- ``bce_targets_minus_one``: BCE targets in {-1, 1}: ``binary_cross_entropy`` refuses them,
  ``binary_cross_entropy_with_logits`` returns a loss that is unbounded below.
- ``sigmoid_before_bce_with_logits``: a double sigmoid: the loss cannot fall below
  :math:`\log(1 + e^{-1})` for a positive target.
- ``kl_div_arguments``: the argument order of ``kl_div``, probabilities as its input,
  ``'mean'`` instead of ``'batchmean'``, a target that does not sum to 1.
- ``weighted_mean_index_vs_probabilities``: with class weights, index targets divide by
  :math:`\sum_i w_{y_i}`, one-hot probability targets by :math:`N`.
- ``ignore_index_minus_one``: ``ignore_index=-1`` drops the samples labelled -1, not the last
  class :math:`C - 1`.
- ``convex_in_logits_not_weights``: cross-entropy is convex in the logits, not in a network's
  weights.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace
from lossviz.binary import binary_cross_entropy_with_logits
from lossviz.cross_entropy import cross_entropy
from lossviz.errors import InputError
from lossviz.kl import kl_div_calls
from lossviz.results import AGREEMENT_TOLERANCE
from lossviz.snippets import batch_loader, tensor_literal
from lossviz.validation import as_class_indices, as_class_weight, as_logit_matrix

__all__ = [
    "BATCH_MISTAKES",
    "MISTAKES",
    "SAMPLE_MISTAKES",
    "Call",
    "Check",
    "Curve",
    "Demonstration",
    "Series",
    "batch_problem",
    "demonstrate",
]

#: The mistakes, in the order the page lists them.
MISTAKES = (
    "softmax_before_cross_entropy",
    "probabilities_into_nll_loss",
    "targets_not_class_indices",
    "bce_targets_minus_one",
    "sigmoid_before_bce_with_logits",
    "kl_div_arguments",
    "weighted_mean_index_vs_probabilities",
    "ignore_index_minus_one",
    "convex_in_logits_not_weights",
)

#: Mistakes shown on one sample (a row) of a batch.
SAMPLE_MISTAKES = ("softmax_before_cross_entropy", "probabilities_into_nll_loss")

#: Mistakes that can run on a person's batch (index targets); the others use their own example.
BATCH_MISTAKES = (
    *SAMPLE_MISTAKES,
    "targets_not_class_indices",
    "weighted_mean_index_vs_probabilities",
    "ignore_index_minus_one",
)

#: The canonical examples: logits, labels and class weights.
EXAMPLES: dict[str, tuple[list, list, list | None]] = {
    "softmax_before_cross_entropy": ([[2.0, 1.0, -1.0]], [0], None),
    "probabilities_into_nll_loss": ([[2.0, 1.0, -1.0]], [0], None),
    "targets_not_class_indices": ([[1.3, 1.3, 2.6], [2.0, 1.0, -1.0]], [2, 0], None),
    "weighted_mean_index_vs_probabilities": (
        [[2.3, 2.1, 4.5], [4.2, 3.2, 5.1]],
        [1, 2],
        [25.0, 25.0, 100.0],
    ),
    "ignore_index_minus_one": (
        [[1.3, 1.3, 2.6], [2.0, 1.0, -1.0], [0.5, 2.0, 0.1]],
        [2, 0, 1],
        None,
    ),
}

#: Logit scales the loss and gradient are drawn against (mistakes 1 and 2); a negative scale
#: turns the example's prediction around, so the chart shows confidently wrong answers too.
SCALES = np.linspace(-5.0, 5.0, 201)
#: Logits the binary losses are drawn against (mistakes 4 and 5).
BINARY_LOGITS = np.linspace(-6.0, 6.0, 121)
#: Positions along a straight path between two settings (the convexity mistake).
PATH = np.linspace(0.0, 1.0, 101)

_IMPORTS = "import torch\nimport torch.nn.functional as F\n"


@dataclass(frozen=True, eq=False)
class Call:
    """One PyTorch call as a learner writes it, and what PyTorch gave back.

    Attributes:
        case: a stable name of the call within its mistake (for labels and translations).
        code: the call as Python code: an expression, run after the demonstration's setup.
        value: the number it returned; None when it raised.
        error: ``"IndexError: Target 3 is out of bounds."``: the exception PyTorch raised (its
            type and the first line of its message), None when it returned.
        warning: the first line of a warning PyTorch gave, or None.
        grad: the gradient ``backward()`` leaves on the demonstration's logits, where the page
            shows it; None elsewhere.
        note: the code of a remark on this call's result (for translations), or None.
    """

    case: str
    code: str
    value: float | None = None
    error: str | None = None
    warning: str | None = None
    grad: np.ndarray | None = None
    note: str | None = None

    @property
    def raised(self) -> bool:
        return self.error is not None


@dataclass(frozen=True, eq=False)
class Curve:
    """One line (or set of bars) of a chart: a call's quantity along the swept variable.

    ``role`` is ``"wrong"``, ``"right"`` or ``"reference"`` (a bound or a chord to compare with).
    """

    case: str
    role: str
    y: np.ndarray


@dataclass(frozen=True, eq=False)
class Series:
    """The numbers one chart draws.

    Attributes:
        quantity: what the curves are: ``"loss"``, ``"grad_norm"`` (the gradient's length on
            the logits), ``"grad"`` (the derivative on one logit) or ``"per_sample_loss"``.
        variable: what ``x`` is: ``"scale"`` (the logits times s), ``"logit"``, ``"path"``
            (the position t along a straight path) or ``"sample"`` (sample indices: bars).
        x: the swept values.
        curves: the lines, wrong ones first.
        at: where the demonstration's own input sits on ``x`` (None for bars).
        floor: a bound the wrong curve never goes below, or None.
        labels: for bars over samples, each sample's label; else None.
    """

    quantity: str
    variable: str
    x: np.ndarray
    curves: tuple[Curve, ...]
    at: float | None = None
    floor: float | None = None
    labels: np.ndarray | None = None


@dataclass(frozen=True)
class Check:
    """The right call's value from PyTorch beside lossviz's step-by-step value of it."""

    function: str
    ours: float
    theirs: float

    @property
    def difference(self) -> float:
        return abs(self.ours - self.theirs)

    @property
    def agrees(self) -> bool:
        return math.isclose(
            self.ours, self.theirs, rel_tol=AGREEMENT_TOLERANCE, abs_tol=AGREEMENT_TOLERANCE
        )


@dataclass(frozen=True, eq=False)
class Demonstration:
    """One mistake, live: the calls, PyTorch's answers, and what the page charts.

    Attributes:
        mistake: its code, one of ``MISTAKES``.
        source: ``"example"`` (the mistake's own example) or ``"batch"`` (the person's batch).
        sample: the batch sample shown, for the mistakes shown on one sample; else None.
        setup: Python code that builds the tensors the calls use.
        reference: calls both sides compare with (e.g. the loss without ``ignore_index``).
        wrong: the mistaken calls.
        right: the right calls.
        series: what the charts draw.
        facts: named numbers the explanation quotes (losses, bounds, counts).
        check: the right value against lossviz's step-by-step computation of it.
    """

    mistake: str
    source: str
    sample: int | None
    setup: str
    reference: tuple[Call, ...]
    wrong: tuple[Call, ...]
    right: tuple[Call, ...]
    series: tuple[Series, ...]
    facts: dict = field(compare=False)
    check: Check | None = None

    @property
    def calls(self) -> tuple[Call, ...]:
        return (*self.reference, *self.wrong, *self.right)

    def call(self, case: str) -> Call:
        """The call named ``case``."""
        for call in self.calls:
            if call.case == case:
                return call
        raise KeyError(case)


def _first_line(text: str) -> str:
    lines = str(text).strip().splitlines()
    return lines[0].strip() if lines else ""


class _Runner:
    """Runs PyTorch calls, keeping what each returned, warned or raised."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def run(
        self,
        case: str,
        code: str,
        compute: Callable[[], torch.Tensor],
        wrt: torch.Tensor | None = None,
        note: str | None = None,
    ) -> Call:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out = compute()
            except (RuntimeError, IndexError, ValueError) as error:
                message = f"{type(error).__name__}: {_first_line(str(error))}"
                return Call(case, code, error=message, note=note)
        warning = _first_line(str(caught[0].message)) if caught else None
        grad = None
        if wrt is not None:
            (grad_t,) = torch.autograd.grad(out, wrt)
            grad = self.ws.numpy(grad_t)
        return Call(case, code, self.ws.scalar(out), None, warning, grad, note)


def _check_mistake(mistake: str) -> None:
    if mistake not in MISTAKES:
        raise InputError(f"mistake must be one of {', '.join(MISTAKES)}; got {mistake!r}")


def batch_problem(
    mistake: str, logits: object, target: object, weight: object | None = None
) -> str | None:
    """Why a batch cannot show ``mistake`` (a stable reason code), or None when it can.

    Reasons: ``"example_only"`` (the mistake has its own example only), ``"soft_target"``
    (class labels are needed), ``"no_weight"`` (class weights are needed),
    ``"no_difference"`` (the labels' weights add up to N, so both means agree),
    ``"no_last_class"`` (no sample of the last class), ``"only_last_class"`` (every sample is
    of the last class, so ignoring it leaves nothing).

    >>> batch_problem("ignore_index_minus_one", [[1.3, 1.3, 2.6]], [2])
    'only_last_class'
    >>> batch_problem("softmax_before_cross_entropy", [[1.3, 1.3, 2.6]], [2]) is None
    True
    """
    _check_mistake(mistake)
    if mistake not in BATCH_MISTAKES:
        return "example_only"
    target_array = np.asarray(target)
    if target_array.ndim != 1:
        return "soft_target"
    num_classes = np.asarray(logits).shape[-1]
    labels = target_array.astype(np.int64)
    if mistake == "weighted_mean_index_vs_probabilities":
        if weight is None:
            return "no_weight"
        total = float(np.asarray(weight, dtype=np.float64)[labels].sum())
        if math.isclose(total, labels.shape[0], rel_tol=1e-12):
            return "no_difference"
    if mistake == "ignore_index_minus_one":
        last = labels == num_classes - 1
        if not last.any():
            return "no_last_class"
        if last.all():
            return "only_last_class"
    return None


def _inputs(
    mistake: str, logits: object, target: object, weight: object | None
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None, str]:
    """The logits, labels and weights to run on, and where they come from; None for the
    mistakes that build their own tensors."""
    if logits is None:
        if mistake not in EXAMPLES:
            return None, None, None, "example"
        example_logits, example_target, example_weight = EXAMPLES[mistake]
        return (
            np.asarray(example_logits, dtype=np.float64),
            np.asarray(example_target, dtype=np.int64),
            None if example_weight is None else np.asarray(example_weight, dtype=np.float64),
            "example",
        )
    matrix = as_logit_matrix(logits)
    n, c = matrix.shape
    problem = batch_problem(mistake, matrix, np.asarray(target), weight)
    if problem is not None:
        raise InputError(f"this batch cannot show {mistake}: {problem.replace('_', ' ')}")
    return matrix, as_class_indices(target, n, c), as_class_weight(weight, c), "batch"


def _labels_literal(labels: np.ndarray) -> str:
    return tensor_literal(labels, dtype="torch.long")


def _row_setup(row: np.ndarray, label: int, requires_grad: bool) -> str:
    lines = [
        _IMPORTS,
        f"logits = {tensor_literal(row[None, :])}",
        f"target = {_labels_literal(np.array([label]))}",
    ]
    if requires_grad:
        lines.append("logits.requires_grad_()  # backward() leaves the gradient in logits.grad")
    return "\n".join(lines)


def _scale_rows(ws: Workspace, row: np.ndarray) -> torch.Tensor:
    """(S, C): the row times every scale in ``SCALES``, a leaf for autograd."""
    return ws.tensor(SCALES[:, None] * row[None, :], requires_grad=True)


def _softmax_before_cross_entropy(ws, logits, labels, weight, sample):
    row, label = logits[sample], int(labels[sample])
    c = row.shape[0]
    runner = _Runner(ws)
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
    (grad_right,) = torch.autograd.grad(sweep_right.sum(), rows)
    (grad_wrong,) = torch.autograd.grad(sweep_wrong.sum(), rows)
    # With p in the simplex, -p_y + log(sum_c e^{p_c}) lies between log(1 + (C - 1) / e) (p the
    # one-hot of y) and that plus 1 (p the one-hot of another class).
    floor = math.log1p((c - 1) / math.e)
    grad_norm_right = float(np.linalg.norm(right.grad))
    grad_norm_wrong = float(np.linalg.norm(wrong.grad))
    series = (
        Series(
            "loss",
            "scale",
            SCALES,
            (
                Curve("softmax_first", "wrong", ws.numpy(sweep_wrong)),
                Curve("logits", "right", ws.numpy(sweep_right)),
            ),
            at=1.0,
            floor=floor,
        ),
        Series(
            "grad_norm",
            "scale",
            SCALES,
            (
                Curve("softmax_first", "wrong", ws.numpy(grad_wrong.norm(dim=1))),
                Curve("logits", "right", ws.numpy(grad_right.norm(dim=1))),
            ),
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
    return (
        _row_setup(row, label, requires_grad=True),
        (),
        (wrong,),
        (right,),
        series,
        facts,
        Check("F.cross_entropy", reference.loss, right.value),
    )


def _probabilities_into_nll_loss(ws, logits, labels, weight, sample):
    row, label = logits[sample], int(labels[sample])
    runner = _Runner(ws)
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
    return (
        _row_setup(row, label, requires_grad=False),
        (),
        wrong,
        right,
        series,
        facts,
        Check("F.nll_loss", reference.loss, right[0].value),
    )


def _batch_setup(logits: np.ndarray, labels: np.ndarray, weight: np.ndarray | None, *extra) -> str:
    lines = [_IMPORTS, batch_loader(logits, labels)]
    if weight is not None:
        lines.append(f"weight = {tensor_literal(weight)}")
    lines.extend(extra)
    return "\n".join(lines)


def _targets_not_class_indices(ws, logits, labels, weight, sample):
    c = logits.shape[1]
    runner = _Runner(ws)
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
    setup = _batch_setup(
        logits, labels, None, "target_from_1 = target + 1  # the same labels, numbered 1..C"
    )
    return (
        setup,
        (),
        wrong,
        right,
        (),
        facts,
        Check("F.cross_entropy", reference.loss, right[0].value),
    )


def _bce_targets_minus_one(ws, logits, labels, weight, sample):
    x_values = np.array([2.0, -2.0])
    t_values = np.array([1.0, -1.0])
    runner = _Runner(ws)
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
    (grad_wrong,) = torch.autograd.grad(loss_wrong.sum(), grid)
    (grad_right,) = torch.autograd.grad(loss_right.sum(), grid)
    at = float(x_values[1])
    series = (
        Series(
            "loss",
            "logit",
            BINARY_LOGITS,
            (
                Curve("bce_logits_minus_one", "wrong", ws.numpy(loss_wrong)),
                Curve("bce_logits_zero_one", "right", ws.numpy(loss_right)),
            ),
            at=at,
        ),
        Series(
            "grad",
            "logit",
            BINARY_LOGITS,
            (
                Curve("bce_logits_minus_one", "wrong", ws.numpy(grad_wrong)),
                Curve("bce_logits_zero_one", "right", ws.numpy(grad_right)),
            ),
            at=at,
        ),
    )
    facts = {
        "loss_wrong": wrong[0].value,
        "loss_right": right[0].value,
        "loss_soft_margin": right[1].value,
        "lowest_drawn": float(ws.numpy(loss_wrong).min()),
        "lowest_logit": float(BINARY_LOGITS[0]),
    }
    reference = binary_cross_entropy_with_logits(x_values, (t_values + 1) / 2)
    setup = "\n".join(
        [
            _IMPORTS,
            f"logits = {tensor_literal(x_values)}",
            f"target = {tensor_literal(t_values)}  # labels in {{-1, 1}}",
        ]
    )
    return (
        setup,
        (),
        wrong,
        right,
        series,
        facts,
        Check("F.binary_cross_entropy_with_logits", reference.loss, right[0].value),
    )


def _sigmoid_before_bce_with_logits(ws, logits, labels, weight, sample):
    x_values = np.array([3.0])
    t_values = np.array([1.0])
    runner = _Runner(ws)
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
    (grad_wrong,) = torch.autograd.grad(loss_wrong.sum(), grid)
    (grad_right,) = torch.autograd.grad(loss_right.sum(), grid)
    floor = math.log1p(math.exp(-1.0))
    at = float(x_values[0])
    series = (
        Series(
            "loss",
            "logit",
            BINARY_LOGITS,
            (
                Curve("sigmoid_first", "wrong", ws.numpy(loss_wrong)),
                Curve("logits_bce", "right", ws.numpy(loss_right)),
            ),
            at=at,
            floor=floor,
        ),
        Series(
            "grad",
            "logit",
            BINARY_LOGITS,
            (
                Curve("sigmoid_first", "wrong", ws.numpy(grad_wrong)),
                Curve("logits_bce", "right", ws.numpy(grad_right)),
            ),
            at=at,
        ),
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
    setup = "\n".join(
        [
            _IMPORTS,
            f"logits = {tensor_literal(x_values)}",
            f"target = {tensor_literal(t_values)}",
            "logits.requires_grad_()  # backward() leaves the gradient in logits.grad",
        ]
    )
    return (
        setup,
        (),
        wrong,
        right,
        series,
        facts,
        Check("F.binary_cross_entropy_with_logits", reference.loss, right[0].value),
    )


#: The kl_div example: target p, the model's q, and a "target" that sums to 0.4.
KL_P = np.array([[0.2, 0.3, 0.5]])
KL_Q = np.array([[0.1, 0.4, 0.5]])
KL_PARTIAL = np.array([[0.1, 0.1, 0.2]])


def _kl_div_arguments(ws, logits, labels, weight, sample):
    runner = _Runner(ws)
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
    setup = "\n".join(
        [
            _IMPORTS,
            f"p = {tensor_literal(KL_P)}  # the target distribution",
            f"q = {tensor_literal(KL_Q)}  # the model's distribution",
            f"p_partial = {tensor_literal(KL_PARTIAL)}  # sums to {KL_PARTIAL.sum():g}, not 1",
        ]
    )
    return setup, (), wrong, right, (), facts, Check("F.kl_div", calls.kl, right[0].value)


def _weighted_mean(ws, logits, labels, weight, sample):
    c = logits.shape[1]
    runner = _Runner(ws)
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
    return (
        _batch_setup(logits, labels, weight),
        (),
        wrong,
        right,
        (),
        facts,
        Check("F.cross_entropy", reference.loss, right[0].value),
    )


def _ignore_index_minus_one(ws, logits, labels, weight, sample):
    c = logits.shape[1]
    last = c - 1
    runner = _Runner(ws)
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
        Series(
            "per_sample_loss",
            "sample",
            np.arange(labels.shape[0]),
            (
                Curve("ignore_minus_one", "wrong", ws.numpy(per_wrong)),
                Curve("ignore_last_class", "right", ws.numpy(per_right)),
            ),
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
    check = cross_entropy(logits, labels, ignore_index=last)
    setup = _batch_setup(
        logits,
        labels,
        None,
        f"target_skip = torch.where(target == {last}, -1, target)  # class {last} marked -1",
    )
    return (
        setup,
        reference,
        wrong,
        right,
        series,
        facts,
        Check("F.cross_entropy", check.loss, right[0].value),
    )


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


def _convex_in_logits_not_weights(ws, logits, labels, weight, sample):
    runner = _Runner(ws)
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
    check = cross_entropy(ws.numpy(za), NET_Y)
    setup = "\n".join(
        [
            _IMPORTS,
            f"x = {tensor_literal(NET_X)}",
            f"y = {_labels_literal(NET_Y)}",
            "",
            "def net(W1, W2):  # one hidden tanh unit, no biases",
            "    return torch.tanh(x @ W1.T) @ W2.T",
            "",
            f"W1a, W2a = {tensor_literal(NET_W1)}, {tensor_literal(NET_W2)}",
            f"W1b, W2b = -W1a, -{NET_OUTPUT_SCALE!r} * W2a  # tanh is odd: same classifier, "
            "more confident",
        ]
    )
    return (
        setup,
        reference,
        wrong,
        right,
        series,
        facts,
        Check("F.cross_entropy", check.loss, loss_a),
    )


_BUILDERS = {
    "softmax_before_cross_entropy": _softmax_before_cross_entropy,
    "probabilities_into_nll_loss": _probabilities_into_nll_loss,
    "targets_not_class_indices": _targets_not_class_indices,
    "bce_targets_minus_one": _bce_targets_minus_one,
    "sigmoid_before_bce_with_logits": _sigmoid_before_bce_with_logits,
    "kl_div_arguments": _kl_div_arguments,
    "weighted_mean_index_vs_probabilities": _weighted_mean,
    "ignore_index_minus_one": _ignore_index_minus_one,
    "convex_in_logits_not_weights": _convex_in_logits_not_weights,
}

#: Mistakes whose calls may index out of bounds: run on the CPU, where PyTorch raises an
#: IndexError with a message; on a GPU the same call trips a device-side assert that leaves
#: the whole CUDA context unusable.
_CPU_ONLY = ("targets_not_class_indices", "ignore_index_minus_one")


def demonstrate(
    mistake: str,
    logits: object | None = None,
    target: object | None = None,
    weight: object | None = None,
    sample: int = 0,
) -> Demonstration:
    r"""Run ``mistake`` live: the wrong calls, the right calls, and what the page charts.

    Without ``logits`` the mistake runs on its own example (the issue's: logits
    :math:`[2, 1, -1]`, label 0 for the double softmax). With a batch (``logits`` (N, C),
    ``target`` (N,) class labels, optional (C,) ``weight``) the mistakes in ``BATCH_MISTAKES``
    run on it, one sample (``sample``) for those in ``SAMPLE_MISTAKES``.

    Every value is what PyTorch returned for the call's code; an exception PyTorch raised is
    kept as text (``Call.error``), never raised.

    Raises:
        InputError: an unknown mistake, a sample outside the batch, or a batch that cannot show
            the mistake (``batch_problem`` says why).

    >>> demo = demonstrate("softmax_before_cross_entropy")
    >>> round(demo.facts["loss_right"], 3), round(demo.facts["loss_wrong"], 3)
    (0.349, 0.766)
    >>> round(demo.facts["grad_norm_right"], 4), round(demo.facts["grad_norm_wrong"], 4)
    (0.3942, 0.2306)
    >>> demonstrate("targets_not_class_indices").call("labels_from_one").error
    'IndexError: Target 3 is out of bounds.'
    """
    _check_mistake(mistake)
    if logits is not None and mistake not in BATCH_MISTAKES:
        raise InputError(f"{mistake} has its own example only; call it without a batch")
    matrix, labels, weights, source = _inputs(mistake, logits, target, weight)
    if mistake in SAMPLE_MISTAKES:
        if isinstance(sample, bool) or not isinstance(sample, (int, np.integer)):
            raise InputError(f"sample must be a whole number; got {sample!r}")
        if not 0 <= sample < matrix.shape[0]:
            raise InputError(f"sample {sample} is outside the batch (0..{matrix.shape[0] - 1})")
        shown: int | None = int(sample) if source == "batch" else None
    else:
        shown, sample = None, 0
    ws = Workspace(torch.device("cpu")) if mistake in _CPU_ONLY else Workspace()
    setup, reference, wrong, right, series, facts, check = _BUILDERS[mistake](
        ws, matrix, labels, weights, int(sample)
    )
    return Demonstration(
        mistake=mistake,
        source=source,
        sample=shown,
        setup=setup,
        reference=reference,
        wrong=wrong,
        right=right,
        series=series,
        facts=facts,
        check=check,
    )
