"""mse_loss, l1_loss, smooth_l1_loss and huber_loss against PyTorch (float64), and properties."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lossviz.errors import InputError
from lossviz.regression import huber_loss, l1_loss, mse_loss, smooth_l1_loss

TOL = {"rtol": 1e-12, "atol": 1e-12}
LOSSES = {
    "mse_loss": mse_loss,
    "l1_loss": l1_loss,
    "smooth_l1_loss": smooth_l1_loss,
    "huber_loss": huber_loss,
}
CASES = [
    ("mse_loss", {}),
    ("l1_loss", {}),
    ("smooth_l1_loss", {}),
    ("smooth_l1_loss", {"beta": 0.5}),
    ("smooth_l1_loss", {"beta": 0.0}),
    ("smooth_l1_loss", {"beta": 3.0}),
    ("huber_loss", {}),
    ("huber_loss", {"delta": 0.3}),
    ("huber_loss", {"delta": 2.5}),
]


def _reference(name, input, target, reduction, **options):
    """PyTorch's elementwise output, its reduced value and the gradient wrt the input."""
    function = getattr(F, name)
    x = torch.tensor(input, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(target, dtype=torch.float64)
    elementwise = function(x.detach(), y, reduction="none", **options)
    out = function(x, y, reduction=reduction, **options)
    out = out.sum() if out.dim() else out
    out.backward()
    return elementwise.numpy(), float(out.detach()), x.grad.numpy()


def _check(name, input, target, reduction, **options):
    elementwise, value, grad = _reference(name, input, target, reduction, **options)
    r = LOSSES[name](input, target, reduction=reduction, **options)
    assert r.name == name
    np.testing.assert_allclose(r.per_sample, elementwise, **TOL)
    assert r.per_sample.shape == np.shape(input)
    assert r.loss == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert r.reference == pytest.approx(value, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(r.grad, grad, **TOL)
    np.testing.assert_allclose(r.analytic_grad, grad, **TOL)
    np.testing.assert_allclose(r.error, np.subtract(input, target), **TOL)
    assert r.denominator == (np.size(input) if reduction == "mean" else 1)
    assert r.agrees
    return r


@pytest.mark.parametrize(("name", "options"), CASES)
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 3, 2), ()])
def test_matches_pytorch(name, options, reduction, shape):
    rng = np.random.default_rng(sum(shape) + len(name))
    input = rng.normal(size=shape) * 2
    target = rng.normal(size=shape) * 2
    _check(name, input, target, reduction, **options)


@pytest.mark.parametrize(("name", "options"), CASES)
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_errors_on_the_kinks_match_pytorch(name, options, reduction):
    """d = 0 (L1's sign is 0 there) and |d| exactly at beta / delta."""
    edge = options.get("beta", options.get("delta", 1.0))
    input = np.array([0.0, edge, -edge, 2 * edge + 1, 0.5 * edge, 1.0, -1.0])
    _check(name, input, np.zeros_like(input), reduction, **options)


def test_doc_examples():
    r = mse_loss([2.5, 0.0, 2.0], [3.0, -0.5, 2.0])
    assert r.loss == pytest.approx(0.5 / 3, rel=1e-12)
    np.testing.assert_allclose(r.analytic_grad, [-1 / 3, 1 / 3, 0.0], **TOL)
    r = l1_loss([2.5, 0.0, 2.0], [3.0, -0.5, 2.0])
    assert r.loss == pytest.approx(1 / 3, rel=1e-12)
    assert r.grad[2] == 0.0
    r = smooth_l1_loss([0.5, 3.0], [0.0, 0.0], reduction="none")
    assert r.per_sample.tolist() == [0.125, 2.5]
    r = huber_loss([0.5, 3.0], [0.0, 0.0], reduction="none", delta=2.0)
    assert r.per_sample.tolist() == [0.125, 4.0]


def test_smooth_l1_with_beta_zero_is_l1():
    rng = np.random.default_rng(3)
    input, target = rng.normal(size=(2, 5))
    smooth = smooth_l1_loss(input, target, beta=0)
    plain = l1_loss(input, target)
    assert smooth.loss == pytest.approx(plain.loss, rel=1e-15)
    np.testing.assert_array_equal(smooth.grad, plain.grad)
    assert [note.code for note in smooth.notes] == ["smooth_l1_beta_zero"]
    assert plain.notes == ()


def test_huber_is_delta_times_smooth_l1():
    rng = np.random.default_rng(4)
    input, target = rng.normal(size=(2, 8)) * 3
    huber = huber_loss(input, target, delta=1.7, reduction="none")
    smooth = smooth_l1_loss(input, target, beta=1.7, reduction="none")
    np.testing.assert_allclose(huber.per_sample, 1.7 * smooth.per_sample, **TOL)
    np.testing.assert_allclose(huber.grad, 1.7 * smooth.grad, **TOL)


def test_large_errors_grow_linearly_with_huber_and_quadratically_with_mse():
    assert huber_loss([100.0], [0.0]).loss == pytest.approx(99.5)
    assert mse_loss([100.0], [0.0]).loss == pytest.approx(10000.0)
    assert smooth_l1_loss([100.0], [0.0]).grad.tolist() == [1.0]


@pytest.mark.parametrize("function", list(LOSSES.values()))
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"reduction": "batchmean"}, r"reduction 'batchmean' is unknown"),
        ({"input": [[1.0], [2.0, 3.0]]}, "ragged rows"),
    ],
)
def test_bad_input_raises(function, kwargs, match):
    arguments = {"input": [1.0, 2.0], "target": [0.0, 0.0], **kwargs}
    with pytest.raises(InputError, match=match):
        function(**arguments)


@pytest.mark.parametrize("function", list(LOSSES.values()))
@pytest.mark.parametrize(
    "kwargs",
    [
        {"target": [[1.0], [2.0]]},
        {"input": [1.0, float("nan")]},
        {"target": [float("inf"), 1.0]},
        {"input": [], "target": []},
    ],
)
def test_calls_lossviz_used_to_refuse_compute_as_pytorch(function, kwargs):
    """(2,) against (2, 1) broadcasts to (2, 2) in PyTorch, with a warning (a note here); NaN,
    infinity and no values compute too."""
    arguments = {"input": [1.0, 2.0], "target": [0.0, 0.0], **kwargs}
    for reduction in ("none", "mean", "sum"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            expected = getattr(F, function.__name__)(
                torch.tensor(arguments["input"], dtype=torch.float64),
                torch.tensor(arguments["target"], dtype=torch.float64),
                reduction=reduction,
            )
        result = function(**arguments, reduction=reduction)
        np.testing.assert_allclose(result.loss, float(expected.sum()), rtol=1e-12, equal_nan=True)
        if reduction == "none":
            assert result.per_sample.shape == expected.shape
        assert result.agrees
    broadcast = function(**{"input": [1.0, 2.0], "target": [[1.0], [2.0]]})
    assert "regression_broadcast" in [note.code for note in broadcast.notes]


@pytest.mark.parametrize(
    ("function", "kwargs", "match"),
    [
        (smooth_l1_loss, {"beta": -1.0}, r"beta must be a number >= 0; got -1.0"),
        (smooth_l1_loss, {"beta": float("nan")}, "beta must be a number >= 0"),
        (smooth_l1_loss, {"beta": "1"}, r"beta must be a number >= 0; got '1'"),
        (huber_loss, {"delta": 0.0}, r"delta must be a number > 0; got 0.0"),
        (huber_loss, {"delta": -2}, "delta must be a number > 0"),
        (huber_loss, {"delta": None}, "delta must be a number > 0"),
    ],
)
def test_bad_threshold_raises(function, kwargs, match):
    with pytest.raises(InputError, match=match):
        function([1.0], [0.0], **kwargs)


@pytest.mark.parametrize(
    ("function", "kwargs"),
    [
        (smooth_l1_loss, {"beta": True}),
        (smooth_l1_loss, {"beta": float("inf")}),
        (huber_loss, {"delta": float("inf")}),
        (huber_loss, {"delta": True}),
    ],
)
def test_thresholds_lossviz_used_to_refuse_compute_as_pytorch(function, kwargs):
    """PyTorch takes a bool (True is 1.0) and an infinite beta or delta."""
    _check(function.__name__, np.array([0.5, -3.0, 2.0]), np.zeros(3), "mean", **kwargs)


# properties

finite = st.floats(-1e3, 1e3, allow_subnormal=False)
thresholds = st.floats(1e-3, 10.0)


@st.composite
def pairs(draw):
    n = draw(st.integers(1, 8))
    return draw(arrays(np.float64, n, elements=finite)), draw(
        arrays(np.float64, n, elements=finite)
    )


@settings(max_examples=100, deadline=None)
@given(pairs(), thresholds)
def test_losses_are_non_negative(pair, threshold):
    input, target = pair
    for r in (
        mse_loss(input, target),
        l1_loss(input, target),
        smooth_l1_loss(input, target, beta=threshold),
        huber_loss(input, target, delta=threshold),
    ):
        assert r.loss >= 0
        assert (r.per_sample >= 0).all()
        assert r.agrees


@settings(max_examples=100, deadline=None)
@given(pairs(), thresholds)
def test_smooth_l1_gradient_is_bounded_by_one(pair, beta):
    r = smooth_l1_loss(*pair, beta=beta, reduction="sum")
    assert (np.abs(r.grad) <= 1.0).all()
    assert (np.abs(r.analytic_grad) <= 1.0).all()


@settings(max_examples=100, deadline=None)
@given(pairs(), thresholds)
def test_huber_equals_delta_times_smooth_l1(pair, delta):
    huber = huber_loss(*pair, delta=delta, reduction="none")
    smooth = smooth_l1_loss(*pair, beta=delta, reduction="none")
    np.testing.assert_allclose(huber.per_sample, delta * smooth.per_sample, rtol=1e-12, atol=1e-12)
    assert (np.abs(huber.grad) <= delta).all()


# --- PyTorch's broadcasting and dtypes -----------------------------------------------------------


def _reference_broadcast(name, input, target, reduction, **options):
    """PyTorch's 'none' output, its value and the input's gradient, for shapes that differ."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _reference(name, input, target, reduction, **options)


@pytest.mark.parametrize(("name", "options"), CASES)
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize(
    "input_shape, target_shape", [((4, 1), (4,)), ((4,), (4, 1)), ((3, 4), (4,)), ((), (3,))]
)
def test_shapes_broadcast_as_in_pytorch(name, options, reduction, input_shape, target_shape):
    rng = np.random.default_rng(len(input_shape) + len(target_shape))
    input = rng.normal(size=input_shape) * 2
    target = rng.normal(size=target_shape) * 2
    elementwise, value, grad = _reference_broadcast(name, input, target, reduction, **options)
    r = LOSSES[name](input, target, reduction=reduction, **options)
    shape = np.broadcast_shapes(input_shape, target_shape)
    assert r.per_sample.shape == r.error.shape == shape
    np.testing.assert_allclose(r.per_sample, elementwise, **TOL)
    assert r.loss == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert r.grad.shape == input_shape  # summed back over the broadcast dimensions
    np.testing.assert_allclose(r.analytic_grad, grad, **TOL)
    assert r.denominator == (np.prod(shape) if reduction == "mean" else 1)
    assert "regression_broadcast" in [note.code for note in r.notes]
    assert r.agrees


def test_the_classic_mistake_compares_every_prediction_with_every_target():
    """A model's (N, 1) output against (N,) targets: PyTorch's mean is over N x N pairs."""
    predictions = np.array([[1.0], [2.0], [3.0]])
    targets = np.array([1.0, 2.0, 3.0])
    wrong = mse_loss(predictions, targets)
    right = mse_loss(predictions.squeeze(1), targets)
    assert right.loss == 0.0
    assert wrong.loss == pytest.approx(12.0 / 9.0)
    assert wrong.per_sample.shape == (3, 3)


def test_l1_of_two_integer_tensors_is_computed_in_integers():
    """PyTorch subtracts in the tensors' own type: for uint8, 1 - 3 wraps around to 254."""
    x = torch.tensor([1, 5], dtype=torch.uint8)
    y = torch.tensor([3, 2], dtype=torch.uint8)
    expected = F.l1_loss(x, y, reduction="none")
    r = l1_loss(x, y, reduction="none")
    assert expected.tolist() == r.per_sample.tolist() == [254, 3]
    assert r.loss == float(F.l1_loss(x, y, reduction="sum"))
    assert "integer_l1" in [note.code for note in r.notes]
    assert r.agrees
    as_numbers = l1_loss([1, 5], [3, 2], reduction="none")  # lists are values: no wrap
    assert as_numbers.per_sample.tolist() == [2.0, 3.0]


def test_a_huber_target_of_integers_computes_but_pytorchs_backward_refuses():
    x = torch.tensor([0.5, 3.0], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([0, 1])
    loss = F.huber_loss(x, y)
    with pytest.raises(RuntimeError):
        loss.backward()
    r = huber_loss(x.detach(), y)
    assert r.loss == pytest.approx(loss.item(), rel=1e-12)
    assert "pytorch_backward_fails" in [note.code for note in r.notes]
    assert r.agrees
