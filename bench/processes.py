"""The server's processes while a bench runs: CPU time and resident memory, read from /proc.

``ProcessSampler`` follows one or more processes (a server, or each worker behind a proxy), each
with its descendants, in a background thread: resident memory every ``every`` seconds (the peak
is kept), CPU time at the first and last sample it could read (so a worker killed during the
run still reports what it spent until then). Linux only; elsewhere every value reads as absent.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass

SAMPLE_EVERY = 0.2


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


def family(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    members, todo = [], [pid]
    while todo:
        current = todo.pop()
        members.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
    return members


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
    total += sum(_cpu(f"/proc/{child}/stat") or 0.0 for child in family(pid)[1:])
    return total, main


def resident(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in bytes (0 when gone)."""
    return sum(_proc_status(member, "VmRSS") for member in family(pid))


def port_of(pid: int) -> str:
    """The ``--server.port`` a Streamlit process was started with ("" when not on its command
    line, e.g. set by an environment variable)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            args = cmdline.read().decode(errors="replace").split("\0")
    except OSError:
        return ""
    for i, arg in enumerate(args):
        if arg.startswith("--server.port="):
            return arg.split("=", 1)[1]
        if arg == "--server.port" and i + 1 < len(args):
            return args[i + 1]
    return ""


@dataclass
class Usage:
    """What one process (with its descendants) used between the first and last samples."""

    pid: int
    port: str = ""
    cpu_first: tuple[float, float] | None = None
    cpu_last: tuple[float, float] | None = None
    rss_first: int = 0
    rss_peak: int = 0
    high_water: int = 0  # the kernel's own peak for the main process (catches spikes between)
    gone: bool = False  # exited (or was killed) while sampled

    @property
    def cpu(self) -> float | None:
        """CPU seconds in all, between the first and last samples."""
        if self.cpu_first is None or self.cpu_last is None:
            return None
        return self.cpu_last[0] - self.cpu_first[0]

    @property
    def loop_cpu(self) -> float | None:
        """CPU seconds of the main thread (the server's event loop)."""
        if self.cpu_first is None or self.cpu_last is None:
            return None
        return self.cpu_last[1] - self.cpu_first[1]

    def sample(self) -> None:
        if self.gone:
            return
        cpu = cpu_seconds(self.pid)
        if cpu is None:
            self.gone = self.cpu_first is not None
            return
        rss = resident(self.pid)
        if self.cpu_first is None:
            self.cpu_first, self.rss_first, self.port = cpu, rss, port_of(self.pid)
        self.cpu_last = cpu
        self.rss_peak = max(self.rss_peak, rss)
        self.high_water = max(self.high_water, _proc_status(self.pid, "VmHWM"))


class ProcessSampler:
    """Samples ``pids`` every ``every`` seconds in a thread, from entering to leaving.

    >>> with ProcessSampler([os.getpid()], every=0.01) as sampler:
    ...     pass
    >>> usage = sampler.usage[0]
    >>> usage.rss_peak > 0 and usage.cpu is not None and not usage.gone
    True
    """

    def __init__(self, pids: list[int], every: float = SAMPLE_EVERY) -> None:
        self.usage = [Usage(pid) for pid in pids]
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def sample(self) -> None:
        for usage in self.usage:
            usage.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def __enter__(self) -> ProcessSampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
