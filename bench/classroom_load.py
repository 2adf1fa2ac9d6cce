"""Classroom load: many students' sessions on one server, each changing an input every few seconds.

    python bench/classroom_load.py [--sessions 50] [--duration 60] [--interval 2]
        [--pages softmax,cross_entropy] [--wait-for-result] [--out FILE]
        [--server-option runner.postScriptGC=false]
        [--url http://127.0.0.1:8080[/base] [--worker-pids PID,PID] [--kill-at 20] [--reconnect]]

Each simulated student is a real Streamlit session spoken to over the app's websocket as the
browser speaks to it (``classroom_client.py``): it asks for a first run of its page, finds the
widget it will move among the elements that run sends, then every ``--interval`` seconds (with
jitter) sends a ``rerun_script`` message whose widget states carry a new value. The students are
spread over ``--pages``: on /softmax they move the temperature slider, elsewhere they edit the
sidebar's logits text (``page:widget`` picks another).

A change is completed when a run finishes and the page's query string (the app mirrors every
option in it) shows the new value, or a newer one of the same student: as in the browser, a
change sent while the last one still runs stops that run, and the student sees the newer result.
Its latency runs from sending it to that run's ``script_finished``; it is split at the arrival of
the run's first message. By default students keep to their schedule however slow the server is;
``--wait-for-result`` has each wait until its last change shows. Errors: an exception element
in a run, a script that did not compile, a refused or closed connection, the widget missing from
the page, a change not shown within ``--timeout`` seconds, a reference to an element the browser
would not hold ('protocol'), a page that came back from a reconnection with another batch
('state').

Without ``--url`` the bench starts its own server on a free loopback port (the repository's
``.streamlit/config.toml``, the file watcher off as in the container), warms it with one session
per page (imports, caches), samples the server's resident memory (with any child processes) every
0.2 s and its CPU time, and stops it at the end; ``--server-option`` passes it config options
(to compare settings).

With ``--url`` it loads a server already running, directly or through a proxy (a base path in
the URL is kept), after opening each page once per worker: ``--worker-pids`` names the server's
processes (one, or each worker behind the proxy) for their CPU and memory, worker by worker; the
students' spread over the workers is read from the proxy's sticky cookie. ``--kill-at S`` kills
the first of them (SIGKILL) S seconds into the load, and turns on ``--reconnect``: students whose
connection drops open it again, as the browser does, and the report counts what was lost.

It only talks to loopback addresses, caps the sessions and the duration, and stops on its own. It
prints a markdown report (``--out`` writes it to a file too); a measurement, not a test: the
budgets are shown beside the values, the exit status ignores them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from benchlib import Report, Stats, parser, running_app
from classroom_client import (
    STICKY_COOKIE,
    WIDGETS,
    Widget,
    parse_pages,
    run_load,
    spread_over,
    websocket_url,
)
from classroom_client import Stats as LoadStats
from processes import ProcessSampler, Usage

MAX_SESSIONS = 200
MAX_DURATION = 600.0
MIN_INTERVAL = 0.2
#: Budgets from the issue: shown beside the values, never enforced.
BUDGET_P95_S = 1.0
BUDGET_PEAK_BYTES = 1.5e9


def warm_up(
    url: str, pages: list[tuple[str, Widget]], timeout: float = 60.0, workers: int = 1
) -> None:
    """Open each page once per worker (the teacher, before class): imports and caches are then
    warm. Behind a proxy, sessions opened together are spread over the workers."""
    seen = list(dict.fromkeys(pages)) * workers
    asyncio.run(run_load(url, len(seen), 0.0, seen, ramp=0.0, timeout=timeout))


# --- the report -------------------------------------------------------------------------------


def _ms(values: list[float], *qs: float) -> str:
    if not values:
        return "n/a"
    stats = Stats(tuple(values))
    return " / ".join(f"{stats.percentile(q) * 1e3:.0f}" for q in qs) + " ms"


def _mb(value: int | None) -> str:
    return f"{value / 1e6:.0f} MB" if value else "n/a"


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else (" (met)" if ok else " (**not met**)")


@dataclass
class Measurement:
    """A load's figures: what the students saw, the server's processes, the machine's load."""

    stats: LoadStats
    args: object  # the parsed command line
    pages: list[tuple[str, Widget]]
    wall: float
    server: str
    workers: list[Usage] = field(default_factory=list)
    client_cpu: float = 0.0
    load_before: float | None = None
    load_after: float | None = None
    killed: int | None = None  # the worker killed during the load

    def rows(self) -> list[tuple[str, str, str]]:
        s, a = self.stats, self.args
        mix = Counter(spread_over(self.pages, a.sessions))
        spread = ", ".join(f"/{page} ({w.key}) ×{count}" for (page, w), count in mix.items())
        errors = ", ".join(f"{kind} {count}" for kind, count in sorted(s.errors.items()))
        p95 = Stats(tuple(s.latencies)).p95 if s.latencies else None
        pace = f"every {a.interval:g} s ± {a.jitter:.0%}" + (
            ", once the last change shows" if a.wait_for_result else ", come what may"
        )
        rows = [
            ("sessions (page, input)", spread, ""),
            (
                "duration",
                f"{a.duration:.0f} s (students open the page over the first {a.ramp:.0f} s);"
                f" {self.wall:.0f} s in all",
                "",
            ),
            ("each student changes its input", pace, ""),
            ("changes sent", str(s.sent), ""),
            (
                "changes completed",
                f"{s.completed} ({s.superseded} of them by a newer change of the same student)",
                "",
            ),
            ("errors", errors or "none", "none" + _verdict(not s.errors)),
            (
                "runs started / finished / stopped early for a newer change / handed on"
                " by the app's own st.rerun()",
                f"{s.runs_started} / {s.runs_finished} / {s.runs_stopped} / {s.runs_handed_on}",
                "",
            ),
            (
                "change latency p50 / p95 / max",
                _ms(s.latencies, 50, 95, 100),
                f"p95 < {BUDGET_P95_S:g} s" + _verdict(None if p95 is None else p95 < BUDGET_P95_S),
            ),
            ("… until the run's first message arrives p50 / p95", _ms(s.start_delays, 50, 95), ""),
            ("… from there to script_finished p50 / p95", _ms(s.run_times, 50, 95), ""),
            ("first load p50 / p95 / max", _ms(s.first_loads, 50, 95, 100), ""),
        ]
        if any(s.workers):
            by_cookie = ", ".join(
                f"{name or '(none)'} {n}" for name, n in sorted(s.workers.items())
            )
            rows.append(
                (f"students by worker (the proxy's `{STICKY_COOKIE}` cookie)", by_cookie, "")
            )
        if a.reconnect:
            rows += self._reconnection_rows()
        rows += self._server_rows()
        load = " / ".join(
            f"{x:.1f}" if x is not None else "n/a" for x in (self.load_before, self.load_after)
        )
        rows += [
            (
                "load generator CPU",
                f"{self.client_cpu:.0f} s ({self.client_cpu / self.wall:.0%} of one core)"
                if self.wall
                else "n/a",
                "",
            ),
            ("received by the students", f"{s.bytes_received / 1e6:.1f} MB", ""),
            ("load average (1 min) before / after", load, ""),
        ]
        return rows

    def _reconnection_rows(self) -> list[tuple[str, str, str]]:
        s = self.stats
        killed = (
            f"worker pid {self.killed} killed at {self.args.kill_at:g} s; " if self.killed else ""
        )
        return [
            (
                "connections dropped / reopened (on another worker)",
                f"{killed}{s.disconnects} / {s.reconnects} ({s.moved})",
                "",
            ),
            ("… reopened after p50 / max", _ms(s.reconnect_times, 50, 100), ""),
            (
                "changes in flight when dropped / shown after reopening",
                f"{s.pending_at_disconnect} / {s.recovered}",
                "",
            ),
            (
                "pages checked after reopening: same page, batch and options",
                f"{s.state_checked - s.errors['state']} of {s.state_checked}",
                "all" + _verdict(not s.errors["state"] if s.state_checked else None),
            ),
        ]

    def _server_rows(self) -> list[tuple[str, str, str]]:
        measured = [w for w in self.workers if w.cpu is not None]
        if not measured:
            return [("server CPU and memory", "n/a (give --worker-pids)", "")]
        cpu = sum(w.cpu for w in measured)
        loop = sum(w.loop_cpu or 0.0 for w in measured)
        peak = sum(max(w.rss_peak, w.high_water) for w in measured)
        runs = self.stats.runs_finished
        return [
            (
                "server RSS before load / peak (all workers)",
                f"{_mb(sum(w.rss_first for w in measured))} / {_mb(peak)}",
                f"peak < {BUDGET_PEAK_BYTES / 1e9:g} GB" + _verdict(peak < BUDGET_PEAK_BYTES),
            ),
            (
                "server CPU (all workers)",
                f"{cpu:.0f} s ({cpu / self.wall:.0%} of one core), {loop:.1f} s of it in the"
                " event loop threads",
                "",
            ),
            (
                "server CPU per finished run",
                f"{cpu / runs * 1e3:.0f} ms" if runs else "n/a",
                "",
            ),
        ]

    def markdown(self, report: Report) -> None:
        report.text(f"- server: {self.server}")
        report.table(["measure", "value", "budget"], "lll")
        for name, value, budget in self.rows():
            report.row(name, value, budget)
        if len(self.workers) > 1 or self.killed:
            report.table(["worker pid", "port", "CPU", "share of one core", "RSS peak"], "lrrrr")
            for w in self.workers:
                cpu = f"{w.cpu:.1f} s" if w.cpu is not None else "n/a"
                share = f"{w.cpu / self.wall:.0%}" if w.cpu is not None and self.wall else "n/a"
                note = " (killed)" if w.pid == self.killed else " (exited)" if w.gone else ""
                report.row(f"{w.pid}{note}", w.port or "?", cpu, share, _mb(w.rss_peak))
        if self.stats.examples:
            report.text("", "First error of each kind:")
            report.text(*(f"- {kind}: {ex}" for kind, ex in sorted(self.stats.examples.items())))


# --- the load ---------------------------------------------------------------------------------


class Killer(threading.Timer):
    """SIGKILLs ``pid`` ``after`` seconds from its start (a worker dying in the middle of a
    class), unless cancelled first; ``fired`` says whether it did."""

    def __init__(self, pid: int, after: float) -> None:
        super().__init__(after, self._kill)
        self.pid, self.fired, self.daemon = pid, False, True

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
            self.fired = True


def _load(args, pages: list[tuple[str, Widget]], url: str, pids: list[int]) -> Measurement:
    """The load, with the wall-clock, this process's CPU time and the server's processes."""
    client_start, wall_start = time.process_time(), time.perf_counter()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    killer = Killer(pids[0], args.kill_at) if args.kill_at is not None and pids else None
    with ProcessSampler(pids) as sampler:
        if killer is not None:
            killer.start()
        try:
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
                    reconnect=args.reconnect,
                )
            )
        finally:
            if killer is not None:
                killer.cancel()
    return Measurement(
        stats,
        args,
        pages,
        wall=time.perf_counter() - wall_start,
        server=f"at {url}",
        workers=sampler.usage,
        client_cpu=time.process_time() - client_start,
        load_before=load_before,
        load_after=os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        killed=killer.pid if killer is not None and killer.fired else None,
    )


def measure(args, pages: list[tuple[str, Widget]]) -> Measurement:
    if args.url:
        warm_up(args.url, pages, workers=max(1, len(args.worker_pids)))
        result = _load(args, pages, args.url, args.worker_pids)
        pids = ", ".join(str(pid) for pid in args.worker_pids)
        result.server = f"at {args.url}" + (f" (worker pids {pids})" if pids else "")
        return result
    with running_app(options=args.server_option) as server:
        warm_up(server.url, pages)
        result = _load(args, pages, server.url, [server.pid])
    result.server = "started by the bench, warmed with one session per page" + "".join(
        f", `--{option}`" for option in args.server_option
    )
    return result


def _pids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> None:
    cli = parser(__doc__)
    cli.add_argument("--sessions", type=int, default=50, help=f"at most {MAX_SESSIONS}")
    cli.add_argument("--duration", type=float, default=60.0, help=f"s, at most {MAX_DURATION:g}")
    cli.add_argument("--interval", type=float, default=2.0, help="s between a student's changes")
    cli.add_argument("--jitter", type=float, default=0.25, help="± this share of the interval")
    cli.add_argument("--ramp", type=float, default=5.0, help="s over which students arrive")
    cli.add_argument("--timeout", type=float, default=30.0, help="s before a change is late")
    cli.add_argument(
        "--wait-for-result",
        action="store_true",
        help="a student changes its input only once its last change shows (by default it "
        "changes on schedule, as an impatient student does, stopping the run in progress)",
    )
    cli.add_argument(
        "--pages",
        default="softmax,cross_entropy",
        help="pages students are spread over, each optionally page:widget with widget one of "
        f"{', '.join(WIDGETS)} (default: temperature on softmax, the logits text elsewhere)",
    )
    cli.add_argument("--url", help="a running server or proxy on loopback instead of starting one")
    cli.add_argument(
        "--worker-pids",
        "--server-pid",
        type=_pids,
        default=[],
        metavar="PID[,PID...]",
        help="with --url: the server's processes (each worker behind a proxy), for CPU and memory",
    )
    cli.add_argument(
        "--kill-at",
        type=float,
        metavar="S",
        help="with --worker-pids: kill the first of them S seconds into the load (implies "
        "--reconnect)",
    )
    cli.add_argument(
        "--reconnect",
        action="store_true",
        help="students reopen a dropped connection as the browser does, and the report counts "
        "what was lost",
    )
    cli.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="a Streamlit config option for the server the bench starts (repeatable), e.g. "
        "runner.postScriptGC=false",
    )
    args = cli.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS:
        cli.error(f"--sessions must be 1..{MAX_SESSIONS}")
    if not 0 < args.duration <= MAX_DURATION:
        cli.error(f"--duration must be in (0, {MAX_DURATION:g}]")
    if args.interval < MIN_INTERVAL:
        cli.error(f"--interval must be at least {MIN_INTERVAL:g}")
    if not 0 <= args.jitter < 1:
        cli.error("--jitter must be in [0, 1)")
    if not 0 <= args.ramp <= args.duration:
        cli.error("--ramp must be in [0, duration]")
    if not 1 <= args.timeout <= 120:
        cli.error("--timeout must be in [1, 120]")
    if args.server_option and args.url:
        cli.error("--server-option applies to the server the bench starts, not to --url")
    if args.worker_pids and not args.url:
        cli.error("--worker-pids goes with --url (the bench samples the server it starts)")
    if args.kill_at is not None:
        if not args.worker_pids:
            cli.error("--kill-at needs --worker-pids: the first is killed")
        if not 0 < args.kill_at < args.duration:
            cli.error("--kill-at must be within the duration")
        args.reconnect = True
    for option in args.server_option:
        if not re.fullmatch(r"[A-Za-z]+\.[A-Za-z]+=\S*", option):
            cli.error(f"--server-option {option!r} is not section.option=value")
    try:
        pages = parse_pages(args.pages)
        if args.url:
            websocket_url(args.url)
    except ValueError as error:
        cli.error(str(error))
    report = Report(
        f"Classroom load: {args.sessions} sessions for {args.duration:.0f} s, "
        f"a change every {args.interval:g} s"
    )
    result = measure(args, pages)
    report.start()
    result.markdown(report)
    report.save(args.out)


if __name__ == "__main__":
    main()
