"""This session as the server sees it: whether its browser tab is still connected."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

__all__ = ["connected"]


def _always() -> bool:
    return True


def connected() -> Callable[[], bool]:
    """A check, callable from any thread, of whether the session running this script is still
    connected: false once its tab is closed (or its connection lost), so work it started in
    the background can stop. Outside a server (a test's script run) it is always true.
    """
    context = get_script_run_ctx()
    if context is None or not Runtime.exists():
        return _always
    runtime, session_id = Runtime.instance(), context.session_id
    return lambda: bool(runtime.is_active_session(session_id))
