"""Running the app headless with Streamlit's AppTest, on any page, from any link."""

from __future__ import annotations

from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


_original_init = PagesManager.__init__


def _settled_init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


def settle_navigation() -> None:
    """Run pages as a server does once ``st.navigation`` has run in it.

    AppTest resets Streamlit's process-wide "uses a pages/ folder" flag before every run, as if
    each run were the first of a fresh server; the app then routes every run through ``app.py``
    twice. Tests of the routing itself call ``fresh_server_navigation()`` instead.
    """
    PagesManager.__init__ = _settled_init


def fresh_server_navigation() -> None:
    """Run pages as a fresh server does before any session has called ``st.navigation``."""
    PagesManager.__init__ = _original_init


def open_page(page: str | None = None, **params: object) -> AppTest:
    """The app after its first run, on ``page`` (e.g. ``"pages/softmax.py"``), opened from a link
    with ``params`` as its query parameters."""
    settle_navigation()
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def page_text(at: AppTest) -> str:
    """Everything the page says in text elements (markdown, captions, alerts, badges, LaTeX)."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "latex",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts.extend(str(element.value) for element in getattr(at, kind))
    parts.extend(str(element.proto.label) for element in at.get("badge"))
    return "\n".join(parts)


def type_bad_logits(at: AppTest) -> AppTest:
    """Type text into a number cell of the batch: the page must say where, and not crash."""
    at.text_area(key="lv_logits").input("1.3, abc, 2.6").run()
    assert not at.exception
    assert "row 1, column 2: 'abc' is not a number" in at.error[0].value
    return at
