"""Copyable PyTorch code that reproduces a page's numbers exactly.

Each snippet is self-contained: it builds the tensors in float64 (from the values, or from the
batch CSV the page offers for download when the batch is large) and calls PyTorch's own functions.
Tests run every snippet and compare its numbers with lossviz's.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "MAX_INLINE_VALUES",
    "batch_loader",
    "binary_snippet",
    "cross_entropy_snippet",
    "entropy_snippet",
    "gradients_snippet",
    "softmax_snippet",
    "tensor_literal",
]

#: Batches with more values than this are loaded from the downloaded CSV instead of inlined.
MAX_INLINE_VALUES = 400

CSV_NAME = "lossviz-batch.csv"


def tensor_literal(values: object, dtype: str = "torch.float64") -> str:
    """Python source for a tensor holding exactly ``values`` (shortest round-tripping floats).

    >>> tensor_literal([[1.3, 1.3, 2.6]])
    'torch.tensor([[1.3, 1.3, 2.6]], dtype=torch.float64)'
    >>> tensor_literal([2, 0], dtype="torch.long")
    'torch.tensor([2, 0], dtype=torch.long)'
    """
    array = np.asarray(values)
    if dtype == "torch.long":
        body = repr(array.astype(np.int64).tolist())
    else:
        body = repr(array.astype(np.float64).tolist())
    return f"torch.tensor({body}, dtype={dtype})"


def batch_loader(logits: np.ndarray, target: np.ndarray | None = None) -> str:
    """Lines that define ``logits`` (and ``target``): inline, or read from the batch CSV."""
    logits = np.asarray(logits)
    if logits.size <= MAX_INLINE_VALUES:
        lines = [f"logits = {tensor_literal(logits)}"]
        if target is not None:
            target = np.asarray(target)
            dtype = "torch.float64" if target.ndim == 2 else "torch.long"
            lines.append(f"target = {tensor_literal(target, dtype)}")
        return "\n".join(lines)
    c = logits.shape[1]
    lines = [
        f"# The batch is large: download it from the page as {CSV_NAME} first.",
        "import numpy as np",
        f"table = np.loadtxt({CSV_NAME!r}, delimiter=',', skiprows=1)",
        f"logits = torch.tensor(table[:, :{c}], dtype=torch.float64)",
    ]
    if target is not None:
        if np.asarray(target).ndim == 2:
            lines.append(f"target = torch.tensor(table[:, {c}:{2 * c}], dtype=torch.float64)")
        else:
            lines.append(f"target = torch.tensor(table[:, {c}], dtype=torch.long)")
    return "\n".join(lines)


def softmax_snippet(logits: np.ndarray, temperature: float) -> str:
    """Softmax and sigmoid of the batch at temperature T, as the softmax page shows them."""
    return "\n".join(
        [
            "import torch",
            "",
            batch_loader(logits),
            f"temperature = {float(temperature)!r}",
            "probs = torch.softmax(logits / temperature, dim=1)  # classes compete: rows sum to 1",
            "sigmoid = torch.sigmoid(logits / temperature)  # each value on its own",
            "print(probs)",
            "print(probs.sum(dim=1))",
        ]
    )


def gradients_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> str:
    """``loss.backward()`` through ``F.cross_entropy``, then the same gradient from its formula.

    The formula is :math:`(p - t) w_y / d` for labels without smoothing and
    :math:`(p \\sum_c w_c t_c - w \\odot t) / d` otherwise, as the gradients page shows it.
    """
    logits = np.asarray(logits)
    target = np.asarray(target)
    n, c = logits.shape
    soft = target.ndim == 2
    eps = float(label_smoothing)
    ignoring = not soft and 0 <= ignore_index < c
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        "torch.set_printoptions(precision=4, sci_mode=False)  # as the page shows numbers",
        batch_loader(logits, target),
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        "logits.requires_grad_()",
        "loss = F.cross_entropy(",
        f"    logits, target, weight=weight, ignore_index={int(ignore_index)},",
        f"    reduction={reduction!r}, label_smoothing={eps!r},",
        ")",
        "loss.sum().backward()  # 'none' gives one loss per sample: backward() needs their sum"
        if reduction == "none"
        else "loss.backward()",
        "print(loss)",
        "print(logits.grad)",
        "",
        "# The same gradient from its formula",
        "with torch.no_grad():",
        "    p = torch.softmax(logits, dim=1)",
        f"    C = {c}",
    ]
    w = "weight" if weight is not None else "torch.ones(C, dtype=torch.float64)"
    if soft:
        if eps:
            lines.append(f"    t = (1 - {eps!r}) * target + {eps!r} / C  # smoothed soft target")
        else:
            lines.append("    t = target  # class probabilities")
        lines.append(f"    w = {w}")
        if reduction == "mean":
            lines.append(f"    d = {float(n)!r}  # 'mean' with probability targets divides by N")
        else:
            lines.append("    d = 1.0  # 'sum' and 'none' do not divide")
        lines.append("    analytic = (p * (w * t).sum(dim=1, keepdim=True) - w * t) / d")
    else:
        onehot = "F.one_hot(target, num_classes=C).double()"
        if eps:
            lines.append(f"    t = (1 - {eps!r}) * {onehot} + {eps!r} / C  # smoothed target")
        else:
            lines.append(f"    t = {onehot}  # one-hot target")
        lines.append(f"    w = {w}")
        lines.append("    w_y = w[target]  # each sample's weight")
        if ignoring:
            lines.append(f"    kept = target != {int(ignore_index)}")
            lines.append("    w_y = w_y * kept  # ignored samples weigh 0")
            lines.append("    t = t * kept[:, None]  # and have no target")
        if reduction == "mean":
            lines.append("    d = w_y.sum()  # 'mean' divides by the summed weights of the samples")
        else:
            lines.append("    d = 1.0  # 'sum' and 'none' do not divide")
        if eps:
            numerator = "(p * (w * t).sum(dim=1, keepdim=True) - w * t)"
        else:
            numerator = "(p - t) * w_y[:, None]"
        if ignoring and reduction == "mean":
            lines.append(
                f"    analytic = {numerator} / d if d > 0 else torch.zeros_like(p)"
                "  # all ignored: 0"
            )
        else:
            lines.append(f"    analytic = {numerator} / d")
    lines += ["print(analytic)", "print((analytic - logits.grad).abs().max())"]
    return "\n".join(lines)


def entropy_snippet(logits: np.ndarray, target: np.ndarray, smoothing: float) -> str:
    """Entropy, cross-entropy and KL per sample, the right ``F.kl_div`` call and three mistakes.

    ``target`` holds class labels (N,) or probability rows (N, C), as the batch does.
    """
    soft = np.asarray(target).ndim == 2
    return "\n".join(
        [
            "import math",
            "",
            "import torch",
            "import torch.nn.functional as F",
            "",
            batch_loader(logits, target),
            f"smoothing = {float(smoothing)!r}",
            "C = logits.shape[1]",
            "",
            "log_q = F.log_softmax(logits, dim=1)  # the model: log q",
            "q = log_q.exp()  # q = softmax(logits)",
            "p = target.clone()  # the target distribution"
            if soft
            else "p = F.one_hot(target, C).to(torch.float64)  # the target distribution",
            "p = (1 - smoothing) * p + smoothing / C  # label smoothing",
            "",
            "# natural logarithms: nats; torch.xlogy takes 0 log 0 = 0",
            "# (+ 0.0 prints 0 rather than -0)",
            "entropy = -torch.xlogy(p, p).sum(dim=1) + 0.0  # H(p)",
            "cross_entropy = -torch.xlogy(p, q).sum(dim=1) + 0.0  # H(p, q)",
            "kl = (torch.xlogy(p, p) - torch.xlogy(p, q)).sum(dim=1)  # KL(p || q)",
            "reverse_kl = (torch.xlogy(q, q) - torch.xlogy(q, p)).sum(dim=1)  # KL(q || p)",
            'print("H(p)      ", entropy)',
            'print("H(p, q)   ", cross_entropy)',
            'print("KL(p||q)  ", kl)',
            'print("KL(q||p)  ", reverse_kl)',
            'print("in bits   ", entropy / math.log(2), cross_entropy / math.log(2), '
            "kl / math.log(2))",
            "",
            "# PyTorch's cross-entropy per sample is H(p) + KL(p || q)",
            "pytorch_ce = F.cross_entropy(logits, target, label_smoothing=smoothing, "
            'reduction="none")',
            'print("F.cross_entropy", pytorch_ce)',
            "",
            "# kl_div: log-probabilities first, the target second; 'batchmean' divides by N",
            'right = F.kl_div(log_q, p, reduction="batchmean")  # the mean KL(p || q)',
            'swapped = F.kl_div(p.log(), q, reduction="batchmean")  # (a) KL(q || p)',
            'as_probs = F.kl_div(q, p, reduction="batchmean")  # (b) probabilities as input',
            'mean = F.kl_div(log_q, p, reduction="mean")  # (c) divides by N * C (and warns)',
            'print("kl_div", right, swapped, as_probs, mean)',
        ]
    )


def cross_entropy_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> str:
    """``F.cross_entropy`` with the page's options, then the same value as LogSoftmax + NLL.

    It defines ``loss`` (PyTorch's fused call), ``log_probs``, ``steps`` (the same loss built
    step by step) and, for class labels, ``nll`` (``F.nll_loss`` on the log-probabilities).
    """
    target = np.asarray(target)
    soft = target.ndim == 2
    eps = float(label_smoothing)
    options = f"weight=weight, ignore_index={int(ignore_index)}, reduction={reduction!r}"
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        batch_loader(logits, target),
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        "",
        "loss = F.cross_entropy(",
        f"    logits, target, {options},",
        f"    label_smoothing={eps!r},",
        ")",
        "print(loss)",
    ]
    if reduction == "none":
        lines.append("print(loss.sum())  # 'none' gives one loss per sample; the page adds them")
    lines += [
        "",
        "# Step by step: LogSoftmax through the log-sum-exp, then the negative log-likelihood",
        "lse = torch.logsumexp(logits, dim=1, keepdim=True)",
        "log_probs = logits - lse  # = F.log_softmax(logits, dim=1)",
    ]
    if soft:
        n, c = np.asarray(logits).shape
        w = "weight" if weight is not None else "torch.ones(C, dtype=torch.float64)"
        q = f"(1 - {eps!r}) * target + {eps!r} / C  # smoothed target" if eps else "target"
        lines += [
            "# Probability targets: NLLLoss takes class labels only, so sum over the classes",
            f"C = {c}",
            f"q = {q}",
            f"per_sample = -({w} * q * log_probs).sum(dim=1)",
        ]
        if reduction == "mean":
            lines.append(f"steps = per_sample.sum() / {n}  # 'mean' divides by N here")
        elif reduction == "sum":
            lines.append("steps = per_sample.sum()")
        else:
            lines.append("steps = per_sample")
        lines.append("print(steps)  # equals loss")
        return "\n".join(lines)
    lines += [
        f"nll = F.nll_loss(log_probs, target, {options})",
        "print(nll)  # equals loss" if not eps else "print(nll)  # NLLLoss has no smoothing",
    ]
    if eps:
        lines += [
            "# Smoothing mixes the one-hot target with the uniform one (label_smoothing=1.0)",
            "uniform = F.cross_entropy(",
            f"    logits, target, {options}, label_smoothing=1.0",
            ")",
            f"steps = (1 - {eps!r}) * nll + {eps!r} * uniform",
        ]
    else:
        lines.append("steps = nll")
    lines.append("print(steps)  # equals loss")
    return "\n".join(lines)


def binary_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    pos_weight: np.ndarray | None,
    reduction: str,
    target_in_batch: bool = True,
) -> str:
    """BCEWithLogitsLoss on the logits, BCELoss on their sigmoid, and the sigmoid-twice mistake.

    ``target`` is the batch's class labels (N,), turned into one-hot rows with ``F.one_hot``, or
    an (N, C) table of targets: the batch's own (``target_in_batch``, read with the batch) or
    typed on the page (always inlined). It defines ``loss`` (``binary_cross_entropy_with_logits``),
    ``probs``, ``bce`` (``binary_cross_entropy`` on ``probs``; ``None`` when a target lies outside
    [0, 1], which BCELoss refuses) and ``twice`` (the logits version on ``probs``).
    """
    target = np.asarray(target)
    c = np.asarray(logits).shape[1]
    lines = ["import torch", "import torch.nn.functional as F", ""]
    if target_in_batch:
        lines.append(batch_loader(logits, target))
    else:
        lines += [batch_loader(logits), f"target = {tensor_literal(target)}"]
    if target.ndim == 1:
        lines.append(
            f"target = F.one_hot(target, num_classes={c}).to(torch.float64)"
            "  # one yes/no target per class"
        )
    lines += [
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        f"pos_weight = {tensor_literal(pos_weight)}  # multiplies the y = 1 term"
        if pos_weight is not None
        else "pos_weight = None",
        "",
        "# BCEWithLogitsLoss: on the logits, stable (a log-sigmoid inside)",
        "loss = F.binary_cross_entropy_with_logits(",
        f"    logits, target, weight=weight, pos_weight=pos_weight, reduction={reduction!r}",
        ")",
        "print(loss)",
    ]
    if reduction == "none":
        lines.append("print(loss.sum())  # 'none' gives one loss per element; the page adds them")
    lines += [
        "",
        "# BCELoss: on probabilities, as a model with a sigmoid output gives them (no pos_weight)",
        "probs = torch.sigmoid(logits)",
    ]
    if target.ndim == 2 and bool(((target < 0) | (target > 1)).any()):
        lines += [
            "# A target lies outside [0, 1]: F.binary_cross_entropy refuses it (an error)",
            "bce = None",
        ]
    else:
        lines += [
            f"bce = F.binary_cross_entropy(probs, target, weight=weight, reduction={reduction!r})",
            "print(bce)",
        ]
    lines += [
        "",
        "# The mistake: a sigmoid before BCEWithLogitsLoss applies it twice",
        "twice = F.binary_cross_entropy_with_logits(",
        f"    probs, target, weight=weight, pos_weight=pos_weight, reduction={reduction!r}",
        ")",
        "print(twice)",
    ]
    return "\n".join(lines)
