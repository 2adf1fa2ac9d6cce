"""Page rerun time, measured with Streamlit's AppTest: median and p95 per page.

    .venv/bin/python bench/page_reruns.py [--runs 30] [--samples 10000 --classes 100]

Each rerun changes one input (alternating two values) so the page really recomputes what the
change affects; cached core calls are reused as they are in the app. Times are wall-clock
seconds of ``AppTest.run()``, which includes Streamlit's own script-run overhead.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from apptest_utils import open_page  # noqa: E402

PAGES = {
    "home": ("pages/home.py", None),
    "softmax": ("pages/softmax.py", ("slider", "lv_temperature", 1.0, 1.5)),
    "cross-entropy": ("pages/cross_entropy.py", ("slider", "lv_smoothing", 0.0, 0.1)),
    "binary": ("pages/binary.py", ("selectbox", "lv_reduction", "mean", "sum")),
    "gradients": ("pages/gradients.py", ("selectbox", "lv_reduction", "mean", "sum")),
    "entropy-kl": ("pages/entropy.py", ("slider", "lv_smoothing", 0.0, 0.1)),
}


def _change(at, widget: tuple | None, i: int) -> None:
    if widget is None:
        return
    kind, key, first, second = widget
    element = getattr(at, kind)(key=key)
    value = second if i % 2 else first
    if kind == "selectbox":
        element.select(value)
    else:
        element.set_value(value)


def measure(page: str, widget: tuple | None, runs: int, samples: int, classes: int) -> list[float]:
    at = open_page()
    if samples:
        at.number_input(key="lv_random_samples").set_value(samples)
        at.number_input(key="lv_random_classes").set_value(classes)
        at.button(key="lv_random_go").click().run()
    at.switch_page(page).run()
    if at.exception:
        raise SystemExit(f"{page}: {at.exception[0].message}")
    times = []
    for i in range(runs + 2):
        try:
            _change(at, widget, i)
        except KeyError:
            widget = None  # this page has no such control: time plain reruns
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    return times[2:]  # the first reruns fill the caches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--samples", type=int, default=0, help="a random batch of this size")
    parser.add_argument("--classes", type=int, default=3)
    args = parser.parse_args()
    batch = f"random {args.samples} x {args.classes}" if args.samples else "default (seed example)"
    print(f"# Page reruns, {batch}, {args.runs} runs each")
    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · {date.today()}")
    print("| page | median ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for name, (page, widget) in PAGES.items():
        if not (ROOT / page).exists():
            continue
        times = sorted(measure(page, widget, args.runs, args.samples, args.classes))
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(
            f"| {name} | {statistics.median(times) * 1e3:.1f} | {p95 * 1e3:.1f} | "
            f"{times[-1] * 1e3:.1f} |"
        )


if __name__ == "__main__":
    main()
