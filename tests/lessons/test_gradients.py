"""The gradient helpers, checked against PyTorch's autograd in float64."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import lossviz
from lossviz.lessons.gradients import (
    double_softmax,
    gradient_norms,
    gradient_summary,
    row_sums,
    true_class_curve,
    true_class_curves,
    true_class_points,
    true_class_target,
)

LOGITS = np.array(
    [[2.0, 0.5, -1.0], [1.8, 0.2, 0.1], [0.3, 0.8, 1.2], [1.5, 1.0, 0.2], [-3.0, 4.0, 0.0]]
)
LABELS = np.array([0, 0, 2, 1, 2])
WEIGHT = np.array([1.0, 4.0, 6.0])

OPTIONS = [
    {"reduction": reduction, "weight": weight, "label_smoothing": eps, "ignore_index": ignore}
    for reduction in ("mean", "sum", "none")
    for weight in (None, WEIGHT)
    for eps in (0.0, 0.2)
    for ignore in (-100, 1)
]


def _reference_grad(logits, target, before=None, **options):
    """What loss.backward() gives on the logits, with an optional function applied before."""
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    x = before(z) if before is not None else z
    weight = options.pop("weight")
    if weight is not None:
        weight = torch.tensor(weight, dtype=torch.float64)
    target_t = (
        torch.tensor(target, dtype=torch.float64)
        if np.asarray(target).ndim == 2
        else torch.tensor(target)
    )
    loss = F.cross_entropy(x, target_t, weight=weight, **options)
    (loss.sum() if loss.dim() else loss).backward()
    return float(loss.detach().sum()), z.grad.numpy()


@pytest.mark.parametrize("options", OPTIONS)
def test_the_true_class_curve_passes_through_every_kept_sample(options):
    result = lossviz.cross_entropy(LOGITS, LABELS, **options)
    points = true_class_points(result)
    grid, curves = true_class_curves(result, options["weight"])
    assert grid[0] == 0.0 and grid[-1] == 1.0
    for i in np.flatnonzero(points.kept):
        label = int(points.labels[i])
        expected = true_class_curve(
            points.prob[i],
            3,
            label=label,
            weight=options["weight"],
            smoothing=options["label_smoothing"],
            denominator=result.denominator,
        )
        assert points.grad[i] == pytest.approx(float(expected), abs=1e-12)
        key = None if options["weight"] is None else label
        curve_at_p = np.interp(points.prob[i], grid, curves[key])
        assert curve_at_p == pytest.approx(float(expected), abs=1e-9)


@pytest.mark.parametrize("options", OPTIONS)
def test_rows_sum_to_zero_with_any_options(options):
    result = lossviz.cross_entropy(LOGITS, LABELS, **options)
    _, grad = _reference_grad(LOGITS, LABELS, **dict(options))
    np.testing.assert_allclose(result.grad, grad, atol=1e-14)
    np.testing.assert_allclose(row_sums(result.grad), 0.0, atol=1e-14)
    assert gradient_summary(result).largest_row_sum < 1e-14


def test_rows_sum_to_zero_with_soft_targets_and_weights(rng):
    soft = rng.dirichlet(np.ones(3), size=5)
    result = lossviz.cross_entropy(LOGITS, soft, weight=WEIGHT, label_smoothing=0.1)
    np.testing.assert_allclose(row_sums(result.grad), 0.0, atol=1e-14)


def test_unweighted_sum_is_p_minus_one():
    result = lossviz.cross_entropy(LOGITS, LABELS, reduction="sum")
    points = true_class_points(result)
    np.testing.assert_allclose(points.grad, points.prob - 1.0, atol=1e-14)
    np.testing.assert_allclose(true_class_curve([0.25], 3), [-0.75])


def test_smoothing_moves_the_zero_crossing_to_the_smoothed_target():
    top = true_class_target(4, 0.2)
    assert top == pytest.approx(0.85)
    assert true_class_curve([top], 4, smoothing=0.2)[0] == pytest.approx(0.0, abs=1e-15)


def test_ignored_samples_are_flagged_and_zero():
    result = lossviz.cross_entropy(LOGITS, LABELS, ignore_index=2)
    points = true_class_points(result)
    assert points.kept.tolist() == [True, True, False, True, False]
    np.testing.assert_array_equal(result.grad[~points.kept], 0.0)
    summary = gradient_summary(result)
    assert summary.ignored == 2
    assert summary.largest == pytest.approx(np.abs(result.grad).max())


def test_no_curves_for_soft_targets_or_when_everything_is_ignored():
    soft = np.eye(3)[LABELS] * 0.8 + 0.2 / 3
    assert true_class_curves(lossviz.cross_entropy(LOGITS, soft))[1] == {}
    everything = lossviz.cross_entropy(LOGITS[:2], [0, 0], ignore_index=0)
    assert true_class_curves(everything)[1] == {}


def test_soft_targets_use_the_most_likely_class():
    soft = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    points = true_class_points(lossviz.cross_entropy(LOGITS[:2], soft))
    assert points.labels.tolist() == [1, 0]


def test_curves_per_class_with_weights():
    result = lossviz.cross_entropy(LOGITS, LABELS, weight=WEIGHT, ignore_index=1)
    _, curves = true_class_curves(result, WEIGHT)
    assert sorted(curves) == [0, 2]
    assert curves[2][0] == pytest.approx(-WEIGHT[2] / result.denominator)


@pytest.mark.parametrize("options", OPTIONS[::3])
def test_double_softmax_matches_autograd(options):
    result = double_softmax(LOGITS, LABELS, **options)
    loss, grad = _reference_grad(LOGITS, LABELS, before=lambda z: torch.softmax(z, 1), **options)
    np.testing.assert_allclose(result.grad, grad, atol=1e-14)
    np.testing.assert_allclose(result.analytic_grad, grad, atol=1e-14)
    assert result.loss == pytest.approx(loss, rel=1e-12)


def test_double_softmax_the_documented_example():
    plain = lossviz.cross_entropy([[2.0, 1.0, -1.0]], [0])
    double = double_softmax([[2.0, 1.0, -1.0]], [0])
    assert round(plain.loss, 3) == 0.349 and round(double.loss, 3) == 0.766
    assert not any(note.code == "logits_look_like_probabilities" for note in double.notes)


def test_double_softmax_starves_confident_mistakes():
    wrong = [[8.0, -2.0, 0.0]]
    plain = lossviz.cross_entropy(wrong, [1])
    double = double_softmax(wrong, [1])
    assert gradient_norms(double.grad)[0] < 0.01 * gradient_norms(plain.grad)[0]


def test_double_softmax_soft_targets():
    soft = np.array([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    result = double_softmax(LOGITS[:2], soft)
    _, grad = _reference_grad(LOGITS[:2], soft, before=lambda z: torch.softmax(z, 1), weight=None)
    np.testing.assert_allclose(result.grad, grad, atol=1e-14)


def test_double_softmax_refuses_what_cross_entropy_refuses():
    with pytest.raises(lossviz.InputError):
        double_softmax(LOGITS, LABELS, reduction="avg")
