"""The checked exercises: each passes a right answer and fails a wrong one, with the numbers
PyTorch gives (float64, or float32 where the exercise is about float32)."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz.errors import InputError
from lossviz.lessons.exercises import EXERCISES, check, exercises_for

TOPICS = ("softmax", "ce", "bce", "grad", "kl")

#: For each exercise: an answer that passes and one that fails (with the reason it fails).
ANSWERS = {
    "softmax_same_probs": ([11.3, 11.3, 12.6], ([1.0, 1.0, 2.0], "different_probs")),
    "softmax_cool": (0.2, (1.0, "too_flat")),
    "ce_one_logit": ([1.3, 1.3, 6.0], ([1.3, 1.3, 3.0], "too_high")),
    "ce_softmax_log_nan": ([0.0, 0.0, -120.0], ([0.0, 0.0, 1.0], "finite")),
    "bce_clamp": (17.0, (3.0, "close")),
    "bce_even": (0.0, (0.5, "uneven")),
    "grad_half": ([0.0, 0.0, math.log(2.0)], ([0.0, 0.0, 0.0], "off")),
    "grad_wrong_class": ([3.0, 0.0, 0.0], ([0.0, 0.0, 3.0], "too_small")),
    "kl_entropy_max": ([0.0, 0.0, 0.0], ([0.0, 0.0, 1.0], "too_low")),
    "kl_asymmetry": ([0.0, 0.0, 5.0], ([2.0, 1.0, 0.3], "too_close")),
}


def _f64(values):
    return torch.tensor(values, dtype=torch.float64)


def test_every_page_has_a_few_exercises_and_every_exercise_an_answer():
    assert sorted(ANSWERS) == sorted(EXERCISES)
    for topic in TOPICS:
        assert len(exercises_for(topic)) >= 2
    assert sum(len(exercises_for(topic)) for topic in TOPICS) == len(EXERCISES)


@pytest.mark.parametrize("exercise", sorted(ANSWERS))
def test_a_right_answer_passes_and_a_wrong_one_fails(exercise):
    right, (wrong, reason) = ANSWERS[exercise]
    passed = check(exercise, right)
    assert (passed.passed, passed.reason, passed.exercise) == (True, "passed", exercise)
    failed = check(exercise, wrong)
    assert (failed.passed, failed.reason) == (False, reason)


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_an_answer_of_the_wrong_size_or_not_finite_fails_and_says_why(exercise):
    size = EXERCISES[exercise].size
    verdict = check(exercise, [1.0] * (size + 1))
    assert (verdict.passed, verdict.reason) == (False, "count")
    assert verdict.values == {"expected": size, "given": size + 1}
    assert check(exercise, [math.nan] * size).reason == "not_finite"
    assert check(exercise, [math.inf] * size).reason == "not_finite"


def test_an_unknown_exercise_is_refused():
    with pytest.raises(InputError, match="exercise must be one of"):
        check("make_it_zero", [1.0])


def test_same_probabilities_are_those_of_a_shifted_row_and_the_start_itself_fails():
    verdict = check("softmax_same_probs", [-98.7, -98.7, -97.4])
    assert verdict.passed and verdict.values["largest_change"] < 1e-12
    start = check("softmax_same_probs", [1.3, 1.3, 2.6])
    assert (start.passed, start.reason) == (False, "same_logits")
    wrong = check("softmax_same_probs", [1.0, 1.0, 2.0])
    expected = torch.softmax(_f64([1.0, 1.0, 2.0]), 0) - torch.softmax(_f64([1.3, 1.3, 2.6]), 0)
    assert wrong.values["largest_change"] == pytest.approx(float(expected.abs().max()), abs=1e-15)


@pytest.mark.parametrize("temperature", [0.05, 0.2, 0.245, 0.25, 1.0, 20.0])
def test_a_temperature_passes_where_pytorch_puts_more_than_099_on_one_class(temperature):
    largest = float(torch.softmax(_f64([1.3, 1.3, 2.6]) / temperature, 0).max())
    verdict = check("softmax_cool", temperature)
    assert verdict.values["largest"] == pytest.approx(largest, abs=1e-15)
    assert verdict.passed == (largest > 0.99)
    assert check("softmax_cool", 0.0).reason == "not_positive"


def test_one_logit_changed_scores_pytorchs_cross_entropy():
    verdict = check("ce_one_logit", [1.3, 1.3, 6.0])
    loss = F.cross_entropy(_f64([[1.3, 1.3, 6.0]]), torch.tensor([2]))
    assert verdict.values == {"loss": pytest.approx(float(loss), abs=1e-15), "changed": 1.0}
    lowered = check("ce_one_logit", [-5.0, 1.3, 2.6])
    assert not lowered.passed and lowered.values["loss"] > 0.1  # lowering one rival is not enough
    two = check("ce_one_logit", [-9.0, -9.0, 2.6])
    assert (two.passed, two.reason, two.values["changed"]) == (False, "changed_many", 2.0)


def test_softmax_then_log_breaks_in_float32_where_pytorch_says_so():
    for logits, label in (([0.0, 0.0, -120.0], 0), ([0.0, 0.0, 120.0], 0), ([0.0, 0.0, 1.0], 0)):
        x = torch.tensor([logits], dtype=torch.float32, requires_grad=True)
        loss = F.nll_loss(torch.log(torch.softmax(x, dim=1)), torch.tensor([label]))
        loss.backward()
        fused = F.cross_entropy(x.detach(), torch.tensor([label]))
        verdict = check("ce_softmax_log_nan", logits)
        nan_grads = int(torch.isnan(x.grad).sum())
        assert verdict.values["nan_grads"] == nan_grads
        assert verdict.values["fused_loss"] == pytest.approx(float(fused), rel=1e-6)
        assert verdict.passed == (bool(torch.isnan(loss)) or nan_grads > 0)
    # Logits beyond float32's range break the fused call too: that is not the lesson.
    assert check("ce_softmax_log_nan", [1e39, 0.0, 0.0]).reason == "fused_broke"


@pytest.mark.parametrize("x", [-200.0, -20.0, 3.0, 16.0, 17.0, 40.0])
def test_bce_clamp_compares_pytorchs_two_float32_losses(x):
    logit, target = torch.tensor([x], dtype=torch.float32), torch.zeros(1)
    on_probs = float(F.binary_cross_entropy(torch.sigmoid(logit), target))
    on_logits = float(F.binary_cross_entropy_with_logits(logit, target))
    verdict = check("bce_clamp", x)
    assert verdict.values["bce"] == on_probs and verdict.values["with_logits"] == on_logits
    assert verdict.passed == (abs(on_probs - on_logits) > 1.0)


def test_bce_even_is_log_two_at_zero():
    verdict = check("bce_even", 0.0)
    assert verdict.values["if_one"] == pytest.approx(math.log(2.0), abs=1e-15)
    x = _f64([0.4])
    if_one = F.binary_cross_entropy_with_logits(x, _f64([1.0]))
    if_zero = F.binary_cross_entropy_with_logits(x, _f64([0.0]))
    uneven = check("bce_even", 0.4)
    assert uneven.values["if_one"] == pytest.approx(float(if_one), abs=1e-15)
    assert uneven.values["if_zero"] == pytest.approx(float(if_zero), abs=1e-15)


def _autograd(logits, label):
    z = _f64([logits]).requires_grad_(True)
    F.cross_entropy(z, torch.tensor([label])).backward()
    return z.grad[0].numpy()


def test_gradient_exercises_read_autograds_gradient():
    half = check("grad_half", [0.0, 0.0, 0.7])
    assert half.values["grad_target"] == pytest.approx(_autograd([0.0, 0.0, 0.7], 2)[2], abs=1e-15)
    assert half.passed  # p_2 = e^0.7 / (2 + e^0.7) = 0.5034
    wrong = check("grad_wrong_class", [0.0, 2.0, 0.0])
    grad = _autograd([0.0, 2.0, 0.0], 2)
    assert wrong.values["wrong_class"] == 1.0
    assert wrong.values["largest_wrong"] == pytest.approx(grad[1], abs=1e-15)
    assert wrong.passed == (grad[1] > 0.5)


def _kl(p, q):
    return float(F.kl_div(torch.log(q), p, reduction="sum"))


def test_kl_exercises_compute_pytorchs_kl_div_and_entropy():
    q = torch.softmax(_f64([0.0, 0.2, 0.1]), 0)
    entropy = float(-(q * torch.log(q)).sum())
    verdict = check("kl_entropy_max", [0.0, 0.2, 0.1])
    assert verdict.values["entropy"] == pytest.approx(entropy, abs=1e-15)
    assert verdict.passed == (entropy > 1.09)
    p, q = _f64([0.7, 0.2, 0.1]), torch.softmax(_f64([0.0, 0.0, 5.0]), 0)
    asym = check("kl_asymmetry", [0.0, 0.0, 5.0])
    assert asym.values["forward"] == pytest.approx(_kl(p, q), abs=1e-12)
    assert asym.values["reverse"] == pytest.approx(_kl(q, p), abs=1e-12)
    assert np.isclose(asym.values["gap"], abs(_kl(p, q) - _kl(q, p)))
