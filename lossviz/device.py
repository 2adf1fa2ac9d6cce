"""Where the core computes: the device policy and the floating-point type that goes with it."""

from __future__ import annotations

import os

import torch

from lossviz.errors import InputError

__all__ = ["GPU_MIN_ELEMENTS", "compute_dtype", "default_device"]

ENV_VAR = "LOSSVIZ_DEVICE"

#: Inputs with fewer elements than this (N x C logits) are computed on the CPU even where a GPU
#: is present; ``LOSSVIZ_DEVICE`` overrides it.
#:
#: How it was chosen, from CPU measurements only (no GPU was at hand; confirm it on one with
#: ``bench/core_throughput.py --device cuda``: its "policy picks" column should switch to CUDA
#: about where "lossviz" starts to beat "lossviz on cpu"):
#:
#: - A ``cross_entropy`` call costs the same number of launches whatever the size: about 35
#:   operators of its own (43 with label smoothing) plus PyTorch's fused forward and backward,
#:   about 40 kernels on CUDA, and about 15 copies between host and device, most of them results
#:   coming back, each of which waits for the GPU (counted with ``torch.profiler``: ``--profile``
#:   in the benchmark).
#:   At 10-50 µs a launch and about 10 µs a small copy that is 0.6-2.4 ms before any work; the
#:   whole call takes about 0.3 ms on the CPU for a 3 x 3 batch.
#: - Per element the CPU takes 15-50 ns (2-core Xeon, 1 to 16 million logits); the GPU's cost is
#:   mostly the copies, 8 bytes in and 32 out (probabilities, log-probabilities and two
#:   gradients), about 2-4 ns at 10-20 GB/s, plus the NumPy checks both devices share.
#:
#: The costs cross at (0.3-2.1 ms) / (10-45 ns), between about 10,000 and 200,000 elements, and
#: higher on a host whose many cores make the CPU faster; 100,000 errs on the side of the CPU,
#: where a wrong choice costs at most a few milliseconds.
GPU_MIN_ELEMENTS = 100_000


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def default_device(size: int | None = None) -> torch.device:
    """The device lossviz computes on, for an input of ``size`` elements when given.

    The ``LOSSVIZ_DEVICE`` environment variable wins when set (``cpu``, ``cuda``, ``cuda:1``,
    ``mps``); otherwise the CPU for an input smaller than ``GPU_MIN_ELEMENTS``, where launching
    kernels and copying results would cost more than the work; otherwise CUDA when available,
    else Apple's MPS, else the CPU.

    Raises:
        InputError: ``LOSSVIZ_DEVICE`` names an unknown device or one this machine lacks.

    >>> import os
    >>> os.environ["LOSSVIZ_DEVICE"] = "cpu"
    >>> default_device()
    device(type='cpu')
    >>> del os.environ["LOSSVIZ_DEVICE"]
    """
    requested = os.environ.get(ENV_VAR, "").strip()
    if requested:
        try:
            device = torch.device(requested)
        except (RuntimeError, ValueError):
            raise InputError(
                f"{ENV_VAR}={requested!r} is not a device: use cpu, cuda, cuda:N or mps"
            ) from None
        if device.type == "cuda":
            if not torch.cuda.is_available():
                raise InputError(f"{ENV_VAR}={requested!r} but CUDA is not available here")
            index = device.index or 0
            if index >= torch.cuda.device_count():
                raise InputError(
                    f"{ENV_VAR}={requested!r} but only {torch.cuda.device_count()} "
                    "CUDA device(s) exist"
                )
        elif device.type == "mps" and not _mps_available():
            raise InputError(f"{ENV_VAR}={requested!r} but Apple's MPS is not available here")
        elif device.type not in {"cpu", "cuda", "mps"}:
            raise InputError(f"{ENV_VAR}={requested!r}: use cpu, cuda, cuda:N or mps")
        return device
    if size is not None and size < GPU_MIN_ELEMENTS:
        return torch.device("cpu")
    if torch.cuda.is_available():
        return torch.device("cuda")
    if _mps_available():
        return torch.device("mps")
    return torch.device("cpu")


def compute_dtype(device: torch.device) -> torch.dtype:
    """float64 wherever the device supports it; Apple's MPS has no float64, so float32 there.

    >>> compute_dtype(torch.device("cpu"))
    torch.float64
    """
    return torch.float32 if device.type == "mps" else torch.float64
