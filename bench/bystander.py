"""Bystander stall: what one student's heaviest action costs another student on the same server.

    python bench/bystander.py [--seconds 20] [--actions idle,training,batch,typed]
        [--typed-values 1000000] [--trainers 1] [--port 8800] [--url URL --server-pid PID]
        [--out FILE]

One simulated student, the bystander, moves the softmax temperature again and again (each
change once the last one shows, 0.2 s apart) and records how long each takes to show. Beside
it, another student does one of these, all in one server (the bench starts it, on ``--port`` or a
free port, unless ``--url`` names one):

- ``idle``: nothing (the bystander's own figures);
- ``training``: ``--trainers`` students (one by default) train in the playground at the
  settings' maximum a link allows (5,000 points, 6 classes, 256 hidden units, 5,000 steps),
  watching it as a browser does (the page's timers rerun its progress every 0.3 s and its charts
  every second), then close their tabs; the report says what CPU the server uses after that
  (a training that outlives its tab keeps a core busy);
- ``batch``: generates the largest batch the sidebar makes (10,000 x 100 random logits, as large
  as the largest upload) and opens every page on it in turn;
- ``typed``: types ``--typed-values`` logits into the sidebar's text area (rows of 100).

Both students speak the browser's websocket protocol. The report gives the bystander's latency
(median, p95, max) during each action, and what the action itself took. A measurement, not a
test; it talks to loopback addresses only.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field

from benchlib import Report, parser, running_app
from classroom_client import websocket_url
from processes import cpu_seconds
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

TIMEOUT = 120.0
PAGES = (
    "softmax",
    "cross_entropy",
    "binary_cross_entropy",
    "gradients",
    "entropy_kl",
    "imbalance",
    "stability",
    "mistakes",
)
MAX_TRAINING = {
    "train_points": "5000",
    "train_classes": "6",
    "train_hidden": "256",
    "train_steps": "5000",
}


@dataclass
class Run:
    elements: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (id, fragment)
    status: int | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)


class Tab:
    """One browser tab: a session over the websocket, its page, its auto-rerun timers."""

    def __init__(self, url: str, query: str = "") -> None:
        self.ws_url, self.origin = websocket_url(url)
        self.query, self.page_hash, self.page = query, "", ""
        self.run: Run | None = None
        self.timers: dict[str, asyncio.Task] = {}

    async def __aenter__(self) -> Tab:
        self.ws = await connect(
            self.ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.origin,  # type: ignore[arg-type]
            max_size=None,
            ping_interval=None,
        )
        self.reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        for timer in self.timers.values():
            timer.cancel()
        with contextlib.suppress(Exception):
            await self.ws.close()
        self.reader.cancel()

    async def send(self, page: str, widgets=(), fragment: str = "", auto: bool = False) -> Run:
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string, client.page_name = self.query, page
        client.page_script_hash = self.page_hash if page == self.page else ""
        client.fragment_id, client.is_auto_rerun = fragment, auto
        client.context_info.url = f"{self.origin}/{page}"
        for widget_id, kind, value in widgets:
            state = client.widget_states.widgets.add()
            state.id = widget_id
            if kind == "double_array_value":
                state.double_array_value.data[:] = [value]
            else:
                setattr(state, kind, value)
        self.page = page
        if not auto:
            self.run = Run()
        run = self.run
        await self.ws.send(msg.SerializeToString())
        return run  # type: ignore[return-value]

    async def rerun(self, page: str, widgets=(), fragment: str = "") -> Run:
        """Send a change and wait until its run (and any run it asked for) has finished."""
        run = await self.send(page, widgets, fragment)
        await asyncio.wait_for(run.done.wait(), TIMEOUT)
        return run

    async def _read(self) -> None:
        async for data in self.ws:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            run = self.run
            if kind == "navigation":
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "new_session" and not msg.metadata.run.fragment_ids:
                for timer in self.timers.values():  # a full run: the browser drops its timers
                    timer.cancel()
                self.timers.clear()
            elif kind == "auto_rerun":
                self._every(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
            elif kind == "stop_auto_rerun":
                for fragment in msg.stop_auto_rerun.fragment_ids:
                    if fragment in self.timers:
                        self.timers.pop(fragment).cancel()
            elif kind == "delta" and run is not None:
                element = msg.delta.new_element
                name = element.WhichOneof("type")
                if name is not None:
                    element_id = str(getattr(getattr(element, name), "id", ""))
                    key = element_id.rsplit("-", 1)[-1] if element_id.startswith("$$ID") else ""
                    if key:
                        run.elements[key] = (element_id, msg.delta.fragment_id)
            elif (
                kind == "script_finished"
                and run is not None
                and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
            ):
                run.status = msg.script_finished
                run.done.set()

    def _every(self, fragment: str, interval: float) -> None:
        if fragment in self.timers:
            self.timers.pop(fragment).cancel()

        async def tick() -> None:
            while True:
                await asyncio.sleep(interval)
                await self.send(self.page, fragment=fragment, auto=True)

        self.timers[fragment] = asyncio.create_task(tick())


async def _bystander(url: str, stop: asyncio.Event, latencies: list[float]) -> None:
    async with Tab(url) as tab:
        first = await tab.rerun("softmax")
        slider, fragment = first.elements["lv_temperature"]
        value = 0
        while not stop.is_set():
            value = value % 90 + 1
            started = time.perf_counter()
            change = [(slider, "double_array_value", 0.1 + value * 0.05)]
            await tab.rerun("softmax", change, fragment)
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(0.2)


async def _trainer(url: str, seconds: float, seed: int) -> None:
    settings = {**MAX_TRAINING, "train_seed": str(seed)}
    async with Tab(url, urllib.parse.urlencode(settings)) as tab:
        first = await tab.rerun("playground")
        button, fragment = first.elements["lv_train_start"]
        started = time.perf_counter()
        await tab.rerun("playground", [(button, "trigger_value", True)], fragment)
        await asyncio.sleep(max(0.0, seconds - (time.perf_counter() - started)))


async def _training(url: str, seconds: float, trainers: int, pid: int | None) -> str:
    await asyncio.gather(*(_trainer(url, seconds, seed) for seed in range(trainers)))
    note = (
        f"{trainers} student{'s' if trainers > 1 else ''} trained {seconds:.0f} s at the maximum"
        " settings, then closed their tabs"
    )
    if pid is not None:  # does the training stop with its tab?
        before = cpu_seconds(pid)
        await asyncio.sleep(3.0)
        after = cpu_seconds(pid)
        if before and after:
            note += f"; then the server used {(after[0] - before[0]) / 3.0:.0%} of a core"
    return note


async def _batch(url: str, seconds: float) -> str:
    async with Tab(url) as tab:
        first = await tab.rerun("softmax")
        widgets = [
            (first.elements["lv_random_samples"][0], "int_value", 10_000),
            (first.elements["lv_random_classes"][0], "int_value", 100),
            (first.elements["lv_random_go"][0], "trigger_value", True),
        ]
        started = time.perf_counter()
        await tab.rerun("softmax", widgets)
        times = [f"generate and softmax {time.perf_counter() - started:.1f} s"]
        for page in PAGES[1:]:
            began = time.perf_counter()
            await tab.rerun(page)
            times.append(f"{page} {time.perf_counter() - began:.1f} s")
        return "10,000 x 100 random logits: " + ", ".join(times)


async def _typed(url: str, seconds: float, values: int) -> str:
    columns = 100
    rows = values // columns
    logits = "\n".join(
        ", ".join(f"{((r * 7 + c * 13) % 41) / 8 - 2.5:.3f}" for c in range(columns))
        for r in range(rows)
    )
    target = ", ".join(str(r % columns) for r in range(rows))
    async with Tab(url) as tab:
        first = await tab.rerun("softmax")
        widgets = [
            (first.elements["lv_logits"][0], "string_value", logits),
            (first.elements["lv_target"][0], "string_value", target),
        ]
        started = time.perf_counter()
        await tab.rerun("softmax", widgets)
        return f"typed {rows:,} x {columns} logits ({len(logits) / 1e6:.1f} MB of text): " + (
            f"{time.perf_counter() - started:.1f} s to show"
        )


async def _warm_up(url: str) -> None:
    """Open the pages once, as a teacher would before class: imports and caches are warm."""
    for page in ("softmax", "playground"):
        async with Tab(url) as tab:
            await tab.rerun(page)


async def _scenario(
    url: str, action: str, seconds: float, typed_values: int, trainers: int, pid: int | None
) -> tuple:
    latencies: list[float] = []
    stop = asyncio.Event()
    bystander = asyncio.create_task(_bystander(url, stop, latencies))
    await asyncio.sleep(2.0)  # the bystander's page is open and warm
    latencies.clear()
    started = time.perf_counter()
    if action == "idle":
        await asyncio.sleep(seconds)
        note = f"nothing for {seconds:.0f} s"
    elif action == "training":
        note = await _training(url, seconds, trainers, pid)
    elif action == "batch":
        note = await _batch(url, seconds)
    else:
        note = await _typed(url, seconds, typed_values)
    elapsed = time.perf_counter() - started
    await asyncio.sleep(1.0)
    stop.set()
    await asyncio.wait_for(bystander, TIMEOUT)
    return note, elapsed, latencies


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(0.95 * len(ordered) + 0.5) - 1)]
    return f"{statistics.median(values) * 1e3:.0f} / {p95 * 1e3:.0f} / {ordered[-1] * 1e3:.0f}"


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--seconds", type=float, default=20.0, help="idle and training time")
    arguments.add_argument("--actions", default="idle,training,batch,typed")
    arguments.add_argument("--typed-values", type=int, default=1_000_000)
    arguments.add_argument("--port", type=int, help="port for the server the bench starts")
    arguments.add_argument("--trainers", type=int, default=1, help="students training at once")
    arguments.add_argument("--url", help="a running app on loopback instead of starting one")
    arguments.add_argument("--server-pid", type=int, help="its process (for its CPU time)")
    args = arguments.parse_args()

    report = Report("Bystander stall")
    report.start()
    rows = []
    with contextlib.ExitStack() as stack:
        if args.url:
            url, pid = args.url, args.server_pid
        else:
            server = stack.enter_context(running_app(port=args.port))
            url, pid = server.url, server.pid
        asyncio.run(_warm_up(url))
        for action in filter(None, args.actions.split(",")):
            rows.append((action, *asyncio.run(
                _scenario(url, action, args.seconds, args.typed_values, args.trainers, pid)
            )))  # fmt: skip
    report.table(
        ["action", "what it did", "bystander changes", "latency median / p95 / max ms"], "llrr"
    )
    for action, note, _, latencies in rows:
        report.row(action, note, len(latencies), _ms(latencies) if latencies else "n/a")
    report.save(args.out)


if __name__ == "__main__":
    main()
