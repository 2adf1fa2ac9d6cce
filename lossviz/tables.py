"""The numbers behind each chart, as columns (name -> values) for a table widget.

Column names carry the class names as plain text; a table shows them as text, never as markup.
"""

from __future__ import annotations

import numpy as np

from lossviz.batch import Batch
from lossviz.gradients import row_sums, true_class_points
from lossviz.kl import EntropyTerms, KLDivCalls
from lossviz.results import BinaryResult, CrossEntropyResult, KLDecomposition
from lossviz.softmax import SoftmaxResult

__all__ = [
    "batch_table",
    "binary_table",
    "cross_entropy_table",
    "entropy_batch_table",
    "entropy_class_table",
    "format_number",
    "gradient_batch_table",
    "gradient_sample_table",
    "infinity_as_text",
    "kl_div_calls_table",
    "softmax_table",
]


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


def format_number(value: float, digits: int = 4) -> str:
    """A number as plain text for captions and table cells: ``∞`` for infinity, never ``inf``.

    >>> format_number(0.4351), format_number(float("inf")), format_number(float("nan"))
    ('0.4351', '∞', 'NaN')
    >>> format_number(-1.5e-7), format_number(2.5e7)
    ('-1.500e-07', '2.500e+07')
    """
    value = float(value)
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 10 ** (-digits)):
        return f"{value:.{digits - 1}e}"
    return f"{value:.{digits}f}"


def infinity_as_text(columns: dict) -> dict:
    """The table with each column that holds an infinite value turned into text (``∞``).

    Other columns stay numbers, so the usual table, with finite values only, is unchanged.

    >>> infinity_as_text({"a": np.array([0.03333333, np.inf]), "b": np.array([1.5, 2.0])})
    {'a': ['0.0333333', '∞'], 'b': array([1.5, 2. ])}
    """
    result = {}
    for name, values in columns.items():
        array = np.asarray(values)
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            result[name] = [
                f"{v:.6g}" if np.isfinite(v) else format_number(v) for v in array.tolist()
            ]
        else:
            result[name] = values
    return result


def entropy_batch_table(
    decomposition: KLDecomposition,
    reverse: KLDecomposition,
    cross_entropy_loss: np.ndarray,
    headers: dict[str, str],
) -> dict:
    """One row per sample: H(p), KL(p || q), H(p, q), PyTorch's cross-entropy, KL(q || p).

    ``headers`` maps ``sample``, ``entropy``, ``kl``, ``cross_entropy``, ``pytorch`` and
    ``reverse`` to column titles.

    >>> from lossviz.kl import kl_decomposition
    >>> d = kl_decomposition([[0.2, 0.8]], [[0.5, 0.5]])
    >>> table = entropy_batch_table(d, kl_decomposition([[0.5, 0.5]], [[0.2, 0.8]]), [0.69],
    ...     {k: k for k in ("sample", "entropy", "kl", "cross_entropy", "pytorch", "reverse")})
    >>> [round(float(v[0]), 4) for v in table.values()]
    [0.0, 0.5004, 0.1927, 0.6931, 0.69, 0.2231]
    """
    return {
        headers["sample"]: np.arange(decomposition.entropy.shape[0]),
        headers["entropy"]: decomposition.entropy,
        headers["kl"]: decomposition.kl,
        headers["cross_entropy"]: decomposition.cross_entropy,
        headers["pytorch"]: np.asarray(cross_entropy_loss),
        headers["reverse"]: reverse.kl,
    }


def entropy_class_table(terms: EntropyTerms, class_names, headers: dict[str, str]) -> dict:
    """One row per class of one sample: p, q, their surprises and the terms of H, H(p, q), KL.

    ``terms`` holds one row (C,). ``headers`` maps ``class``, ``p``, ``q``, ``surprise_p``,
    ``surprise_q``, ``entropy``, ``cross_entropy`` and ``kl`` to column titles.
    """
    return {
        headers["class"]: list(class_names),
        headers["p"]: terms.p,
        headers["q"]: terms.q,
        headers["surprise_p"]: terms.surprise_p,
        headers["surprise_q"]: terms.surprise_q,
        headers["entropy"]: terms.entropy,
        headers["cross_entropy"]: terms.cross_entropy,
        headers["kl"]: terms.kl,
    }


#: The ``F.kl_div`` calls the entropy page compares, as code (names as in its snippet).
KL_DIV_CODE = {
    "right": 'F.kl_div(log_q, p, reduction="batchmean")',
    "swapped": 'F.kl_div(p.log(), q, reduction="batchmean")',
    "probabilities": 'F.kl_div(q, p, reduction="batchmean")',
    "mean": 'F.kl_div(log_q, p, reduction="mean")',
}


def kl_div_calls_table(calls: KLDivCalls, labels: dict[str, str], headers: dict[str, str]) -> dict:
    """The right ``kl_div`` call and three mistakes: what each is, its code and its value.

    ``labels`` maps ``right``, ``swapped``, ``probabilities`` and ``mean`` to what each call is;
    ``headers`` maps ``call``, ``code`` and ``value`` to column titles. Values are text
    (``∞`` stays ``∞``).

    >>> from lossviz.kl import kl_div_calls
    >>> calls = kl_div_calls([[0.0, 1.0]], [[-0.6931471805599453, -0.6931471805599453]])
    >>> table = kl_div_calls_table(calls, {k: k for k in KL_DIV_CODE},
    ...     {"call": "call", "code": "code", "value": "value"})
    >>> table["value"]
    ['0.6931', '∞', '-0.5000', '0.3466']
    """
    values = {
        "right": calls.right.loss,
        "swapped": calls.swapped_loss,
        "probabilities": calls.probabilities.loss,
        "mean": calls.mean.loss,
    }
    return {
        headers["call"]: [labels[key] for key in KL_DIV_CODE],
        headers["code"]: list(KL_DIV_CODE.values()),
        headers["value"]: [format_number(values[key]) for key in KL_DIV_CODE],
    }


def cross_entropy_table(batch: Batch, result: CrossEntropyResult, headers: dict[str, str]) -> dict:
    """One row per sample: logits and probabilities of each class, the target, the target's
    log-probability, the sample's weight, its loss, and whether it is ignored.

    ``headers`` maps ``sample``, ``logit``, ``prob``, ``target``, ``log_p``, ``weight``, ``loss``
    and ``ignored`` to the column titles in the page's language; class columns are titled
    ``"<logit> <class name>"`` and ``"<prob> <class name>"``. Probability targets get one
    ``"<target> <class name>"`` column per class and no log-probability column.

    >>> from lossviz import cross_entropy
    >>> from lossviz.presets import preset
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
