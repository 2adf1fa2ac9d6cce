"""Classroom load: many students' sessions on one server, each changing an input every few seconds.

    python bench/classroom_load.py [--sessions 50] [--duration 60] [--interval 2]
        [--pages softmax,cross_entropy] [--wait-for-result] [--out FILE]
        [--server-option runner.postScriptGC=false] [--url http://127.0.0.1:8501 [--server-pid PID]]

Each simulated student is a real Streamlit session spoken to over the app's websocket
(``/_stcore/stream``) as the browser speaks to it: it asks for a first run of its page, finds the
widget it will move among the elements that run sends, then every ``--interval`` seconds (with
jitter) sends a ``rerun_script`` message whose widget states carry a new value (naming the
widget's fragment, when the page draws it in one, so that only the fragment reruns, as in the
browser). The students are
spread over ``--pages``: on /softmax they move the temperature slider, elsewhere they edit the
sidebar's logits text (``page:widget`` picks another).

A change is completed when a run finishes and the page's query string (the app mirrors every
option in it) shows the new value, or a newer one of the same student: as in the browser, a
change sent while the last one still runs stops that run, and the student sees the newer result.
Its latency runs from sending it to that run's ``script_finished``; it is split at the arrival of
the run's first message. By default students keep to their schedule however slow the server is;
``--wait-for-result`` has each wait until its last change shows. Errors: an exception element
in a run, a script that did not compile, a refused or closed connection, the widget missing from
the page, a change not shown within ``--timeout`` seconds.

Without ``--url`` the bench starts its own server on a free loopback port (the repository's
``.streamlit/config.toml``, the file watcher off as in the container), warms it with one session
per page (imports, caches), samples the server's resident memory (with any child processes) every
0.2 s and its CPU time, and stops it at the end; ``--server-option`` passes it config options
(to compare settings). It only talks to loopback addresses, caps the
sessions and the duration, and stops on its own. It prints a markdown report (``--out`` writes it
to a file too); a measurement, not a test: the budgets are shown beside the values, the exit
status ignores them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import math
import os
import platform
import random
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

ROOT = Path(__file__).resolve().parents[1]

MAX_SESSIONS = 200
MAX_DURATION = 600.0
MIN_INTERVAL = 0.2
SAMPLE_EVERY = 0.2
#: Budgets from the issue: shown beside the values, never enforced.
BUDGET_P95_S = 1.0
BUDGET_PEAK_BYTES = 1.5e9


# --- the inputs a student changes -------------------------------------------------------------


@dataclass(frozen=True)
class Widget:
    """An input a student changes: its widget key, the URL parameter that shows its value, and
    the values it takes (distinct for many changes in a row, so a value names its change)."""

    key: str
    field: str
    kind: str  # "slider" (one number) or "text"
    default: str  # what the page shows when the URL does not carry the parameter
    low: float = 0.0  # a slider's values: low, low + step, ... (97 of them)
    step: float = 0.01

    def value(self, seq: int, salt: int) -> str:
        step = (salt + 37 * seq) % 97  # 37 and 97 are coprime: 97 changes in a row differ
        if self.kind == "text":
            return f"1.3, 1.3, {0.5 + step / 20:.2f}"
        return f"{self.low + step * self.step:.2f}"  # on the slider's grid

    def set_state(self, state: WidgetState, value: str) -> None:
        if self.kind == "text":
            state.string_value = value
        else:
            state.double_array_value.data[:] = [float(value)]

    def shown(self, query_string: str) -> str:
        params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
        return params.get(self.field, [self.default])[0]

    def matches(self, shown: str, value: str) -> bool:
        if self.kind == "text":
            return shown == value
        try:
            return abs(float(shown) - float(value)) < 1e-9
        except ValueError:
            return False


WIDGETS = {
    "temperature": Widget("lv_temperature", "temperature", "slider", "1.0", 0.1, 0.05),
    "smoothing": Widget("lv_smoothing", "smoothing", "slider", "0.0"),
    "logits": Widget("lv_logits", "logits", "text", "1.3, 1.3, 2.6"),
    "ratio": Widget("lv_imbalance_ratio", "imbalance_ratio", "slider", "10", 1.0, 1.0),
    "beta": Widget("lv_regression_beta", "regression_beta", "slider", "1.0", 0.0, 0.05),
}
#: The input each page's students change unless ``page:widget`` says otherwise; the sidebar's
#: logits text area is on every page.
PAGE_WIDGETS = {"softmax": "temperature"}
DEFAULT_WIDGET = "logits"


def parse_pages(spec: str) -> list[tuple[str, Widget]]:
    """``softmax,cross_entropy:smoothing`` -> the (page, widget) students are spread over."""
    pages = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        page, _, widget = item.partition(":")
        page = page.strip("/")
        name = widget or PAGE_WIDGETS.get(page, DEFAULT_WIDGET)
        if name not in WIDGETS:
            raise ValueError(f"unknown widget {name!r} (known: {', '.join(WIDGETS)})")
        pages.append((page, WIDGETS[name]))
    if not pages:
        raise ValueError("no page given")
    return pages


# --- one student: a session over the websocket ------------------------------------------------


@dataclass
class Change:
    seq: int
    value: str
    sent: float


@dataclass(frozen=True)
class Pace:
    """How a student changes its input: every ``interval`` s ± ``jitter`` (a share of it); a
    change is late after ``timeout`` s; ``wait_for_result``: not before the last one shows."""

    interval: float
    jitter: float
    timeout: float
    wait_for_result: bool = False


@dataclass
class Stats:
    """What all students saw; one asyncio loop fills it, so it needs no lock."""

    sent: int = 0
    completed: int = 0
    superseded: int = 0
    latencies: list[float] = field(default_factory=list)
    start_delays: list[float] = field(default_factory=list)
    run_times: list[float] = field(default_factory=list)
    first_loads: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # the first of each kind
    bytes_received: int = 0
    runs_started: int = 0
    runs_finished: int = 0
    runs_stopped: int = 0  # ended early by a newer change of the same student
    runs_handed_on: int = 0  # ended early by the app's own st.rerun(), into the run it asked for

    def error(self, kind: str, detail: str, count: int = 1) -> None:
        self.errors[kind] += count
        self.examples.setdefault(kind, detail)


class Student:
    """One browser tab, as far as the server can tell: one session, its page, its widget.

    Like the browser, it keeps the query string the app writes, names its page by URL path and
    page hash, and sends the hashes of the large elements it holds so the server can send
    references instead (dropping them after ``max_cached_message_age`` runs without use). Unlike
    the browser it sends the state of the widget it changed only, not of every widget; the
    server keeps the others' values from the last run either way.
    """

    def __init__(
        self, number: int, ws_url: str, origin: str, page: str, widget: Widget, stats: Stats
    ) -> None:
        self.number = number
        self.ws_url = ws_url
        self.origin = origin
        self.page = page
        self.widget = widget
        self.stats = stats
        self.salt = number * 11
        self.query_string = ""
        self.page_script_hash = ""
        self.widget_id: str | None = None
        self.widget_fragment = ""  # the fragment the widget is drawn in, if any
        self.widget_value: str | None = None
        self.cache: dict[str, int] = {}  # message hash -> the run that last used it
        self.max_cache_age = 2
        self.runs = 0
        self.run_started = 0.0
        self.run_failed = False
        self.run_elements = 0
        self.pending: list[Change] = []
        self.first_run = asyncio.Event()
        self.idle = asyncio.Event()
        self.closing = False
        self.dead = False
        self.ws: ClientConnection | None = None

    # sending

    def _rerun_message(self) -> bytes:
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        client.page_name = self.page
        client.page_script_hash = self.page_script_hash
        client.cached_message_hashes.extend(self.cache)
        info = client.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url, info.color_scheme = f"{self.origin}/{self.page}", "light"
        if self.widget_id is not None and self.widget_value is not None:
            client.fragment_id = self.widget_fragment  # as the browser does: rerun only that
            state = client.widget_states.widgets.add()
            state.id = self.widget_id
            self.widget.set_state(state, self.widget_value)
        return msg.SerializeToString()

    async def change(self, seq: int) -> None:
        self.widget_value = self.widget.value(seq, self.salt)
        self.pending.append(Change(seq, self.widget_value, time.perf_counter()))
        self.idle.clear()
        self.stats.sent += 1
        assert self.ws is not None
        await self.ws.send(self._rerun_message())

    # receiving

    def _on_message(self, data: bytes) -> None:
        self.stats.bytes_received += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.runs += 1
            self.stats.runs_started += 1
            self.run_started = time.perf_counter()
            self.run_failed = False
            self.run_elements = 0
            age = msg.new_session.config.max_cached_message_age
            self.max_cache_age = age if age > 0 else self.max_cache_age
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta":
            self._on_delta(msg)
        elif kind == "ref_hash":
            if msg.ref_hash not in self.cache:
                self.stats.error("protocol", f"reference to an element never received: {self.page}")
            self.cache[msg.ref_hash] = self.runs
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.run_failed = True
            self.stats.error("exception", f"{self.page}: script compilation failed")
        elif kind == "script_finished":
            self._on_script_finished(msg.script_finished)

    def _on_delta(self, msg: ForwardMsg) -> None:
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = self.runs
        if msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.run_failed = True
            error = element.exception
            self.stats.error("exception", f"{self.page}: {error.type} {error.message}"[:200])
        elif kind is not None:
            self.run_elements += 1
            element_id = getattr(getattr(element, kind), "id", "")
            if isinstance(element_id, str) and element_id.endswith(f"-{self.widget.key}"):
                self.widget_id = element_id
                self.widget_fragment = msg.delta.fragment_id

    def _on_script_finished(self, status: int) -> None:
        now = time.perf_counter()
        self.cache = {
            h: run for h, run in self.cache.items() if self.runs - run < self.max_cache_age
        }
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.stats.error("exception", f"{self.page}: script did not compile")
            return
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            if any(change.sent > self.run_started for change in self.pending):
                self.stats.runs_stopped += 1
            else:  # nothing newer came: the script asked for the rerun itself
                self.stats.runs_handed_on += 1
        finished = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
        if status not in finished or self.run_failed:
            return  # stopped for a newer change, or already counted as an error
        self.stats.runs_finished += 1
        if not self.first_run.is_set():
            self.first_run.set()
            return
        shown = self.widget.shown(self.query_string)
        done = next(
            (
                i
                for i in reversed(range(len(self.pending)))
                if self.widget.matches(shown, self.pending[i].value)
            ),
            None,
        )
        if done is None:
            return  # a run for an older change, or the first one's rerun
        for i, change in enumerate(self.pending[: done + 1]):
            self.stats.completed += 1
            self.stats.superseded += int(i < done)
            self.stats.latencies.append(now - change.sent)
        self.stats.start_delays.append(self.run_started - self.pending[done].sent)
        self.stats.run_times.append(now - self.run_started)
        del self.pending[: done + 1]
        if not self.pending:
            self.idle.set()

    async def _reader(self) -> None:
        assert self.ws is not None
        try:
            async for data in self.ws:
                if isinstance(data, bytes):
                    self._on_message(data)
        except (ConnectionClosed, WebSocketException, OSError) as error:
            if not self.closing:
                self.stats.error("disconnect", f"{self.page}: {error!r}"[:200])
        else:
            if not self.closing:
                self.stats.error("disconnect", f"{self.page}: the server closed the session")
        finally:
            self.dead = True
            self.first_run.set()
            self.idle.set()

    def _expire(self, timeout: float) -> None:
        now = time.perf_counter()
        while self.pending and now - self.pending[0].sent > timeout:
            change = self.pending.pop(0)
            self.stats.error(
                "timeout", f"{self.page}: change {change.seq} not shown in {timeout} s"
            )
        if not self.pending:
            self.idle.set()

    async def _settle(self, timeout: float, until: float = float("inf")) -> None:
        """Wait until every change sent is shown (or late), or until ``until``."""
        while self.pending and not self.dead and time.perf_counter() < until:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.idle.wait(), 0.5)
            self._expire(timeout)

    async def run(self, start_at: float, end_at: float, pace: Pace) -> None:
        """Open the page at ``start_at``, change the widget until ``end_at``, wait for the last
        change (at most ``pace.timeout`` s) and close."""
        timeout = pace.timeout
        await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
        opened = time.perf_counter()
        try:
            self.ws = await connect(
                self.ws_url,
                subprotocols=["streamlit"],  # type: ignore[list-item]
                origin=self.origin,  # type: ignore[arg-type]
                max_size=None,
                open_timeout=timeout,
                ping_interval=None,  # a browser sends no pings: it only answers the server's
            )
        except (OSError, WebSocketException, asyncio.TimeoutError) as error:
            self.stats.error("connect", f"{self.page}: {error!r}"[:200])
            return
        reader = asyncio.create_task(self._reader())
        try:
            await self.ws.send(self._rerun_message())
            try:
                await asyncio.wait_for(self.first_run.wait(), timeout)
            except asyncio.TimeoutError:
                self.stats.error("timeout", f"{self.page}: first run not finished in {timeout} s")
                return
            if self.dead:
                return
            self.stats.first_loads.append(time.perf_counter() - opened)
            if self.widget_id is None:
                self.stats.error(
                    "no_widget",
                    f"{self.page}: no widget with key {self.widget.key} among the"
                    f" {self.run_elements} elements of the first run",
                )
                return
            rng = random.Random(self.number)
            next_at = time.perf_counter() + rng.uniform(0, pace.interval)
            seq = 0
            while not self.dead and next_at < end_at:
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                if pace.wait_for_result and self.pending:
                    await self._settle(timeout, end_at)
                    next_at = max(next_at, time.perf_counter())
                    if next_at >= end_at:
                        break
                self._expire(timeout)
                if self.dead:
                    break
                await self.change(seq)
                seq += 1
                next_at += pace.interval * rng.uniform(1 - pace.jitter, 1 + pace.jitter)
            await self._settle(timeout)
        except (ConnectionClosed, WebSocketException, OSError):
            pass  # the reader counts the disconnect
        finally:
            if self.dead and self.pending:
                self.stats.error(
                    "lost",
                    f"{self.page}: {len(self.pending)} changes pending when the connection closed",
                    len(self.pending),
                )
            self.closing = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader


async def run_load(
    url: str,
    sessions: int,
    duration: float,
    pages: list[tuple[str, Widget]],
    *,
    interval: float = 2.0,
    jitter: float = 0.25,
    ramp: float = 5.0,
    timeout: float = 30.0,
    wait_for_result: bool = False,
) -> Stats:
    """Run ``sessions`` students against the server at ``url`` for ``duration`` seconds (ramp
    included: students open the page evenly over the first ``ramp`` seconds)."""
    pace = Pace(interval, jitter, timeout, wait_for_result)
    ws_url, origin = websocket_url(url)
    stats = Stats()
    students = [Student(i, ws_url, origin, *pages[i % len(pages)], stats) for i in range(sessions)]
    start = time.perf_counter() + 0.1
    end = start + duration
    tasks = [s.run(start + ramp * i / max(1, sessions), end, pace) for i, s in enumerate(students)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), duration + 2 * timeout + 30)
    except asyncio.TimeoutError:
        stats.error("timeout", "the load did not end in time; stopped it")
    return stats


def websocket_url(url: str) -> tuple[str, str]:
    """The stream endpoint and the origin for an app URL; refuses anything but loopback."""
    parts = urllib.parse.urlsplit(url if "://" in url else f"http://{url}")
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"loopback only: {host!r} is not a loopback address")
    secure = parts.scheme in ("https", "wss")
    base = parts.path.rstrip("/")
    origin = f"{'https' if secure else 'http'}://{parts.netloc}"
    return f"{'wss' if secure else 'ws'}://{parts.netloc}{base}/_stcore/stream", origin


# --- the server: start, memory, CPU -----------------------------------------------------------


def _proc_status(pid: int, name: str) -> int:
    """A ``VmRSS``-like field of /proc/<pid>/status in bytes (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _family(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    family, todo = [], [pid]
    while todo:
        current = todo.pop()
        family.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
    return family


def _cpu(stat_path: str) -> float | None:
    """User and system CPU time from a /proc stat file, in seconds."""
    try:
        with open(stat_path) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    except (OSError, IndexError, ValueError):
        return None


def cpu_seconds(pid: int) -> tuple[float, float] | None:
    """CPU time of ``pid`` and its descendants, and of its main thread alone (the server's
    event loop, which reads and sends the messages; the scripts run in threads of their own)."""
    total = _cpu(f"/proc/{pid}/stat")
    main = _cpu(f"/proc/{pid}/task/{pid}/stat")
    if total is None or main is None:
        return None
    total += sum(_cpu(f"/proc/{child}/stat") or 0.0 for child in _family(pid)[1:])
    return total, main


class MemorySampler:
    """The resident set of a process and its descendants, every ``every`` seconds, in a thread."""

    def __init__(self, pid: int, every: float = SAMPLE_EVERY) -> None:
        self.pid, self.every = pid, every
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> int:
        return sum(_proc_status(member, "VmRSS") for member in _family(self.pid))

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.samples.append(self.sample())
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> int:
        return max(self.samples, default=0)

    @property
    def high_water(self) -> int:
        """The kernel's own peak for the main process (catches spikes between samples)."""
        return _proc_status(self.pid, "VmHWM")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def started_server(
    options: list[str] | tuple[str, ...] = (),
    startup_timeout: float = 90.0,
    script: str = "app.py",
    port: int | None = None,
) -> Iterator[tuple[str, int]]:
    """This repository's app (or another ``script``) on a loopback port (``port``, or a free
    one), with more ``section.option=value`` config ``options``: yields (URL, pid), always stops
    it."""
    port = port or _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
        *(f"--{option}" for option in options),
    ]
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + startup_timeout
            while True:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"the server did not start:\n{log.read()[-2000:]}")
                if _healthy(url):
                    break
                time.sleep(0.2)
            yield url, server.pid
        finally:
            _stop(server)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


def warm_up(url: str, pages: list[tuple[str, Widget]], timeout: float = 60.0) -> None:
    """Open each page once (the teacher, before class): imports and caches are then warm."""
    seen = list(dict.fromkeys(pages))
    asyncio.run(run_load(url, len(seen), 0.0, seen, ramp=0.0, timeout=timeout))


# --- the report -------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _ms(values: list[float], *qs: float) -> str:
    if not values:
        return "n/a"
    return " / ".join(f"{percentile(values, q) * 1e3:.0f}" for q in qs) + " ms"


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _mb(value: int | None) -> str:
    return f"{value / 1e6:.0f} MB" if value else "n/a"


@dataclass
class Report:
    stats: Stats
    sessions: int
    duration: float
    interval: float
    jitter: float
    ramp: float
    pages: list[tuple[str, Widget]]
    wall: float
    server: str
    rss_before: int | None = None
    rss_peak: int | None = None
    rss_high_water: int | None = None
    server_cpu: float | None = None
    loop_cpu: float | None = None
    client_cpu: float = 0.0
    load_before: tuple[float, float, float] | None = None
    load_after: tuple[float, float, float] | None = None
    wait_for_result: bool = False

    def markdown(self, command: str) -> str:
        s = self.stats
        mix = Counter(self.pages[i % len(self.pages)] for i in range(self.sessions))
        spread = ", ".join(f"/{page} ({w.key}) ×{count}" for (page, w), count in mix.items())
        errors = ", ".join(f"{kind} {count}" for kind, count in sorted(s.errors.items()))
        p95 = percentile(s.latencies, 95) if s.latencies else None
        peak = max(filter(None, (self.rss_peak, self.rss_high_water)), default=None)

        def verdict(ok: bool | None) -> str:
            return "" if ok is None else (" (met)" if ok else " (**not met**)")

        cpus = os.cpu_count()
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
        load = " / ".join(
            f"{x[0]:.1f}" if x else "n/a" for x in (self.load_before, self.load_after)
        )
        rows = [
            ("sessions (page, input)", spread, ""),
            (
                "duration",
                f"{self.duration:.0f} s (students open the page over the first {self.ramp:.0f} s);"
                f" {self.wall:.0f} s in all",
                "",
            ),
            (
                "each student changes its input",
                f"every {self.interval:g} s ± {self.jitter:.0%}"
                + (", once the last change shows" if self.wait_for_result else ", come what may"),
                "",
            ),
            ("changes sent", str(s.sent), ""),
            (
                "changes completed",
                f"{s.completed} ({s.superseded} of them by a newer change of the same student)",
                "",
            ),
            ("errors", errors or "none", "none" + verdict(not s.errors)),
            (
                "runs started / finished / stopped early for a newer change / handed on"
                " by the app's own st.rerun()",
                f"{s.runs_started} / {s.runs_finished} / {s.runs_stopped} / {s.runs_handed_on}",
                "",
            ),
            (
                "change latency p50 / p95 / max",
                _ms(s.latencies, 50, 95, 100),
                f"p95 < {BUDGET_P95_S:g} s" + verdict(None if p95 is None else p95 < BUDGET_P95_S),
            ),
            ("… until the run's first message arrives p50 / p95", _ms(s.start_delays, 50, 95), ""),
            ("… from there to script_finished p50 / p95", _ms(s.run_times, 50, 95), ""),
            ("first load p50 / p95 / max", _ms(s.first_loads, 50, 95, 100), ""),
            (
                "server RSS before load / peak",
                f"{_mb(self.rss_before)} / {_mb(peak)}",
                f"peak < {BUDGET_PEAK_BYTES / 1e9:g} GB"
                + verdict(None if peak is None else peak < BUDGET_PEAK_BYTES),
            ),
            (
                "server CPU",
                f"{self.server_cpu:.0f} s ({self.server_cpu / self.wall:.0%} of one core), "
                f"{self.loop_cpu:.1f} s of it in the event loop thread"
                if self.server_cpu is not None and self.loop_cpu is not None and self.wall
                else "n/a",
                "",
            ),
            (
                "server CPU per finished run",
                f"{self.server_cpu / s.runs_finished * 1e3:.0f} ms"
                if self.server_cpu is not None and s.runs_finished
                else "n/a",
                "",
            ),
            (
                "load generator CPU",
                f"{self.client_cpu:.0f} s ({self.client_cpu / self.wall:.0%} of one core)"
                if self.wall
                else "n/a",
                "",
            ),
            ("received by the students", f"{s.bytes_received / 1e6:.1f} MB", ""),
            ("CPUs (usable) · load average before / after", f"{cpus} ({usable}) · {load}", ""),
        ]
        lines = [
            f"## Classroom load: {self.sessions} sessions for {self.duration:.0f} s, "
            f"a change every {self.interval:g} s",
            "",
            f"- command: `{command}`",
            f"- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M UTC}",
            f"- machine: {cpus} CPUs ({usable} usable), {_cpu_model()}, {platform.system()} "
            f"{platform.machine()}",
            f"- software: Python {platform.python_version()}, streamlit {_version('streamlit')}, "
            f"torch {_version('torch')}, websockets {_version('websockets')}",
            f"- server: {self.server}",
            "",
            "| measure | value | budget |",
            "|---|---|---|",
            *(f"| {name} | {value} | {budget} |" for name, value, budget in rows),
        ]
        if s.examples:
            lines += ["", "First error of each kind:"]
            lines += [f"- {kind}: {example}" for kind, example in sorted(s.examples.items())]
        return "\n".join(lines)


def _load(args: argparse.Namespace, pages: list[tuple[str, Widget]], url: str) -> Report:
    """The load itself, with the wall-clock and this process's CPU time it took."""
    client_start, wall_start = time.process_time(), time.perf_counter()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    stats = asyncio.run(
        run_load(
            url,
            args.sessions,
            args.duration,
            pages,
            interval=args.interval,
            jitter=args.jitter,
            ramp=args.ramp,
            timeout=args.timeout,
            wait_for_result=args.wait_for_result,
        )
    )
    return Report(
        stats,
        args.sessions,
        args.duration,
        args.interval,
        args.jitter,
        args.ramp,
        pages,
        wall=time.perf_counter() - wall_start,
        server=f"server at {url}",
        client_cpu=time.process_time() - client_start,
        load_before=load_before,
        load_after=os.getloadavg() if hasattr(os, "getloadavg") else None,
        wait_for_result=args.wait_for_result,
    )


def _load_sampled(
    args: argparse.Namespace, pages: list[tuple[str, Widget]], url: str, pid: int
) -> Report:
    """The load, with the server's memory sampled and its CPU time counted meanwhile."""
    cpu_before = cpu_seconds(pid)
    with MemorySampler(pid) as memory:
        before = memory.sample()
        report = _load(args, pages, url)
    cpu_after = cpu_seconds(pid)
    report.rss_before, report.rss_peak = before, memory.peak
    report.rss_high_water = memory.high_water
    if cpu_before is not None and cpu_after is not None:
        report.server_cpu = cpu_after[0] - cpu_before[0]
        report.loop_cpu = cpu_after[1] - cpu_before[1]
    return report


def measure(args: argparse.Namespace, pages: list[tuple[str, Widget]]) -> Report:
    if args.url:
        if args.server_pid is None:
            return _load(args, pages, args.url)
        report = _load_sampled(args, pages, args.url, args.server_pid)
        report.server = f"server at {args.url} (pid {args.server_pid})"
        return report
    with started_server(args.server_option) as (url, pid):
        warm_up(url, pages)
        report = _load_sampled(args, pages, url, pid)
    report.server = "started by the bench, warmed with one session per page" + "".join(
        f", `--{option}`" for option in args.server_option
    )
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50, help=f"at most {MAX_SESSIONS}")
    parser.add_argument("--duration", type=float, default=60.0, help=f"s, at most {MAX_DURATION:g}")
    parser.add_argument("--interval", type=float, default=2.0, help="s between a student's changes")
    parser.add_argument("--jitter", type=float, default=0.25, help="± this share of the interval")
    parser.add_argument("--ramp", type=float, default=5.0, help="s over which students arrive")
    parser.add_argument("--timeout", type=float, default=30.0, help="s before a change is late")
    parser.add_argument(
        "--wait-for-result",
        action="store_true",
        help="a student changes its input only once its last change shows (by default it "
        "changes on schedule, as an impatient student does, stopping the run in progress)",
    )
    parser.add_argument(
        "--pages",
        default="softmax,cross_entropy",
        help="pages students are spread over, each optionally page:widget with widget one of "
        f"{', '.join(WIDGETS)} (default: temperature on softmax, the logits text elsewhere)",
    )
    parser.add_argument("--url", help="a running server on loopback instead of starting one")
    parser.add_argument("--server-pid", type=int, help="its process, to sample memory and CPU")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="a Streamlit config option for the server the bench starts (repeatable), e.g. "
        "runner.postScriptGC=false",
    )
    parser.add_argument("--out", type=Path, help="write the table to this file as well")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1..{MAX_SESSIONS}")
    if not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--duration must be in (0, {MAX_DURATION:g}]")
    if args.interval < MIN_INTERVAL:
        parser.error(f"--interval must be at least {MIN_INTERVAL:g}")
    if not 0 <= args.jitter < 1:
        parser.error("--jitter must be in [0, 1)")
    if not 0 <= args.ramp <= args.duration:
        parser.error("--ramp must be in [0, duration]")
    if not 1 <= args.timeout <= 120:
        parser.error("--timeout must be in [1, 120]")
    if args.server_option and args.url:
        parser.error("--server-option applies to the server the bench starts, not to --url")
    for option in args.server_option:
        if not re.fullmatch(r"[A-Za-z]+\.[A-Za-z]+=\S*", option):
            parser.error(f"--server-option {option!r} is not section.option=value")
    try:
        pages = parse_pages(args.pages)
        if args.url:
            websocket_url(args.url)
    except ValueError as error:
        parser.error(str(error))
    command = shlex.join(["python", "bench/classroom_load.py", *(argv or sys.argv[1:])])
    text = measure(args, pages).markdown(command)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
