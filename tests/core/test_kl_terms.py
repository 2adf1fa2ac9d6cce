"""Information content, per-class entropy terms, the smoothing floor and the kl_div calls."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz.cross_entropy import cross_entropy
from lossviz.errors import InputError
from lossviz.kl import (
    entropy_terms,
    information_content,
    kl_decomposition,
    kl_div_calls,
    smoothed_label_entropy,
)

TOL = {"rtol": 1e-12, "atol": 1e-12}
LN2 = math.log(2.0)


def _distributions(shape, seed=0, zeros=False):
    rng = np.random.default_rng(seed)
    p = torch.softmax(torch.tensor(rng.normal(size=shape) * 2), dim=-1).numpy()
    if zeros:
        p = np.where(rng.random(shape) < 0.3, 0.0, p)
        p[..., 0] += 1e-3
        p = p / p.sum(axis=-1, keepdims=True)
    return p


def _reference_kl_div(input, target, reduction):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return float(F.kl_div(torch.tensor(input), torch.tensor(target), reduction=reduction))


def test_information_content_in_nats_and_bits():
    probs = np.array([1.0, 0.5, 0.25, 0.125, 0.0])
    nats = information_content(probs)
    bits = information_content(probs, unit="bits")
    np.testing.assert_allclose(nats[:4], -np.log(probs[:4]), **TOL)
    np.testing.assert_allclose(bits[:4], [0.0, 1.0, 2.0, 3.0], **TOL)
    assert nats[4] == math.inf and bits[4] == math.inf
    assert not np.signbit(nats[0])


@pytest.mark.parametrize(
    ("probs", "unit", "match"),
    [
        ([0.5, -0.1], "nats", "probabilities, column 2: -0.1 is negative"),
        ([0.5, 1.5], "nats", "probabilities, column 2: 1.5 is more than 1"),
        ([0.5, float("nan")], "nats", "the value is NaN"),
        ([0.5, 0.5], "shannons", "unit must be one of nats, bits"),
    ],
)
def test_information_content_rejects_bad_input(probs, unit, match):
    with pytest.raises(InputError, match=match):
        information_content(probs, unit=unit)


@pytest.mark.parametrize("unit", ["nats", "bits"])
@pytest.mark.parametrize("zeros", [False, True])
def test_terms_sum_to_the_decomposition(unit, zeros):
    p = _distributions((4, 5), seed=1, zeros=zeros)
    q = _distributions((4, 5), seed=2)
    terms = entropy_terms(p, q, unit)
    d = kl_decomposition(p, q)
    d = d.in_bits() if unit == "bits" else d
    np.testing.assert_allclose(terms.entropy.sum(axis=1), d.entropy, **TOL)
    np.testing.assert_allclose(terms.cross_entropy.sum(axis=1), d.cross_entropy, **TOL)
    np.testing.assert_allclose(terms.kl.sum(axis=1), d.kl, **TOL)
    scale = 1.0 if unit == "nats" else 1.0 / LN2
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(terms.surprise_q, -np.log(q) * scale, **TOL)
        np.testing.assert_array_equal(np.isinf(terms.surprise_p), p == 0)
    assert (terms.entropy[p == 0] == 0).all() and (terms.kl[p == 0] == 0).all()
    assert terms.unit == unit


def test_terms_are_surprise_weighted_by_p():
    p = np.array([0.2, 0.3, 0.5])
    q = np.array([0.1, 0.4, 0.5])
    terms = entropy_terms(p, q)
    np.testing.assert_allclose(terms.entropy, p * -np.log(p), **TOL)
    np.testing.assert_allclose(terms.cross_entropy, p * -np.log(q), **TOL)
    assert terms.kl[1] < 0 < terms.kl.sum()
    assert terms.p.shape == (3,)


def test_terms_with_a_zero_in_q_are_infinite():
    terms = entropy_terms([0.5, 0.5], [1.0, 0.0])
    assert terms.cross_entropy[1] == math.inf and terms.kl[1] == math.inf
    assert terms.surprise_q[1] == math.inf


@pytest.mark.parametrize(
    ("p", "q", "match"),
    [
        ([0.5, 0.6], [0.5, 0.5], "p sums to 1.1"),
        ([0.5, 0.5], [0.5, 0.5, 0.0], "shape"),
        ([0.5, 0.5], [1.5, -0.5], "q, column 2: -0.5 is negative"),
    ],
)
def test_terms_reject_what_is_not_a_distribution(p, q, match):
    with pytest.raises(InputError, match=match):
        entropy_terms(p, q)


@pytest.mark.parametrize("classes", [2, 3, 10])
@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_smoothed_label_entropy_is_the_floor_pytorch_reaches(classes, unit):
    eps = np.array([0.0, 0.05, 0.1, 0.5, 1.0])
    floors = smoothed_label_entropy(classes, eps, unit)
    scale = 1.0 if unit == "nats" else 1.0 / LN2
    for e, floor in zip(eps, floors, strict=True):
        p = (1 - e) * np.eye(classes)[0] + e / classes
        # At q = p, PyTorch's label-smoothed cross-entropy is exactly the floor.
        logits = torch.tensor(np.log(np.where(p > 0, p, 1e-300)))[None, :]
        loss = F.cross_entropy(logits, torch.tensor([0]), label_smoothing=float(e))
        assert floor == pytest.approx(float(loss) * scale, rel=1e-9, abs=1e-12)
    assert floors[0] == 0.0
    assert floors[-1] == pytest.approx(math.log(classes) * scale, rel=1e-12)
    assert (np.diff(floors) > 0).all()


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1, 0.1), "at least 2 classes"),
        ((2.5, 0.1), "whole number"),
        ((3, [0.1, 1.5]), "between 0 and 1"),
        ((3, 0.1, "bit"), "unit must be"),
    ],
)
def test_smoothed_label_entropy_rejects_bad_input(args, match):
    with pytest.raises(InputError, match=match):
        smoothed_label_entropy(*args)


def _calls_inputs(smoothing=0.1, seed=0, n=4, c=3):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, c)) * 2
    labels = rng.integers(0, c, size=n)
    ce = cross_entropy(logits, labels, label_smoothing=smoothing, reduction="none")
    return ce.target_probs, ce.log_probs


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kl_div_calls_against_pytorch(seed):
    p, log_q = _calls_inputs(seed=seed)
    q = np.exp(log_q)
    calls = kl_div_calls(p, log_q)
    right = _reference_kl_div(log_q, p, "batchmean")
    assert calls.right.loss == pytest.approx(right, rel=1e-12)
    assert calls.kl == pytest.approx(right, rel=1e-12)
    assert calls.right.agrees and calls.right.notes == ()
    swapped = _reference_kl_div(np.log(p), q, "batchmean")
    assert calls.swapped is not None
    assert calls.swapped_loss == pytest.approx(swapped, rel=1e-12)
    assert calls.reverse_kl == pytest.approx(swapped, rel=1e-12)
    assert calls.swapped.notes == ()  # PyTorch and lossviz cannot tell: no warning
    assert calls.probabilities.loss == pytest.approx(
        _reference_kl_div(q, p, "batchmean"), rel=1e-12
    )
    assert [note.code for note in calls.probabilities.notes] == ["kl_input_not_log_probs"]
    assert calls.mean.loss == pytest.approx(_reference_kl_div(log_q, p, "mean"), rel=1e-12)
    assert calls.mean.loss == pytest.approx(right / 3, rel=1e-12)
    assert [note.code for note in calls.mean.notes] == ["kl_mean_not_batchmean"]
    assert calls.mean.denominator == p.size


def test_swapped_call_with_hard_labels_is_infinite_as_in_pytorch():
    p, log_q = _calls_inputs(smoothing=0.0)
    calls = kl_div_calls(p, log_q)
    assert calls.swapped is None
    with np.errstate(divide="ignore"):
        expected = _reference_kl_div(np.log(p), np.exp(log_q), "batchmean")
    assert calls.swapped_loss == expected == math.inf
    assert calls.reverse_kl == math.inf
    assert math.isfinite(calls.right.loss)


def test_underflowing_q_keeps_kl_div_finite_but_the_definition_infinite():
    ce = cross_entropy([[1e4, 0.0, -1e4]], [0], label_smoothing=0.1)
    calls = kl_div_calls(ce.target_probs, ce.log_probs)
    assert calls.kl == math.inf
    assert math.isfinite(calls.right.loss)
    assert calls.right.loss == pytest.approx(
        _reference_kl_div(ce.log_probs, ce.target_probs, "batchmean"), rel=1e-12
    )


@pytest.mark.parametrize(
    ("p", "log_q", "match"),
    [
        ([0.5, 0.5], [-0.7, -0.7], r"table of N distributions \(N, C\)"),
        ([[0.5, 0.5]], [[-0.7, -0.7, -0.7]], "shape"),
        ([[0.5, 0.6]], [[-0.69, -0.69]], "sums to"),
        ([[0.5, 0.5]], [[np.nan, 0.0]], "not a log-probability"),
        ([[0.5, 0.5]], [[np.inf, 0.0]], "not a log-probability"),
    ],
)
def test_kl_div_calls_reject_bad_input(p, log_q, match):
    with pytest.raises(InputError, match=match):
        kl_div_calls(p, log_q)


def test_kl_div_calls_take_a_probability_that_underflowed_to_zero():
    """log q = -inf (log_softmax of logits 1e308 apart) is a probability of exactly 0: where p
    puts mass there, KL(p || q) is infinite, as PyTorch's kl_div says; where p is 0 too, the
    right call still has a value."""
    log_q = torch.log_softmax(torch.tensor([[1e308, -1e308, 0.0]], dtype=torch.float64), dim=1)
    assert torch.isneginf(log_q[0, 1])
    calls = kl_div_calls([[0.5, 0.5, 0.0]], log_q.numpy())
    expected = F.kl_div(
        log_q, torch.tensor([[0.5, 0.5, 0.0]], dtype=torch.float64), reduction="batchmean"
    )
    assert calls.right.loss == expected.item() == math.inf
    assert calls.kl == math.inf
