"""Notes several losses share: on NaN and infinity, on negative weights, on weighted means.

Each returns a tuple of ``Note`` (empty when there is nothing to say), so a loss gathers its
notes with ``notes.extend(...)``.
"""

from __future__ import annotations

import math

import numpy as np

from lossviz.results import Note
from lossviz.validation import position

__all__ = ["negative_weight_note", "non_finite_note", "weighted_mean_note"]


def _first(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


def non_finite_note(values: np.ndarray | None, name: str) -> tuple[Note, ...]:
    """A note when ``values`` hold NaN or infinity: PyTorch computes on, and they spread.

    >>> non_finite_note(np.array([1.0, np.inf]), "logits")[0].params
    {'name': 'logits', 'count': 1, 'position': 'row 2'}
    >>> non_finite_note(np.array([1.0]), "logits"), non_finite_note(None, "weight")
    ((), ())
    """
    # A finite sum means every value is finite (NaN and infinity survive a sum); an overflow
    # falls through to the element-wise check. One pass, no mask, on the common path.
    if values is None or np.isfinite(values.sum()):
        return ()
    bad = ~np.isfinite(values)
    if not bad.any():
        return ()
    count = int(bad.sum())
    where = position(_first(bad))
    return (
        Note(
            "non_finite_values",
            f"{count} value(s) of {name} are NaN or infinite (the first at {where}). PyTorch "
            "computes with them as they are: NaN spreads to the loss and to the gradients it "
            "touches, and infinity often turns into NaN on the way.",
            {"name": name, "count": count, "position": where},
        ),
    )


def negative_weight_note(weights: np.ndarray | None, name: str) -> tuple[Note, ...]:
    """A note when a weight is negative: legal in PyTorch, but it rewards mistakes.

    >>> negative_weight_note(np.array([1.0, -2.0]), "weight")[0].params
    {'name': 'weight', 'value': -2.0, 'position': 'row 2'}
    """
    if weights is None or not weights.size or not weights.min() < 0:
        return ()
    negative = weights < 0
    where = _first(negative)
    value = float(weights[where])
    place = position(where)
    return (
        Note(
            "negative_weight",
            f"{name} holds a negative value ({value:g} at {place}). PyTorch computes with it, "
            "but a negative weight turns that part of the loss into a reward for being wrong, "
            "which is rarely what is meant; a weighted mean may even divide by 0 or a negative "
            "sum.",
            {"name": name, "value": value, "position": place},
        ),
    )


def weighted_mean_note(per_sample: np.ndarray, kept: np.ndarray, loss: float) -> tuple[Note, ...]:
    """A note when 'mean' is a weighted mean that differs from the plain mean of the losses.

    >>> weighted_mean_note(np.array([64.5897, 44.2207]), np.array([True, True]), 0.8705)[0].code
    'weighted_mean'
    """
    if not kept.any():
        return ()
    plain = float(per_sample[kept].mean())
    if not (math.isfinite(plain) and math.isfinite(loss)) or math.isclose(
        plain, loss, rel_tol=1e-9, abs_tol=1e-12
    ):
        return ()
    return (
        Note(
            "weighted_mean",
            f"With class weights, 'mean' is the weighted mean {loss:.4f} = sum of losses / sum "
            "of the target classes' weights, not the plain mean of the per-sample losses "
            f"({plain:.4f}).",
            {"loss": loss, "plain_mean": plain},
        ),
    )
