"""Shared test settings: float64 oracles, seeded inputs and the device the parity suite runs on."""

from __future__ import annotations

import numpy as np
import pytest
import torch

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(params=DEVICES)
def device(request, monkeypatch):
    """Run a test on each device present: the CPU always, CUDA too when a GPU is there."""
    monkeypatch.setenv("LOSSVIZ_DEVICE", request.param)
    return request.param


@pytest.fixture
def rng():
    return np.random.default_rng(20261123)
