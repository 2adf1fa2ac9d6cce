"""The proxy configs in docs/ do what they say, run for real in front of stand-in workers: the
hosting defaults (framing, no sniffing, no referrer to other sites, no banner), the app's
longest links, the upload limit, per-client request limits; and HAProxy's stickiness, failover
and health checks. Seconds, not minutes: the workers are stand-ins (test_proxy.py has the app).
Deselect with -m 'not proxy'."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from proxies import LINK_LIMIT, haproxy, nginx, upstreams

pytestmark = pytest.mark.proxy


def _get(url: str, cookie: str = "", **headers: str) -> tuple[int, dict[str, str], str]:
    """Status, headers (lower-case names; repeated ones joined with ', ') and body."""
    request = urllib.request.Request(
        url, headers={**headers, "Cookie": cookie} if cookie else headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status, body = answer.status, answer.read().decode(errors="replace")
            items = answer.headers.items()
    except urllib.error.HTTPError as error:
        status, body, items = (
            error.code,
            error.read().decode(errors="replace"),
            error.headers.items(),
        )
    found: dict[str, str] = {}
    for name, value in items:
        found[name.lower()] = f"{found[name.lower()]}, {value}" if name.lower() in found else value
    return status, found, body


def _sticky(headers: dict[str, str]) -> str:
    """The worker HAProxy's cookie names in a response ("" if it sets none)."""
    cookie = headers.get("set-cookie", "")
    return cookie.split("lvsrv=", 1)[1].split(";", 1)[0] if "lvsrv=" in cookie else ""


@pytest.fixture(scope="module")
def workers():
    with upstreams("w1", "w2") as started:
        yield started


@pytest.fixture(scope="module")
def balancer(workers):
    with haproxy([w.address for w in workers]) as proxy:
        proxy.wait_for({"w1": "UP", "w2": "UP"})
        yield proxy


@pytest.fixture(scope="module")
def sub_path(workers):
    with nginx(workers[0].address) as proxy:
        yield proxy


@pytest.fixture(params=["haproxy", "nginx"])
def proxy(request, balancer, sub_path):
    return {"haproxy": balancer, "nginx": sub_path}[request.param]


# --- the hosting defaults ---------------------------------------------------------------------


def test_framing_sniffing_referrer_and_banner(proxy):
    status, headers, _ = _get(f"{proxy.url}/softmax")
    assert status == 200
    assert headers["content-security-policy"].strip() == "frame-ancestors 'self'"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "stand-in" not in headers.get("server", "")  # the worker's banner is not passed on
    assert headers.get("server", "") in ("", "nginx")  # and the proxy's names no version


def test_haproxy_lets_the_configured_origins_frame_the_app(workers):
    wiki = "https://wiki.example.org"
    with haproxy([w.address for w in workers], LOSSVIZ_FRAME_ANCESTORS=wiki) as proxy:
        _, headers, _ = _get(f"{proxy.url}/")
    assert headers["content-security-policy"] == f"frame-ancestors 'self' {wiki}"
    assert "x-frame-options" not in headers  # it cannot name the wiki; browsers read the CSP


def test_haproxy_leads_to_the_base_path_when_the_app_has_one(workers):
    with haproxy([w.address for w in workers], LOSSVIZ_BASE_PATH="/lossviz") as proxy:
        for path in ("/", "/lossviz"):
            connection = http.client.HTTPConnection("127.0.0.1", int(proxy.url.rsplit(":", 1)[1]))
            connection.request("GET", path)
            answer = connection.getresponse()
            assert (answer.status, answer.getheader("Location")) == (301, "/lossviz/")
            connection.close()
        assert _get(f"{proxy.url}/lossviz/softmax")[0] == 200


def test_the_longest_link_passes_twice_in_one_request(proxy):
    """A link at the app's limit, in the request line and again in the Referer of the page's
    own requests; a request far past any link is refused."""
    query = urllib.parse.urlencode({"logits": "1" * (LINK_LIMIT - len("logits="))})
    assert len(query) == LINK_LIMIT
    page = f"{proxy.url}/cross_entropy?{query}"
    assert _get(page, Referer=page)[0] == 200
    assert _get(f"{proxy.url}/?q={'1' * 70_000}")[0] in (400, 414, 431)


def test_uploads_up_to_the_app_limit_pass_and_larger_are_refused(proxy):
    parts = urllib.parse.urlsplit(proxy.url)
    path = f"{parts.path}/_stcore/upload_file/session/file"

    def put(length: int, body: bytes) -> int:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.putrequest("PUT", path)
            connection.putheader("Content-Length", str(length))
            connection.endheaders()
            connection.send(body)
            return connection.getresponse().status
        finally:
            connection.close()

    assert put(2_000_000, b"x" * 2_000_000) == 204
    assert put(30_000_000, b"x" * 1000) == 413  # refused on its header, before the body


def test_haproxy_limits_the_requests_of_one_client(workers):
    with haproxy([w.address for w in workers], LOSSVIZ_RATE_LIMIT="20") as proxy:
        statuses = [_get(f"{proxy.url}/_stcore/health")[0] for _ in range(30)]
    assert statuses[:20] == [200] * 20
    assert set(statuses[20:]) == {429}


def test_nginx_limits_the_requests_of_one_client(workers):
    def strict(site: str) -> str:
        return site.replace("rate=500r/s", "rate=1r/m").replace("burst=5000", "burst=20")

    with nginx(workers[0].address, edit=strict) as proxy:
        statuses = [_get(f"{proxy.url}/_stcore/health")[0] for _ in range(30)]
    assert statuses[:21] == [200] * 21  # the burst, and the one the rate allows
    assert set(statuses[21:]) == {429}


# --- HAProxy: one worker per browser, another when it dies ------------------------------------


def test_a_browser_keeps_to_its_worker_and_moves_when_it_dies(workers, balancer):
    status, headers, first = _get(f"{balancer.url}/")
    assert status == 200 and _sticky(headers) == first  # the cookie names who answered
    cookie = f"lvsrv={first}"
    for _ in range(10):
        status, headers, answered = _get(f"{balancer.url}/_stcore/health", cookie)
        assert (status, answered, _sticky(headers)) == (200, first, "")  # indirect: set once
    dead = next(w for w in workers if w.name == first)
    other = next(w for w in workers if w.name != first)
    dead.stop()
    try:
        start = time.monotonic()
        status, headers, answered = _get(f"{balancer.url}/", cookie)
        assert (status, answered, _sticky(headers)) == (200, other.name, other.name)
        assert time.monotonic() - start < 1.0  # at once, not after HAProxy's 1 s turn-around
        balancer.wait_for({dead.name: "DOWN", other.name: "UP"}, timeout=30)
    finally:
        dead.start()
    balancer.wait_for({dead.name: "UP", other.name: "UP"}, timeout=30)
    status, _, answered = _get(f"{balancer.url}/", cookie)
    assert (status, answered) == (200, first)  # a browser still holding the old cookie
