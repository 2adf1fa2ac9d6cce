"""The binary page's numbers for one sample, a row per class: sigmoid, the two logs and each
element's loss by BCEWithLogitsLoss and BCELoss."""

from __future__ import annotations

import numpy as np

from lossviz.results import BinaryResult

__all__ = ["binary_table"]


def binary_table(
    on_logits: BinaryResult,
    on_probs: BinaryResult | None,
    logits: np.ndarray,
    sample: int,
    class_names,
    headers: dict[str, str],
) -> dict:
    """One row per class for one sample: the logit, the target, the weights, sigmoid(x), the two
    stable logs and the loss of each element by BCEWithLogitsLoss and by BCELoss on sigmoid(x).

    ``headers`` maps ``class``, ``logit``, ``target``, ``weight``, ``pos_weight``, ``sigmoid``,
    ``log_sig``, ``log_one_minus``, ``logits_loss``, ``probs_loss`` and ``clamped`` to the column
    titles. Without ``on_probs`` (BCELoss refused the targets) its two columns are left out.

    >>> from lossviz.binary import binary_cross_entropy_with_logits as bce
    >>> table = binary_table(bce([[2.0, -1.0]], [[1.0, 0.0]], reduction="none"), None,
    ...     np.array([[2.0, -1.0]]), 0, ["a", "b"], {k: k for k in ("class", "logit", "target",
    ...     "weight", "pos_weight", "sigmoid", "log_sig", "log_one_minus", "logits_loss")})
    >>> list(table)[:3], np.round(table["logits_loss"], 4).tolist()
    (['class', 'logit', 'target'], [0.1269, 0.3133])
    """
    columns = {
        headers["class"]: list(class_names),
        headers["logit"]: np.asarray(logits)[sample],
        headers["target"]: on_logits.target[sample],
        headers["weight"]: on_logits.element_weight[sample],
        headers["pos_weight"]: on_logits.pos_weight[sample],
        headers["sigmoid"]: on_logits.probs[sample],
        headers["log_sig"]: on_logits.log_x[sample],
        headers["log_one_minus"]: on_logits.log_1mx[sample],
        headers["logits_loss"]: on_logits.per_sample[sample],
    }
    if on_probs is not None:
        columns[headers["probs_loss"]] = on_probs.per_sample[sample]
        columns[headers["clamped"]] = on_probs.clamped[sample]
    return columns
