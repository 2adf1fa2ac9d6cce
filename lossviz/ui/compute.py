"""The core's calls, cached per session-independent arguments, so reruns stay fast.

Pages call these instead of ``lossviz`` directly; the core itself knows nothing of Streamlit.
"""

from __future__ import annotations

import streamlit as st
import torch

import lossviz
from lossviz.binary import bce_curve as _bce_curve
from lossviz.binary import logit_sweep as _logit_sweep
from lossviz.cross_entropy import loss_floor as _loss_floor
from lossviz.cross_entropy import loss_terms as _loss_terms
from lossviz.cross_entropy import reduction_summary as _reduction_summary
from lossviz.gradients import double_softmax as _double_softmax
from lossviz.kl import entropy_terms as _entropy_terms
from lossviz.kl import kl_div_calls as _kl_div_calls
from lossviz.kl import smoothed_label_entropy as _smoothed_label_entropy
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
