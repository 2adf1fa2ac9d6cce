"""cross_entropy and nll_loss on every layout: (C,), (N, C), (N, C, d1, ..., dK), empty batches.

Every step-by-step field is checked against PyTorch in float64: the loss, the per-element
losses (shaped like the labels), the gradient and its closed form, and the steps a view shows
(probabilities along the class dimension, log-sum-exp, the picked log-probability, the weights
and the ignored mask, per element).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from lossviz import cross_entropy, nll_loss
from lossviz.cross_entropy import reduction_summary

TOL = {"rtol": 1e-12, "atol": 1e-12}
#: (C,), (N, C), K-dim up to 4-dim, and empty batches and positions.
SHAPES = [(4,), (3, 4), (2, 4, 5), (2, 4, 3, 2), (0, 4), (0, 4, 5), (2, 4, 0)]
REDUCTIONS = ["none", "mean", "sum"]


def _class_dim(shape):
    return 0 if len(shape) == 1 else 1


def _element_shape(shape):
    return () if len(shape) == 1 else (shape[0], *shape[2:])


def _inputs(shape, seed, soft=False, ignore_index=-100):
    """Seeded logits, and labels with a few ignored (or class probabilities)."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=shape) * 2
    c = shape[_class_dim(shape)]
    if soft:
        target = torch.softmax(torch.tensor(rng.normal(size=shape)), _class_dim(shape)).numpy()
        return logits, target
    labels = rng.integers(0, c, size=_element_shape(shape))
    if labels.size > 2:
        labels.reshape(-1)[::3] = ignore_index
    return logits, np.asarray(labels)


def _reference_cross_entropy(logits, target, reduction, weight=None, **kwargs):
    """PyTorch's value (the sum for 'none'), its 'none' output and the gradient of the value."""
    x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    soft = np.shape(target) == np.shape(logits)
    t = torch.tensor(target, dtype=torch.float64 if soft else torch.long)
    w = None if weight is None else torch.tensor(weight, dtype=torch.float64)
    out = F.cross_entropy(x, t, weight=w, reduction=reduction, **kwargs)
    out.sum().backward()
    per_element = F.cross_entropy(x.detach(), t, weight=w, reduction="none", **kwargs)
    return float(out.detach().sum()), per_element.numpy(), x.grad.numpy()


def _reference_nll_loss(log_probs, target, reduction, weight=None, **kwargs):
    x = torch.tensor(log_probs, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(target, dtype=torch.long)
    w = None if weight is None else torch.tensor(weight, dtype=torch.float64)
    out = F.nll_loss(x, t, weight=w, reduction=reduction, **kwargs)
    out.sum().backward()
    per_element = F.nll_loss(x.detach(), t, weight=w, reduction="none", **kwargs)
    return float(out.detach().sum()), per_element.numpy(), x.grad.numpy()


def _assert_matches(result, expected):
    value, per_element, grad = expected
    np.testing.assert_allclose(result.loss, value, equal_nan=True, **TOL)
    np.testing.assert_allclose(result.reference, value, equal_nan=True, **TOL)
    assert result.per_sample.shape == per_element.shape
    np.testing.assert_allclose(result.per_sample, per_element, **TOL)
    assert result.grad.shape == grad.shape
    np.testing.assert_allclose(result.grad, grad, **TOL)
    np.testing.assert_allclose(result.analytic_grad, grad, rtol=1e-10, atol=1e-12)
    assert result.agrees


@pytest.mark.parametrize(
    "shape, reduction, weighted, smoothing, ignore_index",
    list(itertools.product(SHAPES, REDUCTIONS, [False, True], [0.0, 0.2], [-100, 1])),
)
def test_index_targets_on_every_layout(device, shape, reduction, weighted, smoothing, ignore_index):
    logits, target = _inputs(shape, seed=len(shape), ignore_index=ignore_index)
    c = shape[_class_dim(shape)]
    weight = np.linspace(0.5, 2.0, c) if weighted else None
    kwargs = {"ignore_index": ignore_index, "label_smoothing": smoothing}
    result = cross_entropy(logits, target, weight=weight, reduction=reduction, **kwargs)
    _assert_matches(result, _reference_cross_entropy(logits, target, reduction, weight, **kwargs))

    element = _element_shape(shape)
    class_dim = _class_dim(shape)
    x = torch.tensor(logits)
    for name in ("per_sample", "logsumexp", "target_log_prob", "sample_weight", "ignored"):
        assert getattr(result, name).shape == element, name
    for name in ("probs", "log_probs", "target_probs", "grad", "analytic_grad"):
        assert getattr(result, name).shape == shape, name
    np.testing.assert_allclose(result.probs, torch.softmax(x, class_dim).numpy(), **TOL)
    np.testing.assert_allclose(result.logsumexp, torch.logsumexp(x, class_dim).numpy(), **TOL)
    np.testing.assert_array_equal(result.ignored, target == ignore_index)
    np.testing.assert_array_equal(result.target, target)
    kept = ~result.ignored
    picked = np.take_along_axis(
        result.log_probs, np.expand_dims(np.where(kept, target, 0), class_dim), class_dim
    ).squeeze(class_dim)
    np.testing.assert_allclose(result.target_log_prob[kept], picked[kept], **TOL)
    assert np.isnan(result.target_log_prob[~kept]).all()
    class_weight = np.ones(c) if weight is None else weight
    np.testing.assert_allclose(result.sample_weight[kept], class_weight[target[kept]], **TOL)
    assert (result.sample_weight[~kept] == 0).all()
    np.testing.assert_allclose(result.target_probs.sum(axis=class_dim), kept * 1.0, **TOL)
    if reduction == "mean":
        assert result.denominator == pytest.approx(result.sample_weight.sum(), rel=1e-12)


@pytest.mark.parametrize(
    "shape, reduction, weighted, smoothing",
    list(itertools.product(SHAPES, REDUCTIONS, [False, True], [0.0, 0.2])),
)
def test_probability_targets_on_every_layout(device, shape, reduction, weighted, smoothing):
    logits, target = _inputs(shape, seed=7, soft=True)
    c = shape[_class_dim(shape)]
    weight = np.linspace(0.5, 2.0, c) if weighted else None
    result = cross_entropy(
        logits, target, weight=weight, reduction=reduction, label_smoothing=smoothing
    )
    expected = _reference_cross_entropy(
        logits, target, reduction, weight, label_smoothing=smoothing
    )
    _assert_matches(result, expected)
    assert result.soft_target and result.target_probs.shape == shape
    elements = int(np.prod(_element_shape(shape)))
    if reduction == "mean":
        assert result.denominator == (elements if elements and c else 0)


@pytest.mark.parametrize(
    "shape, reduction, weighted",
    list(itertools.product(SHAPES, REDUCTIONS, [False, True])),
)
def test_nll_loss_on_every_layout(device, shape, reduction, weighted):
    logits, target = _inputs(shape, seed=3)
    log_probs = torch.log_softmax(torch.tensor(logits), _class_dim(shape)).numpy()
    c = shape[_class_dim(shape)]
    weight = np.linspace(2.0, 0.5, c) if weighted else None
    result = nll_loss(log_probs, target, weight=weight, reduction=reduction)
    _assert_matches(result, _reference_nll_loss(log_probs, target, reduction, weight))
    for name in ("per_sample", "picked", "sample_weight", "ignored"):
        assert getattr(result, name).shape == _element_shape(shape), name
    as_cross_entropy = cross_entropy(logits, target, weight=weight, reduction=reduction)
    np.testing.assert_allclose(result.loss, as_cross_entropy.loss, equal_nan=True, **TOL)
    np.testing.assert_allclose(result.per_sample, as_cross_entropy.per_sample, **TOL)


def test_a_single_sample_has_a_zero_dim_loss():
    """One sample (C,) with a label of shape (): as F.cross_entropy, one 0-dim loss."""
    result = cross_entropy([1.3, 1.3, 2.6], 2, reduction="none")
    assert result.per_sample.shape == () and result.ignored.shape == ()
    assert round(float(result.per_sample), 4) == 0.4351
    assert result.probs.shape == (3,) and result.grad.shape == (3,)
    same = cross_entropy([[1.3, 1.3, 2.6]], [2])
    np.testing.assert_allclose(result.grad, same.grad[0], **TOL)
    assert not result.notes


def test_a_single_sample_with_a_one_element_label_is_noted():
    """PyTorch computes it, but its backward() raises: lossviz computes and says so."""
    x = torch.tensor([1.3, 1.3, 2.6], dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(x, torch.tensor([2]))
    with pytest.raises(RuntimeError, match="size mismatch"):
        loss.backward()
    result = cross_entropy(x.detach(), torch.tensor([2]))
    assert result.loss == pytest.approx(loss.item(), rel=1e-12)
    assert result.agrees
    assert [note.code for note in result.notes] == ["pytorch_backward_fails"]


def test_padded_sequences_mean_over_real_tokens_only():
    """The usual ignore_index=-100: padding in a batch of sequences (N, C, T)."""
    rng = np.random.default_rng(13)
    logits = rng.normal(size=(2, 5, 4))
    target = np.array([[1, 4, 0, 2], [3, 3, -100, -100]])
    result = cross_entropy(logits, target, reduction="none")
    assert result.per_sample.shape == (2, 4)
    np.testing.assert_array_equal(result.ignored, target == -100)
    assert (result.per_sample[result.ignored] == 0).all()
    mean = cross_entropy(logits, target)
    real_tokens = result.per_sample[~result.ignored].mean()
    assert mean.loss == pytest.approx(real_tokens, rel=1e-12)
    assert mean.denominator == 6
    naive = result.per_sample.mean()  # over all 8 positions, padding counted as 0
    assert naive == pytest.approx(real_tokens * 6 / 8, rel=1e-12)
    summary = reduction_summary(result.per_sample, result.sample_weight, result.ignored)
    assert (summary.kept, summary.ignored) == (6, 2)
    assert summary.mean == pytest.approx(mean.loss, rel=1e-12)


def test_segmentation_gives_a_loss_map_per_pixel():
    rng = np.random.default_rng(14)
    logits = rng.normal(size=(2, 3, 4, 5))
    mask = rng.integers(0, 3, size=(2, 4, 5))
    result = cross_entropy(logits, mask, reduction="none")
    assert result.per_sample.shape == (2, 4, 5)
    by_pixel = -np.take_along_axis(result.log_probs, mask[:, None], 1)[:, 0]
    np.testing.assert_allclose(result.per_sample, by_pixel, **TOL)
    assert cross_entropy(logits, mask).loss == pytest.approx(by_pixel.mean(), rel=1e-12)


@st.composite
def layouts(draw):
    """A layout with its labels, options and reduction."""
    ndim = draw(st.integers(1, 4))
    c = draw(st.integers(1, 4))
    shape = (
        (c,)
        if ndim == 1
        else (
            draw(st.integers(0, 3)),
            c,
            *draw(st.lists(st.integers(0, 3), min_size=ndim - 2, max_size=ndim - 2)),
        )
    )
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=shape) * draw(st.sampled_from([0.1, 3.0, 30.0]))
    labels = rng.integers(0, c, size=_element_shape(shape))
    if labels.size and draw(st.booleans()):
        labels.reshape(-1)[0] = -100
    options = {
        "reduction": draw(st.sampled_from(REDUCTIONS)),
        "label_smoothing": draw(st.sampled_from([0.0, 0.05, 0.5])),
        "weight": rng.uniform(-1.0, 2.0, size=c) if draw(st.booleans()) else None,
    }
    return logits, np.asarray(labels), options


@settings(max_examples=80, deadline=None)
@given(layouts())
def test_any_layout_matches_pytorch(layout):
    logits, labels, options = layout
    result = cross_entropy(logits, labels, **options)
    weight = options.pop("weight")
    _assert_matches(result, _reference_cross_entropy(logits, labels, weight=weight, **options))
