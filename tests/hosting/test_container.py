"""The container image, for real: built from the Dockerfile, run, checked in Chromium, removed.

Needs podman (``../shared/container/setup`` installs it where there is no Docker engine, and
writes ``../shared/container/env``: podman's settings and the torch wheel index to build with);
skipped, with the reason, where either is missing. ``.ci/run`` runs the setup, so CI runs this.
Deselect with ``-m 'not container'``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.browser_utils import (
    Console,
    free_port,
    main,
    new_page,
    save_artifacts,
    settled,
)
from lossviz.i18n import t
from proxies import Proxy, nginx

pytestmark = pytest.mark.container

ROOT = Path(__file__).resolve().parents[2]
ENGINE_ENV = ROOT.parent / "shared" / "container" / "env"
IMAGE = "localhost/lossviz:test"
#: What the image holds in /app: the app, nothing else (.dockerignore).
APP_FILES = {".streamlit", "app.py", "lossviz", "pages", "requirements.txt", "serve.py"}


def _engine_environment() -> dict[str, str]:
    """The environment podman runs in here, or a skip saying what is missing."""
    if shutil.which("podman") is None:
        pytest.skip("no container engine: podman is not installed (../shared/container/setup)")
    if not ENGINE_ENV.exists():
        pytest.skip(f"no container settings: {ENGINE_ENV} is missing")
    dump = subprocess.run(
        ["bash", "-c", f'. "{ENGINE_ENV}" && env -0'], capture_output=True, check=False
    )
    if dump.returncode != 0:
        reason = dump.stderr.decode(errors="replace").strip()
        pytest.skip(f"cannot read {ENGINE_ENV} (has ../shared/container/setup run?): {reason}")
    environ = dict(item.split("=", 1) for item in dump.stdout.decode().split("\0") if "=" in item)
    if not environ.get("LOSSVIZ_TORCH_INDEX"):
        pytest.skip(f"{ENGINE_ENV} does not set LOSSVIZ_TORCH_INDEX")
    info = subprocess.run(["podman", "info"], env=environ, capture_output=True, check=False)
    if info.returncode != 0:
        pytest.skip(f"podman does not work here: {info.stderr.decode(errors='replace')[-500:]}")
    return environ


@dataclass
class Engine:
    environ: dict[str, str]

    def __call__(self, *args: str, check: bool = True, timeout: float = 120) -> str:
        done = subprocess.run(
            ["podman", *args],
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            pytest.fail(
                f"podman {' '.join(args)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        return done.stdout


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(_engine_environment())


@pytest.fixture(scope="module")
def image(engine: Engine) -> str:
    """The image, built from the Dockerfile (CPU torch from the local wheel index)."""
    start = time.monotonic()
    engine(
        "build",
        "--pull=never",
        "--network",
        "host",
        "--format",
        "docker",  # keeps the HEALTHCHECK (the OCI format has none)
        "--build-arg",
        f"TORCH_INDEX={engine.environ['LOSSVIZ_TORCH_INDEX']}",
        "-t",
        IMAGE,
        str(ROOT),
        timeout=1800,
    )
    size = int(engine("image", "inspect", IMAGE, "--format", "{{.Size}}").strip())
    print(f"\nimage {IMAGE}: built in {time.monotonic() - start:.0f} s, {size / 1e9:.2f} GB")
    return IMAGE


@dataclass
class Running:
    name: str
    url: str


@contextlib.contextmanager
def running(engine: Engine, image: str, port: int = 8501, **env: str) -> Iterator[Running]:
    """A container of ``image`` published on a free loopback port, removed afterwards."""
    name = f"lossviz-test-{os.getpid()}-{port}"
    host_port = free_port()
    settings = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    engine("rm", "-f", name, check=False)
    start = time.monotonic()
    engine("run", "-d", "--name", name, "-p", f"127.0.0.1:{host_port}:{port}", *settings, image)
    try:
        base = env.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")
        url = f"http://127.0.0.1:{host_port}" + (f"/{base}" if base else "")
        _wait_healthy(engine, name, url)
        print(f"\n{name}: healthy {time.monotonic() - start:.1f} s after podman run")
        _wait_for_a_quiet_network()
        yield Running(name, url)
    finally:
        engine("rm", "-f", name, check=False)


def _host_network() -> tuple:
    inet6 = Path("/proc/net/if_inet6")
    return tuple(socket.if_nameindex()), inet6.read_text() if inet6.exists() else ""


def _wait_for_a_quiet_network(quiet: float = 2.0, limit: float = 20.0) -> None:
    """Wait until the host's interfaces and addresses have not changed for ``quiet`` seconds.

    Starting a container adds a bridge and a virtual interface, whose IPv6 addresses settle a
    moment later; Chromium aborts the requests in flight at each such change
    (net::ERR_NETWORK_CHANGED), which would break the page load that follows.
    """
    deadline = time.monotonic() + limit
    last, since = _host_network(), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.2)
        now = _host_network()
        if now != last:
            last, since = now, time.monotonic()


def _wait_healthy(engine: Engine, name: str, url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
        ):
            if answer.read() == b"ok":
                return
        time.sleep(0.25)
    pytest.fail(
        f"{url}/_stcore/health did not answer in 120 s:\n{engine('logs', name, check=False)}"
    )


@contextlib.contextmanager
def chromium(browser: Browser, name: str) -> Iterator[Page]:
    """A Chromium page; on failure its screenshot and text are saved (the report names where)."""
    console = Console()
    page = new_page(browser, console)
    try:
        yield page
        assert console.errors == [], console.errors
    except BaseException:
        save_artifacts(f"container-{name}", page.context.pages, console)
        raise
    finally:
        page.context.close()


def test_the_image_serves_the_app_as_a_non_root_user(engine, image, browser):
    with running(engine, image) as container:
        user = engine("exec", container.name, "id", "-u").strip()
        assert user != "0", "the app runs as root"
        assert engine("exec", container.name, "id", "-un").strip() == "lossviz"
        # The image's HEALTHCHECK, run by hand (podman here has no timers to schedule it).
        engine("healthcheck", "run", container.name)
        with chromium(browser, "default") as page:
            page.goto(f"{container.url}/cross_entropy")
            settled(page)
            expect(main(page)).to_contain_text("0.4351")
            expect(page.locator("[data-testid=stException]")).to_have_count(0)
            page.screenshot(path=_screenshot("container-cross_entropy.png"))


def test_the_image_holds_cpu_torch_and_no_tests(engine, image):
    files = engine("run", "--rm", "--entrypoint", "ls", image, "-A", "/app").split()
    assert set(files) == APP_FILES
    check = (
        "import importlib.metadata as m, torch; "
        "names = sorted(d.metadata['Name'].lower() for d in m.distributions()); "
        "print(torch.__version__, torch.version.cuda, *names)"
    )
    answer = engine("run", "--rm", "--entrypoint", "python", image, "-c", check)
    version, cuda, *packages = answer.split()
    assert version.startswith("2.13.0") and cuda == "None"
    assert not [name for name in packages if re.match(r"nvidia|triton|cuda", name)]
    assert not {"pytest", "hypothesis", "ruff", "playwright"} & set(packages)
    for tool in ("gcc", "cc", "g++"):
        found = engine(
            "run", "--rm", "--entrypoint", "sh", image, "-c", f"command -v {tool}", check=False
        )
        assert not found.strip(), f"{tool} in the image"


def test_runtime_settings_by_environment(engine, image, browser):
    settings = {
        "STREAMLIT_SERVER_PORT": "8600",
        "STREAMLIT_SERVER_BASE_URL_PATH": "lossviz",
        "LOSSVIZ_DEFAULT_LANG": "zh",
    }
    with running(engine, image, port=8600, **settings) as container:
        assert container.url.endswith("/lossviz")
        engine("healthcheck", "run", container.name)  # follows the port and the base path
        with chromium(browser, "settings") as page:
            page.goto(f"{container.url}/softmax")
            settled(page)
            expect(main(page).locator("h1")).to_have_text(t("softmax.title", "zh"))
            expect(main(page)).to_contain_text("0.6472")


PETS_CSV = "cat,dog,猪八戒,label\n1.3,1.3,2.6,2\n0,5,1,1\n".encode()


def test_behind_nginx_under_a_sub_path(engine, image, browser):
    """docs/nginx.conf, pointed at the container, in front of it on a free loopback port."""
    with running(engine, image, STREAMLIT_SERVER_BASE_URL_PATH="lossviz") as container:
        upstream = container.url.removesuffix("/lossviz").removeprefix("http://")
        with nginx(upstream) as proxy:
            proxied = proxy.url
            _wait_healthy(engine, container.name, proxied)
            with chromium(browser, "proxy") as page:
                page.goto(f"{proxied}/cross_entropy")
                settled(page)
                expect(main(page)).to_contain_text("0.4351")
                page.locator("[data-testid=stSidebarNav] a[href$='/softmax']").click()
                expect(page).to_have_url(re.compile(r"/lossviz/softmax"))
                settled(page)
                expect(main(page)).to_contain_text("0.6472")
                # An upload through the proxy: body size limit and XSRF cookie both pass.
                upload = page.locator(".st-key-lv_csv_upload input[type=file]")
                upload.set_input_files(
                    files=[{"name": "pets.csv", "mimeType": "text/csv", "buffer": PETS_CSV}]
                )
                loaded = t("batch.uploaded_small", file="pets.csv", samples=2, classes=3)
                expect(page.locator("[data-testid=stSidebar]")).to_contain_text(loaded)
                page.screenshot(path=_screenshot("proxy-softmax.png"))


def _screenshot(name: str) -> Path:
    """Where a passing test leaves a screenshot to look at."""
    folder = ROOT / "test-artifacts" / "container"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


# The official haproxy image cannot be pulled here: a stand-in with Debian's haproxy, reading
# its config where the official image does, as the same non-root user.
HAPROXY_STANDIN = """FROM debian:bookworm
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy \\
 && rm -rf /var/lib/apt/lists/*
USER haproxy
CMD ["haproxy", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
"""
#: What docs/compose.yaml runs each replica with (and the Kubernetes Deployment its pods).
HARDENED = ["--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp"]
HARDENED += ["--cap-drop", "ALL", "--security-opt", "no-new-privileges"]


def _large_csv(rows: int = 80_000) -> bytes:
    """Over 1 MB: the server spools it to /tmp while it reads the upload."""
    lines = ["cat,dog,猪八戒,label", *(f"{i % 7}.5,1.25,-{i % 3}.75,{i % 3}" for i in range(rows))]
    return ("\n".join(lines) + "\n").encode()


def test_read_only_replicas_behind_haproxy_as_compose_runs_them(engine, image, browser, tmp_path):
    """docs/compose.yaml's set-up with podman: two replicas of the image on a network under one
    name, read-only but for /tmp, and docs/haproxy.cfg in a container in front, finding them
    by DNS. A page and a large upload through it; a replica killed: its browser moves on."""
    (tmp_path / "Containerfile").write_text(HAPROXY_STANDIN)
    built = engine(
        "build", "--pull=never", "--network", "host", "-t", "localhost/lossviz-haproxy:test",
        str(tmp_path), check=False, timeout=600,
    )  # fmt: skip
    if "lossviz-haproxy:test" not in engine("images", "--format", "{{.Repository}}:{{.Tag}}"):
        pytest.skip(f"cannot build the HAProxy stand-in (Debian's packages unreachable?):\n{built}")
    prefix = f"lossviz-compose-{os.getpid()}"
    port, stats = free_port(), free_port()
    try:
        engine("network", "create", prefix)
        for n in (1, 2):
            engine(
                "run", "-d", "--name", f"{prefix}-app{n}", "--network", prefix,
                "--network-alias", "lossviz", *HARDENED,
                "-e", "STREAMLIT_SERVER_BASE_URL_PATH=lossviz",
                "-e", "STREAMLIT_SERVER_COOKIE_SECRET=test-only-secret", image,
            )  # fmt: skip
        engine(
            "run", "-d", "--name", f"{prefix}-proxy", "--network", prefix,
            "-p", f"127.0.0.1:{port}:8080", "-p", f"127.0.0.1:{stats}:8404",
            "-e", "LOSSVIZ_PROXY_BIND=:8080", "-e", "LOSSVIZ_PROXY_STATS=:8404",
            "-e", "LOSSVIZ_REPLICAS_HOST=lossviz", "-e", "LOSSVIZ_BASE_PATH=/lossviz",
            "-v", f"{ROOT / 'docs' / 'haproxy.cfg'}:/usr/local/etc/haproxy/haproxy.cfg:ro",
            "localhost/lossviz-haproxy:test",
        )  # fmt: skip
        proxy = Proxy(
            f"http://127.0.0.1:{port}", tmp_path / "none.log", f"http://127.0.0.1:{stats}"
        )
        (tmp_path / "none.log").write_text("(see podman logs)")
        _wait_for_stats(proxy)
        proxy.wait_for({"app1": "UP", "app2": "UP"}, timeout=120)
        _wait_for_a_quiet_network()
        with chromium(browser, "compose") as page:
            page.goto(proxy.url)  # the site's root leads to the app's base path
            expect(page).to_have_url(re.compile(r"/lossviz/$"))
            page.goto(f"{proxy.url}/lossviz/cross_entropy")
            settled(page)
            expect(main(page)).to_contain_text("0.4351")
            cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "lvsrv")
            upload = page.locator(".st-key-lv_csv_upload input[type=file]")
            csv = {"name": "large.csv", "mimeType": "text/csv", "buffer": _large_csv()}
            upload.set_input_files(files=[csv])
            expect(page.locator("[data-testid=stSidebar]")).to_contain_text("large.csv")
            expect(page.locator("[data-testid=stException]")).to_have_count(0)

            servers = proxy.servers()  # the replica whose cookie the browser holds
            (holder,) = [name for name, row in servers.items() if row["cookie"] == cookie]
            address = servers[holder]["addr"].split(":")[0]
            engine("kill", _container_at(engine, prefix, address))
            app = page.locator("[data-testid=stApp]")
            expect(app).not_to_have_attribute("data-test-connection-state", "CONNECTED")
            expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
            page.reload()
            settled(page)
            expect(main(page)).to_contain_text("0.4351")
            moved = next(c["value"] for c in page.context.cookies() if c["name"] == "lvsrv")
            assert moved != cookie
    finally:
        for name in (f"{prefix}-proxy", f"{prefix}-app1", f"{prefix}-app2"):
            engine("rm", "-f", name, check=False)
        engine("network", "rm", "-f", prefix, check=False)


def _wait_for_stats(proxy: Proxy) -> None:
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(OSError):
            proxy.servers()
            return
        assert time.monotonic() < deadline, "HAProxy's status page did not answer"
        time.sleep(0.3)


def _container_at(engine: Engine, prefix: str, address: str) -> str:
    """The replica with this address on the test's network."""
    for n in (1, 2):
        name = f"{prefix}-app{n}"
        template = f'{{{{(index .NetworkSettings.Networks "{prefix}").IPAddress}}}}'
        found = engine("inspect", name, "--format", template)
        if found.strip() == address:
            return name
    pytest.fail(f"no replica at {address}")
