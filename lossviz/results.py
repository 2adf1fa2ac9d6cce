"""Plain-data results: NumPy arrays and floats, easy to cache, compare and show."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "BinaryResult",
    "CrossEntropyResult",
    "FocalResult",
    "KLDecomposition",
    "KLDivResult",
    "LossResult",
    "NllResult",
    "Note",
    "RegressionResult",
]

#: Step-by-step values and PyTorch's fused function agree when they differ by less than this
#: (relative to the size of the numbers) in float64.
AGREEMENT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Note:
    """A remark on legal but suspicious input, for a learner.

    ``code`` names the remark (stable, for translations), ``message`` says it in English and
    ``params`` holds the numbers it quotes.
    """

    code: str
    message: str
    params: dict = field(default_factory=dict, compare=False)


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=AGREEMENT_TOLERANCE, abs_tol=AGREEMENT_TOLERANCE)


def _largest_difference(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b|, counting equal values (NaN with NaN, inf with inf) as no difference.

    >>> _largest_difference(np.array([np.nan, np.inf, 1.0]), np.array([np.nan, np.inf, 1.5]))
    0.5
    >>> _largest_difference(np.array([np.nan]), np.array([0.0]))
    inf
    """
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore"):
        gap = np.abs(np.where(same, 0.0, a - b))
    return float(np.max(np.where(np.isnan(gap), np.inf, gap), initial=0.0))


@dataclass(frozen=True)
class LossResult:
    """What every loss returns.

    Attributes:
        name: the PyTorch function reproduced, e.g. ``"cross_entropy"``.
        reduction: ``"none"``, ``"mean"``, ``"sum"`` (or ``"batchmean"`` for ``kl_div``).
        loss: the reduced value, computed step by step; for ``"none"`` the sum of ``per_sample``.
        per_sample: what ``reduction="none"`` returns.
        denominator: what the summed loss is divided by for a mean (1 for ``"sum"``/``"none"``).
        grad: d loss / d input from autograd through PyTorch's own fused function, exactly what
            ``loss.backward()`` gives a PyTorch user (for ``"none"``: the gradient of the sum).
        analytic_grad: the same gradient from its closed-form formula.
        reference: the loss from PyTorch's own fused function (for ``"none"``: its sum).
        notes: remarks on suspicious but legal input.
    """

    name: str
    reduction: str
    loss: float
    per_sample: np.ndarray
    denominator: float
    grad: np.ndarray
    analytic_grad: np.ndarray
    reference: float
    notes: tuple[Note, ...] = ()

    @property
    def difference(self) -> float:
        """|step-by-step loss - PyTorch's fused loss| (0 when both are NaN)."""
        if math.isnan(self.loss) and math.isnan(self.reference):
            return 0.0
        return abs(self.loss - self.reference)

    @property
    def grad_difference(self) -> float:
        """The largest |analytic gradient - autograd's gradient| over all elements.

        Where both are NaN, or both the same infinity, they agree (difference 0); where only one
        is, the difference is infinite.
        """
        return _largest_difference(self.analytic_grad, self.grad)

    @property
    def agrees(self) -> bool:
        """True when the step-by-step loss and gradient equal PyTorch's to rounding."""
        finite = np.abs(self.grad[np.isfinite(self.grad)])
        grad_scale = float(np.max(finite, initial=0.0))
        return _close(
            self.loss, self.reference
        ) and self.grad_difference <= AGREEMENT_TOLERANCE * max(1.0, grad_scale)


@dataclass(frozen=True)
class NllResult(LossResult):
    """``nll_loss`` with its steps: the picked value, each element's weight, what was ignored.

    Every array has the labels' shape, one value per element: (N,) for an (N, C) input, () for
    a single (C,) sample, (N, d1, ..., dK) for an (N, C, d1, ..., dK) input; so has
    ``per_sample``, PyTorch's ``reduction='none'`` output.

    Attributes:
        target: class labels as given.
        picked: the input at each element's target class (NaN where the element is ignored).
        sample_weight: ``weight[target]``, 0 where ignored.
        ignored: True where ``target == ignore_index``.
    """

    target: np.ndarray = None  # type: ignore[assignment]
    picked: np.ndarray = None  # type: ignore[assignment]
    sample_weight: np.ndarray = None  # type: ignore[assignment]
    ignored: np.ndarray = None  # type: ignore[assignment]


@dataclass(frozen=True)
class CrossEntropyResult(LossResult):
    """``cross_entropy`` with every step a learner should see.

    Shapes follow the logits' layout (``lossviz.class_layout``). Per class, the logits' shape:
    (N, C), (C,) for a single sample, or (N, C, d1, ..., dK) with the classes in dimension 1.
    Per element, the labels' shape: (N,), (), or (N, d1, ..., dK), one value per sample,
    token or pixel; ``per_sample`` too, as PyTorch's ``reduction='none'`` output.

    Attributes:
        probs: softmax of the logits along the class dimension (per class).
        log_probs: log-softmax, ``logits - logsumexp`` (per class).
        logsumexp: ``log sum_c exp(x_c)`` of each element, computed stably (per element).
        target: class labels or class probabilities, as given.
        soft_target: True when ``target`` holds class probabilities.
        target_probs: the target distribution used: one-hot, smoothed or soft, zeros where
            ignored (per class).
        target_log_prob: the log-probability of the target class (per element; index targets;
            NaN for ignored elements and soft targets).
        sample_weight: ``weight[target]`` (per element; 0 where ignored; 1 for soft targets).
        ignored: True where ``target == ignore_index`` (per element): a padding token, an
            unlabelled pixel.
        label_smoothing: the smoothing applied (0 where PyTorch ignores the one given).
    """

    probs: np.ndarray = None  # type: ignore[assignment]
    log_probs: np.ndarray = None  # type: ignore[assignment]
    logsumexp: np.ndarray = None  # type: ignore[assignment]
    target: np.ndarray = None  # type: ignore[assignment]
    soft_target: bool = False
    target_probs: np.ndarray = None  # type: ignore[assignment]
    target_log_prob: np.ndarray = None  # type: ignore[assignment]
    sample_weight: np.ndarray = None  # type: ignore[assignment]
    ignored: np.ndarray = None  # type: ignore[assignment]
    label_smoothing: float = 0.0


@dataclass(frozen=True)
class KLDecomposition:
    """Per-row H(p), H(p, q) and KL(p || q), with H(p, q) = H(p) + KL(p || q).

    ``unit`` is ``"nats"`` (natural logarithms, as PyTorch) or ``"bits"``.
    """

    entropy: np.ndarray
    cross_entropy: np.ndarray
    kl: np.ndarray
    unit: str = "nats"

    def in_bits(self) -> KLDecomposition:
        """The same quantities in bits (divided by ln 2)."""
        if self.unit == "bits":
            return self
        scale = 1.0 / math.log(2.0)
        return KLDecomposition(
            self.entropy * scale, self.cross_entropy * scale, self.kl * scale, "bits"
        )


@dataclass(frozen=True)
class KLDivResult(LossResult):
    """``kl_div`` with its steps; ``per_sample`` is PyTorch's pointwise 'none' output, in the
    shape input and target broadcast to.

    Attributes:
        per_row: each sample's sum of ``per_sample`` over every dimension but the first: the
            KL(p_i || q_i) of each distribution of an (N, C) input (shape (N,); (1,), the whole
            sum, for a 0- or 1-dim input, which is one distribution).
        log_q: the input: log-probabilities, log q.
        p: the target as probabilities (``exp(target)`` when ``log_target``).
        q: ``exp(input)``.
        log_target: True when the target was given as log-probabilities.
    """

    per_row: np.ndarray = None  # type: ignore[assignment]
    log_q: np.ndarray = None  # type: ignore[assignment]
    p: np.ndarray = None  # type: ignore[assignment]
    q: np.ndarray = None  # type: ignore[assignment]
    log_target: bool = False


@dataclass(frozen=True)
class RegressionResult(LossResult):
    """An elementwise regression loss (MSE, L1, smooth L1, Huber) with its error.

    Attributes:
        error: ``input - target``, elementwise, in the shape the two broadcast to (as
            ``per_sample``, the loss of each element); ``grad`` has the input's shape.
    """

    error: np.ndarray = None  # type: ignore[assignment]


@dataclass(frozen=True)
class BinaryResult(LossResult):
    """``binary_cross_entropy`` (on probabilities) or ``binary_cross_entropy_with_logits``.

    Every array has the shape of the target.

    Attributes:
        target: the targets as given.
        probs: the probabilities x: the input itself for ``binary_cross_entropy``,
            ``sigmoid(logits)`` for the logits version.
        log_x: ``log x``; clamped at -100 for ``binary_cross_entropy``, computed stably as
            ``log_sigmoid(logits)`` for the logits version.
        log_1mx: ``log(1 - x)``; clamped at -100, or ``log_sigmoid(-logits)``.
        clamped: True where the -100 clamp changed the loss (a clamped log with a non-zero
            share of the target); all False for the logits version, which never clamps.
        element_weight: ``weight`` broadcast to the target's shape (ones without it).
        pos_weight: ``pos_weight`` broadcast to the target's shape (logits version only; None
            for ``binary_cross_entropy``, ones when not given).
    """

    target: np.ndarray = None  # type: ignore[assignment]
    probs: np.ndarray = None  # type: ignore[assignment]
    log_x: np.ndarray = None  # type: ignore[assignment]
    log_1mx: np.ndarray = None  # type: ignore[assignment]
    clamped: np.ndarray = None  # type: ignore[assignment]
    element_weight: np.ndarray = None  # type: ignore[assignment]
    pos_weight: np.ndarray | None = None


@dataclass(frozen=True)
class FocalResult(LossResult):
    """``focal_loss`` (softmax, multi-class) or ``sigmoid_focal_loss`` with their steps.

    For ``focal_loss`` the per-sample arrays are (N,) and ``probs`` is the (N, C) softmax; for
    ``sigmoid_focal_loss`` every array has the shape of the logits.

    Attributes:
        target: class labels (N,) or binary targets, as given.
        probs: softmax (N, C) or sigmoid of the logits.
        target_prob: ``p_t``, the probability given to the right answer.
        modulating_factor: ``(1 - p_t) ** gamma``, how much of the loss is kept.
        ce: the plain cross-entropy (softmax) or binary cross-entropy (sigmoid) per sample.
        alpha_t: the balancing weight of each sample (ones without alpha).
        gamma: the focusing exponent used.
    """

    target: np.ndarray = None  # type: ignore[assignment]
    probs: np.ndarray = None  # type: ignore[assignment]
    target_prob: np.ndarray = None  # type: ignore[assignment]
    modulating_factor: np.ndarray = None  # type: ignore[assignment]
    ce: np.ndarray = None  # type: ignore[assignment]
    alpha_t: np.ndarray = None  # type: ignore[assignment]
    gamma: float = 0.0
