"""softmax, log_softmax and sigmoid against torch, with the properties a learner should see."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lossviz import InputError, log_softmax, sigmoid, softmax


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0, 3.0, 100.0])
def test_softmax_matches_pytorch(device, rng, temperature):
    logits = rng.normal(size=(5, 4)) * 4
    expected = torch.softmax(torch.tensor(logits) / temperature, dim=-1).numpy()
    np.testing.assert_allclose(softmax(logits, temperature), expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        log_softmax(logits, temperature),
        torch.log_softmax(torch.tensor(logits) / temperature, dim=-1).numpy(),
        atol=1e-12,
    )


def test_sigmoid_matches_pytorch(rng):
    logits = rng.normal(size=(3, 3)) * 10
    np.testing.assert_allclose(sigmoid(logits), torch.sigmoid(torch.tensor(logits)).numpy())


def test_one_row_gives_one_row():
    assert softmax([1.3, 1.3, 2.6]).shape == (3,)
    np.testing.assert_allclose(softmax([1.3, 1.3, 2.6]), [0.1764, 0.1764, 0.6472], atol=5e-5)


def test_extreme_logits_do_not_overflow():
    probs = softmax([[1e4, 0.0, -1e4]])
    np.testing.assert_allclose(probs, [[1.0, 0.0, 0.0]])
    assert np.isfinite(log_softmax([[1e4, 0.0, -1e4]])).all()


def test_temperature_flattens_and_sharpens():
    logits = [1.0, 2.0, 3.0]
    assert softmax(logits, 10.0).max() < softmax(logits).max() < softmax(logits, 0.1).max()


@pytest.mark.parametrize("temperature", [0, -1.0, float("nan"), float("inf"), "hot"])
def test_bad_temperature(temperature):
    with pytest.raises(InputError, match="temperature must be a positive number"):
        softmax([1.0, 2.0], temperature)


def test_nan_logits_spread_as_in_pytorch():
    """lossviz used to refuse NaN here; PyTorch computes, and NaN fills the row."""
    expected = torch.softmax(torch.tensor([1.0, float("nan")], dtype=torch.float64), 0).numpy()
    np.testing.assert_array_equal(softmax([1.0, float("nan")]), expected)
    assert np.isnan(softmax([1.0, float("nan")])).all()


rows = arrays(
    np.float64,
    st.tuples(st.integers(1, 5), st.integers(1, 8)),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@settings(max_examples=80, deadline=None)
@given(rows, st.floats(-100, 100))
def test_rows_sum_to_one_and_shift_invariant(logits, shift):
    probs = softmax(logits)
    assert ((probs >= 0) & (probs <= 1)).all()
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, atol=1e-12)
    np.testing.assert_allclose(softmax(logits + shift), probs, atol=1e-9)


# --- any dimension, PyTorch's dim and dtype ------------------------------------------------------


def _reference_softmax(logits, dim, temperature=1.0):
    return torch.softmax(torch.tensor(logits, dtype=torch.float64) / temperature, dim).numpy()


@pytest.mark.parametrize(
    "shape, dim",
    [
        ((), 0),
        ((), -1),
        ((5,), 0),
        ((3, 4), 0),
        ((3, 4), -1),
        ((2, 3, 4), 1),
        ((2, 3, 4), -1),
        ((2, 3, 4, 5), 2),
        ((2, 3, 4, 5), -1),
        ((5, 0, 0), -1),
        ((0, 3), 1),
    ],
)
@pytest.mark.parametrize("temperature", [0.5, 1.0, 3.0])
def test_along_any_dim_matches_pytorch(device, rng, shape, dim, temperature):
    logits = rng.normal(size=shape) * 3
    expected = _reference_softmax(logits, dim, temperature)
    got = softmax(logits, temperature, dim=dim)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        log_softmax(logits, temperature, dim=dim), np.log(expected), rtol=1e-12, atol=1e-12
    )


def test_attention_scores_normalise_each_query_row():
    scores = np.random.default_rng(5).normal(size=(2, 4, 4))  # (B, T, T)
    weights = softmax(scores, dim=-1)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, atol=1e-12)
    np.testing.assert_allclose(weights, _reference_softmax(scores, -1), rtol=1e-12)


def test_a_3d_input_without_dim_takes_pytorchs_dim_0_and_warns():
    logits = np.random.default_rng(6).normal(size=(2, 3, 4))
    with pytest.warns(UserWarning, match="dim=0"):
        got = softmax(logits)
    np.testing.assert_allclose(got, _reference_softmax(logits, 0), rtol=1e-12)
    with pytest.warns(UserWarning, match="dim=1"):
        softmax(np.zeros((2, 3, 4, 5)))


def test_integer_tensors_need_a_floating_dtype_as_in_pytorch():
    counts = torch.tensor([[1, 2, 3]])
    with pytest.raises(InputError, match=r"torch.int64 tensor.*dtype=torch.float64"):
        softmax(counts, dim=1)
    np.testing.assert_allclose(
        softmax(counts, dim=1, dtype=torch.float64),
        torch.softmax(counts, 1, dtype=torch.float64).numpy(),
        rtol=1e-15,
    )
    with pytest.raises(InputError, match="dtype must be a floating-point torch dtype"):
        softmax(counts, dim=1, dtype=torch.int64)
    # Lists carry no dtype: their numbers are read as float64, as before.
    np.testing.assert_allclose(softmax([[1, 2, 3]]), softmax(counts, dim=1, dtype=torch.float64))


@pytest.mark.parametrize("dim", [2, -3, True, 1.0])
def test_a_dim_pytorch_refuses_is_refused(dim):
    with pytest.raises(InputError, match="dim"):
        softmax([[1.0, 2.0]], dim=dim)


tensors = arrays(
    np.float64,
    st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple),
    elements=st.floats(-1e3, 1e3, allow_nan=False),
)


@settings(max_examples=80, deadline=None)
@given(tensors, st.data(), st.floats(-50, 50))
def test_any_dim_sums_to_one_and_ignores_a_shift(logits, data, shift):
    dim = data.draw(st.integers(-logits.ndim, logits.ndim - 1))
    probs = softmax(logits, dim=dim)
    np.testing.assert_allclose(probs.sum(axis=dim), 1.0, atol=1e-12)
    np.testing.assert_allclose(softmax(logits + shift, dim=dim), probs, atol=1e-9)
    np.testing.assert_allclose(probs, _reference_softmax(logits, dim), rtol=1e-9, atol=1e-15)
