r"""Predict, then reveal: the questions a page asks about its own live numbers, and the scores.

A page in "predict first" mode hides the numbers the learner is about to see and asks for a
prediction of some of them. A question holds its true answer, computed by the page from the
same results it shows; the learner's guess is scored against it:

- a number is right within a tolerance: :math:`|g - v| \le r\,|v| + a` (by default 10% of the
  value, :math:`r = 0.1`, with no absolute slack);
- a choice (a class, "above" or "below", a KL direction) is right when it is the answer.

The builders below make each page's questions from the numbers the page computed:

>>> question = loss_question("ce_loss", 0.4351)
>>> score(question, 0.41).correct, score(question, 0.3).correct
(True, False)
>>> score(most_negative_question("grad_most_negative", [0.18, 0.18, -0.35]), "2").correct
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lossviz.errors import InputError

__all__ = [
    "COMPARISONS",
    "Question",
    "Score",
    "comparison",
    "comparison_question",
    "loss_question",
    "most_negative_question",
    "probability_question",
    "score",
]

#: The answers of a question comparing two numbers: the first is above, below or equal to the
#: second.
COMPARISONS = ("above", "below", "equal")


@dataclass(frozen=True)
class Question:
    """One prediction to make.

    Attributes:
        id: its name, which the page's strings word (``<id>`` asks, with ``params``).
        kind: ``"number"`` or ``"choice"``.
        answer: the true value (a float) or the right option (a str).
        options: the options of a choice (class indices as text, ``COMPARISONS``...).
        relative, absolute: how close a number must be: :math:`r |v| + a`.
        params: what the question's text names (the sample, the class...).
    """

    id: str
    kind: str
    answer: float | str
    options: tuple[str, ...] = ()
    relative: float = 0.1
    absolute: float = 0.0
    params: tuple[tuple[str, object], ...] = ()

    @property
    def tolerance(self) -> float:
        """How far a numeric guess may be from the answer and still be right."""
        return self.relative * abs(float(self.answer)) + self.absolute


@dataclass(frozen=True)
class Score:
    """A guess against the answer: whether it is right and, for a number, how far it is (as a
    fraction of the answer; ``None`` for a choice or an answer of 0)."""

    question: str
    guess: float | str
    answer: float | str
    correct: bool
    relative_error: float | None = None


def score(question: Question, guess: float | str) -> Score:
    """Score ``guess`` against ``question``'s answer.

    Raises:
        InputError: a guess that is not a finite number (for a number) or not one of the
            options (for a choice).

    >>> score(loss_question("ce_loss", 2.0), 2.3).relative_error
    0.15
    """
    if question.kind == "choice":
        if str(guess) not in question.options:
            raise InputError(f"the guess must be one of {', '.join(question.options)}")
        return Score(question.id, str(guess), question.answer, str(guess) == question.answer)
    try:
        value = float(guess)
    except (TypeError, ValueError):
        raise InputError(f"the guess must be a number; got {guess!r}") from None
    if not math.isfinite(value):
        raise InputError(f"the guess must be a finite number; got {value!r}")
    answer = float(question.answer)
    gap = abs(value - answer)
    error = round(gap / abs(answer), 12) if answer != 0 else None
    return Score(question.id, value, answer, gap <= question.tolerance, error)


def loss_question(question_id: str, loss: float, **params: object) -> Question:
    """A loss to predict within 10%.

    >>> loss_question("ce_loss", 0.4351, n=0).tolerance
    0.04351
    """
    return Question(question_id, "number", float(loss), params=tuple(params.items()))


def probability_question(question_id: str, probability: float, **params: object) -> Question:
    """A probability to predict within 0.05 either way (10% of a small probability would ask
    for more digits than a guess has).

    >>> probability_question("softmax_target", 0.6472).tolerance
    0.05
    """
    return Question(
        question_id,
        "number",
        float(probability),
        relative=0.0,
        absolute=0.05,
        params=tuple(params.items()),
    )


def most_negative_question(question_id: str, values: Sequence[float], **params: object) -> Question:
    """Which entry of ``values`` is the most negative (its index as text; the first of ties).

    >>> most_negative_question("grad_most_negative", [0.1, -0.4, 0.3]).answer
    '1'
    """
    row = np.asarray(values, dtype=np.float64)
    options = tuple(str(j) for j in range(row.size))
    return Question(
        question_id, "choice", str(int(np.argmin(row))), options, params=tuple(params.items())
    )


def comparison(first: float, second: float, tolerance: float = 1e-9) -> str:
    """``"above"``, ``"below"`` or ``"equal"`` (within ``tolerance`` times the larger size; an
    infinite value, such as KL against a one-hot distribution, is above every finite one).

    >>> comparison(0.5, 0.4), comparison(0.4, 0.5), comparison(0.5, 0.5 + 1e-13)
    ('above', 'below', 'equal')
    >>> comparison(0.2, math.inf)
    'below'
    """
    if first == second:
        return "equal"
    scale = max(abs(first), abs(second), 1e-300)
    if math.isfinite(scale) and abs(first - second) <= tolerance * scale:
        return "equal"
    return "above" if first > second else "below"


def comparison_question(
    question_id: str, first: float, second: float, **params: object
) -> Question:
    """Whether ``first`` is above, below or equal to ``second``.

    >>> comparison_question("kl_direction", 0.3, 0.5).answer
    'below'
    """
    return Question(
        question_id,
        "choice",
        comparison(first, second),
        COMPARISONS,
        params=tuple(params.items()),
    )
