"""The core's calls, cached per session-independent arguments, so reruns stay fast.

Pages call these instead of ``lossviz`` directly; the core itself knows nothing of Streamlit.
"""

from __future__ import annotations

import streamlit as st
import torch

import lossviz
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
