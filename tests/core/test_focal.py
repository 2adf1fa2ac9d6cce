"""focal_loss and sigmoid_focal_loss against their usual PyTorch formulations, in float64."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from logit_draws import logits_and_labels
from lossviz import InputError, cross_entropy
from lossviz.binary import binary_cross_entropy_with_logits
from lossviz.focal import focal_loss, sigmoid_focal_loss

ATOL = 1e-12
REDUCTIONS = ["none", "mean", "sum"]
GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]


def _reduce(loss, reduction):
    return {"mean": loss.mean, "sum": loss.sum, "none": loss.sum}[reduction]()


def _reference_focal_loss(logits, target, gamma, alpha, reduction):
    """The usual PyTorch focal loss: pt = exp(-ce), alpha[y] (1 - pt)^gamma ce; autograd grad."""
    x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(target)
    ce = F.cross_entropy(x, t, reduction="none")
    per_sample = (1 - torch.exp(-ce)) ** gamma * ce
    if alpha is not None:
        per_sample = torch.tensor(alpha, dtype=torch.float64)[t] * per_sample
    out = _reduce(per_sample, reduction)
    out.backward()
    return out.item(), per_sample.detach().numpy(), x.grad.numpy()


def _reference_sigmoid_focal_loss(logits, target, alpha, gamma, reduction):
    """torchvision.ops.sigmoid_focal_loss's formula, written out; autograd grad."""
    x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(target, dtype=torch.float64)
    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    per_sample = ce * (1 - p_t) ** gamma
    if alpha >= 0:
        per_sample = (alpha * y + (1 - alpha) * (1 - y)) * per_sample
    out = _reduce(per_sample, reduction)
    out.backward()
    return out.item(), per_sample.detach().numpy(), x.grad.numpy()


def _assert_matches(result, expected_loss, expected_per_sample, expected_grad):
    np.testing.assert_allclose(result.loss, expected_loss, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.reference, expected_loss, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.per_sample, expected_per_sample, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.grad, expected_grad, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.analytic_grad, expected_grad, rtol=1e-10, atol=ATOL)
    assert result.agrees


codes = lambda result: {note.code for note in result.notes}  # noqa: E731


# --- focal_loss (softmax, multi-class) -----------------------------------------------------------


@pytest.mark.parametrize(
    "gamma, alpha, reduction", list(itertools.product(GAMMAS, [None, "random"], REDUCTIONS))
)
def test_focal_loss_matches_pytorch(device, rng, gamma, alpha, reduction):
    logits = rng.normal(size=(8, 4)) * 3
    target = rng.integers(0, 4, size=8)
    a = rng.uniform(0.1, 2.0, size=4) if alpha else None
    result = focal_loss(logits, target, gamma=gamma, alpha=a, reduction=reduction)
    _assert_matches(result, *_reference_focal_loss(logits, target, gamma, a, reduction))
    assert result.denominator == (8.0 if reduction == "mean" else 1.0)
    p_t = result.probs[np.arange(8), target]
    np.testing.assert_allclose(result.target_prob, p_t, rtol=1e-14)
    np.testing.assert_allclose(result.ce, -np.log(p_t), rtol=1e-12)
    np.testing.assert_allclose(result.modulating_factor, (1 - p_t) ** gamma, rtol=1e-10)
    np.testing.assert_allclose(result.alpha_t, np.ones(8) if a is None else a[target])
    assert result.gamma == gamma


def test_seed_example_keeps_12_percent_of_the_cross_entropy():
    result = focal_loss([[1.3, 1.3, 2.6]], [2])
    assert round(float(result.target_prob[0]), 4) == 0.6472
    assert result.loss == pytest.approx(0.4351 * (1 - 0.6472) ** 2, abs=5e-5)
    assert result.loss == pytest.approx(result.ce[0] * result.modulating_factor[0], abs=ATOL)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gamma_zero_without_alpha_is_exactly_cross_entropy(rng, reduction):
    logits = rng.normal(size=(6, 5)) * 4
    target = rng.integers(0, 5, size=6)
    focal = focal_loss(logits, target, gamma=0, reduction=reduction)
    ce = cross_entropy(logits, target, reduction=reduction)
    assert focal.loss == ce.loss
    np.testing.assert_array_equal(focal.per_sample, ce.per_sample)
    np.testing.assert_array_equal(focal.modulating_factor, np.ones(6))
    np.testing.assert_allclose(focal.analytic_grad, ce.analytic_grad, rtol=1e-15, atol=1e-16)
    np.testing.assert_allclose(focal.grad, ce.grad, rtol=1e-14, atol=1e-16)
    torch_value = F.cross_entropy(torch.tensor(logits), torch.tensor(target), reduction=reduction)
    np.testing.assert_allclose(focal.loss, float(torch_value.sum()), rtol=1e-14, atol=ATOL)


def test_alpha_keeps_the_plain_mean_unlike_cross_entropy_weights(rng):
    logits, target, alpha = rng.normal(size=(5, 3)), [0, 1, 2, 2, 2], [1.0, 2.0, 10.0]
    focal = focal_loss(logits, target, gamma=0.0, alpha=alpha)
    ce = cross_entropy(logits, target, weight=alpha, reduction="none")
    np.testing.assert_allclose(focal.per_sample, ce.per_sample, rtol=1e-14)
    assert focal.loss == pytest.approx(ce.per_sample.mean(), abs=ATOL)
    weighted = cross_entropy(logits, target, weight=alpha).loss
    assert weighted == pytest.approx(ce.per_sample.sum() / 33.0, abs=ATOL)
    assert focal.loss != pytest.approx(weighted)
    note = next(n for n in focal.notes if n.code == "focal_alpha_plain_mean")
    assert note.params["weighted_mean"] == pytest.approx(weighted, abs=ATOL)


def test_easy_examples_are_turned_down_hard_ones_kept():
    """p_t = 0.9 keeps 1% of its loss at gamma = 2; p_t = 0.1 keeps 81%."""
    logits = np.log([[0.9, 0.1], [0.1, 0.9]])
    result = focal_loss(logits, [0, 0], reduction="none")
    np.testing.assert_allclose(result.target_prob, [0.9, 0.1], rtol=1e-12)
    np.testing.assert_allclose(result.modulating_factor, [0.01, 0.81], rtol=1e-10)


@pytest.mark.parametrize("gamma", [0.0, 1.0, 2.0, 5.0])
@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_extreme_logits_stay_finite_and_correct(gamma, scale):
    logits = [[scale, 0.0, -scale], [0.0, scale, scale], [40.0, 0.0, 0.0]]
    result = focal_loss(logits, [1, 2, 0], gamma=gamma, reduction="sum")
    assert np.isfinite(result.per_sample).all() and np.isfinite(result.analytic_grad).all()
    _assert_matches(result, *_reference_focal_loss(logits, [1, 2, 0], gamma, None, "sum"))


def test_gamma_below_one_gives_nan_autograd_where_p_t_is_exactly_one():
    """(1 - p_t)^gamma is infinitely steep at p_t = 1; autograd gives inf * 0 = NaN there."""
    logits = [[40.0, 0.0], [1.0, 2.0]]
    result = focal_loss(logits, [0, 1], gamma=0.5, reduction="sum")
    _, _, torch_grad = _reference_focal_loss(logits, [0, 1], 0.5, None, "sum")
    assert np.isnan(torch_grad[0]).all() and np.isnan(result.grad[0]).all()
    np.testing.assert_allclose(result.grad[1], torch_grad[1], rtol=1e-12)
    np.testing.assert_allclose(result.analytic_grad[1], torch_grad[1], rtol=1e-10)
    np.testing.assert_array_equal(np.abs(result.analytic_grad[0]), [0.0, 0.0])
    assert not result.agrees
    note = next(n for n in result.notes if n.code == "focal_gradient_not_finite")
    assert note.params == {"count": 2, "gamma": 0.5}


def test_analytic_gradient_agrees_with_finite_differences(rng):
    logits = rng.normal(size=(3, 4))
    target = [0, 3, 1]
    result = focal_loss(logits, target, gamma=1.5, alpha=[0.5, 1.0, 2.0, 1.5], reduction="sum")
    step = 1e-6
    numeric = np.zeros_like(logits)
    for index in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[index] += step
        down[index] -= step
        numeric[index] = (
            focal_loss(up, target, 1.5, [0.5, 1.0, 2.0, 1.5], "sum").loss
            - focal_loss(down, target, 1.5, [0.5, 1.0, 2.0, 1.5], "sum").loss
        ) / (2 * step)
    np.testing.assert_allclose(result.analytic_grad, numeric, atol=1e-7)


# --- sigmoid_focal_loss (torchvision) ------------------------------------------------------------


@pytest.mark.parametrize(
    "alpha, gamma, reduction",
    list(itertools.product([0.25, 0.5, 0.0, 1.0, -1.0], [0.0, 0.5, 1.0, 2.0], REDUCTIONS)),
)
def test_sigmoid_focal_loss_matches_torchvision(device, rng, alpha, gamma, reduction):
    logits = rng.normal(size=(6, 3)) * 3
    target = rng.integers(0, 2, size=(6, 3)) * 1.0
    target[0] = rng.uniform(0, 1, size=3)
    result = sigmoid_focal_loss(logits, target, alpha=alpha, gamma=gamma, reduction=reduction)
    expected = _reference_sigmoid_focal_loss(logits, target, alpha, gamma, reduction)
    _assert_matches(result, *expected)
    assert result.per_sample.shape == (6, 3)
    assert result.denominator == (18.0 if reduction == "mean" else 1.0)
    p = 1 / (1 + np.exp(-logits))
    p_t = p * target + (1 - p) * (1 - target)
    np.testing.assert_allclose(result.target_prob, p_t, rtol=1e-12)
    np.testing.assert_allclose(result.modulating_factor, (1 - p_t) ** gamma, rtol=1e-9)
    alpha_t = alpha * target + (1 - alpha) * (1 - target) if alpha >= 0 else np.ones((6, 3))
    np.testing.assert_allclose(result.alpha_t, alpha_t, rtol=1e-14)


def test_sigmoid_focal_defaults_are_torchvisions(rng):
    logits, target = rng.normal(size=5), rng.integers(0, 2, size=5) * 1.0
    result = sigmoid_focal_loss(logits, target)
    assert result.reduction == "none" and result.gamma == 2.0
    _assert_matches(result, *_reference_sigmoid_focal_loss(logits, target, 0.25, 2.0, "none"))


def test_sigmoid_focal_without_alpha_and_gamma_is_bce_with_logits(rng):
    logits, target = rng.normal(size=(4, 3)) * 2, rng.integers(0, 2, size=(4, 3)) * 1.0
    focal = sigmoid_focal_loss(logits, target, alpha=-1, gamma=0, reduction="mean")
    bce = binary_cross_entropy_with_logits(logits, target)
    assert focal.loss == pytest.approx(bce.loss, abs=ATOL)
    np.testing.assert_allclose(focal.ce, bce.per_sample, rtol=1e-15)
    np.testing.assert_allclose(focal.grad, bce.grad, rtol=1e-14, atol=ATOL)


@pytest.mark.parametrize("gamma", [0.0, 1.0, 2.0])
@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_sigmoid_focal_extreme_logits_stay_finite_and_correct(gamma, scale):
    logits = [[scale, -scale], [scale, 40.0]]
    target = [[1.0, 1.0], [0.0, 1.0]]
    result = sigmoid_focal_loss(logits, target, gamma=gamma, reduction="sum")
    assert np.isfinite(result.per_sample).all() and np.isfinite(result.analytic_grad).all()
    _assert_matches(result, *_reference_sigmoid_focal_loss(logits, target, 0.25, gamma, "sum"))


def test_sigmoid_focal_gamma_below_one_at_saturation():
    """torchvision's autograd gives NaN where 1 - p_t rounds to 0; the limit is 0."""
    result = sigmoid_focal_loss([40.0, -40.0, 0.3], [1.0, 0.0, 1.0], gamma=0.5, reduction="sum")
    assert np.isnan(result.grad[:2]).all() and np.isfinite(result.grad[2])
    assert np.abs(result.analytic_grad[:2]).max() < 1e-20
    np.testing.assert_allclose(result.analytic_grad[2], result.grad[2], rtol=1e-10)
    assert "focal_gradient_not_finite" in codes(result)


def test_sigmoid_focal_notes_probabilities_passed_as_logits():
    result = sigmoid_focal_loss([0.9, 0.2, 0.6], [1.0, 0.0, 1.0])
    assert "logits_look_like_probabilities" in codes(result)
    assert not sigmoid_focal_loss([2.2, -1.4, 0.4], [1.0, 0.0, 1.0]).notes


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: focal_loss([[1.0, 2.0]], [0], gamma=-1), r"gamma must be a number >= 0"),
        (lambda: focal_loss([[1.0, 2.0]], [0], gamma="2"), r"gamma must be a number >= 0"),
        (lambda: focal_loss([[1.0, 2.0]], [0], gamma=np.nan), r"gamma must be a number >= 0"),
        (lambda: focal_loss([[1.0, 2.0]], [0], gamma=True), r"gamma must be a number >= 0"),
        (lambda: focal_loss([[1.0, 2.0]], [0], alpha=[1.0]), r"alpha must hold one value per"),
        (lambda: focal_loss([[1.0, 2.0]], [0], alpha=[1.0, -1.0]), r"alpha, class 1: -1 is neg"),
        (lambda: focal_loss([[1.0, 2.0]], [2]), r"label 2 is out of range for 2 classes"),
        (lambda: focal_loss([[1.0, 2.0]], [-100]), r"label -100 is out of range"),
        (lambda: focal_loss([1.0, 2.0], [0]), r"wrap a single sample"),
        (lambda: focal_loss([[1.0, 2.0]], [0], reduction="avg"), r"reduction 'avg' is unknown"),
        (lambda: sigmoid_focal_loss([1.0], [1.0], alpha=1.5), r"alpha must be at most 1"),
        (lambda: sigmoid_focal_loss([1.0], [1.0], alpha=None), r"alpha must be a number"),
        (lambda: sigmoid_focal_loss([1.0], [1.0], gamma=-0.5), r"gamma must be a number >= 0"),
        (
            lambda: sigmoid_focal_loss([1.0, 2.0], [1.0, -1.0]),
            r"target, row 2: -1 is outside \[0, 1\]",
        ),
        (lambda: sigmoid_focal_loss([1.0, 2.0], [1.0]), r"target has shape \(1,\) but logits"),
        (lambda: sigmoid_focal_loss([np.nan], [1.0]), r"logits, row 1: the value is NaN"),
        (lambda: sigmoid_focal_loss([1.0], [1.0], reduction="avg"), r"reduction 'avg' is unknown"),
    ],
)
def test_bad_input_raises_a_clear_input_error(call, message):
    with pytest.raises(InputError, match=message):
        call()


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(logits_and_labels(max_classes=5), st.floats(0, 6, allow_nan=False))
def test_focal_never_exceeds_cross_entropy(batch, gamma):
    logits, target = batch
    focal = focal_loss(logits, target, gamma=gamma, reduction="none")
    ce = cross_entropy(logits, target, reduction="none")
    assert (focal.per_sample >= 0).all()
    assert (focal.per_sample <= ce.per_sample + 1e-12).all()
    assert np.isfinite(focal.analytic_grad).all()
    if gamma == 0 or gamma >= 1:
        assert focal.agrees


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 8), elements=st.floats(-50, 50, allow_nan=False)),
    st.data(),
    st.floats(0, 6, allow_nan=False),
)
def test_sigmoid_focal_never_exceeds_bce(logits, data, gamma):
    target = data.draw(arrays(np.float64, logits.shape, elements=st.sampled_from([0.0, 1.0])))
    focal = sigmoid_focal_loss(logits, target, alpha=-1, gamma=gamma)
    bce = binary_cross_entropy_with_logits(logits, target, reduction="none")
    assert (focal.per_sample <= bce.per_sample + 1e-12).all()
    assert np.isfinite(focal.analytic_grad).all()
