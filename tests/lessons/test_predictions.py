"""Predict, then reveal: questions built from live numbers, and guesses scored against them."""

import math

import pytest
import torch
import torch.nn.functional as F

from lossviz.errors import InputError
from lossviz.lessons.predictions import (
    COMPARISONS,
    comparison,
    comparison_question,
    loss_question,
    most_negative_question,
    probability_question,
    score,
)


@pytest.mark.parametrize(
    ("guess", "correct"),
    [(0.4351, True), (0.40, True), (0.478, True), (0.39, False), (0.48, False)],
)
def test_a_loss_is_right_within_ten_percent(guess, correct):
    loss = float(
        F.cross_entropy(torch.tensor([[1.3, 1.3, 2.6]], dtype=torch.float64), torch.tensor([2]))
    )
    result = score(loss_question("ce_loss", loss, n=0), guess)
    assert result.correct is correct
    assert result.relative_error == pytest.approx(abs(guess - loss) / loss)


def test_a_probability_is_right_within_five_hundredths():
    question = probability_question("softmax_target", 0.01)
    assert score(question, 0.05).correct and not score(question, 0.07).correct


def test_the_most_negative_gradient_is_autograds():
    z = torch.tensor([[2.0, 0.5, -1.0]], dtype=torch.float64, requires_grad=True)
    F.cross_entropy(z, torch.tensor([1]), label_smoothing=0.3).backward()
    question = most_negative_question("grad_most_negative", z.grad[0].tolist(), n=0)
    assert question.answer == str(int(z.grad[0].argmin())) == "1"
    assert question.options == ("0", "1", "2")
    assert score(question, "1").correct and not score(question, "0").correct


def test_comparisons_say_above_below_or_equal():
    assert comparison(1.0, 1.0) == "equal"
    assert comparison(math.inf, 3.0) == "above" and comparison(math.inf, math.inf) == "equal"
    question = comparison_question("ce_weighted_mean", 0.8, 0.6)
    assert (question.answer, question.options) == ("above", COMPARISONS)
    assert score(question, "above").correct and not score(question, "below").correct


def test_a_question_carries_what_its_text_names():
    assert dict(loss_question("bce_loss", 0.5, n=3).params) == {"n": 3}


@pytest.mark.parametrize("guess", [math.nan, math.inf, "abc", None])
def test_a_guess_that_is_no_number_is_refused(guess):
    with pytest.raises(InputError, match="the guess must be"):
        score(loss_question("ce_loss", 0.5), guess)


def test_a_choice_outside_the_options_is_refused():
    with pytest.raises(InputError, match="one of above, below, equal"):
        score(comparison_question("kl_direction", 1.0, 2.0), "left")


def test_a_zero_answer_has_no_relative_error_and_needs_the_slack():
    question = loss_question("kl_entropy", 0.0)
    result = score(question, 0.0)
    assert result.correct and result.relative_error is None
    assert not score(question, 0.01).correct
