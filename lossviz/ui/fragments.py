"""Page-local controls that rerun only the part of the page they change (``st.fragment``).

A slider that changes one lesson's numbers need not rerun the sidebar, the navigation and every
other chart: a page draws its lesson with ``page_fragment``, and moving a control inside it
reruns the lesson alone. The lesson still writes the state into the URL, so a reload, a copied
link or another page shows the same value; and when one of its buttons changes what the rest of
the page shows (the batch, say), the whole app reruns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from lossviz.inputs.urlstate import BATCH_FIELDS, AppState
from lossviz.ui import state
from lossviz.ui.frame import PageContext, batch_editor_shown

__all__ = ["page_fragment"]

#: State fields drawn outside a page's lesson (the sidebar, the page's title): a lesson that
#: changes one of them reruns the whole app.
FRAME_FIELDS = (*BATCH_FIELDS, "lang", "hide")


def _frame(current: AppState) -> tuple:
    """What the frame of the page shows: the batch (typed, or the upload), the language, and
    whether the sidebar shows the batch editor (the mistakes page's own controls decide)."""
    upload = st.session_state.get(state.UPLOAD)
    editor = batch_editor_shown(st.session_state.get(state.PAGE, ""), current)
    return (*(getattr(current, name) for name in FRAME_FIELDS), id(upload), editor)


def page_fragment(body: Callable[[PageContext], None], context: PageContext) -> None:
    """Draw ``body(context)`` as a fragment: its own widgets rerun it alone.

    A fragment run hands ``body`` the state as it is then (with the page's batch, which only a
    full run changes), and writes the state into the URL as the end of a full run does. When
    a callback of the fragment (a button that loads a batch) or one of its controls (the
    mistakes page's choice of data, which shows or hides the batch editor) changed the frame,
    the whole app reruns.
    """
    drawn = _frame(context.state)

    def lesson() -> None:
        current = state.current()
        if _frame(current) != drawn:
            st.rerun(scope="app")
        body(replace(context, state=current))
        state.sync_url()
        if _frame(state.current()) != drawn:  # a control of the lesson changed the frame
            st.rerun(scope="app")

    # Streamlit names a fragment after its function and where it is drawn: name this one after
    # the page's body, so the fragments of two pages never share a name.
    lesson.__module__ = body.__module__
    lesson.__qualname__ = body.__qualname__
    st.fragment(lesson)()
