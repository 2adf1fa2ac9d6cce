"""The cross-entropy page's numbers, a row per sample: logits and probabilities, the target's
log-probability, the weight and the loss."""

from __future__ import annotations

import numpy as np

from lossviz.inputs.batch import Batch
from lossviz.results import CrossEntropyResult

__all__ = ["cross_entropy_table"]


def cross_entropy_table(batch: Batch, result: CrossEntropyResult, headers: dict[str, str]) -> dict:
    """One row per sample: logits and probabilities of each class, the target, the target's
    log-probability, the sample's weight, its loss, and whether it is ignored.

    ``headers`` maps ``sample``, ``logit``, ``prob``, ``target``, ``log_p``, ``weight``, ``loss``
    and ``ignored`` to the column titles in the page's language; class columns are titled
    ``"<logit> <class name>"`` and ``"<prob> <class name>"``. Probability targets get one
    ``"<target> <class name>"`` column per class and no log-probability column.

    >>> from lossviz import cross_entropy
    >>> from lossviz.inputs.presets import preset
    >>> words = ["sample", "logit", "p", "target", "log p", "w", "loss", "ignored"]
    >>> headers = dict(zip(["sample", "logit", "prob", "target", "log_p", "weight", "loss",
    ...                     "ignored"], words))
    >>> table = cross_entropy_table(preset("seed"), cross_entropy([[1.3, 1.3, 2.6]], [2]), headers)
    >>> list(table)[:4], round(float(table["loss"][0]), 4)
    (['sample', 'logit cat', 'logit dog', 'logit 猪八戒'], 0.4351)
    """
    names = batch.class_names
    columns: dict = {headers["sample"]: np.arange(batch.num_samples)}
    for c, name in enumerate(names):
        columns[f"{headers['logit']} {name}"] = batch.logits[:, c]
    for c, name in enumerate(names):
        columns[f"{headers['prob']} {name}"] = result.probs[:, c]
    if result.soft_target:
        for c, name in enumerate(names):
            columns[f"{headers['target']} {name}"] = batch.target[:, c]
    else:
        columns[headers["target"]] = batch.target
        columns[headers["log_p"]] = result.target_log_prob
    columns[headers["weight"]] = result.sample_weight
    columns[headers["loss"]] = result.per_sample
    columns[headers["ignored"]] = result.ignored
    return columns
