"""Copyable PyTorch code that reproduces a page's numbers exactly.

Each snippet is self-contained: it builds the tensors in float64 (from the values, or from the
batch CSV the page offers for download when the batch is large) and calls PyTorch's own functions.
Tests run every snippet and compare its numbers with lossviz's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from lossviz.mistakes import Demonstration

__all__ = [
    "MAX_INLINE_VALUES",
    "batch_loader",
    "binary_snippet",
    "cross_entropy_snippet",
    "entropy_snippet",
    "gradients_snippet",
    "imbalance_snippet",
    "mistake_snippet",
    "playground_snippet",
    "regression_snippet",
    "softmax_snippet",
    "stability_snippet",
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


def regression_snippet(
    input: np.ndarray, target: np.ndarray, reduction: str, beta: float, delta: float
) -> str:
    """The four regression losses of the typed predictions ``x`` and targets ``y``, with the
    gradients on ``x`` and the identity SmoothL1(beta) = Huber(delta=beta) / beta.

    It defines ``mse``, ``l1``, ``smooth_l1`` and ``huber`` (the losses as PyTorch returns them),
    ``grads`` (function name -> the gradient on ``x`` that ``backward()`` gives; for 'none', of
    the sum) and ``huber_over_beta`` (``None`` when beta = 0, where smooth L1 is L1).
    """
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        f"x = {tensor_literal(np.asarray(input, dtype=np.float64).ravel())}"
        ".requires_grad_()  # predictions (input)",
        f"y = {tensor_literal(np.asarray(target, dtype=np.float64).ravel())}  # targets",
        f"beta, delta = {float(beta)!r}, {float(delta)!r}",
        "",
        f"mse = F.mse_loss(x, y, reduction={reduction!r})",
        f"l1 = F.l1_loss(x, y, reduction={reduction!r})",
        f"smooth_l1 = F.smooth_l1_loss(x, y, reduction={reduction!r}, beta=beta)",
        f"huber = F.huber_loss(x, y, reduction={reduction!r}, delta=delta)",
        "losses = dict(mse_loss=mse, l1_loss=l1, smooth_l1_loss=smooth_l1, huber_loss=huber)",
        "grads = {}",
        "for name, loss in losses.items():",
        "    print(name, loss.detach())",
        "    (grads[name],) = torch.autograd.grad(loss.sum(), x)  # = x.grad after backward()",
        "    print('  gradient on x:', grads[name])",
        "",
    ]
    if beta > 0:
        lines += [
            "# SmoothL1 with beta is Huber with delta = beta, divided by beta",
            f"huber_over_beta = F.huber_loss(x, y, reduction={reduction!r}, delta=beta) / beta",
            "print(smooth_l1.detach(), huber_over_beta.detach())",
        ]
    else:
        lines += [
            "# beta = 0: smooth_l1_loss is l1_loss (there is no quadratic part)",
            "huber_over_beta = None",
        ]
    return "\n".join(lines)


def imbalance_snippet(
    logits: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray | None,
    reduction: str,
    gamma: float,
    alpha: np.ndarray | None,
    label_smoothing: float,
) -> str:
    """The imbalance page in PyTorch: cross-entropy without and with class weights, the focal
    loss (in its usual formulation through ``F.cross_entropy``) and label smoothing.

    It defines ``plain`` and ``weighted`` (``F.cross_entropy`` without and with ``weight``),
    ``focal`` (the focal loss, reduced like the page's) and ``smoothed``
    (``F.cross_entropy`` with ``label_smoothing``).
    """
    target = np.asarray(target)
    soft = target.ndim == 2
    eps = float(label_smoothing)
    reduce = {"mean": ".mean()", "sum": ".sum()", "none": ""}[reduction]
    lines = [
        "import torch",
        "import torch.nn.functional as F",
        "",
        batch_loader(logits, target),
        f"reduction = {reduction!r}",
        "",
        "# 1. Class weights: 'mean' divides by the summed weights of the targets",
        f"weight = {tensor_literal(weight)}" if weight is not None else "weight = None",
        "plain = F.cross_entropy(logits, target, reduction=reduction)",
        "weighted = F.cross_entropy(logits, target, weight=weight, reduction=reduction)",
        "print(plain, weighted)",
        "",
        "# 2. Focal loss (not in PyTorch itself): alpha[y] * (1 - p_t)^gamma * CE",
        "labels = target.argmax(dim=1)  # the most likely class of each target row"
        if soft
        else "labels = target",
        f"gamma = {float(gamma)!r}",
        f"alpha = {tensor_literal(alpha)}" if alpha is not None else "alpha = None",
        'ce = F.cross_entropy(logits, labels, reduction="none")',
        "p_t = torch.exp(-ce)",
        "per_sample = (1 - p_t) ** gamma * ce",
        "if alpha is not None:",
        "    per_sample = alpha[labels] * per_sample",
        f"focal = per_sample{reduce}  # 'mean' is the plain mean, even with alpha",
        "print(focal)",
        "",
        "# 3. Label smoothing: the true class gets 1 - eps + eps / C, every other class eps / C",
        f"smoothed = F.cross_entropy(logits, target, reduction=reduction, label_smoothing={eps!r})",
        "print(smoothed)",
    ]
    if reduction == "none":
        lines.append("print(weighted.sum(), focal.sum(), smoothed.sum())  # the page adds them")
    return "\n".join(lines)


# playground page
def _playground_loss(name: str, config, num_classes: int) -> list[str]:
    """The definition of ``loss_<name>(logits, y)`` for one run's configuration."""
    function = f"def loss_{name.lower()}(logits, y):"
    if config.loss == "weighted_cross_entropy":
        return [
            f"counts = torch.bincount(y, minlength={num_classes}).clamp(min=1)",
            f"weight_{name.lower()} = (len(y) / ({num_classes} * counts.double())).float()"
            "  # w_c = N / (C n_c)",
            "",
            "",
            function,
            f"    return F.cross_entropy(logits, y, weight=weight_{name.lower()})",
        ]
    if config.loss == "focal":
        return [
            function,
            f"    # focal loss, gamma = {config.focal_gamma!r}: (1 - p_t)^gamma * CE, averaged",
            '    ce = F.cross_entropy(logits, y, reduction="none")',
            "    p_t = torch.exp(-ce)",
            f"    return ((1 - p_t) ** {float(config.focal_gamma)!r} * ce).mean()",
        ]
    if config.loss == "label_smoothing":
        return [
            function,
            f"    return F.cross_entropy(logits, y, label_smoothing={float(config.smoothing)!r})",
        ]
    return [function, "    return F.cross_entropy(logits, y)"]


def playground_snippet(num_classes: int, configs: dict, csv_name: str) -> str:
    """The playground's training loop in plain PyTorch: the same data (from the page's CSV),
    the same initial weights, the same losses and Adam steps, so ``losses_a`` and ``losses_b``
    are the page's loss curves. ``configs`` maps run names ("A", "B") to ``TrainingConfig``.
    """
    lines = [
        f"# The data set: download it from the page as {csv_name} first.",
        "import math",
        "",
        "import numpy as np",
        "import torch",
        "import torch.nn.functional as F",
        "",
        "torch.set_num_threads(1)  # as the page trains: small matrices, one thread",
        f"table = np.loadtxt({csv_name!r}, delimiter=',', skiprows=1)",
        "x = torch.tensor(table[:, :2], dtype=torch.float32)",
        "y = torch.tensor(table[:, 2], dtype=torch.long)  # the labels, after any label noise",
        "",
        "",
        "def make_model(seed, hidden):",
        "    # PyTorch's default initialisation, drawn from a seeded generator",
        "    generator = torch.Generator().manual_seed(seed)",
        "    layers = []",
        f"    for fan_in, fan_out in ((2, hidden), (hidden, {num_classes})):",
        "        layer = torch.nn.utils.skip_init(torch.nn.Linear, fan_in, fan_out)",
        "        bound = 1 / math.sqrt(fan_in)",
        "        with torch.no_grad():",
        "            layer.weight.uniform_(-bound, bound, generator=generator)",
        "            layer.bias.uniform_(-bound, bound, generator=generator)",
        "        layers.append(layer)",
        "    return torch.nn.Sequential(layers[0], torch.nn.ReLU(), layers[1])",
        "",
        "",
        "def train(loss_fn, seed, hidden, lr, steps):",
        "    model = make_model(seed, hidden)",
        "    optimizer = torch.optim.Adam(model.parameters(), lr=lr)",
        "    losses = []",
        "    for _ in range(steps):",
        "        loss = loss_fn(model(x), y)  # full batch",
        "        optimizer.zero_grad()",
        "        loss.backward()",
        "        optimizer.step()",
        "        losses.append(loss.item())",
        "    return model, losses",
    ]
    for name, config in configs.items():
        lines += ["", "", *_playground_loss(name, config, num_classes)]
    lines.append("")
    for name, config in configs.items():
        low = name.lower()
        lines += [
            "",
            f"model_{low}, losses_{low} = train(loss_{low}, seed={config.seed}, "
            f"hidden={config.hidden}, lr={float(config.lr)!r}, steps={config.steps})",
            f"print({name!r}, losses_{low}[0], losses_{low}[-1])",
        ]
    return "\n".join(lines) + "\n"


def mistake_snippet(demo: Demonstration) -> str:
    """A mistake's demonstration as one script: its setup, then each call and what it gives.

    A call that PyTorch refuses runs inside ``try``/``except`` and prints the error; a call
    whose gradient the page shows runs ``backward()`` and prints ``logits.grad``. Each line
    printed reads ``case: value`` (or ``case: Error: message``), as the page shows it.
    """
    sections = (
        ("# For comparison", demo.reference),
        ("# Wrong", demo.wrong),
        ("# Right", demo.right),
    )
    lines = [demo.setup]
    for heading, calls in sections:
        if not calls:
            continue
        lines += ["", heading]
        for call in calls:
            if call.raised:
                lines += [
                    "try:",
                    f"    {call.code}",
                    "except (RuntimeError, IndexError) as error:",
                    f"    print({call.case + ':'!r}, type(error).__name__ + ':', error)",
                ]
            elif call.grad is not None:
                lines += [
                    f"loss = {call.code}",
                    "loss.backward()",
                    f"print({call.case + ':'!r}, loss.item(), logits.grad.tolist())",
                    "logits.grad = None",
                ]
            else:
                lines.append(f"print({call.case + ':'!r}, ({call.code}).item())")
    return "\n".join(lines) + "\n"


# --- numerical stability page ---------------------------------------------------------------

#: The three routes of the stability page, each as the few lines a learner writes.
STABILITY_ROUTE_CODE = {
    "naive": (
        "e = torch.exp(x)\np = e / e.sum(dim=1, keepdim=True)\nloss = F.nll_loss(torch.log(p), y)"
    ),
    "softmax_log": "q = torch.softmax(x, dim=1)\nloss = F.nll_loss(torch.log(q), y)",
    "fused": "loss = F.cross_entropy(x, y)",
}


def stability_snippet(row: np.ndarray, label: int, scale: float, dtype: str, sample: int) -> str:
    """One sample's loss by the three routes at scale ``s`` in ``dtype``, with their gradients,
    then BCELoss on ``sigmoid(x)`` beside BCEWithLogitsLoss, as the stability page shows them.

    The inf and NaN values appear as PyTorch prints them. Each loss is a variable: ``naive``,
    ``softmax_log``, ``fused``, ``bce``, ``bce_logits``; each gradient ``x1.grad`` ... ``x5.grad``;
    each route's lines are those of ``STABILITY_ROUTE_CODE`` with ``x`` its own copy.
    """
    row = np.asarray(row, dtype=np.float64)
    return "\n".join(
        [
            "import torch",
            "import torch.nn.functional as F",
            "",
            f"dtype = torch.{dtype}  # try torch.{'float64' if dtype == 'float32' else 'float32'}",
            f"z = {tensor_literal(row[None, :], 'dtype')}  # sample {int(sample)}'s logits",
            f"y = torch.tensor([{int(label)}])  # its label",
            f"scale = {float(scale)!r}",
            "x = z * scale",
            "",
            "# 1. The definition, by hand: exp, divide by the sum, log",
            "x1 = x.clone().requires_grad_()",
            "e = torch.exp(x1)",
            "p = e / e.sum(dim=1, keepdim=True)",
            "naive = F.nll_loss(torch.log(p), y)",
            "naive.backward()",
            "",
            "# 2. torch.softmax (stable inside), then torch.log",
            "x2 = x.clone().requires_grad_()",
            "q = torch.softmax(x2, dim=1)",
            "softmax_log = F.nll_loss(torch.log(q), y)",
            "softmax_log.backward()",
            "",
            "# 3. Fused: cross_entropy takes log_softmax with the maximum subtracted",
            "x3 = x.clone().requires_grad_()",
            "fused = F.cross_entropy(x3, y)",
            "fused.backward()",
            "",
            'print("exp(x):", e.tolist())',
            'print("p by hand:", p.tolist())',
            'print("torch.softmax:", q.tolist())',
            "for name, loss, leaf in [",
            '    ("by hand", naive, x1), ("softmax, log", softmax_log, x2), ("fused", fused, x3)',
            "]:",
            '    print(f"{name}: loss {loss.item()}, gradient {leaf.grad.tolist()}")',
            "",
            "# Each class as a yes/no question: BCELoss clamps log at -100, BCEWithLogitsLoss",
            "# never forms sigmoid(x)",
            f"t = F.one_hot(y, num_classes={row.size}).to(dtype)",
            "x4 = x.clone().requires_grad_()",
            'bce = F.binary_cross_entropy(torch.sigmoid(x4), t, reduction="none")',
            "bce.sum().backward()",
            "x5 = x.clone().requires_grad_()",
            'bce_logits = F.binary_cross_entropy_with_logits(x5, t, reduction="none")',
            "bce_logits.sum().backward()",
            'print("sigmoid(x):", torch.sigmoid(x).tolist())',
            'print("BCELoss:", bce.tolist(), "gradient", x4.grad.tolist())',
            'print("BCEWithLogitsLoss:", bce_logits.tolist(), "gradient", x5.grad.tolist())',
        ]
    )
