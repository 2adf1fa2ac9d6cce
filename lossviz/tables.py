"""The numbers behind each chart, as columns (name -> values) for a table widget.

Column names carry the class names as plain text; a table shows them as text, never as markup.
"""

from __future__ import annotations

import numpy as np

from lossviz.batch import Batch
from lossviz.gradients import row_sums, true_class_points
from lossviz.kl import EntropyTerms, KLDivCalls
from lossviz.mistakes import Demonstration
from lossviz.results import BinaryResult, CrossEntropyResult, KLDecomposition
from lossviz.softmax import SoftmaxResult
from lossviz.stability import DTYPES, EVENTS, ROUTES, STATUSES, BinarySteps, Failure, RouteSteps

__all__ = [
    "batch_table",
    "binary_table",
    "compact_number",
    "cross_entropy_table",
    "entropy_batch_table",
    "entropy_class_table",
    "format_number",
    "gradient_batch_table",
    "gradient_sample_table",
    "imbalance_class_table",
    "imbalance_focal_table",
    "imbalance_smoothing_table",
    "infinity_as_text",
    "kl_div_calls_table",
    "line_fit_table",
    "mistake_calls_table",
    "playground_class_table",
    "regression_table",
    "softmax_table",
    "stability_batch_table",
    "stability_binary_table",
    "stability_failures_table",
    "stability_steps_table",
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


def regression_table(
    input: np.ndarray,
    target: np.ndarray,
    results: dict,
    labels: dict[str, str],
    headers: dict[str, str],
) -> dict:
    """One row per element: x, y, the error x - y, then each loss's value and the gradient on x
    that ``backward()`` gives (``results`` maps function names to ``RegressionResult``).

    ``labels`` maps the function names to short names (``MSE``); ``headers`` maps ``element``,
    ``input``, ``target``, ``error``, ``loss`` and ``grad`` to the column titles.

    >>> from lossviz.regression import LOSS_LABELS, regression_losses
    >>> results = regression_losses([1.0, 2.0], [0.0, 5.0], "sum")
    >>> table = regression_table([1.0, 2.0], [0.0, 5.0], results, LOSS_LABELS,
    ...     {k: k for k in ("element", "input", "target", "error", "loss", "grad")})
    >>> list(table)[3:7], table["MSE loss"].tolist(), table["L1 grad"].tolist()
    (['error', 'MSE loss', 'MSE grad', 'L1 loss'], [1.0, 9.0], [1.0, -1.0])
    """
    first = next(iter(results.values()))
    columns = {
        headers["element"]: np.arange(first.error.size),
        headers["input"]: np.asarray(input, dtype=np.float64).ravel(),
        headers["target"]: np.asarray(target, dtype=np.float64).ravel(),
        headers["error"]: first.error.ravel(),
    }
    for name, result in results.items():
        columns[f"{labels[name]} {headers['loss']}"] = result.per_sample.ravel()
        columns[f"{labels[name]} {headers['grad']}"] = result.grad.ravel()
    return columns


def line_fit_table(
    fits: dict, outlier_index: int, labels: dict[str, str], headers: dict[str, str]
) -> dict:
    """One row per loss: the fitted slope and intercept, the mean loss at the fit, and the
    outlier's error and pull (``fits`` maps function names to ``lossviz.fitting.LineFit``).

    ``headers`` maps ``loss``, ``slope``, ``intercept``, ``objective``, ``error`` and ``pull``
    to the column titles.

    >>> from lossviz.fitting import fit_lines
    >>> from lossviz.regression import LOSS_LABELS
    >>> fits = fit_lines([0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 5.0, 7.0, 30.0])
    >>> table = line_fit_table(fits, 4, LOSS_LABELS, {k: k for k in ("loss", "slope",
    ...     "intercept", "objective", "error", "pull")})
    >>> table["loss"], np.round(table["slope"], 4).tolist(), np.round(table["pull"], 4).tolist()
    (['MSE', 'L1', 'SmoothL1', 'Huber'], [6.2, 2.0, 2.5, 2.5], [-16.8, -1.0, -1.0, -1.0])
    """
    rows = list(fits.values())
    return {
        headers["loss"]: [labels[fit.loss] for fit in rows],
        headers["slope"]: np.array([fit.slope for fit in rows]),
        headers["intercept"]: np.array([fit.intercept for fit in rows]),
        headers["objective"]: np.array([fit.objective for fit in rows]),
        headers["error"]: np.array([fit.error[outlier_index] for fit in rows]),
        headers["pull"]: np.array([fit.pull[outlier_index] for fit in rows]),
    }


def imbalance_class_table(
    class_names,
    counts: np.ndarray,
    scheme_weights: np.ndarray,
    used_weights: np.ndarray,
    plain,
    weighted,
    headers: dict[str, str],
) -> dict:
    """One row per class: its count, the scheme's weight, the weight compared, and the class's
    share of the loss and gradient push without and with that weight (``plain`` and
    ``weighted`` are ``lossviz.imbalance.ClassBreakdown``).

    ``headers`` maps ``class``, ``count``, ``scheme``, ``weight``, ``share_plain``,
    ``share_weighted``, ``push_plain`` and ``push_weighted`` to column titles.

    >>> from lossviz.imbalance import class_breakdown
    >>> b = class_breakdown([1.0, 2.0], [[0.3, -0.3], [-0.4, 0.4]], [0, 1], 2.0, 2)
    >>> keys = ["class", "count", "scheme", "weight", "share_plain", "share_weighted",
    ...         "push_plain", "push_weighted"]
    >>> table = imbalance_class_table(["a", "b"], b.counts, np.ones(2), np.ones(2), b, b,
    ...                               {k: k for k in keys})
    >>> list(table) == keys, table["share_plain"].tolist()
    (True, [0.5, 1.0])
    """
    return {
        headers["class"]: list(class_names),
        headers["count"]: np.asarray(counts),
        headers["scheme"]: np.asarray(scheme_weights),
        headers["weight"]: np.asarray(used_weights),
        headers["share_plain"]: plain.loss_share,
        headers["share_weighted"]: weighted.loss_share,
        headers["push_plain"]: plain.grad_norm,
        headers["push_weighted"]: weighted.grad_norm,
    }


def imbalance_focal_table(
    labels: np.ndarray, class_names, result, comparison, headers: dict[str, str]
) -> dict:
    """One row per sample: its class, :math:`p_t`, the cross-entropy, :math:`(1 - p_t)^\\gamma`,
    :math:`\\alpha_t`, the focal loss and focal / CE (``result`` is a ``FocalResult``,
    ``comparison`` a ``lossviz.imbalance.FocalComparison``).

    ``headers`` maps ``sample``, ``class``, ``pt``, ``ce``, ``factor``, ``alpha``, ``focal``,
    ``ratio`` to column titles.

    >>> from lossviz.focal import focal_loss
    >>> from lossviz.imbalance import focal_comparison
    >>> r = focal_loss([[1.3, 1.3, 2.6]], [2])
    >>> c = focal_comparison(r.target_prob, r.ce, r.modulating_factor, r.alpha_t)
    >>> keys = ["sample", "class", "pt", "ce", "factor", "alpha", "focal", "ratio"]
    >>> table = imbalance_focal_table(np.array([2]), ["a", "b", "c"], r, c, {k: k for k in keys})
    >>> table["class"], np.round(table["focal"], 4).tolist()
    (['c'], [0.0541])
    """
    labels = np.asarray(labels)
    return {
        headers["sample"]: np.arange(labels.shape[0]),
        headers["class"]: [str(class_names[int(c)]) for c in labels],
        headers["pt"]: result.target_prob,
        headers["ce"]: result.ce,
        headers["factor"]: result.modulating_factor,
        headers["alpha"]: result.alpha_t,
        headers["focal"]: result.per_sample,
        headers["ratio"]: comparison.ratio,
    }


def imbalance_smoothing_table(
    class_names,
    given: np.ndarray,
    smoothed: np.ndarray,
    probs: np.ndarray,
    terms: np.ndarray,
    grad: np.ndarray,
    headers: dict[str, str],
) -> dict:
    """One row per class for one sample: the given target, the smoothed target, the
    probability, the class's share of the loss :math:`-q_c \\log p_c` and the gradient
    :math:`p_c - q_c`.

    ``headers`` maps ``class``, ``given``, ``smoothed``, ``p``, ``term``, ``grad``.

    >>> keys = ["class", "given", "smoothed", "p", "term", "grad"]
    >>> table = imbalance_smoothing_table(["a", "b"], np.array([0.0, 1.0]), np.array([0.05, 0.95]),
    ...     np.array([0.3, 0.7]), np.array([0.06, 0.34]), np.array([0.25, -0.25]),
    ...     {k: k for k in keys})
    >>> list(table) == keys, table["smoothed"].tolist()
    (True, [0.05, 0.95])
    """
    return {
        headers["class"]: list(class_names),
        headers["given"]: np.asarray(given),
        headers["smoothed"]: np.asarray(smoothed),
        headers["p"]: np.asarray(probs),
        headers["term"]: np.asarray(terms),
        headers["grad"]: np.asarray(grad),
    }


def mistake_calls_table(
    demo: Demonstration, labels: dict[str, str], roles: dict[str, str], headers: dict[str, str]
) -> dict:
    """One row per call of a mistake's demonstration: wrong or right, what it is, its code and
    what PyTorch gave (the value, or the error it raised).

    ``labels`` maps each call's case to its name, ``roles`` maps ``reference``, ``wrong`` and
    ``right`` to words; ``headers`` maps ``role``, ``case``, ``code``, ``result``.

    >>> from lossviz.mistakes import demonstrate
    >>> demo = demonstrate("targets_not_class_indices")
    >>> table = mistake_calls_table(demo, {c.case: c.case for c in demo.calls},
    ...     {"reference": "ref", "wrong": "wrong", "right": "right"},
    ...     {k: k for k in ["role", "case", "code", "result"]})
    >>> table["result"][3], table["result"][4], table["role"][4]
    ('IndexError: Target 3 is out of bounds.', '0.3920', 'right')
    """
    rows = [
        (role, call)
        for role, calls in (
            ("reference", demo.reference),
            ("wrong", demo.wrong),
            ("right", demo.right),
        )
        for call in calls
    ]
    return {
        headers["role"]: [roles[role] for role, _ in rows],
        headers["case"]: [labels[call.case] for _, call in rows],
        headers["code"]: [call.code for _, call in rows],
        headers["result"]: [
            call.error if call.raised else format_number(call.value) for _, call in rows
        ],
    }


# playground page
def playground_class_table(
    drawn: np.ndarray,
    labelled: np.ndarray,
    snapshots: dict,
    class_names,
    headers: dict[str, str],
) -> dict:
    """One row per class: points drawn from it, points labelled it (after label noise), then each
    run's accuracy on the class and the mean probability its points give it.

    ``snapshots`` maps run names to ``TrainingSnapshot``; ``headers`` maps ``class``, ``drawn``,
    ``labelled``, ``accuracy`` and ``true_prob`` to column titles, the last two with a ``{run}``
    placeholder.

    >>> from types import SimpleNamespace
    >>> run = SimpleNamespace(per_class_accuracy=np.array([1.0, 0.5]),
    ...     per_class_true_prob=np.array([0.9, 0.4]))
    >>> headers = {"class": "c", "drawn": "n", "labelled": "l", "accuracy": "acc {run}",
    ...     "true_prob": "p {run}"}
    >>> list(playground_class_table([3, 2], [3, 2], {"A": run}, ["a", "b"], headers))
    ['c', 'n', 'l', 'acc A', 'p A']
    """
    columns: dict = {
        headers["class"]: list(class_names),
        headers["drawn"]: np.asarray(drawn),
        headers["labelled"]: np.asarray(labelled),
    }
    for name, snapshot in snapshots.items():
        columns[headers["accuracy"].format(run=name)] = snapshot.per_class_accuracy
        columns[headers["true_prob"].format(run=name)] = snapshot.per_class_true_prob
    return columns


# --- numerical stability page ---------------------------------------------------------------


def stability_steps_table(steps: RouteSteps, class_names, headers: dict[str, str]) -> dict:
    """One row per class of one sample: the logit x, then each route's steps and gradient.

    ``headers`` maps ``class``, ``x``, ``exp``, ``naive_p``, ``naive_log_p``, ``softmax_p``,
    ``softmax_log_p``, ``log_softmax``, ``naive_grad``, ``softmax_grad`` and ``fused_grad`` to
    column titles. Columns holding inf or NaN hold text (``∞``, ``NaN``).

    >>> from lossviz.stability import softmax_routes
    >>> keys = ["class", "x", "exp", "naive_p", "naive_log_p", "softmax_p", "softmax_log_p",
    ...     "log_softmax", "naive_grad", "softmax_grad", "fused_grad"]
    >>> table = stability_steps_table(softmax_routes([1.3, 1.3, 2.6], 0, 40.0, "float32"),
    ...     ["a", "b", "c"], {k: k for k in keys})
    >>> table["exp"], table["naive_p"], table["log_softmax"].tolist()
    (['3.83101e+22', '3.83101e+22', '∞'], ['0', '0', 'NaN'], [-52.0, -52.0, 0.0])
    """
    return infinity_as_text(
        {
            headers["class"]: list(class_names),
            headers["x"]: steps.logits,
            headers["exp"]: steps.exp,
            headers["naive_p"]: steps.naive_probs,
            headers["naive_log_p"]: steps.naive_log_probs,
            headers["softmax_p"]: steps.softmax_probs,
            headers["softmax_log_p"]: steps.softmax_log_probs,
            headers["log_softmax"]: steps.log_probs,
            headers["naive_grad"]: steps.naive_grad,
            headers["softmax_grad"]: steps.softmax_grad,
            headers["fused_grad"]: steps.grad,
        }
    )


def compact_number(value: float) -> str:
    """A number in at most 6 significant digits, ``∞`` and ``NaN`` as such (for captions).

    >>> compact_number(260.0), compact_number(2.6e-23), compact_number(float("-inf"))
    ('260', '2.6e-23', '-∞')
    """
    value = float(value)
    return f"{value:.6g}" if np.isfinite(value) else format_number(value)


def _failure_text(failure: Failure) -> str:
    """A first failure as text: its scale, ``≤`` the bottom of the range, or ``—`` (never)."""
    if not failure.found:
        return "—"
    if np.isnan(failure.last_good):
        return f"≤ {failure.scale:.6g}"
    return f"{failure.scale:.6g}"


def stability_failures_table(
    failures, words: dict[str, str], headers: dict[str, str]
) -> dict[str, list]:
    """One row per dtype and route: the smallest scale at which each event first happens.

    ``—`` means not up to the top of the range, ``≤ s`` already at its bottom, and an empty cell
    an event the route cannot have. ``words`` maps the dtypes and routes to text; ``headers``
    maps ``dtype``, ``route`` and each event of ``lossviz.stability.EVENTS`` to column titles.

    >>> from lossviz.stability import first_failures
    >>> keys = ["dtype", "route", "overflow", "zero", "nan", "loss", "grad"]
    >>> table = stability_failures_table(first_failures([1.3, 1.3, 2.6], 2),
    ...     {k: k for k in ("float32", "float64", "naive", "softmax_log", "fused")},
    ...     {k: k for k in keys})
    >>> table["route"][:3], table["overflow"][:3], table["grad"][:3]
    (['naive', 'softmax_log', 'fused'], ['34.1242', '', ''], ['34.1242', '79.9785', '—'])
    """
    events = EVENTS["naive"]
    rows: dict = {}
    for failure in failures:
        rows.setdefault((failure.dtype, failure.route), {})[failure.event] = failure
    columns: dict[str, list] = {headers["dtype"]: [], headers["route"]: []}
    for event in events:
        columns[headers[event]] = []
    for (dtype, route), by_event in rows.items():
        columns[headers["dtype"]].append(words[dtype])
        columns[headers["route"]].append(words[route])
        for event in events:
            cell = _failure_text(by_event[event]) if event in by_event else ""
            columns[headers[event]].append(cell)
    return columns


def stability_binary_table(steps: BinarySteps, class_names, headers: dict[str, str]) -> dict:
    """One row per class of one sample, as a yes/no question against its one-hot target:
    σ(x), the two logs before the clamp, BCELoss and its gradient, BCEWithLogitsLoss and its
    gradient.

    ``headers`` maps ``class``, ``x``, ``t``, ``p``, ``log_p``, ``log_one_minus_p``,
    ``clamped``, ``bce``, ``bce_grad``, ``with_logits`` and ``with_logits_grad`` to column
    titles. σ(x) is text with 9 significant digits, so 0.999999881 is not shown as 1.

    >>> from lossviz.stability import binary_routes
    >>> keys = ["class", "x", "t", "p", "log_p", "log_one_minus_p", "clamped", "bce",
    ...     "bce_grad", "with_logits", "with_logits_grad"]
    >>> table = stability_binary_table(binary_routes([1.3, 1.3, 2.6], 0, 10.0, "float32"),
    ...     ["a", "b", "c"], {k: k for k in keys})
    >>> table["p"], table["log_one_minus_p"][2], table["bce"].tolist()[2]
    (['0.999997735', '0.999997735', '1'], '-∞', 100.0)
    """
    return infinity_as_text(
        {
            headers["class"]: list(class_names),
            headers["x"]: steps.logits,
            headers["t"]: steps.target,
            headers["p"]: [f"{value:.9g}" for value in steps.probs.tolist()],
            headers["log_p"]: steps.log_p,
            headers["log_one_minus_p"]: steps.log_one_minus_p,
            headers["clamped"]: steps.clamped,
            headers["bce"]: steps.bce,
            headers["bce_grad"]: steps.bce_grad,
            headers["with_logits"]: steps.with_logits,
            headers["with_logits_grad"]: steps.with_logits_grad,
        }
    )


def stability_batch_table(counts: dict, words: dict[str, str], headers: dict[str, str]) -> dict:
    """One row per route and dtype: how many samples of the batch end in each outcome.

    ``words`` maps routes and dtypes to text; ``headers`` maps ``route``, ``dtype`` and each
    outcome of ``lossviz.stability.STATUSES`` to column titles.

    >>> from lossviz.stability import batch_status
    >>> status = batch_status([[1.3, 1.3, 2.6], [0.0, 1.0, -1.0]], [2, 0], 40.0)
    >>> keys = ["route", "dtype", "ok", "grad", "inf", "nan"]
    >>> table = stability_batch_table(status.counts, {k: k for k in ("float32", "float64",
    ...     "naive", "softmax_log", "fused")}, {k: k for k in keys})
    >>> table["route"][:2], table["ok"][:2], table["nan"][:2]
    (['naive', 'naive'], [1, 2], [1, 0])
    """
    columns: dict[str, list] = {headers["route"]: [], headers["dtype"]: []}
    for outcome in STATUSES:
        columns[headers[outcome]] = []
    for route in ROUTES:
        for dtype in DTYPES:
            columns[headers["route"]].append(words[route])
            columns[headers["dtype"]].append(words[dtype])
            for outcome in STATUSES:
                columns[headers[outcome]].append(counts[dtype][route][outcome])
    return columns
