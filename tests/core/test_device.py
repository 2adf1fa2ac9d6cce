"""The device policy: LOSSVIZ_DEVICE wins, then the CPU for small inputs, then CUDA, MPS, CPU."""

from __future__ import annotations

import pytest
import torch

from lossviz import InputError, cross_entropy, default_device
from lossviz import device as device_module
from lossviz._torch import Workspace
from lossviz.device import GPU_MIN_ELEMENTS, compute_dtype


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


@pytest.mark.parametrize("cuda, mps, gpu", [(True, False, "cuda"), (False, True, "mps")])
def test_small_inputs_stay_on_the_cpu(no_env, monkeypatch, cuda, mps, gpu):
    _fake(monkeypatch, cuda, mps)
    assert default_device(9).type == "cpu"
    assert default_device(GPU_MIN_ELEMENTS - 1).type == "cpu"
    assert default_device(GPU_MIN_ELEMENTS).type == gpu
    assert default_device().type == gpu
    assert Workspace(size=9).device.type == "cpu"
    assert Workspace(size=GPU_MIN_ELEMENTS).device.type == gpu


def test_environment_variable_wins_over_the_size(monkeypatch):
    _fake(monkeypatch, cuda=True, mps=False)
    monkeypatch.setenv("LOSSVIZ_DEVICE", "cuda")
    assert default_device(9) == torch.device("cuda")
    monkeypatch.setenv("LOSSVIZ_DEVICE", "cpu")
    assert default_device(10 * GPU_MIN_ELEMENTS) == torch.device("cpu")


def test_small_batch_never_touches_the_gpu(no_env, monkeypatch):
    """With a GPU reported present, a small batch still computes, and it does so on the CPU."""
    _fake(monkeypatch, cuda=True, mps=False)
    result = cross_entropy([[1.3, 1.3, 2.6]], [2], label_smoothing=0.1)
    assert result.agrees


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
