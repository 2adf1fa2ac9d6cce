"""Interaction latency in headless Chromium: from changing an input to the new numbers shown.

    python bench/browser_latency.py [--reps 10] [--inputs logits,slider] [--pages softmax,...]
                                    [--launcher streamlit|serve | --url http://127.0.0.1:8501]
                                    [--pin]

Every page the app routes to is opened in a fresh browser session and changed ``--reps`` times
(after one change not counted) with each input:

- logits: the sidebar's logits text area (on every page): a new third logit, committed with
  Ctrl+Enter;
- slider: the first slider of the page's main area, moved one step with the arrow key (pages
  without one are left out).

Every change gives a value not used before, so the server computes afresh, as for a person
exploring. Times are taken in the page with performance.now(), from the key press that commits
the change:

- first / all shown: until the first, and until every one, of the numbers that the change
  brings to the main area is in the page (its text, formulas and the charts' labels; the numbers
  are found by comparing the main area's text before and after the change, and the page is
  snapshotted at every DOM change). "first" is when the person sees the page answer; "all" when
  the page has caught up, charts included.
- done: until the app reports the rerun finished (data-test-script-state back to notRunning).
- the breakdown (medians): key -> request (the page sends the rerun request); request -> last
  message (the server runs the script and streams the page until its last message reaches the
  browser's network stack: taken from the network's own timestamps, so the page's work does not
  delay it); last message -> shown (the page draws what arrived; negative when the numbers were
  drawn before the run's last message).

Pages whose main area shows no new number as text have no "shown" times (numbers in widgets and
in st.dataframe tables, which draw on a canvas, are not looked at). With ``--launcher serve`` the
changes start once serve.py has warmed the app up, as on a server started before the class.
The script starts its own server on a free loopback port (``--launcher streamlit``:
``streamlit run app.py``, the default; ``serve``: ``python serve.py``) unless given --url.

Budget: median under 150 ms (the report checks both "first" and "all").
"""

from __future__ import annotations

import contextlib
import os
import re
import statistics
import sys
from dataclasses import dataclass, field

from benchlib import LAUNCHERS, ROOT, AppPage, Report, Stats, app_pages, parser, running_app

sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browser_utils import launch_chromium, open_app, widget
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

BUDGET_MEDIAN = 0.150
TIMEOUT_MS = 60_000
CHANGE_TIMEOUT_MS = 30_000
SLIDER_WAIT_MS = 5_000

# When the page sends each websocket message (set before the app loads).
WEBSOCKET_LOG = """(() => {
  const Native = window.WebSocket;
  const log = (window.__lvWs = {sent: []});
  window.WebSocket = class extends Native {
    send(data) {
      log.sent.push(performance.now());
      return super.send(data);
    }
  };
})();"""

# Observers of the main area's text and of the script state, armed for one change at a time.
OBSERVE = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const app = document.querySelector('[data-testid=stApp]');
  const s = (window.__lv = {armed: false, lastMutation: performance.now()});
  const everything = {subtree: true, childList: true, attributes: true, characterData: true};
  new MutationObserver(() => { s.lastMutation = performance.now(); })
    .observe(document.body, everything);
  // The main area's text, leaving out the widgets (a slider shows its own new value at once)
  // and tables (st.dataframe draws on a canvas; its text is an off-screen copy).
  const widgets = 'input, textarea, [role=combobox], [role=radiogroup], [role=switch], ' +
    '[data-testid=stDataFrame]';
  s.text = () => {
    const parts = [];
    for (const element of main.querySelectorAll('[data-testid=stElementContainer]')) {
      if (element.querySelector(widgets)) continue;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) parts.push(walker.currentNode.nodeValue);  // one word each
    }
    return parts.join(' ');
  };
  document.addEventListener('keydown', (event) => {
    if (s.armed && s.t0 === null && event.key === s.key) {
      s.t0 = performance.now();
      s.snapshots.push([s.t0, s.text()]);
    }
  }, true);
  new MutationObserver(() => {
    if (s.armed && s.t0 !== null && s.done === null)
      s.snapshots.push([performance.now(), s.text()]);
  }).observe(main, {subtree: true, childList: true, characterData: true});
  new MutationObserver((records) => {
    if (!s.armed || s.t0 === null) return;
    const state = app.getAttribute('data-test-script-state');
    // A short run may start and end between two callbacks: its start shows as an old value.
    const ran = state === 'running' || records.some((r) => r.oldValue === 'running');
    if (ran && s.running === null) s.running = performance.now();
    if (state === 'notRunning' && s.running !== null && s.done === null) {
      s.done = performance.now();
    }
  }).observe(app, {
    attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state'],
  });
}"""

# Nothing in the page changed for a second.
QUIET = "() => performance.now() - window.__lv.lastMutation > 1000"

ARM = """(key) => Object.assign(window.__lv, {
  armed: true, key, t0: null, running: null, done: null, snapshots: []
})"""

RESULT = """() => {
  const s = window.__lv;
  s.snapshots.push([performance.now(), s.text()]);
  s.armed = false;
  return {t0: s.t0, done: s.done, snapshots: s.snapshots, ws: window.__lvWs};
}"""

# The first run is over: the title is drawn and, checked together with it, the script stopped.
DRAWN = """() => document.querySelector('[data-testid=stMain] h1') !== null &&
  document.querySelector('[data-testid=stApp]')
    .getAttribute('data-test-script-state') === 'notRunning'"""

NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)?(?:e[-+−]?\d+)?")


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


@dataclass
class Change:
    """One change's times, in ms from the key press (None: did not happen)."""

    first: float | None
    shown: float | None
    done: float
    request: float | None
    last_message: float | None


def analyse(result: dict, frames: dict[str, list[float]]) -> Change:
    """The times of one change, from what the page recorded and the websocket frames."""
    t0, done = result["t0"], result["done"]
    snapshots = result["snapshots"]
    before, after = numbers(snapshots[0][1]), numbers(snapshots[-1][1])
    new = after - before
    seen: dict[str, float] = {}
    for time, text in snapshots:
        for token in (new - seen.keys()) & numbers(text):
            seen[token] = time - t0
    sent = [t - t0 for t in result["ws"]["sent"] if t >= t0]
    complete = bool(new) and len(seen) == len(new)
    last_frame = None
    if sent and frames["sent"] and frames["received"]:
        # The network clock, moved onto the page's: the request leaves as the page sends it.
        offset = min(frames["sent"]) * 1e3 - (t0 + sent[0])
        received = [t * 1e3 - offset - t0 for t in frames["received"]]
        received = [t for t in received if t <= done - t0 + 1]
        last_frame = max(received) if received else None
    return Change(
        first=min(seen.values()) if seen else None,
        shown=max(seen.values()) if complete else None,
        done=done - t0,
        request=sent[0] if sent else None,
        last_message=last_frame,
    )


@dataclass
class Series:
    page: str
    input: str
    changes: list[Change] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def count(self) -> str:
        lost = f" ({len(self.failed)} lost)" if self.failed else ""
        return f"{len(self.changes)}{lost}"

    def stats(self, name: str) -> Stats | None:
        values = [getattr(c, name) for c in self.changes if getattr(c, name) is not None]
        return Stats(tuple(v / 1e3 for v in values)) if values else None

    def cell(self, name: str, what: str = "median") -> str:
        stats = self.stats(name)
        return stats.ms(what) if stats else "–"

    def part(self, start: str, end: str) -> str:
        """Median of ``end - start`` (ms); ``start`` "t0" is the key press."""
        values = []
        for change in self.changes:
            begin = 0.0 if start == "t0" else getattr(change, start)
            finish = getattr(change, end)
            if begin is not None and finish is not None:
                values.append(finish - begin)
        return f"{statistics.median(values):.0f}" if values else "–"


class Input:
    """How one kind of input is changed on a page: ``key`` is the key press that commits it."""

    name = ""
    key = ""

    def __init__(self, page: Page, offset: int) -> None:
        self.page, self.offset = page, offset

    def available(self) -> bool:
        return True

    def label(self) -> str:
        return self.name

    def change(self, k: int) -> None:
        raise NotImplementedError


class Logits(Input):
    name, key = "logits (sidebar)", "Enter"

    def change(self, k: int) -> None:
        area = widget(self.page, "lv_logits").locator("textarea")
        area.fill(f"1.3, 1.3, {3 + self.offset + k / 1000:.3f}")
        area.press("Control+Enter")


SLIDER = "[data-testid=stSlider] input[type=range]"


class Slider(Input):
    name, key = "slider", "ArrowRight"

    def _thumb(self):
        return self.page.locator(f"[data-testid=stMain] {SLIDER}").first

    def available(self) -> bool:
        # The browser loads a slider's code at its first use: it may be drawn after the run.
        try:
            self._thumb().wait_for(state="attached", timeout=SLIDER_WAIT_MS)
        except PlaywrightTimeoutError:
            return False
        return True

    def label(self) -> str:
        key = self._thumb().evaluate(
            "e => [...(e.closest('[class*=st-key-]')?.classList ?? [])]"
            ".find(c => c.startsWith('st-key-')) ?? ''"
        )
        return f"{self.name} `{key.removeprefix('st-key-')}`" if key else self.name

    def change(self, k: int) -> None:
        self._thumb().press("ArrowRight")


INPUTS = {"logits": Logits, "slider": Slider}


def _websocket_frames(page: Page) -> dict[str, list[float]]:
    """Times (s, the browser's network clock) of the websocket frames sent and received, as the
    network sees them: unlike the page's message events, not delayed by the page's own work."""
    frames: dict[str, list[float]] = {"sent": [], "received": []}
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.on("Network.webSocketFrameSent", lambda e: frames["sent"].append(e["timestamp"]))
    session.on(
        "Network.webSocketFrameReceived", lambda e: frames["received"].append(e["timestamp"])
    )
    return frames


def measure(page: Page, url: str, app_page: AppPage, kind: type[Input], index: int, reps: int):
    page.add_init_script(WEBSOCKET_LOG)
    open_app(page, url, app_page.url_path)
    page.wait_for_function(DRAWN, timeout=TIMEOUT_MS)
    page.evaluate(OBSERVE)
    # Widgets whose code the browser loads at their first use (sliders, ...) come after the run.
    page.wait_for_function(QUIET, timeout=TIMEOUT_MS, polling=100)
    frames = _websocket_frames(page)
    change = kind(page, index)
    if not change.available():
        return None
    series = Series(app_page.name, change.label())
    for k in range(reps + 1):
        for times in frames.values():
            times.clear()
        page.evaluate(ARM, change.key)
        change.change(k + 1)
        try:
            page.wait_for_function("window.__lv.done !== null", timeout=CHANGE_TIMEOUT_MS)
        except PlaywrightTimeoutError:
            state = page.evaluate("({t0: window.__lv.t0, running: window.__lv.running})")
            series.failed.append(f"{series.page}, {series.input}, change {k + 1}: {state}")
            page.evaluate(RESULT)
            continue
        page.wait_for_timeout(150)  # late drawing (charts) settles before the next change
        result = analyse(page.evaluate(RESULT), frames)
        if k:
            series.changes.append(result)
    return series


def main() -> None:
    args = parser(__doc__)
    args.add_argument("--reps", type=int, default=10, help="changes counted per page and input")
    args.add_argument("--inputs", default="logits,slider", help="logits, slider or both")
    args.add_argument("--pages", help="only these pages (URL paths, comma-separated; home: home)")
    args.add_argument("--url", help="use this running app instead of starting one")
    args.add_argument(
        "--launcher", choices=list(LAUNCHERS), default="streamlit", help="how to start the app"
    )
    args.add_argument(
        "--pin",
        action="store_true",
        help="run the server on the first half of the CPUs and Chromium on the rest, as if the "
        "browser were on another machine (Linux)",
    )
    options = args.parse_args()
    pages = app_pages(options.pages)
    report = Report("Interaction latency in headless Chromium: input to new numbers shown")
    report.lines += [
        f"- {options.reps} counted changes per page and input, each to a value not used before",
        f"- server: {options.url or options.launcher + ' (started by the script)'}",
    ]
    server_cpus = None
    if options.pin:
        cpus = sorted(os.sched_getaffinity(0))
        server_cpus, browser_cpus = set(cpus[: len(cpus) // 2]), set(cpus[len(cpus) // 2 :])
        os.sched_setaffinity(0, browser_cpus)  # Playwright's driver and Chromium inherit it
        report.lines.append(f"- CPUs: server {sorted(server_cpus)}, browser {sorted(browser_cpus)}")
    report.start()
    report.table(
        [
            "page",
            "input",
            "n",
            "first shown median ms",
            "all shown median ms",
            "p95 ms",
            "done median ms",
            "p95 ms",
            "key→request",
            "request→last message",
            "last message→shown",
        ],
        "llrrrrrrrrr",
    )
    over: dict[str, list[str]] = {"first": [], "shown": []}
    failures: list[str] = []
    server = (
        contextlib.nullcontext(None) if options.url else running_app(options.launcher, server_cpus)
    )
    with server as app, sync_playwright() as playwright:
        url = options.url.rstrip("/") if options.url else app.url
        if app is not None and options.launcher == "serve":
            app.wait_for_log("app imports warmed up")  # as a server started before class
        browser = launch_chromium(playwright)
        for index, app_page in enumerate(pages):
            for name in options.inputs.split(","):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.set_default_timeout(TIMEOUT_MS)
                try:
                    series = measure(
                        context.new_page(), url, app_page, INPUTS[name], index, options.reps
                    )
                finally:
                    context.close()
                if series is None:
                    continue
                failures += series.failed
                report.row(
                    series.page,
                    series.input,
                    f"{len(series.changes)}"
                    + (f" ({len(series.failed)} lost)" if series.failed else ""),
                    series.cell("first"),
                    series.cell("shown"),
                    series.cell("shown", "p95"),
                    series.cell("done"),
                    series.cell("done", "p95"),
                    series.part("t0", "request"),
                    series.part("request", "last_message"),
                    series.part("last_message", "shown"),
                )
                for column in over:
                    stats = series.stats(column)
                    if stats is not None and stats.median > BUDGET_MEDIAN:
                        over[column].append(f"{series.page} {name} ({stats.median * 1e3:.0f} ms)")
        browser.close()
    for column, title in (("first", "first shown"), ("shown", "all shown")):
        verdict = "over: " + ", ".join(over[column]) if over[column] else "all within"
        report.text("", f"Budget, {title} median under {BUDGET_MEDIAN * 1e3:.0f} ms: {verdict}.")
    if failures:
        report.text(
            "", "Changes lost (no finished rerun within 30 s):", *(f"- {f}" for f in failures)
        )
    report.save(options.out)


if __name__ == "__main__":
    main()
