"""The one-host recipe for real: two workers started by workers.py, docs/haproxy.cfg in front,
Chromium as the students.

- A session's websocket, its upload and its download (media) all reach the worker that holds
  it; the same upload sent to the other worker is refused there for the session (400), not for
  its XSRF token (403).
- A worker killed in the middle of a class: its students' pages reconnect to the other worker
  and carry on with the same page and batch (the URL holds them), a reload too; HAProxy takes
  the dead worker out, workers.py starts it again, HAProxy takes it back and sends it the next
  student.

Slow (two app processes, a browser): marked 'proxy' and 'browser'. Skipped, with the reason,
where HAProxy is not installed.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

import lossviz
from browser.browser_utils import (
    Console,
    free_port,
    launch,
    main,
    new_page,
    rerun_done,
    save_artifacts,
    settled,
    widget,
)
from lossviz.i18n import t
from proxies import Proxy, haproxy

pytestmark = [pytest.mark.proxy, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
PETS_CSV = "cat,dog,猪八戒,label\n1.3,1.3,2.6,2\n0,5,1,1\n".encode()
LOGITS = [2.0, 0.5, -1.0]  # a teacher's batch, carried by the link


@dataclass
class Served:
    proxy: Proxy
    ports: tuple[int, int]
    supervisor: subprocess.Popen

    def worker_pid(self, name: str) -> int:
        """The process of worker ``w1`` or ``w2`` now (workers.py may have started it again)."""
        port = str(self.ports[int(name.removeprefix("w")) - 1])
        for pid in _children(self.supervisor.pid):
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if port.encode() in args:
                return pid
        pytest.fail(f"no worker on port {port} among the children of workers.py")


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def _two_free_ports() -> int:
    """A free port whose next one is free too (workers.py takes consecutive ports)."""
    for _ in range(100):
        port = free_port()
        with socket.socket() as probe, contextlib.suppress(OSError):
            probe.bind(("127.0.0.1", port + 1))
            return port
    pytest.fail("no two consecutive free ports")


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    first = _two_free_ports()
    command = ["workers.py", "--workers", "2", "--port", str(first)]
    supervisor, log = launch("workers", command)
    try:
        deadline = time.monotonic() + 120
        while log.read_text(errors="replace").count("app imports warmed up") < 2:
            if supervisor.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"workers.py did not warm up two workers:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        with haproxy([f"127.0.0.1:{first}", f"127.0.0.1:{first + 1}"]) as proxy:
            proxy.wait_for({"w1": "UP", "w2": "UP"})
            yield Served(proxy, (first, first + 1), supervisor)
    finally:
        with contextlib.suppress(ProcessLookupError):
            supervisor.send_signal(signal.SIGTERM)  # it stops its workers
        try:
            supervisor.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(supervisor.pid, signal.SIGKILL)


@contextlib.contextmanager
def student(browser: Browser, name: str, console: Console | None = None) -> Iterator[Page]:
    """A browser of its own (its own cookies); on failure its screenshot and text are saved."""
    console = console or Console()
    page = new_page(browser, console)
    try:
        yield page
    except BaseException:
        save_artifacts(f"proxy-{name}", page.context.pages, console)
        raise
    finally:
        page.context.close()


def _cookie(page: Page, name: str) -> str:
    return next((c["value"] for c in page.context.cookies() if c["name"] == name), "")


def _put(url: str, cookies: dict[str, str], xsrf: str, data: bytes) -> tuple[int, str]:
    """An upload as the browser sends it: multipart, the XSRF token in the header too."""
    boundary = "lossvizboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="pets.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "X-Xsrftoken": xsrf,
    }
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def test_a_session_keeps_to_its_worker_for_its_websocket_upload_and_download(served, browser):
    uploads: list[str] = []
    with student(browser, "sticky") as page:
        page.on("request", lambda r: uploads.append(r.url) if "/upload_file/" in r.url else None)
        page.goto(f"{served.proxy.url}/cross_entropy")
        settled(page)
        expect(main(page)).to_contain_text("0.4351")
        worker = _cookie(page, "lvsrv")
        assert worker in ("w1", "w2")

        upload = page.locator(".st-key-lv_csv_upload input[type=file]")
        upload.set_input_files(
            files=[{"name": "pets.csv", "mimeType": "text/csv", "buffer": PETS_CSV}]
        )
        loaded = t("batch.uploaded_small", file="pets.csv", samples=2, classes=3)
        expect(page.locator("[data-testid=stSidebar]")).to_contain_text(loaded)
        assert _cookie(page, "lvsrv") == worker

        sidebar = page.locator("[data-testid=stSidebar]")
        button = sidebar.locator(".st-key-lv_download_batch button")
        if not button.is_visible():
            expander = sidebar.locator("[data-testid=stExpander]").filter(has_text=t("batch.csv"))
            expander.first.locator("summary").click()
        with page.expect_download() as download:
            button.click()
        assert "猪八戒" in Path(download.value.path()).read_text(encoding="utf-8-sig")

        # The same upload, sent to each worker in turn: the session's own takes it; the other
        # accepts the XSRF token and refuses the session it does not hold.
        other = {"w1": "w2", "w2": "w1"}[worker]
        xsrf = _cookie(page, "_streamlit_xsrf")
        assert uploads, "the upload went by another way than /_stcore/upload_file"
        again = uploads[0].removesuffix("/") + "-again"
        status, _ = _put(again, {"lvsrv": worker, "_streamlit_xsrf": xsrf}, xsrf, PETS_CSV)
        assert status == 204
        status, detail = _put(again, {"lvsrv": other, "_streamlit_xsrf": xsrf}, xsrf, PETS_CSV)
        assert status == 400 and "Invalid session_id" in detail

    # HAProxy logs each request with the worker that served it (the websocket once it closed).
    served_by = _served_by(served.proxy)
    for kind in ("/_stcore/stream", "/_stcore/upload_file/", "/media/"):
        assert served_by.get(kind), f"no {kind} request in HAProxy's log"
    assert served_by["/_stcore/stream"] <= {worker}
    assert served_by["/media/"] == {worker}
    assert served_by["/_stcore/upload_file/"] == {worker, other}  # the last one by hand


def _served_by(proxy: Proxy) -> dict[str, set[str]]:
    """For each kind of request, the workers HAProxy sent them to, from its log."""
    found: dict[str, set[str]] = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = {}
        for line in proxy.log.read_text(errors="replace").splitlines():
            server = re.search(r" lossviz/(w\d) ", line)
            request = re.search(r'"[A-Z]+ (\S+) HTTP', line)
            if server and request:
                for kind in ("/_stcore/stream", "/_stcore/upload_file/", "/media/"):
                    if kind in request.group(1):
                        found.setdefault(kind, set()).add(server.group(1))
        if "/_stcore/stream" in found:
            break
        time.sleep(0.3)  # the websocket's line comes when it has closed
    return found


def _expected(temperature: float) -> str:
    """The largest probability the softmax page shows for the teacher's batch."""
    probs = lossviz.softmax(LOGITS, temperature=temperature)
    return f"{max(probs):.4f}"


#: Records every connection state the page goes through, from now on.
WATCH_CONNECTION = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  window.__lvConnection = [];
  new MutationObserver(() => {
    window.__lvConnection.push(app.getAttribute('data-test-connection-state'));
  }).observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
}"""


def _move_temperature_after_the_move(page: Page) -> None:
    """One step up the temperature slider (its log scale's next stop: 1 to 1.1), on a page that
    has just moved to another worker.

    The first run of a session starts from the link (lossviz.ui.state), not from the widget
    values the browser sends; on the new worker that first run is the student's first change,
    which is then undone (the slider goes back). That change, and only that one, may be lost:
    the student makes it again."""
    slider = widget(page, "lv_temperature").get_by_role("slider")
    before = slider.get_attribute("aria-valuetext")
    for _ in range(2):
        slider.focus()
        slider.press("ArrowRight")
        rerun_done(page)
        if _kept_or_undone(page, slider, before) == "kept":
            return
    expect(page).to_have_url(NEXT_TEMPERATURE)


#: The link once the temperature has moved from 1 to the next stop of its log scale.
NEXT_TEMPERATURE = re.compile(r"[?&]temperature=1\.1(&|$)")


def _kept_or_undone(page: Page, slider, before: str | None, timeout: float = 30) -> str:
    """Wait until the change has reached the link ("kept") or the slider shows where it was
    (``before``) with the link unchanged for a second ("undone").

    The URL is written by the run that follows the change, which may end after the page
    reports its run done, so neither outcome can be read at one instant."""
    deadline = time.monotonic() + timeout
    back_since = None
    while time.monotonic() < deadline:
        if NEXT_TEMPERATURE.search(page.url):
            return "kept"
        if slider.get_attribute("aria-valuetext") != before:
            back_since = None  # moved, and not yet in the link
        elif back_since is None:
            back_since = time.monotonic()
        elif time.monotonic() - back_since > 1.0:
            return "undone"
        page.wait_for_timeout(100)
    raise AssertionError(f"the change neither reached the link nor was undone: {page.url}")


def _connection_noise(line: str) -> bool:
    """What the browser logs when its server goes away: failed websocket, health pings."""
    return bool(re.search(r"WebSocket|_stcore/(health|host-config)|ERR_CONNECTION|net::", line))


def test_a_killed_workers_students_carry_on_with_their_page_and_batch(served, browser):
    link = f"{served.proxy.url}/softmax?logits={','.join(map(str, LOGITS))}&target=0"
    consoles = [Console() for _ in range(3)]
    with contextlib.ExitStack() as stack:
        pages = [
            stack.enter_context(student(browser, f"kill-{i}", c)) for i, c in enumerate(consoles)
        ]
        for page in pages:
            page.goto(link)
            settled(page)
            expect(main(page)).to_contain_text(_expected(1.0))
        workers = [_cookie(page, "lvsrv") for page in pages]
        assert set(workers) == {"w1", "w2"}, "leastconn spreads new students"
        dead = workers[0]
        alive = {"w1": "w2", "w2": "w1"}[dead]
        for page in pages:
            page.evaluate(WATCH_CONNECTION)
        served.supervisor.send_signal(signal.SIGSTOP)  # workers.py starts it again: not yet
        try:
            os.kill(served.worker_pid(dead), signal.SIGKILL)
            served.proxy.wait_for({dead: "DOWN", alive: "UP"})
        finally:
            served.supervisor.send_signal(signal.SIGCONT)
        for page, worker in zip(pages, workers, strict=True):
            app = page.locator("[data-testid=stApp]")
            expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
            dropped = page.evaluate("window.__lvConnection.some(s => s !== 'CONNECTED')")
            assert dropped == (worker == dead)

        moved = [page for page, worker in zip(pages, workers, strict=True) if worker == dead]
        for n, page in enumerate(moved):
            assert _cookie(page, "lvsrv") == alive  # the browser reconnected by itself, there
            if n % 2 == 0:  # a student moves the temperature: the batch comes from the URL
                _move_temperature_after_the_move(page)
                expect(main(page)).to_contain_text(_expected(1.1))
            else:  # a student reloads: the same link, on the other worker
                page.reload()
                settled(page)
                expect(main(page)).to_contain_text(_expected(1.0))
            expect(page).to_have_url(re.compile(r"logits=2(\.0)?(%2C|,)0\.5(%2C|,)-1"))
            expect(page.locator("[data-testid=stException]")).to_have_count(0)

        # workers.py started the dead worker again; HAProxy took it back.
        served.proxy.wait_for({dead: "UP", alive: "UP"}, timeout=60)
        assert served.proxy.servers()[dead]["chkdown"] == "1"
        assert served.proxy.servers()[alive]["chkdown"] == "0"
        with student(browser, "after") as page:
            page.goto(link)
            settled(page)
            expect(main(page)).to_contain_text(_expected(1.0))
            assert _cookie(page, "lvsrv") == dead  # the fewest connections: the one back
    for console in consoles:
        assert [line for line in console.errors if not _connection_noise(line)] == []
