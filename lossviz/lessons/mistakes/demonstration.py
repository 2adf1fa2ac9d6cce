"""What a demonstration holds (the calls as code and what PyTorch gave, checks, chart series),
and the runner that makes each call and records its value, warning or error.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch

from lossviz._torch import Workspace
from lossviz.lessons.code import batch_loader, tensor_literal
from lossviz.results import AGREEMENT_TOLERANCE

__all__ = [
    "IMPORTS",
    "Call",
    "Check",
    "Curve",
    "Demonstration",
    "Parts",
    "Runner",
    "Series",
    "batch_setup",
    "compared",
    "labels_literal",
    "row_setup",
    "sum_gradients",
    "tensors_setup",
]


IMPORTS = "import torch\nimport torch.nn.functional as F\n"


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


class Parts(NamedTuple):
    """What a mistake's builder returns: the fields of a ``Demonstration`` after its mistake,
    source and sample (which ``demonstrate`` adds), in the same order."""

    setup: str
    reference: tuple[Call, ...]
    wrong: tuple[Call, ...]
    right: tuple[Call, ...]
    series: tuple[Series, ...]
    facts: dict
    check: Check | None


def _first_line(text: str) -> str:
    lines = str(text).strip().splitlines()
    return lines[0].strip() if lines else ""


class Runner:
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


def labels_literal(labels: np.ndarray) -> str:
    return tensor_literal(labels, dtype="torch.long")


def row_setup(row: np.ndarray, label: int, requires_grad: bool) -> str:
    lines = [
        IMPORTS,
        f"logits = {tensor_literal(row[None, :])}",
        f"target = {labels_literal(np.array([label]))}",
    ]
    if requires_grad:
        lines.append("logits.requires_grad_()  # backward() leaves the gradient in logits.grad")
    return "\n".join(lines)


def batch_setup(logits: np.ndarray, labels: np.ndarray, weight: np.ndarray | None, *extra) -> str:
    lines = [IMPORTS, batch_loader(logits, labels)]
    if weight is not None:
        lines.append(f"weight = {tensor_literal(weight)}")
    lines.extend(extra)
    return "\n".join(lines)


def tensors_setup(*lines: str) -> str:
    """The imports, then ``lines`` (each defining a tensor the calls use), as one setup."""
    return "\n".join([IMPORTS, *lines])


def compared(
    ws: Workspace,
    quantity: str,
    variable: str,
    x: np.ndarray,
    wrong: tuple[str, torch.Tensor],
    right: tuple[str, torch.Tensor],
    **options: object,
) -> Series:
    """One chart: the wrong call's curve beside the right call's, along ``x``.

    ``wrong`` and ``right`` are ``(case, values over x)``; ``options`` are the series' ``at``,
    ``floor`` or ``labels``.
    """
    curves = (
        Curve(wrong[0], "wrong", ws.numpy(wrong[1])),
        Curve(right[0], "right", ws.numpy(right[1])),
    )
    return Series(quantity, variable, x, curves, **options)


def sum_gradients(leaf: torch.Tensor, *losses: torch.Tensor) -> tuple[torch.Tensor, ...]:
    r"""For each loss tensor :math:`\ell`, :math:`\partial (\sum_k \ell_k) / \partial\,\text{leaf}`:
    the derivative of every point of a sweep at once (each point depends on its own input only).

    >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> [g.tolist() for g in sum_gradients(x, x**2, 3 * x)]
    [[2.0, 4.0], [3.0, 3.0]]
    """
    return tuple(torch.autograd.grad(loss.sum(), leaf)[0] for loss in losses)
