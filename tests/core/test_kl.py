"""kl_div and kl_decomposition against PyTorch (float64), edge cases, bad input and properties."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lossviz.cross_entropy import cross_entropy
from lossviz.errors import InputError
from lossviz.kl import kl_decomposition, kl_div

TOL = {"rtol": 1e-12, "atol": 1e-12}
REDUCTIONS = ("none", "mean", "sum", "batchmean")


def _softmax(logits: np.ndarray) -> np.ndarray:
    return torch.softmax(torch.as_tensor(logits, dtype=torch.float64), dim=-1).numpy()


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    return torch.log_softmax(torch.as_tensor(logits, dtype=torch.float64), dim=-1).numpy()


def _reference_kl_div(log_q, target, reduction, log_target):
    """PyTorch's pointwise output, its reduced value and the gradient of it wrt the input."""
    x = torch.tensor(log_q, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(target, dtype=torch.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        pointwise = F.kl_div(x.detach(), t, reduction="none", log_target=log_target)
        out = F.kl_div(x, t, reduction=reduction, log_target=log_target)
    out = out.sum() if out.dim() else out
    out.backward()
    return pointwise.numpy(), float(out.detach()), x.grad.numpy()


def _inputs(shape, zeros=False, seed=0):
    rng = np.random.default_rng(seed)
    log_q = _log_softmax(rng.normal(size=shape) * 2)
    p = _softmax(rng.normal(size=shape) * 2)
    if zeros:
        p = np.where(rng.random(shape) < 0.3, 0.0, p)
        p = p / p.sum(axis=-1, keepdims=True)
    return log_q, p


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("log_target", [False, True])
@pytest.mark.parametrize("shape", [(4, 5), (1, 3), (6,)])
@pytest.mark.parametrize("seed", [0, 1])
def test_kl_div_matches_pytorch(reduction, log_target, shape, seed):
    log_q, p = _inputs(shape, seed=seed)
    target = np.log(p) if log_target else p
    pointwise, value, grad = _reference_kl_div(log_q, target, reduction, log_target)

    r = kl_div(log_q, target, reduction=reduction, log_target=log_target)

    np.testing.assert_allclose(r.per_sample, pointwise, **TOL)
    assert r.per_sample.shape == shape
    assert r.loss == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert r.reference == pytest.approx(value, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(r.grad, grad, **TOL)
    np.testing.assert_allclose(r.analytic_grad, grad, **TOL)
    np.testing.assert_allclose(r.per_row, np.atleast_2d(pointwise).sum(axis=1), **TOL)
    np.testing.assert_allclose(r.p, p, **TOL)
    np.testing.assert_allclose(r.q, np.exp(log_q), **TOL)
    np.testing.assert_array_equal(r.log_q, log_q)
    assert r.log_target is log_target
    assert r.agrees
    expected_denominator = {"mean": log_q.size, "batchmean": shape[0]}.get(reduction, 1)
    assert r.denominator == expected_denominator


def test_kl_div_doc_example():
    r = kl_div(np.log([[0.1, 0.4, 0.5]]), [[0.2, 0.3, 0.5]], reduction="batchmean")
    expected = 0.2 * math.log(2.0) + 0.3 * math.log(0.3 / 0.4)
    assert r.loss == pytest.approx(expected, rel=1e-12)
    assert r.per_row == pytest.approx([expected], rel=1e-12)
    assert r.notes == ()


def test_target_zeros_give_zero_not_nan():
    log_q, p = _inputs((5, 4), zeros=True)
    assert (p == 0).any()
    for log_target in (False, True):
        with np.errstate(divide="ignore"):
            target = np.log(p) if log_target else p
        if log_target:
            target = np.where(p == 0, -1e300, target)  # exp underflows to exactly 0
        r = kl_div(log_q, target, reduction="sum", log_target=log_target)
        assert np.isfinite(r.per_sample).all()
        assert (r.per_sample[p == 0] == 0).all()
        assert (r.grad[p == 0] == 0).all()
        assert r.agrees


def test_batchmean_is_the_kl_per_sample_and_mean_is_not():
    log_q, p = _inputs((3, 4))
    batchmean = kl_div(log_q, p, reduction="batchmean")
    mean = kl_div(log_q, p, reduction="mean")
    assert batchmean.loss == pytest.approx(4 * mean.loss, rel=1e-12)
    assert batchmean.loss == pytest.approx(kl_decomposition(p, np.exp(log_q)).kl.mean(), rel=1e-12)
    assert batchmean.notes == ()
    (note,) = mean.notes
    assert note.code == "kl_mean_not_batchmean"
    assert note.params["kl"] == pytest.approx(batchmean.loss, rel=1e-12)
    assert note.params["numel"] == 12


def test_mean_emits_no_warning():
    log_q, p = _inputs((2, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kl_div(log_q, p, reduction="mean")


def test_one_dimensional_batchmean_divides_by_its_length():
    log_q, p = _inputs((5,))
    r = kl_div(log_q, p, reduction="batchmean")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        expected = float(F.kl_div(torch.tensor(log_q), torch.tensor(p), reduction="batchmean"))
    assert r.loss == pytest.approx(expected, rel=1e-12)
    assert r.denominator == 5
    assert r.per_row.shape == (1,)
    assert r.loss == pytest.approx(r.per_row[0] / 5, rel=1e-12)
    assert [note.code for note in r.notes] == ["kl_batchmean_1d"]
    as_row = kl_div(log_q[None, :], p[None, :], reduction="batchmean")
    assert as_row.loss == pytest.approx(r.per_row[0], rel=1e-12)
    assert as_row.notes == ()


def test_kl_of_a_distribution_with_itself_is_zero():
    _, p = _inputs((3, 4))
    r = kl_div(np.log(p), p, reduction="batchmean")
    assert r.loss == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(r.per_row, 0.0, atol=1e-15)


def test_log_target_gives_the_same_as_probabilities():
    log_q, p = _inputs((3, 4))
    plain = kl_div(log_q, p, reduction="sum")
    logged = kl_div(log_q, np.log(p), reduction="sum", log_target=True)
    assert logged.loss == pytest.approx(plain.loss, rel=1e-12)
    np.testing.assert_allclose(logged.grad, plain.grad, **TOL)


def test_swapped_arguments_are_noted():
    log_q, p = _inputs((2, 3))
    r = kl_div(p, log_q, reduction="batchmean", log_target=True)
    assert "kl_input_not_log_probs" in [note.code for note in r.notes]
    assert r.agrees


def test_probabilities_as_input_are_noted():
    _, p = _inputs((2, 3))
    r = kl_div(p, p, reduction="batchmean")
    (note, *_) = r.notes
    assert note.code == "kl_input_not_log_probs"
    assert "Did you pass probabilities?" in note.message


def test_unnormalised_target_can_give_a_negative_kl():
    r = kl_div(np.log([[0.5, 0.5]]), [[0.1, 0.1]], reduction="batchmean")
    assert r.loss < 0
    assert r.agrees
    (note,) = r.notes
    assert note.code == "kl_target_not_normalized"
    assert note.params == {"row": 1, "sum": pytest.approx(0.2)}


def test_log_target_may_be_negative():
    r = kl_div([[-1.0, -0.5]], [[-0.2, -3.0]], log_target=True, reduction="sum")
    assert r.agrees


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"reduction": "avg"}, r"reduction 'avg' is unknown.*'batchmean'"),
        ({"log_target": 1}, "log_target must be True or False"),
        ({"input": [[-1.0, -1.0, -1.0]]}, r"target has shape \(1, 2\) but input has shape"),
        ({"input": [["a", "b"]]}, "every value must be a number"),
    ],
)
def test_bad_input_raises(kwargs, match):
    arguments = {"input": [[-1.0, -1.0]], "target": [[0.5, 0.5]], **kwargs}
    with pytest.raises(InputError, match=match):
        kl_div(**arguments)


@pytest.mark.parametrize(
    ("kwargs", "note"),
    [
        ({"target": [[-0.5, 1.5]]}, "kl_target_negative"),
        ({"target": [-0.5, 1.5], "input": [-1.0, -1.0]}, "kl_target_negative"),
        ({"input": [[float("nan"), -1.0]]}, "non_finite_values"),
        ({"input": [[-float("inf"), 0.0]]}, "non_finite_values"),
        ({"target": [[0.5, float("inf")]]}, "non_finite_values"),
        ({"input": [], "target": []}, None),
        ({"input": [[[-1.0]]], "target": [[[1.0]]]}, None),
    ],
)
def test_calls_lossviz_used_to_refuse_compute_as_pytorch(kwargs, note):
    """A negative probability (NaN in PyTorch), NaN and infinity, no values, a 3-dim input:
    PyTorch computes each, so lossviz does, with a note where something is off."""
    arguments = {"input": [[-1.0, -1.0]], "target": [[0.5, 0.5]], **kwargs}
    for reduction in REDUCTIONS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            expected = F.kl_div(
                torch.tensor(arguments["input"], dtype=torch.float64),
                torch.tensor(arguments["target"], dtype=torch.float64),
                reduction=reduction,
            )
        result = kl_div(**arguments, reduction=reduction)
        np.testing.assert_allclose(result.loss, float(expected.sum()), rtol=1e-12, equal_nan=True)
        assert result.agrees
        assert note is None or note in [n.code for n in result.notes]


# kl_decomposition


def test_decomposition_doc_example():
    d = kl_decomposition([0.2, 0.3, 0.5], [0.1, 0.4, 0.5])
    h = -(0.2 * math.log(0.2) + 0.3 * math.log(0.3) + 0.5 * math.log(0.5))
    ce = -(0.2 * math.log(0.1) + 0.3 * math.log(0.4) + 0.5 * math.log(0.5))
    assert d.entropy.shape == d.cross_entropy.shape == d.kl.shape == (1,)
    assert d.entropy[0] == pytest.approx(h, rel=1e-12)
    assert d.cross_entropy[0] == pytest.approx(ce, rel=1e-12)
    assert d.kl[0] == pytest.approx(ce - h, rel=1e-12)
    assert d.unit == "nats"


@pytest.mark.parametrize("zeros", [False, True])
def test_decomposition_matches_pytorch(zeros):
    log_q, p = _inputs((6, 4), zeros=zeros)
    d = kl_decomposition(p, np.exp(log_q))
    pt = torch.tensor(p)
    kl = F.kl_div(torch.tensor(log_q), pt, reduction="none").sum(dim=1).numpy()
    entropy = -torch.special.xlogy(pt, pt).sum(dim=1).numpy()
    np.testing.assert_allclose(d.kl, kl, **TOL)
    np.testing.assert_allclose(d.entropy, entropy, **TOL)
    np.testing.assert_allclose(d.cross_entropy, d.entropy + d.kl, **TOL)


def test_cross_entropy_is_the_soft_target_cross_entropy():
    log_q, p = _inputs((5, 3))
    d = kl_decomposition(p, np.exp(log_q))
    ce = cross_entropy(log_q, p, reduction="none")
    np.testing.assert_allclose(d.cross_entropy, ce.per_sample, **TOL)
    np.testing.assert_allclose(d.entropy + d.kl, ce.per_sample, **TOL)


def test_q_zero_where_p_positive_is_infinite():
    d = kl_decomposition([[0.5, 0.5], [1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]])
    assert d.entropy == pytest.approx([math.log(2.0), 0.0])
    assert math.isinf(d.cross_entropy[0]) and math.isinf(d.kl[0])
    assert d.cross_entropy[1] == 0.0 and d.kl[1] == 0.0
    assert not np.signbit(d.entropy[1])


def test_in_bits():
    d = kl_decomposition([[0.5, 0.5]], [[0.25, 0.75]])
    b = d.in_bits()
    assert b.unit == "bits"
    assert b.entropy[0] == pytest.approx(1.0, rel=1e-12)
    assert b.cross_entropy[0] == pytest.approx(0.5 * 2 + 0.5 * math.log2(4 / 3), rel=1e-12)
    assert b.in_bits() is b


@pytest.mark.parametrize(
    ("p", "q", "match"),
    [
        ([[0.5, 0.5], [0.6, 0.3]], [[0.5, 0.5], [0.5, 0.5]], r"^p, row 2 sums to 0.9; a prob"),
        ([0.5, 0.5], [0.7, 0.7], r"^q sums to 1.4; a probability distribution sums to 1"),
        ([[1.2, -0.2]], [[0.5, 0.5]], r"^p, row 1, column 2: -0.2 is negative"),
        ([[0.5, 0.5]], [[0.5, 0.5, 0.0]], r"q has shape \(1, 3\) but p has shape \(1, 2\)"),
        ([0.5, 0.5], [[0.5, 0.5]], r"q has shape \(1, 2\) but p has shape \(2,\)"),
        ([[0.5, float("nan")]], [[0.5, 0.5]], "p, row 1, column 2: the value is NaN"),
        ([[[1.0]]], [[[1.0]]], r"p must be one distribution \(C,\) or a table"),
        ([], [], "p is empty"),
    ],
)
def test_decomposition_bad_input_raises(p, q, match):
    with pytest.raises(InputError, match=match):
        kl_decomposition(p, q)


# properties


@st.composite
def distributions(draw, shape=None):
    """Probability rows, with zeros allowed."""
    if shape is None:
        shape = (draw(st.integers(1, 4)), draw(st.integers(1, 6)))
    raw = draw(arrays(np.float64, shape, elements=st.floats(0.0, 1.0, allow_subnormal=False)))
    sums = raw.sum(axis=1, keepdims=True)
    assume((sums > 1e-3).all())
    return raw / sums


@st.composite
def distribution_pairs(draw):
    p = draw(distributions())
    return p, draw(distributions(p.shape))


@settings(max_examples=200, deadline=None)
@given(distribution_pairs())
def test_kl_is_non_negative_and_ce_is_h_plus_kl(pair):
    p, q = pair
    d = kl_decomposition(p, q)
    assert (d.kl >= -1e-12).all()
    assert (d.entropy >= 0).all()
    assert (d.entropy <= math.log(p.shape[1]) + 1e-12).all()
    finite = np.isfinite(d.cross_entropy)
    assert (np.isinf(d.kl) == ~finite).all()
    np.testing.assert_allclose(
        d.cross_entropy[finite], (d.entropy + d.kl)[finite], rtol=1e-10, atol=1e-12
    )


@settings(max_examples=100, deadline=None)
@given(distribution_pairs())
def test_bits_are_nats_over_ln2(pair):
    d = kl_decomposition(*pair)
    b = d.in_bits()
    for nats, bits in ((d.entropy, b.entropy), (d.cross_entropy, b.cross_entropy), (d.kl, b.kl)):
        np.testing.assert_allclose(bits, nats / math.log(2.0), rtol=1e-12, atol=0)


@settings(max_examples=100, deadline=None)
@given(distribution_pairs())
def test_kl_div_batchmean_is_the_mean_kl(pair):
    p, q = pair
    assume((q > 1e-300).all())
    r = kl_div(np.log(q), p, reduction="batchmean")
    assert r.agrees
    assert r.loss >= -1e-12
    assert r.loss == pytest.approx(kl_decomposition(p, q).kl.mean(), rel=1e-10, abs=1e-12)


# --- any shape, broadcasting and PyTorch's reductions --------------------------------------------


@pytest.mark.parametrize("shape", [(), (4,), (2, 3), (2, 3, 4), (2, 3, 4, 5), (0, 3)])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_on_any_shape_matches_pytorch(device, shape, reduction, log_target):
    log_q, p = _inputs(shape, seed=len(shape)) if shape else (np.array(-0.7), np.array(0.4))
    target = np.log(p) if log_target else p
    pointwise, value, grad = _reference_kl_div(log_q, target, reduction, log_target)
    r = kl_div(log_q, target, reduction=reduction, log_target=log_target)
    assert r.per_sample.shape == shape
    np.testing.assert_allclose(r.per_sample, pointwise, **TOL)
    np.testing.assert_allclose(r.loss, value, equal_nan=True, **TOL)
    np.testing.assert_allclose(r.grad, grad, **TOL)
    np.testing.assert_allclose(r.analytic_grad, grad, **TOL)
    expected_rows = pointwise.sum(axis=tuple(range(1, len(shape)))) if len(shape) > 1 else None
    if expected_rows is not None:
        np.testing.assert_allclose(r.per_row, expected_rows, **TOL)
    assert r.agrees
    if reduction == "batchmean":  # input.size(0), and nothing for a 0-dim input
        assert r.denominator == (shape[0] if shape else 1)


@pytest.mark.parametrize(
    "input_shape, target_shape", [((3,), (2, 3)), ((2, 3), (3,)), ((2, 1), (2, 3))]
)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_shapes_broadcast_silently_in_pytorch_and_with_a_note_here(
    input_shape, target_shape, reduction
):
    rng = np.random.default_rng(8)
    log_q = _log_softmax(rng.normal(size=input_shape))
    p = _softmax(rng.normal(size=target_shape))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # PyTorch does not warn of the broadcast
        if reduction != "mean":
            F.kl_div(torch.tensor(log_q), torch.tensor(p), reduction=reduction)
    pointwise, value, grad = _reference_kl_div(log_q, p, reduction, False)
    r = kl_div(log_q, p, reduction=reduction)
    assert r.per_sample.shape == np.broadcast_shapes(input_shape, target_shape)
    np.testing.assert_allclose(r.per_sample, pointwise, **TOL)
    assert r.grad.shape == input_shape
    np.testing.assert_allclose(r.loss, value, **TOL)
    np.testing.assert_allclose(r.analytic_grad, grad, **TOL)
    assert "kl_broadcast" in [note.code for note in r.notes]
    if reduction == "batchmean":
        assert r.denominator == input_shape[0]  # the input's first dimension, not the output's


def test_elementwise_mean_is_the_old_name_of_mean():
    log_q, p = _inputs((2, 3))
    old = kl_div(log_q, p, reduction="elementwise_mean")
    assert old.reduction == "mean"
    assert old.loss == kl_div(log_q, p, reduction="mean").loss
    assert "reduction_deprecated" in [note.code for note in old.notes]


def test_log_target_must_be_a_python_bool_as_in_pytorch():
    log_q, p = _inputs((2, 3))
    with pytest.raises(TypeError):
        F.kl_div(torch.tensor(log_q), torch.tensor(p), reduction="sum", log_target=np.bool_(True))
    with pytest.raises(InputError, match="log_target must be True or False"):
        kl_div(log_q, p, log_target=np.bool_(True))
