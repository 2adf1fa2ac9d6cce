"""The language a browser opens the app in: its own, when the link does not say."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser_utils import main, open_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "title"), [("zh-CN", "Softmax 与温度"), ("en-GB", "Softmax and temperature")]
)
def test_a_link_without_lang_opens_in_the_browsers_language(browser, app, locale, title):
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_app(page, app.url, "softmax")
        expect(main(page).locator("h1").first).to_have_text(title)
        if locale.startswith("zh"):
            expect(page).to_have_url(re.compile(r"[?&]lang=zh(&|$)"))
        open_app(page, app.url, "softmax", lang="en")  # the link says: the link wins
        expect(main(page).locator("h1").first).to_have_text("Softmax and temperature")
    finally:
        context.close()
