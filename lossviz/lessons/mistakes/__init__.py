r"""Common mistakes with PyTorch's classification losses, each run live beside its right version.

Every mistake has a stable code (one of ``MISTAKES``) and a ``Demonstration``: the wrong calls
as code and what PyTorch gave for each (a value, a warning, or the exception it raised, as
text), the right calls and their values, and the numbers a chart draws (``Series``). Every
value comes from running exactly those PyTorch calls, in float64 where the device has it; the
tests run the code texts themselves and compare.

The mistakes, each seen in public issue trackers and tutorials:

- ``softmax_before_cross_entropy``: ``cross_entropy`` applies ``log_softmax`` itself, so a
  softmax before it squashes the logits into [0, 1]: the loss cannot fall below
  :math:`\log(1 + (C - 1)/e)` and the gradients shrink.
- ``probabilities_into_nll_loss``: ``nll_loss`` returns :math:`-x_y` of whatever it is given;
  probabilities or logits give a negative "loss".
- ``targets_not_class_indices``: one-hot (integer) targets, float labels, labels numbered 1..C.
- ``bce_targets_minus_one``: BCE targets in {-1, 1}: ``binary_cross_entropy`` refuses them,
  ``binary_cross_entropy_with_logits`` returns a loss that is unbounded below.
- ``sigmoid_before_bce_with_logits``: a double sigmoid: the loss cannot fall below
  :math:`\log(1 + e^{-1})` for a positive target.
- ``kl_div_arguments``: the argument order of ``kl_div``, probabilities as its input,
  ``'mean'`` instead of ``'batchmean'``, a target that does not sum to 1.
- ``weighted_mean_index_vs_probabilities``: with class weights, index targets divide by
  :math:`\sum_i w_{y_i}`, one-hot probability targets by :math:`N`.
- ``ignore_index_minus_one``: ``ignore_index=-1`` drops the samples labelled -1, not the last
  class :math:`C - 1`.
- ``convex_in_logits_not_weights``: cross-entropy is convex in the logits, not in a network's
  weights.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from lossviz._torch import Workspace
from lossviz.errors import InputError
from lossviz.lessons.mistakes.binary import bce_targets_minus_one, sigmoid_before_bce_with_logits
from lossviz.lessons.mistakes.classification import (
    ignore_index_minus_one,
    probabilities_into_nll_loss,
    softmax_before_cross_entropy,
    targets_not_class_indices,
    weighted_mean,
)
from lossviz.lessons.mistakes.convexity import convex_in_logits_not_weights
from lossviz.lessons.mistakes.demonstration import Call, Check, Curve, Demonstration, Series
from lossviz.lessons.mistakes.kl import kl_div_arguments
from lossviz.validation import as_class_indices, as_class_weight, as_logit_matrix

__all__ = [
    "BATCH_MISTAKES",
    "MISTAKES",
    "SAMPLE_MISTAKES",
    "Call",
    "Check",
    "Curve",
    "Demonstration",
    "Series",
    "batch_problem",
    "demonstrate",
]


#: The mistakes, in the order the page lists them.
MISTAKES = (
    "softmax_before_cross_entropy",
    "probabilities_into_nll_loss",
    "targets_not_class_indices",
    "bce_targets_minus_one",
    "sigmoid_before_bce_with_logits",
    "kl_div_arguments",
    "weighted_mean_index_vs_probabilities",
    "ignore_index_minus_one",
    "convex_in_logits_not_weights",
)


#: Mistakes shown on one sample (a row) of a batch.
SAMPLE_MISTAKES = ("softmax_before_cross_entropy", "probabilities_into_nll_loss")


#: Mistakes that can run on a person's batch (index targets); the others use their own example.
BATCH_MISTAKES = (
    *SAMPLE_MISTAKES,
    "targets_not_class_indices",
    "weighted_mean_index_vs_probabilities",
    "ignore_index_minus_one",
)


#: The canonical examples: logits, labels and class weights.
EXAMPLES: dict[str, tuple[list, list, list | None]] = {
    "softmax_before_cross_entropy": ([[2.0, 1.0, -1.0]], [0], None),
    "probabilities_into_nll_loss": ([[2.0, 1.0, -1.0]], [0], None),
    "targets_not_class_indices": ([[1.3, 1.3, 2.6], [2.0, 1.0, -1.0]], [2, 0], None),
    "weighted_mean_index_vs_probabilities": (
        [[2.3, 2.1, 4.5], [4.2, 3.2, 5.1]],
        [1, 2],
        [25.0, 25.0, 100.0],
    ),
    "ignore_index_minus_one": (
        [[1.3, 1.3, 2.6], [2.0, 1.0, -1.0], [0.5, 2.0, 0.1]],
        [2, 0, 1],
        None,
    ),
}


def _check_mistake(mistake: str) -> None:
    if mistake not in MISTAKES:
        raise InputError(f"mistake must be one of {', '.join(MISTAKES)}; got {mistake!r}")


def batch_problem(
    mistake: str, logits: object, target: object, weight: object | None = None
) -> str | None:
    """Why a batch cannot show ``mistake`` (a stable reason code), or None when it can.

    Reasons: ``"example_only"`` (the mistake has its own example only), ``"soft_target"``
    (class labels are needed), ``"no_weight"`` (class weights are needed),
    ``"no_difference"`` (the labels' weights add up to N, so both means agree),
    ``"no_last_class"`` (no sample of the last class), ``"only_last_class"`` (every sample is
    of the last class, so ignoring it leaves nothing).

    >>> batch_problem("ignore_index_minus_one", [[1.3, 1.3, 2.6]], [2])
    'only_last_class'
    >>> batch_problem("softmax_before_cross_entropy", [[1.3, 1.3, 2.6]], [2]) is None
    True
    """
    _check_mistake(mistake)
    if mistake not in BATCH_MISTAKES:
        return "example_only"
    target_array = np.asarray(target)
    if target_array.ndim != 1:
        return "soft_target"
    num_classes = np.asarray(logits).shape[-1]
    labels = target_array.astype(np.int64)
    if mistake == "weighted_mean_index_vs_probabilities":
        if weight is None:
            return "no_weight"
        total = float(np.asarray(weight, dtype=np.float64)[labels].sum())
        if math.isclose(total, labels.shape[0], rel_tol=1e-12):
            return "no_difference"
    if mistake == "ignore_index_minus_one":
        last = labels == num_classes - 1
        if not last.any():
            return "no_last_class"
        if last.all():
            return "only_last_class"
    return None


def _inputs(
    mistake: str, logits: object, target: object, weight: object | None
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None, str]:
    """The logits, labels and weights to run on, and where they come from; None for the
    mistakes that build their own tensors."""
    if logits is None:
        if mistake not in EXAMPLES:
            return None, None, None, "example"
        example_logits, example_target, example_weight = EXAMPLES[mistake]
        return (
            np.asarray(example_logits, dtype=np.float64),
            np.asarray(example_target, dtype=np.int64),
            None if example_weight is None else np.asarray(example_weight, dtype=np.float64),
            "example",
        )
    matrix = as_logit_matrix(logits)
    n, c = matrix.shape
    problem = batch_problem(mistake, matrix, np.asarray(target), weight)
    if problem is not None:
        raise InputError(f"this batch cannot show {mistake}: {problem.replace('_', ' ')}")
    return matrix, as_class_indices(target, n, c), as_class_weight(weight, c), "batch"


_BUILDERS = {
    "softmax_before_cross_entropy": softmax_before_cross_entropy,
    "probabilities_into_nll_loss": probabilities_into_nll_loss,
    "targets_not_class_indices": targets_not_class_indices,
    "bce_targets_minus_one": bce_targets_minus_one,
    "sigmoid_before_bce_with_logits": sigmoid_before_bce_with_logits,
    "kl_div_arguments": kl_div_arguments,
    "weighted_mean_index_vs_probabilities": weighted_mean,
    "ignore_index_minus_one": ignore_index_minus_one,
    "convex_in_logits_not_weights": convex_in_logits_not_weights,
}


#: Mistakes whose calls may index out of bounds: run on the CPU, where PyTorch raises an
#: IndexError with a message; on a GPU the same call trips a device-side assert that leaves
#: the whole CUDA context unusable.
_CPU_ONLY = ("targets_not_class_indices", "ignore_index_minus_one")


def demonstrate(
    mistake: str,
    logits: object | None = None,
    target: object | None = None,
    weight: object | None = None,
    sample: int = 0,
) -> Demonstration:
    r"""Run ``mistake`` live: the wrong calls, the right calls, and what the page charts.

    Without ``logits`` the mistake runs on its own example (the issue's: logits
    :math:`[2, 1, -1]`, label 0 for the double softmax). With a batch (``logits`` (N, C),
    ``target`` (N,) class labels, optional (C,) ``weight``) the mistakes in ``BATCH_MISTAKES``
    run on it, one sample (``sample``) for those in ``SAMPLE_MISTAKES``.

    Every value is what PyTorch returned for the call's code; an exception PyTorch raised is
    kept as text (``Call.error``), never raised.

    Raises:
        InputError: an unknown mistake, a sample outside the batch, or a batch that cannot show
            the mistake (``batch_problem`` says why).

    >>> demo = demonstrate("softmax_before_cross_entropy")
    >>> round(demo.facts["loss_right"], 3), round(demo.facts["loss_wrong"], 3)
    (0.349, 0.766)
    >>> round(demo.facts["grad_norm_right"], 4), round(demo.facts["grad_norm_wrong"], 4)
    (0.3942, 0.2306)
    >>> demonstrate("targets_not_class_indices").call("labels_from_one").error
    'IndexError: Target 3 is out of bounds.'
    """
    _check_mistake(mistake)
    if logits is not None and mistake not in BATCH_MISTAKES:
        raise InputError(f"{mistake} has its own example only; call it without a batch")
    matrix, labels, weights, source = _inputs(mistake, logits, target, weight)
    if mistake in SAMPLE_MISTAKES:
        if isinstance(sample, bool) or not isinstance(sample, (int, np.integer)):
            raise InputError(f"sample must be a whole number; got {sample!r}")
        if not 0 <= sample < matrix.shape[0]:
            raise InputError(f"sample {sample} is outside the batch (0..{matrix.shape[0] - 1})")
        shown: int | None = int(sample) if source == "batch" else None
    else:
        shown, sample = None, 0
    ws = Workspace(torch.device("cpu")) if mistake in _CPU_ONLY else Workspace()
    parts = _BUILDERS[mistake](ws, matrix, labels, weights, int(sample))
    return Demonstration(mistake, source, shown, *parts)
