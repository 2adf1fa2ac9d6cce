"""Server CPU per interaction: one student changes one input at a time on a real server.

    python bench/interaction_cpu.py [--changes 60] [--inputs softmax,cross_entropy:smoothing]
        [--port 8800] [--url http://127.0.0.1:8501 --server-pid PID] [--no-floor] [--out FILE]

For each ``page:widget`` of ``--inputs`` (widgets as in bench/classroom_load.py: temperature,
smoothing, logits (the sidebar's), ratio, beta; a page alone takes its default), one simulated
student, speaking the browser's websocket protocol (classroom_load's ``Student``), opens the
page, then changes the input ``--changes`` times, each once the last one shows. What the server
process spends in CPU time over those changes (every thread: the script runs, and Streamlit's
event loop, which serialises and sends what they draw), divided by their number, is the CPU one
interaction costs; the wall-clock time from the change sent to its run's end is its latency.
A page that draws the input in a ``st.fragment`` reruns that fragment only, as in the browser.

The floor beside it: the same on an empty script (one slider whose value goes into the URL) on a
server of its own with the same configuration. Without ``--url`` the bench starts the app itself
(``--port``, or a free port); it only talks to loopback addresses. CPU times come from /proc in
clock ticks (10 ms): take 60 changes or more. A measurement, not a test.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchlib import Report, parser, running_app
from classroom_client import WIDGETS, Stats, Student, parse_pages, websocket_url
from classroom_load import warm_up
from processes import cpu_seconds

DEFAULT_INPUTS = (
    "softmax,cross_entropy:smoothing,softmax:logits,cross_entropy,binary_cross_entropy,"
    "gradients:smoothing,entropy_kl:smoothing,imbalance:ratio,stability,mistakes,regression:beta"
)
#: An empty script: the least a rerun that moves a slider and writes the URL can cost.
FLOOR_SCRIPT = """import streamlit as st

value = st.slider("temperature", 0.05, 20.0, 1.0, step=0.05, key="lv_temperature")
st.query_params["temperature"] = str(value)
"""


async def _interact(
    url: str, page: str, widget, changes: int, pid: int, timeout: float, student_number: int
):
    """One student's ``changes`` changes in a row: (server CPU s, latencies s, stats)."""
    ws_url, origin = websocket_url(url)
    stats = Stats()
    student = Student(student_number, ws_url, origin, page, widget, stats)
    student.timeout = timeout
    student.ws = await student._open()
    reader = asyncio.create_task(student._receive())
    try:
        await student.ws.send(student._rerun_message())
        await asyncio.wait_for(student.first_run.wait(), timeout)
        if student.widget_id is None:
            raise RuntimeError(f"/{page}: no widget {widget.key} on the page")
        # Two changes to warm what the first change builds (the fragment, caches).
        for seq in range(2):
            await student.change(seq)
            await student._settle(timeout)
        await asyncio.sleep(0.3)
        before = cpu_seconds(pid)
        for seq in range(2, changes + 2):
            await student.change(seq)
            await student._settle(timeout)
        after = cpu_seconds(pid)
    finally:
        student.closing = True
        await student.ws.close()
        reader.cancel()
    if stats.errors:
        kind, detail = next(iter(stats.examples.items()))
        raise RuntimeError(f"/{page}: {kind}: {detail}")
    assert before is not None and after is not None
    return after[0] - before[0], stats.latencies[2:], stats


def measure(
    url: str, pid: int, inputs: str, changes: int, timeout: float, student: int = 0
) -> list[tuple]:
    pages = parse_pages(inputs)
    warm_up(url, pages)
    rows = []
    for page, widget in pages:
        cpu, latencies, _ = asyncio.run(
            _interact(url, page, widget, changes, pid, timeout, student)
        )
        rows.append((page, widget, cpu / changes, latencies))
    return rows


def floor(changes: int, timeout: float, port: int | None) -> tuple[float, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor.py"
        script.write_text(FLOOR_SCRIPT)
        with running_app(script=str(script), port=port) as server:
            ((_, _, cpu, latencies),) = measure(
                server.url, server.pid, "floor:temperature", changes, timeout
            )
    return cpu, latencies


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--changes", type=int, default=60, help="changes per input")
    arguments.add_argument("--inputs", default=DEFAULT_INPUTS, help="page[:widget],...")
    arguments.add_argument("--port", type=int, help="port for the servers the bench starts")
    arguments.add_argument("--url", help="a running app on loopback instead of starting one")
    arguments.add_argument("--server-pid", type=int, help="its process (required with --url)")
    arguments.add_argument("--no-floor", action="store_true", help="skip the empty script")
    arguments.add_argument("--timeout", type=float, default=30.0, help="s before a change is late")
    args = arguments.parse_args()
    if args.url and not args.server_pid:
        arguments.error("--url needs --server-pid (the CPU is read from /proc)")

    report = Report("Server CPU per interaction")
    report.text(f"- changes per input: {args.changes}, one after another, each once the last shows")
    report.start()
    started = time.monotonic()
    if args.url:
        rows = measure(args.url, args.server_pid, args.inputs, args.changes, args.timeout)
    else:
        with running_app(port=args.port) as server:
            rows = measure(server.url, server.pid, args.inputs, args.changes, args.timeout)
    report.table(["page", "input", "server CPU per change ms", "latency median / p95 ms"], "llrr")
    if not args.no_floor:
        cpu, latencies = floor(args.changes, args.timeout, args.port)
        rows.append(("(empty script)", WIDGETS["temperature"], cpu, latencies))
    for page, widget, cpu, latencies in rows:
        ordered = sorted(latencies)
        p95 = ordered[max(0, int(0.95 * len(ordered) + 0.5) - 1)]
        report.row(
            page,
            widget.key.removeprefix("lv_"),
            f"{cpu * 1e3:.1f}",
            f"{statistics.median(latencies) * 1e3:.1f} / {p95 * 1e3:.1f}",
        )
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    report.text("", f"Load average at the end: {load}; {time.monotonic() - started:.0f} s in all.")
    report.save(args.out)


if __name__ == "__main__":
    main()
