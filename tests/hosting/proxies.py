"""The proxies of docs/, run for real on free loopback ports: HAProxy (docs/haproxy.cfg) and nginx
(docs/nginx.conf), each stopped by the test that started it; and stand-in upstreams that answer
like a worker (its health check) and say which one answered.

A missing binary skips the test, with the reason (``bash scripts/test.sh`` installs both).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from browser.browser_utils import free_port

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_CFG = ROOT / "docs" / "haproxy.cfg"
NGINX_SITE = ROOT / "docs" / "nginx.conf"
#: The longest query string the app writes in a link.
LINK_LIMIT = 16_000


def _binary(name: str, package: str) -> str:
    found = shutil.which(name, path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install {package}; scripts/test.sh does)")
    return found


# --- HAProxy ----------------------------------------------------------------------------------


@dataclass
class Proxy:
    """A running proxy: the app's URL through it, its status page (HAProxy), its log."""

    url: str
    log: Path
    stats: str = ""

    def servers(self) -> dict[str, dict[str, str]]:
        """HAProxy's figures for each worker, by server name (its stats page's CSV columns:
        ``status`` "UP", "DOWN", ...; ``chkdown`` how many times it was taken out)."""
        with urllib.request.urlopen(f"{self.stats}/;csv", timeout=5) as answer:
            rows = csv.DictReader(io.StringIO(answer.read().decode().lstrip("# ")))
            return {
                row["svname"]: row
                for row in rows
                if row["pxname"] == "lossviz" and row["svname"] not in ("FRONTEND", "BACKEND")
            }

    def states(self) -> dict[str, str]:
        """Each worker's state as HAProxy sees it ("UP", "DOWN", ...), by server name."""
        return {name: row["status"] for name, row in self.servers().items()}

    def wait_for(self, expected: dict[str, str], timeout: float = 30.0) -> None:
        """Wait until the named workers are in the expected states (health checks every 2 s)."""
        deadline = time.monotonic() + timeout
        while True:
            states = self.states()
            if all(states.get(name, "").startswith(state) for name, state in expected.items()):
                return
            if time.monotonic() > deadline:
                pytest.fail(f"HAProxy still sees {states}, not {expected}:\n{self.log_text()}")
            time.sleep(0.2)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@contextlib.contextmanager
def haproxy(workers: list[str], **settings: str) -> Iterator[Proxy]:
    """docs/haproxy.cfg, unchanged, in front of ``workers`` (host:port, two of them), with more
    of its environment ``settings`` (LOSSVIZ_RATE_LIMIT=...)."""
    binary = _binary("haproxy", "haproxy")
    port, stats = free_port(), free_port()
    environ = dict(
        os.environ,
        LOSSVIZ_PROXY_BIND=f"127.0.0.1:{port}",
        LOSSVIZ_PROXY_STATS=f"127.0.0.1:{stats}",
        LOSSVIZ_WORKER1=workers[0],
        LOSSVIZ_WORKER2=workers[1],
        **settings,
    )
    check = subprocess.run([binary, "-c", "-f", str(HAPROXY_CFG)], env=environ, capture_output=True)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "haproxy.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [binary, "-db", "-f", str(HAPROXY_CFG)],
                env=environ,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proxy = Proxy(f"http://127.0.0.1:{port}", log, f"http://127.0.0.1:{stats}")
        try:
            _wait_until_it_answers(proxy.stats, process, log)
            yield proxy
        finally:
            _stop(process)


def _wait_until_it_answers(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the proxy did not answer on {url}:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


# --- nginx ------------------------------------------------------------------------------------

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    include {tmp}/site.conf;
}}
"""


@contextlib.contextmanager
def nginx(upstream: str, edit=lambda site: site) -> Iterator[Proxy]:
    """docs/nginx.conf in front of ``upstream`` (host:port), on a free loopback port; ``edit``
    changes the site's text first (a test's own limits). Its URL includes the /lossviz path."""
    binary = _binary("nginx", "nginx-light")
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        site = NGINX_SITE.read_text().replace("listen 80;", f"listen 127.0.0.1:{port};")
        site = site.replace("http://lossviz:8501", f"http://{upstream}")
        Path(tmp, "site.conf").write_text(edit(site))
        Path(tmp, "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp))
        os.chmod(tmp, 0o755)  # nginx's workers may run as another user
        command = [binary, "-p", tmp, "-e", f"{tmp}/error.log", "-c", f"{tmp}/nginx.conf"]
        subprocess.run([*command, "-t"], check=True, capture_output=True)
        subprocess.run(command, check=True)
        try:
            yield Proxy(f"http://127.0.0.1:{port}/lossviz", Path(tmp, "error.log"))
        finally:
            subprocess.run([*command, "-s", "stop"], check=False)


# --- stand-in workers -------------------------------------------------------------------------


class _Answer(BaseHTTPRequestHandler):
    """Answers every GET with the upstream's name (header X-Upstream and body), as a worker
    answers its health check; takes any PUT's body."""

    server_version = "stand-in/1.0"  # a banner the proxy must not pass on

    def do_GET(self) -> None:
        body = self.server.name.encode()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("X-Upstream", self.server.name)  # type: ignore[attr-defined]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    allow_reuse_address = True  # started again on its port at once
    daemon_threads = True

    def handle_error(self, *_: object) -> None:
        pass  # a proxy closing a health check's connection early is no error here


class Upstream:
    """A stand-in worker on a loopback port, that can be stopped and started again there."""

    def __init__(self, name: str) -> None:
        self.name, self.port = name, free_port()
        self._server: _Server | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> Upstream:
        self._server = _Server(("127.0.0.1", self.port), _Answer)
        self._server.name = self.name  # type: ignore[attr-defined]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@contextlib.contextmanager
def upstreams(*names: str) -> Iterator[list[Upstream]]:
    started = [Upstream(name).start() for name in names]
    try:
        yield started
    finally:
        for upstream in started:
            upstream.stop()
