"""The numbers behind each chart, as columns (name -> values) for a table widget.

Column names carry the class names as plain text; a table shows them as text, never as markup.
"""

from __future__ import annotations

import numpy as np

from lossviz.batch import Batch
from lossviz.softmax import SoftmaxResult

__all__ = ["batch_table", "softmax_table"]


def batch_table(batch: Batch, target_word: str) -> dict[str, np.ndarray]:
    """One row per sample: each class's logit, then the target label (or most likely class).

    >>> from lossviz.presets import preset
    >>> list(batch_table(preset("seed"), "target"))
    ['cat', 'dog', '猪八戒', 'target']
    """
    columns = {name: batch.logits[:, c] for c, name in enumerate(batch.class_names)}
    columns[target_word] = batch.labels
    return columns


def softmax_table(result: SoftmaxResult, sample: int, class_names, headers: dict[str, str]) -> dict:
    """One row per class for one sample: logit, z / T, the stable exponential, softmax, sigmoid.

    ``headers`` maps ``class``, ``logit``, ``scaled``, ``exp``, ``softmax``, ``sigmoid`` to the
    column titles in the page's language.
    """
    return {
        headers["class"]: list(class_names),
        headers["logit"]: result.logits[sample],
        headers["scaled"]: result.scaled[sample],
        headers["exp"]: result.shifted_exp[sample],
        headers["softmax"]: result.probs[sample],
        headers["sigmoid"]: result.sigmoid[sample],
    }
