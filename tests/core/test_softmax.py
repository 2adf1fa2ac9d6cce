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
