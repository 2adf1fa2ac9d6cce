"""A page-local change made just after the browser moved to another server process is kept.

When a worker dies, its students' browsers reconnect by themselves to another worker, which
opens a new session for each and runs nothing until the browser asks. Streamlit's browser asks
for a full run on reconnecting only if its last run was a fragment run; after a full run it asks
for nothing. The student's next change to a control inside a fragment (every page's lesson, see
``lossviz.ui.fragments``) is then a rerun of a fragment the new session has never registered,
and Streamlit drops it without a word: the slider moves, the page does not, and so on for every
later change until the student touches the sidebar or reloads.

``keep_first_fragment_rerun`` makes that request a full run of the page instead, in a session
that has not registered any fragment yet. Everywhere else Streamlit's rule holds: a rerun of a
fragment that a full run removed is still dropped (it has been replaced by that run).

It patches ``AppSession.request_rerun`` of the Streamlit version pinned in requirements.txt;
``tests/ui/test_reconnect.py`` checks both cases on a real session, so an upgrade that changes
the method fails there, not in a classroom.
"""

from __future__ import annotations

import functools
from typing import Any

from streamlit.runtime.app_session import AppSession

__all__ = ["is_orphan_fragment_rerun", "keep_first_fragment_rerun"]

_MARK = "_lossviz_keeps_first_fragment_rerun"


def is_orphan_fragment_rerun(session: AppSession, client_state: Any) -> bool:
    """Whether ``client_state`` asks to rerun a fragment in a session that has registered none.

    That is the first request a reconnected browser sends to a new server process.

    >>> from types import SimpleNamespace
    >>> storage = SimpleNamespace(registration_sequence=lambda: 0)
    >>> session = SimpleNamespace(_fragment_storage=storage, has_fragment=lambda f: False)
    >>> is_orphan_fragment_rerun(session, SimpleNamespace(fragment_id="f1"))
    True
    >>> is_orphan_fragment_rerun(session, SimpleNamespace(fragment_id=""))
    False
    """
    fragment_id = getattr(client_state, "fragment_id", "") if client_state else ""
    if not fragment_id or session.has_fragment(fragment_id):
        return False
    return session._fragment_storage.registration_sequence() == 0


def keep_first_fragment_rerun() -> None:
    """Patch ``AppSession.request_rerun`` once per process (calling it again does nothing)."""
    if getattr(AppSession.request_rerun, _MARK, False):
        return
    original = AppSession.request_rerun

    @functools.wraps(original)
    def request_rerun(self: AppSession, client_state: Any) -> None:
        if is_orphan_fragment_rerun(self, client_state):
            full = type(client_state)()
            full.CopyFrom(client_state)
            full.ClearField("fragment_id")
            client_state = full
        original(self, client_state)

    setattr(request_rerun, _MARK, True)
    AppSession.request_rerun = request_rerun
