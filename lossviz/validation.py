"""Checks that turn what a person or a program passes in into clean arrays, or an ``InputError``.

Every message says what is wrong and where, with rows and columns counted from 1 as a person
reads a table, and class labels counted from 0 as PyTorch does.

These are the strict checks of the app's input layer (``lossviz.inputs``) and of lossviz's own
lessons: finite values only, at least one value, non-negative weights. The functions that
reproduce ``torch.nn.functional`` follow PyTorch's rules instead (``lossviz.arguments``), so a
call PyTorch accepts computes there, NaN and all.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import torch

from lossviz.errors import InputError

__all__ = [
    "REDUCTIONS",
    "as_class_indices",
    "as_class_weight",
    "as_float_array",
    "as_logit_matrix",
    "as_real_number",
    "as_unit_interval",
    "as_values",
    "as_whole_number",
    "check_reduction",
    "check_same_shape",
    "position",
]

REDUCTIONS = ("none", "mean", "sum")


def position(index: tuple[int, ...]) -> str:
    """Where an element sits, in words: ``row 2, column 3`` (counted from 1).

    >>> position((1, 2))
    'row 2, column 3'
    >>> position((4,))
    'row 5'
    """
    if len(index) == 0:
        return "the value"
    if len(index) == 1:
        return f"row {index[0] + 1}"
    if len(index) == 2:
        return f"row {index[0] + 1}, column {index[1] + 1}"
    return "element (" + ", ".join(str(i + 1) for i in index) + ")"


def as_values(values: object, name: str) -> np.ndarray:
    """A float64 array of ``values`` (a tensor, a NumPy array, a list or a number), as given.

    NaN, infinity and empty arrays pass: the API leaves them to PyTorch's rules
    (``lossviz.arguments``), the input layer refuses them (:func:`as_float_array`). Complex
    values are refused: lossviz computes on real numbers only.

    Raises:
        InputError: ragged rows, something that is not a number, complex numbers.

    >>> as_values([[1, float("nan")]], "logits")
    array([[ 1., nan]])
    >>> as_values(torch.tensor([True, False]), "target").tolist()
    [1.0, 0.0]
    """
    if isinstance(values, torch.Tensor):
        if values.is_complex():
            raise InputError(f"{name} is a complex tensor; lossviz computes on real numbers only")
        return values.detach().to("cpu", torch.float64).numpy()
    if isinstance(values, np.ndarray) and np.iscomplexobj(values):
        raise InputError(f"{name} holds complex numbers; lossviz computes on real numbers only")
    try:
        return np.asarray(values, dtype=np.float64)
    except ValueError as error:
        if "inhomogeneous" in str(error) or "sequence" in str(error):
            raise InputError(f"{name}: rows have different lengths (ragged rows)") from None
        raise InputError(f"{name}: every value must be a number") from None
    except TypeError:
        raise InputError(f"{name}: every value must be a number") from None


def as_float_array(values: object, name: str) -> np.ndarray:
    """A float64 NumPy array from a list, a NumPy array or a torch tensor; finite values only.

    Raises:
        InputError: ragged rows, something that is not a number, NaN or infinity, no values.

    >>> as_float_array([[1, 2], [3, 4]], "logits").dtype
    dtype('float64')
    """
    array = as_values(values, name)
    if array.size == 0:
        raise InputError(f"{name} is empty: enter at least one value")
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "NaN" if np.isnan(array[where]) else "infinite"
        raise InputError(f"{name}, {position(where)}: the value is {kind}; use a finite number")
    return array


def as_logit_matrix(values: object, name: str = "logits", min_classes: int = 2) -> np.ndarray:
    """An (N, C) table of finite numbers with at least one row and ``min_classes`` columns.

    >>> as_logit_matrix([[1.3, 1.3, 2.6]]).shape
    (1, 3)
    """
    array = as_float_array(values, name)
    if array.ndim != 2:
        hint = " (wrap a single sample in brackets: [[...]])" if array.ndim == 1 else ""
        raise InputError(
            f"{name} must be a table of N samples x C classes; got shape {array.shape}{hint}"
        )
    if array.shape[1] < min_classes:
        raise InputError(
            f"{name} has {array.shape[1]} column(s); at least {min_classes} classes are needed"
        )
    return array


def as_class_indices(
    values: object, num_samples: int, num_classes: int, ignore_index: int | None = None
) -> np.ndarray:
    """(N,) int64 class labels in 0..C-1; a label equal to ``ignore_index`` may be anything.

    >>> as_class_indices([2, 0], 2, 3)
    array([2, 0])
    """
    array = as_float_array(values, "target")
    if array.ndim != 1:
        raise InputError(f"target must be one class label per sample; got shape {array.shape}")
    if array.shape[0] != num_samples:
        raise InputError(
            f"target has {array.shape[0]} label(s) but there are {num_samples} sample(s)"
        )
    fractional = array != np.round(array)
    if fractional.any():
        i = int(np.argmax(fractional))
        raise InputError(f"target, {position((i,))}: label {array[i]:g} is not a whole number")
    labels = array.astype(np.int64)
    outside = (labels < 0) | (labels >= num_classes)
    if ignore_index is not None:
        outside &= labels != ignore_index
    if outside.any():
        i = int(np.argmax(outside))
        raise InputError(
            f"target, {position((i,))}: label {labels[i]} is out of range for "
            f"{num_classes} classes (0..{num_classes - 1})"
        )
    return labels


def as_class_weight(
    values: object | None, num_classes: int, name: str = "weight"
) -> np.ndarray | None:
    """A (C,) vector of finite, non-negative class weights, or None.

    >>> as_class_weight([1, 2, 3], 3)
    array([1., 2., 3.])
    """
    if values is None:
        return None
    array = as_float_array(values, name)
    if array.ndim != 1 or array.shape[0] != num_classes:
        raise InputError(
            f"{name} must hold one value per class ({num_classes}); got shape {array.shape}"
        )
    negative = array < 0
    if negative.any():
        i = int(np.argmax(negative))
        raise InputError(f"{name}, class {i}: {array[i]:g} is negative; weights must be >= 0")
    return array


def as_unit_interval(values: object, name: str) -> np.ndarray:
    """Finite values that must lie in [0, 1] (probabilities, BCE targets).

    >>> as_unit_interval([0.0, 0.5, 1.0], "probs")
    array([0. , 0.5, 1. ])
    """
    array = as_float_array(values, name)
    outside = (array < 0) | (array > 1)
    if outside.any():
        where = tuple(int(i) for i in np.argwhere(outside)[0])
        raise InputError(f"{name}, {position(where)}: {array[where]:g} is outside [0, 1]")
    return array


def check_reduction(reduction: str, allowed: Iterable[str] = REDUCTIONS) -> str:
    """The reduction, if it is one of ``allowed``.

    >>> check_reduction("mean")
    'mean'
    """
    allowed = tuple(allowed)
    if reduction not in allowed:
        raise InputError(
            f"reduction {reduction!r} is unknown: use " + ", ".join(repr(r) for r in allowed)
        )
    return reduction


def check_same_shape(a: np.ndarray, b: np.ndarray, a_name: str, b_name: str) -> None:
    """Raise unless ``a`` and ``b`` have the same shape.

    >>> check_same_shape(np.zeros((2, 3)), np.zeros((2, 3)), "input", "target")
    """
    if a.shape != b.shape:
        raise InputError(
            f"{a_name} has shape {a.shape} but {b_name} has shape {b.shape}; they must match"
        )


def as_whole_number(value: object, name: str, low: int, high: int) -> int:
    """A whole number in ``[low, high]`` given as a Python or NumPy integer (not a bool).

    >>> as_whole_number(3, "classes", 2, 100)
    3
    >>> as_whole_number(2.5, "classes", 2, 100)
    Traceback (most recent call last):
    lossviz.errors.InputError: classes must be a whole number between 2 and 100; got 2.5
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not low <= value <= high
    ):
        raise InputError(f"{name} must be a whole number between {low} and {high}; got {value!r}")
    return int(value)


def as_real_number(
    value: object, name: str, low: float, high: float, low_open: bool = False
) -> float:
    """A finite real number in ``[low, high]`` (``(low, high]`` when ``low_open``), not a bool.

    >>> as_real_number(0.5, "smoothing", 0.0, 1.0)
    0.5
    >>> as_real_number(0.0, "lr", 0.0, 1.0, low_open=True)
    Traceback (most recent call last):
    lossviz.errors.InputError: lr must be a number above 0 and at most 1; got 0.0
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or not (low < value if low_open else low <= value)
        or not value <= high
    ):
        bounds = f"above {low:g} and at most" if low_open else f"between {low:g} and"
        raise InputError(f"{name} must be a number {bounds} {high:g}; got {value!r}")
    return float(value)
