"""Core throughput: lossviz.cross_entropy against PyTorch's own fused cross-entropy, as a ratio.

    .venv/bin/python bench/core_throughput.py [--device cpu|cuda] [--repeats 7]
        [--sizes 3x3,64x10,...] [--variants plain,weight,smoothing,soft] [--profile]
        [--out FILE]

For each variant and size (N samples x C classes, float64 logits, labels uniform in 0..C-1) it
times three things, taking turns so that a busy machine slows each of them alike:

- lossviz: ``lossviz.cross_entropy(logits, target, ...)`` from NumPy arrays to the full result
  (every step, PyTorch's fused reference and gradient, the notes, all as NumPy): what the app
  calls. It runs on ``--device`` (``LOSSVIZ_DEVICE`` is set to it).
- fused: PyTorch's ``F.cross_entropy`` forward and ``.backward()`` on the same device and dtype,
  from a leaf tensor already on the device with ``requires_grad`` and the target (and weight)
  already there. Its ``.grad`` is cleared before each run, so backward allocates it as in a
  fresh training step; on CUDA the run ends with ``torch.cuda.synchronize()``.
- fused+io: the same, plus bringing the NumPy arrays in (``torch.as_tensor``, which is free on
  the CPU) and the loss and gradient back out (``.item()``, ``.grad.cpu().numpy()``).

"ratio" is lossviz / fused, the issue's budget (at most 1.5 at 16M logits); "ratio io" is
lossviz / fused+io. Times are per call: the median over ``--repeats`` samples, and the spread
as the 25th-75th percentiles; a sample of a small size averages as many calls as fit in 20 ms.
Variants: plain (index targets), weight (class weights), smoothing (label_smoothing=0.1),
soft (class-probability targets). With ``--device cuda`` lossviz is also timed on the CPU, and
the device ``lossviz.device.default_device`` picks for the size is shown, which is how the
size threshold of the device policy is checked on a GPU. ``--profile`` counts the operators
(and on CUDA the kernels and copies) one call launches, per size.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lossviz  # noqa: E402
from lossviz.device import ENV_VAR, default_device  # noqa: E402

SIZES = "3x3,64x10,1000x1000,4000x4000,16000x1000,160000x100"
VARIANTS = ("plain", "weight", "smoothing", "soft")
SMOOTHING = 0.1
SAMPLE_SECONDS = 0.02
#: Top-level operators that launch no kernel of their own: views, conversions, allocations.
NO_KERNEL = {
    "aten::alias",
    "aten::as_strided",
    "aten::detach",
    "aten::empty",
    "aten::expand",
    "aten::item",
    "aten::lift_fresh",
    "aten::requires_grad_",
    "aten::resolve_conj",
    "aten::resolve_neg",
    "aten::select",
    "aten::slice",
    "aten::squeeze",
    "aten::to",
    "aten::unsqueeze",
    "aten::view",
}


def _shape(text: str) -> tuple[int, int]:
    samples, classes = (int(part) for part in text.lower().split("x"))
    return samples, classes


def _inputs(variant: str, n: int, c: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, dict]:
    """Logits, target and the keyword options of one variant, as NumPy."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0.0, 3.0, size=(n, c))
    if variant == "soft":
        target = rng.normal(size=(n, c))
        np.exp(target, out=target)
        target /= target.sum(axis=1, keepdims=True)
    else:
        target = rng.integers(0, c, size=n)
    options: dict = {}
    if variant == "weight":
        options["weight"] = rng.uniform(0.5, 2.0, size=c)
    elif variant == "smoothing":
        options["label_smoothing"] = SMOOTHING
    return logits, target, options


def _sync(device: torch.device) -> Callable[[], None]:
    return torch.cuda.synchronize if device.type == "cuda" else lambda: None


def _calls(device, logits, target, options) -> dict[str, Callable[[], object]]:
    """The timed calls: lossviz, PyTorch fused on the device, and fused with the copies."""
    sync = _sync(device)
    x = torch.as_tensor(logits, device=device).requires_grad_(True)
    t = torch.as_tensor(target, device=device)
    fused_options = dict(options)
    if "weight" in options:
        fused_options["weight"] = torch.as_tensor(options["weight"], device=device)

    def fused() -> None:
        x.grad = None
        F.cross_entropy(x, t, **fused_options).backward()
        sync()

    def fused_io() -> np.ndarray:
        xi = torch.as_tensor(logits, device=device).requires_grad_(True)
        ti = torch.as_tensor(target, device=device)
        io_options = dict(options)
        if "weight" in options:
            io_options["weight"] = torch.as_tensor(options["weight"], device=device)
        loss = F.cross_entropy(xi, ti, **io_options)
        loss.backward()
        loss.item()
        return xi.grad.cpu().numpy()

    return {
        "lossviz": lambda: lossviz.cross_entropy(logits, target, **options),
        "fused": fused,
        "fused+io": fused_io,
    }


@contextlib.contextmanager
def _on(device: str | None):
    """LOSSVIZ_DEVICE set to ``device`` (unset for None: the policy chooses) for the block."""
    saved = os.environ.get(ENV_VAR)
    if device is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = device
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = saved


def _inner(call: Callable[[], object]) -> int:
    """How many calls make one sample of about SAMPLE_SECONDS (1 for slow calls)."""
    start = time.perf_counter()
    call()
    once = time.perf_counter() - start
    return max(1, min(1000, int(SAMPLE_SECONDS / max(once, 1e-7))))


def measure(calls: dict[str, tuple[str | None, Callable]], repeats: int) -> dict[str, list[float]]:
    """Seconds per call of each (LOSSVIZ_DEVICE, call), ``repeats`` samples, taken in turns."""
    inner = {}
    for name, (env, call) in calls.items():
        with _on(env):
            call()  # warm up
            inner[name] = _inner(call)
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, (env, call) in calls.items():
            with _on(env):
                start = time.perf_counter()
                for _ in range(inner[name]):
                    call()
                times[name].append((time.perf_counter() - start) / inner[name])
    return times


def _ms(values: list[float]) -> str:
    median = statistics.median(values)
    if len(values) >= 4:
        low, _, high = statistics.quantiles(values, n=4)
    else:
        low, high = min(values), max(values)
    digits = 3 if median < 0.01 else 1
    return f"{median * 1e3:.{digits}f} ({low * 1e3:.{digits}f}-{high * 1e3:.{digits}f})"


def _header(args: argparse.Namespace, device: torch.device) -> list[str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    gpu = f"; GPU {torch.cuda.get_device_name(device)}" if device.type == "cuda" else ""
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    command = shlex.join(["python", "bench/core_throughput.py", *sys.argv[1:]])
    return [
        "## Core throughput: lossviz.cross_entropy vs PyTorch's fused cross-entropy",
        "",
        f"- command: `{command}`",
        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} CPUs, {cpu}{gpu}; load average at start {load}",
        f"- software: Python {platform.python_version()}, torch {torch.__version__} "
        f"({torch.get_num_threads()} threads), NumPy {np.__version__}",
        f"- device: {device}, float64; {args.repeats} samples per cell, "
        "median (25th-75th percentile) in ms per call",
    ]


class Report:
    """Lines printed as they come, and kept for ``--out``."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, *lines: str) -> None:
        self.lines += lines
        print(*lines, sep="\n", flush=True)

    def save(self, path: Path | None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def _profile_row(device: torch.device, variant: str, n: int, c: int) -> str:
    """What one lossviz call launches: operators, backward nodes (and CUDA kernels and copies)."""
    from torch.profiler import ProfilerActivity, profile

    logits, target, options = _inputs(variant, n, c)
    activities = [ProfilerActivity.CPU]
    if device.type == "cuda":
        activities.append(ProfilerActivity.CUDA)
    with _on(str(device)):
        lossviz.cross_entropy(logits, target, **options)
        with profile(activities=activities) as prof:
            lossviz.cross_entropy(logits, target, **options)
    events = prof.events()
    ops = sum(
        1
        for e in events
        if e.name.startswith("aten::") and e.cpu_parent is None and e.name not in NO_KERNEL
    )
    backward = sum(1 for e in events if e.name.startswith("autograd::engine::evaluate_function"))
    line = f"| {variant} | {n}x{c} | {ops} | {backward} |"
    if device.type == "cuda":
        on_gpu = [e for e in events if "cuda" in str(getattr(e, "device_type", "")).lower()]
        copies = sum(1 for e in on_gpu if "memcpy" in e.name.lower())
        kernels = sum(1 for e in on_gpu if "mem" not in e.name.lower())
        line += f" {kernels} | {copies} |"
    return line


def main() -> None:
    lines = (__doc__ or "").strip().splitlines()
    args = argparse.ArgumentParser(
        description=lines[0],
        epilog="\n".join(lines[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    choices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    args.add_argument("--device", default="cpu", choices=choices)
    args.add_argument("--repeats", type=int, default=7, help="samples per cell (default 7)")
    args.add_argument("--sizes", default=SIZES, help=f"N x C, comma-separated (default {SIZES})")
    args.add_argument(
        "--variants", default=",".join(VARIANTS), help="any of " + ", ".join(VARIANTS)
    )
    args.add_argument("--profile", action="store_true", help="count what one call launches")
    args.add_argument("--out", type=Path, help="also write the markdown report to this file")
    options = args.parse_args()
    device = torch.device(options.device)
    sizes = [_shape(s) for s in options.sizes.split(",")]
    variants = options.variants.split(",")
    if unknown := set(variants) - set(VARIANTS):
        args.error(f"unknown variant(s): {', '.join(sorted(unknown))}")
    report = Report()
    report(*_header(options, device))

    if options.profile:
        cuda = device.type == "cuda"
        report(
            "",
            "What one `lossviz.cross_entropy` call launches: top-level operators that compute "
            "(views and conversions left out) and backward nodes"
            + (", CUDA kernels and copies:" if cuda else ":"),
            "",
            "| variant | N x C | ops | backward |" + (" kernels | copies |" if cuda else ""),
            "|---|---|---:|---:|" + ("---:|---:|" if cuda else ""),
        )
        for variant in variants:
            for n, c in sizes:
                report(_profile_row(device, variant, n, c))
        report.save(options.out)
        return

    gpu = device.type == "cuda"
    header = ["variant", "N x C", "logits", "lossviz", "fused", "fused+io", "ratio", "ratio io"]
    if gpu:
        header += ["lossviz on cpu", "policy picks"]
    report("", "| " + " | ".join(header) + " |", "|---|---|" + "---:|" * (len(header) - 2))
    for variant in variants:
        for n, c in sizes:
            logits, target, call_options = _inputs(variant, n, c)
            calls = _calls(device, logits, target, call_options)
            timed = {name: (str(device), call) for name, call in calls.items()}
            if gpu:
                timed["lossviz on cpu"] = ("cpu", calls["lossviz"])
            times = measure(timed, options.repeats)
            lossviz_s = statistics.median(times["lossviz"])
            cells = [
                variant,
                f"{n}x{c}",
                f"{n * c:,}",
                _ms(times["lossviz"]),
                _ms(times["fused"]),
                _ms(times["fused+io"]),
                f"{lossviz_s / statistics.median(times['fused']):.2f}",
                f"{lossviz_s / statistics.median(times['fused+io']):.2f}",
            ]
            if gpu:
                with _on(None):
                    picked = default_device(n * c)
                cells += [_ms(times["lossviz on cpu"]), str(picked)]
            report("| " + " | ".join(cells) + " |")
            del logits, target, calls, timed
    report.save(options.out)


if __name__ == "__main__":
    main()
