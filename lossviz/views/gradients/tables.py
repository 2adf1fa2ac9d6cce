"""The gradients page's numbers: one sample's analytic and autograd gradients a row per
class, and the whole batch's gradient a row per sample."""

from __future__ import annotations

import numpy as np

from lossviz.lessons.gradients import row_sums, true_class_points
from lossviz.results import CrossEntropyResult

__all__ = [
    "gradient_batch_table",
    "gradient_sample_table",
]


def gradient_sample_table(
    result: CrossEntropyResult,
    sample: int,
    class_names,
    class_weight: np.ndarray | None,
    headers: dict[str, str],
) -> dict:
    """One row per class for one sample: p, the target, the weights, d, the analytic gradient,
    autograd's and their difference.

    ``headers`` maps ``class``, ``p``, ``t``, ``w_class``, ``w_y``, ``d``, ``analytic``,
    ``autograd``, ``difference`` to column titles; the class weight column is left out when
    there are no class weights.

    >>> from lossviz.cross_entropy import cross_entropy
    >>> r = cross_entropy([[1.3, 1.3, 2.6]], [2])
    >>> table = gradient_sample_table(r, 0, ["a", "b", "c"], None, {k: k for k in [
    ...     "class", "p", "t", "w_class", "w_y", "d", "analytic", "autograd", "difference"]})
    >>> list(table)
    ['class', 'p', 't', 'w_y', 'd', 'analytic', 'autograd', 'difference']
    >>> table["autograd"].round(4).tolist()
    [0.1764, 0.1764, -0.3528]
    """
    c = result.probs.shape[1]
    columns: dict = {
        headers["class"]: list(class_names),
        headers["p"]: result.probs[sample],
        headers["t"]: result.target_probs[sample],
    }
    if class_weight is not None:
        columns[headers["w_class"]] = np.asarray(class_weight, dtype=np.float64)
    columns[headers["w_y"]] = np.full(c, float(result.sample_weight[sample]))
    columns[headers["d"]] = np.full(c, float(result.denominator))
    columns[headers["analytic"]] = result.analytic_grad[sample]
    columns[headers["autograd"]] = result.grad[sample]
    columns[headers["difference"]] = np.abs(result.analytic_grad[sample] - result.grad[sample])
    return columns


def gradient_batch_table(result: CrossEntropyResult, class_names, headers: dict[str, str]) -> dict:
    """One row per sample: the true class, its probability, the gradient on every logit, the row
    sum (0 up to rounding) and whether the sample is ignored.

    ``headers`` maps ``sample``, ``target``, ``p_y``, ``grad`` (a template with ``{name}``),
    ``row_sum``, ``ignored`` to column titles.

    >>> from lossviz.cross_entropy import cross_entropy
    >>> r = cross_entropy([[1.3, 1.3, 2.6]], [2])
    >>> table = gradient_batch_table(r, ["a", "b", "c"], {"sample": "n", "target": "y",
    ...     "p_y": "p_y", "grad": "dL/dz {name}", "row_sum": "sum", "ignored": "ignored"})
    >>> list(table)
    ['n', 'y', 'p_y', 'dL/dz a', 'dL/dz b', 'dL/dz c', 'sum', 'ignored']
    """
    points = true_class_points(result)
    columns: dict = {
        headers["sample"]: np.arange(result.probs.shape[0]),
        headers["target"]: points.labels,
        headers["p_y"]: points.prob,
    }
    for c, name in enumerate(class_names):
        columns[headers["grad"].format(name=name)] = result.grad[:, c]
    columns[headers["row_sum"]] = row_sums(result.grad)
    columns[headers["ignored"]] = np.asarray(result.ignored, dtype=bool)
    return columns
