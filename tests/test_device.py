"""The device policy: LOSSVIZ_DEVICE wins, then CUDA, then MPS, then the CPU."""

from __future__ import annotations

import pytest
import torch

from lossviz import InputError, cross_entropy, default_device
from lossviz import device as device_module
from lossviz.device import compute_dtype


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("LOSSVIZ_DEVICE", raising=False)


def _fake(monkeypatch, cuda: bool, mps: bool, count: int = 1):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: count if cuda else 0)
    monkeypatch.setattr(device_module, "_mps_available", lambda: mps)


@pytest.mark.parametrize(
    "cuda, mps, expected",
    [(True, True, "cuda"), (True, False, "cuda"), (False, True, "mps"), (False, False, "cpu")],
)
def test_automatic_choice(no_env, monkeypatch, cuda, mps, expected):
    _fake(monkeypatch, cuda, mps)
    assert default_device().type == expected


@pytest.mark.parametrize(
    "value, expected", [("cpu", "cpu"), ("cuda", "cuda"), ("cuda:1", "cuda:1")]
)
def test_environment_variable_wins(monkeypatch, value, expected):
    _fake(monkeypatch, cuda=True, mps=False, count=2)
    monkeypatch.setenv("LOSSVIZ_DEVICE", value)
    assert str(default_device()) == expected


def test_environment_variable_cpu_even_with_cuda(monkeypatch):
    _fake(monkeypatch, cuda=True, mps=True)
    monkeypatch.setenv("LOSSVIZ_DEVICE", " cpu ")
    assert default_device() == torch.device("cpu")


@pytest.mark.parametrize(
    "value, cuda, message",
    [
        ("tpu9", False, "is not a device"),
        ("cuda", False, "CUDA is not available"),
        ("cuda:3", True, r"only 1 CUDA device\(s\)"),
        ("mps", False, "MPS is not available"),
        ("meta", False, "use cpu, cuda, cuda:N or mps"),
    ],
)
def test_unusable_device_is_a_clear_error(monkeypatch, value, cuda, message):
    _fake(monkeypatch, cuda=cuda, mps=False)
    monkeypatch.setenv("LOSSVIZ_DEVICE", value)
    with pytest.raises(InputError, match=message):
        default_device()


def test_float64_except_on_mps():
    assert compute_dtype(torch.device("cpu")) == torch.float64
    assert compute_dtype(torch.device("cuda")) == torch.float64
    assert compute_dtype(torch.device("mps")) == torch.float32


def test_results_come_back_as_numpy_on_each_device(device):
    result = cross_entropy([[1.3, 1.3, 2.6]], [2])
    assert type(result.loss) is float
    assert result.probs.dtype.name == "float64"
    assert result.grad.__class__.__module__ == "numpy"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")
def test_cuda_matches_cpu(monkeypatch, rng):
    logits = rng.normal(size=(64, 10))
    target = rng.integers(0, 10, size=64)
    monkeypatch.setenv("LOSSVIZ_DEVICE", "cpu")
    on_cpu = cross_entropy(logits, target, label_smoothing=0.1)
    monkeypatch.setenv("LOSSVIZ_DEVICE", "cuda")
    on_gpu = cross_entropy(logits, target, label_smoothing=0.1)
    assert on_gpu.loss == pytest.approx(on_cpu.loss, rel=1e-12)
