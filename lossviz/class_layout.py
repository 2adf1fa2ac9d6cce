r"""Where the classes sit in ``cross_entropy``'s and ``nll_loss``'s input, and what fits it.

PyTorch takes three layouts, with the classes always in one dimension:

=====================  ==================  =========================  ===================
input                  class dimension     class labels (target)      one loss per
=====================  ==================  =========================  ===================
(C,)                   0                   () or (1,)                 the one sample: ()
(N, C)                 1                   (N,)                       sample: (N,)
(N, C, d1, ..., dK)    1                   (N, d1, ..., dK)           element: (N, d1..dK)
=====================  ==================  =========================  ===================

Class probabilities have the input's own shape. lossviz computes every layout as a table of
R rows of C classes (R = N d1 ... dK, one row per element), the (N, C) table itself when the
input is one, and gives each result back in the input's layout: a per-element value has the
shape of the labels (PyTorch's ``reduction='none'`` output), a per-class value the input's.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from lossviz.arguments import as_values, dtype_name, is_floating, tensor_dtype
from lossviz.errors import InputError
from lossviz.validation import position

__all__ = ["ClassLayout", "as_class_weight_rule", "as_labels", "class_layout"]

Array = np.ndarray | torch.Tensor


def _shape(shape: tuple[int, ...]) -> str:
    """A shape as Python writes a tuple: ``(3,)``, ``(2, 4)``, ``()``."""
    return str(tuple(shape))


class ClassLayout:
    """The layout of an input of shape (C,), (N, C) or (N, C, d1, ..., dK).

    Attributes:
        shape: the input's shape.
        class_dim: 0 for a single sample (C,), else 1.
        num_classes: C.
        element_shape: the shape of the labels and of every per-element result: (), (N,) or
            (N, d1, ..., dK).
        rows: R, the number of elements: how many rows the table has.

    >>> layout = ClassLayout((2, 3, 4))
    >>> layout.num_classes, layout.element_shape, layout.rows
    (3, (2, 4), 8)
    >>> table = layout.to_table(np.arange(24.0).reshape(2, 3, 4))
    >>> table.shape, table[1].tolist()
    ((8, 3), [1.0, 5.0, 9.0])
    >>> bool((layout.from_table(table) == np.arange(24.0).reshape(2, 3, 4)).all())
    True
    """

    __slots__ = ("class_dim", "element_shape", "num_classes", "rows", "shape")

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(shape)
        self.class_dim = 0 if len(self.shape) == 1 else 1
        self.num_classes = self.shape[self.class_dim]
        self.element_shape = () if len(self.shape) == 1 else (self.shape[0], *self.shape[2:])
        self.rows = math.prod(self.element_shape)

    def to_table(self, values: Array) -> Array:
        """(R, C): the classes last, one row per element (the input itself when it is (N, C))."""
        if len(self.shape) == 2:
            return values
        if len(self.shape) == 1:
            return values.reshape(1, self.num_classes)
        moved = (
            values.movedim(1, -1)
            if isinstance(values, torch.Tensor)
            else np.moveaxis(values, 1, -1)
        )
        return moved.reshape(self.rows, self.num_classes)

    def from_table(self, table: Array) -> Array:
        """An (R, C) table back in the input's layout."""
        if len(self.shape) == 2:
            return table
        if len(self.shape) == 1:
            return table.reshape(self.shape)
        stacked = table.reshape(*self.element_shape, self.num_classes)
        if isinstance(stacked, torch.Tensor):
            return stacked.movedim(-1, 1)
        return np.moveaxis(stacked, -1, 1)

    def per_element(self, column: Array) -> Array:
        """An (R,) column of per-row values in the labels' shape."""
        return column.reshape(self.element_shape)

    def place(self, row: int) -> str:
        """Where row ``row`` of the table sits, in words: ``row 2``, ``element (1, 3)``."""
        if not self.element_shape:
            return "the sample"
        return position(tuple(int(i) for i in np.unravel_index(row, self.element_shape)))


def class_layout(shape: tuple[int, ...], name: str) -> ClassLayout:
    """The layout of an input of ``shape``; PyTorch needs at least the class dimension.

    >>> class_layout((4,), "logits").element_shape
    ()
    >>> class_layout((), "logits")
    Traceback (most recent call last):
    lossviz.errors.InputError: logits is a single number; it needs a dimension of classes: shape (C,) for one sample, (N, C) for N samples, or (N, C, d1, ...) for N samples of many elements
    """  # noqa: E501
    if len(shape) == 0:
        raise InputError(
            f"{name} is a single number; it needs a dimension of classes: shape (C,) for one "
            "sample, (N, C) for N samples, or (N, C, d1, ...) for N samples of many elements"
        )
    return ClassLayout(tuple(shape))


def _label_shape_error(layout: ClassLayout, target_shape: tuple[int, ...], name: str) -> str:
    shape, element = layout.shape, layout.element_shape
    # nll_loss takes labels only; cross_entropy takes class probabilities of its input's shape too.
    probabilities = name == "logits"
    if len(shape) == 1 and len(target_shape) == 1:
        return (
            f"target has shape {_shape(target_shape)}, but {name} of shape {_shape(shape)} are "
            "one sample: give its one class label (a number, or shape (1,))"
            + (f", or class probabilities of shape {_shape(shape)}" if probabilities else "")
        )
    if len(shape) == 2 and len(target_shape) == 1:
        return f"target has {target_shape[0]} label(s) but there are {shape[0]} sample(s)"
    if len(shape) > 2 and target_shape and target_shape[0] != shape[0]:
        return (
            f"target holds {target_shape[0]} sample(s) (its first dimension) but {name} hold "
            f"{shape[0]}"
        )
    per = "sample" if len(shape) <= 2 else "sample and position"
    labels = f"class labels for {name} of shape {_shape(shape)} have shape {_shape(element)}"
    if not probabilities:
        return f"target has shape {_shape(target_shape)}, but {labels} (one per {per})"
    return (
        f"target has shape {_shape(target_shape)}, which fits neither way: {labels} (one per "
        f"{per}), class probabilities the shape {_shape(shape)} itself"
    )


def as_labels(
    target: object,
    layout: ClassLayout,
    ignore_index: int,
    name: str = "logits",
    values: np.ndarray | None = None,
    reduction: str = "mean",
) -> np.ndarray:
    """Class labels in the labels' shape, checked as PyTorch checks them: int64.

    A label must lie in 0..C-1 unless it equals ``ignore_index``. A tensor of labels must be
    ``torch.int64`` (long) or ``torch.uint8`` (uint8 only for a (C,) or (N, C) input; PyTorch
    skips that check for a K-dim input without elements when it reduces); other values must be
    whole numbers. ``values`` is ``target`` already read with ``as_values``, when the caller has
    it.

    Raises:
        InputError: a shape that fits neither the labels nor the probabilities, a label tensor
            of another dtype, a fractional label, a label out of range.

    >>> as_labels([2, -100], ClassLayout((2, 3)), -100).tolist()
    [2, -100]
    >>> as_labels(torch.tensor(1), ClassLayout((3,)), -100).tolist()
    1
    """
    dtype = tensor_dtype(target)
    values = as_values(target, "target") if values is None else values
    shape = values.shape
    fits = shape in ((), (1,)) if len(layout.shape) == 1 else shape == layout.element_shape
    if not fits:
        raise InputError(_label_shape_error(layout, shape, name))
    nothing = math.prod(layout.shape) == 0 and reduction != "none"
    if dtype == torch.uint8 and len(layout.shape) > 2 and not nothing:
        raise InputError(
            f"target is a torch.uint8 tensor of class labels; PyTorch takes uint8 labels only "
            f"for (C,) or (N, C) input, and {name} have shape {_shape(layout.shape)}: convert "
            "the labels with .long()"
        )
    if dtype is not None and dtype not in (torch.int64, torch.uint8):
        hint = (
            " (floating point is read as class probabilities only in the shape of "
            f"{name}, {_shape(layout.shape)})"
            if is_floating(dtype)
            else ""
        )
        raise InputError(
            f"target is a {dtype_name(dtype)} tensor of class labels; PyTorch takes class labels "
            f"only as torch.int64 (long) or torch.uint8: convert it with .long(){hint}"
        )
    values = values.reshape(layout.element_shape)
    fractional = values != np.round(values)
    if fractional.any():
        where = tuple(int(i) for i in np.argwhere(fractional)[0])
        raise InputError(f"{_at('target', where)}: label {values[where]:g} is not a whole number")
    labels = values.astype(np.int64)
    c = layout.num_classes
    outside = ((labels < 0) | (labels >= c)) & (labels != ignore_index)
    if outside.any():
        where = tuple(int(i) for i in np.argwhere(outside)[0])
        span = f" (0..{c - 1})" if c else " (there are none)"
        raise InputError(
            f"{_at('target', where)}: label {labels[where]} is out of range for {c} classes{span}"
        )
    return labels


def _at(name: str, where: tuple[int, ...]) -> str:
    return f"{name}, {position(where)}" if where else name


def as_class_weight_rule(
    weight: object | None,
    layout: ClassLayout,
    input_dtype: torch.dtype | None,
    soft: bool,
    smoothing: float = 0.0,
    reduction: str = "mean",
) -> np.ndarray | None:
    """One weight per class as PyTorch takes it, as a (C,) array: any real values, negative too.

    The shape PyTorch accepts depends on the path it takes: shape (C,) with class
    probabilities and with a (C,) or (N, C) input; with a K-dim input any shape of C values
    (it only counts them), unless label smoothing views it as (1, C, 1, ...), which needs C
    values along its first dimension, and its 'mean' picks weights by label, which needs
    shape (C,). With class labels, a weight tensor must have the dtype of the input tensor;
    with class probabilities PyTorch multiplies it in, so any dtype goes.

    >>> as_class_weight_rule([1.0, -2.0], ClassLayout((3, 2)), None, soft=False).tolist()
    [1.0, -2.0]
    >>> as_class_weight_rule([[1.0, -2.0]], ClassLayout((3, 2, 5)), None, soft=False).tolist()
    [1.0, -2.0]
    """
    if weight is None:
        return None
    dtype = tensor_dtype(weight)
    values = as_values(weight, "weight")
    c = layout.num_classes
    if soft or len(layout.shape) <= 2 or (smoothing > 0 and reduction == "mean"):
        fits = values.shape == (c,)
    elif smoothing > 0:
        fits = values.ndim > 0 and values.shape[0] == c and values.size == c
    else:
        fits = values.size == c
    if not fits:
        raise InputError(f"weight must hold one value per class ({c}); got shape {values.shape}")
    if not soft and dtype is not None and input_dtype is not None and dtype != input_dtype:
        raise InputError(
            f"weight is a {dtype_name(dtype)} tensor but the input is {dtype_name(input_dtype)}: "
            "with class labels PyTorch wants the weight in the input's dtype; convert it with "
            "weight.to(input.dtype)"
        )
    return values.reshape(c)
