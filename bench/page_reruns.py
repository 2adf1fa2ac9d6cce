"""Page rerun time, measured with Streamlit's AppTest: median and p95 per page.

    .venv/bin/python bench/page_reruns.py [--runs 30] [--samples 10000 --classes 100]

Each rerun changes one input (alternating two values) so the page really recomputes what the
change affects; cached core calls are reused as they are in the app. "script" is the time the
page script itself runs (what a rerun costs the server); "AppTest" is the wall-clock time of
``AppTest.run()``, which adds the test harness's own polling and message handling.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from apptest_utils import open_page  # noqa: E402

SCRIPT_TIMES: list[float] = []


def _timed_exec(code, namespace) -> None:
    start = time.perf_counter()
    try:
        exec(code, namespace)
    finally:
        SCRIPT_TIMES.append(time.perf_counter() - start)


# Streamlit runs app.py with exec() in its script runner: time exactly that (it includes the page).
importlib.import_module("streamlit.runtime.scriptrunner.script_runner").exec = _timed_exec

PAGES = {
    "home": ("pages/home.py", None),
    "softmax": ("pages/softmax.py", ("slider", "lv_temperature", 1.0, 1.5)),
    "cross-entropy": ("pages/cross_entropy.py", ("slider", "lv_smoothing", 0.0, 0.1)),
    "binary": ("pages/binary_cross_entropy.py", ("selectbox", "lv_reduction", "mean", "sum")),
    "gradients": ("pages/gradients.py", ("selectbox", "lv_reduction", "mean", "sum")),
    "entropy-kl": ("pages/entropy_kl.py", ("slider", "lv_smoothing", 0.0, 0.1)),
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


def measure(
    page: str, widget: tuple | None, runs: int, samples: int, classes: int
) -> tuple[list[float], list[float]]:
    at = open_page()
    if samples:
        at.number_input(key="lv_random_samples").set_value(samples)
        at.number_input(key="lv_random_classes").set_value(classes)
        at.button(key="lv_random_go").click().run()
    at.switch_page(page).run()
    if at.exception:
        raise SystemExit(f"{page}: {at.exception[0].message}")
    wall = []
    for i in range(runs + 2):
        try:
            _change(at, widget, i)
        except KeyError:
            widget = None  # this page has no such control: time plain reruns
        start = time.perf_counter()
        at.run()
        wall.append(time.perf_counter() - start)
    script = SCRIPT_TIMES[-len(wall) :]
    return script[2:], wall[2:]  # the first reruns fill the caches


def _ms(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1e3:.1f} | {p95 * 1e3:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--samples", type=int, default=0, help="a random batch of this size")
    parser.add_argument("--classes", type=int, default=3)
    args = parser.parse_args()
    batch = f"random {args.samples} x {args.classes}" if args.samples else "default (seed example)"
    print(f"# Page reruns, {batch}, {args.runs} runs each")
    print(f"# {platform.node()} · {platform.processor() or platform.machine()} · {date.today()}")
    print("| page | script median ms | script p95 ms | AppTest median ms | AppTest p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, (page, widget) in PAGES.items():
        script, wall = measure(page, widget, args.runs, args.samples, args.classes)
        print(f"| {name} | {_ms(script)} | {_ms(wall)} |")


if __name__ == "__main__":
    main()
