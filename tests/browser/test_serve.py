"""serve.py serves the app as ``streamlit run app.py`` does, and warms its imports up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from .browser_utils import APP_SETTINGS, ARTIFACTS, ROOT, App, free_port, no_exception, open_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served() -> Iterator[App]:
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "serve.log"
    environ = {k: v for k, v in os.environ.items() if k not in APP_SETTINGS}
    environ = {k: v for k, v in environ.items() if not k.startswith("STREAMLIT_")}
    command = [sys.executable, "serve.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not _answers(f"{url}/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"serve.py did not answer on {url}:\n{log.read_text()}")
            time.sleep(0.3)
        yield App(url, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def test_serve_warms_up_then_serves_every_page_cleanly(page, served, console):
    deadline = time.monotonic() + 90
    while "app imports warmed up" not in served.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, served.log.read_text()
        time.sleep(0.3)
    assert "warming up the app's imports failed" not in served.log.read_text()
    for path in ("", "softmax", "cross_entropy"):
        open_app(page, served.url, path)
        no_exception(page)
    assert console.errors == []
