r"""Focal loss: cross-entropy that turns the volume down on examples the model already gets right.

With :math:`p_t` the probability given to the right answer, the focal loss multiplies the
cross-entropy :math:`-\log p_t` by the modulating factor :math:`(1 - p_t)^\gamma`:

.. math::
    \mathrm{FL}(p_t) = -\alpha_t\, (1 - p_t)^\gamma \log p_t

An easy example (:math:`p_t = 0.9`) keeps :math:`0.1^2 = 1\%` of its loss at :math:`\gamma = 2`,
a hard one (:math:`p_t = 0.1`) keeps 81%. With :math:`\gamma = 0` and no :math:`\alpha` it is
the cross-entropy. PyTorch has no focal loss of its own: ``focal_loss`` (softmax, multi-class)
is checked against the common PyTorch formulation through ``F.cross_entropy``, and
``sigmoid_focal_loss`` (one yes/no question per element, as in RetinaNet) against
``torchvision.ops.sigmoid_focal_loss``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import torch
import torch.nn.functional as F

from lossviz._torch import Workspace, fused_loss_and_grad
from lossviz.binary import _looks_like_probabilities, _probability_input_note, _with_logits_steps
from lossviz.errors import InputError
from lossviz.reduction import reduce
from lossviz.results import FocalResult, Note
from lossviz.softmax import logsumexp
from lossviz.validation import (
    as_class_indices,
    as_class_weight,
    as_float_array,
    as_logit_matrix,
    as_unit_interval,
    check_reduction,
    check_same_shape,
)

__all__ = ["focal_loss", "sigmoid_focal_loss"]


def _check_gamma(gamma: object) -> float:
    if (
        isinstance(gamma, bool)
        or not isinstance(gamma, numbers.Real)
        or not math.isfinite(gamma)
        or gamma < 0
    ):
        raise InputError(
            f"gamma must be a number >= 0 (0 gives plain cross-entropy); got {gamma!r}"
        )
    return float(gamma)


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not math.isfinite(alpha):
        raise InputError(
            "alpha must be a number: between 0 and 1 to balance positives and negatives, or "
            f"negative (such as -1) to switch it off; got {alpha!r}"
        )
    if alpha > 1:
        raise InputError(
            f"alpha must be at most 1: the negatives get the weight 1 - alpha, which would be "
            f"negative; got {alpha!r}"
        )
    return float(alpha)


def _torch_focal_loss(
    logits: torch.Tensor,
    target: torch.Tensor,
    gamma: float,
    alpha: torch.Tensor | None,
    reduction: str,
) -> torch.Tensor:
    """The usual multi-class focal loss in PyTorch: ``alpha_t (1 - pt)^gamma ce``, pt = exp(-ce).

    Its autograd gradient is the oracle for ``grad``.
    """
    ce = F.cross_entropy(logits, target, reduction="none")
    pt = torch.exp(-ce)
    loss = (1 - pt) ** gamma * ce
    if alpha is not None:
        loss = alpha[target] * loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _torchvision_sigmoid_focal_loss(
    inputs: torch.Tensor,
    targets: torch.Tensor,
    alpha: float = 0.25,
    gamma: float = 2,
    reduction: str = "none",
) -> torch.Tensor:
    """A copy of ``torchvision.ops.sigmoid_focal_loss`` (BSD-3-Clause), the oracle for the steps.

    torchvision is not a dependency; this is its function line for line.
    """
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)

    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss

    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


def _gradient_not_finite_note(grad: np.ndarray, gamma: float) -> tuple[Note, ...]:
    bad = ~np.isfinite(grad)
    if not bad.any():
        return ()
    count = int(bad.sum())
    return (
        Note(
            "focal_gradient_not_finite",
            f"{count} gradient value(s) from autograd are NaN or infinite. With gamma = "
            f"{gamma:g} between 0 and 1, (1 - p_t)^gamma is infinitely steep at p_t = 1, and "
            "where p_t rounds to exactly 1 autograd multiplies infinity by 0. The true gradient "
            "there tends to 0 (see analytic_grad). Use gamma = 0 or gamma >= 1, or avoid such "
            "confident logits.",
            {"count": count, "gamma": gamma},
        ),
    )


def focal_loss(
    logits: object,
    target: object,
    gamma: float = 2.0,
    alpha: object | None = None,
    reduction: str = "mean",
) -> FocalResult:
    r"""Multi-class (softmax) focal loss of logits against class labels.

    With :math:`p_{i,c}` the softmax of row :math:`i` and :math:`p_t = p_{i,y_i}`:

    .. math::
        l_i = -\alpha_{y_i} (1 - p_t)^\gamma \log p_t,
        \qquad \text{mean} = \frac{1}{N} \sum_i l_i

    'mean' is the plain mean over samples, even with ``alpha`` (unlike the weighted mean of
    ``cross_entropy``'s ``weight``). With :math:`s = \log p_t` and
    :math:`u = 1 - p_t`, the chain rule through :math:`s` gives

    .. math::
        \frac{\partial l_i}{\partial s} = \alpha_{y_i} u^\gamma
            \left( \gamma\, p_t \frac{s}{u} - 1 \right),
        \qquad
        \frac{\partial L}{\partial x_i} = \frac{\partial l_i}{\partial s}
            \left( \mathrm{onehot}(y_i) - p_i \right) / d,

    where :math:`s / u \to -1` as :math:`p_t \to 1`, so the gradient stays finite. At
    :math:`\gamma = 0` it is the cross-entropy gradient
    :math:`\alpha_{y_i} (p_i - \mathrm{onehot}(y_i))`.

    Args:
        logits: (N, C) raw scores.
        target: (N,) class labels in 0..C-1.
        gamma: the focusing exponent, >= 0 (0 gives cross-entropy; 2 is the usual choice).
        alpha: optional (C,) non-negative weight of each class.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    Raises:
        InputError: bad shapes, labels, alpha, gamma or reduction.

    The seed example (cat / dog / pig, the pig is right with p = 0.65): cross-entropy 0.4351,
    of which the focal loss keeps (1 - 0.6472)^2 = 12%.

    >>> r = focal_loss([[1.3, 1.3, 2.6]], [2])
    >>> round(float(r.ce[0]), 4), round(float(r.modulating_factor[0]), 4), round(r.loss, 4)
    (0.4351, 0.1245, 0.0541)
    >>> r.agrees
    True
    >>> np.round(r.grad, 4).tolist()
    [[0.057, 0.057, -0.114]]
    """
    check_reduction(reduction)
    gamma = _check_gamma(gamma)
    inputs = as_logit_matrix(logits)
    n, c = inputs.shape
    labels = as_class_indices(target, n, c)
    alpha = as_class_weight(alpha, c, "alpha")

    ws = Workspace()
    x = ws.tensor(inputs)
    log_probs = x - logsumexp(x).unsqueeze(1)
    probs = torch.exp(log_probs)
    target_t = ws.labels(labels)
    log_pt = log_probs.gather(1, target_t.unsqueeze(1)).squeeze(1)
    ce = -log_pt
    pt = torch.exp(log_pt)
    u = -torch.expm1(log_pt)  # 1 - p_t, without cancellation when p_t is close to 1
    modulating = torch.pow(u, gamma)
    alpha_t = ws.tensor(alpha)[target_t] if alpha is not None else torch.ones_like(ce)
    per_sample = alpha_t * modulating * ce
    denominator = float(n) if reduction == "mean" else 1.0
    loss = reduce(per_sample.sum(), denominator, reduction)

    ratio = torch.where(u > 0, log_pt / u, -torch.ones_like(u))
    dl_ds = alpha_t * modulating * (gamma * pt * ratio - 1.0)
    onehot = torch.zeros_like(x).scatter_(1, target_t.unsqueeze(1), 1.0)
    analytic = dl_ds.unsqueeze(1) * (onehot - probs) / denominator
    reference, grad = fused_loss_and_grad(
        _torch_focal_loss,
        x,
        target_t,
        gamma,
        ws.tensor(alpha) if alpha is not None else None,
        reduction,
    )

    per_sample_np = ws.numpy(per_sample)
    loss_value = ws.scalar(loss)
    notes = list(_gradient_not_finite_note(grad, gamma))
    alpha_t_np = ws.numpy(alpha_t)
    if alpha is not None and reduction == "mean":
        weighted = float(per_sample_np.sum() / alpha_t_np.sum()) if alpha_t_np.sum() else math.nan
        if not math.isclose(weighted, loss_value, rel_tol=1e-9, abs_tol=1e-12):
            notes.append(
                Note(
                    "focal_alpha_plain_mean",
                    f"With alpha, this 'mean' is the plain mean over the {n} samples "
                    f"({loss_value:.4f}), as in the usual focal loss code; cross_entropy's "
                    "weight would divide by the summed weights instead "
                    f"({weighted:.4f}).",
                    {"loss": loss_value, "weighted_mean": weighted},
                )
            )
    return FocalResult(
        name="focal_loss",
        reduction=reduction,
        loss=loss_value,
        per_sample=per_sample_np,
        denominator=denominator,
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=tuple(notes),
        target=labels,
        probs=ws.numpy(probs),
        target_prob=ws.numpy(pt),
        modulating_factor=ws.numpy(modulating),
        ce=ws.numpy(ce),
        alpha_t=alpha_t_np,
        gamma=gamma,
    )


def sigmoid_focal_loss(
    logits: object,
    target: object,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> FocalResult:
    r"""Binary (sigmoid) focal loss, as ``torchvision.ops.sigmoid_focal_loss`` (RetinaNet).

    Per element, with :math:`p = \sigma(x)` and the binary cross-entropy on logits
    :math:`\mathrm{ce}`:

    .. math::
        p_t = p\, y + (1 - p)(1 - y), \qquad
        \alpha_t = \alpha\, y + (1 - \alpha)(1 - y), \qquad
        l = \alpha_t\, \mathrm{ce}\, (1 - p_t)^\gamma

    and :math:`\alpha_t = 1` when :math:`\alpha < 0`. 'mean' divides by the number of elements.
    Note the defaults: ``alpha=0.25`` weights the positives *less* than the negatives, and
    ``reduction="none"``. With :math:`u = 1 - p_t` and :math:`m = u^\gamma` the gradient is

    .. math::
        \frac{\partial L}{\partial x} = \alpha_t\, m \left( (p - y)
            - \gamma\, \mathrm{ce}\, (2y - 1) \frac{p (1 - p)}{u} \right) / d,

    where :math:`p (1 - p) / u` stays bounded, so it is finite even where :math:`p_t = 1`.

    torchvision does not check its targets; lossviz requires them in [0, 1], because outside
    it :math:`1 - p_t` can be negative and a fractional power of it is NaN.

    Args:
        logits: raw scores, any shape.
        target: binary labels (0 or 1, or soft values in [0, 1]), the same shape as ``logits``.
        alpha: the positives' weight in [0, 1] (negatives get 1 - alpha), or negative to
            switch it off.
        gamma: the focusing exponent, >= 0.
        reduction: ``"none"``, ``"mean"`` or ``"sum"``.

    Raises:
        InputError: mismatched shapes, a target outside [0, 1], alpha above 1, gamma below 0,
            NaN or infinity, no values, an unknown reduction.

    An easy negative (logit -3) and a hard positive (logit -1):

    >>> r = sigmoid_focal_loss([-3.0, -1.0], [0.0, 1.0])
    >>> np.round(r.target_prob, 4).tolist(), np.round(r.modulating_factor, 4).tolist()
    ([0.9526, 0.2689], [0.0022, 0.5344])
    >>> np.round(r.per_sample, 4).tolist(), r.agrees
    ([0.0001, 0.1755], True)
    """
    check_reduction(reduction)
    alpha = _check_alpha(alpha)
    gamma = _check_gamma(gamma)
    x_np = as_float_array(logits, "logits")
    y_np = as_float_array(target, "target")
    check_same_shape(y_np, x_np, "target", "logits")
    as_unit_interval(y_np, "target")

    ws = Workspace()
    x = ws.tensor(x_np)
    y = ws.tensor(y_np)
    p = torch.sigmoid(x)
    q = torch.sigmoid(-x)  # 1 - p, without cancellation when p is close to 1
    ce, _ = _with_logits_steps(x, y, torch.ones_like(x))
    pt = p * y + q * (1.0 - y)
    u = q * y + p * (1.0 - y)  # 1 - p_t, without cancellation
    modulating = torch.pow(u, gamma)
    alpha_t = alpha * y + (1.0 - alpha) * (1.0 - y) if alpha >= 0 else torch.ones_like(x)
    per_sample = alpha_t * (ce * modulating)
    denominator = float(x_np.size) if reduction == "mean" else 1.0
    loss = reduce(per_sample.sum(), denominator, reduction)

    spread = torch.where(u > 0, p * q / u, torch.zeros_like(u))
    slope = p * (1.0 - y) - q * y  # p - y
    analytic = alpha_t * modulating * (slope - gamma * ce * (2.0 * y - 1.0) * spread) / denominator
    reference, grad = fused_loss_and_grad(
        _torchvision_sigmoid_focal_loss, x, y, alpha=alpha, gamma=gamma, reduction=reduction
    )

    notes = list(_gradient_not_finite_note(grad, gamma))
    if _looks_like_probabilities(x_np):
        notes.append(_probability_input_note())
    return FocalResult(
        name="sigmoid_focal_loss",
        reduction=reduction,
        loss=ws.scalar(loss),
        per_sample=ws.numpy(per_sample),
        denominator=denominator,
        grad=grad,
        analytic_grad=ws.numpy(analytic),
        reference=reference,
        notes=tuple(notes),
        target=y_np,
        probs=ws.numpy(p),
        target_prob=ws.numpy(pt),
        modulating_factor=ws.numpy(modulating),
        ce=ws.numpy(ce),
        alpha_t=ws.numpy(alpha_t),
        gamma=gamma,
    )
