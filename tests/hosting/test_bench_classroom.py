"""The classroom load bench's client speaks Streamlit's protocol: two students against a real
server see each of their changes on the page, with no error. Correctness only: no timing."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "classroom_load.py"


@pytest.fixture(scope="module")
def classroom_load():
    spec = importlib.util.spec_from_file_location("classroom_load", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def _in_own_thread(function, *args):
    """Run ``function`` in a thread of its own: asyncio.run refuses a thread whose event loop
    is running, as Playwright's sync API leaves the main thread after the browser tests."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def test_two_students_see_their_changes(classroom_load):
    pages = classroom_load.parse_pages("softmax,cross_entropy")
    with classroom_load.started_server() as (url, pid):
        _in_own_thread(classroom_load.warm_up, url, pages)  # the first run imports torch
        stats = _in_own_thread(
            asyncio.run,
            classroom_load.run_load(url, 2, 3.0, pages, interval=0.8, ramp=0.2, timeout=60.0),
        )
        assert classroom_load.MemorySampler(pid).sample() > 0
    assert not stats.errors, stats.examples
    assert len(stats.first_loads) == 2
    assert stats.sent >= 2
    assert stats.completed == stats.sent


def test_widgets_name_their_values(classroom_load):
    for widget in classroom_load.WIDGETS.values():
        values = [widget.value(seq, salt=5) for seq in range(50)]
        assert len(set(values)) == len(values)
        query = f"a=1&{widget.field}={values[3].replace(',', '%2C').replace(' ', '+')}"
        assert widget.matches(widget.shown(query), values[3])
        assert widget.matches(widget.shown("a=1"), widget.default)


def test_only_loopback(classroom_load):
    assert classroom_load.websocket_url("http://localhost:8501/app/") == (
        "ws://localhost:8501/app/_stcore/stream",
        "http://localhost:8501",
    )
    assert classroom_load.websocket_url("127.0.0.1:9")[0] == "ws://127.0.0.1:9/_stcore/stream"
    with pytest.raises(ValueError, match="loopback"):
        classroom_load.websocket_url("http://example.org:8501")


def test_the_bench_moves_the_temperature_over_the_pages_own_stops(classroom_load):
    from lossviz.views.softmax.scales import TEMPERATURE_STOPS

    stops = [f"{stop:g}" for stop in TEMPERATURE_STOPS]
    assert stops == classroom_load.TEMPERATURE_STOPS
