"""Simulated students for the classroom bench: Streamlit sessions spoken to as a browser does.

Each student is one session over the app's websocket (``/_stcore/stream``), in Streamlit's own
protobuf messages: it asks for a first run of its page, finds the widget it will move among the
elements that run sends, then sends ``rerun_script`` messages whose widget states carry new
values. What it does, it does as Streamlit's browser client does (its ``App`` and
``ConnectionManager``), where that matters to the server or to what is counted:

- the query string the app writes (``page_info_changed``) is kept, and sent back with each rerun;
- large elements are cached and their hashes sent with each rerun, so that the server sends a
  reference (``ref_hash``) instead of an element the browser already holds: see
  ``ElementCache`` for the rules, which must be the browser's to the letter, or the bench
  reports errors a browser would not have;
- a widget inside a fragment reruns that fragment only (``fragment_id``);
- with ``reconnect``, a dropped connection is opened again after the browser's back-off, with
  the proxy's cookies, and a run that was asked for and not finished is asked for again, with
  the widget's latest value (an idle page asks for nothing until its next change).

Only loopback addresses are accepted (``websocket_url``).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import random
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

#: The cookie HAProxy and the ingress set to keep a browser on one worker (docs/haproxy.cfg).
STICKY_COOKIE = "lvsrv"
#: A run ends in one of these; the browser ages its element cache after any but a stopped run.
RUN_DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


# --- the inputs a student changes -------------------------------------------------------------


@dataclass(frozen=True)
class Widget:
    """An input a student changes: its widget key, the URL parameter that shows its value, and
    the values it takes (distinct for many changes in a row, so a value names its change)."""

    key: str
    field: str
    kind: str  # "slider" (one number), "stops" (a slider over listed values) or "text"
    default: str  # what the page shows when the URL does not carry the parameter
    low: float = 0.0  # a slider's values: low, low + step, ... (97 of them)
    step: float = 0.01
    stops: tuple[str, ...] = ()  # a "stops" slider's values, as it writes them

    def value(self, seq: int, salt: int) -> str:
        if self.kind == "stops":  # 5 and the 56 stops are coprime: 56 changes in a row differ
            return self.stops[(salt + 5 * seq) % len(self.stops)]
        step = (salt + 37 * seq) % 97  # 37 and 97 are coprime: 97 changes in a row differ
        if self.kind == "text":
            return f"1.3, 1.3, {0.5 + step / 20:.2f}"
        return f"{self.low + step * self.step:.2f}"  # on the slider's grid

    def set_state(self, state: WidgetState, value: str) -> None:
        if self.kind == "text":
            state.string_value = value
        elif self.kind == "stops":  # a select slider sends the text of its stop
            state.string_array_value.data[:] = [value]
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

    def rest(self, query_string: str) -> list[tuple[str, str]]:
        """The query string's parameters other than this widget's: the page's batch and
        options, which must survive a move to another worker."""
        pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
        return sorted(pair for pair in pairs if pair[0] != self.field)


#: The softmax page's temperature stops (its slider runs over them on a log scale), as the
#: slider writes them: ``TEMPERATURE_STOPS`` of ``lossviz/views/softmax/scales.py``.
TEMPERATURE_STOPS = [
    f"{stop:g}"
    for stop in sorted(
        {
            round(m * 10.0**e, 6)
            for e in (-2, -1, 0, 1)
            for m in (
                *(1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2, 2.2, 2.5, 2.8),
                *(3, 3.5, 4, 4.5, 5, 6, 7, 8, 9),
            )
        }
    )
    if 0.05 <= stop <= 20.0
]
WIDGETS = {
    "temperature": Widget(
        "lv_temperature", "temperature", "stops", "1.0", stops=tuple(TEMPERATURE_STOPS)
    ),
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


def spread_over(pages: list[tuple[str, Widget]], sessions: int) -> list[tuple[str, Widget]]:
    """Each student's page and input: as many students on each as can be, in a shuffled (but
    always the same) order. Students open their pages one after another, and a proxy hands
    them to its workers in turn: pages taken in turn too would put every student of one page
    on one worker.

    >>> spread = spread_over([("a", None), ("b", None)], 6)
    >>> sorted(page for page, _ in spread), spread == spread_over([("a", None), ("b", None)], 6)
    (['a', 'a', 'a', 'b', 'b', 'b'], True)
    """
    chosen = [pages[i % len(pages)] for i in range(sessions)]
    random.Random(sessions).shuffle(chosen)
    return chosen


def websocket_url(url: str) -> tuple[str, str]:
    """The stream endpoint and the origin for an app URL (a base path is kept); refuses
    anything but loopback."""
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


# --- the browser's element cache --------------------------------------------------------------


class ElementCache:
    """Large elements the browser holds, by hash, as Streamlit's frontend keeps them
    (``ForwardMsgCache`` in its connection package).

    The server sends a reference instead of an element whose hash the last rerun request
    listed, so the two sides must agree on what is held. The browser's rules:

    - an element is stored when a cacheable message brings it, stamped with the cache's run
      count; a message or a reference that brings it again re-stamps it;
    - the run count goes up by one when a run ends, unless it was stopped early for a newer
      request, and only once the run asked for last has started (``Student`` checks both);
    - at that moment every element older than ``max_cached_message_age`` runs is dropped
      (older, not as old), except that after a fragment's run only that fragment's are.

    Of an element it keeps the message itself only where the bench reads it (a widget, an
    exception), to keep hundreds of students light.

    >>> cache = ElementCache()
    >>> element = ForwardMsg(hash="h1")
    >>> element.metadata.cacheable = True
    >>> cache.receive(element) is element, cache.hashes()
    (True, ['h1'])
    >>> cache.run_finished(max_age=2); cache.run_finished(max_age=2)
    >>> cache.receive(ForwardMsg(ref_hash="h1")) is not None  # two runs old: still held
    True
    >>> for _ in range(3): cache.run_finished(max_age=2)
    >>> cache.hashes(), cache.receive(ForwardMsg(ref_hash="h1"))
    ([], None)
    """

    def __init__(self) -> None:
        self.run_count = 0
        # hash -> (run count, fragment id, the message where the bench reads it)
        self._held: dict[str, tuple[int, str, ForwardMsg | None]] = {}

    def hashes(self) -> list[str]:
        return list(self._held)

    def receive(self, msg: ForwardMsg) -> ForwardMsg | None:
        """Store or re-stamp what ``msg`` brings; return the message as the page reads it:
        ``msg``, or for a reference the element it names (the reference itself where that is
        not kept), or None for a reference to an element not held."""
        if msg.WhichOneof("type") == "ref_hash":
            if msg.ref_hash not in self._held:
                return None
            _, fragment, kept = self._held[msg.ref_hash]
            self._held[msg.ref_hash] = (self.run_count, fragment, kept)
            if kept is None:
                return msg
            resolved = ForwardMsg()
            resolved.CopyFrom(kept)
            resolved.metadata.CopyFrom(msg.metadata)
            return resolved
        if msg.metadata.cacheable and msg.hash:
            if msg.hash in self._held:
                _, fragment, kept = self._held[msg.hash]
            else:
                fragment, kept = msg.delta.fragment_id, _read_by_the_bench(msg)
            self._held[msg.hash] = (self.run_count, fragment, kept)
        return msg

    def run_finished(self, max_age: int, fragment_ids: list[str] | tuple[str, ...] = ()) -> None:
        self.run_count += 1
        for digest, (stamp, fragment, _) in list(self._held.items()):
            if fragment_ids and fragment not in fragment_ids:
                continue  # a fragment's run ages that fragment's elements only
            if self.run_count - stamp > max_age:
                del self._held[digest]


def _read_by_the_bench(msg: ForwardMsg) -> ForwardMsg | None:
    """``msg`` if it is an element the bench looks into (an exception, a widget), else None."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception" or isinstance(getattr(getattr(element, kind or ""), "id", None), str):
        return msg
    return None


# --- what the students saw --------------------------------------------------------------------


@dataclass
class Change:
    seq: int
    value: str
    sent: float


@dataclass(frozen=True)
class Pace:
    """How a student changes its input: every ``interval`` s ± ``jitter`` (a share of it); a
    change is late after ``timeout`` s; ``wait_for_result``: not before the last one shows;
    ``reconnect``: open a dropped connection again, as the browser does."""

    interval: float
    jitter: float
    timeout: float
    wait_for_result: bool = False
    reconnect: bool = False


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
    workers: Counter = field(default_factory=Counter)  # students by the proxy's cookie
    disconnects: int = 0
    reconnects: int = 0
    moved: int = 0  # reconnected to another worker than before
    reconnect_times: list[float] = field(default_factory=list)
    pending_at_disconnect: int = 0  # changes sent and not yet shown when a connection dropped
    recovered: int = 0  # of those, shown after the reconnection
    state_checked: int = 0  # pages whose batch and options were compared after a reconnection

    def error(self, kind: str, detail: str, count: int = 1) -> None:
        self.errors[kind] += count
        self.examples.setdefault(kind, detail)


# --- one student ------------------------------------------------------------------------------


class Student:
    """One browser tab, as far as the server can tell: one session, its page, its widget.

    Unlike the browser it sends the state of the widget it changed only, not of every widget;
    the server keeps the others' values from the last run either way.
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
        self.widget_fragment = ""
        self.widget_value: str | None = None
        self.cache = ElementCache()
        self.max_cache_age = 2
        self.awaiting_run = False  # a rerun was asked for and its run has not started yet
        self.runs = 0
        self.run_started = 0.0
        self.run_failed = False
        self.run_elements = 0
        self.pending: list[Change] = []
        self.first_run = asyncio.Event()
        self.idle = asyncio.Event()
        self.connected = asyncio.Event()
        self.closing = False
        self.dead = False
        self.ws: ClientConnection | None = None
        self.cookies: dict[str, str] = {}
        self.worker = ""
        self.reconnect = False
        self.timeout = 30.0
        self.before_move: tuple[list[tuple[str, str]], str] | None = None
        self.dropped_at = float("-inf")  # when the connection last dropped

    # connecting

    async def _open(self) -> ClientConnection:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        ws = await connect(
            self.ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.origin,  # type: ignore[arg-type]
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,  # a browser sends no pings: it only answers the server's
        )
        if ws.response is not None:
            for header in ws.response.headers.get_all("Set-Cookie"):
                jar = SimpleCookie()
                jar.load(header)
                self.cookies.update({name: morsel.value for name, morsel in jar.items()})
        self.worker = self.cookies.get(STICKY_COOKIE, "")
        self.connected.set()
        return ws

    # sending

    def _rerun_message(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        client.page_name = self.page
        client.page_script_hash = self.page_script_hash
        client.fragment_id = fragment_id
        client.cached_message_hashes.extend(self.cache.hashes())
        info = client.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url, info.color_scheme = f"{self.origin}/{self.page}", "light"
        if self.widget_id is not None and self.widget_value is not None:
            state = client.widget_states.widgets.add()
            state.id = self.widget_id
            self.widget.set_state(state, self.widget_value)
        self.awaiting_run = True
        return msg.SerializeToString()

    async def change(self, seq: int) -> None:
        self.widget_value = self.widget.value(seq, self.salt)
        self.pending.append(Change(seq, self.widget_value, time.perf_counter()))
        self.idle.clear()
        self.stats.sent += 1
        assert self.ws is not None
        await self.ws.send(self._rerun_message(self.widget_fragment))

    # receiving

    def _on_message(self, data: bytes) -> None:
        self.stats.bytes_received += len(data)
        received = ForwardMsg()
        received.ParseFromString(data)
        msg = self.cache.receive(received)
        if msg is None:
            self.stats.error(
                "protocol",
                f"{self.page}: reference to an element never received, or already dropped as"
                " the browser drops it (a browser would fail here too)",
            )
            return
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.runs += 1
            self.stats.runs_started += 1
            self.awaiting_run = False
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
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.run_failed = True
            self.stats.error("exception", f"{self.page}: script compilation failed")
        elif kind == "script_finished":
            self._age_cache(msg)
            self._on_script_finished(msg.script_finished)

    def _age_cache(self, msg: ForwardMsg) -> None:
        """As the browser does at the end of a run (see ``ElementCache``)."""
        stopped = msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN
        if not stopped and not self.awaiting_run and msg.metadata.run.script_run_id:
            self.cache.run_finished(self.max_cache_age, list(msg.metadata.run.fragment_ids))

    def _on_delta(self, msg: ForwardMsg) -> None:
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
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.stats.error("exception", f"{self.page}: script did not compile")
            return
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            if any(change.sent > self.run_started for change in self.pending):
                self.stats.runs_stopped += 1
            else:  # nothing newer came: the script asked for the rerun itself
                self.stats.runs_handed_on += 1
        if status not in RUN_DONE or self.run_failed:
            return  # stopped for a newer change, or already counted as an error
        self.stats.runs_finished += 1
        if not self.first_run.is_set():
            self.first_run.set()
            return
        shown = self.widget.shown(self.query_string)
        if self._check_after_move(shown):
            return
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
            self.stats.recovered += int(i == done and change.sent < self.dropped_at)
        self.stats.start_delays.append(self.run_started - self.pending[done].sent)
        self.stats.run_times.append(now - self.run_started)
        del self.pending[: done + 1]
        if not self.pending:
            self.idle.set()

    def _check_after_move(self, shown: str) -> bool:
        """At the first run after a reconnection: the page shows its batch and options as
        before, and the widget's value as before or as a newer change of this student. A change
        that run does not show is lost: the run that would show it is done (the app starts a
        new session from its link). Whether it was."""
        if self.before_move is None:
            return False
        rest, before = self.before_move
        self.before_move = None
        self.stats.state_checked += 1
        values = [before, *(change.value for change in self.pending)]
        if self.widget.rest(self.query_string) != rest or not any(
            self.widget.matches(shown, value) for value in values
        ):
            self.stats.error(
                "state",
                f"{self.page}: after reconnecting the page showed {self.query_string!r}",
            )
        if not self.pending or self.widget.matches(shown, self.pending[-1].value):
            return False
        self.stats.error(
            "lost",
            f"{self.page}: the first run after the move to another worker showed"
            f" {self.widget.field}={shown}, not the change sent ({self.pending[-1].value})",
            len(self.pending),
        )
        self.pending.clear()
        self.idle.set()
        return True

    async def _receive(self) -> None:
        """Read messages until the connection closes; reconnect when asked to."""
        while True:
            assert self.ws is not None
            try:
                async for data in self.ws:
                    if isinstance(data, bytes):
                        self._on_message(data)
                error = "the server closed the session"
            except (ConnectionClosed, WebSocketException, OSError) as problem:
                error = repr(problem)
            self.connected.clear()
            if self.closing:
                return
            if not (self.reconnect and await self._reconnect()):
                self.stats.error("disconnect", f"{self.page}: {error}"[:200])
                self.dead = True
                self.first_run.set()
                self.idle.set()
                return

    async def _reconnect(self) -> bool:
        """Open the connection again after the browser's back-off; ask again for a run that
        was asked for and not finished. False if no connection opens within the timeout."""
        dropped = self.dropped_at = time.perf_counter()
        self.stats.disconnects += 1
        self.stats.pending_at_disconnect += len(self.pending)
        if self.first_run.is_set():
            self.before_move = (
                self.widget.rest(self.query_string),
                self.widget.shown(self.query_string),
            )
        worker, attempt = self.worker, 0
        rng = random.Random(self.number)
        while time.perf_counter() - dropped < self.timeout:
            attempt += 1
            ceiling = min(4.0, 0.5 * 2 ** (attempt - 1))  # the browser's, in seconds
            await asyncio.sleep(rng.uniform(0.25 if attempt == 1 else ceiling / 2, ceiling))
            with contextlib.suppress(OSError, WebSocketException, asyncio.TimeoutError):
                self.ws = await self._open()
                break
        else:
            return False
        self.stats.reconnects += 1
        self.stats.reconnect_times.append(time.perf_counter() - dropped)
        self.stats.moved += int(self.worker != worker)
        if self.pending or self.awaiting_run:
            await self.ws.send(self._rerun_message())
        return True

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
        timeout = self.timeout = pace.timeout
        self.reconnect = pace.reconnect
        await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
        opened = time.perf_counter()
        try:
            self.ws = await self._open()
        except (OSError, WebSocketException, asyncio.TimeoutError) as error:
            self.stats.error("connect", f"{self.page}: {error!r}"[:200])
            return
        self.stats.workers[self.worker] += 1
        reader = asyncio.create_task(self._receive())
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
            await self._change_until(end_at, pace)
            await self._settle(timeout)
        except (ConnectionClosed, WebSocketException, OSError):
            pass  # the reader counts the disconnect, or reconnects
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

    async def _change_until(self, end_at: float, pace: Pace) -> None:
        """Change the widget every ``pace.interval`` s (jittered) until ``end_at``; while the
        connection is down the page takes no input, so no change is made."""
        rng = random.Random(self.number)
        next_at = time.perf_counter() + rng.uniform(0, pace.interval)
        seq = 0
        while not self.dead and next_at < end_at:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            if pace.wait_for_result and self.pending:
                await self._settle(pace.timeout, end_at)
                next_at = max(next_at, time.perf_counter())
                if next_at >= end_at:
                    break
            self._expire(pace.timeout)
            if self.dead:
                break
            if self.connected.is_set():
                await self.change(seq)
                seq += 1
            next_at += pace.interval * rng.uniform(1 - pace.jitter, 1 + pace.jitter)


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
    reconnect: bool = False,
    stats: Stats | None = None,
) -> Stats:
    """Run ``sessions`` students against the server at ``url`` for ``duration`` seconds (ramp
    included: students open the page evenly over the first ``ramp`` seconds)."""
    pace = Pace(interval, jitter, timeout, wait_for_result, reconnect)
    ws_url, origin = websocket_url(url)
    stats = Stats() if stats is None else stats
    students = [
        Student(i, ws_url, origin, page, widget, stats)
        for i, (page, widget) in enumerate(spread_over(pages, sessions))
    ]
    start = time.perf_counter() + 0.1
    end = start + duration
    tasks = [s.run(start + ramp * i / max(1, sessions), end, pace) for i, s in enumerate(students)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), duration + 2 * timeout + 30)
    except asyncio.TimeoutError:
        stats.error("timeout", "the load did not end in time; stopped it")
    return stats
