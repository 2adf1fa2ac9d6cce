"""Cold start: from starting the server to the first page drawn in headless Chromium.

    python bench/cold_start.py [--runs 3] [--launchers streamlit,serve] [--delay 10] [--path ""]

Part 1 times imports, each in a fresh interpreter (``python -c "import X"``), against the
interpreter's own start (``python -c pass``).

Part 2 starts the server, waits for /_stcore/health to answer, opens the page in a fresh browser
session and waits until it is drawn (the title is drawn and the script state is notRunning).
Chromium is started beforehand and is not part of the time. Each launcher is timed with a visitor
who comes as soon as the server answers ("at once") and one who comes ``--delay`` seconds later:

- streamlit: ``python -m streamlit run app.py``, as the Dockerfile runs it;
- serve: ``python serve.py``, the same with the app's imports warmed in the background once the
  server answers, and the garbage collector's post-run collection made cheap (see serve.py).

Columns: start -> health (the process starts until the health check answers); request -> drawn
(the browser asks for the page until it is drawn), split in the page's own clock into: the
document and scripts loaded (DOMContentLoaded), the websocket opened, the first message of the
script run, drawn; start -> drawn (at once only: the whole cold start); next visitor (a second
fresh session on the same server, request -> drawn: what every later visitor gets).

One server start that is not counted comes first, so files are in the system's cache, as they
are for a server started any time after the first install. The server runs with the Dockerfile's
settings (no file watcher) on a free loopback port.

Budget: start -> drawn under 5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from benchlib import ROOT, Report, Stats, parser, running_app

sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_utils import launch_chromium
from playwright.sync_api import Browser, sync_playwright

BUDGET = 5.0
IMPORTS = {
    "interpreter start (`pass`)": "pass",
    "`import torch`": "import torch",
    "`import streamlit`": "import streamlit",
    "`import lossviz`": "import lossviz",
    "app.py's imports (`import lossviz.ui.frame`)": "import lossviz.ui.frame",
}
DRAWN = """() => document.querySelector('[data-testid=stMain] h1') !== null &&
  document.querySelector('[data-testid=stApp]')
    .getAttribute('data-test-script-state') === 'notRunning'"""
# When the page opens its websocket and gets its first message (set before the app loads).
WEBSOCKET_LOG = """(() => {
  const Native = window.WebSocket;
  const log = (window.__lvWs = {opened: null, first: null});
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => { log.opened ??= performance.now(); });
      this.addEventListener('message', () => { log.first ??= performance.now(); });
    }
  };
})();"""
MILESTONES = """() => ({
  loaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
  opened: window.__lvWs.opened,
  first: window.__lvWs.first,
  drawn: performance.now(),
})"""


def import_times(runs: int) -> dict[str, Stats]:
    result = {}
    for name, code in IMPORTS.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        result[name] = Stats(tuple(times))
    return result


@dataclass
class Start:
    health: float
    request: float  # request -> drawn
    total: float | None  # start -> drawn, for a visitor who comes at once
    milestones: dict[str, float]  # ms from the request, in the page's clock
    next_visitor: float


def _open(browser: Browser, url: str) -> tuple[float, dict[str, float]]:
    """Open ``url`` in a fresh session; (seconds until drawn, the page's milestones in ms)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.add_init_script(WEBSOCKET_LOG)
        start = time.perf_counter()
        page.goto(url, timeout=120_000)
        page.wait_for_function(DRAWN, timeout=120_000, polling=20)
        elapsed = time.perf_counter() - start
        return elapsed, page.evaluate(MILESTONES)
    finally:
        context.close()


def cold_start(browser: Browser, launcher: str, path: str, delay: float) -> Start:
    start = time.perf_counter()
    with running_app(launcher) as server:
        if delay:
            time.sleep(delay)
        request, milestones = _open(browser, f"{server.url}/{path}")
        total = time.perf_counter() - start if not delay else None
        next_visitor, _ = _open(browser, f"{server.url}/{path}")
    return Start(server.health, request, total, milestones, next_visitor)


def _spread(values: list[float]) -> str:
    """Median (min–max), in seconds."""
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    args = parser(__doc__)
    args.add_argument("--runs", type=int, default=3, help="server starts per launcher and visitor")
    args.add_argument("--import-runs", type=int, default=5, help="interpreters per import")
    args.add_argument("--launchers", default="streamlit,serve", help="streamlit, serve or both")
    args.add_argument("--delay", type=float, default=10.0, help="the later visitor's delay (s)")
    args.add_argument("--path", default="", help="the page to open first (URL path; home: '')")
    options = args.parse_args()
    report = Report("Cold start: server start to first page drawn")
    report.lines += [
        f"- {options.runs} server starts per launcher and visitor, after one not counted; "
        f"page /{options.path}; times in s, median (min–max)",
    ]
    report.start()

    report.text("", f"### Imports, each in a fresh interpreter ({options.import_runs} runs)")
    report.table(["import", "median s", "min s", "max s", "less interpreter start s"], "lrrrr")
    imports = import_times(options.import_runs)
    interpreter = next(iter(imports.values())).median
    for name, stats in imports.items():
        extra = f"{stats.median - interpreter:.2f}" if stats.median != interpreter else ""
        report.row(name, stats.seconds(), f"{stats.min:.2f}", f"{stats.max:.2f}", extra)

    report.text("", "### Server start to first page drawn")
    report.table(
        [
            "launcher",
            "visitor",
            "start → health",
            "request → drawn",
            "of which: loaded / ws open / 1st message (ms)",
            "start → drawn",
            "next visitor",
        ],
        "llrrrrr",
    )
    launchers = options.launchers.split(",")
    totals = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        cold_start(browser, launchers[0], options.path, 0)  # fills the system's file cache
        for launcher in launchers:
            for delay in (0.0, options.delay):
                starts = [
                    cold_start(browser, launcher, options.path, delay) for _ in range(options.runs)
                ]
                marks = [
                    f"{statistics.median(s.milestones[k] for s in starts):.0f}"
                    for k in ("loaded", "opened", "first")
                ]
                total = [s.total for s in starts if s.total is not None]
                if total:
                    totals[launcher] = statistics.median(total)
                report.row(
                    launcher,
                    "at once" if not delay else f"{delay:g} s later",
                    _spread([s.health for s in starts]),
                    _spread([s.request for s in starts]),
                    " / ".join(marks),
                    _spread(total) if total else "–",
                    _spread([s.next_visitor for s in starts]),
                )
        browser.close()
    verdict = ", ".join(
        f"{name} {value:.1f} s ({'within' if value < BUDGET else 'over'})"
        for name, value in totals.items()
    )
    report.text("", f"Budget, start → drawn under {BUDGET:g} s (median): {verdict}.")
    report.save(options.out)


if __name__ == "__main__":
    main()
