"""A page-local change sent to a server process that has not run the page yet is kept.

This is the first change a student makes after their worker died and the browser reconnected
to another one (tests/hosting/test_proxy.py shows it end to end through HAProxy)."""

from __future__ import annotations

import asyncio
import concurrent.futures
from unittest import mock

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.script_data import ScriptData

from lossviz.ui.reconnect import keep_first_fragment_rerun


@pytest.fixture
def session():
    """A real session of this Streamlit, made on an event loop as the server makes it; the run
    it would start is recorded instead (``create.call_args``)."""
    keep_first_fragment_rerun()
    keep_first_fragment_rerun()  # once per process, however often it is called

    async def make() -> AppSession:
        return AppSession(
            script_data=ScriptData("app.py", is_hello=False),
            uploaded_file_manager=mock.MagicMock(),
            script_cache=mock.MagicMock(),
            message_enqueued_callback=None,
            user_info={},
        )

    # On a thread of its own: the browser tests' Playwright runs an event loop on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        made = thread.submit(asyncio.run, make()).result()
    with mock.patch.object(AppSession, "_create_scriptrunner") as create:
        yield made, create
    made._state = AppSessionState.SHUTDOWN_REQUESTED  # its loop is gone: nothing to stop


def _fragment_rerun(fragment_id: str) -> ClientState:
    state = ClientState(fragment_id=fragment_id, query_string="logits=2,0.5,-1&target=0")
    state.page_script_hash = "softmax"
    return state


def test_a_fragment_rerun_in_a_session_that_never_ran_becomes_a_full_run(session):
    made, create = session
    made.request_rerun(_fragment_rerun("lesson-fragment"))
    create.assert_called_once()
    rerun = create.call_args.args[0]
    assert rerun.fragment_id is None  # the whole page runs, and registers its fragments
    assert rerun.query_string == "logits=2,0.5,-1&target=0"  # the batch, from the link
    assert rerun.page_script_hash == "softmax"  # on the page the student is on


def test_a_fragment_removed_by_a_full_run_is_still_dropped(session):
    made, create = session
    made._fragment_storage.register("kept", mock.MagicMock())  # a page has run here
    made._fragment_storage.delete("kept")
    made.request_rerun(_fragment_rerun("removed"))
    create.assert_not_called()


def test_a_known_fragment_still_reruns_alone(session):
    made, create = session
    made._fragment_storage.register("lesson", mock.MagicMock())
    made.request_rerun(_fragment_rerun("lesson"))
    create.assert_called_once()
    assert create.call_args.args[0].fragment_id == "lesson"


def test_a_full_rerun_is_left_as_it_is(session):
    made, create = session
    made.request_rerun(ClientState(query_string="target=1"))
    assert create.call_args.args[0].fragment_id is None
