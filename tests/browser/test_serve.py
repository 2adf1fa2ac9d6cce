"""serve.py serves the app as ``streamlit run app.py`` does, and warms its imports up."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from .browser_utils import App, no_exception, open_app, start_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served() -> Iterator[App]:
    yield from start_app("serve", launcher="serve")


def test_serve_warms_up_then_serves_every_page_cleanly(page, served, console):
    deadline = time.monotonic() + 90
    while "app imports warmed up" not in served.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, served.log.read_text()
        time.sleep(0.3)
    assert "warming up the app's imports failed" not in served.log.read_text()
    for path in ("", "softmax", "cross_entropy"):
        open_app(page, served.url, path)
        no_exception(page)
    assert console.errors == []
