"""lossviz: classification losses computed step by step, exactly as PyTorch computes them.

Every loss returns plain data (NumPy arrays and floats): the reduced ``loss``, the
``per_sample`` values, the ``grad`` that ``loss.backward()`` gives, its closed-form
``analytic_grad``, the ``reference`` value from PyTorch's own fused function, and ``notes``
on suspicious but legal input.

>>> import lossviz
>>> round(lossviz.cross_entropy([[1.3, 1.3, 2.6]], [2]).loss, 4)
0.4351
"""

from lossviz.binary import binary_cross_entropy, binary_cross_entropy_with_logits
from lossviz.cross_entropy import cross_entropy, nll_loss
from lossviz.device import default_device
from lossviz.errors import InputError
from lossviz.focal import focal_loss, sigmoid_focal_loss
from lossviz.inputs.parsing import format_labels, format_matrix, parse_labels, parse_matrix
from lossviz.inputs.presets import imbalanced_batch
from lossviz.kl import kl_decomposition, kl_div
from lossviz.lessons.datasets import ToyDataset, make_dataset
from lossviz.lessons.fitting import LineFit, fit_line
from lossviz.lessons.imbalance import class_weights
from lossviz.lessons.training import TrainingConfig, TrainingRun, TrainingSnapshot
from lossviz.regression import huber_loss, l1_loss, mse_loss, smooth_l1_loss
from lossviz.results import (
    BinaryResult,
    CrossEntropyResult,
    FocalResult,
    KLDecomposition,
    KLDivResult,
    LossResult,
    NllResult,
    Note,
    RegressionResult,
)
from lossviz.softmax import log_softmax, sigmoid, softmax

__all__ = [
    "BinaryResult",
    "CrossEntropyResult",
    "FocalResult",
    "InputError",
    "KLDecomposition",
    "KLDivResult",
    "LineFit",
    "LossResult",
    "NllResult",
    "Note",
    "RegressionResult",
    "ToyDataset",
    "TrainingConfig",
    "TrainingRun",
    "TrainingSnapshot",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "class_weights",
    "cross_entropy",
    "default_device",
    "fit_line",
    "focal_loss",
    "format_labels",
    "format_matrix",
    "huber_loss",
    "imbalanced_batch",
    "kl_decomposition",
    "kl_div",
    "l1_loss",
    "log_softmax",
    "make_dataset",
    "mse_loss",
    "nll_loss",
    "parse_labels",
    "parse_matrix",
    "sigmoid",
    "sigmoid_focal_loss",
    "smooth_l1_loss",
    "softmax",
]
