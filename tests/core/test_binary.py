"""binary_cross_entropy and binary_cross_entropy_with_logits against torch, values and gradients."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lossviz import InputError
from lossviz.binary import binary_cross_entropy, binary_cross_entropy_with_logits

ATOL = 1e-12
REDUCTIONS = ["none", "mean", "sum"]
SHAPES = [(7,), (5, 3)]
WEIGHTS = [None, "scalar", "last", "column", "full"]
POS_WEIGHTS = [None, "scalar", "one", "per_class", "per_row"]


def _tensor(values):
    return None if values is None else torch.tensor(values, dtype=torch.float64)


def _reference(function, first, target, reduction, **kwargs):
    """PyTorch's value (the sum for 'none'), its 'none' output and the gradient of the value."""
    x = torch.tensor(first, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(target, dtype=torch.float64)
    kwargs = {key: _tensor(value) for key, value in kwargs.items()}
    out = function(x, t, reduction=reduction, **kwargs)
    out = out.sum() if reduction == "none" else out
    out.backward()
    per_sample = function(x.detach(), t, reduction="none", **kwargs)
    return out.item(), per_sample.numpy(), x.grad.numpy()


def _reference_binary_cross_entropy(probs, target, reduction, weight=None):
    return _reference(F.binary_cross_entropy, probs, target, reduction, weight=weight)


def _reference_binary_cross_entropy_with_logits(
    logits, target, reduction, weight=None, pos_weight=None
):
    return _reference(
        F.binary_cross_entropy_with_logits,
        logits,
        target,
        reduction,
        weight=weight,
        pos_weight=pos_weight,
    )


def _assert_matches(result, expected_loss, expected_per_sample, expected_grad):
    np.testing.assert_allclose(result.loss, expected_loss, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.reference, expected_loss, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.per_sample, expected_per_sample, rtol=1e-12, atol=ATOL)
    assert result.per_sample.shape == np.shape(expected_per_sample)
    np.testing.assert_allclose(result.grad, expected_grad, rtol=1e-12, atol=ATOL)
    np.testing.assert_allclose(result.analytic_grad, expected_grad, rtol=1e-10, atol=ATOL)
    assert result.agrees


def _make_weight(kind, shape, rng, low=0.1):
    if kind is None:
        return None
    sizes = {
        "scalar": (),
        "one": (1,),
        "last": shape[-1:],
        "per_class": shape[-1:],
        "column": shape[:1] + (1,) * (len(shape) - 1),
        "per_row": shape[:1] + (1,) * (len(shape) - 1),
        "full": shape,
    }
    return rng.uniform(low, 3.0, size=sizes[kind])


codes = lambda result: {note.code for note in result.notes}  # noqa: E731


# --- binary_cross_entropy on probabilities -------------------------------------------------------


@pytest.mark.parametrize(
    "shape, weight, reduction, soft", list(itertools.product(SHAPES, WEIGHTS, REDUCTIONS, [0, 1]))
)
def test_binary_cross_entropy_matches_pytorch(device, rng, shape, weight, reduction, soft):
    probs = rng.uniform(0.01, 0.99, size=shape)
    target = rng.uniform(0, 1, size=shape) if soft else rng.integers(0, 2, size=shape) * 1.0
    w = _make_weight(weight, shape, rng)
    result = binary_cross_entropy(probs, target, weight=w, reduction=reduction)
    _assert_matches(result, *_reference_binary_cross_entropy(probs, target, reduction, w))
    assert result.denominator == (probs.size if reduction == "mean" else 1.0)
    np.testing.assert_allclose(
        result.element_weight, np.broadcast_to(1.0 if w is None else w, shape)
    )
    np.testing.assert_allclose(result.log_x, np.log(probs), rtol=1e-14)
    np.testing.assert_allclose(result.log_1mx, np.log1p(-probs), rtol=1e-14)
    assert not result.clamped.any() and not result.notes
    assert result.pos_weight is None


def test_cat_detector_example():
    result = binary_cross_entropy([0.9, 0.2], [1.0, 0.0])
    np.testing.assert_allclose(result.per_sample, [-np.log(0.9), -np.log(0.8)], rtol=1e-14)
    assert result.loss == pytest.approx((-np.log(0.9) - np.log(0.8)) / 2, abs=ATOL)
    np.testing.assert_allclose(result.grad, [-1 / 0.9 / 2, 1 / 0.8 / 2], rtol=1e-12)


def test_mean_divides_by_the_number_of_elements_not_the_weights():
    probs, target, weight = [0.3, 0.6, 0.9], [1.0, 0.0, 1.0], [1.0, 10.0, 100.0]
    result = binary_cross_entropy(probs, target, weight=weight)
    assert result.denominator == 3.0
    assert result.loss == pytest.approx(result.per_sample.sum() / 3, abs=ATOL)


def test_probabilities_of_exactly_zero_and_one_clamp_the_log_at_minus_100():
    probs = [0.0, 1.0, 1e-50, 0.0, 1.0, 0.3]
    target = [1.0, 0.0, 1.0, 0.0, 1.0, 0.5]
    result = binary_cross_entropy(probs, target, reduction="none")
    _assert_matches(result, *_reference_binary_cross_entropy(probs, target, "none"))
    np.testing.assert_array_equal(result.per_sample[:5], [100.0, 100.0, 100.0, 0.0, 0.0])
    assert result.clamped.tolist() == [True, True, True, False, False, False]
    assert result.log_x[0] == -100.0 and result.log_1mx[1] == -100.0
    assert np.isfinite(result.per_sample).all() and np.isfinite(result.grad).all()
    note = next(n for n in result.notes if n.code == "bce_log_clamped")
    assert note.params == {"count": 3}


def test_gradient_at_the_clamp_is_about_1e12():
    """PyTorch divides by max(x (1 - x), 1e-12), with 1e-12 held as a float32 constant."""
    epsilon = float(np.float32(1e-12))
    result = binary_cross_entropy([0.0, 1.0], [1.0, 0.0], reduction="sum")
    np.testing.assert_array_equal(result.grad, [-1 / epsilon, 1 / epsilon])
    np.testing.assert_array_equal(result.analytic_grad, result.grad)
    assert abs(result.grad[0]) == pytest.approx(1e12, rel=1e-8)
    mean = binary_cross_entropy([0.0, 1.0], [1.0, 0.0], weight=[2.0, 3.0])
    np.testing.assert_allclose(mean.grad, [-2 / epsilon / 2, 3 / epsilon / 2], rtol=1e-15)
    assert mean.agrees


def test_gradient_near_the_clamp_is_capped_not_exact():
    result = binary_cross_entropy([1 - 1e-13], [1.0], reduction="sum")
    _assert_matches(result, *_reference_binary_cross_entropy([1 - 1e-13], [1.0], "sum"))
    assert result.grad[0] == pytest.approx(-0.1, rel=1e-3)  # the true derivative is -1
    assert "bce_gradient_clamped" in codes(result)
    assert "bce_log_clamped" not in codes(result)


def test_right_and_certain_is_zero_without_nan():
    result = binary_cross_entropy([0.0, 1.0], [0.0, 1.0])
    assert result.loss == 0.0 and not result.notes
    np.testing.assert_array_equal(result.grad, [0.0, 0.0])
    np.testing.assert_array_equal(result.analytic_grad, [0.0, 0.0])


def test_a_single_number_works_as_in_pytorch():
    result = binary_cross_entropy(0.3, 1.0)
    assert result.per_sample.shape == ()
    _assert_matches(result, *_reference_binary_cross_entropy(0.3, 1.0, "mean"))


def test_negative_weights_compute_what_pytorch_computes_with_a_note():
    """lossviz used to refuse negative weights; PyTorch computes them, and so does lossviz."""
    x, y = (
        torch.tensor([0.3, 0.6], dtype=torch.float64),
        torch.tensor([1.0, 0.0], dtype=torch.float64),
    )
    assert F.binary_cross_entropy(x, y, weight=torch.tensor([-1.0, 1.0], dtype=torch.float64)) < 0
    result = binary_cross_entropy([0.3, 0.6], [1.0, 0.0], weight=[-1.0, 1.0])
    _assert_matches(
        result, *_reference_binary_cross_entropy([0.3, 0.6], [1.0, 0.0], "mean", [-1.0, 1.0])
    )
    assert result.loss < 0
    note = next(n for n in result.notes if n.code == "negative_weight")
    assert note.params == {"name": "weight", "value": -1.0, "position": "row 1"}
    logits = binary_cross_entropy_with_logits([0.3, 0.6], [1.0, 0.0], pos_weight=-2.0)
    _assert_matches(
        logits,
        *_reference_binary_cross_entropy_with_logits(
            [0.3, 0.6], [1.0, 0.0], "mean", pos_weight=-2.0
        ),
    )
    assert "negative_weight" in codes(logits)


# --- binary_cross_entropy_with_logits ------------------------------------------------------------


@pytest.mark.parametrize(
    "weight, pos_weight, reduction",
    list(itertools.product(WEIGHTS, POS_WEIGHTS, REDUCTIONS)),
)
def test_with_logits_matches_pytorch(device, rng, weight, pos_weight, reduction):
    shape = (6, 4)
    logits = rng.normal(size=shape) * 4
    target = rng.integers(0, 2, size=shape) * 1.0
    target[0] = rng.uniform(0, 1, size=4)  # soft targets are legal
    w = _make_weight(weight, shape, rng)
    pw = _make_weight(pos_weight, shape, rng, low=0.0)
    result = binary_cross_entropy_with_logits(
        logits, target, weight=w, pos_weight=pw, reduction=reduction
    )
    expected = _reference_binary_cross_entropy_with_logits(logits, target, reduction, w, pw)
    _assert_matches(result, *expected)
    np.testing.assert_allclose(result.probs, 1 / (1 + np.exp(-logits)), rtol=1e-14)
    np.testing.assert_allclose(result.pos_weight, np.broadcast_to(1.0 if pw is None else pw, shape))
    np.testing.assert_allclose(result.log_x, F.logsigmoid(torch.tensor(logits)).numpy(), rtol=1e-14)
    assert not result.clamped.any() and not result.notes


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_one_dimensional_logits_match_pytorch(rng, reduction):
    logits, target = rng.normal(size=9) * 3, rng.integers(0, 2, size=9) * 1.0
    for pw in (None, 2.5, [0.5]):
        result = binary_cross_entropy_with_logits(
            logits, target, pos_weight=pw, reduction=reduction
        )
        expected = _reference_binary_cross_entropy_with_logits(
            logits, target, reduction, pos_weight=pw
        )
        _assert_matches(result, *expected)


@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_extreme_logits_stay_finite_and_correct(scale):
    logits = [[scale, -scale, 0.0], [scale, scale, -scale]]
    target = [[1.0, 0.0, 1.0], [0.0, 0.5, 1.0]]
    for pw in (None, [2.0, 3.0, 0.5]):
        result = binary_cross_entropy_with_logits(logits, target, pos_weight=pw, reduction="sum")
        assert np.isfinite(result.per_sample).all() and np.isfinite(result.grad).all()
        expected = _reference_binary_cross_entropy_with_logits(logits, target, "sum", pos_weight=pw)
        _assert_matches(result, *expected)
    right = binary_cross_entropy_with_logits([1e4, -1e4], [1.0, 0.0])
    assert right.loss == 0.0
    wrong = binary_cross_entropy_with_logits([1e4, -1e4], [0.0, 1.0], reduction="none")
    np.testing.assert_array_equal(wrong.per_sample, [1e4, 1e4])


def test_pos_weight_multiplies_only_the_positive_term():
    logits, target = [0.5, 0.5], [1.0, 0.0]
    plain = binary_cross_entropy_with_logits(logits, target, reduction="none")
    weighted = binary_cross_entropy_with_logits(logits, target, pos_weight=3.0, reduction="none")
    np.testing.assert_allclose(weighted.per_sample, plain.per_sample * [3.0, 1.0], rtol=1e-14)
    same = binary_cross_entropy_with_logits(logits, target, pos_weight=[1.0])
    assert same.loss == pytest.approx(plain.per_sample.mean(), abs=ATOL)


def test_minus_one_targets_are_computed_and_noted():
    """The {-1, 1} labels mistake: PyTorch gives a number, even a negative one."""
    logits, target = [2.0, -3.0, 1.0], [1.0, -1.0, -1.0]
    result = binary_cross_entropy_with_logits(logits, target, reduction="none")
    _assert_matches(result, *_reference_binary_cross_entropy_with_logits(logits, target, "none"))
    assert (result.per_sample < 0).any()
    note = next(n for n in result.notes if n.code == "bce_target_outside_unit_interval")
    assert note.params == {"count": 2, "value": -1.0, "position": "row 2"}
    assert "(y + 1) / 2" in note.message


def test_sigmoid_before_the_logits_version_is_noted():
    raw = [[2.0, -1.0], [0.5, -3.0]]
    squashed = torch.sigmoid(torch.tensor(raw, dtype=torch.float64)).numpy()
    target = [[1.0, 0.0], [1.0, 0.0]]
    assert "logits_look_like_probabilities" in codes(
        binary_cross_entropy_with_logits(squashed, target)
    )
    assert not binary_cross_entropy_with_logits(raw, target).notes
    # All-zero logits are a natural starting point, a single value proves nothing.
    assert not binary_cross_entropy_with_logits([[0.0, 0.0]], [[1.0, 0.0]]).notes
    assert not binary_cross_entropy_with_logits([0.7], [1.0]).notes
    # The double sigmoid squashes the loss: certain and right still costs about 0.31.
    twice = binary_cross_entropy_with_logits([1.0 - 1e-9], [1.0])
    assert twice.loss == pytest.approx(np.log1p(np.exp(-1.0)), abs=1e-8)


def test_accepts_numpy_torch_and_lists():
    values = {
        binary_cross_entropy([0.3, 0.8], [1, 0]).loss,
        binary_cross_entropy(np.array([0.3, 0.8]), np.array([1, 0])).loss,
        binary_cross_entropy(torch.tensor([0.3, 0.8]), torch.tensor([1.0, 0.0])).loss,
    }
    assert len({round(v, 6) for v in values}) == 1


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: binary_cross_entropy([[0.2, 0.4], [1.5, 0.1]], [[1, 0], [1, 0]]),
            r"probs, row 2, column 1: 1\.5 is outside \[0, 1\]",
        ),
        (
            lambda: binary_cross_entropy([0.2, 0.4], [1.0, -1.0]),
            r"target, row 2: -1 is outside \[0, 1\]",
        ),
        (lambda: binary_cross_entropy([0.2, 0.4], [1.0]), r"target has shape \(1,\) but probs"),
        (
            lambda: binary_cross_entropy([[0.2, 0.4]], [[1.0, 0.0]], weight=[1.0, 2.0, 3.0]),
            r"weight has shape \(3,\), which does not fit the target's shape \(1, 2\)",
        ),
        (
            lambda: binary_cross_entropy([0.2, 0.4], [1.0, 0.0], weight=np.ones((2, 2))),
            r"weight has shape \(2, 2\), which does not fit",
        ),
        (lambda: binary_cross_entropy([0.2, np.nan], [1, 0]), r"probs, row 2: the value is NaN"),
        (lambda: binary_cross_entropy([0.2], [1], reduction="avg"), r"reduction 'avg' is unknown"),
        (lambda: binary_cross_entropy([0.2, "x"], [1, 0]), r"must be a number"),
        (
            lambda: binary_cross_entropy_with_logits(
                [[1.0, 2.0]], [[1.0, 0.0]], pos_weight=[1, 2, 3]
            ),
            r"pos_weight has shape \(3,\).*one value per class, shape \(2,\), or a single number",
        ),
        (
            lambda: binary_cross_entropy_with_logits([[1.0, 2.0]], [[1.0, 0.0]], weight=[1, 2, 3]),
            r"weight has shape \(3,\).*\(such as \(2,\) for one value per column\)",
        ),
        (
            lambda: binary_cross_entropy_with_logits([1.0, 2.0], [[1.0, 0.0]]),
            r"target has shape \(1, 2\) but logits has shape \(2,\)",
        ),
        (
            lambda: binary_cross_entropy_with_logits([1.0], [1.0], reduction="batchmean"),
            r"reduction 'batchmean' is unknown",
        ),
    ],
)
def test_bad_input_raises_a_clear_input_error(call, message):
    with pytest.raises(InputError, match=message):
        call()


@pytest.mark.parametrize(
    "function, args, kwargs",
    [
        (binary_cross_entropy, ([[0.2, 0.4]], [[1.0, 0.0]]), {"weight": [[1.0, -2.0]]}),
        (binary_cross_entropy, ([], []), {}),
        (binary_cross_entropy_with_logits, ([1.0, 2.0], [1.0, 0.0]), {"pos_weight": [1, -1]}),
        (binary_cross_entropy_with_logits, ([1.0, np.inf], [1.0, 0.0]), {}),
    ],
)
def test_calls_lossviz_used_to_refuse_compute_as_pytorch(function, args, kwargs):
    """Negative weights, no values, infinite logits: PyTorch computes them, so lossviz does."""
    torch_function = getattr(F, function.__name__)
    tensors = [torch.tensor(a, dtype=torch.float64) for a in args]
    options = {k: torch.tensor(v, dtype=torch.float64) for k, v in kwargs.items()}
    expected = torch_function(*tensors, **options).item()
    result = function(*args, **kwargs)
    np.testing.assert_allclose(result.loss, expected, rtol=1e-12, equal_nan=True)
    assert result.agrees


# --- properties ----------------------------------------------------------------------------------

unit_values = st.floats(0, 1, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 8), elements=unit_values),
    st.data(),
)
def test_bce_is_never_negative_for_targets_in_the_unit_interval(probs, data):
    target = data.draw(arrays(np.float64, probs.shape, elements=unit_values))
    result = binary_cross_entropy(probs, target, reduction="none")
    assert (result.per_sample >= 0).all()
    assert np.isfinite(result.grad).all()
    assert result.agrees


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 8), elements=st.floats(-15, 15, allow_nan=False)),
    st.data(),
)
def test_bce_of_sigmoid_equals_the_logits_version_away_from_the_clamp(logits, data):
    """Equal up to the rounding of 1 - sigmoid(x), which grows like e^|x| (why logits are safer)."""
    target = data.draw(arrays(np.float64, logits.shape, elements=unit_values))
    probs = 1 / (1 + np.exp(-logits))
    on_probs = binary_cross_entropy(probs, target, reduction="none")
    on_logits = binary_cross_entropy_with_logits(logits, target, reduction="none")
    np.testing.assert_allclose(on_probs.per_sample, on_logits.per_sample, rtol=1e-8, atol=1e-9)
    # Chain rule through the sigmoid: dL/dlogit = dL/dp * p (1 - p).
    chained = on_probs.grad * probs * (1 - probs)
    np.testing.assert_allclose(chained, on_logits.grad, rtol=1e-6, atol=1e-9)
    assert on_logits.agrees and (on_logits.per_sample >= 0).all()
