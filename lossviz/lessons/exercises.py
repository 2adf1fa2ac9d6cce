r"""Checked exercises: a task on fixed numbers, the learner's answer, and a verdict with the
numbers behind it.

Each exercise belongs to one page (its ``topic``) and asks for a row of logits or for one
number. ``check(id, answer)`` computes what the answer gives with lossviz's own losses (each
checked against PyTorch in float64) or, where the task is about float32, with PyTorch's calls in
float32, and says whether it meets the task:

- ``softmax_same_probs``: logits other than :math:`z = (1.3, 1.3, 2.6)` with the same softmax
  (only a constant added to every logit: :math:`\mathrm{softmax}(z + c) = \mathrm{softmax}(z)`).
- ``softmax_cool``: a temperature :math:`T` at which :math:`\max_j \mathrm{softmax}(z / T)_j`
  passes 0.99.
- ``ce_one_logit``: change one logit of :math:`z` so that the loss of class 2 falls below 0.1.
- ``ce_softmax_log_nan``: logits where ``torch.log(torch.softmax(x))`` in float32 gives NaN (in
  the loss or its gradient) while ``F.cross_entropy`` stays finite.
- ``bce_clamp``: a logit :math:`x` where ``F.binary_cross_entropy(torch.sigmoid(x), 0)`` in
  float32 is off from ``F.binary_cross_entropy_with_logits`` by more than 1.
- ``bce_even``: a logit whose loss is the same for target 1 and target 0 (:math:`x = 0`,
  :math:`\ell = \log 2`).
- ``grad_half``: logits where the target's gradient :math:`p_y - 1` is :math:`-0.5 \pm 0.01`.
- ``grad_wrong_class``: logits where a wrong class's gradient :math:`p_j` passes 0.5.
- ``kl_entropy_max``: logits whose softmax has entropy above 1.09 nats (at most :math:`\log 3`).
- ``kl_asymmetry``: logits :math:`q` whose :math:`\mathrm{KL}(p \| q)` and
  :math:`\mathrm{KL}(q \| p)` differ by more than 0.5 nats, for :math:`p = (0.7, 0.2, 0.1)`.

>>> check("ce_one_logit", [1.3, 1.3, 6.0]).passed
True
>>> verdict = check("ce_one_logit", [0.0, 0.0, 2.6])
>>> verdict.passed, verdict.reason, verdict.values["changed"]
(False, 'changed_many', 2.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from lossviz.binary import binary_cross_entropy_with_logits
from lossviz.cross_entropy import cross_entropy
from lossviz.errors import InputError
from lossviz.kl import kl_decomposition
from lossviz.lessons.stability import softmax_routes
from lossviz.softmax import softmax

__all__ = ["EXERCISES", "Exercise", "Verdict", "check", "exercises_for"]

#: The logits most exercises start from: the tutorials' picture (cat, dog, 猪八戒), class 2 right.
SEED = (1.3, 1.3, 2.6)
#: The target distribution of ``kl_asymmetry``.
KL_TARGET = (0.7, 0.2, 0.1)


@dataclass(frozen=True)
class Exercise:
    """A task: the page it belongs to, what kind of answer it takes, and its fixed numbers.

    Attributes:
        id: its name in links (``?exercise=<id>``) and in the page's strings.
        topic: the page: ``"softmax"``, ``"ce"``, ``"bce"``, ``"grad"`` or ``"kl"``.
        answer: ``"logits"`` (a row of ``size`` numbers) or ``"number"``.
        size: how many numbers the answer holds.
        start: the logits the task is about (empty where it has none).
        label: the target class the task scores (where it has one).
        goal: the threshold the answer must reach.
    """

    id: str
    topic: str
    answer: str
    size: int
    start: tuple[float, ...] = ()
    label: int = 2
    goal: float = 0.0


@dataclass(frozen=True)
class Verdict:
    """Whether an answer meets its exercise, why (``reason``: ``"passed"`` or what fell short),
    and the numbers the check computed (``values``, by name), for the page to show."""

    exercise: str
    passed: bool
    reason: str
    values: Mapping[str, float] = field(default_factory=dict)


EXERCISES: dict[str, Exercise] = {
    exercise.id: exercise
    for exercise in (
        Exercise("softmax_same_probs", "softmax", "logits", 3, SEED),
        Exercise("softmax_cool", "softmax", "number", 1, SEED, goal=0.99),
        Exercise("ce_one_logit", "ce", "logits", 3, SEED, label=2, goal=0.1),
        Exercise("ce_softmax_log_nan", "ce", "logits", 3, label=0),
        Exercise("bce_clamp", "bce", "number", 1, label=0, goal=1.0),
        Exercise("bce_even", "bce", "number", 1, goal=1e-3),
        Exercise("grad_half", "grad", "logits", 3, label=2, goal=0.01),
        Exercise("grad_wrong_class", "grad", "logits", 3, label=2, goal=0.5),
        Exercise("kl_entropy_max", "kl", "logits", 3, goal=1.09),
        Exercise("kl_asymmetry", "kl", "logits", 3, KL_TARGET, goal=0.5),
    )
}


def exercises_for(topic: str) -> tuple[str, ...]:
    """The ids of a page's exercises, in order.

    >>> exercises_for("bce")
    ('bce_clamp', 'bce_even')
    """
    return tuple(name for name, exercise in EXERCISES.items() if exercise.topic == topic)


def _verdict(exercise: Exercise, passed: bool, failure: str, **values: float) -> Verdict:
    return Verdict(
        exercise.id,
        bool(passed),
        "passed" if passed else failure,
        {name: float(value) for name, value in values.items()},
    )


def _same_probs(exercise: Exercise, z: np.ndarray) -> Verdict:
    start = np.asarray(exercise.start)
    moved = float(np.abs(z - start).max())
    change = float(np.abs(softmax(z[None, :]) - softmax(start[None, :])).max())
    spread = float(np.ptp(z - start))
    if moved == 0.0:
        return _verdict(exercise, False, "same_logits", largest_change=change, spread=spread)
    return _verdict(
        exercise, change <= 1e-9, "different_probs", largest_change=change, spread=spread
    )


def _cool(exercise: Exercise, answer: np.ndarray) -> Verdict:
    temperature = float(answer[0])
    if temperature <= 0:
        return _verdict(exercise, False, "not_positive", temperature=temperature)
    largest = float(softmax(np.asarray(exercise.start)[None, :], temperature).max())
    return _verdict(
        exercise, largest > exercise.goal, "too_flat", temperature=temperature, largest=largest
    )


def _one_logit(exercise: Exercise, z: np.ndarray) -> Verdict:
    changed = int((z != np.asarray(exercise.start)).sum())
    loss = cross_entropy(z[None, :], [exercise.label]).loss
    if changed != 1:
        return _verdict(exercise, False, "changed_many", loss=loss, changed=changed)
    return _verdict(exercise, loss < exercise.goal, "too_high", loss=loss, changed=changed)


def _softmax_log_nan(exercise: Exercise, z: np.ndarray) -> Verdict:
    routes = softmax_routes(z, exercise.label, 1.0, "float32")
    nan_grads = int(np.isnan(routes.softmax_grad).sum())
    broke = math.isnan(routes.softmax_loss) or nan_grads > 0
    fused_finite = math.isfinite(routes.reference) and bool(np.isfinite(routes.grad).all())
    values = {
        "softmax_log_loss": routes.softmax_loss,
        "nan_grads": nan_grads,
        "fused_loss": routes.reference,
    }
    if not fused_finite:
        return _verdict(exercise, False, "fused_broke", **values)
    return _verdict(exercise, broke, "finite", **values)


def _float32_binary(x: float, target: float) -> tuple[float, float, float]:
    """``torch.sigmoid(x)``, BCELoss on it and BCEWithLogitsLoss, all in float32."""
    logit = torch.tensor([x], dtype=torch.float32)
    y = torch.tensor([target], dtype=torch.float32)
    probability = torch.sigmoid(logit)
    on_probs = F.binary_cross_entropy(probability, y)
    on_logits = F.binary_cross_entropy_with_logits(logit, y)
    return float(probability), float(on_probs), float(on_logits)


def _clamp(exercise: Exercise, answer: np.ndarray) -> Verdict:
    probability, on_probs, on_logits = _float32_binary(float(answer[0]), float(exercise.label))
    gap = abs(on_probs - on_logits)
    return _verdict(
        exercise,
        gap > exercise.goal,
        "close",
        probability=probability,
        bce=on_probs,
        with_logits=on_logits,
        gap=gap,
    )


def _even(exercise: Exercise, answer: np.ndarray) -> Verdict:
    x = np.full((2, 1), float(answer[0]))
    losses = binary_cross_entropy_with_logits(x, [[1.0], [0.0]], reduction="none").per_sample
    if_one, if_zero = (float(value) for value in np.ravel(losses))
    gap = abs(if_one - if_zero)
    return _verdict(
        exercise, gap < exercise.goal, "uneven", if_one=if_one, if_zero=if_zero, gap=gap
    )


def _gradient(exercise: Exercise, z: np.ndarray) -> np.ndarray:
    return cross_entropy(z[None, :], [exercise.label]).grad[0]


def _half(exercise: Exercise, z: np.ndarray) -> Verdict:
    grad = _gradient(exercise, z)[exercise.label]
    return _verdict(
        exercise,
        abs(grad + 0.5) <= exercise.goal,
        "off",
        grad_target=grad,
        prob_target=grad + 1.0,
    )


def _wrong_class(exercise: Exercise, z: np.ndarray) -> Verdict:
    grad = _gradient(exercise, z).copy()
    grad[exercise.label] = -np.inf
    largest = int(np.argmax(grad))
    return _verdict(
        exercise,
        grad[largest] > exercise.goal,
        "too_small",
        largest_wrong=grad[largest],
        wrong_class=largest,
    )


def _entropy_max(exercise: Exercise, z: np.ndarray) -> Verdict:
    q = softmax(z[None, :])
    entropy = float(kl_decomposition(q, q).entropy[0])
    return _verdict(exercise, entropy > exercise.goal, "too_low", entropy=entropy)


def _asymmetry(exercise: Exercise, z: np.ndarray) -> Verdict:
    p, q = np.asarray(exercise.start)[None, :], softmax(z[None, :])
    forward = float(kl_decomposition(p, q).kl[0])
    reverse = float(kl_decomposition(q, p).kl[0])
    gap = abs(forward - reverse)
    return _verdict(
        exercise, gap > exercise.goal, "too_close", forward=forward, reverse=reverse, gap=gap
    )


_CHECKS: dict[str, Callable[[Exercise, np.ndarray], Verdict]] = {
    "softmax_same_probs": _same_probs,
    "softmax_cool": _cool,
    "ce_one_logit": _one_logit,
    "ce_softmax_log_nan": _softmax_log_nan,
    "bce_clamp": _clamp,
    "bce_even": _even,
    "grad_half": _half,
    "grad_wrong_class": _wrong_class,
    "kl_entropy_max": _entropy_max,
    "kl_asymmetry": _asymmetry,
}


def check(exercise_id: str, answer: Sequence[float] | float) -> Verdict:
    """The verdict on ``answer`` (a row of logits, or one number) for the exercise
    ``exercise_id``. An answer of the wrong size fails with ``reason="count"`` (``values``:
    ``expected``, ``given``), one with an infinite or NaN number with ``"not_finite"``.

    Raises:
        InputError: an unknown exercise.

    >>> check("softmax_cool", 0.2).values["largest"] > 0.99
    True
    >>> check("kl_entropy_max", [1.0, 2.0]).reason
    'count'
    """
    if exercise_id not in EXERCISES:
        raise InputError(f"exercise must be one of {', '.join(EXERCISES)}; got {exercise_id!r}")
    exercise = EXERCISES[exercise_id]
    values = np.atleast_1d(np.asarray(answer, dtype=np.float64)).ravel()
    if values.size != exercise.size:
        return _verdict(exercise, False, "count", expected=exercise.size, given=values.size)
    if not np.isfinite(values).all():
        return _verdict(exercise, False, "not_finite")
    return _CHECKS[exercise_id](exercise, values)
