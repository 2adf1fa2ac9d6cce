"""The app's own styles (``styles/*.css``), put on every page: contrast the theme lacks,
formulas and badges that fit a phone, and presenter mode's large type."""

from __future__ import annotations

from functools import cache
from importlib import resources

import streamlit as st

__all__ = ["apply"]


@cache
def _css(name: str) -> str:
    return (resources.files("lossviz.ui") / "styles" / f"{name}.css").read_text("utf-8")


def apply(present: bool) -> None:
    """Put the app's styles on this page, and presenter mode's when ``present``."""
    sheets = [_css("app"), *([_css("presenter")] if present else [])]
    st.html("<style>\n" + "\n".join(sheets) + "\n</style>")
