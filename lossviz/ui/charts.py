"""Charts as every page draws them: fitted to the screen, named for screen readers, and each with
the numbers it draws in an expander of its own, named after it.

A page hands ``chart`` the figure it used to hand ``st.plotly_chart``. The figure is shared (the
figure caches serve every session), so what is fitted to one screen is a copy, made once per
figure and screen; so is each figure's table.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Any

import pyarrow as pa
import streamlit as st

from lossviz.i18n import t
from lossviz.ui import state
from lossviz.ui.compute import PreparedFigure, arrow_table
from lossviz.views.shared.screen import figure_table, for_screen, plain_title

__all__ = ["PRESENTER_SCALE", "chart", "on_phone"]

#: How much larger a chart's type is in presenter mode.
PRESENTER_SCALE = 1.5


class _Fitted(PreparedFigure):
    """A figure's dict fitted to one screen, ready to draw."""

    def __init__(self, spec: dict) -> None:  # the dict is all, as in PreparedFigure
        object.__setattr__(self, "_spec", spec)


_LOCK = threading.Lock()
#: Per figure, by its id while it lives (figures are unhashable): what was made from it, by key.
_MADE: dict[int, dict] = {}


def _forget(figure_id: int) -> None:
    with _LOCK:
        _MADE.pop(figure_id, None)


def _remembered(figure: Any, key: object, make) -> Any:
    """``make()``, made once per ``figure`` and ``key`` and kept while the figure lives."""
    with _LOCK:
        known = _MADE.get(id(figure), {}).get(key)
    if known is None:
        known = make()
        with _LOCK:
            if id(figure) not in _MADE:
                weakref.finalize(figure, _forget, id(figure))
            _MADE.setdefault(id(figure), {})[key] = known
    return known


def on_phone() -> bool:
    """Whether this session's browser is a phone's: its user agent says "Mobi", as every phone
    browser's does (the server is told no screen width)."""
    with contextlib.suppress(Exception):
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    return False


def _table(figure: Any, spec: dict, lang: str) -> object:
    words = {word: t(f"chart.{word}", lang) for word in ("series", "x", "y", "value", "label")}

    def make() -> object:
        columns = figure_table(spec, words)
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            return arrow_table(columns, nan_as_null=True)
        return columns

    return _remembered(figure, ("table", lang), make)


def chart(figure: Any, lang: str, *, table: object = None, key: str | None = None) -> None:
    """Draw ``figure`` (a Plotly figure, or a cached ``PreparedFigure``) fitted to this screen
    (larger type in presenter mode; panels stacked and no tool bar on a phone), named after its
    title for screen readers, then an expander named after it with the numbers it draws (or
    ``table``, columns the page chose). ``key`` is the chart's widget key, if it needs one.
    """
    spec = figure.to_dict()
    title_spec = spec.get("layout", {}).get("title") or {}
    name = plain_title(str(title_spec.get("text", ""))) if isinstance(title_spec, dict) else ""
    scale = PRESENTER_SCALE if state.current().present else 1.0
    phone = on_phone()
    fitted = _remembered(
        figure, ("fitted", scale, phone), lambda: _Fitted(for_screen(spec, scale, phone))
    )
    st.plotly_chart(
        fitted,
        key=key,
        alt=t("chart.alt", lang, chart=name) if name else None,
        config={"displayModeBar": False} if phone else None,
    )
    label = t("chart.numbers", lang, chart=name) if name else t("common.numbers", lang)
    with st.expander(label, icon=":material/table:"):
        st.dataframe(table if table is not None else _table(figure, spec, lang), hide_index=True)
