"""Widgets every page shows the same way: the PyTorch badge, the code panel, notes, tables; and
the one place where text a person typed, uploaded or sent in a link is made inert for Markdown.

Streamlit renders the body of ``st.markdown``, ``st.caption``, ``st.error``, ``st.warning``,
``st.info`` and the like as Markdown (links, images, formatting, maths, colour directives, and
bare URLs as links). Any such body that can hold user text gets it through ``user_text`` (a class
or file name) or ``error_text`` (a message that quotes input), or, for a whole message built from
user parts, ``escape_markdown``.
"""

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

#: Backslash-escaped wherever they stand: a backslash (so input cannot undo an escape), code,
#: emphasis and strikethrough marks, maths, and the openings of HTML and autolinks.
_ALWAYS = re.compile(r"([\\`*~$<>])")
#: ``_`` opens emphasis unless it stands between two letters or digits (``pos_weight`` is safe).
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
#: Brackets that would start a link, an image, a footnote or a colour directive, or end a link's
#: text before its address or reference; other brackets, such as ``[0, 1]``, show as they are.
_BRACKETS = re.compile(r"(!|:[\w-]+)\[|\[(?=\^)|\](?=[(\[:])")
#: Where GitHub-flavoured Markdown makes a link of bare text: ``http://``, ``https://`` (any
#: scheme), ``www.`` and e-mail addresses (``@``). A word joiner (U+2060, invisible) breaks each.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)")
#: Emoji and icon short codes (``:smile:``, ``:material/home:``).
_SHORT_CODE = re.compile(r":(?=[\w/-]+:)")
_WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    r"""``text`` made inert for Markdown: no link, image, HTML, maths, formatting or icon.

    Only what Markdown would read is escaped, so a message that quotes input still reads as
    written: ``[0, 1]``, ``pos_weight`` and ``bad.csv`` stay as they are.

    >>> escape_markdown("[Log in](https://evil.example) ![t](x.png) <b>*1*</b> $x$, [0, 1]")
    '[Log in\\](https:\u2060//evil.example) !\\[t\\](x.png) \\<b\\>\\*1\\*\\</b\\> \\$x\\$, [0, 1]'
    >>> escape_markdown("_a_ pos_weight www.x.example a@b.example :smile: :red[x]")
    '\\_a\\_ pos_weight www\u2060.x.example a@\u2060b.example \\:smile: :red\\[x]'
    """
    text = _ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _BRACKETS.sub(lambda match: _escape_brackets(match.group(0)), text)
    text = _SHORT_CODE.sub(r"\\:", text)
    return _AUTOLINK.sub(_WORD_JOINER, text)


def _escape_brackets(found: str) -> str:
    return found.replace("[", "\\[").replace("]", "\\]")


def user_text(text: object) -> str:
    r"""A name a person gave (a class, a file), inert for Markdown and on one line.

    >>> user_text("a\n# b [x](y)")
    'a # b [x\\](y)'
    """
    return escape_markdown(" ".join(str(text).splitlines()))


def error_text(error: object, lang: str) -> str:
    """An input error's message (an exception or its text) in ``lang``, inert for Markdown: it
    may quote what was typed."""
    return escape_markdown(translate_error(str(error), lang))


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
    text = error_text(message, lang)
    st.error(
        t("batch.error", lang, message=f"{user_text(source)}: {text}" if source else text)
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
