"""What the browser makes of hostile input: no link, image or tag built from a link's or a
learner's text anywhere on the page, charts included (issue 12)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .browser_utils import main, no_exception, open_app, type_text

pytestmark = pytest.mark.browser

NAMES = (
    "[Log in](https://evil.example/login)",
    "![t](http://img.example/t.png)",
    "<a href='//evil.example'>x</a>",
)
#: Links, images and tags that input must never become (``*|href`` also matches SVG's xlink:href,
#: which Plotly uses for links in charts).
BUILT = "a[href*='evil.example'], a[*|href*='evil.example'], img[src*='img.example']"


def _nothing_built(page: Page) -> None:
    no_exception(page)
    expect(page.locator(BUILT)).to_have_count(0)
    expect(page.locator("img[src*='evil']")).to_have_count(0)


@pytest.mark.parametrize("path", ["", "gradients", "imbalance"])
def test_a_hostile_link_builds_no_link_image_or_tag(page, app, console, path):
    open_app(
        page,
        app.url,
        path,
        names=", ".join(NAMES),
        temperature="[T](https://evil.example/t)",
        focal_alpha="www.evil.example",
    )
    _nothing_built(page)
    warning = main(page).locator("[data-testid=stAlertContentWarning]").first
    expect(warning).to_contain_text("'temperature'")
    expect(warning).to_contain_text("[T](https:")
    assert console.errors == []  # an image would have been fetched, and failed


def test_typed_urls_and_markup_are_shown_as_text(page, app, console):
    open_app(page, app.url)
    for typed in ("https://evil.example/x", "**b**`c`$m$http://evil.example"):
        type_text(page, "lv_logits", typed)
        _nothing_built(page)
        error = page.locator("[data-testid=stAlertContentError]").first
        expect(error).to_contain_text("evil.example")
        expect(error.locator("a, strong, code, .katex")).to_have_count(0)
