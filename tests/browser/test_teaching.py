"""Teaching from the app, in Chromium: axe-core on every page, every page at phone size, and
presenter mode driven with the keyboard on a projector's screen."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lossviz.i18n import t

from .browser_utils import (
    PATHS,
    PHONE,
    PROJECTOR,
    main,
    new_page,
    no_exception,
    open_app,
    rerun_done,
    widget,
)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"

#: What axe leaves out: Streamlit's own page navigation in the sidebar, whose <ul> holds <div>
#: wrappers around its <li> items (axe's rules "list" and "listitem", serious). The app does not
#: draw it and cannot change it; everything else on every page is checked, with every rule.
AXE_EXCLUDE = ["[data-testid=stSidebarNav]"]
SERIOUS = ("serious", "critical")


def _axe(page: Page) -> list[str]:
    """The serious and critical violations axe-core finds on the page, one line each."""
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed, so axe-core cannot be: no accessibility check")
        pytest.fail(
            "axe-core is not installed: bash scripts/test.sh installs it "
            "(npm ci --prefix tests/browser/axe)",
            pytrace=False,
        )
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (exclude) => {
            const result = await axe.run({exclude: exclude.map((s) => [s])},
                                         {resultTypes: ["violations"]});
            return result.violations.map((v) => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary)}));
        }""",
        AXE_EXCLUDE,
    )
    return [
        f"{v['id']} ({v['impact']}): {node}"
        for v in violations
        if v["impact"] in SERIOUS
        for node in v["nodes"][:3]
    ]


def _settle_charts(page: Page) -> None:
    """Wait until every chart on the page is drawn and the app's stylesheet is on the page, its
    colours' transitions over (axe and the overflow check read what is drawn)."""
    charts = main(page).locator("[data-testid=stPlotlyChart]")
    for index in range(charts.count()):
        expect(charts.nth(index).locator(".main-svg").first).to_be_attached()
    page.wait_for_function(
        """() => [...document.querySelectorAll("style")].some(
                     (s) => s.textContent.includes("stCaptionContainer"))
              && document.getAnimations().every((a) => a.playState !== "running")"""
    )


@pytest.mark.parametrize("path", PATHS, ids=[p or "home" for p in PATHS])
def test_axe_finds_nothing_serious(page, app, path):
    open_app(page, app.url, path)
    _settle_charts(page)
    assert _axe(page) == []


@pytest.mark.parametrize(
    "path, params",
    [
        ("cross_entropy", {"present": "true", "step": "2", "lang": "zh"}),
        ("softmax", {"present": "true", "focus": "temperature"}),
    ],
)
def test_axe_in_presenter_mode_and_in_chinese(page, app, path, params):
    open_app(page, app.url, path, **params)
    _settle_charts(page)
    assert _axe(page) == []


#: What leaves a phone's screen sideways, or is cut by a box narrower than itself, outside a box
#: that scrolls (formulas that cannot break), a chart or a table: each such element, where it is,
#: and its text.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, found = [];
  const scrolls = (style) => ["auto", "scroll"].includes(style.overflowX);
  for (const el of document.querySelectorAll("[data-testid=stMain] *")) {
    if (el.closest("svg, .katex-mathml, .js-plotly-plot, [data-testid=stDataFrame],"
                   + " [data-testid=stProgress]")) continue;
    if (el.matches("input[type=radio], input[type=checkbox]")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    let limit = {left: 0, right: width}, parent = el.parentElement;
    for (; parent && parent.dataset.testid !== "stMain"; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (scrolls(style)) { limit = null; break; }
      if (["hidden", "clip"].includes(style.overflowX)) {
        const clip = parent.getBoundingClientRect();
        // A box of a pixel or less hides what it holds from the eye, on purpose (a slider's
        // range input, kept for screen readers).
        if (clip.width <= 1) { limit = null; break; }
        limit = {left: Math.max(clip.left, 0), right: Math.min(clip.right, width)};
        break;
      }
    }
    if (limit && (box.right > limit.right + 1 || box.left < limit.left - 1))
      found.push(`${el.dataset.testid || el.tagName} [${Math.round(box.left)}, `
                 + `${Math.round(box.right)}] "${(el.innerText || "").slice(0, 40)}"`);
  }
  return found;
}"""


@pytest.mark.parametrize("path", PATHS, ids=[p or "home" for p in PATHS])
def test_every_page_fits_a_phone(browser, app, console, path):
    page = new_page(browser, console, **PHONE)
    open_app(page, app.url, path)
    _settle_charts(page)
    assert page.evaluate(OVERFLOW) == []
    badges = main(page).locator(".stMarkdownBadge")
    for index in range(badges.count()):  # wrapped, never cut with an ellipsis
        badge = badges.nth(index)
        assert badge.evaluate("b => b.scrollWidth <= b.clientWidth + 1"), badge.inner_text()


def test_the_cross_entropy_pipeline_on_a_phone(browser, app, console):
    page = new_page(browser, console, **PHONE)
    open_app(page, app.url, "cross_entropy")
    _settle_charts(page)
    pipeline = main(page).locator("[data-testid=stPlotlyChart]").first
    box = pipeline.bounding_box()
    assert box["width"] <= 390 and box["height"] > 700  # three panels, one above the other
    # The last step's result is on the screen: it wraps, or it scrolls in the formula's box.
    reduced = main(page).locator(".katex-display").filter(has_text="0.4351").last
    expect(reduced).to_be_visible()
    assert reduced.evaluate(
        "e => e.scrollWidth <= e.clientWidth + 1 || getComputedStyle(e).overflowX === 'auto'"
    )
    expect(main(page).locator("[data-testid=stPlotlyChart] .modebar")).to_have_count(0)


def _press(page: Page, key: str) -> None:
    """Press ``key`` once the button it is the shortcut of is drawn and enabled (a button's
    shortcut listens only while the button is on the page)."""
    button = "lv_step_next" if key == "ArrowRight" else "lv_step_previous"
    expect(widget(page, button).locator("button")).to_be_enabled()
    page.keyboard.press(key)


def _step_in_url(page: Page, step: int) -> None:
    expect(page).to_have_url(re.compile(rf"[?&]step={step}(&|$)"))
    rerun_done(page)


def test_presenter_mode_on_a_projector_with_the_keyboard(browser, app, console):
    page = new_page(browser, console, **PROJECTOR)
    open_app(page, app.url, "cross_entropy", present="true", step="1")
    no_exception(page)
    expect(page.locator("[data-testid=stSidebar]")).to_have_count(0)
    # Text 1.4 times Streamlit's 16 px, captions (the steps' words) 1.4 times its 14 px.
    page.wait_for_function(
        "() => parseFloat(getComputedStyle(document.documentElement).fontSize) >= 22"
    )
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert main(page).locator("[data-testid=stCaptionContainer]").first.evaluate(size) >= 19
    latex = main(page).locator(".katex-display")
    expect(latex.filter(has_text="−1.7351")).to_have_count(0)  # log-softmax: step 2
    _press(page, "ArrowRight")
    _step_in_url(page, 2)
    expect(latex.filter(has_text="−1.7351").first).to_be_visible()
    for step in (3, 4, 5):
        _press(page, "ArrowRight")
        _step_in_url(page, step)
    expect(main(page)).to_contain_text("Matches PyTorch's F.cross_entropy")  # at the last step
    _press(page, "ArrowLeft")
    _step_in_url(page, 4)
    widget(page, "lv_step_previous").locator("button").click()
    _step_in_url(page, 3)
    # A copied link opens the same step; switched off, the whole derivation and the sidebar.
    other = new_page(browser, console, **PROJECTOR)
    other.goto(page.url)
    rerun_done(other)
    expect(widget(other, "lv_steps")).to_contain_text(t("present.step_of", step=3, steps=5))
    widget(page, "lv_present").locator("label").click()
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"present="))
    expect(latex.filter(has_text="0.4351").last).to_be_visible()


def test_a_focused_slider_takes_the_arrow_keys_not_the_steps(browser, app, console):
    page = new_page(browser, console, **PROJECTOR)
    open_app(page, app.url, "softmax", present="true", step="1", focus="temperature")
    expect(widget(page, "lv_shift")).to_have_count(0)  # focus: the temperature alone
    slider = widget(page, "lv_temperature").get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"temperature=1\.1(&|$)"))  # the next stop on the log scale
    rerun_done(page)
    assert "step=1" in page.url
