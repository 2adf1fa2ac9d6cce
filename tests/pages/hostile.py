"""Hostile input and what must never come of it: a walk over every element the app drew that
finds Markdown or HTML built from input (links, images, tags, bare URLs, formatting, maths).

What Streamlit renders as Markdown: the bodies of text elements and alerts, and the labels and
help of widgets. Code and LaTeX are not Markdown; a Plotly chart reads tags such as ``<a>`` in
its texts, so its strings are checked for those.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP_DIR = Path(__file__).resolve().parents[2]
#: Every page script, home first.
PAGES = sorted(str(path.relative_to(APP_DIR)) for path in APP_DIR.glob("pages/*.py"))

#: Class names (at most 40 characters each) that would be a link, an image, a tag.
HOSTILE_NAMES = (
    "[Log in](https://evil.example/login)",
    "![t](http://img.example/t.png)",
    "<a href='//evil.example'>x</a>",
)
#: Text that Markdown would format, and the marks that must not survive unescaped.
FORMATTING = "**HX** `CX` $MX$ :red[RX] _UX_ ~~SX~~ :smile:"
FORMATTED = ("**HX**", "`CX`", "$MX$", ":red[RX]", "_UX_", "~~SX~~", ":smile:")

_LINK_TEXT_END = re.compile(r"(?<!\\)\][(\[]")
_IMAGE = re.compile(r"(?<!\\)!\[")
_TAG = re.compile(r"(?<!\\)<[A-Za-z/!?]")
_CODE_SPAN = re.compile(r"(`+)[^`]+?\1")
_AUTOLINK = re.compile(r"[A-Za-z]+://|www\.|[\w.+-]@[\w-]+\.\w", re.IGNORECASE)
_MARKDOWN_FIELDS = {"body", "label", "help", "placeholder", "options", "caption"}
_NOT_MARKDOWN = {"latex", "code", "dataframe", "plotly_chart", "arrow_data_frame"}
#: An HTML element that is one <style> sheet and nothing else (the app's own stylesheet).
_STYLE_ONLY = re.compile(r"\s*<style>[^<]*</style>\s*")


def markdown_problems(text: str) -> list[str]:
    """What in a Markdown body would render as a link, an image, HTML or input's formatting.

    >>> markdown_problems("[x](https://e.example) and [0, 1]")
    ["a link's text ends: ']('", "a bare URL: 'https://'"]
    >>> markdown_problems("[x\\\\](https:\u2060//e.example) and [0, 1]")
    []
    >>> markdown_problems("pad with `<pad>/-100: 0 0 0`")
    []
    """
    found = [f"formatting: {mark!r}" for mark in FORMATTED if mark in text]
    # A code span shows its text as it is (the app's own examples, never input): no link, image,
    # tag or URL in it renders, and input cannot open one (its backticks are escaped).
    text = _CODE_SPAN.sub("", text)
    found += [f"a link's text ends: {m.group(0)!r}" for m in _LINK_TEXT_END.finditer(text)]
    found += [f"an image: {m.group(0)!r}" for m in _IMAGE.finditer(text)]
    found += [f"a tag: {m.group(0)!r}" for m in _TAG.finditer(text)]
    found += [f"a bare URL: {m.group(0)!r}" for m in _AUTOLINK.finditer(text)]
    return found


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _strings(message, names: set[str]) -> Iterator[str]:
    """The text of the fields called ``names`` in a protobuf message, at any depth."""
    for field, value in message.ListFields():
        repeated = not isinstance(value, (str, bytes)) and not hasattr(value, "ListFields")
        for item in value if repeated and hasattr(value, "__iter__") else [value]:
            if isinstance(item, str):
                if field.name in names:
                    yield item
            elif hasattr(item, "ListFields"):
                yield from _strings(item, names | ({field.name} & _MARKDOWN_FIELDS))


def _chart_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _chart_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _chart_strings(item)


def rendered_problems(at: AppTest) -> list[str]:
    """Every element's Markdown that would render input as a link, an image, HTML or formatting;
    every chart text that holds a link or image tag."""
    problems = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        if kind == "plotly_chart":
            for text in _chart_strings(json.loads(proto.spec)):
                if re.search(r"<(a|img)\b", text, re.IGNORECASE):
                    problems.append(f"plotly_chart: {text[:80]!r}")
            continue
        if kind in _NOT_MARKDOWN or getattr(proto, "element_type", 0) in (3, 4):  # code, LaTeX
            continue
        if kind == "html" and _STYLE_ONLY.fullmatch(getattr(proto, "body", "")):
            continue  # the app's stylesheet: CSS, no tag inside, nothing shown
        for text in _strings(proto, _MARKDOWN_FIELDS):
            problems += [f"{kind}: {p} in {text[:120]!r}" for p in markdown_problems(text)]
    return problems


def messages(at: AppTest) -> str:
    """The errors, warnings and notices on the page."""
    return "\n".join(
        str(element.value) for kind in ("error", "warning", "info") for element in getattr(at, kind)
    )


def edit_grid(at: AppTest, edits: dict) -> AppTest:
    """Send the sidebar grid's ``st.data_editor`` these edits (its widget state: ``edited_rows``,
    ``added_rows``, ``deleted_rows``), as the browser does, and run the app."""
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    grid = next(
        node
        for node in _nodes(at._tree)
        if getattr(node, "type", "") == "dataframe" and "lv_grid_" in node.proto.id
    )
    state = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    tree, collect = at._tree, at._tree.get_widget_states

    def with_grid() -> WidgetStates:
        states = collect()
        widget = states.widgets.add()
        widget.id, widget.string_value = grid.proto.id, json.dumps(state)
        return states

    tree.get_widget_states = with_grid
    return at.run()
