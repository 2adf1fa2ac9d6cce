"""What the benchmarks share: the app's pages, the machine, statistics and the report.

Every benchmark prints a markdown report to stdout (and writes it to ``--out FILE`` when given):
the command that made it, the date, the machine and its load, then the tables.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import math
import os
import platform
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"


@dataclass(frozen=True)
class AppPage:
    """A page of the app: its script (relative to the root) and its URL path ("" for home)."""

    script: str
    url_path: str

    @property
    def name(self) -> str:
        return self.url_path or "home"


def app_pages(only: str | None = None) -> list[AppPage]:
    """Every page the app routes to, in its order: the default page, then ``SECTIONS``; or
    ``only`` those named (comma-separated names, as ``--pages`` takes them; home: ``home``).

    Read from ``app.py`` without running it (running it needs a Streamlit session).
    """
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    default: list[str] = []
    sections: dict[str, list[tuple[str, str, str]]] | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "SECTIONS" for target in node.targets
        ):
            sections = ast.literal_eval(node.value)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and any(k.arg == "default" for k in node.keywords)
        ):
            default.append(node.args[0].value)
    if sections is None:
        raise SystemExit("app.py has no SECTIONS")
    pages = [AppPage(script, "") for script in default]
    for entries in sections.values():
        pages += [AppPage(script, Path(script).stem) for script, _title, _icon in entries]
    if only:
        wanted = set(only.split(","))
        pages = [page for page in pages if page.name in wanted]
    return pages


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def command_line() -> str:
    """The command that ran this benchmark, relative to the project root."""
    script = Path(sys.argv[0]).resolve()
    with contextlib.suppress(ValueError):
        script = script.relative_to(ROOT)
    return shlex.join(["python", str(script), *sys.argv[1:]])


@dataclass(frozen=True)
class Stats:
    """Median and spread of timings, in seconds."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile (q in 0..100)."""
        ordered = sorted(self.values)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]

    @property
    def p95(self) -> float:
        return self.percentile(95)

    def ms(self, what: str = "median") -> str:
        value = self.p95 if what == "p95" else getattr(self, what)
        return f"{value * 1e3:.1f}"

    def seconds(self, what: str = "median") -> str:
        value = self.p95 if what == "p95" else getattr(self, what)
        return f"{value:.2f}"

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def max(self) -> float:
        return max(self.values)


@dataclass
class Report:
    """A markdown report: a header that says how it was made, then sections and tables."""

    title: str
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else ""
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        self.lines += [
            f"## {self.title}",
            "",
            f"- command: `{command_line()}`",
            f"- date: {now}",
            f"- machine: {os.cpu_count()} CPUs, {cpu_model()}, {platform.system()} "
            f"{platform.machine()}" + (f"; load average at start {load}" if load else ""),
            f"- software: Python {platform.python_version()}, streamlit {version('streamlit')}, "
            f"torch {version('torch')}, playwright {version('playwright')}",
        ]

    def text(self, *lines: str) -> None:
        self.lines += lines
        print(*lines, sep="\n", flush=True)

    def start(self) -> None:
        print(*self.lines, sep="\n", flush=True)

    def table(self, header: list[str], align: str) -> None:
        """Start a table; ``align`` has one letter per column: l (text) or r (number)."""
        self.text("", "| " + " | ".join(header) + " |")
        self.text("|" + "|".join("---" if a == "l" else "---:" for a in align) + "|")

    def row(self, *cells: object) -> None:
        self.text("| " + " | ".join(str(cell) for cell in cells) + " |")

    def save(self, out: Path | None) -> None:
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def parser(doc: str | None) -> argparse.ArgumentParser:
    """A parser with the options every benchmark has; its help is the module's docstring."""
    lines = (doc or "").strip().splitlines()
    result = argparse.ArgumentParser(
        description=lines[0] if lines else None,
        epilog="\n".join(lines[1:]) or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    result.add_argument("--out", type=Path, help="also write the markdown report to this file")
    return result


#: How each launcher starts the app (after the Python interpreter).
LAUNCHERS = {
    "streamlit": ["-m", "streamlit", "run", "app.py"],  # as the Dockerfile runs it
    "serve": ["serve.py"],  # the same, with the app's imports warmed up (serve.py)
}


@dataclass(frozen=True)
class Server:
    """A running app: its URL (no trailing slash), seconds from its start to its health check
    answering, its log and its process id."""

    url: str
    health: float
    log: Path
    pid: int = 0

    def wait_for_log(self, text: str, timeout: float = 120.0) -> bool:
        """Wait until the server's log says ``text``; whether it did in time."""
        deadline = time.monotonic() + timeout
        while text not in self.log.read_text(errors="replace"):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(
    launcher: str = "streamlit",
    cpus: set[int] | None = None,
    options: Sequence[str] = (),
    script: str | None = None,
    port: int | None = None,
) -> Iterator[Server]:
    """The app (or another Streamlit ``script``) on a loopback port (``port``, or a free one),
    with the container's settings (no file watcher) and no ``STREAMLIT_``/``LOSSVIZ_`` variables
    of this shell, on ``cpus`` only if given, with more ``section.option=value`` config
    ``options``; stopped, with its children, at the end."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    launch = LAUNCHERS[launcher]
    if script is not None:
        launch = ["-m", "streamlit", "run", script]
    command = [sys.executable, *launch, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += [f"--{option}" for option in options]
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "LOSSVIZ_"))}
    environ["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = "none"
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "server.log"
        log = log_path.open("wb")
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while not answers(f"{url}/_stcore/health"):
                if process.poll() is not None or time.monotonic() > deadline:
                    output = log_path.read_text(errors="replace")
                    raise SystemExit(f"{launcher} did not answer on {url}:\n{output}")
                time.sleep(0.02)
            yield Server(url, time.perf_counter() - start, log_path, process.pid)
        finally:
            stop(process)
            log.close()


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether ``url`` answers 200 within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    """Stop ``process`` and its process group: SIGTERM, then SIGKILL after 10 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=10)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue
