"""Page rerun time on the server, per page, measured with Streamlit's AppTest: median and p95.

    python bench/page_reruns.py [--runs 30] [--upload-runs 8] [--batches default,upload]
                                [--upload-shapes 10000x100,500000x2] [--pages softmax,...]

Every page the app routes to (app.py's SECTIONS and the home page) is timed with two batches:

- default: the seed example (1 sample, 3 classes), as a first visitor sees it;
- upload: the largest CSV the app accepts, uploaded through the sidebar's file uploader. The
  limit is the number of logits (lossviz.inputs.csvio.MAX_VALUES, 1,000,000), not the file's size:
  written with every number at full float64 precision the file stays under the 25 MiB upload
  limit. The report gives its size and checks that one more sample is refused. Two shapes of
  it by default: wide (10,000 x 100) and tall (500,000 x 2), which costs per-sample work most.

Each rerun changes one input of the page (a slider, number or text field; the column "input"
names it; pages without one are timed on plain reruns). "new value" gives it a value not seen
before, so whatever depends on it is computed afresh; "seen value" alternates between two values,
so the cached core calls are reused, as when a person moves a slider back and forth. "script" is
the time app.py's run takes in Streamlit's script runner (page included): what a rerun costs the
server. "AppTest" is the wall-clock time of AppTest.run(), which adds the harness's own work.
The first two reruns of each series are not counted (they fill the caches). As a server does,
each script is compiled once (AppTest alone would compile app.py and the page at every run).

Budget: "new value" script p95 under 50 ms with the default batch.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from benchlib import ROOT, AppPage, Report, Stats, app_pages, parser
from streamlit.runtime.scriptrunner.script_cache import ScriptCache

sys.path.insert(0, str(ROOT / "tests" / "pages"))
sys.path.insert(0, str(ROOT))

from apptest_utils import open_page
from lossviz.errors import InputError
from lossviz.inputs.csvio import MAX_UPLOAD_BYTES, MAX_VALUES, read_batch_csv

BUDGET_P95 = 0.050
SCRIPT_TIMES: list[float] = []


def _timed_exec(code, namespace) -> None:
    start = time.perf_counter()
    try:
        exec(code, namespace)
    finally:
        SCRIPT_TIMES.append(time.perf_counter() - start)


# Streamlit runs app.py with exec() in its script runner: time exactly that (it includes the page).
importlib.import_module("streamlit.runtime.scriptrunner.script_runner").exec = _timed_exec

# A server compiles each script once (its runtime keeps one ScriptCache); AppTest makes a new
# cache for every run, which would add compiling app.py and the page to every rerun timed here.
_SCRIPT_CACHE = ScriptCache()
for _module in ("app_test", "local_script_runner"):
    importlib.import_module(f"streamlit.testing.v1.{_module}").ScriptCache = lambda: _SCRIPT_CACHE


# --- the input each page changes ----------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """A widget of a page and its k-th value (k = 1, 2, ...: all different)."""

    kind: str  # AppTest accessor: slider, number_input, text_input, selectbox
    key: str
    value: Callable[[int], object]

    def set(self, at, k: int) -> None:
        element = getattr(at, self.kind)(key=self.key)
        if self.kind == "selectbox":
            element.select_index(self.value(k))
        else:
            element.set_value(self.value(k))


def _grid(element) -> Callable[[int], float | int]:
    """The k-th point of the widget's grid after its first value, wrapping at the maximum."""
    first, step = element.value, element.step
    low = element.min if element.min is not None else first
    high = element.max if element.max is not None else first + 1000 * step
    points = round((high - low) / step) + 1
    start = round((first - low) / step)

    def value(k: int) -> float | int:
        point = low + ((start + k) % points) * step
        return round(point, 10) if isinstance(step, float) else point

    return value


#: Pages whose best input to change is not the first slider or number field of their main area.
KNOWN_INPUTS = {
    "pages/binary_cross_entropy.py": Input(
        "text_input", "lv_pos_weight", lambda k: f"{1 + k / 100:.2f}"
    ),
}


def find_input(at, page: AppPage) -> Input | None:
    """The input to change on ``page``: a known one, else the first of its main area's sliders,
    number fields or select boxes (the sidebar's batch editor is left alone)."""
    if page.script in KNOWN_INPUTS:
        return KNOWN_INPUTS[page.script]
    main = at.main
    for kind in ("slider", "number_input"):
        for element in getattr(main, kind):
            if element.key and isinstance(element.value, (int, float)) and element.step:
                return Input(kind, element.key, _grid(element))
    for element in main.selectbox:
        if element.key and len(element.options) > 2:
            count = len(element.options)
            return Input("selectbox", element.key, lambda k, count=count: k % count)
    return None


# --- measuring ----------------------------------------------------------------------------------


class PageError(Exception):
    """The page showed an exception: it is reported in its row, and the bench goes on."""


@dataclass
class PageTimes:
    name: str
    input: str
    new_script: Stats
    seen_script: Stats
    new_wall: Stats


def _series(at, change: Input | None, values: list[int]) -> tuple[list[float], list[float]]:
    """(script, wall) times of one rerun per value, the first two left out."""
    script, wall = [], []
    for k in values:
        if change is not None:
            change.set(at, k)
        start = time.perf_counter()
        count = len(SCRIPT_TIMES)
        at.run()
        wall.append(time.perf_counter() - start)
        script.append(sum(SCRIPT_TIMES[count:]))
        if at.exception:
            raise PageError(at.exception[0].message)
    return script[2:], wall[2:]


def measure_page(at, page: AppPage, runs: int) -> PageTimes:
    at.switch_page(page.script).run()
    if at.exception:
        raise PageError(at.exception[0].message)
    change = find_input(at, page)
    new_script, new_wall = _series(at, change, list(range(1, runs + 3)))
    seen_script, _ = _series(at, change, [1 + i % 2 for i in range(runs + 2)])
    label = f"{change.kind} `{change.key}`" if change else "(none: plain rerun)"
    return PageTimes(page.name, label, Stats(new_script), Stats(seen_script), Stats(new_wall))


# --- the largest upload -------------------------------------------------------------------------


def largest_csv(samples: int, classes: int, seed: int = 0) -> bytes:
    """A CSV of ``samples`` x ``classes`` logits at full precision and a label column."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0.0, 3.0, size=(samples, classes))
    labels = rng.integers(0, classes, size=samples)
    header = ",".join([*(f"class_{c}" for c in range(classes)), "label"])
    lines = [header]
    lines += [
        ",".join(map(repr, row)) + f",{label}"
        for row, label in zip(logits.tolist(), labels.tolist(), strict=True)
    ]
    return ("\n".join(lines) + "\n").encode()


def _shape(text: str) -> tuple[int, int]:
    samples, classes = (int(part) for part in text.lower().split("x"))
    return samples, classes


def _upload(at, name: str, data: bytes) -> float:
    """Upload ``data`` as the sidebar's CSV file; the wall-clock time of that rerun."""
    at.file_uploader(key="lv_csv_upload").set_value((name, data, "text/csv"))
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    errors = [e.value for e in at.sidebar.error]
    if errors or at.exception:
        raise SystemExit(f"the upload was refused: {errors or at.exception[0].message}")
    return elapsed


def _refuses_one_more(data: bytes, classes: int) -> str:
    """Whether the same file with one more sample is refused, and why."""
    extra = ",".join(["0.5"] * classes) + ",0\n"
    try:
        read_batch_csv(data + extra.encode())
    except InputError as error:
        return f"yes ({error})"
    return "NO: the file is not the largest accepted"


def _timed(call: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    call(*args)
    return time.perf_counter() - start


def _quiet_streamlit() -> None:
    """Streamlit's loggers (made as its modules load) warn about bare mode: silence them."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _describe_upload(report: Report, at, shape: tuple[int, int]) -> None:
    """Upload the largest batch of ``shape`` into ``at``'s session, and say what it is."""
    samples, classes = shape
    if samples * classes > MAX_VALUES:
        raise SystemExit(f"{samples} x {classes} is over the {MAX_VALUES:,} logits allowed")
    data = largest_csv(samples, classes)
    if len(data) > MAX_UPLOAD_BYTES:
        raise SystemExit(f"the file is {len(data):,} bytes, over {MAX_UPLOAD_BYTES:,}")
    parse = Stats(tuple(_timed(read_batch_csv, data) for _ in range(3)))
    refused = _refuses_one_more(data, classes)
    upload = _upload(at, "largest.csv", data)
    report.text(
        "",
        f"### Batch: largest accepted upload, {samples:,} samples x {classes} classes "
        f"= {samples * classes:,} logits",
        "",
        f"- file: {len(data):,} bytes ({len(data) / 2**20:.1f} MiB; upload limit "
        f"{MAX_UPLOAD_BYTES / 2**20:.0f} MiB), numbers at full float64 precision",
        f"- one more sample refused: {refused}",
        f"- read_batch_csv: median {parse.seconds()} s (min {parse.min:.2f}, max "
        f"{parse.max:.2f}, 3 runs); the upload's rerun in AppTest: {upload:.2f} s",
    )


def main() -> None:
    args = parser(__doc__)
    args.add_argument("--runs", type=int, default=30, help="reruns counted per page and series")
    args.add_argument(
        "--upload-runs", type=int, default=8, help="the same with the uploaded batch (slower)"
    )
    args.add_argument("--batches", default="default,upload", help="default, upload or both")
    args.add_argument(
        "--upload-shapes",
        type=lambda text: [_shape(part) for part in text.split(",")],
        default=[(10_000, 100), (500_000, 2)],
        help="samples x classes of each uploaded batch, comma-separated "
        "(default 10000x100,500000x2: 1,000,000 logits each)",
    )
    args.add_argument("--pages", help="only these pages (URL paths, comma-separated; home: home)")
    options = args.parse_args()
    pages = app_pages(options.pages)
    report = Report("Page reruns: server-side script time per page (AppTest)")
    report.lines += [
        f"- counted reruns per page and series: {options.runs} (default batch), "
        f"{options.upload_runs} (upload)",
    ]
    report.start()
    batches = [
        shape
        for batch in options.batches.split(",")
        for shape in (options.upload_shapes if batch == "upload" else [None])
    ]
    for shape in batches:
        at = open_page()
        _quiet_streamlit()
        runs = options.upload_runs if shape else options.runs
        if shape:
            _describe_upload(report, at, shape)
        else:
            report.text("", "### Batch: default (the seed example, 1 sample x 3 classes)")
        report.table(
            [
                "page",
                "input",
                "new value: script median ms",
                "p95 ms",
                "seen value: script median ms",
                "p95 ms",
                "AppTest median ms",
                "p95 ms",
            ],
            "llrrrrrr",
        )
        over = []
        for page in pages:
            try:
                times = measure_page(at, page, runs)
            except PageError as error:
                report.row(page.name, f"error: {str(error).splitlines()[0][:80]}", *["–"] * 6)
                over.append(f"{page.name} (error)")
                continue
            report.row(
                times.name,
                times.input,
                times.new_script.ms(),
                times.new_script.ms("p95"),
                times.seen_script.ms(),
                times.seen_script.ms("p95"),
                times.new_wall.ms(),
                times.new_wall.ms("p95"),
            )
            if times.new_script.p95 > BUDGET_P95:
                over.append(f"{times.name} ({times.new_script.p95 * 1e3:.0f} ms)")
        if shape is None:
            verdict = "over: " + ", ".join(over) if over else "all pages within"
            report.text(
                "", f"Budget, new-value script p95 under {BUDGET_P95 * 1e3:.0f} ms: {verdict}."
            )
    report.save(options.out)


if __name__ == "__main__":
    main()
