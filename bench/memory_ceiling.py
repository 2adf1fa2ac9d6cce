"""Memory ceiling: many students each open the largest batch on several pages; then they leave.

    python bench/memory_ceiling.py [--sessions 20] [--at-once 5] [--pages softmax,...]
        [--ttl 10] [--port 8800] [--out FILE]

Each simulated student (the browser's websocket protocol) generates a batch of 10,000 x 100
random logits in the sidebar (a million, as many as the largest upload; each student its own
seed, so no two share a cached result) and opens ``--pages`` with it, ``--at-once`` students
at a time; all stay connected until the last is done, then all close their tabs. The server's
resident memory (the process and its children, every 0.2 s) is reported before, at its peak,
with every student connected, and after they left: Streamlit keeps a closed tab's session for
``server.disconnectedSessionTTL`` seconds in case it comes back (``--ttl``, passed to the
server the bench starts; 120 by default in Streamlit), and forgets it at the next connection
after that, which the bench makes; the app gives freed memory back to the system every 30 s.
A measurement, not a test; loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time

from benchlib import LAUNCHERS, Report, parser, running_app
from bystander import Tab
from processes import ProcessSampler, resident

PAGES = "softmax,cross_entropy,binary_cross_entropy,gradients,entropy_kl,imbalance"
#: What the app waits between two calls that give freed memory back (lossviz/ui/memory.py).
TRIM_SECONDS = 30.0


async def _warm_up(url: str, pages: str) -> None:
    """Every page once on the default batch: imports and small caches are warm."""
    async with Tab(url) as tab:
        for page in filter(None, (page.strip() for page in pages.split(","))):
            await tab.rerun(page)


async def _run(url: str, args, pid: int) -> dict[str, float]:
    pages = [page.strip() for page in args.pages.split(",") if page.strip()]
    figures: dict[str, float] = {"before": resident(pid)}
    gate, left = asyncio.Semaphore(args.at_once), asyncio.Event()
    started = time.perf_counter()
    done = asyncio.Event()
    finished = 0

    async def student(seed: int) -> None:
        nonlocal finished
        async with Tab(url) as tab:
            async with gate:
                first = await tab.rerun(pages[0])
                await tab.rerun(
                    pages[0],
                    [
                        (first.elements["lv_random_seed"][0], "int_value", seed),
                        (first.elements["lv_random_samples"][0], "int_value", 10_000),
                        (first.elements["lv_random_classes"][0], "int_value", 100),
                        (first.elements["lv_random_go"][0], "trigger_value", True),
                    ],
                )
                for page in pages[1:]:
                    await tab.rerun(page)
            finished += 1
            if finished == args.sessions:
                done.set()
            await left.wait()  # connected until every student is done

    tasks = [asyncio.create_task(student(1000 + i)) for i in range(args.sessions)]
    await done.wait()
    figures["all done, s"] = time.perf_counter() - started
    figures["all connected"] = resident(pid)
    left.set()
    await asyncio.gather(*tasks)
    await asyncio.sleep(args.ttl + 2)
    async with Tab(url) as tab:  # a new visitor: Streamlit forgets the expired sessions
        await tab.rerun("softmax")
    await asyncio.sleep(TRIM_SECONDS + 5)
    figures["after"] = resident(pid)
    return figures


def main() -> None:
    arguments = parser(__doc__)
    arguments.add_argument("--sessions", type=int, default=20)
    arguments.add_argument("--at-once", type=int, default=5, help="students working at once")
    arguments.add_argument("--pages", default=PAGES)
    arguments.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL")
    arguments.add_argument("--port", type=int, help="port for the server the bench starts")
    arguments.add_argument(
        "--launcher",
        choices=sorted(LAUNCHERS),
        default="serve",
        help="how the bench starts the server: serve.py (what the image and workers.py run, "
        "with few malloc arenas) or streamlit run app.py",
    )
    arguments.add_argument("--url", help="a running app on loopback (started with --ttl's TTL)")
    arguments.add_argument("--server-pid", type=int, help="its process (required with --url)")
    args = arguments.parse_args()
    if args.url and not args.server_pid:
        arguments.error("--url needs --server-pid (its memory is read from /proc)")

    report = Report("Memory ceiling")
    report.start()
    option = f"server.disconnectedSessionTTL={args.ttl}"
    with contextlib.ExitStack() as stack:
        if args.url:
            url, pid = args.url, args.server_pid
        else:
            server = stack.enter_context(
                running_app(args.launcher, options=[option], port=args.port)
            )
            url, pid = server.url, server.pid
        asyncio.run(_warm_up(url, args.pages))
        with ProcessSampler([pid]) as sampler:
            figures = asyncio.run(_run(url, args, pid))
        usage = sampler.usage[0]
        peak = max(usage.rss_peak, usage.high_water)
    report.text(
        f"- {args.sessions} students, {args.at_once} at a time, each a 10,000 x 100 batch of its"
        f" own on {args.pages}; server option {option}, started by {args.launcher}"
    )
    report.table(["moment", "server resident memory"], "lr")
    report.row("before the students", f"{figures['before'] / 1e6:,.0f} MB")
    report.row("peak", f"{peak / 1e6:,.0f} MB")
    report.row("every student connected and done", f"{figures['all connected'] / 1e6:,.0f} MB")
    later = f"all left, {args.ttl + 2} s + {TRIM_SECONDS + 5:.0f} s later"
    report.row(later, f"{figures['after'] / 1e6:,.0f} MB")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    report.text(
        "", f"The students took {figures['all done, s']:.0f} s; load average at the end {load}."
    )
    report.save(args.out)


if __name__ == "__main__":
    main()
