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

from lossviz.ui import state
from lossviz.ui.frame import PageContext, frame_key

__all__ = ["page_fragment"]


def page_fragment(body: Callable[[PageContext], None], context: PageContext) -> None:
    """Draw ``body(context)`` as a fragment: its own widgets rerun it alone.

    A fragment run hands ``body`` the state as it is then (with the page's batch, which only a
    full run changes), and writes the state into the URL as the end of a full run does. When
    a callback of the fragment (a button that loads a batch) or one of its controls (the
    mistakes page's choice of data, which shows or hides the batch editor) changed the frame,
    the whole app reruns.
    """
    drawn = frame_key(context.state)

    def lesson() -> None:
        current = state.current()
        if frame_key(current) != drawn:
            st.rerun(scope="app")
        body(replace(context, state=current))
        state.sync_url()
        if frame_key(state.current()) != drawn:  # a control of the lesson changed the frame
            st.rerun(scope="app")

    # Streamlit names a fragment after its function and where it is drawn: name this one after
    # the page's body, so the fragments of two pages never share a name.
    lesson.__module__ = body.__module__
    lesson.__qualname__ = body.__qualname__
    st.fragment(lesson)()
