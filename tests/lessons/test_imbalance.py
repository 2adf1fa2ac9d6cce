"""lossviz.lessons.imbalance against PyTorch in float64: class weights, focal, label smoothing."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz import InputError, cross_entropy, focal_loss
from lossviz.inputs.batch import Batch
from lossviz.inputs.presets import imbalanced_batch
from lossviz.kl import smoothed_label_entropy
from lossviz.lessons.imbalance import (
    WEIGHT_SCHEMES,
    class_breakdown,
    class_counts,
    class_weights,
    focal_alpha,
    focal_comparison,
    focal_curves,
    focal_ratio_curves,
    imbalance_ratio,
    smoothing_curves,
)
from lossviz.ui.frame import MAX_LINKED_VALUES

REDUCTIONS = ["mean", "sum", "none"]
GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]


def _reduce(loss, reduction):
    return {"mean": loss.mean, "sum": loss.sum, "none": loss.sum}[reduction]()


# The imbalanced batch


@pytest.mark.parametrize("ratio", [1, 2, 3, 7, 10, 25, 50, 100])
def test_the_batch_has_the_ratio_asked_for(ratio):
    batch = imbalanced_batch(ratio)
    counts = np.bincount(batch.target, minlength=3)
    assert counts[0] / counts[2] == ratio
    assert counts[0] >= counts[1] >= counts[2] >= 1
    assert imbalance_ratio(counts) == ratio
    assert batch.target[:3].tolist() == [0, 1, 2]
    assert batch.class_names == ("cat", "dog", "猪八戒")


@pytest.mark.parametrize("ratio", [1, 10, 100])
def test_the_batch_is_reproducible_and_fits_in_a_link(ratio):
    batch = imbalanced_batch(ratio)
    again = imbalanced_batch(ratio)
    np.testing.assert_array_equal(batch.logits, again.logits)
    np.testing.assert_array_equal(batch.target, again.target)
    assert batch.logits.size <= MAX_LINKED_VALUES
    np.testing.assert_array_equal(batch.logits, np.round(batch.logits, 2))
    text = batch.to_text()
    back = Batch.from_text(text["logits"], text["target"], text["class_names"], text["weight"])
    np.testing.assert_array_equal(back.logits, batch.logits)
    assert not np.array_equal(imbalanced_batch(ratio, seed=1).logits, batch.logits)


def test_the_model_leans_toward_the_majority():
    batch = imbalanced_batch(20)
    probs = torch.softmax(torch.tensor(batch.logits), dim=1).numpy()
    p_true = probs[np.arange(batch.num_samples), batch.target]
    by_class = [p_true[batch.target == c].mean() for c in range(3)]
    assert by_class[0] > 0.8 > by_class[2]
    assert (probs.argmax(axis=1) == 0).mean() > 0.7


def test_other_sizes():
    batch = imbalanced_batch(4, samples=200, classes=5, seed=3)
    counts = np.bincount(batch.target)
    assert counts[0] == 4 * counts[-1] and batch.num_classes == 5
    assert batch.class_names[4] == "class 4"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"ratio": 0.5}, "ratio must be a number between 1 and 1000"),
        ({"ratio": float("nan")}, "ratio"),
        ({"ratio": 5, "classes": 1}, "classes must be a whole number between 2 and 100"),
        ({"ratio": 5, "samples": 2}, "samples must be a whole number between 3"),
        ({"ratio": 5, "seed": -1}, "seed"),
        ({"ratio": 5, "classes": 2.5}, "classes must be a whole number"),
    ],
)
def test_bad_batch_arguments(kwargs, message):
    with pytest.raises(InputError, match=message):
        imbalanced_batch(**kwargs)


# Counts and weights


def test_counts_and_ratio():
    assert class_counts(np.array([2, 0, 0, 2, 0]), 4).tolist() == [3, 0, 2, 0]
    assert imbalance_ratio([3, 0, 2, 0]) == 1.5
    assert math.isnan(imbalance_ratio([0, 0]))
    with pytest.raises(InputError, match="out of range"):
        class_counts([0, 3], 3)


@pytest.mark.parametrize("scheme", WEIGHT_SCHEMES)
def test_every_scheme_has_mean_weight_one_and_favours_the_rare(scheme):
    weights = class_weights([100, 10, 1], scheme, beta=0.99)
    assert weights.mean() == pytest.approx(1.0, rel=1e-14)
    assert weights[0] < weights[1] < weights[2]


def test_inverse_frequencies():
    counts = np.array([40.0, 13.0, 4.0])
    np.testing.assert_allclose(
        class_weights(counts, "inverse"), 3 * (1 / counts) / (1 / counts).sum(), rtol=1e-14
    )
    root = 1 / np.sqrt(counts)
    np.testing.assert_allclose(class_weights(counts, "inverse_sqrt"), 3 * root / root.sum())


def test_the_effective_number_lies_between_equal_weights_and_inverse_frequency():
    counts = [40, 13, 4]
    beta = 0.99
    raw = (1 - beta) / (1 - beta ** np.array(counts, dtype=float))
    np.testing.assert_allclose(class_weights(counts, "effective", beta), 3 * raw / raw.sum())
    np.testing.assert_array_equal(class_weights(counts, "effective", 0.0), np.ones(3))
    np.testing.assert_allclose(
        class_weights(counts, "effective", 1 - 1e-9), class_weights(counts, "inverse"), rtol=1e-6
    )


def test_absent_classes_are_counted_once_and_rounding():
    weights = class_weights([9, 0, 1], "inverse")
    assert np.isfinite(weights).all()
    assert weights[1] == weights[2]
    assert class_weights([40, 13, 4], decimals=2).tolist() == [0.21, 0.66, 2.13]


@pytest.mark.parametrize(
    "args, message",
    [
        (([1, 2], "median"), "weight scheme 'median' is unknown"),
        (([1, -2], "inverse"), "counts must be one whole number >= 0"),
        (([1, 2.5], "inverse"), "counts must be one whole number"),
        (([1, 2], "effective", 1.0), "beta must be below 1"),
        (([1, 2], "effective", -0.1), "beta must be a number between 0 and 1"),
    ],
)
def test_bad_weight_arguments(args, message):
    with pytest.raises(InputError, match=message):
        class_weights(*args)


# The loss class by class


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
def test_class_breakdown_against_pytorch(rng, reduction, weighted):
    logits = rng.normal(size=(12, 4)) * 2
    labels = rng.integers(0, 3, size=12)  # class 3 has no sample
    weight = np.array([0.5, 2.0, 4.0, 1.0]) if weighted else None
    result = cross_entropy(logits, labels, weight=weight, reduction=reduction)
    parts = class_breakdown(result.per_sample, result.grad, labels, result.denominator, 4)

    x = torch.tensor(logits, requires_grad=True)
    y = torch.tensor(labels)
    w = torch.tensor(weight) if weighted else None
    per_sample = F.cross_entropy(x, y, weight=w, reduction="none")
    loss = F.cross_entropy(x, y, weight=w, reduction=reduction)
    loss.sum().backward()
    rows = x.grad.norm(dim=1).numpy()
    for c in range(4):
        chosen = labels == c
        assert parts.counts[c] == chosen.sum()
        assert parts.loss_sum[c] == pytest.approx(per_sample.detach().numpy()[chosen].sum())
        assert parts.grad_norm[c] == pytest.approx(rows[chosen].sum(), rel=1e-12, abs=1e-15)
    assert parts.loss_share.sum() == pytest.approx(loss.sum().item(), rel=1e-12)
    assert parts.loss_share[3] == 0 and parts.grad_norm[3] == 0


def test_class_breakdown_refuses_a_gradient_of_the_wrong_shape():
    with pytest.raises(InputError, match="grad must have one row of 2 values per sample"):
        class_breakdown([1.0, 2.0], [[0.0, 0.0]], [0, 1], 1.0, 2)


# Focal loss


def test_alpha_conventions():
    assert focal_alpha(None, 3).convention == "none"
    assert focal_alpha(np.array([]), 3).alpha is None
    np.testing.assert_array_equal(focal_alpha([0.25], 2).alpha, [0.75, 0.25])
    assert focal_alpha([0.25], 2).convention == "binary"
    assert focal_alpha([0.4], 4).convention == "uniform"
    np.testing.assert_array_equal(focal_alpha([1, 2, 3], 3).alpha, [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    "values, classes, message",
    [
        ([1.5], 2, r"alpha, row 1: 1.5 is outside \[0, 1\]"),
        ([-0.5], 3, "outside"),
        ([1.0, 2.0], 3, r"alpha must hold one value per class \(3\); got shape \(2,\)"),
        ([1.0, -2.0, 1.0], 3, "alpha, class 1: -2 is negative"),
        ([1.0, float("nan"), 1.0], 3, "NaN"),
    ],
)
def test_bad_alpha(values, classes, message):
    with pytest.raises(InputError, match=message):
        focal_alpha(values, classes)


def _torchvision_sigmoid_focal_loss(inputs, targets, alpha, gamma, reduction):
    """``torchvision.ops.sigmoid_focal_loss``, written out (torchvision is not a dependency)."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    return _reduce(loss, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("gamma", [0.0, 1.0, 2.0, 5.0])
@pytest.mark.parametrize("alpha", [0.25, 0.5, 0.9])
def test_one_alpha_for_two_classes_is_torchvisions_sigmoid_focal_loss(rng, reduction, gamma, alpha):
    logits = rng.normal(size=(10, 2)) * 3
    labels = rng.integers(0, 2, size=10)
    result = focal_loss(logits, labels, gamma, focal_alpha([alpha], 2).alpha, reduction)
    x = torch.tensor(logits[:, 1] - logits[:, 0], requires_grad=True)
    expected = _torchvision_sigmoid_focal_loss(
        x, torch.tensor(labels, dtype=torch.float64), alpha, gamma, reduction
    )
    expected.backward()
    assert result.loss == pytest.approx(expected.item(), rel=1e-12, abs=1e-15)
    # d/dz1 = d/dx and d/dz0 = -d/dx, since x = z1 - z0
    np.testing.assert_allclose(result.grad[:, 1], x.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(result.grad[:, 0], -x.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_focal_curves_against_pytorch():
    p = np.array([0.01, 0.1, 0.3, 0.5, 0.8, 0.99])
    curves = focal_curves(p, GAMMAS)
    # two classes with logits (0, logit(p)): the probability of class 1 is p
    x = torch.tensor(np.column_stack([np.zeros_like(p), np.log(p / (1 - p))]))
    ce = F.cross_entropy(x, torch.ones(p.size, dtype=torch.long), reduction="none")
    for k, gamma in enumerate(GAMMAS):
        expected = (1 - torch.exp(-ce)) ** gamma * ce
        np.testing.assert_allclose(curves[k], expected.numpy(), rtol=1e-12)
    assert focal_curves([1.0], [0.0, 2.0]).tolist() == [[0.0], [0.0]]
    with pytest.raises(InputError, match=r"p must lie in \(0, 1\]"):
        focal_curves([0.0], [2.0])
    with pytest.raises(InputError, match="gamma must be >= 0"):
        focal_curves([0.5], [-1.0])


def test_focal_ratio_curves():
    grid = np.array([0.0, 0.5, 1.0])
    assert focal_ratio_curves(grid, 2.0)[None].tolist() == [1.0, 0.25, 0.0]
    assert focal_ratio_curves(grid, 2.0, [0.5, 0.5])[None].tolist() == [0.5, 0.125, 0.0]
    curves = focal_ratio_curves(grid, 1.0, [1.0, 3.0])
    assert curves[1].tolist() == [3.0, 1.5, 0.0]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("alpha", [None, [0.5, 1.0, 3.0]])
def test_focal_comparison_against_pytorch(reduction, alpha):
    batch = imbalanced_batch(10)
    result = focal_loss(batch.logits, batch.target, 2.0, alpha, reduction)
    compared = focal_comparison(
        result.target_prob, result.ce, result.modulating_factor, result.alpha_t, reduction
    )
    x = torch.tensor(batch.logits)
    y = torch.tensor(batch.target)
    ce = F.cross_entropy(x, y, reduction="none")
    pt = torch.exp(-ce)
    focal = (1 - pt) ** 2 * ce
    if alpha is not None:
        focal = torch.tensor(alpha)[y] * focal
    reduced = F.cross_entropy(x, y, reduction=reduction).sum().item()
    assert compared.ce_loss == pytest.approx(reduced, rel=1e-12)
    np.testing.assert_allclose(compared.ratio, (focal / ce).numpy(), rtol=1e-10)
    np.testing.assert_allclose(compared.on_curve, ((1 - pt) ** 2 * ce).numpy(), rtol=1e-10)
    assert compared.kept == pytest.approx((focal.sum() / ce.sum()).item(), rel=1e-12)
    easy = (pt >= 0.5).numpy()
    assert compared.easy == easy.sum()
    assert compared.easy_share_ce == pytest.approx((ce[easy].sum() / ce.sum()).item())
    assert compared.easy_share_focal == pytest.approx((focal[easy].sum() / focal.sum()).item())
    assert compared.easy_share_focal < compared.easy_share_ce


def test_focal_comparison_of_a_perfect_batch():
    compared = focal_comparison([1.0], [0.0], [0.0], [1.0])
    assert math.isnan(compared.kept) and compared.ce_loss == 0.0


# Label smoothing


@pytest.mark.parametrize("classes", [2, 3, 10])
@pytest.mark.parametrize("eps", [0.0, 0.1, 0.3, 1.0])
def test_smoothing_curves_against_pytorch(classes, eps):
    curves = smoothing_curves(classes, eps, points=49)
    p = curves.p
    rest = (1 - p) / (classes - 1)
    probs = np.column_stack([p] + [rest] * (classes - 1))
    x = torch.tensor(np.log(probs), requires_grad=True)
    y = torch.zeros(p.size, dtype=torch.long)
    loss = F.cross_entropy(x, y, reduction="none", label_smoothing=eps)
    loss.sum().backward()
    np.testing.assert_allclose(curves.loss_smoothed, loss.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(curves.grad_smoothed, x.grad[:, 0].numpy(), atol=1e-14)
    plain = F.cross_entropy(x.detach(), y, reduction="none")
    np.testing.assert_allclose(curves.loss_plain, plain.numpy(), rtol=1e-12)
    np.testing.assert_allclose(curves.grad_plain, p - 1, atol=1e-15)
    assert curves.true_target == pytest.approx(1 - eps + eps / classes)
    assert curves.floor == pytest.approx(float(smoothed_label_entropy(classes, eps)), abs=1e-14)
    assert curves.grad_at_one == pytest.approx(eps * (classes - 1) / classes)
    assert (curves.loss_smoothed >= curves.floor - 1e-12).all()


def test_the_smoothed_loss_is_lowest_at_the_smoothed_target():
    curves = smoothing_curves(3, 0.2, points=999)
    best = curves.p[np.argmin(curves.loss_smoothed)]
    assert best == pytest.approx(curves.true_target, abs=2e-3)
    assert curves.loss_smoothed[-1] > curves.loss_smoothed[np.argmin(curves.loss_smoothed)]


def test_bad_smoothing_arguments():
    with pytest.raises(InputError, match="smoothing must be a number between 0 and 1"):
        smoothing_curves(3, 1.5)
    with pytest.raises(InputError, match="the number of classes must be a whole number between 2"):
        smoothing_curves(1, 0.1)
