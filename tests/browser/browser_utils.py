"""Running the app and driving its pages in Chromium: start the server, open a URL, wait for the
script, use the widgets."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Playwright, expect
from playwright.sync_api import Error as PlaywrightError

# A fresh server's first page imports PyTorch: give every expectation time for that.
expect.set_options(timeout=30_000)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Environment variables that would change what the app shows; the tests set their own.
APP_SETTINGS = ("LOSSVIZ_DEFAULT_LANG", "LOSSVIZ_DEVICE")

# Console errors that Streamlit's own frontend causes in every session, and nothing else:
# - On a page URL such as /softmax it probes /softmax/_stcore/health and
#   /softmax/_stcore/host-config, to learn whether the app is served under a base path, gets 404
#   and then uses /_stcore/...; the browser logs each 404 as "Failed to load resource".
# - Its theme may fetch web fonts from Google's servers, which an offline machine cannot reach.
# Every other console error, and every uncaught page error, fails the test.
_PROBE_404 = re.compile(r"/[^/?#]+/_stcore/(health|host-config)$")
_FONT_HOSTS = re.compile(r"^https?://fonts\.(googleapis|gstatic)\.com/")


def harmless(message: ConsoleMessage) -> bool:
    url = message.location.get("url", "")
    if not message.text.startswith("Failed to load resource"):
        return False
    if NETWORK_CHANGED in message.text:
        return True  # the machine's network, not the app: open_app loads the page again
    return bool(_PROBE_404.search(url) and "404" in message.text) or bool(_FONT_HOSTS.match(url))


#: What Chromium fails a load with when the machine's network configuration changes under it
#: (seen at a browser's first page, and while containers start their networks).
NETWORK_CHANGED = "ERR_NETWORK_CHANGED"
#: Pages that had a load fail so since they last opened the app.
_NETWORK_CHANGED_ON: set[int] = set()


def chromium_path() -> str | None:
    """Debian's Chromium when present (the test command installs it), else Playwright's own."""
    found = shutil.which("chromium") or "/usr/bin/chromium"
    return found if os.path.exists(found) else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class App:
    """A running ``streamlit run app.py``: its URL (no trailing slash) and its log."""

    url: str
    log: Path


def launch(name: str, args: list[str], env: dict[str, str] | None = None):
    """``python args`` from the repository root, in a process group of its own, with none of
    this shell's settings that change the app (``STREAMLIT_*``, ``APP_SETTINGS``) but ``env``;
    its output in ``test-artifacts/browser/<name>.log``. Returns the process and the log."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"{name}.log"
    environ = {k: v for k, v in os.environ.items() if k not in APP_SETTINGS}
    environ = {k: v for k, v in environ.items() if not k.startswith("STREAMLIT_")}
    environ.update(env or {})
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=environ, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    return process, log


#: How each launcher starts the app (after the Python interpreter).
LAUNCHERS = {"streamlit": ["-m", "streamlit", "run", "app.py"], "serve": ["serve.py"]}


def start_app(
    name: str, *options: str, env: dict[str, str] | None = None, launcher: str = "streamlit"
) -> Iterator[App]:
    """Run the app on a free loopback port until the generator is closed: ``streamlit run
    app.py``, or ``python serve.py`` with ``launcher="serve"``."""
    port = free_port()
    command = [*LAUNCHERS[launcher], "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", *options]
    base = next((o.split("=", 1)[1] for o in options if o.startswith("--server.baseUrlPath=")), "")
    url = f"http://127.0.0.1:{port}" + (f"/{base.strip('/')}" if base else "")
    process, log = launch(name, command, env)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"{launcher} exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{launcher} did not answer on {url} in 90 s:\n{log.read_text()}")
            time.sleep(0.3)
        yield App(url, log)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Console:
    """What the page logged: unexpected errors fail the test."""

    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def on_message(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        line = f"{message.text} ({message.location.get('url', '')})"
        (self.ignored if harmless(message) else self.errors).append(line)

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")


#: A phone's screen (CSS pixels) and a phone browser's user agent (the app stacks a chart's
#: panels for a browser that says "Mobile").
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
}
#: A projector's screen.
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}


def new_page(browser: Browser, console: Console, **screen: object) -> Page:
    """A page in a fresh context, 1400 x 1000 unless ``screen`` says (``PHONE``, ``PROJECTOR``)."""
    context = browser.new_context(**{"viewport": {"width": 1400, "height": 1000}, **screen})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on("console", console.on_message)
    page.on("pageerror", console.on_page_error)
    page.on("requestfailed", lambda request: _note_network_change(page, request.failure))
    return page


def _note_network_change(page: Page, failure: str | None) -> None:
    if failure and NETWORK_CHANGED in failure:
        _NETWORK_CHANGED_ON.add(id(page))


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Chromium, with the flags this machine's closed network needs."""
    executable = chromium_path()
    try:
        return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:
        pytest.fail(
            f"cannot start Chromium ({executable or 'Playwright’s own'}): {error}\n"
            "bash scripts/test.sh installs it when missing.",
            pytrace=False,
        )


def settle_network(browser: Browser, tries: int = 5) -> None:
    """Load a page from a loopback server until Chromium's network stack stops failing loads with
    ERR_NETWORK_CHANGED: a fresh browser may see the machine's network configuration "change"
    while it starts, and fail its first page with it."""
    import http.server
    import threading

    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<title>ready</title>")

        def log_message(self, *args: object) -> None:
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        context = browser.new_context()
        try:
            page = context.new_page()
            for _ in range(tries):
                try:
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/", timeout=10_000)
                    return
                except PlaywrightError as error:
                    if NETWORK_CHANGED not in str(error):
                        return  # nothing this warm-up is for: the tests will say
                    time.sleep(1)
        finally:
            context.close()
            server.shutdown()


#: Folders holding a failed test's screenshots and page text, for the test summary.
SAVED: list[Path] = []


def save_artifacts(name: str, pages: list[Page], console: Console) -> Path:
    """Save each page's screenshot and text, and the console, under test-artifacts/browser/."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", name)
    folder.mkdir(parents=True, exist_ok=True)
    for index, page in enumerate(pages):
        suffix = f"-{index}" if index else ""
        try:
            page.screenshot(path=folder / f"screenshot{suffix}.png", full_page=True)
            text = page.inner_text("body")
        except Exception as error:  # the page may be gone; keep what can be kept
            text = f"(could not read the page: {error})"
        lines = [page.url, "", text, "", "console errors:", *console.errors]
        lines += ["ignored (harmless):", *console.ignored]
        (folder / f"page{suffix}.txt").write_text("\n".join(lines), encoding="utf-8")
    SAVED.append(folder)
    print(f"\nscreenshot and page text saved in {folder}")
    return folder


#: The app's URL paths (home is "").
PATHS = [
    "",
    "softmax",
    "cross_entropy",
    "binary_cross_entropy",
    "gradients",
    "entropy_kl",
    "imbalance",
    "stability",
    "mistakes",
    "sequences",
    "regression",
    "playground",
]
SEED = {"logits": "1.3, 1.3, 2.6", "target": "2", "names": "cat, dog, 猪八戒"}


def open_app(page: Page, base: str, path: str = "", **params: str) -> None:
    """Open ``base/path?params`` and wait until the page has run and drawn its title."""
    url = f"{base}/{path}" + (f"?{urlencode(params)}" if params else "")
    for attempt in range(3):
        _NETWORK_CHANGED_ON.discard(id(page))
        try:
            page.goto(url)
            settled(page)
            return
        except (AssertionError, PlaywrightError):
            if attempt == 2 or id(page) not in _NETWORK_CHANGED_ON:
                raise  # the app's own failure, or the network kept changing


def settled(page: Page) -> None:
    """Wait until the script is not running and the page's title is drawn."""
    expect(page.locator("[data-testid=stApp]")).to_have_attribute(
        "data-test-script-state", "notRunning"
    )
    expect(main(page).locator("h1").first).to_be_visible()


def main(page: Page) -> Locator:
    return page.locator("[data-testid=stMain]")


def widget(page: Page, key: str) -> Locator:
    """The element of the widget with ``key`` (Streamlit gives it the class ``st-key-<key>``)."""
    return page.locator(f".st-key-{key}")


def type_text(page: Page, key: str, text: str) -> None:
    """Type into a text area or input and commit it, as a person does (Ctrl+Enter or Enter)."""
    field = widget(page, key).locator("textarea, input").first
    field.fill(text)
    field.press("Control+Enter" if field.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")
    rerun_done(page)


def rerun_done(page: Page) -> None:
    """Wait for the rerun a widget change started (it may be over before this looks)."""
    app = page.locator("[data-testid=stApp]")
    with contextlib.suppress(AssertionError):
        expect(app).not_to_have_attribute("data-test-script-state", "notRunning", timeout=2_000)
    settled(page)


def go_to(page: Page, path: str) -> None:
    """Follow the sidebar's link to ``path``, as a person does."""
    page.locator(f"[data-testid=stSidebarNav] a[href$='/{path}']").click()
    expect(page).to_have_url(re.compile(rf"/{re.escape(path)}(\?|$)"))
    settled(page)


def choose(page: Page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox with ``key``."""
    widget(page, key).get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    rerun_done(page)


def table_column(table: Locator, header: str) -> list[str]:
    """The cells of a column of an ``st.dataframe``, read from the grid's accessible table (the
    grid draws on a canvas; this table, hidden from the accessibility tree, holds the values)."""
    headers = table.locator("[role=columnheader]")
    expect(headers.filter(has_text=header).first).to_be_attached()
    named = headers.filter(has_text=re.compile(rf"^\s*{re.escape(header)}\s*$")).first
    index = named.get_attribute("aria-colindex")
    return table.locator(f"[role=gridcell][aria-colindex='{index}']").all_inner_texts()


def open_expander(page: Page, label: str) -> Locator:
    expander = main(page).locator("[data-testid=stExpander]").filter(has_text=label).first
    expander.locator("summary").click()
    return expander


def no_exception(page: Page) -> None:
    """No Streamlit exception box on the page."""
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
