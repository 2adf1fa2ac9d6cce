"""The means of a padded batch of sequences or masks, with PyTorch as the oracle in float64."""

import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz import cross_entropy
from lossviz.inputs.elements import PRESETS
from lossviz.lessons.sequences import kept_mean, predicted_classes, sample_means

RNG = np.random.default_rng(13)
SEQUENCES = RNG.normal(size=(3, 4, 6))  # (N, C, T)
PADDED = np.array(
    [[0, 1, 2, 3, 1, 0], [2, 2, 1, -100, -100, -100], [3, -100, -100, -100, -100, -100]]
)
MASKS = RNG.normal(size=(2, 3, 4, 4))  # (N, C, H, W)
BORDERED = RNG.integers(0, 3, size=(2, 4, 4))
BORDERED[0, 0, :] = 255
BORDERED[1, :, 0] = 255
WEIGHT = np.array([1.0, 3.0, 0.5, 2.0])

CASES = [
    (SEQUENCES, PADDED, -100, None),
    (SEQUENCES, PADDED, -100, WEIGHT),
    (SEQUENCES, np.where(PADDED == -100, 0, PADDED), 0, None),  # a padding class
    (MASKS, BORDERED, 255, None),
    (MASKS, BORDERED, 255, WEIGHT[:3]),
]


def _torch(logits, labels, ignore_index, weight, smoothing, reduction):
    return F.cross_entropy(
        torch.tensor(logits),
        torch.tensor(labels),
        weight=None if weight is None else torch.tensor(weight),
        ignore_index=ignore_index,
        label_smoothing=smoothing,
        reduction=reduction,
    )


@pytest.mark.parametrize("case, smoothing", list(itertools.product(range(len(CASES)), [0.0, 0.2])))
def test_the_kept_mean_is_pytorchs_mean_and_the_naive_one_its_none_mean(case, smoothing):
    logits, labels, ignore_index, weight = CASES[case]
    result = cross_entropy(logits, labels, weight, ignore_index, "none", smoothing)
    means = kept_mean(result.per_sample, result.sample_weight, result.ignored)
    pytorch_mean = _torch(logits, labels, ignore_index, weight, smoothing, "mean")
    per_element = _torch(logits, labels, ignore_index, weight, smoothing, "none")
    assert means.mean == pytest.approx(float(pytorch_mean), rel=1e-12)
    assert means.naive_mean == pytest.approx(float(per_element.mean()), rel=1e-12)
    assert means.total == pytest.approx(float(per_element.sum()), rel=1e-12)
    assert means.positions == labels.size
    assert means.kept == int((labels != ignore_index).sum())
    assert means.ignored == int((labels == ignore_index).sum())
    assert means.difference == pytest.approx(means.naive_mean - means.mean)


def test_without_weights_the_naive_mean_is_lower_by_the_share_of_padding():
    result = cross_entropy(SEQUENCES, PADDED, reduction="none")
    means = kept_mean(result.per_sample, result.sample_weight, result.ignored)
    assert means.denominator == means.kept == 10
    assert means.ratio == pytest.approx(10 / 18)


def test_nothing_kept_gives_a_nan_mean_as_pytorch_does():
    labels = np.full((3, 6), -100)
    result = cross_entropy(SEQUENCES, labels, reduction="none")
    means = kept_mean(result.per_sample, result.sample_weight, result.ignored)
    assert math.isnan(means.mean) and math.isnan(
        float(_torch(SEQUENCES, labels, -100, None, 0, "mean"))
    )
    assert means.naive_mean == 0.0 and math.isnan(means.ratio)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_each_samples_mean_is_pytorchs_mean_of_that_sample(case):
    logits, labels, ignore_index, weight = CASES[case]
    result = cross_entropy(logits, labels, weight, ignore_index, "none")
    means = sample_means(result.per_sample, result.sample_weight, result.ignored)
    for n in range(labels.shape[0]):
        one = _torch(logits[n : n + 1], labels[n : n + 1], ignore_index, weight, 0.0, "mean")
        if means.kept[n]:
            assert means.means[n] == pytest.approx(float(one), rel=1e-12)
        else:
            assert math.isnan(means.means[n]) and math.isnan(float(one))
    kept = means.kept > 0
    assert means.mean_of_means == pytest.approx(float(means.means[kept].mean()))
    assert means.kept.tolist() == (labels != ignore_index).reshape(len(labels), -1).sum(1).tolist()


def test_long_sequences_weigh_more_in_the_token_mean():
    result = cross_entropy(SEQUENCES, PADDED, reduction="none")
    per_token = kept_mean(result.per_sample, result.sample_weight, result.ignored).mean
    per_sequence = sample_means(result.per_sample, result.sample_weight, result.ignored)
    expected = np.average(per_sequence.means, weights=per_sequence.kept)
    assert per_token == pytest.approx(expected)


def test_predicted_classes_is_the_argmax_over_the_class_dimension():
    result = cross_entropy(MASKS, BORDERED, ignore_index=255)
    expected = torch.tensor(MASKS).softmax(dim=1).argmax(dim=1).numpy()
    np.testing.assert_array_equal(predicted_classes(result.probs), expected)
    assert predicted_classes(MASKS).shape == (2, 4, 4)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_computes_as_pytorch_does(name):
    preset = PRESETS[name]
    batch = preset.batch()
    result = cross_entropy(batch.logits, batch.labels, ignore_index=preset.ignore_index)
    reference = _torch(batch.logits, batch.labels, preset.ignore_index, None, 0.0, "mean")
    assert result.agrees and result.loss == pytest.approx(float(reference), rel=1e-12)
    assert result.ignored.any()  # every preset shows padding or a border
