"""One app state per session, mirrored in the URL, with widgets bound to its fields.

The link carries what the pages show: the last valid typed batch (not text being typed that does
not parse yet), and every option, within ``MAX_QUERY_LENGTH`` characters; a batch too long for
that stays in the session only (``left_out_of_link``), and the sidebar says so.
"""

from __future__ import annotations

import os
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import streamlit as st

from lossviz.errors import InputError
from lossviz.i18n import language_for_locale
from lossviz.inputs.batch import Batch
from lossviz.inputs.urlstate import (
    BATCH_FIELDS,
    BOUNDS,
    CHOICES,
    LINK_ONLY,
    PARSERS,
    AppState,
    Problem,
    decode,
    default_state,
    link_params,
)
from lossviz.ui.memo import ByteCache, memoize

STATE = "lv_state"
PROBLEMS = "lv_link_problems"
LAST_BATCH = "lv_last_batch"
#: The texts of the last valid typed batch: what the link carries while the typed one is wrong.
LAST_TEXTS = "lv_last_texts"
UPLOAD = "lv_upload"


def _widget_key(field: str) -> str:
    return f"lv_{field}"


def browser_locale() -> str | None:
    """The browser's language (``navigator.language``), when the browser said."""
    return st.context.locale


def _opening_language(state: AppState, params: dict) -> AppState:
    """A first run's language: the link's ``lang``, else the server's ``LOSSVIZ_DEFAULT_LANG``,
    else the browser's language when the app speaks it, else English."""
    if "lang" in params or os.environ.get("LOSSVIZ_DEFAULT_LANG", "").strip():
        return state
    lang = language_for_locale(browser_locale())
    return replace(state, lang=lang) if lang else state


def current() -> AppState:
    """This session's state; on a session's first run, the state the URL describes (in the
    browser's language when the link does not say)."""
    if STATE not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        state, problems = decode(params, default_state())
        st.session_state[STATE] = _opening_language(state, params)
        st.session_state[PROBLEMS] = problems
    return st.session_state[STATE]


def language() -> str:
    """The language of this run: the language switch's value, which the person may have changed
    just now (the state follows it only once the sidebar runs, after the navigation is built)."""
    chosen = st.session_state.get(_widget_key("lang"))
    return chosen if chosen in ("en", "zh") else current().lang


def link_problems() -> list[Problem]:
    current()
    return st.session_state.get(PROBLEMS, [])


def update(**changes: Any) -> AppState:
    """Change fields of the state (from a script run)."""
    st.session_state[STATE] = replace(current(), **changes)
    if LIVE in st.session_state:
        st.session_state[LIVE].state = st.session_state[STATE]
    return st.session_state[STATE]


LIVE = "lv_live_state"


def live() -> SimpleNamespace:
    """A holder whose ``state`` is this session's state as it is now, kept so by every change,
    fragment runs' included: for what runs after the script, outside it (a download made when
    its button is clicked), and must see the options as they are then."""
    if LIVE not in st.session_state:
        st.session_state[LIVE] = SimpleNamespace(state=current())
    return st.session_state[LIVE]


def set_fields(**changes: Any) -> None:
    """Change fields of the state and of the widgets showing them; call it from a callback."""
    update(**changes)
    for field, value in changes.items():
        st.session_state[_widget_key(field)] = value


def bound(widget: Any, field: str, label: str, **kwargs: Any) -> Any:
    """Show ``widget`` for a state field; the state follows what the person sets.

    The widget's key is ``lv_<field>``. A widget that was not on the last page starts from the
    state, so values survive page switches; the URL carries them across reloads. In presenter
    mode a control the link's ``focus`` leaves out is not drawn, and keeps the state's value.
    """
    if not current().shows(field):
        return getattr(current(), field)
    key = _widget_key(field)
    if key not in st.session_state:
        st.session_state[key] = getattr(current(), field)
    value = widget(label, key=key, **kwargs)
    if value != getattr(current(), field):
        update(**{field: value})
    return value


def bound_choice(widget: Any, field: str, label: str, **kwargs: Any) -> Any:
    """``bound`` for a choice field: ``widget`` (a radio, a select box) lists the options a link
    may carry, in their order."""
    return bound(widget, field, label, options=list(CHOICES[field]), **kwargs)


def bound_number(widget: Any, field: str, label: str, **kwargs: Any) -> Any:
    """``bound`` for a number field: ``widget`` (a slider, a number input) spans the values a
    link may carry, from the lowest to the highest."""
    low, high = BOUNDS[field]
    return bound(widget, field, label, min_value=low, max_value=high, **kwargs)


#: Fields whose widgets sit in the sidebar: the same widgets on every page.
SIDEBAR_FIELDS = ("lang", "logits", "target", "names", "weight")
PAGE = "lv_page"


def enter_page(page: str) -> None:
    """Forget the page widgets' own values when the page changes, so each starts from the state.

    Two pages may show one field with different widgets (a radio here, a select box there);
    Streamlit would give the new widget its default and the state would follow it.
    """
    if st.session_state.get(PAGE) == page:
        return
    st.session_state[PAGE] = page
    for field in PARSERS:
        if field not in SIDEBAR_FIELDS:
            st.session_state.pop(_widget_key(field), None)


def _batch_texts(texts: AppState) -> dict[str, str]:
    return {name: getattr(texts, name) for name in BATCH_FIELDS}


def _link() -> tuple[dict[str, str], tuple[str, ...]]:
    """The query parameters of this session's link and the fields too long for it."""
    linked = current()
    last = st.session_state.get(LAST_TEXTS)
    if last is not None and last != _batch_texts(linked):
        try:
            _batch_from_text(*_batch_texts(linked).values())
        except InputError:
            linked = replace(linked, **last)  # the batch on screen, not the text being typed
    others = {
        key: st.query_params[key]
        for key in st.query_params
        if key not in PARSERS and key not in LINK_ONLY
    }
    return link_params(linked, default_state(), others)


def left_out_of_link() -> tuple[str, ...]:
    """The state fields too long for the link (``MAX_QUERY_LENGTH``): they stay in the session."""
    return _link()[1]


def sync_url() -> None:
    """Write the state into the URL's query parameters, leaving other parameters alone.

    Parameters read only when the link was opened (``preset``) go: the state now carries them.
    Fields too long for a link are not written (``left_out_of_link``).
    """
    wanted, _ = _link()
    params = st.query_params
    stale = [key for key in params if (key in PARSERS and key not in wanted) or key in LINK_ONLY]
    for key in stale:
        del params[key]
    for key, value in wanted.items():
        if params.get(key) != value:
            params[key] = value


#: Batches parsed from typed texts, shared by the sessions that type the same (at most 64 MB).
BATCHES = ByteCache("batches", 64 * 2**20)


@memoize(BATCHES)
def _batch_from_text(logits: str, target: str, names: str, weight: str) -> Batch:
    """The batch typed texts describe; cached, so a large typed batch is parsed once."""
    return Batch.from_text(logits, target, names, weight)


def last_typed_batch() -> Batch:
    """The last valid batch typed (or loaded into the text fields) in this session."""
    batch = st.session_state.get(LAST_BATCH)
    return batch if batch is not None else AppState().batch()


def active_batch() -> tuple[Batch, str | None]:
    """The batch the pages show, and the input problem to report (None when there is none).

    An uploaded batch wins over the typed one. When the typed batch is invalid, the last valid
    batch stays on screen.
    """
    upload = st.session_state.get(UPLOAD)
    if upload is not None:
        return upload[1], None
    texts = current()
    try:
        batch = _batch_from_text(texts.logits, texts.target, texts.names, texts.weight)
    except InputError as error:
        last = st.session_state.get(LAST_BATCH)
        if last is None:
            last = AppState().batch()
        return last, str(error)
    st.session_state[LAST_BATCH] = batch
    st.session_state[LAST_TEXTS] = _batch_texts(texts)
    return batch, None
