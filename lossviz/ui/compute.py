"""The core's calls, cached per session-independent arguments, so reruns stay fast.

Pages call these instead of ``lossviz`` directly; the core itself knows nothing of Streamlit.
"""

from __future__ import annotations

import pyarrow as pa
import streamlit as st
import torch

import lossviz
from lossviz import regression as _regression
from lossviz.binary import bce_curve as _bce_curve
from lossviz.binary import logit_sweep as _logit_sweep
from lossviz.cross_entropy import loss_floor as _loss_floor
from lossviz.cross_entropy import loss_terms as _loss_terms
from lossviz.cross_entropy import reduction_summary as _reduction_summary
from lossviz.inputs import presets as _presets
from lossviz.kl import entropy_terms as _entropy_terms
from lossviz.kl import kl_div_calls as _kl_div_calls
from lossviz.kl import smoothed_label_entropy as _smoothed_label_entropy
from lossviz.lessons import fitting as _fitting
from lossviz.lessons import imbalance as _imbalance
from lossviz.lessons import mistakes as _mistakes
from lossviz.lessons import stability as _stability
from lossviz.lessons import training as _training
from lossviz.lessons.datasets import make_dataset as _make_dataset
from lossviz.lessons.gradients import double_softmax as _double_softmax
from lossviz.softmax import softmax_steps as _softmax_steps
from lossviz.softmax import temperature_sweep as _temperature_sweep

CACHE = {"max_entries": 512, "show_spinner": False}


@st.cache_data(**CACHE)
def softmax_steps(logits, temperature):
    return _softmax_steps(logits, temperature)


@st.cache_data(**CACHE)
def temperature_sweep(row, temperatures):
    return _temperature_sweep(row, temperatures)


@st.cache_data(**CACHE)
def cross_entropy(logits, target, weight, ignore_index, reduction, label_smoothing):
    return lossviz.cross_entropy(
        logits,
        target,
        weight=weight,
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=label_smoothing,
    )


@st.cache_data(**CACHE)
def nll_loss(log_probs, target, weight, ignore_index, reduction):
    return lossviz.nll_loss(
        log_probs, target, weight=weight, ignore_index=ignore_index, reduction=reduction
    )


@st.cache_data(**CACHE)
def loss_terms(log_probs, target_probs, weight):
    return _loss_terms(log_probs, target_probs, weight)


@st.cache_data(**CACHE)
def loss_floor(target_probs, weight):
    return _loss_floor(target_probs, weight)


@st.cache_data(**CACHE)
def reduction_summary(per_sample, sample_weight, ignored):
    return _reduction_summary(per_sample, sample_weight, ignored)


@st.cache_data(**CACHE)
def bce_sigmoid(logits):
    return lossviz.sigmoid(logits)


@st.cache_data(**CACHE)
def binary_cross_entropy(probs, target, weight, reduction):
    return lossviz.binary_cross_entropy(probs, target, weight=weight, reduction=reduction)


@st.cache_data(**CACHE)
def binary_cross_entropy_with_logits(logits, target, weight, pos_weight, reduction):
    return lossviz.binary_cross_entropy_with_logits(
        logits, target, weight=weight, pos_weight=pos_weight, reduction=reduction
    )


@st.cache_data(**CACHE)
def bce_curve(p):
    return _bce_curve(p)


@st.cache_data(**CACHE)
def logit_sweep(logits):
    return _logit_sweep(logits)


@st.cache_data(**CACHE)
def kl_decomposition(p, q, unit):
    """H(p), H(p, q) and KL(p || q) of each row, in ``unit`` ("nats" or "bits")."""
    decomposition = lossviz.kl_decomposition(p, q)
    return decomposition.in_bits() if unit == "bits" else decomposition


@st.cache_data(**CACHE)
def entropy_terms(p, q, unit):
    return _entropy_terms(p, q, unit)


@st.cache_data(**CACHE)
def kl_div_calls(p, log_q):
    return _kl_div_calls(p, log_q)


@st.cache_data(**CACHE)
def smoothed_label_entropy(num_classes, smoothing, unit):
    return _smoothed_label_entropy(num_classes, smoothing, unit)


@st.cache_data(**CACHE)
def double_softmax(logits, target, weight, ignore_index, reduction, label_smoothing):
    return _double_softmax(logits, target, weight, ignore_index, reduction, label_smoothing)


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(name, _builder, *args):
    return _builder(*args)


def figure(builder, *args):
    """``builder(*args)``, built once per builder and arguments and shared.

    Building a Plotly figure takes milliseconds; Streamlit only reads a figure it draws, so
    one object can serve every rerun and session that asks for the same chart.
    """
    return _figure(f"{builder.__module__}.{builder.__qualname__}", builder, *args)


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


# imbalance page


@st.cache_data(**CACHE)
def imbalanced_batch(ratio):
    return _presets.imbalanced_batch(ratio)


@st.cache_data(**CACHE)
def class_counts(labels, num_classes):
    return _imbalance.class_counts(labels, num_classes)


@st.cache_data(**CACHE)
def class_weights(counts, scheme, beta, decimals):
    return _imbalance.class_weights(counts, scheme, beta, decimals)


@st.cache_data(**CACHE)
def class_breakdown(per_sample, grad, labels, denominator, num_classes):
    return _imbalance.class_breakdown(per_sample, grad, labels, denominator, num_classes)


@st.cache_data(**CACHE)
def focal_loss(logits, target, gamma, alpha, reduction):
    return lossviz.focal_loss(logits, target, gamma=gamma, alpha=alpha, reduction=reduction)


@st.cache_data(**CACHE)
def focal_comparison(target_prob, ce, modulating_factor, alpha_t, reduction):
    return _imbalance.focal_comparison(target_prob, ce, modulating_factor, alpha_t, reduction)


@st.cache_data(**CACHE)
def focal_curves(p, gammas):
    return _imbalance.focal_curves(p, gammas)


@st.cache_data(**CACHE)
def focal_ratio_curves(p, gamma, alpha):
    return _imbalance.focal_ratio_curves(p, gamma, alpha)


@st.cache_data(**CACHE)
def smoothing_curves(num_classes, smoothing):
    return _imbalance.smoothing_curves(num_classes, smoothing)


# playground page
@st.cache_resource(max_entries=32, show_spinner=False)
def toy_dataset(kind, points, classes, imbalance, label_noise, seed):
    """A toy data set; immutable (read-only arrays), so one object serves every session."""
    return _make_dataset(kind, points, classes, imbalance, label_noise, seed)


@st.cache_resource(max_entries=256, show_spinner=False)
def training_loss_check(logits, labels, config, loss, class_weight):
    """The training loss beside lossviz's step-by-step loss (an immutable result, shared)."""
    return _training.check_loss(logits, labels, config, loss, class_weight)


# regression page


@st.cache_data(**CACHE)
def parse_values(text, name):
    """The numbers typed in ``text`` as one flat array, and None; or None and the error."""
    try:
        return lossviz.parse_matrix(text, name).ravel(), None
    except lossviz.InputError as error:
        return None, str(error)


@st.cache_data(**CACHE)
def regression_losses(input, target, reduction, beta, delta):
    """The four losses by function name, and each element's share of each loss's total."""
    results = _regression.regression_losses(input, target, reduction, beta, delta)
    return results, _regression.element_shares(results)


@st.cache_data(**CACHE)
def regression_curves(errors, beta, delta):
    """The four losses and their slopes on a grid of errors that reaches ``errors``."""
    return _regression.loss_curves(_regression.curve_errors(errors, beta, delta), beta, delta)


@st.cache_data(**CACHE)
def _toy_line(outlier):
    return _fitting.toy_line(outlier)


@st.cache_data(**CACHE)
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


@st.cache_resource(max_entries=256, show_spinner=False)
def _keyed_figure(name, key, _builder, _args):
    return _builder(*_args)


def keyed_figure(key, builder, *args):
    """``builder(*args)``, built once per builder and ``key`` and shared, for arguments that
    take long to hash (results holding many arrays).

    ``key`` must hold the inputs the other arguments were computed from (the page's controls);
    the arguments that are plain numbers or texts (titles), or dicts of texts (labels), are
    added to it here.
    """
    plain = tuple(_plain(a) for a in args if _plain(a) is not _NOT_PLAIN)
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _keyed_figure(name, (*key, *plain), builder, args)


def arrow_table(columns: dict) -> pa.Table:
    """Table columns (name -> values) as an Arrow table, which ``st.dataframe`` sends as it is:
    far cheaper on every rerun than a dict, which Streamlit turns into a DataFrame and then into
    Arrow. Lists of texts are typed as strings up front (inferring their type is slow).
    """
    return pa.table(
        {
            name: pa.array(values, type=pa.string())
            if isinstance(values, list) and all(isinstance(v, str) for v in values)
            else pa.array(values)
            for name, values in columns.items()
        }
    )


# stability page


@st.cache_data(**CACHE)
def stability_routes(row, label, scale, dtype):
    """The selected sample's loss by the three routes, and its binary counterpart."""
    return (
        _stability.softmax_routes(row, label, scale, dtype),
        _stability.binary_routes(row, label, scale, dtype),
    )


@st.cache_data(**CACHE)
def stability_sweep(row, label, scales):
    """Each route's loss over the scales, and where each first goes wrong."""
    return _stability.scale_sweep(row, label, scales), _stability.first_failures(row, label)


@st.cache_data(**CACHE)
def stability_limits():
    """The exact limits of exp and sigmoid in float32 and float64, by dtype."""
    return {dtype: _stability.float_limits(dtype) for dtype in _stability.DTYPES}


@st.cache_data(**CACHE)
def stability_binary_sweep(logits):
    """BCELoss and BCEWithLogitsLoss of a wrong "yes" (target 0) over the logits."""
    return _stability.binary_sweep(logits, 0.0)


@st.cache_data(**CACHE)
def stability_batch(logits, labels, scale):
    """Each sample's outcome by each route and dtype at one scale."""
    return _stability.batch_status(logits, labels, scale)


# mistakes page


@st.cache_data(**CACHE)
def mistake_batch_problem(mistake, logits, target, weight):
    return _mistakes.batch_problem(mistake, logits, target, weight)


@st.cache_data(**CACHE)
def mistake_demonstration(mistake, logits, target, weight, sample):
    """``lossviz.lessons.mistakes.demonstrate``; ``logits=None`` runs the mistake's own example."""
    return _mistakes.demonstrate(mistake, logits, target, weight, sample)
