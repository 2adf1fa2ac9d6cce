"""Every call refused exactly where PyTorch refuses it, and computed as PyTorch computes it.

Each case is a call written as a PyTorch user writes it, with tensors of their own dtypes. It
goes to ``torch.nn.functional`` and to lossviz alike: where PyTorch raises, lossviz must raise
an ``InputError``; where PyTorch computes, lossviz must compute the same loss, the same
``reduction='none'`` output and the same gradient (PyTorch in float64 as the oracle), and its
closed-form gradient must agree with autograd's (``agrees``).
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import lossviz
from lossviz import InputError

D = torch.float64
L = torch.long
B = torch.bool
REDUCTIONS = ("none", "mean", "sum")


@dataclass
class Call:
    """``function(*args, **kwargs)``, the same call for PyTorch's function and lossviz's."""

    function: str
    args: tuple
    kwargs: dict = field(default_factory=dict)

    def __str__(self) -> str:
        def show(value):
            if isinstance(value, torch.Tensor):
                return f"{str(value.dtype)[6:]}{tuple(value.shape)}"
            return repr(value)

        parts = [show(a) for a in self.args] + [f"{k}={show(v)}" for k, v in self.kwargs.items()]
        return f"{self.function}({', '.join(parts)})"


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _normal(shape, seed=0, dtype=D):
    shape = (shape,) if isinstance(shape, int) else shape
    return (torch.randn(shape, generator=_generator(seed), dtype=D) * 2).to(dtype)


def _uniform(shape, seed=0, low=0.05, high=0.95, dtype=D):
    shape = (shape,) if isinstance(shape, int) else shape
    values = torch.rand(shape, generator=_generator(seed), dtype=D) * (high - low) + low
    return values.to(dtype)


def _labels(shape, classes, seed=0, dtype=L):
    shape = (shape,) if isinstance(shape, int) else shape
    if classes == 0:
        return torch.full(shape, -100, dtype=L).to(dtype)
    return torch.randint(0, classes, shape, generator=_generator(seed)).to(dtype)


def _probabilities(shape, class_dim, seed=0, dtype=D):
    return torch.softmax(_normal(shape, seed), dim=class_dim).to(dtype) if shape else None


def _with_float64(value):
    if isinstance(value, torch.Tensor) and value.is_floating_point():
        return value.to(D)
    return value


def _pytorch_outcome(call: Call):
    """PyTorch's output for the call as written, or the exception it raises."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return getattr(F, call.function)(*call.args, **call.kwargs), None
        except Exception as error:
            return None, error


def _oracle(call: Call):
    """PyTorch in float64: the output (its sum for 'none'), and the gradient wrt the input."""
    first, *rest = (_with_float64(a) for a in call.args)
    kwargs = {k: _with_float64(v) for k, v in call.kwargs.items()}
    if call.function in ("softmax", "log_softmax") and kwargs.get("dtype") is not None:
        kwargs["dtype"] = D
    leaf = first.detach().clone()
    differentiable = leaf.is_floating_point()
    if differentiable:
        leaf.requires_grad_(True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = getattr(F, call.function)(leaf, *rest, **kwargs)
    grad = None
    if differentiable:
        try:
            out.sum().backward()
        except RuntimeError:
            return out.detach(), BACKWARD_FAILS
        grad = leaf.grad
    return out.detach(), grad


#: Where PyTorch computes a loss but its ``backward()`` then raises.
BACKWARD_FAILS = "backward fails"


def _precision(call: Call) -> float:
    """How closely PyTorch's output in the call's own dtypes can match the float64 one."""
    dtypes = {v.dtype for v in (*call.args, *call.kwargs.values()) if isinstance(v, torch.Tensor)}
    if dtypes & {torch.float16, torch.bfloat16}:
        return 1e-2
    return 1e-5 if torch.float32 in dtypes else 1e-10


def _lossviz(call: Call):
    return getattr(lossviz, call.function)(*call.args, **call.kwargs)


def _assert_same(call: Call) -> None:
    expected, error = _pytorch_outcome(call)
    if error is not None:
        with pytest.raises(InputError):
            _lossviz(call)
        return
    out, grad = _oracle(call)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # softmax's implicit dim
        result = _lossviz(call)
    if call.function in ("softmax", "log_softmax"):
        assert result.shape == out.shape
        np.testing.assert_allclose(result, out.numpy(), rtol=1e-12, atol=1e-14, equal_nan=True)
        return
    tolerance = {"rtol": 1e-10, "atol": 1e-12, "equal_nan": True}
    np.testing.assert_allclose(result.loss, float(out.sum()), **tolerance)
    np.testing.assert_allclose(result.reference, float(out.sum()), **tolerance)
    in_its_dtype = _precision(call)
    np.testing.assert_allclose(
        result.loss, float(expected.sum()), rtol=in_its_dtype, atol=in_its_dtype, equal_nan=True
    )
    if call.kwargs.get("reduction", "mean") == "none":
        assert result.per_sample.shape == out.shape
        np.testing.assert_allclose(result.per_sample, out.numpy(), **tolerance)
    if grad is BACKWARD_FAILS:
        assert "pytorch_backward_fails" in [note.code for note in result.notes]
    elif grad is not None:
        assert result.grad.shape == grad.shape
        np.testing.assert_allclose(result.grad, grad.numpy(), **tolerance)
    assert result.agrees, (result.grad, result.analytic_grad)


# --- cross_entropy and nll_loss ------------------------------------------------------------------

#: Input shapes: one sample, a table, K-dim (sequences, images, volumes), empty and degenerate.
CLASS_SHAPES = [
    (),
    (4,),
    (1,),
    (3, 4),
    (3, 1),
    (0, 4),
    (3, 0),
    (2, 4, 5),
    (2, 4, 3, 2),
    (2, 3, 2, 1, 3),
    (0, 4, 5),
    (2, 4, 0),
]


def _class_dim(shape):
    return 0 if len(shape) == 1 else 1


def _element_shape(shape):
    return () if len(shape) <= 1 else (shape[0], *shape[2:])


def _target_kinds(shape):
    """Targets a learner may pass with logits of ``shape``: right and wrong ones."""
    if not shape:
        return {"long0d": torch.tensor(0), "float0d": torch.tensor(0.5, dtype=D)}
    c = shape[_class_dim(shape)]
    element = _element_shape(shape)
    kinds = {
        "long": _labels(element, c, 1),
        "uint8": _labels(element, c, 1, torch.uint8) if c else None,
        "int32": _labels(element, c, 1, torch.int32),
        "float_labels": _labels(element, c, 1).to(D),
        "probabilities": _probabilities(shape, _class_dim(shape), 2),
        "probabilities_f32": _probabilities(shape, _class_dim(shape), 2, torch.float32),
        "long_of_input_shape": torch.zeros(shape, dtype=L),
        "out_of_range": torch.full(element, max(c, 1), dtype=L),
        "minus_one": torch.full(element, -1, dtype=L),
        "extra_dim": torch.zeros((*element, 1), dtype=L),
    }
    if len(shape) == 1:
        kinds["one_label"] = torch.tensor([0])
        kinds["two_labels"] = torch.tensor([0, 0])
    else:
        kinds["batch_plus_one"] = torch.zeros((shape[0] + 1, *element[1:]), dtype=L)
        kinds["scalar"] = torch.tensor(0)
        if len(shape) > 2:
            kinds["positions_plus_one"] = torch.zeros((shape[0], element[1] + 1), dtype=L)
    return {name: target for name, target in kinds.items() if target is not None}


def _class_calls(function: str):
    for shape in CLASS_SHAPES:
        logits = _normal(shape, 3)
        for (name, target), reduction in itertools.product(
            _target_kinds(shape).items(), REDUCTIONS
        ):
            if function == "nll_loss" and name.startswith("probabilities"):
                continue
            yield (
                f"{shape}-{name}-{reduction}",
                Call(function, (logits, target), {"reduction": reduction}),
            )


def _option_calls(function: str):
    """Weights, ignore_index and label smoothing on a table and on a K-dim input."""
    weights = {
        "none": None,
        "positive": _uniform(4, 5, 0.5, 2.0),
        "negative": torch.tensor([1.0, -2.0, 0.5, 3.0], dtype=D),
        "sums_to_zero": torch.tensor([1.0, -1.0, 0.0, 0.0], dtype=D),
        "nan": torch.tensor([1.0, float("nan"), 0.5, 3.0], dtype=D),
        "float32": torch.ones(4),
        "long": torch.ones(4, dtype=L),
        "too_short": torch.ones(3, dtype=D),
        "row": torch.ones(1, 4, dtype=D),
        "column": _uniform((4, 1), 6, 0.5, 2.0),
        "square": _uniform((2, 2), 6, 0.5, 2.0),
        "scalar": torch.tensor(2.0, dtype=D),
    }
    smoothings = [0.0, 0.1, 1.0, -0.1, float("nan"), 1.5, True, "0.1"]
    ignores = [-100, 1, -1, 1.5, True]
    for shape in [(6, 4), (2, 4, 3)]:
        logits = _normal(shape, 7)
        element = _element_shape(shape)
        labels = _labels(element, 4, 8)
        labels.view(-1)[:2] = torch.tensor([1, 0])  # class 1 present for ignore_index=1
        for (weight_name, weight), reduction in itertools.product(weights.items(), REDUCTIONS):
            for label_smoothing in smoothings if function == "cross_entropy" else [None]:
                kwargs = {"weight": weight, "reduction": reduction}
                if label_smoothing is not None:
                    kwargs["label_smoothing"] = label_smoothing
                yield (
                    f"{shape}-w={weight_name}-ls={label_smoothing}-{reduction}",
                    Call(function, (logits, labels), kwargs),
                )
        for ignore_index, reduction in itertools.product(ignores, REDUCTIONS):
            target = labels.clone()
            if ignore_index == -1:
                target.view(-1)[-1] = -1
            yield (
                f"{shape}-ignore={ignore_index}-{reduction}",
                Call(
                    function,
                    (logits, target),
                    {"ignore_index": ignore_index, "reduction": reduction},
                ),
            )
        everything = torch.full(element, -100)
        for reduction in REDUCTIONS:
            yield (
                f"{shape}-all-ignored-{reduction}",
                Call(function, (logits, everything), {"reduction": reduction}),
            )
        if function == "cross_entropy":
            probabilities = _probabilities(shape, 1, 9)
            for ignore_index, weight_name in itertools.product([-100, -1, 0], ["none", "float32"]):
                yield (
                    f"{shape}-probabilities-ignore={ignore_index}-w={weight_name}",
                    Call(
                        function,
                        (logits, probabilities),
                        {"ignore_index": ignore_index, "weight": weights[weight_name]},
                    ),
                )
    for reduction in ["elementwise_mean", "avg", None, "MEAN"]:
        yield (
            f"reduction={reduction}",
            Call(function, (_normal((3, 4)), _labels(3, 4)), {"reduction": reduction}),
        )
    for dtype in [torch.float32, torch.float16, torch.bfloat16, L, B]:
        yield f"logits-{dtype}", Call(function, (_normal((3, 4), 1, dtype), _labels(3, 4)))


def _params(*generators):
    cases = [case for generator in generators for case in generator]
    return pytest.mark.parametrize("call", [c for _, c in cases], ids=[i for i, _ in cases])


@_params(_class_calls("cross_entropy"), _option_calls("cross_entropy"))
def test_cross_entropy_follows_pytorch(call):
    _assert_same(call)


@_params(_class_calls("nll_loss"), _option_calls("nll_loss"))
def test_nll_loss_follows_pytorch(call):
    call.args = (torch.log_softmax(call.args[0].to(D), -1).to(call.args[0].dtype), *call.args[1:])
    if not call.args[0].is_floating_point():
        call.args = (torch.zeros(call.args[0].shape, dtype=L), *call.args[1:])
    _assert_same(call)


# --- softmax and log_softmax ---------------------------------------------------------------------


def _softmax_calls():
    shapes = [(), (5,), (3, 4), (2, 3, 4), (2, 3, 4, 5), (5, 0, 0), (0, 3)]
    dims = [None, 0, 1, -1, 2, 3, -4, True, 1.5]
    for function, shape, dim in itertools.product(("softmax", "log_softmax"), shapes, dims):
        yield f"{function}-{shape}-dim={dim}", Call(function, (_normal(shape, 4),), {"dim": dim})
    for function, dtype, kwarg in itertools.product(
        ("softmax", "log_softmax"),
        [D, torch.float32, torch.float16, L, torch.int32, B],
        [None, D, torch.float16, L, "float64"],
    ):
        logits = _normal((3, 4), 5).round().to(dtype)
        yield (
            f"{function}-{dtype}-dtype={kwarg}",
            Call(function, (logits,), {"dim": -1, "dtype": kwarg}),
        )
    special = [float("nan"), float("inf"), float("-inf")]
    for function, value in itertools.product(("softmax", "log_softmax"), special):
        logits = torch.tensor([[1.0, value, 0.5], [value, value, 0.0]], dtype=D)
        yield f"{function}-{value}", Call(function, (logits,), {"dim": 1})


@_params(_softmax_calls())
def test_softmax_follows_pytorch(call):
    _assert_same(call)


@pytest.mark.parametrize("dtype", [D, torch.float32, L, B, torch.uint8])
def test_sigmoid_takes_what_torch_sigmoid_takes(dtype):
    x = torch.tensor([[-3, 0, 2], [1, 1, 0]]).to(dtype)
    np.testing.assert_allclose(lossviz.sigmoid(x), torch.sigmoid(x.to(D)).numpy(), rtol=1e-15)


# --- binary cross-entropy ------------------------------------------------------------------------

BINARY_SHAPES = [(), (1,), (5,), (5, 4), (3, 4, 2), (0,), (0, 3)]


def _element_weights(shape):
    weights = {"none": None, "scalar": torch.tensor(2.0, dtype=D)}
    if shape:
        last = shape[-1]
        weights |= {
            "last": _uniform(last, 11, 0.5, 2.0),
            "full": _uniform(shape, 12, 0.5, 2.0),
            "negative": -_uniform(shape, 13),
            "nan": torch.full(shape, float("nan"), dtype=D),
            "long": torch.ones(shape, dtype=L),
            "bool": torch.ones(shape, dtype=B),
            "float32": torch.ones(shape),
            "wrong": torch.ones(last + 1, dtype=D),
            "larger": torch.ones((2, *shape), dtype=D),
        }
        if len(shape) > 1:
            weights["column"] = _uniform((shape[0], 1), 14, 0.5, 2.0)
    return weights


def _binary_calls():
    for shape in BINARY_SHAPES:
        probs = _uniform(shape, 1)
        target = (_uniform(shape, 2) > 0.5).to(D)
        targets = {
            "hard": target,
            "soft": _uniform(shape, 3, 0.0, 1.0),
            "float32": target.float(),
            "long": target.long(),
            "outside": target * 3 - 1,
            "other_shape": torch.zeros((*shape, 2), dtype=D),
        }
        for (name, y), reduction in itertools.product(targets.items(), REDUCTIONS):
            yield (
                f"bce-{shape}-target={name}-{reduction}",
                Call("binary_cross_entropy", (probs, y), {"reduction": reduction}),
            )
            yield (
                f"logits-{shape}-target={name}-{reduction}",
                Call(
                    "binary_cross_entropy_with_logits",
                    (_normal(shape, 4), y),
                    {"reduction": reduction},
                ),
            )
        for (name, weight), reduction in itertools.product(
            _element_weights(shape).items(), REDUCTIONS
        ):
            kwargs = {"weight": weight, "reduction": reduction}
            yield (
                f"bce-{shape}-weight={name}-{reduction}",
                Call("binary_cross_entropy", (probs, target), kwargs),
            )
            yield (
                f"logits-{shape}-weight={name}-{reduction}",
                Call("binary_cross_entropy_with_logits", (_normal(shape, 4), target), kwargs),
            )
            yield (
                f"logits-{shape}-pos_weight={name}-{reduction}",
                Call(
                    "binary_cross_entropy_with_logits",
                    (_normal(shape, 4), target),
                    {"pos_weight": weight, "reduction": reduction},
                ),
            )
    edge = torch.tensor([0.0, 1.0, 0.5, 1e-50], dtype=D)
    hard = torch.tensor([1.0, 0.0, 0.5, 1.0], dtype=D)
    for bad in [float("nan"), 1.5, -0.1]:
        yield (
            f"bce-probs={bad}",
            Call("binary_cross_entropy", (torch.tensor([0.5, bad], dtype=D), hard[:2])),
        )
        yield (
            f"bce-target={bad}",
            Call("binary_cross_entropy", (hard[2:], torch.tensor([0.5, bad], dtype=D))),
        )
    yield "bce-clamped", Call("binary_cross_entropy", (edge, hard), {"reduction": "none"})
    yield "bce-f32-f64", Call("binary_cross_entropy", (edge.float(), hard))
    yield "bce-long-input", Call("binary_cross_entropy", (hard.long(), hard.long()))
    special = torch.tensor([float("nan"), float("inf"), float("-inf"), 3.0], dtype=D)
    for y in ([1.0, 1.0, 0.0, float("nan")], [0.0, 0.0, 1.0, 2.0], [0.0, 1.0, 1.0, -1.0]):
        for pos_weight in (None, torch.tensor([2.0], dtype=D), torch.tensor(-1.0, dtype=D)):
            yield (
                f"logits-special-{y}-pw={pos_weight}",
                Call(
                    "binary_cross_entropy_with_logits",
                    (special, torch.tensor(y, dtype=D)),
                    {"pos_weight": pos_weight, "reduction": "none"},
                ),
            )
    for dtype in [L, B, torch.uint8, torch.float32, torch.float16]:
        yield (
            f"logits-input-{dtype}",
            Call("binary_cross_entropy_with_logits", (hard.to(dtype), hard)),
        )
        yield (
            f"logits-target-{dtype}",
            Call("binary_cross_entropy_with_logits", (special[3:].repeat(4), hard.to(dtype))),
        )
        yield (
            f"logits-pos_weight-{dtype}",
            Call(
                "binary_cross_entropy_with_logits",
                (special[3:].repeat(4), hard),
                {"pos_weight": torch.tensor([2]).to(dtype)},
            ),
        )
    for reduction in ["elementwise_mean", "batchmean", "avg"]:
        yield (
            f"bce-reduction={reduction}",
            Call("binary_cross_entropy", (edge, hard), {"reduction": reduction}),
        )


@_params(_binary_calls())
def test_binary_cross_entropy_follows_pytorch(call):
    _assert_same(call)


# --- kl_div --------------------------------------------------------------------------------------


def _kl_calls():
    shape_pairs = [
        ((), ()),
        ((2,), (2,)),
        ((2, 3), (2, 3)),
        ((2, 3, 4), (2, 3, 4)),
        ((0, 3), (0, 3)),
        ((3,), (2, 3)),
        ((2, 3), (3,)),
        ((2, 1), (2, 3)),
        ((2, 3), (2,)),
    ]
    for (a, b), reduction, log_target in itertools.product(
        shape_pairs, ("none", "mean", "sum", "batchmean"), (False, True)
    ):
        log_q = torch.log_softmax(_normal(a, 1), -1) if a else torch.tensor(-0.5, dtype=D)
        p = torch.softmax(_normal(b, 2), -1) if b else torch.tensor(0.4, dtype=D)
        target = p.log() if log_target else p
        yield (
            f"{a}-{b}-{reduction}-log_target={log_target}",
            Call("kl_div", (log_q, target), {"reduction": reduction, "log_target": log_target}),
        )
    log_q = torch.log_softmax(_normal((2, 3), 3), -1)
    p = torch.softmax(_normal((2, 3), 4), -1)
    specials = {
        "negative_target": torch.tensor([[-0.5, 1.0, 0.5], [0.2, 0.3, 0.5]], dtype=D),
        "zero_target": torch.tensor([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]], dtype=D),
        "nan_target": torch.tensor([[float("nan"), 1.0, 0.0], [0.2, 0.3, 0.5]], dtype=D),
    }
    for (name, target), reduction in itertools.product(specials.items(), ("sum", "batchmean")):
        yield f"{name}-{reduction}", Call("kl_div", (log_q, target), {"reduction": reduction})
    minus_inf = log_q.clone()
    minus_inf[0, 0] = float("-inf")
    for target in (p, specials["zero_target"]):
        for log_target in (False, True):
            t = target.log() if log_target else target
            yield (
                f"minus_inf_input-{target is p}-{log_target}",
                Call("kl_div", (minus_inf, t), {"reduction": "sum", "log_target": log_target}),
            )
    for flag in [1, None, np.bool_(True), "True"]:
        yield f"log_target={flag!r}", Call("kl_div", (log_q, p), {"log_target": flag})
    for reduction in ["elementwise_mean", "avg"]:
        yield f"reduction={reduction}", Call("kl_div", (log_q, p), {"reduction": reduction})
    for dtype in [L, B, torch.float32, torch.float16]:
        yield f"input-{dtype}", Call("kl_div", (log_q.to(dtype), p), {"reduction": "sum"})
        yield f"target-{dtype}", Call("kl_div", (log_q, p.to(dtype)), {"reduction": "sum"})


@_params(_kl_calls())
def test_kl_div_follows_pytorch(call):
    _assert_same(call)


# --- regression losses ---------------------------------------------------------------------------

REGRESSION = ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss")


def _regression_calls():
    shape_pairs = [
        ((), ()),
        ((5,), (5,)),
        ((3, 4), (3, 4)),
        ((5, 1), (5,)),
        ((5,), (5, 1)),
        ((3, 4), (4,)),
        ((), (3,)),
        ((3,), ()),
        ((3, 4), (3,)),
        ((0,), (0,)),
    ]
    for function, (a, b), reduction in itertools.product(REGRESSION, shape_pairs, REDUCTIONS):
        yield (
            f"{function}-{a}-{b}-{reduction}",
            Call(function, (_normal(a, 1), _normal(b, 2)), {"reduction": reduction}),
        )
    dtypes = [D, torch.float32, torch.float16, L, torch.int32, torch.uint8, B]
    for function, a, b, reduction in itertools.product(REGRESSION, dtypes, dtypes, REDUCTIONS):
        x = torch.tensor([1, 0, 3, 2]).to(a)
        y = torch.tensor([0, 1, 1, 5]).to(b)
        yield f"{function}-{a}-{b}-{reduction}", Call(function, (x, y), {"reduction": reduction})
    x = torch.tensor([1, 0, 3], dtype=L)
    for reduction in REDUCTIONS:
        yield (
            f"smooth_l1-beta0-long-{reduction}",
            Call("smooth_l1_loss", (x, x.flip(0)), {"reduction": reduction, "beta": 0.0}),
        )
    special = torch.tensor([float("nan"), float("inf"), float("-inf"), 1.0, float("inf")], dtype=D)
    target = torch.tensor([0.0, 0.0, 1.0, float("inf"), float("inf")], dtype=D)
    for function, reduction in itertools.product(REGRESSION, REDUCTIONS):
        yield (
            f"{function}-special-{reduction}",
            Call(function, (special, target), {"reduction": reduction}),
        )
    errors = (_normal(6, 3), _normal(6, 4))
    for beta in [0.0, 0.5, float("inf"), True, False, -1.0, float("nan"), "1"]:
        yield f"beta={beta!r}", Call("smooth_l1_loss", errors, {"beta": beta})
    for delta in [0.5, float("inf"), True, 0.0, -1.0, float("nan"), None]:
        yield f"delta={delta!r}", Call("huber_loss", errors, {"delta": delta})
    for function, reduction in itertools.product(REGRESSION, ["elementwise_mean", "batchmean"]):
        yield f"{function}-reduction={reduction}", Call(function, errors, {"reduction": reduction})


@_params(_regression_calls())
def test_regression_losses_follow_pytorch(call):
    _assert_same(call)


# --- which layer decides what --------------------------------------------------------------------


def test_the_input_layer_still_refuses_nan_that_the_api_computes():
    """The API computes NaN as PyTorch does; the app's input layer refuses it, clearly."""
    from lossviz.inputs.batch import Batch
    from lossviz.inputs.parsing import parse_matrix

    assert np.isnan(lossviz.cross_entropy([[1.0, float("nan")]], [0]).loss)
    with pytest.raises(InputError, match=r"logits, row 1, column 2: the value is NaN"):
        Batch(np.array([[1.0, float("nan")]]), np.array([0]), ())
    with pytest.raises(InputError, match=r"'nan' is not a finite number"):
        parse_matrix("1, nan", "logits")
    with pytest.raises(InputError, match=r"class 1: -2 is negative"):
        Batch(np.array([[1.0, 2.0]]), np.array([0]), (), np.array([1.0, -2.0]))


# --- what a refusal says -------------------------------------------------------------------------

MESSAGES = [
    (
        lambda: lossviz.cross_entropy(_normal((2, 3)), torch.zeros((2, 3), dtype=L)),
        r"target has the logits' shape \(2, 3\), so PyTorch reads it as class probabilities, "
        r"which must be floating point, but it is a torch.int64 tensor\. One-hot labels\? Pass "
        r"the class indices instead \(shape \(2,\)\)",
    ),
    (
        lambda: lossviz.cross_entropy(_normal((2, 3)), torch.tensor([0.0, 1.0])),
        r"target is a torch.float32 tensor of class labels; PyTorch takes class labels only as "
        r"torch.int64 \(long\) or torch.uint8: convert it with .long\(\)",
    ),
    (
        lambda: lossviz.cross_entropy(_normal((2, 4, 5)), torch.zeros((2, 4), dtype=L)),
        r"target has shape \(2, 4\), which fits neither way: class labels for logits of shape "
        r"\(2, 4, 5\) have shape \(2, 5\) \(one per sample and position\)",
    ),
    (
        lambda: lossviz.cross_entropy(_normal((2, 4, 5)), torch.zeros((3, 5), dtype=L)),
        r"target holds 3 sample\(s\) \(its first dimension\) but logits hold 2",
    ),
    (
        lambda: lossviz.cross_entropy(_normal(4), torch.tensor([0, 1])),
        r"target has shape \(2,\), but logits of shape \(4,\) are one sample",
    ),
    (
        lambda: lossviz.cross_entropy(_normal(()), torch.tensor(0)),
        r"logits is a single number; it needs a dimension of classes",
    ),
    (
        lambda: lossviz.nll_loss(_normal((2, 3)), torch.zeros((2, 3), dtype=L)),
        r"target has shape \(2, 3\), but class labels for log_probs of shape \(2, 3\) have "
        r"shape \(2,\)",
    ),
    (
        lambda: lossviz.cross_entropy(_normal((2, 4, 5)), _labels((2, 5), 4, 0, torch.uint8)),
        r"PyTorch takes uint8 labels only for \(C,\) or \(N, C\) input",
    ),
    (
        lambda: lossviz.cross_entropy(_normal((2, 3)), _labels(2, 3), weight=torch.ones(3)),
        r"weight is a torch.float32 tensor but the input is torch.float64",
    ),
    (
        lambda: lossviz.binary_cross_entropy(_uniform(3), _uniform(3, dtype=torch.float32)),
        r"probs is torch.float64 but target is torch.float32: binary_cross_entropy needs both "
        r"in one dtype",
    ),
    (
        lambda: lossviz.mse_loss(_normal((2, 3)), _normal(2)),
        r"input has shape \(2, 3\) but target has shape \(2,\): they do not broadcast",
    ),
    (
        lambda: lossviz.kl_div(_normal(3), torch.tensor([0, 1, 0])),
        r"target is a torch.int64 tensor; kl_div takes no integer or bool tensors",
    ),
    (
        lambda: lossviz.softmax(_normal((2, 3)), dim=2),
        r"dim 2 is out of range for a 2-dimensional input: use -2..1",
    ),
    (
        lambda: lossviz.cross_entropy(_normal((2, 3)), _labels(2, 3), label_smoothing=1.5),
        r"label_smoothing must be between 0 and 1; got 1.5",
    ),
]


@pytest.mark.parametrize("call, message", MESSAGES)
def test_a_refusal_names_the_shapes_and_dtypes_in_a_learners_words(call, message):
    with pytest.raises(InputError, match=message):
        call()
