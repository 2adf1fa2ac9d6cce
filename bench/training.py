"""How long the training playground takes to train: the default run and a few sizes.

    python bench/training.py [--repeats 5] [--device cpu|cuda]

Each row trains a fresh ``lossviz.lessons.training.TrainingRun`` for its steps (full batch,
Adam) and reports the median wall-clock time of ``--repeats`` runs, and the time per step.
"1 thread" is how the app trains on a CPU (``lossviz.lessons.training.CPU_THREADS``); "all
threads" lets PyTorch use every core, for comparison. The page's default is two runs
(cross-entropy and focal loss) on 1,000 blob points for 300 steps, trained together by a
background thread
(``Comparison.start(background=True)``): its row is the time from Start until both are done.
The snapshot row is the time to compute what the charts draw (predictions on the points and on
the 80 x 80 decision-region grid).

The app's target: a few hundred steps on 1,000 points in a couple of seconds on a 2-core
machine. The timings depend on the machine and on its load (given in the header).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import torch
from benchlib import ROOT, Report, Stats, parser

sys.path.insert(0, str(ROOT))

from lossviz.device import default_device
from lossviz.lessons import training
from lossviz.lessons.datasets import make_dataset
from lossviz.lessons.training import Comparison, TrainingConfig, TrainingRun


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _timed(work: Callable[[], object], device: torch.device, repeats: int) -> Stats:
    """Median-ready timings of ``work`` (one untimed warm-up first)."""
    work()
    times = []
    for _ in range(repeats):
        _sync(device)
        start = time.perf_counter()
        work()
        _sync(device)
        times.append(time.perf_counter() - start)
    return Stats(tuple(times))


def _train(dataset, config: TrainingConfig, device: torch.device) -> Callable[[], object]:
    def work():
        run = TrainingRun(dataset, config, device)
        run.step(config.steps)
        return run.history  # copies the losses to the CPU: waits for the device

    return work


def _with_threads(threads: int, work: Callable[[], object]) -> Callable[[], object]:
    def wrapped():
        saved = training.CPU_THREADS
        training.CPU_THREADS = threads
        try:
            return work()
        finally:
            training.CPU_THREADS = saved

    return wrapped


def main() -> None:
    args = parser(__doc__)
    args.add_argument("--repeats", type=int, default=5, help="timed runs per row (median)")
    args.add_argument("--device", help="cpu, cuda, ... (default: lossviz.default_device())")
    options = args.parse_args()
    device = torch.device(options.device) if options.device else default_device()
    all_threads = torch.get_num_threads()
    report = Report("Training playground: training time")
    report.lines += [
        f"- device: {device}; float32; {options.repeats} timed runs per row (median)",
        f"- threads: 1 (the app) and all {all_threads} (PyTorch's default here)",
        "",
    ]
    report.start()

    blobs = make_dataset("blobs", points=1000, classes=3, imbalance=10.0)
    report.table(
        ["what", "points", "hidden", "steps", "1 thread: s", "ms/step", "all threads: s"], "lrrrrrr"
    )
    rows = [
        ("default, cross-entropy", blobs, TrainingConfig()),
        ("default, weighted cross-entropy", blobs, TrainingConfig(loss="weighted_cross_entropy")),
        ("default, focal (gamma 2)", blobs, TrainingConfig(loss="focal")),
        ("default, label smoothing 0.1", blobs, TrainingConfig(loss="label_smoothing")),
        ("spirals, focal", make_dataset("spirals", 1000, 3), TrainingConfig(loss="focal")),
        ("more points", make_dataset("blobs", 5000, 3), TrainingConfig(loss="focal")),
        ("the largest data set", make_dataset("blobs", 20_000, 3), TrainingConfig(steps=100)),
        ("a wider network", blobs, TrainingConfig(hidden=256, loss="focal")),
        ("more steps", blobs, TrainingConfig(steps=1000, loss="focal")),
    ]
    for name, dataset, config in rows:
        work = _train(dataset, config, device)
        one = _timed(_with_threads(1, work), device, options.repeats)
        every = _timed(_with_threads(all_threads, work), device, options.repeats)
        report.row(
            name,
            f"{dataset.num_points:,}",
            config.hidden,
            config.steps,
            one.seconds(),
            f"{one.median / config.steps * 1e3:.2f}",
            every.seconds(),
        )

    def page_default() -> Comparison:
        pair = Comparison(device)
        pair.configure(blobs, {"A": TrainingConfig(), "B": TrainingConfig(loss="focal")})
        pair.start(background=True)
        pair.wait()
        return pair

    both = _timed(page_default, device, options.repeats)
    snapshot = _timed(
        lambda: TrainingRun(blobs, TrainingConfig(), device).snapshot(), device, options.repeats
    )
    report.text(
        "",
        f"- the page's default, runs A and B (300 steps each) in the background thread: "
        f"**{both.seconds()} s** (min {both.min:.2f}, max {both.max:.2f})",
        f"- a new run and its snapshot (1,000 points, 80 x 80 grid): {snapshot.ms()} ms",
    )
    report.save(options.out)


if __name__ == "__main__":
    main()
