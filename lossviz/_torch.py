"""The one seam between NumPy and torch: arrays go in on the compute device, come back as NumPy."""

from __future__ import annotations

import numpy as np
import torch

from lossviz.device import compute_dtype, default_device

__all__ = ["Workspace", "fused_loss_and_grad"]


def _writable(array: object) -> np.ndarray:
    """``array`` as NumPy, copied when it is read-only (a shared cached result): a tensor made
    from it shares its memory, which PyTorch assumes it may write.

    >>> frozen = np.ones(2)
    >>> frozen.setflags(write=False)
    >>> _writable(frozen).flags.writeable
    True
    """
    result = np.asarray(array)
    return result if result.flags.writeable else result.copy()


class Workspace:
    """Moves arrays to the compute device in its float type, and results back to NumPy.

    >>> ws = Workspace(torch.device("cpu"))
    >>> ws.numpy(ws.tensor([1.0, 2.0]) * 2)
    array([2., 4.])
    """

    def __init__(self, device: torch.device | None = None, size: int | None = None) -> None:
        """On ``device``, else where :func:`default_device` puts an input of ``size`` elements."""
        self.device = device if device is not None else default_device(size)
        self.dtype = compute_dtype(self.device)

    def tensor(self, array: object, requires_grad: bool = False) -> torch.Tensor:
        result = torch.as_tensor(_writable(array), dtype=self.dtype, device=self.device)
        if requires_grad:
            result = result.clone().requires_grad_(True)
        return result

    def empty(self, shape: tuple[int, ...]) -> torch.Tensor:
        """An uninitialized float tensor on the device, for a step to write its result into."""
        return torch.empty(shape, dtype=self.dtype, device=self.device)

    def labels(self, array: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(_writable(array), dtype=torch.long, device=self.device)

    @staticmethod
    def numpy(tensor: torch.Tensor) -> np.ndarray:
        return tensor.detach().to("cpu", torch.float64).numpy()

    @staticmethod
    def scalar(tensor: torch.Tensor) -> float:
        return float(tensor.detach().to("cpu", torch.float64))


def fused_loss_and_grad(function, first: torch.Tensor, *args, **kwargs) -> tuple[float, np.ndarray]:
    """PyTorch's own fused loss at ``first`` and what ``backward()`` gives there.

    For ``reduction="none"`` the value is the sum of the per-element losses and the gradient is
    the gradient of that sum. ``first`` is not copied: the leaf that gets the gradient shares its
    memory, which ``function`` only reads (autograd refuses in-place changes to such a leaf).
    """
    x = first.detach().requires_grad_(True)
    out = function(x, *args, **kwargs)
    out = out.sum() if out.dim() else out
    out.backward()
    return Workspace.scalar(out), Workspace.numpy(x.grad)
