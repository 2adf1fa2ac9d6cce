r"""One sample's cross-entropy by the three routes (exp/sum/log by hand, softmax then log, the
fused call), every intermediate kept, and each sample's outcome for a whole batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from lossviz.errors import InputError
from lossviz.lessons.stability.floats import (
    _TORCH_DTYPES,
    DTYPES,
    ROUTES,
    STATUSES,
    _check_scale,
    _device,
    _gap,
    _numpy,
    _row_and_label,
    _torch_dtype,
)
from lossviz.validation import as_logit_matrix

__all__ = [
    "BatchStatus",
    "RouteSteps",
    "batch_status",
    "softmax_routes",
]


def _log_then_nll(
    leaf: torch.Tensor, probs: torch.Tensor, labels: torch.Tensor, stem: str, route: str
) -> dict[str, torch.Tensor]:
    """``torch.log`` of ``probs`` (computed from ``leaf``), then ``nll_loss`` per row: the
    probabilities and their log under ``{stem}_``, the losses and the gradient of their sum in
    ``leaf`` under ``{route}_``, detached."""
    log_probs = torch.log(probs)
    loss = F.nll_loss(log_probs, labels, reduction="none")
    loss.sum().backward()
    return {
        f"{stem}_probs": probs.detach(),
        f"{stem}_log_probs": log_probs.detach(),
        f"{route}_loss": loss.detach(),
        f"{route}_grad": leaf.grad,
    }


def _naive(x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
    """``exp``, divide by the sum, ``log``, ``nll_loss``: the definition, taken literally."""
    leaf = x.detach().clone().requires_grad_(True)
    exp = torch.exp(leaf)
    total = exp.sum(dim=1, keepdim=True)
    return {
        "exp": exp.detach(),
        "exp_sum": total.detach().squeeze(1),
        **_log_then_nll(leaf, exp / total, labels, "naive", "naive"),
    }


def _softmax_log(x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
    """``torch.softmax``, then ``torch.log``, then ``nll_loss``."""
    leaf = x.detach().clone().requires_grad_(True)
    return _log_then_nll(leaf, torch.softmax(leaf, dim=1), labels, "softmax", "softmax_log")


def _fused(x: torch.Tensor, labels: torch.Tensor) -> dict[str, torch.Tensor]:
    """``F.cross_entropy``."""
    leaf = x.detach().clone().requires_grad_(True)
    loss = F.cross_entropy(leaf, labels, reduction="none")
    loss.sum().backward()
    return {"fused_loss": loss.detach(), "fused_grad": leaf.grad}


_ROUTE_FUNCTIONS = {"naive": _naive, "softmax_log": _softmax_log, "fused": _fused}


def _evaluate(
    x: torch.Tensor, labels: torch.Tensor, routes: tuple[str, ...] = ROUTES
) -> dict[str, torch.Tensor]:
    """The ``routes`` on the rows of ``x`` (each row its own sample), with autograd's gradients.

    Losses are per row (``reduction="none"``) and gradients those of their sum, which equal,
    bit for bit, the default ``"mean"`` on one row at a time.
    """
    values: dict[str, torch.Tensor] = {}
    for route in routes:
        values.update(_ROUTE_FUNCTIONS[route](x, labels))
    return values


def _status(loss: torch.Tensor, grad: torch.Tensor) -> np.ndarray:
    """One of ``STATUSES`` per row."""
    loss_np, grad_ok = _numpy(loss), torch.isfinite(grad).all(dim=1).cpu().numpy()
    return np.select(
        [np.isnan(loss_np), np.isinf(loss_np), ~grad_ok], ["nan", "inf", "grad"], default="ok"
    )


def _events(values: dict[str, torch.Tensor], route: str) -> dict[str, torch.Tensor]:
    """Per row, whether each of the route's ``EVENTS`` has happened."""
    loss, grad = values[f"{route}_loss"], values[f"{route}_grad"]
    flags = {"loss": ~torch.isfinite(loss), "grad": ~torch.isfinite(grad).all(dim=1)}
    if route == "naive":
        flags["overflow"] = torch.isinf(values["exp"]).any(dim=1)
        flags["zero"] = (values["naive_probs"] == 0).any(dim=1)
        flags["nan"] = torch.isnan(values["naive_probs"]).any(dim=1)
    elif route == "softmax_log":
        flags["zero"] = (values["softmax_probs"] == 0).any(dim=1)
    return flags


@dataclass(frozen=True)
class RouteSteps:
    """One sample's loss by the three routes at one scale, in one dtype, with every step.

    Attributes:
        dtype: ``"float32"`` or ``"float64"``.
        scale: :math:`s` as given; ``logits`` are :math:`x = s z` formed in the dtype.
        label: the target class :math:`y`.
        logits: (C,) :math:`x`.
        exp: (C,) :math:`e^{x_j}` (the naive route; may be :math:`\\infty` or 0).
        exp_sum: :math:`\\sum_j e^{x_j}`.
        naive_probs, naive_log_probs: (C,) :math:`p = e^x / \\sum e^x` and :math:`\\log p`.
        naive_loss: ``F.nll_loss(torch.log(p), y)``; naive_grad: (C,) its gradient in :math:`x`.
        softmax_probs, softmax_log_probs: (C,) ``torch.softmax(x)`` and its log.
        softmax_loss, softmax_grad: the loss on that log, and its gradient.
        max_logit: :math:`m = \\max_j x_j`.
        shifted_logits: (C,) :math:`x_j - m`, each at most 0.
        shifted_exp: (C,) :math:`e^{x_j - m}`, each at most 1; shifted_sum: their sum.
        logsumexp: :math:`m + \\log \\sum_j e^{x_j - m}`, step by step.
        log_probs: (C,) :math:`x - \\operatorname{logsumexp}`, step by step.
        loss: :math:`\\operatorname{logsumexp} - x_y`, step by step.
        reference: ``F.cross_entropy(x, y)``.
        grad: (C,) the gradient of ``F.cross_entropy`` from autograd.
        analytic_grad: (C,) :math:`e^{x - m} / \\sum_j e^{x_j - m} - \\mathrm{onehot}(y)`.
    """

    dtype: str
    scale: float
    label: int
    logits: np.ndarray
    exp: np.ndarray
    exp_sum: float
    naive_probs: np.ndarray
    naive_log_probs: np.ndarray
    naive_loss: float
    naive_grad: np.ndarray
    softmax_probs: np.ndarray
    softmax_log_probs: np.ndarray
    softmax_loss: float
    softmax_grad: np.ndarray
    max_logit: float
    shifted_logits: np.ndarray
    shifted_exp: np.ndarray
    shifted_sum: float
    logsumexp: float
    log_probs: np.ndarray
    loss: float
    reference: float
    grad: np.ndarray
    analytic_grad: np.ndarray
    statuses: dict

    @property
    def tolerance(self) -> float:
        """How far rounding in the dtype may move the loss: 16 units of the dtype's precision,
        relative to the size of the logits."""
        eps = float(torch.finfo(_TORCH_DTYPES[self.dtype]).eps)
        return 16 * eps * max(1.0, abs(self.max_logit))

    @property
    def difference(self) -> float:
        """|step-by-step log-sum-exp loss - ``F.cross_entropy``| (0 where both are NaN, as they
        are when the logits themselves overflow the dtype)."""
        return float(_gap(np.array([self.loss]), np.array([self.reference])))

    @property
    def grad_difference(self) -> float:
        """The largest |softmax - onehot - autograd's gradient| (NaN beside NaN counts as 0)."""
        return float(_gap(self.analytic_grad, self.grad))

    @property
    def agrees(self) -> bool:
        """The stable steps equal PyTorch's fused loss and gradient, to rounding in the dtype."""
        eps = float(torch.finfo(_TORCH_DTYPES[self.dtype]).eps)
        return self.difference <= self.tolerance and self.grad_difference <= 16 * eps

    def route_loss(self, route: str) -> float:
        return {"naive": self.naive_loss, "softmax_log": self.softmax_loss}.get(
            route, self.reference
        )

    def route_grad(self, route: str) -> np.ndarray:
        return {"naive": self.naive_grad, "softmax_log": self.softmax_grad}.get(route, self.grad)


def softmax_routes(row: object, label: int, scale: float, dtype: str) -> RouteSteps:
    r"""The loss of one sample by the naive, softmax-then-log and fused routes, with every step.

    The stable steps, which ``F.cross_entropy`` follows:

    .. math::
        \log \sum_j e^{x_j} = m + \log \sum_j e^{x_j - m}, \quad m = \max_j x_j, \qquad
        \ell = \log \sum_j e^{x_j} - x_y

    Raises:
        InputError: non-finite logits, fewer than 2 classes, a label out of range, a scale that
            is not positive, an unknown dtype.

    The seed example at scale 1 agrees everywhere; at scale 40 in float32, :math:`e^{104}`
    overflows: :math:`p_0 = e^{52} / \infty = 0`, the naive loss is infinite, and the fused one
    is right:

    >>> r = softmax_routes([1.3, 1.3, 2.6], 2, 1.0, "float32")
    >>> round(r.naive_loss, 4), round(r.softmax_loss, 4), round(r.reference, 4), r.agrees
    (0.4351, 0.4351, 0.4351, True)
    >>> r = softmax_routes([1.3, 1.3, 2.6], 0, 40.0, "float32")
    >>> r.exp.tolist()[2], r.exp_sum, r.naive_probs.tolist(), r.naive_loss
    (inf, inf, [0.0, 0.0, nan], inf)
    >>> r.reference, r.grad.round(6).tolist(), r.statuses
    (52.0, [-1.0, 0.0, 1.0], {'naive': 'inf', 'softmax_log': 'ok', 'fused': 'ok'})
    """
    z, label = _row_and_label(row, label)
    scale = _check_scale(scale)
    torch_dtype = _torch_dtype(dtype)
    device = _device(torch_dtype)
    x = torch.as_tensor(z[None, :], dtype=torch_dtype, device=device) * scale
    labels = torch.tensor([label], device=device)
    values = _evaluate(x, labels)

    m = x.max(dim=1, keepdim=True).values
    shifted = torch.exp(x - m)
    shifted_sum = shifted.sum(dim=1, keepdim=True)
    lse = m + torch.log(shifted_sum)
    log_probs = x - lse
    analytic = shifted / shifted_sum - F.one_hot(labels, z.size).to(torch_dtype)

    def row_of(name: str) -> np.ndarray:
        return _numpy(values[name])[0]

    return RouteSteps(
        dtype=dtype,
        scale=scale,
        label=label,
        logits=_numpy(x)[0],
        exp=row_of("exp"),
        exp_sum=float(_numpy(values["exp_sum"])[0]),
        naive_probs=row_of("naive_probs"),
        naive_log_probs=row_of("naive_log_probs"),
        naive_loss=float(_numpy(values["naive_loss"])[0]),
        naive_grad=row_of("naive_grad"),
        softmax_probs=row_of("softmax_probs"),
        softmax_log_probs=row_of("softmax_log_probs"),
        softmax_loss=float(_numpy(values["softmax_log_loss"])[0]),
        softmax_grad=row_of("softmax_log_grad"),
        max_logit=float(_numpy(m)[0, 0]),
        shifted_logits=_numpy(x - m)[0],
        shifted_exp=_numpy(shifted)[0],
        shifted_sum=float(_numpy(shifted_sum)[0, 0]),
        logsumexp=float(_numpy(lse)[0, 0]),
        log_probs=_numpy(log_probs)[0],
        loss=float(-_numpy(log_probs)[0, label]) + 0.0,
        reference=float(_numpy(values["fused_loss"])[0]),
        grad=row_of("fused_grad"),
        analytic_grad=_numpy(analytic)[0],
        statuses={
            route: str(_status(values[f"{route}_loss"], values[f"{route}_grad"])[0])
            for route in ROUTES
        },
    )


@dataclass(frozen=True)
class BatchStatus:
    """How many samples of a batch each route gets right at one scale.

    Attributes:
        scale: :math:`s`.
        samples: N.
        counts: ``counts[dtype][route][status]``: how many samples have that outcome.
        status: ``status[dtype][route]`` (N,): each sample's outcome.
    """

    scale: float
    samples: int
    counts: dict
    status: dict


def batch_status(logits: object, labels: object, scale: float) -> BatchStatus:
    """Each sample's outcome by each route at scale ``s`` (logits :math:`s z`), in both dtypes.

    Raises:
        InputError: non-finite logits, labels that do not fit them, a scale that is not positive.

    >>> status = batch_status([[1.3, 1.3, 2.6], [0.0, 1.0, -1.0]], [2, 0], 40.0)
    >>> status.counts["float32"]["naive"], status.counts["float64"]["naive"]["ok"]
    ({'ok': 1, 'grad': 0, 'inf': 0, 'nan': 1}, 2)
    """
    z = as_logit_matrix(logits)
    y = np.asarray(labels)
    if y.shape != (z.shape[0],) or not np.isin(y, np.arange(z.shape[1])).all():
        raise InputError(f"labels must be one class index (0..{z.shape[1] - 1}) per sample")
    scale = _check_scale(scale)
    counts: dict = {}
    status: dict = {}
    for dtype in DTYPES:
        torch_dtype = _TORCH_DTYPES[dtype]
        device = _device(torch_dtype)
        x = torch.as_tensor(z, dtype=torch_dtype, device=device) * scale
        values = _evaluate(x, torch.as_tensor(y, dtype=torch.long, device=device))
        status[dtype] = {
            route: _status(values[f"{route}_loss"], values[f"{route}_grad"]) for route in ROUTES
        }
        counts[dtype] = {
            route: {s: int((status[dtype][route] == s).sum()) for s in STATUSES} for route in ROUTES
        }
    return BatchStatus(scale=scale, samples=int(z.shape[0]), counts=counts, status=status)
