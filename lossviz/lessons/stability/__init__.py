r"""Numerical stability: one cross-entropy computed three ways, in float32 and in float64.

Written straight from its definition, the loss of a sample with logits :math:`x` and label
:math:`y` is

.. math::
    p_j = \frac{e^{x_j}}{\sum_k e^{x_k}}, \qquad \ell = -\log p_y .

Taken literally this breaks long before the logits are unusual: :math:`e^{x}` is infinite once
:math:`x` passes :math:`\log(\text{largest float})` (about 88.72 in float32, 709.78 in float64)
and exactly 0 below about -103.97 (float32) or -745.13 (float64); then
:math:`\infty / \infty` is NaN and :math:`\log 0 = -\infty`. The three routes compared here are
the code a learner writes:

- ``"naive"``: ``e = torch.exp(x); p = e / e.sum(dim=1, keepdim=True)``, then
  ``F.nll_loss(torch.log(p), y)``.
- ``"softmax_log"``: ``F.nll_loss(torch.log(torch.softmax(x, dim=1)), y)``. PyTorch's softmax
  subtracts the row maximum, so nothing overflows, but a probability that rounds to 0 still has
  :math:`\log 0 = -\infty`, and the gradient through it is NaN (:math:`0 \cdot \infty`).
- ``"fused"``: ``F.cross_entropy(x, y)``, which takes log-softmax as
  :math:`x - m - \log \sum_k e^{x_k - m}` with :math:`m = \max_k x_k`: finite for any finite
  logits, with the gradient :math:`\mathrm{softmax}(x) - \mathrm{onehot}(y)`.

The logits are :math:`x = s \, z`: a sample's logits :math:`z` times a scale :math:`s`, formed in
the dtype as ``torch.tensor([z], dtype=dtype) * s``. Every value is computed by those torch calls
on the compute device (float64 falls back to the CPU where the device has none).

The binary counterpart: ``F.binary_cross_entropy(torch.sigmoid(x), t)`` takes the log of a
probability that rounds to exactly 1 (from :math:`x \approx 16.64` in float32, 36.74 in float64),
and PyTorch clamps that log at -100; ``F.binary_cross_entropy_with_logits`` never forms the
probability.
"""

from __future__ import annotations

from lossviz.lessons.stability.binary import (
    BinarySteps,
    BinarySweep,
    binary_focus,
    binary_routes,
    binary_sweep,
    logit_grid,
)
from lossviz.lessons.stability.floats import (
    DTYPES,
    EVENTS,
    ROUTES,
    SCALE_RANGE,
    STATUSES,
    FloatLimits,
    float_limits,
)
from lossviz.lessons.stability.routes import BatchStatus, RouteSteps, batch_status, softmax_routes
from lossviz.lessons.stability.sweeps import (
    Failure,
    ScaleSweep,
    first_failure,
    first_failures,
    naive_breaks,
    scale_grid,
    scale_options,
    scale_sweep,
)

__all__ = [
    "DTYPES",
    "EVENTS",
    "ROUTES",
    "SCALE_RANGE",
    "STATUSES",
    "BatchStatus",
    "BinarySteps",
    "BinarySweep",
    "Failure",
    "FloatLimits",
    "RouteSteps",
    "ScaleSweep",
    "batch_status",
    "binary_focus",
    "binary_routes",
    "binary_sweep",
    "first_failure",
    "first_failures",
    "float_limits",
    "logit_grid",
    "naive_breaks",
    "scale_grid",
    "scale_options",
    "scale_sweep",
    "softmax_routes",
]
