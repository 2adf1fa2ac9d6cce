"""The stability core against PyTorch itself, in float32 and float64: every route's values and
gradients, the exact limits of exp and sigmoid, and the scales where each route first breaks."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz import binary_cross_entropy, binary_cross_entropy_with_logits
from lossviz.errors import InputError
from lossviz.lessons.stability import (
    DTYPES,
    EVENTS,
    ROUTES,
    SCALE_RANGE,
    batch_status,
    binary_focus,
    binary_routes,
    binary_sweep,
    first_failure,
    first_failures,
    float_limits,
    logit_grid,
    naive_breaks,
    scale_options,
    scale_sweep,
    softmax_routes,
)

TORCH = {"float32": torch.float32, "float64": torch.float64}
NUMPY = {"float32": np.float32, "float64": np.float64}
SEED = [1.3, 1.3, 2.6]
#: (logits, label): the seed, a confident wrong answer, all-negative logits (underflow without
#: overflow), equal logits, one huge logit.
ROWS = [
    (SEED, 2),
    (SEED, 0),
    ([6.0, -1.0, 0.5], 2),
    ([-1.0, -2.0, -3.0], 2),
    ([0.0, -5.0], 1),
    ([2.0, 2.0, 2.0, 2.0], 3),
    ([1e4, 0.0, -1e4], 1),
]
SCALES = [0.001, 1.0, 20.0, 40.0, 100.0, 300.0, 1000.0, 1e4]


def _reference_routes(row, label, scale, dtype):
    """The three routes written out with torch, as a learner would: (loss, grad) per route."""
    x = torch.tensor([row], dtype=TORCH[dtype]) * scale
    y = torch.tensor([label])
    out = {}
    x1 = x.clone().requires_grad_()
    e = torch.exp(x1)
    p = e / e.sum(dim=1, keepdim=True)
    loss = F.nll_loss(torch.log(p), y)
    loss.backward()
    out["naive"] = (loss.item(), x1.grad[0].numpy(), e[0].detach().numpy(), p[0].detach().numpy())
    x2 = x.clone().requires_grad_()
    q = torch.softmax(x2, dim=1)
    loss = F.nll_loss(torch.log(q), y)
    loss.backward()
    out["softmax_log"] = (loss.item(), x2.grad[0].numpy(), None, q[0].detach().numpy())
    x3 = x.clone().requires_grad_()
    loss = F.cross_entropy(x3, y)
    loss.backward()
    out["fused"] = (loss.item(), x3.grad[0].numpy(), None, None)
    return out


def _same(a, b):
    """Equal bit for bit, NaN equal to NaN, -0.0 equal to 0.0."""
    np.testing.assert_array_equal(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))


def _next(value: float, dtype: str, direction: float) -> float:
    kind = NUMPY[dtype]
    return float(np.nextafter(kind(value), kind(direction)))


# --- the limits of float32 and float64 ------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size", [1, 3, 64])
def test_exp_limits_are_exact(dtype, size):
    limits = float_limits(dtype)

    def exp(x):
        return torch.exp(torch.full((size,), x, dtype=TORCH[dtype]))[0].item()

    assert math.isfinite(exp(limits.exp_overflow))
    assert exp(_next(limits.exp_overflow, dtype, math.inf)) == math.inf
    assert exp(limits.exp_underflow) > 0
    assert exp(_next(limits.exp_underflow, dtype, -math.inf)) == 0.0


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_limits_are_exact(dtype):
    limits = float_limits(dtype)

    def sigmoid(x):
        return torch.sigmoid(torch.tensor([x], dtype=TORCH[dtype]))[0].item()

    assert sigmoid(limits.sigmoid_one) == 1.0
    assert sigmoid(_next(limits.sigmoid_one, dtype, 0.0)) < 1.0
    assert sigmoid(limits.sigmoid_zero) == 0.0
    assert sigmoid(_next(limits.sigmoid_zero, dtype, 0.0)) > 0.0


def test_the_known_values():
    f32, f64 = float_limits("float32"), float_limits("float64")
    assert f32.exp_overflow == pytest.approx(math.log(np.finfo(np.float32).max), abs=1e-5)
    assert f64.exp_overflow == pytest.approx(math.log(np.finfo(np.float64).max), rel=1e-15)
    assert f32.log_max == math.log(float(np.finfo(np.float32).max))
    # e^x rounds to 0 below the log of half the smallest subnormal number
    assert f32.exp_underflow == pytest.approx(math.log(2.0**-150), abs=1e-5)
    assert f64.exp_underflow == pytest.approx(-1075 * math.log(2), abs=1e-10)
    # sigma(x) = 1 once e^-x is below half the spacing of numbers at 1
    assert f32.sigmoid_one == pytest.approx(24 * math.log(2), abs=0.01)
    assert f64.sigmoid_one == pytest.approx(53 * math.log(2), abs=0.01)
    assert f32.bce_gradient_floor == f32.sigmoid_one
    assert f64.bce_gradient_floor == pytest.approx(-math.log(1e-12), abs=0.01)


@pytest.mark.parametrize("dtype", DTYPES)
def test_the_bce_gradient_floor(dtype):
    """Below the floor BCELoss's gradient is sigma(x) - t; past it, it is smaller."""
    floor = float_limits(dtype).bce_gradient_floor

    def gradient(z):
        x = torch.tensor([z], dtype=TORCH[dtype], requires_grad=True)
        F.binary_cross_entropy(torch.sigmoid(x), torch.zeros(1, dtype=TORCH[dtype])).backward()
        return x.grad.item(), torch.sigmoid(x).item()

    before, p = gradient(_next(floor, dtype, 0.0))
    assert before == pytest.approx(p, rel=1e-6)
    after, p = gradient(floor)
    assert after < p * (1 - 1e-6) or after == 0.0


def test_an_unknown_dtype():
    with pytest.raises(InputError, match="dtype must be one of float32, float64"):
        float_limits("float16")


# --- the three routes ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("row, label", ROWS)
@pytest.mark.parametrize("scale", SCALES)
def test_every_route_is_torch_bit_for_bit(row, label, scale, dtype):
    steps = softmax_routes(row, label, scale, dtype)
    reference = _reference_routes(row, label, scale, dtype)
    for route in ROUTES:
        loss, grad, _, _ = reference[route]
        _same(steps.route_loss(route), loss)
        _same(steps.route_grad(route), grad)
    _same(steps.exp, reference["naive"][2])
    _same(steps.naive_probs, reference["naive"][3])
    _same(steps.softmax_probs, reference["softmax_log"][3])
    _same(steps.logits, (torch.tensor([row], dtype=TORCH[dtype]) * scale)[0].numpy())


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("row, label", ROWS)
@pytest.mark.parametrize("scale", SCALES)
def test_the_stable_steps_agree_with_cross_entropy(row, label, scale, dtype):
    steps = softmax_routes(row, label, scale, dtype)
    assert steps.agrees, (steps.difference, steps.grad_difference)
    assert math.isfinite(steps.reference) and np.isfinite(steps.grad).all()
    assert np.isfinite(steps.log_probs).all() and 1.0 <= steps.shifted_sum <= len(row)


@pytest.mark.parametrize("row, label", ROWS)
@pytest.mark.parametrize("scale", [0.5, 1.0, 3.0])
def test_float64_values_and_gradients_against_the_math(row, label, scale):
    """In float64, away from the limits, every route gives the exact cross-entropy."""
    x = torch.tensor([row], dtype=torch.float64) * scale
    expected = (torch.logsumexp(x, 1) - x[0, label]).item()
    want_grad = (torch.softmax(x, 1) - F.one_hot(torch.tensor([label]), len(row)))[0].numpy()
    steps = softmax_routes(row, label, scale, "float64")
    if abs(scale * max(row)) < 700 and abs(scale * min(row)) < 700:
        for route in ROUTES:
            assert steps.route_loss(route) == pytest.approx(expected, rel=1e-12, abs=1e-12)
            np.testing.assert_allclose(steps.route_grad(route), want_grad, atol=1e-12)
    assert steps.reference == pytest.approx(expected, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(steps.grad, want_grad, atol=1e-12)


def test_the_routes_break_as_the_page_says():
    # float32, scale 100: exp(260) overflows: inf / inf = NaN; softmax then log: p = 0 for two
    # classes, finite loss, NaN gradient; fused: fine
    r = softmax_routes(SEED, 2, 100.0, "float32")
    assert r.statuses == {"naive": "nan", "softmax_log": "grad", "fused": "ok"}
    assert np.isinf(r.exp).all() and r.exp_sum == math.inf
    assert r.softmax_probs[:2].tolist() == [0.0, 0.0] and np.isnan(r.softmax_grad).all()
    # the same in float64 is fine everywhere
    assert set(softmax_routes(SEED, 2, 100.0, "float64").statuses.values()) == {"ok"}
    # a wrong label at scale 40: p_0 = e^52 / inf = 0, so the loss is infinite
    assert softmax_routes(SEED, 0, 40.0, "float32").statuses["naive"] == "inf"
    # underflow without overflow: exp(-5 s) is 0 in float32 from s = 20.8
    r = softmax_routes([0.0, -5.0], 1, 25.0, "float32")
    assert not np.isinf(r.exp).any() and r.exp[1] == 0.0
    assert r.statuses == {"naive": "inf", "softmax_log": "inf", "fused": "ok"}
    assert r.reference == pytest.approx(125.0)


def test_negative_zero_is_written_zero():
    r = softmax_routes(SEED, 2, 100.0, "float32")
    assert math.copysign(1.0, r.loss) == 1.0 and math.copysign(1.0, r.reference) == 1.0


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: softmax_routes(SEED, 3, 1.0, "float32"), "label 3 is out of range"),
        (lambda: softmax_routes(SEED, 0, 0.0, "float32"), "scale must be a positive number"),
        (lambda: softmax_routes(SEED, 0, math.nan, "float32"), "scale must be a positive"),
        (lambda: softmax_routes(SEED, 0, 1.0, "half"), "dtype must be one of"),
        (lambda: softmax_routes([1.0], 0, 1.0, "float32"), "at least 2 values"),
        (lambda: softmax_routes([1.0, math.inf], 0, 1.0, "float32"), "infinite"),
        (lambda: scale_sweep(SEED, 0, [1.0, -1.0]), "positive numbers"),
        (lambda: first_failure(SEED, 0, "float32", "fused", "overflow"), "has no event"),
        (lambda: first_failure(SEED, 0, "float32", "direct", "loss"), "route must be one of"),
        (lambda: first_failure(SEED, 0, "float32", "naive", "loss", 5.0, 1.0), "0 < low < high"),
        (lambda: batch_status([[1.0, 2.0]], [2], 1.0), "labels must be one class index"),
        (lambda: binary_sweep([1.0], target=2.0), "target must be a number in"),
    ],
)
def test_bad_input_says_what_and_where(call, message):
    with pytest.raises(InputError, match=message):
        call()


# --- sweeping the scale and the first failures ---------------------------------------------------


@pytest.mark.parametrize("row, label", ROWS)
def test_the_sweep_is_the_single_sample_computation(row, label):
    sweep = scale_sweep(row, label, SCALES)
    for dtype in DTYPES:
        for k, scale in enumerate(SCALES):
            steps = softmax_routes(row, label, scale, dtype)
            for route in ROUTES:
                _same(sweep.loss[dtype][route][k], steps.route_loss(route))
                assert sweep.status[dtype][route][k] == steps.statuses[route]


def _event_happens(row, label, scale, dtype, route, event) -> bool:
    """The event, read off the torch oracle for one sample."""
    reference = _reference_routes(row, label, scale, dtype)
    loss, grad, exp, probs = reference[route]
    return {
        "overflow": lambda: bool(np.isinf(exp).any()),
        "zero": lambda: bool((probs == 0).any()),
        "nan": lambda: bool(np.isnan(probs).any()),
        "loss": lambda: not math.isfinite(loss),
        "grad": lambda: not np.isfinite(grad).all(),
    }[event]()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("row, label", ROWS)
def test_first_failures_are_exact(row, label, dtype):
    """At the scale found the event happens; at the dtype's number just below, it does not."""
    for failure in first_failures(row, label):
        if failure.dtype != dtype or not failure.found:
            continue
        args = (row, label, None, dtype, failure.route, failure.event)
        assert _event_happens(*args[:2], failure.scale, *args[3:]), failure
        if math.isnan(failure.last_good):
            assert failure.scale == pytest.approx(SCALE_RANGE[0], rel=1e-6)
            continue
        assert failure.last_good == _next(failure.scale, dtype, 0.0), failure
        assert not _event_happens(*args[:2], failure.last_good, *args[3:]), failure


def test_the_seed_overflow_scale_is_the_exp_limit_over_the_largest_logit():
    for dtype in DTYPES:
        limit = float_limits(dtype).exp_overflow
        failure = first_failure(SEED, 2, dtype, "naive", "overflow")
        row = torch.tensor([2.6], dtype=TORCH[dtype])
        assert (row * failure.scale).item() > limit >= (row * failure.last_good).item()
        assert failure.scale == pytest.approx(limit / 2.6, rel=1e-6)


def test_the_fused_route_never_breaks_and_the_naive_one_breaks_first_in_float32():
    failures = first_failures(SEED, 2)
    assert not any(f.found for f in failures if f.route == "fused")
    breaks = naive_breaks(failures)
    assert breaks["float32"] < breaks["float64"]
    assert breaks["float32"] == pytest.approx(34.1242, abs=1e-4)
    assert breaks["float64"] == pytest.approx(272.9934, abs=1e-4)


def test_an_event_that_never_happens_and_one_that_happens_at_once():
    never = first_failure([0.0, 0.0], 0, "float32", "naive", "loss")
    assert not never.found and math.isnan(never.last_good)
    at_once = first_failure([1e4, 0.0, -1e4], 1, "float32", "naive", "overflow")
    assert at_once.found and at_once.scale == pytest.approx(0.00887, abs=1e-4)
    at_once = first_failure([1e4, 0.0, -1e4], 1, "float32", "naive", "overflow", 0.5, 2.0)
    assert at_once.scale == 0.5 and math.isnan(at_once.last_good)


def test_each_route_has_its_events():
    assert {route for route in EVENTS} == set(ROUTES)
    assert len(first_failures(SEED, 0)) == 2 * sum(len(events) for events in EVENTS.values())


# --- a batch --------------------------------------------------------------------------------------


def test_the_batch_counts_each_sample_once():
    rng = np.random.default_rng(0)
    logits = np.round(rng.normal(size=(40, 4)) * 3, 2)
    labels = rng.integers(0, 4, size=40)
    status = batch_status(logits, labels, 30.0)
    for dtype in DTYPES:
        for route in ROUTES:
            assert sum(status.counts[dtype][route].values()) == 40
            for i in (0, 7, 39):
                steps = softmax_routes(logits[i], int(labels[i]), 30.0, dtype)
                assert status.status[dtype][route][i] == steps.statuses[route]
    assert status.counts["float32"]["fused"]["ok"] == 40


# --- binary cross-entropy ------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("row, label", ROWS)
@pytest.mark.parametrize("scale", [1.0, 10.0, 100.0])
def test_binary_routes_are_torch(row, label, scale, dtype):
    steps = binary_routes(row, label, scale, dtype)
    x = torch.tensor([row], dtype=TORCH[dtype]) * scale
    t = F.one_hot(torch.tensor([label]), len(row)).to(TORCH[dtype])
    x1 = x.clone().requires_grad_()
    bce = F.binary_cross_entropy(torch.sigmoid(x1), t, reduction="none")
    bce.sum().backward()
    x2 = x.clone().requires_grad_()
    with_logits = F.binary_cross_entropy_with_logits(x2, t, reduction="none")
    with_logits.sum().backward()
    _same(steps.bce, bce[0].detach().numpy())
    _same(steps.bce_grad, x1.grad[0].numpy())
    _same(steps.with_logits, with_logits[0].detach().numpy())
    _same(steps.with_logits_grad, x2.grad[0].numpy())
    assert steps.agrees, steps.difference
    assert (steps.bce <= 100.0).all()


@pytest.mark.parametrize("row, label", ROWS)
def test_binary_routes_in_float64_match_lossviz_binary(row, label):
    steps = binary_routes(row, label, 1.0, "float64")
    target = np.eye(len(row))[label]
    on_probs = binary_cross_entropy(steps.probs, target, reduction="none")
    on_logits = binary_cross_entropy_with_logits(np.asarray(row), target, reduction="none")
    np.testing.assert_allclose(steps.bce, on_probs.per_sample, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(steps.with_logits, on_logits.per_sample, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(steps.clamped, on_probs.clamped)


def test_the_clamp_and_the_lost_gradient():
    f32 = binary_routes(SEED, 2, 20.0, "float32")
    # classes 0 and 1 (target 0): sigma(26) rounds to 1, the log is -inf, clamped to -100
    assert f32.probs[:2].tolist() == [1.0, 1.0]
    assert f32.log_one_minus_p[:2].tolist() == [-math.inf, -math.inf]
    assert f32.bce[:2].tolist() == [100.0, 100.0] and f32.clamped[:2].all()
    assert f32.bce_grad[:2].tolist() == [0.0, 0.0]
    assert f32.with_logits[:2].tolist() == [26.0, 26.0]
    assert f32.with_logits_grad[:2].tolist() == [1.0, 1.0]
    assert binary_focus(f32) == 0
    # in float64 sigma(26) < 1 still: no clamp
    f64 = binary_routes(SEED, 2, 20.0, "float64")
    assert not f64.clamped.any() and f64.bce[0] == pytest.approx(26.0, rel=1e-6)


def test_the_binary_sweep_jumps_where_sigmoid_saturates():
    grid = logit_grid([260.0])
    sweep = binary_sweep(grid)
    for dtype in DTYPES:
        one = float_limits(dtype).sigmoid_one
        before = int(np.searchsorted(grid, one)) - 1
        assert grid[before + 1] == one
        assert sweep.bce[dtype][before] < 40 and sweep.bce[dtype][before + 1] == 100.0
        assert sweep.bce_grad[dtype][before + 1] == 0.0
        assert (sweep.bce[dtype] <= 100.0).all()
        np.testing.assert_allclose(sweep.with_logits[dtype][grid > 50], grid[grid > 50], rtol=1e-6)
        assert (sweep.with_logits_grad[dtype] > 0.5).all()


# --- helpers of the page -------------------------------------------------------------------------


def test_scale_options_hold_the_current_scale():
    options = scale_options()
    assert options[0] == SCALE_RANGE[0] and options[-1] == SCALE_RANGE[1]
    assert 100.0 in options and 1.0 in options and options == sorted(options)
    assert 34.12417221069336 in scale_options(34.12417221069336)


def test_the_logit_grid_reaches_past_the_largest_logit():
    assert logit_grid([2e5]).max() == 1e6
    assert logit_grid([]).max() == 1e3
    assert logit_grid([1e300]).max() == 1e9


def test_logits_that_overflow_the_dtype_break_every_route_and_still_agree():
    r = softmax_routes([1e38, 0.0, -1e38], 1, 10.0, "float32")
    assert r.logits[0] == math.inf and r.statuses["fused"] == "nan"
    assert r.difference == 0.0 and r.agrees
    assert math.isnan(r.reference) and math.isnan(r.loss)
    assert binary_routes([1e38, 0.0, -1e38], 1, 10.0, "float32").agrees
    assert logit_grid([math.inf, 3.0]).max() == 1e3
