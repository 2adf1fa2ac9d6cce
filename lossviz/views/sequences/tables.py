"""The numbers behind the charts of the sequences page, as columns (name -> values): one row
per token or pixel.

Words and class names are plain text; a table shows them as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lossviz.inputs.elements import ElementBatch
from lossviz.results import CrossEntropyResult

__all__ = ["element_table"]


def element_table(
    batch: ElementBatch, result: CrossEntropyResult, headers: Mapping[str, str]
) -> dict:
    """One row per element, in the batch's order: where it sits, its word (tokens), its label
    and that label's class (``headers["ignored"]`` where the label is ignored), the target's
    log-probability, the weight :math:`w_y` it carries in the mean (0 where ignored), its loss.

    ``headers`` maps ``sample``, ``position`` (tokens) or ``row`` and ``column`` (pixels),
    ``word``, ``label``, ``class``, ``log_p``, ``weight``, ``loss`` and ``ignored`` to the
    column titles in the page's language.

    >>> from lossviz import cross_entropy
    >>> batch = ElementBatch.from_text("tokens", "a/0: 1 2 | <pad>/-100: 0 0", "x, y")
    >>> keys = ["sample", "position", "word", "label", "class", "log_p", "weight", "loss",
    ...         "ignored"]
    >>> result = cross_entropy(batch.logits, batch.labels)
    >>> table = element_table(batch, result, dict(zip(keys, keys)))
    >>> table["word"], table["class"], table["weight"].tolist()
    (['a', '<pad>'], ['x', 'ignored'], [1.0, 0.0])
    """
    shape = batch.element_shape
    where = np.indices(shape).reshape(len(shape), -1)
    labels = batch.labels.ravel()
    ignored = np.asarray(result.ignored).ravel()
    names = batch.class_names
    columns: dict = {headers["sample"]: where[0]}
    if batch.kind == "tokens":
        columns[headers["position"]] = where[1]
        columns[headers["word"]] = [str(word) for word in batch.words.ravel()]
    else:
        columns[headers["row"]] = where[1]
        columns[headers["column"]] = where[2]
    columns[headers["label"]] = labels
    columns[headers["class"]] = [
        headers["ignored"] if left_out else names[label]
        for label, left_out in zip(labels.tolist(), ignored.tolist(), strict=True)
    ]
    columns[headers["log_p"]] = np.asarray(result.target_log_prob).ravel()
    columns[headers["weight"]] = np.asarray(result.sample_weight).ravel()
    columns[headers["loss"]] = np.asarray(result.per_sample).ravel()
    return columns
