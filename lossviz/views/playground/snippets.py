"""PyTorch code for the training playground: the same data, initial weights, losses and Adam
steps as the page, so its loss curves come out the same."""

from __future__ import annotations

__all__ = ["playground_snippet"]


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
