"""Page-local controls rerun their page's fragment alone, and their values still reach the URL.

AppTest reruns the whole script at every interaction, so these tests speak to a real server
over the browser's websocket protocol: they move a control the way the browser does (naming
the control's fragment in the rerun request), then check that only the fragment ran, that the
numbers changed, that the URL carries the value, and that a reload and a page switch keep it.
"""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

from apptest_utils import open_page
from lossviz.ui.state import LIVE

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port, for this module's tests."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={port}"]
    command += ["--server.address=127.0.0.1", "--server.headless=true"]
    command += ["--server.fileWatcherType=none", "--browser.gatherUsageStats=false"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, "the server exited"
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer in 90 s"
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)


@dataclass
class Run:
    """What one script run sent: its elements (kind, proto, fragment id), how it finished, and
    the query string the page shows after it; a run that called ``st.rerun()`` ends with the
    run that follows (``stopped_for_rerun``)."""

    elements: list[tuple[str, object, str]] = field(default_factory=list)
    status: int | None = None
    query: str = ""
    stopped_for_rerun: bool = False

    def widget(self, key: str) -> tuple[object, str]:
        """The widget whose key is ``key``: its proto and its fragment ("" outside any)."""
        for _, proto, fragment in self.elements:
            if str(getattr(proto, "id", "")).endswith(f"-{key}"):
                return proto, fragment
        raise AssertionError(f"no widget {key} in this run")

    def texts(self) -> str:
        """Every text the run drew (markdown, LaTeX, captions, badges)."""
        return "\n".join(proto.body for kind, proto, _ in self.elements if kind == "markdown")

    def params(self) -> dict[str, str]:
        return {key: values[-1] for key, values in urllib.parse.parse_qs(self.query).items()}


class Session:
    """One browser tab, as the server sees it: a websocket session (``with Session(url) as``)."""

    def __init__(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        self.origin = f"http://{host}"
        self.connection = connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.origin,  # type: ignore[arg-type]
            max_size=None,
            open_timeout=TIMEOUT,
        )
        self.query = ""
        self.page_hash = ""

    def __enter__(self) -> Session:
        self.ws: ClientConnection = self.connection.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.__exit__(*exc)

    def run(self, page: str, widgets: list | None = None, fragment: str = "") -> Run:
        """Rerun ``page`` with these widget states (``(id, field, value)``), as the browser
        does when one changes; ``fragment`` names the fragment a widget is drawn in."""
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string, client.page_name = self.query, page
        client.page_script_hash = self.page_hash
        client.fragment_id = fragment
        client.context_info.url = f"{self.origin}/{page}"
        for widget_id, kind, value in widgets or []:
            state = client.widget_states.widgets.add()
            state.id = widget_id
            if kind == "double_array_value":
                state.double_array_value.data[:] = [value]
            elif kind == "string_array_value":
                state.string_array_value.data[:] = [value]
            else:
                setattr(state, kind, value)
        self.ws.send(msg.SerializeToString())
        run = Run(query=self.query)
        while run.status is None:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=TIMEOUT))
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = run.query = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                name = element.WhichOneof("type")
                run.elements.append((name, getattr(element, name), forward.delta.fragment_id))
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run.stopped_for_rerun = True  # st.rerun(): the next run is this one's end
                    continue
                run.status = forward.script_finished
        return run


@pytest.fixture
def session(server) -> Iterator[Session]:
    with Session(server) as tab:
        yield tab


def _softmax_probability(temperature: float) -> str:
    """The default batch's probability of its target class (2) at ``temperature``, as the
    softmax page's badge writes it."""
    logits = [1.3, 1.3, 2.6]
    exps = [math.exp(z / temperature) for z in logits]
    return f"{exps[2] / sum(exps):.6g}"


def test_softmax_temperature_reruns_its_fragment_and_reaches_the_url(server, session):
    first = session.run("softmax")
    assert first.status == ForwardMsg.FINISHED_SUCCESSFULLY
    slider, fragment = first.widget("lv_temperature")
    assert fragment, "the temperature slider is drawn in a fragment"
    assert _softmax_probability(1.0) in first.texts()

    # The temperature's slider runs over stops on a log scale: the browser sends the stop's text.
    moved = session.run("softmax", [(slider.id, "string_array_value", "2.5")], fragment)
    assert moved.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert {frag for *_, frag in moved.elements} == {fragment}  # nothing outside it reran
    kinds = [kind for kind, *_ in moved.elements]
    assert "text_area" not in kinds  # the sidebar's batch editor is not redrawn
    assert _softmax_probability(2.5) in moved.texts()
    assert _softmax_probability(1.0) not in moved.texts()
    assert moved.params()["temperature"] == "2.5"

    # A reload opens the link the page shows: the slider and the numbers are as they were.
    with Session(server) as reloaded:
        reloaded.query = session.query
        again = reloaded.run("softmax")
    assert list(again.widget("lv_temperature")[0].raw_value) == ["2.5"]
    assert _softmax_probability(2.5) in again.texts()

    # Another page and back, in the same session: the value stays.
    other = session.run("cross_entropy")
    assert other.status == ForwardMsg.FINISHED_SUCCESSFULLY
    assert other.params()["temperature"] == "2.5"
    back = session.run("softmax")
    assert back.params()["temperature"] == "2.5"
    assert _softmax_probability(2.5) in back.texts()


def test_cross_entropy_smoothing_reruns_its_fragment_and_reaches_the_url(session):
    first = session.run("cross_entropy")
    slider, fragment = first.widget("lv_smoothing")
    assert fragment
    moved = session.run("cross_entropy", [(slider.id, "double_array_value", 0.2)], fragment)
    assert moved.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert moved.params()["smoothing"] == "0.2"
    assert moved.texts() != first.texts()
    assert "0.2" in moved.texts()  # the smoothed target's formula shows epsilon


@pytest.mark.parametrize(
    ("page", "key", "value"),
    [
        ("gradients", "lv_smoothing", 0.3),
        ("entropy_kl", "lv_smoothing", 0.3),
        ("imbalance", "lv_imbalance_ratio", 20),
        ("regression", "lv_regression_beta", 2.0),
    ],
)
def test_page_controls_rerun_their_fragment(session, page, key, value):
    first = session.run(page)
    slider, fragment = first.widget(key)
    assert fragment, f"{key} is drawn in a fragment on /{page}"
    moved = session.run(page, [(slider.id, "double_array_value", value)], fragment)
    assert moved.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert not [proto for kind, proto, _ in moved.elements if kind == "exception"]
    assert float(moved.params()[key.removeprefix("lv_")]) == value
    assert moved.texts() != first.texts()


def test_a_fragment_button_that_loads_a_batch_reruns_the_whole_app(session):
    first = session.run("imbalance")
    button, fragment = first.widget("imbalance_load")
    assert fragment
    loaded = session.run("imbalance", [(button.id, "trigger_value", True)], fragment)
    assert loaded.stopped_for_rerun
    assert loaded.status == ForwardMsg.FINISHED_SUCCESSFULLY  # a full run: sidebar included
    assert "text_area" in [kind for kind, *_ in loaded.elements]
    assert loaded.params()["logits"] != first.params().get("logits")


def test_the_sidebar_download_reads_the_options_as_they_are_when_clicked():
    """The sidebar's results CSV is made when its button is clicked, after any number of
    fragment runs that the sidebar did not see: it reads the session's live state."""
    at = open_page("pages/cross_entropy.py")
    live = at.session_state[LIVE]
    at.slider(key="lv_smoothing").set_value(0.3).run()
    assert at.session_state[LIVE] is live
    assert live.state.smoothing == 0.3


def test_the_sidebar_reruns_itself_then_the_app_when_the_batch_changes(session):
    first = session.run("softmax")
    logits, fragment = first.widget("lv_logits")
    assert fragment, "the sidebar is a fragment"
    assert fragment != first.widget("lv_temperature")[1]
    typed = session.run("softmax", [(logits.id, "string_value", "0.5, 1.5, 3.0")], fragment)
    assert typed.stopped_for_rerun  # the sidebar's run asked for a full one...
    assert typed.status == ForwardMsg.FINISHED_SUCCESSFULLY  # ...which drew the page
    assert typed.params()["logits"] == "0.5, 1.5, 3.0"
    exps = [math.exp(z) for z in (0.5, 1.5, 3.0)]
    assert f"{exps[2] / sum(exps):.6g}" in typed.texts()


def test_a_sidebar_change_that_leaves_the_batch_alone_reruns_the_sidebar_only(session):
    first = session.run("softmax")
    mode, fragment = first.widget("lv_edit_mode")
    switched = session.run("softmax", [(mode.id, "string_array_value", "grid")], fragment)
    assert not switched.stopped_for_rerun
    assert switched.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert {frag for *_, frag in switched.elements} == {fragment}
