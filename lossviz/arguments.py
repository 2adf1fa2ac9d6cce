"""PyTorch's argument rules, for the functions that reproduce ``torch.nn.functional``.

The losses (``cross_entropy``, ``nll_loss``, ``binary_cross_entropy`` and its logits version,
``kl_div``, the regression losses) and ``softmax`` / ``log_softmax`` refuse exactly what
PyTorch refuses, with an ``InputError`` in a learner's words, and compute whatever it accepts.

Which layer decides what:

- **This module (the API)** follows PyTorch. NaN and infinity are values like any other: they
  propagate through the loss and the gradient as in PyTorch (a note says so), except where
  PyTorch itself refuses them (``binary_cross_entropy`` wants every probability in [0, 1]).
  Negative class weights compute what PyTorch computes (a note says they are unusual).
- **The app's input layer** (``lossviz.inputs``: ``parse_matrix``, ``Batch``; and the strict
  helpers of ``lossviz.validation`` it uses) refuses NaN, infinity, empty tables and negative
  weights with a clear message: a person typing them has made a mistake.

Values: a ``torch.Tensor`` carries its dtype, and PyTorch's dtype rules apply to it (an integer
tensor of class probabilities is refused, an ``int64`` tensor of class labels is accepted).
Lists, numbers and NumPy arrays carry no PyTorch dtype: they are read as float64 values, the
numbers a person typed, so only their values are checked (class labels must be whole numbers).
Whatever the dtypes given, lossviz computes in float64 (float32 on Apple's MPS).
"""

from __future__ import annotations

import numbers

import numpy as np
import torch

from lossviz.errors import InputError
from lossviz.results import Note
from lossviz.validation import REDUCTIONS, as_values

__all__ = [
    "as_beta",
    "as_delta",
    "as_dim",
    "as_flag",
    "as_ignore_index",
    "as_label_smoothing",
    "as_values",
    "broadcast_shape",
    "check_floating",
    "dtype_name",
    "is_floating",
    "reduction_rule",
    "tensor_dtype",
]

#: PyTorch's old name for ``"mean"``: still accepted, with a deprecation warning.
DEPRECATED_MEAN = "elementwise_mean"

_INT64 = (-(2**63), 2**63 - 1)


def tensor_dtype(values: object) -> torch.dtype | None:
    """The dtype of a tensor, or None for lists, numbers and NumPy arrays (read as float64).

    >>> tensor_dtype(torch.tensor([1, 2])), tensor_dtype([1, 2])
    (torch.int64, None)
    """
    return values.dtype if isinstance(values, torch.Tensor) else None


def is_floating(dtype: torch.dtype | None) -> bool:
    """True for a floating-point dtype, and for no dtype (values are read as float64).

    >>> is_floating(torch.float16), is_floating(torch.bool), is_floating(None)
    (True, False, True)
    """
    return dtype is None or dtype.is_floating_point


def dtype_name(dtype: torch.dtype | None) -> str:
    """How a dtype is written in PyTorch code: ``torch.int64``.

    >>> dtype_name(torch.long)
    'torch.int64'
    """
    return "float64 values" if dtype is None else str(dtype)


def check_floating(function: str, name: str, values: object) -> None:
    """Refuse a tensor that is not floating point where ``function`` needs one, as PyTorch does.

    Only tensors are checked: other values are read as float64.

    >>> check_floating("cross_entropy", "logits", torch.tensor([[1, 2]]))
    Traceback (most recent call last):
    lossviz.errors.InputError: logits is a torch.int64 tensor, but cross_entropy needs floating-point logits: convert it with .float() or .double()
    """  # noqa: E501
    dtype = tensor_dtype(values)
    if not is_floating(dtype):
        raise InputError(
            f"{name} is a {dtype_name(dtype)} tensor, but {function} needs floating-point "
            f"{name}: convert it with .float() or .double()"
        )


def reduction_rule(
    reduction: object, allowed: tuple[str, ...] = REDUCTIONS
) -> tuple[str, tuple[Note, ...]]:
    """The reduction as PyTorch reads it, and a note for its deprecated spelling.

    ``"elementwise_mean"`` is PyTorch's old name for ``"mean"``: it still works, with a warning.

    Raises:
        InputError: anything else outside ``allowed``.

    >>> reduction_rule("sum")
    ('sum', ())
    >>> reduction, notes = reduction_rule("elementwise_mean")
    >>> reduction, notes[0].code
    ('mean', 'reduction_deprecated')
    """
    if reduction == DEPRECATED_MEAN:
        return "mean", (
            Note(
                "reduction_deprecated",
                "reduction='elementwise_mean' is PyTorch's old name for 'mean': it still works, "
                "with a deprecation warning. Write reduction='mean'.",
            ),
        )
    if not isinstance(reduction, str) or reduction not in allowed:
        raise InputError(
            f"reduction {reduction!r} is unknown: use " + ", ".join(repr(r) for r in allowed)
        )
    return reduction, ()


def _zero_dim_item(value: object) -> object:
    """A 0-dim tensor or NumPy scalar array as a Python number; anything else as it is."""
    if isinstance(value, torch.Tensor) and value.dim() == 0 and not value.is_complex():
        return value.item()
    return value


def as_ignore_index(value: object) -> int:
    """``ignore_index`` as PyTorch takes it: a whole number (not a bool) that fits in int64.

    >>> as_ignore_index(-100), as_ignore_index(np.int64(3))
    (-100, 3)
    """
    number = _zero_dim_item(value)
    if (
        isinstance(number, bool)
        or not isinstance(number, numbers.Integral)
        or not _INT64[0] <= number <= _INT64[1]
    ):
        raise InputError(f"ignore_index must be a whole number; got {value!r}")
    return int(number)


def _real(value: object, name: str, wanted: str) -> float:
    """A real number as PyTorch's float arguments take it (bools count: True is 1.0)."""
    number = _zero_dim_item(value)
    if not isinstance(number, numbers.Real):
        raise InputError(f"{name} must be {wanted}; got {value!r}")
    return float(number)


def as_label_smoothing(value: object) -> tuple[float, tuple[Note, ...]]:
    r"""The smoothing :math:`\varepsilon` PyTorch applies, and a note when it ignores the value.

    PyTorch smooths only when ``label_smoothing > 0`` and refuses a value above 1; a negative
    value (or NaN) is ignored, as if it were 0.

    >>> as_label_smoothing(0.1)
    (0.1, ())
    >>> smoothing, notes = as_label_smoothing(-0.1)
    >>> smoothing, notes[0].code
    (0.0, 'label_smoothing_ignored')
    """
    smoothing = _real(value, "label_smoothing", "a number between 0 and 1")
    if smoothing > 1.0:
        raise InputError(f"label_smoothing must be between 0 and 1; got {value!r}")
    if smoothing > 0.0:
        return smoothing, ()
    if smoothing == 0.0:
        return 0.0, ()
    return 0.0, (
        Note(
            "label_smoothing_ignored",
            f"label_smoothing={smoothing:g}: PyTorch smooths only when it is above 0, so it "
            "computes the loss without smoothing (as with 0).",
            {"label_smoothing": smoothing},
        ),
    )


def as_beta(value: object) -> float:
    r"""Smooth L1's :math:`\beta`: a number >= 0 (infinity too), as ``F.smooth_l1_loss`` takes it.

    >>> as_beta(0.5), as_beta(True), as_beta(float("inf"))
    (0.5, 1.0, inf)
    """
    beta = _real(value, "beta", "a number >= 0")
    if not beta >= 0:
        raise InputError(f"beta must be a number >= 0; got {value!r}")
    return beta


def as_delta(value: object) -> float:
    r"""Huber's :math:`\delta`: a number > 0 (infinity too), as ``F.huber_loss`` takes it.

    >>> as_delta(2), as_delta(float("inf"))
    (2.0, inf)
    """
    delta = _real(value, "delta", "a number > 0")
    if not delta > 0:
        raise InputError(f"delta must be a number > 0; got {value!r}")
    return delta


def as_flag(value: object, name: str) -> bool:
    """A Python bool, as PyTorch's flags take it (not 1, not NumPy's bool).

    >>> as_flag(True, "log_target")
    True
    """
    if not isinstance(value, bool):
        raise InputError(f"{name} must be True or False; got {value!r}")
    return value


def as_dim(dim: object, ndim: int) -> int:
    """A dimension of a tensor of ``ndim`` dimensions, counted from 0 (negative from the end).

    A 0-dim tensor has the dimensions 0 and -1, as in PyTorch.

    >>> as_dim(-1, 3), as_dim(0, 0)
    (2, 0)
    """
    span = max(ndim, 1)
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
        raise InputError(f"dim must be a whole number; got {dim!r}")
    if not -span <= dim < span:
        raise InputError(
            f"dim {dim} is out of range for a {ndim}-dimensional input: use {-span}..{span - 1}"
        )
    return int(dim) % span


def broadcast_shape(
    a_shape: tuple[int, ...], b_shape: tuple[int, ...], a_name: str, b_name: str
) -> tuple[int, ...]:
    """The shape ``a`` and ``b`` broadcast to, as PyTorch broadcasts them.

    >>> broadcast_shape((3, 1), (3,), "input", "target")
    (3, 3)
    >>> broadcast_shape((2, 3), (2,), "input", "target")
    Traceback (most recent call last):
    lossviz.errors.InputError: input has shape (2, 3) but target has shape (2,): they do not broadcast (from the last dimension back, each pair of sizes must be equal or one of them 1)
    """  # noqa: E501
    try:
        return tuple(np.broadcast_shapes(tuple(a_shape), tuple(b_shape)))
    except ValueError:
        raise InputError(
            f"{a_name} has shape {tuple(a_shape)} but {b_name} has shape {tuple(b_shape)}: they "
            "do not broadcast (from the last dimension back, each pair of sizes must be equal or "
            "one of them 1)"
        ) from None
