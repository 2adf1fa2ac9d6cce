"""Widgets every page shows the same way: the PyTorch badge, the code panel, notes, tables."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable

import pyarrow as pa
import streamlit as st

from lossviz.i18n import t, translate_error
from lossviz.i18n.notes import note_text
from lossviz.results import Note
from lossviz.ui import state
from lossviz.ui.compute import arrow_table

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def escape_markdown(text: str) -> str:
    """User text made inert for Markdown: no links, images, HTML or formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _fmt(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.4e}"


def agreement_badge(
    function: str, ours: float, theirs: float, difference: float, agrees: bool, lang: str
) -> None:
    """A green badge when the step-by-step value equals PyTorch's fused function, red otherwise."""
    key = "badge.agrees" if agrees else "badge.differs"
    text = t(
        key, lang, function=function, ours=_fmt(ours), theirs=_fmt(theirs), diff=f"{difference:.1e}"
    )
    st.badge(
        text,
        icon=":material/check_circle:" if agrees else ":material/error:",
        color="green" if agrees else "red",
    )


def code_panel(code: str, lang: str) -> None:
    """An expander with a copyable PyTorch snippet that reproduces the page's numbers (left out
    when the link hides the code: ``?hide=code``)."""
    if state.current().hidden("code"):
        return
    with st.expander(t("common.code", lang), icon=":material/code:"):
        st.caption(t("common.code_help", lang))
        st.code(code, language="python")


def show_notes(notes: Iterable[Note], lang: str) -> None:
    """Remarks on suspicious but legal input, translated."""
    lines = [f"- {note_text(note, lang)}" for note in notes]
    if lines:
        st.info(
            f"**{t('notes.header', lang)}**\n\n" + "\n".join(lines), icon=":material/lightbulb:"
        )


def input_error(message: str, lang: str, source: str = "") -> None:
    """An input problem, what and where, and that the last valid batch stays on screen.

    ``source`` (a file name, say) is put before the translated message.
    """
    text = translate_error(message, lang)
    st.error(
        t("batch.error", lang, message=f"{source}: {text}" if source else text)
        + " "
        + t("batch.kept_last", lang),
        icon=":material/error:",
    )


def numbers_table(data, lang: str) -> None:
    """The numbers behind a chart, in an expander (screen readers and copy-paste get them).

    Columns (a dict) go to the browser as an Arrow table built directly, which costs a fraction
    of Streamlit's route through a DataFrame; a column Arrow cannot type as it is (numbers mixed
    with texts) takes that route, which shows it as text.
    """
    if isinstance(data, dict):
        with contextlib.suppress(pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            data = arrow_table(data, nan_as_null=True)
    with st.expander(t("common.numbers", lang), icon=":material/table:"):
        st.dataframe(data, hide_index=True)
