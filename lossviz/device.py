"""Where the core computes: the device policy and the floating-point type that goes with it."""

from __future__ import annotations

import os

import torch

from lossviz.errors import InputError

__all__ = ["compute_dtype", "default_device"]

ENV_VAR = "LOSSVIZ_DEVICE"


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def default_device() -> torch.device:
    """The device lossviz computes on.

    The ``LOSSVIZ_DEVICE`` environment variable wins when set (``cpu``, ``cuda``, ``cuda:1``,
    ``mps``); otherwise CUDA when available, else Apple's MPS, else the CPU.

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
