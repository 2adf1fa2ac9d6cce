"""cross_entropy and nll_loss against torch.nn.functional, values and gradients, in float64."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings

from logit_draws import logits_and_labels
from lossviz import InputError, cross_entropy, nll_loss
from lossviz.cross_entropy import _index_target_probs
from lossviz.softmax import logsumexp

ATOL = 1e-12


def _reference_cross_entropy(logits, target, reduction, **kwargs):
    """PyTorch's value (the sum for 'none'), per-sample values and gradient of the value."""
    x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(target)
    if "weight" in kwargs and kwargs["weight"] is not None:
        kwargs["weight"] = torch.tensor(kwargs["weight"], dtype=torch.float64)
    out = F.cross_entropy(x, t, reduction=reduction, **kwargs)
    out = out.sum() if reduction == "none" else out
    out.backward()
    per_sample = F.cross_entropy(x.detach(), t, reduction="none", **kwargs)
    return out.item(), per_sample.numpy(), x.grad.numpy()


def _reference_nll_loss(log_probs, target, reduction, **kwargs):
    x = torch.tensor(log_probs, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(target)
    if kwargs.get("weight") is not None:
        kwargs["weight"] = torch.tensor(kwargs["weight"], dtype=torch.float64)
    out = F.nll_loss(x, t, reduction=reduction, **kwargs)
    out = out.sum() if reduction == "none" else out
    out.backward()
    return out.item(), F.nll_loss(x.detach(), t, reduction="none", **kwargs).numpy(), x.grad.numpy()


def _assert_matches(result, expected_loss, expected_per_sample, expected_grad):
    np.testing.assert_allclose(result.loss, expected_loss, rtol=1e-12, atol=ATOL, equal_nan=True)
    np.testing.assert_allclose(
        result.reference, expected_loss, rtol=1e-12, atol=ATOL, equal_nan=True
    )
    np.testing.assert_allclose(result.per_sample, expected_per_sample, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.grad, expected_grad, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.analytic_grad, expected_grad, rtol=1e-10, atol=ATOL)
    assert result.agrees


WEIGHTS = [None, "random"]
REDUCTIONS = ["none", "mean", "sum"]
SMOOTHING = [0.0, 0.1, 1.0]
IGNORE = [-100, 1, -1]


@pytest.mark.parametrize(
    "weight, reduction, label_smoothing, ignore_index",
    list(itertools.product(WEIGHTS, REDUCTIONS, SMOOTHING, IGNORE)),
)
def test_index_targets_match_pytorch(device, rng, weight, reduction, label_smoothing, ignore_index):
    logits = rng.normal(size=(7, 4)) * 3
    target = rng.integers(0, 4, size=7)
    target[[2, 5]] = ignore_index if ignore_index != 1 else target[[2, 5]]
    w = rng.uniform(0.1, 3.0, size=4) if weight else None
    kwargs = dict(weight=w, ignore_index=ignore_index, label_smoothing=label_smoothing)
    result = cross_entropy(logits, target, reduction=reduction, **kwargs)
    _assert_matches(result, *_reference_cross_entropy(logits, target, reduction, **kwargs))


@pytest.mark.parametrize(
    "weight, reduction, label_smoothing",
    list(itertools.product(WEIGHTS, REDUCTIONS, SMOOTHING)),
)
def test_probability_targets_match_pytorch(device, rng, weight, reduction, label_smoothing):
    logits = rng.normal(size=(6, 5)) * 2
    target = rng.dirichlet(np.ones(5), size=6)
    w = rng.uniform(0.1, 3.0, size=5) if weight else None
    kwargs = dict(weight=w, label_smoothing=label_smoothing)
    result = cross_entropy(logits, target, reduction=reduction, **kwargs)
    assert result.soft_target
    assert result.denominator == (6.0 if reduction == "mean" else 1.0)
    _assert_matches(result, *_reference_cross_entropy(logits, target, reduction, **kwargs))


@pytest.mark.parametrize(
    "weight, reduction, ignore_index",
    list(itertools.product(WEIGHTS, REDUCTIONS, IGNORE)),
)
def test_nll_loss_matches_pytorch(device, rng, weight, reduction, ignore_index):
    log_probs = np.log(rng.dirichlet(np.ones(3), size=5))
    target = rng.integers(0, 3, size=5)
    target[0] = ignore_index if ignore_index != 1 else target[0]
    w = rng.uniform(0.1, 3.0, size=3) if weight else None
    kwargs = dict(weight=w, ignore_index=ignore_index)
    result = nll_loss(log_probs, target, reduction=reduction, **kwargs)
    _assert_matches(result, *_reference_nll_loss(log_probs, target, reduction, **kwargs))


def test_seed_example():
    """The tutorials' picture of cat / dog / pig: logits [1.3, 1.3, 2.6], the pig is right."""
    result = cross_entropy([[1.3, 1.3, 2.6]], [2])
    np.testing.assert_allclose(result.probs, [[0.1764, 0.1764, 0.6472]], atol=5e-5)
    assert round(result.loss, 4) == 0.4351
    assert result.target_log_prob[0] == pytest.approx(np.log(result.probs[0, 2]))
    assert result.logsumexp[0] == pytest.approx(np.log(np.exp([1.3, 1.3, 2.6]).sum()))
    np.testing.assert_allclose(result.grad, result.probs - [[0, 0, 1]], atol=ATOL)


def test_cross_entropy_is_log_softmax_then_nll(rng):
    logits = rng.normal(size=(5, 3))
    target = rng.integers(0, 3, size=5)
    ce = cross_entropy(logits, target)
    nll = nll_loss(ce.log_probs, target)
    assert ce.loss == pytest.approx(nll.loss, abs=ATOL)
    np.testing.assert_allclose(nll.picked, ce.target_log_prob, atol=ATOL)


def test_weighted_mean_divides_by_target_weights():
    """The semantics note's example: index targets and equal one-hot targets differ with weights."""
    logits = [[2.3, 2.1, 4.5], [4.2, 3.2, 5.1]]
    weight = [25.0, 25.0, 100.0]
    by_index = cross_entropy(logits, [1, 2], weight=weight)
    one_hot = cross_entropy(logits, [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], weight=weight)
    assert by_index.loss == pytest.approx(0.8705, abs=5e-5)
    assert one_hot.loss == pytest.approx(54.4052, abs=5e-5)
    assert by_index.denominator == 125.0
    assert one_hot.denominator == 2.0
    assert "weighted_mean" in {note.code for note in by_index.notes}


def test_all_ignored_gives_nan_mean_zero_sum_and_zero_gradient():
    logits = [[1.0, 2.0], [0.5, -1.0]]
    mean = cross_entropy(logits, [-100, -100])
    assert np.isnan(mean.loss) and np.isnan(mean.reference)
    assert mean.agrees and mean.difference == 0.0
    np.testing.assert_array_equal(mean.grad, np.zeros((2, 2)))
    np.testing.assert_array_equal(mean.analytic_grad, np.zeros((2, 2)))
    assert "all_ignored" in {note.code for note in mean.notes}
    assert cross_entropy(logits, [-100, -100], reduction="sum").loss == 0.0
    smoothed = cross_entropy(logits, [-100, -100], label_smoothing=0.2)
    assert np.isnan(smoothed.loss)
    np.testing.assert_array_equal(smoothed.analytic_grad, np.zeros((2, 2)))


def test_ignore_index_may_be_a_real_class():
    result = cross_entropy([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], [0, 2], ignore_index=0)
    assert result.ignored.tolist() == [True, False]
    assert result.per_sample[0] == 0.0
    assert result.loss == pytest.approx(result.per_sample[1])
    assert "ignore_index_is_class" in {note.code for note in result.notes}


def test_ignore_index_minus_one_is_not_the_last_class():
    result = cross_entropy([[1.0, 2.0, 3.0]], [2], ignore_index=-1)
    assert not result.ignored[0]
    assert result.loss > 0


def test_label_smoothing_floor_is_entropy_of_smoothed_target():
    """However confident and right, a smoothed loss never reaches 0."""
    epsilon, classes = 0.1, 3
    result = cross_entropy([[-1e3, -1e3, 1e3]], [2], label_smoothing=epsilon)
    assert result.loss > 1.0  # the wrong classes' e/C shares cost e/C * 2000 each
    target = result.target_probs[0]
    np.testing.assert_allclose(target, [epsilon / classes] * 2 + [1 - epsilon + epsilon / classes])
    best = cross_entropy([np.log(target)], [2], label_smoothing=epsilon)
    entropy = -(target * np.log(target)).sum()
    assert best.loss == pytest.approx(entropy, abs=1e-12)


@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_extreme_logits_stay_finite_and_correct(scale):
    logits = [[scale, 0.0, -scale], [0.0, scale, scale]]
    result = cross_entropy(logits, [1, 2])
    loss, per_sample, grad = _reference_cross_entropy(logits, [1, 2], "mean")
    assert np.isfinite(result.loss) and np.isfinite(result.grad).all()
    _assert_matches(result, loss, per_sample, grad)


def test_gradient_rows_sum_to_zero_without_smoothing(rng):
    result = cross_entropy(rng.normal(size=(4, 5)), [0, 1, 2, 3], weight=[1, 2, 3, 4, 5])
    np.testing.assert_allclose(result.analytic_grad.sum(axis=1), 0.0, atol=ATOL)


def test_double_softmax_is_noted():
    probs = torch.softmax(torch.tensor([[2.0, 1.0, -1.0]], dtype=torch.float64), 1).numpy()
    raw = cross_entropy([[2.0, 1.0, -1.0]], [0])
    twice = cross_entropy(probs, [0])
    assert raw.loss == pytest.approx(0.349, abs=5e-4)
    assert twice.loss == pytest.approx(0.766, abs=5e-4)
    assert "logits_look_like_probabilities" in {note.code for note in twice.notes}
    assert not raw.notes
    # The gradient that reaches the raw logits through the extra softmax is smaller.
    jacobian = np.diag(probs[0]) - np.outer(probs[0], probs[0])
    through_softmax = twice.grad[0] @ jacobian
    assert np.abs(through_softmax).max() < np.abs(raw.grad).max()


def test_nll_on_probabilities_is_a_negative_loss():
    result = nll_loss([[0.2, 0.7, 0.1]], [1])
    assert result.loss == pytest.approx(-0.7)
    assert {"nll_not_log_probs", "negative_loss"} <= {note.code for note in result.notes}


def test_soft_target_not_summing_to_one_is_noted():
    result = cross_entropy([[1.0, 2.0]], [[0.5, 0.9]])
    assert "soft_target_not_normalized" in {note.code for note in result.notes}


def test_accepts_numpy_torch_and_lists():
    logits = [[1.3, 1.3, 2.6]]
    values = {
        cross_entropy(logits, [2]).loss,
        cross_entropy(np.array(logits), np.array([2])).loss,
        cross_entropy(torch.tensor(logits), torch.tensor([2])).loss,
        cross_entropy(logits, [2.0]).loss,
    }
    assert len({round(v, 6) for v in values}) == 1


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: cross_entropy([[1.0, 2.0, 3.0]], [5]),
            r"label 5 is out of range for 3 classes \(0\.\.2\)",
        ),
        (lambda: cross_entropy([[1.0, 2.0, 3.0]], [-1]), r"label -1 is out of range"),
        (lambda: cross_entropy([[1.0, 2.0]], [0.5]), r"label 0\.5 is not a whole number"),
        (lambda: cross_entropy([[1.0, 2.0], [3.0]], [0, 0]), r"ragged rows"),
        (lambda: cross_entropy([[1.0, "abc"]], [0]), r"must be a number"),
        (lambda: cross_entropy([[1.0, 2.0]], [0, 1]), r"2 label\(s\) but there are 1 sample"),
        (lambda: cross_entropy([[1.0, 2.0]], [0], weight=[1.0]), r"one value per class \(2\)"),
        (lambda: cross_entropy([[1.0, 2.0]], [0], label_smoothing=1.5), r"between 0 and 1"),
        (lambda: cross_entropy([[1.0, 2.0]], [0], reduction="avg"), r"reduction 'avg' is unknown"),
        (lambda: cross_entropy([[1.0, 2.0]], [[0.5, 0.5, 0.0]]), r"target has shape \(1, 3\)"),
        (lambda: cross_entropy([[1.0, 2.0]], [[0.5, 0.5]], ignore_index=0), r"not supported"),
        (
            lambda: cross_entropy([[1.0, 2.0]], [0], ignore_index=1.5),
            r"ignore_index must be a whole",
        ),
        (lambda: nll_loss([[1.0, 2.0]], [3]), r"label 3 is out of range for 2 classes"),
    ],
)
def test_bad_input_raises_a_clear_input_error(call, message):
    with pytest.raises(InputError, match=message):
        call()


@pytest.mark.parametrize(
    "logits, target, kwargs",
    [
        ([[1.0, np.nan]], [0], {}),
        ([[1.0, np.inf]], [0], {}),
        ([[1.0, 2.0]], [0], {"weight": [1.0, -2.0]}),
        ([], [], {}),
        ([[1.0], [2.0]], [0, 0], {}),
        ([1.0, 2.0], [0], {}),
    ],
)
def test_calls_lossviz_used_to_refuse_compute_as_pytorch(logits, target, kwargs):
    """NaN and infinity, negative weights, no values, one class, one (C,) sample with a (1,)
    label: PyTorch computes each of them. (An empty target of the logits' shape (0,) is read
    as class probabilities, so PyTorch gets it as a float tensor.)"""
    x = torch.tensor(logits, dtype=torch.float64)
    t = torch.tensor(target, dtype=torch.float64 if np.shape(target) == x.shape else torch.long)
    options = {k: torch.tensor(v, dtype=torch.float64) for k, v in kwargs.items()}
    expected = F.cross_entropy(x, t, **options).item()
    result = cross_entropy(logits, target, **kwargs)
    np.testing.assert_allclose(result.loss, expected, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(result.reference, expected, rtol=1e-12, equal_nan=True)
    assert result.agrees


@settings(max_examples=60, deadline=None)
@given(logits_and_labels())
def test_properties_hold_for_any_logits(batch):
    logits, target = batch
    result = cross_entropy(logits, target, reduction="none")
    assert (result.per_sample >= 0).all()
    np.testing.assert_allclose(result.probs.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(result.analytic_grad.sum(axis=1), 0.0, atol=1e-12)
    shifted = cross_entropy(logits + 7.5, target, reduction="none")
    np.testing.assert_allclose(shifted.per_sample, result.per_sample, atol=1e-9)
    assert result.agrees


def test_steps_are_those_of_lossviz_softmax_exactly(rng):
    """Computed in reused buffers, the steps equal the plain tensor formulas bit for bit."""
    logits = rng.normal(size=(6, 5)) * 4
    result = cross_entropy(logits, rng.integers(0, 5, size=6))
    x = torch.tensor(logits)
    lse = logsumexp(x)
    np.testing.assert_array_equal(result.logsumexp, lse.numpy())
    np.testing.assert_array_equal(result.log_probs, (x - lse.unsqueeze(1)).numpy())
    np.testing.assert_array_equal(result.probs, torch.exp(x - lse.unsqueeze(1)).numpy())


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("smoothing", [0.0, 0.1, 1.0])
def test_index_target_probs_round_as_the_compute_dtype(dtype, smoothing):
    """Built in NumPy, the target distribution equals its tensor formula in the compute dtype."""
    labels = np.array([2, -100, 0, 1])
    ignored = labels == -100
    onehot = torch.zeros(4, 3, dtype=dtype)
    onehot[[0, 2, 3], [2, 0, 1]] = 1.0
    kept = torch.tensor(~ignored, dtype=dtype).unsqueeze(1)
    expected = ((1.0 - smoothing) * onehot + smoothing / 3) * kept
    built = _index_target_probs(labels, ignored, 3, smoothing, dtype)
    np.testing.assert_array_equal(built, expected.to(torch.float64).numpy())
