"""The sidebar's batch as a table, a row per sample: each class's logit, then the target (or
the most likely class)."""

from __future__ import annotations

import numpy as np

from lossviz.inputs.batch import Batch

__all__ = ["batch_table"]


def batch_table(batch: Batch, target_word: str) -> dict[str, np.ndarray]:
    """One row per sample: each class's logit, then the target label (or most likely class).

    >>> from lossviz.inputs.presets import preset
    >>> list(batch_table(preset("seed"), "target"))
    ['cat', 'dog', '猪八戒', 'target']
    """
    columns = {name: batch.logits[:, c] for c, name in enumerate(batch.class_names)}
    columns[target_word] = batch.labels
    return columns
