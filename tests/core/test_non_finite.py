"""NaN and infinity: computed as PyTorch computes them, said in a note, refused only where
PyTorch refuses them (binary_cross_entropy)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import lossviz
from lossviz import InputError

NAN, INF = float("nan"), float("inf")


def _codes(result):
    return [note.code for note in result.notes]


def _reference(function, *args, **kwargs):
    """PyTorch's value in float64 and the gradient wrt the first argument."""
    first = torch.tensor(args[0], dtype=torch.float64, requires_grad=True)
    rest = [torch.as_tensor(np.asarray(a)) for a in args[1:]]
    rest = [r.double() if r.is_floating_point() else r for r in rest]
    options = {
        k: torch.tensor(v, dtype=torch.float64) if isinstance(v, list) else v
        for k, v in kwargs.items()
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        out = getattr(F, function)(first, *rest, **options)
    out.sum().backward()
    return out.detach().sum().item(), first.grad.numpy()


CALLS = [
    ("cross_entropy", ([[1.0, NAN, 0.5], [0.3, -1.0, 2.0]], [0, 1]), {}),
    ("cross_entropy", ([[1.0, INF, 0.5], [0.3, -1.0, 2.0]], [0, 1]), {}),
    ("cross_entropy", ([[1.0, -INF, 0.5], [0.3, -1.0, 2.0]], [1, 1]), {"label_smoothing": 0.1}),
    ("cross_entropy", ([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]], [0, 1]), {"weight": [1.0, NAN, 2.0]}),
    ("nll_loss", ([[-1.0, NAN, -0.5], [-0.3, -1.0, -2.0]], [1, 0]), {}),
    ("binary_cross_entropy_with_logits", ([NAN, INF, -INF, 1.0], [0.0, 1.0, 0.0, 1.0]), {}),
    ("binary_cross_entropy_with_logits", ([0.5, 1.0], [NAN, 1.0]), {"pos_weight": [2.0]}),
    ("kl_div", ([[-1.0, -INF], [NAN, -0.5]], [[0.5, 0.5], [0.5, 0.5]]), {"reduction": "sum"}),
    ("mse_loss", ([1.0, INF, NAN], [0.0, INF, 0.0]), {}),
    ("l1_loss", ([1.0, INF, NAN], [0.0, INF, 0.0]), {}),
    ("smooth_l1_loss", ([1.0, INF, NAN], [0.0, 0.0, 0.0]), {"beta": 0.5}),
    ("huber_loss", ([1.0, INF, NAN], [0.0, 0.0, 0.0]), {"delta": 2.0}),
]


@pytest.mark.parametrize("function, args, kwargs", CALLS)
def test_propagates_as_in_pytorch_with_a_note(function, args, kwargs):
    value, grad = _reference(function, *args, **kwargs)
    result = getattr(lossviz, function)(*args, **kwargs)
    np.testing.assert_allclose(result.loss, value, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(result.grad, grad, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(result.analytic_grad, grad, rtol=1e-10, equal_nan=True)
    assert result.agrees
    assert "non_finite_values" in _codes(result)


def test_an_infinite_logit_for_its_own_target_gives_nan_in_pytorch():
    """(1 - y) x is 0 * inf: PyTorch's loss is NaN although the answer is certain and right."""
    result = lossviz.binary_cross_entropy_with_logits([INF], [1.0])
    assert np.isnan(result.loss)
    assert result.grad.tolist() == [0.0]  # its backward, sigmoid(x) - y, is fine


def test_softmax_spreads_nan_through_its_row_only():
    probs = lossviz.softmax([[1.0, NAN], [1.0, 2.0]])
    assert np.isnan(probs[0]).all() and np.isfinite(probs[1]).all()


@pytest.mark.parametrize("probs, target", [([0.5, NAN], [1.0, 0.0]), ([0.5, 0.5], [NAN, 0.0])])
def test_binary_cross_entropy_refuses_nan_as_pytorch_does(probs, target):
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        F.binary_cross_entropy(torch.tensor(probs), torch.tensor(target))
    with pytest.raises(InputError, match="the value is NaN"):
        lossviz.binary_cross_entropy(probs, target)


def test_weights_that_sum_to_zero_divide_by_zero_as_in_pytorch():
    """Negative weights can cancel: 'mean' is then x / 0, and the gradient as autograd has it."""
    logits, target, weight = [[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]], [0, 1], [1.0, -1.0, 3.0]
    for smoothing in (0.0, 0.3):
        value, grad = _reference(
            "cross_entropy", logits, target, weight=weight, label_smoothing=smoothing
        )
        result = lossviz.cross_entropy(logits, target, weight=weight, label_smoothing=smoothing)
        assert result.denominator == 0.0
        np.testing.assert_allclose(result.loss, value, equal_nan=True)
        np.testing.assert_allclose(result.analytic_grad, grad, equal_nan=True)
        assert result.agrees
        assert "negative_weight" in _codes(result)
