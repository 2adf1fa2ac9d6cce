"""Several app workers on one host, for a load balancer in front of them (docs/hosting.md).

    python workers.py [--workers N] [--port 8501] [--address 127.0.0.1] [streamlit options]
    haproxy -f docs/haproxy.cfg          # in another shell: http://127.0.0.1:8080/

One Streamlit process runs its scripts on one core at a time (Python's interpreter lock), so a
host serves a class with one process per core behind a proxy that keeps each browser on its
worker. This starts ``--workers`` of them (default: one per CPU), each ``python serve.py`` (what
the container runs: ``streamlit run app.py`` with its imports warmed up) on consecutive ports
from ``--port``, on ``--address`` (loopback by default: only the proxy talks to them). Further
arguments are passed to every worker (``--server.baseUrlPath=lossviz``, ...).

Every worker gets the same ``server.cookieSecret``, through the environment, never the command
line: Streamlit signs its cookies with it (the login cookie of ``st.login``, its session
cookie), and a browser moved to another worker, its own having died, must find them valid there.
(Its XSRF cookie is a double-submit token that any worker accepts without the secret.) It is
``STREAMLIT_SERVER_COOKIE_SECRET`` when that is set (keep it across restarts of this script),
else a new random one.

A worker that exits is started again (after 1 s, longer if it keeps failing at start); the
proxy's health check takes it out meanwhile and back when it answers. SIGINT or SIGTERM stops
every worker, then this script. ``streamlit run app.py`` alone still serves the app on one
process, as before.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Worker", "cookie_secret", "main", "parse", "worker_command"]

ROOT = Path(__file__).resolve().parent
MAX_WORKERS = 64
#: A worker that exits sooner than this after its start is failing at start: back off.
STARTUP_FAILURE_S = 10.0
MAX_BACKOFF_S = 30.0


def parse(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """The script's own options, and the rest (passed to every worker).

    >>> options, rest = parse(["--workers", "3", "--server.baseUrlPath=lossviz"])
    >>> options.workers, options.port, options.address, rest
    (3, 8501, '127.0.0.1', ['--server.baseUrlPath=lossviz'])
    """
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="one per CPU")
    cli.add_argument("--port", type=int, default=8501, help="the first worker's port")
    cli.add_argument("--address", default="127.0.0.1", help="where the workers listen")
    options, rest = cli.parse_known_args(list(argv))
    if not 1 <= options.workers <= MAX_WORKERS:
        cli.error(f"--workers must be 1..{MAX_WORKERS}")
    if not 1 <= options.port <= 65536 - options.workers:
        cli.error("--port leaves no room for the workers' ports")
    if any(arg.startswith(("--server.port", "--server.address")) for arg in rest):
        cli.error("the workers' ports and address come from --port and --address")
    return options, rest


def cookie_secret(environ: dict[str, str]) -> str:
    """The secret every worker shares: the environment's, else a new random one.

    >>> cookie_secret({"STREAMLIT_SERVER_COOKIE_SECRET": "s3cret"})
    's3cret'
    >>> len(cookie_secret({}))
    64
    """
    return environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)


def worker_command(port: int, address: str, rest: Sequence[str] = ()) -> list[str]:
    """How a worker is started: as the container runs the app, without a file watcher (it
    would look for changed modules at every run of every session), and ``rest`` last.

    >>> worker_command(8502, "127.0.0.1")[1:]  # doctest: +NORMALIZE_WHITESPACE
    ['serve.py', '--server.port', '8502', '--server.address', '127.0.0.1',
     '--server.headless', 'true', '--server.fileWatcherType', 'none']
    """
    command = [sys.executable, "serve.py", "--server.port", str(port)]
    command += ["--server.address", address, "--server.headless", "true"]
    return [*command, "--server.fileWatcherType", "none", *rest]


@dataclass
class Worker:
    """One worker process: started, watched, started again when it exits."""

    number: int
    port: int
    command: list[str]
    environ: dict[str, str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0  # exits in a row soon after starting
    restart_at: float = 0.0

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.environ, start_new_session=True
        )
        self.started = time.monotonic()
        _say(f"worker {self.number} (port {self.port}): pid {self.process.pid}")

    def watch(self, now: float) -> None:
        """Notice an exit and schedule a restart; restart when it is time."""
        if self.process is not None and self.process.poll() is not None:
            code = self.process.returncode
            quick = now - self.started < STARTUP_FAILURE_S
            self.failures = self.failures + 1 if quick else 0
            delay = min(MAX_BACKOFF_S, 2.0**self.failures) if quick else 1.0
            _say(f"worker {self.number} exited ({code}); starting it again in {delay:.0f} s")
            self.process, self.restart_at = None, now + delay
        if self.process is None and now >= self.restart_at:
            self.start()

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM its process group; SIGKILL after ``grace`` seconds."""
        if self.process is None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(wait)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                continue


def _say(line: str) -> None:
    print(f"workers.py: {line}", flush=True)


class _Stop(Exception):
    pass


def _raise_stop(*_: object) -> None:
    raise _Stop


def main(argv: Sequence[str] | None = None) -> None:
    options, rest = parse(sys.argv[1:] if argv is None else argv)
    environ = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=cookie_secret(dict(os.environ)))
    ports = range(options.port, options.port + options.workers)
    workers = [
        Worker(n, port, worker_command(port, options.address, rest), environ)
        for n, port in enumerate(ports, start=1)
    ]
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    try:
        for worker in workers:
            worker.start()
        _say(
            f"{len(workers)} workers on {options.address}:{ports[0]}-{ports[-1]}, one cookie secret"
        )
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            for worker in workers:
                worker.watch(now)
    except _Stop:
        _say("stopping the workers")
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for worker in workers:
            worker.stop()


if __name__ == "__main__":
    main()
