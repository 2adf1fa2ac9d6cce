"""The softmax page's numbers for one sample, a row per class: the logit, z / T, the stable
exponential, softmax and sigmoid."""

from __future__ import annotations

from lossviz.softmax import SoftmaxResult

__all__ = ["softmax_table"]


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
