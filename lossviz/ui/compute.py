"""The core's calls, cached per session-independent arguments, so reruns stay fast.

Pages call these instead of ``lossviz`` directly; the core itself knows nothing of Streamlit.
"""

from __future__ import annotations

import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
import torch
from plotly.basedatatypes import BaseFigure, convert_to_base64

import lossviz
from lossviz import regression as _regression
from lossviz.binary import bce_curve as _bce_curve
from lossviz.binary import logit_sweep as _logit_sweep
from lossviz.cross_entropy import loss_floor as _loss_floor
from lossviz.cross_entropy import loss_terms as _loss_terms
from lossviz.cross_entropy import reduction_summary as _reduction_summary
from lossviz.inputs import presets as _presets
from lossviz.inputs.elements import ElementBatch
from lossviz.kl import entropy_terms as _entropy_terms
from lossviz.kl import kl_div_calls as _kl_div_calls
from lossviz.kl import smoothed_label_entropy as _smoothed_label_entropy
from lossviz.lessons import fitting as _fitting
from lossviz.lessons import imbalance as _imbalance
from lossviz.lessons import mistakes as _mistakes
from lossviz.lessons import sequences as _sequences
from lossviz.lessons import stability as _stability
from lossviz.lessons import training as _training
from lossviz.lessons.datasets import make_dataset as _make_dataset
from lossviz.lessons.gradients import double_softmax as _double_softmax
from lossviz.lessons.pool import TrainingPool, default_slots
from lossviz.softmax import softmax_steps as _softmax_steps
from lossviz.softmax import temperature_sweep as _temperature_sweep
from lossviz.ui.memo import ByteCache, Gate, fingerprint, memoize, size_of

#: The core's and the lessons' results, shared by every session (read-only arrays), at most
#: this many bytes of them: a result of the largest batch (a million logits) holds a few
#: arrays of 8 MB each. Figures are kept apart, ready to draw (``PreparedFigure``).
RESULTS = ByteCache("results", 256 * 2**20)
FIGURES = ByteCache("figures", 64 * 2**20)
#: Computations on large inputs (the largest batch: hundreds of megabytes while they run) go
#: through this gate, as many at once as trainings (``default_slots``: half the CPUs).
HEAVY = Gate(default_slots())


def _cached(function):
    """``function`` with its results kept per arguments (``memoize``, ``RESULTS``): every call
    gets the same result, whose arrays are read-only, so no page can change what another is
    shown. Calls on large inputs take turns (``HEAVY``)."""
    return memoize(RESULTS, gate=HEAVY)(function)


# The core's and the lessons' calls a page makes as they are.
softmax_steps = _cached(_softmax_steps)
temperature_sweep = _cached(_temperature_sweep)
loss_terms = _cached(_loss_terms)
loss_floor = _cached(_loss_floor)
reduction_summary = _cached(_reduction_summary)
bce_sigmoid = _cached(lossviz.sigmoid)
bce_curve = _cached(_bce_curve)
logit_sweep = _cached(_logit_sweep)
entropy_terms = _cached(_entropy_terms)
kl_div_calls = _cached(_kl_div_calls)
smoothed_label_entropy = _cached(_smoothed_label_entropy)
double_softmax = _cached(_double_softmax)
# imbalance page
imbalanced_batch = _cached(_presets.imbalanced_batch)
class_counts = _cached(_imbalance.class_counts)
class_weights = _cached(_imbalance.class_weights)
class_breakdown = _cached(_imbalance.class_breakdown)
focal_comparison = _cached(_imbalance.focal_comparison)
focal_curves = _cached(_imbalance.focal_curves)
focal_ratio_curves = _cached(_imbalance.focal_ratio_curves)
smoothing_curves = _cached(_imbalance.smoothing_curves)
# stability page: each sample's outcome by each route and dtype at one scale
stability_batch = _cached(_stability.batch_status)
# mistakes page (``logits=None`` demonstrates on the mistake's own example)
mistake_batch_problem = _cached(_mistakes.batch_problem)
mistake_demonstration = _cached(_mistakes.demonstrate)


# Calls that name the core's keyword-only options, or do more than pass their arguments on.


@memoize(RESULTS, gate=HEAVY)
def cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing):
    return lossviz.cross_entropy(
        logits,
        target,
        weight=weight,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=label_smoothing,
    )


@memoize(RESULTS, gate=HEAVY)
def nll_loss(log_probs, target, weight, ignore_index, reduction):
    return lossviz.nll_loss(
        log_probs, target, weight=weight, ignore_index=ignore_index, reduction=reduction
    )


@memoize(RESULTS, gate=HEAVY)
def binary_cross_entropy(probs, target, weight, reduction):
    return lossviz.binary_cross_entropy(probs, target, weight=weight, reduction=reduction)


@memoize(RESULTS, gate=HEAVY)
def binary_cross_entropy_with_logits(logits, target, weight, pos_weight, reduction):
    return lossviz.binary_cross_entropy_with_logits(
        logits, target, weight=weight, pos_weight=pos_weight, reduction=reduction
    )


@memoize(RESULTS, gate=HEAVY)
def focal_loss(logits, target, gamma, alpha, reduction):
    return lossviz.focal_loss(logits, target, gamma=gamma, alpha=alpha, reduction=reduction)


@memoize(RESULTS, gate=HEAVY)
def kl_decomposition(p, q, unit):
    """H(p), H(p, q) and KL(p || q) of each row, in ``unit`` ("nats" or "bits")."""
    decomposition = lossviz.kl_decomposition(p, q)
    return decomposition.in_bits() if unit == "bits" else decomposition


def _figure_dict(figure: go.Figure) -> dict:
    """``figure.to_dict()``, without its deep copies of the traces and the layout: the figure
    was built to be drawn and is dropped once its dict is made, so the dict may take its parts
    over (a figure with frames, which the app never builds, takes the plain route)."""
    data, layout = getattr(figure, "_data", None), getattr(figure, "_layout", None)
    if not isinstance(data, list) or not isinstance(layout, dict) or figure.frames:
        return figure.to_dict()
    spec = {"data": data, "layout": layout}
    convert_to_base64(spec)  # NumPy arrays as base64 typed arrays, as to_dict() writes them
    return spec


class PreparedFigure(BaseFigure):
    """A built figure as ``st.plotly_chart`` reads it: its dict (``to_dict()``), made once.

    ``st.plotly_chart`` copies a figure into a dict (a deep copy, template included) each time it
    draws it: about half a millisecond for a small chart, at every rerun, even when the figure
    comes from a cache. This one hands over the dict it made when it was built. Only drawing
    reads it, and nothing changes it, so rerun and session can share it. It is no Plotly figure
    to edit: build a new one instead.
    """

    def __init__(self, figure: go.Figure) -> None:  # no BaseFigure state: the dict is all
        object.__setattr__(self, "_spec", _figure_dict(figure))

    def to_dict(self) -> dict:
        return self._spec

    def __repr__(self) -> str:
        return f"PreparedFigure({len(self._spec.get('data', ()))} traces)"


def _prepared(key: tuple, builder, args: tuple) -> PreparedFigure:
    """The figure ``builder(*args)`` under ``key`` in ``FIGURES``, built when missing."""
    found, prepared = FIGURES.get(key)
    if not found:
        prepared = PreparedFigure(builder(*args))
        FIGURES.put(key, prepared, size_of(prepared.to_dict()))
    return prepared


def figure(builder, *args):
    """``builder(*args)``, built once per builder and arguments and shared, ready to draw
    (``PreparedFigure``).

    Building a Plotly figure takes milliseconds; Streamlit only reads a figure it draws, so
    one object can serve every rerun and session that asks for the same chart.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _prepared((name, fingerprint(args)), builder, args)


@st.cache_resource
def device_description() -> str:
    """The device in use, in words, e.g. ``cpu`` or ``cuda (NVIDIA H100)``."""
    try:
        device = lossviz.default_device()
    except lossviz.InputError as error:
        return str(error)
    if device.type == "cuda":
        return f"GPU: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "GPU: Apple MPS"
    return "CPU"


# playground page
@st.cache_resource(show_spinner=False)
def training_pool() -> TrainingPool:
    """The trainings this process runs at once (``default_slots()``), for every session."""
    return TrainingPool(default_slots())


@memoize(RESULTS, gate=HEAVY)
def toy_dataset(kind, points, classes, imbalance, label_noise, seed):
    """A toy data set; immutable (read-only arrays), so one object serves every session."""
    return _make_dataset(kind, points, classes, imbalance, label_noise, seed)


@memoize(RESULTS, gate=HEAVY)
def training_loss_check(logits, labels, config, loss, class_weight):
    """The training loss beside lossviz's step-by-step loss (an immutable result, shared)."""
    return _training.check_loss(logits, labels, config, loss, class_weight)


# regression page


@memoize(RESULTS, gate=HEAVY)
def parse_values(text, name):
    """The numbers typed in ``text`` as one flat array, and None; or None and the error."""
    try:
        return lossviz.parse_matrix(text, name).ravel(), None
    except lossviz.InputError as error:
        return None, str(error)


@memoize(RESULTS, gate=HEAVY)
def regression_losses(input, target, reduction, beta, delta):
    """The four losses by function name, and each element's share of each loss's total."""
    results = _regression.regression_losses(input, target, reduction, beta, delta)
    return results, _regression.element_shares(results)


@memoize(RESULTS, gate=HEAVY)
def regression_curves(errors, beta, delta):
    """The four losses and their slopes on a grid of errors that reaches ``errors``."""
    return _regression.loss_curves(_regression.curve_errors(errors, beta, delta), beta, delta)


_toy_line = _cached(_fitting.toy_line)


@memoize(RESULTS, gate=HEAVY)
def _outlier_fit(outlier, loss, beta, delta):
    data = _fitting.toy_line(outlier)
    return _fitting.fit_line(data.x, data.y, loss, beta, delta)


def outlier_fits(outlier, beta, delta):
    """The toy data with its outlier, and the line fitted under each loss (by function name).

    Each fit is cached on the options it depends on: moving beta refits smooth L1 only.
    """
    return _toy_line(outlier), {
        name: _outlier_fit(
            outlier,
            name,
            beta if name == "smooth_l1_loss" else 1.0,
            delta if name == "huber_loss" else 1.0,
        )
        for name in _regression.LOSS_FUNCTIONS
    }


_NOT_PLAIN = object()


def _plain(value):
    """A number, a text or None as it is, a dict of texts as its items; else ``_NOT_PLAIN``."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return tuple(value.items())
    return _NOT_PLAIN


def keyed_figure(key, builder, *args):
    """``builder(*args)``, built once per builder and ``key`` and shared, for arguments that
    take long to hash (results holding many arrays).

    ``key`` must hold the inputs the other arguments were computed from (the page's controls);
    the arguments that are plain numbers or texts (titles), or dicts of texts (labels), are
    added to it here.
    """
    plain = tuple(_plain(a) for a in args if _plain(a) is not _NOT_PLAIN)
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _prepared((name, fingerprint(*key, *plain)), builder, args)


def arrow_table(columns: dict, nan_as_null: bool = False) -> pa.Table:
    """Table columns (name -> values) as an Arrow table, which ``st.dataframe`` sends as it is:
    far cheaper on every rerun than a dict, which Streamlit turns into a DataFrame and then into
    Arrow. Lists of texts are typed as strings up front (inferring their type is slow).
    ``nan_as_null`` makes NaN an empty cell, as the DataFrame route shows it.
    """
    return pa.table(
        {
            name: pa.array(values, type=pa.string())
            if isinstance(values, list) and all(isinstance(v, str) for v in values)
            else pa.array(values, from_pandas=nan_as_null)
            for name, values in columns.items()
        }
    )


# stability page


@memoize(RESULTS, gate=HEAVY)
def stability_routes(row, label, scale, dtype):
    """The selected sample's loss by the three routes, and its binary counterpart."""
    return (
        _stability.softmax_routes(row, label, scale, dtype),
        _stability.binary_routes(row, label, scale, dtype),
    )


@memoize(RESULTS, gate=HEAVY)
def stability_sweep(row, label, scales):
    """Each route's loss over the scales, and where each first goes wrong."""
    return _stability.scale_sweep(row, label, scales), _stability.first_failures(row, label)


@memoize(RESULTS, gate=HEAVY)
def stability_limits():
    """The exact limits of exp and sigmoid in float32 and float64, by dtype."""
    return {dtype: _stability.float_limits(dtype) for dtype in _stability.DTYPES}


@memoize(RESULTS, gate=HEAVY)
def stability_binary_sweep(logits):
    """BCELoss and BCEWithLogitsLoss of a wrong "yes" (target 0) over the logits."""
    return _stability.binary_sweep(logits, 0.0)


# sequences page


@memoize(RESULTS, gate=HEAVY)
def element_batch(kind, elements, names, weight):
    """The typed batch of sequences or masks, and None; or None and the error."""
    try:
        return ElementBatch.from_text(kind, elements, names, weight), None
    except lossviz.InputError as error:
        return None, str(error)


kept_mean = _cached(_sequences.kept_mean)
sample_means = _cached(_sequences.sample_means)
predicted_classes = _cached(_sequences.predicted_classes)
