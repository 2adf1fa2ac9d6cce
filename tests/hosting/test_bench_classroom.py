"""The classroom load bench's client speaks Streamlit's protocol as the browser does: two students
against a real server see each of their changes on the page, with no error, and the client keeps
its element cache by the browser's rules (else it reports errors a browser would not have).
Correctness only: no timing."""

from __future__ import annotations

import asyncio
import doctest
import importlib
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench_module(name: str):
    """A module of bench/, imported as the bench scripts import each other (by bare name)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def client():
    return _bench_module("classroom_client")


def _in_own_thread(function, *args):
    """Run ``function`` in a thread of its own: asyncio.run refuses a thread whose event loop
    is running, as Playwright's sync API leaves the main thread after the browser tests."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def test_two_students_see_their_changes(client):
    benchlib, processes = _bench_module("benchlib"), _bench_module("processes")
    load = _bench_module("classroom_load")
    pages = client.parse_pages("softmax,cross_entropy")
    with benchlib.running_app() as server:
        _in_own_thread(load.warm_up, server.url, pages)  # the first run imports torch
        stats = _in_own_thread(
            asyncio.run,
            client.run_load(server.url, 2, 3.0, pages, interval=0.8, ramp=0.2, timeout=60.0),
        )
        assert processes.resident(server.pid) > 0
    assert not stats.errors, stats.examples
    assert len(stats.first_loads) == 2
    assert stats.sent >= 2
    assert stats.completed == stats.sent


def test_widgets_name_their_values(client):
    for widget in client.WIDGETS.values():
        values = [widget.value(seq, salt=5) for seq in range(50)]
        assert len(set(values)) == len(values)
        query = f"a=1&{widget.field}={values[3].replace(',', '%2C').replace(' ', '+')}"
        assert widget.matches(widget.shown(query), values[3])
        assert widget.matches(widget.shown("a=1"), widget.default)
        assert widget.rest(query) == [("a", "1")]


def test_only_loopback(client):
    assert client.websocket_url("http://localhost:8501/app/") == (
        "ws://localhost:8501/app/_stcore/stream",
        "http://localhost:8501",
    )
    assert client.websocket_url("127.0.0.1:9")[0] == "ws://127.0.0.1:9/_stcore/stream"
    with pytest.raises(ValueError, match="loopback"):
        client.websocket_url("http://example.org:8501")


def test_the_bench_moves_the_temperature_over_the_pages_own_stops(client):
    from lossviz.views.softmax.scales import TEMPERATURE_STOPS

    stops = [f"{stop:g}" for stop in TEMPERATURE_STOPS]
    assert stops == client.TEMPERATURE_STOPS


@pytest.mark.parametrize("name", ["classroom_client", "processes"])
def test_the_bench_doctests_pass(name):
    module = _bench_module(name)
    assert doctest.testmod(module).failed == 0


# --- the element cache, message by message, as the server sends them ------------------------


def _new_session(run: str) -> bytes:
    msg = ForwardMsg()
    msg.new_session.config.max_cached_message_age = 2
    msg.metadata.run.script_run_id = run
    return msg.SerializeToString()


def _element(digest: str, widget_id: str = "", fragment: str = "") -> bytes:
    """A large element the server marks cacheable (a chart), or the widget with ``widget_id``."""
    msg = ForwardMsg(hash=digest)
    msg.metadata.cacheable = True
    msg.delta.fragment_id = fragment
    if widget_id:
        msg.delta.new_element.slider.id = widget_id
    else:
        msg.delta.new_element.markdown.body = "x" * 100
    return msg.SerializeToString()


def _reference(digest: str) -> bytes:
    return ForwardMsg(ref_hash=digest).SerializeToString()


def _finished(run: str, status: int, fragments: tuple[str, ...] = ()) -> bytes:
    msg = ForwardMsg(script_finished=status)
    msg.metadata.run.script_run_id = run
    msg.metadata.run.fragment_ids.extend(fragments)
    return msg.SerializeToString()


@pytest.fixture
def student(client):
    stats = client.Stats()
    widget = client.WIDGETS["temperature"]
    return client.Student(
        0, "ws://127.0.0.1:9/_stcore/stream", "http://x", "softmax", widget, stats
    )


def _asks(student) -> list[str]:
    """Ask for a rerun as the student does; the hashes the request lists."""
    request = BackMsg()
    request.ParseFromString(student._rerun_message())
    return list(request.rerun_script.cached_message_hashes)


def _receive(student, *messages: bytes) -> None:
    for message in messages:
        student._on_message(message)


def test_runs_stopped_for_a_newer_change_do_not_age_the_cache(client, student):
    """An impatient student under load: each change stops the run of the one before. The
    browser keeps its elements through stopped runs, so the server's references find them; a
    client that aged them at every run reported 'reference to an element never received'."""
    done, stopped = ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_EARLY_FOR_RERUN
    _asks(student)
    _receive(student, _new_session("r1"), _element("chart"), _finished("r1", done))
    _asks(student)
    _receive(student, _new_session("r2"))
    for run, newer in (("r2", "r3"), ("r3", "r4")):
        assert "chart" in _asks(student)  # the request for the newer run stops this one
        _receive(student, _finished(run, stopped), _new_session(newer))
    _receive(student, _reference("chart"), _finished("r4", done))
    assert not student.stats.errors, student.stats.examples


def test_a_run_ending_after_a_newer_request_does_not_age_the_cache(client, student):
    """A run that ends while the next request is on its way: the elements that request listed
    must stay until its run has started, so the browser does not age its cache then."""
    done = ForwardMsg.FINISHED_SUCCESSFULLY
    _asks(student)
    _receive(student, _new_session("r1"), _element("chart"), _finished("r1", done))
    _asks(student)
    _receive(student, _new_session("r2"), _finished("r2", done))
    _asks(student)
    _receive(student, _new_session("r3"))
    assert _asks(student) == ["chart"]  # two runs old: still listed
    _receive(student, _finished("r3", done))  # r3 ends as the request for r4 leaves
    _receive(student, _new_session("r4"), _reference("chart"), _finished("r4", done))
    assert not student.stats.errors, student.stats.examples
    for run in ("r5", "r6"):
        _asks(student)
        _receive(student, _new_session(run), _finished(run, done))
    assert _asks(student) == []  # three runs unused: dropped, as by the browser


def test_a_fragment_run_ages_only_its_own_elements(client, student):
    done = ForwardMsg.FINISHED_SUCCESSFULLY
    fragment_done = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    _asks(student)
    page = (_element("sidebar"), _element("chart", fragment="f1"))
    _receive(student, _new_session("r1"), *page, _finished("r1", done))
    for run in ("r2", "r3", "r4"):
        _asks(student)
        _receive(student, _new_session(run), _element("chart", fragment="f1"))
        _receive(student, _finished(run, fragment_done, ("f1",)))
    assert set(_asks(student)) == {"sidebar", "chart"}


def test_a_widget_sent_by_reference_is_found_and_a_true_miss_is_reported(client, student):
    done = ForwardMsg.FINISHED_SUCCESSFULLY
    widget_id = "$$ID-abc-lv_temperature"
    _asks(student)
    _receive(student, _new_session("r1"), _element("w", widget_id, "f1"), _finished("r1", done))
    student.widget_id = student.widget_fragment = None
    _asks(student)
    _receive(student, _new_session("r2"), _reference("w"), _finished("r2", done))
    assert (student.widget_id, student.widget_fragment) == (widget_id, "f1")
    request = BackMsg()
    student.widget_value = "0.50"
    request.ParseFromString(student._rerun_message(student.widget_fragment))
    assert request.rerun_script.fragment_id == "f1"  # a widget in a fragment reruns it only
    assert not student.stats.errors
    _receive(student, _new_session("r3"), _reference("never-sent"))
    assert student.stats.errors["protocol"] == 1
