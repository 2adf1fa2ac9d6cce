"""loss_terms, loss_floor and reduction_summary against torch.nn.functional, in float64."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz import cross_entropy, kl_decomposition
from lossviz.cross_entropy import loss_floor, loss_terms, reduction_summary

WEIGHTS = [None, "random"]
SMOOTHING = [0.0, 0.1, 1.0]
IGNORE = [-100, 1]


def _torch_ce(logits, target, **kwargs):
    x = torch.tensor(logits, dtype=torch.float64)
    t = torch.tensor(target)
    if kwargs.get("weight") is not None:
        kwargs["weight"] = torch.tensor(kwargs["weight"], dtype=torch.float64)
    return F.cross_entropy(x, t, **kwargs).numpy()


def _batch(rng, weight, soft=False):
    logits = rng.normal(size=(7, 4)) * 2
    target = rng.dirichlet(np.ones(4), size=7) if soft else rng.integers(0, 4, size=7)
    w = rng.uniform(0.1, 3.0, size=4) if weight else None
    return logits, target, w


@pytest.mark.parametrize(
    "weight, smoothing, ignore_index, soft",
    [(*combo, False) for combo in itertools.product(WEIGHTS, SMOOTHING, IGNORE)]
    + [(w, e, -100, True) for w, e in itertools.product(WEIGHTS, SMOOTHING)],
)
def test_loss_terms_add_up_to_pytorch_per_sample_losses(rng, weight, smoothing, ignore_index, soft):
    logits, target, w = _batch(rng, weight, soft)
    kwargs = dict(weight=w, ignore_index=ignore_index, label_smoothing=smoothing)
    result = cross_entropy(logits, target, **kwargs)
    terms = loss_terms(result.log_probs, result.target_probs, w)
    expected = _torch_ce(logits, target, reduction="none", **kwargs)
    np.testing.assert_allclose(terms.sum(axis=1), expected, rtol=1e-12, atol=1e-12)
    assert (terms >= 0).all()


def test_without_smoothing_only_the_target_class_has_a_share(rng):
    logits, target, w = _batch(rng, True)
    result = cross_entropy(logits, target, weight=w)
    terms = loss_terms(result.log_probs, result.target_probs, w)
    others = np.ones_like(terms, dtype=bool)
    others[np.arange(7), target] = False
    assert (terms[others] == 0).all()


@pytest.mark.parametrize("weight, smoothing", list(itertools.product(WEIGHTS, [0.1, 0.5, 1.0])))
def test_loss_floor_is_pytorch_loss_at_the_best_logits(rng, weight, smoothing):
    """At logits log(w q), PyTorch's loss is the floor; random logits never go below it."""
    logits, target, w = _batch(rng, weight)
    result = cross_entropy(logits, target, weight=w, label_smoothing=smoothing)
    floor = loss_floor(result.target_probs, w)
    weighted = result.target_probs * (1.0 if w is None else w)
    best = _torch_ce(
        np.log(weighted), target, weight=w, label_smoothing=smoothing, reduction="none"
    )
    np.testing.assert_allclose(floor, best, rtol=1e-12, atol=1e-12)
    for _ in range(20):
        other = rng.normal(size=logits.shape) * 3
        losses = _torch_ce(other, target, weight=w, label_smoothing=smoothing, reduction="none")
        assert (losses >= floor - 1e-12).all()


def test_loss_floor_without_weights_is_the_entropy_of_the_target(rng):
    soft = rng.dirichlet(np.ones(5), size=4)
    np.testing.assert_allclose(
        loss_floor(soft), kl_decomposition(soft, soft).entropy, rtol=1e-12, atol=1e-15
    )
    smoothed = cross_entropy([[0.0, 5.0, 1.0]], [1], label_smoothing=0.3).target_probs
    entropy = -(smoothed * np.log(smoothed)).sum()
    assert loss_floor(smoothed)[0] == pytest.approx(entropy, abs=1e-12)


def test_loss_floor_of_one_hot_and_ignored_rows_is_zero():
    assert loss_floor([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]).tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    "weight, ignore_index, soft",
    [(*combo, False) for combo in itertools.product(WEIGHTS, [-100, 1, 2])]
    + [(w, -100, True) for w in WEIGHTS],
)
def test_reduction_summary_matches_pytorch_mean_and_sum(rng, weight, ignore_index, soft):
    logits, target, w = _batch(rng, weight, soft)
    kwargs = dict(weight=w, ignore_index=ignore_index)
    result = cross_entropy(logits, target, reduction="none", **kwargs)
    summary = reduction_summary(result.per_sample, result.sample_weight, result.ignored)
    assert summary.total == pytest.approx(_torch_ce(logits, target, reduction="sum", **kwargs))
    assert summary.mean == pytest.approx(_torch_ce(logits, target, reduction="mean", **kwargs))
    per_sample = _torch_ce(logits, target, reduction="none", **kwargs)
    kept = ~result.ignored
    assert summary.plain_mean == pytest.approx(per_sample[kept].mean())
    assert summary.kept == kept.sum() and summary.ignored == result.ignored.sum()
    assert summary.differs == (weight is not None and not soft)


def test_reduction_summary_when_everything_is_ignored():
    result = cross_entropy([[1.0, 2.0], [0.5, -1.0]], [0, 0], ignore_index=0)
    summary = reduction_summary(result.per_sample, result.sample_weight, result.ignored)
    assert summary.total == 0.0 and summary.denominator == 0.0
    assert math.isnan(summary.mean) and math.isnan(summary.plain_mean)
    assert (summary.kept, summary.ignored) == (0, 2)
    assert not summary.differs


def test_reduction_summary_checks_shapes():
    with pytest.raises(ValueError, match="sample_weight has shape"):
        reduction_summary([1.0, 2.0], [1.0], [False, False])


@pytest.mark.parametrize("shape", [(4,), (2, 4, 3), (2, 4, 3, 2)])
@pytest.mark.parametrize("weight, smoothing", [(None, 0.0), ("random", 0.1)])
def test_terms_and_floor_on_every_layout(rng, shape, weight, smoothing):
    """Summed over the class dimension, the terms give PyTorch's per-element losses."""
    class_dim = 0 if len(shape) == 1 else 1
    element = () if len(shape) == 1 else (shape[0], *shape[2:])
    logits = rng.normal(size=shape)
    target = rng.integers(0, shape[class_dim], size=element)
    w = rng.uniform(0.5, 2.0, size=shape[class_dim]) if weight else None
    kwargs = dict(weight=w, label_smoothing=smoothing)
    result = cross_entropy(logits, target, reduction="none", **kwargs)
    terms = loss_terms(result.log_probs, result.target_probs, w)
    assert terms.shape == shape
    expected = _torch_ce(logits, target, reduction="none", **kwargs)
    np.testing.assert_allclose(terms.sum(axis=class_dim), expected, rtol=1e-12, atol=1e-14)
    floor = loss_floor(result.target_probs, w)
    assert floor.shape == element
    best = cross_entropy(
        np.log(np.clip(result.target_probs, 1e-300, None)), target, reduction="none", **kwargs
    )
    if w is None:
        np.testing.assert_allclose(floor, best.per_sample, rtol=1e-9, atol=1e-12)
    assert (floor <= result.per_sample + 1e-12).all()
