"""Hypothesis strategies that the core's property tests share."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays


@st.composite
def logits_and_labels(draw, max_classes: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """A float64 (N, C) logits matrix with 1 <= N <= 6, 2 <= C <= ``max_classes`` and entries
    in [-50, 50], and one class label in 0..C-1 per row."""
    n, c = draw(st.integers(1, 6)), draw(st.integers(2, max_classes))
    logits = draw(arrays(np.float64, (n, c), elements=st.floats(-50, 50, allow_nan=False)))
    labels = np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    return logits, labels
