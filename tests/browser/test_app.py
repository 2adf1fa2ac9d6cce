"""What only a browser shows: pages load cleanly, typed input, links, reloads, language, charts."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from lossviz.i18n import t

from .browser_utils import (
    PATHS,
    SEED,
    App,
    choose,
    go_to,
    main,
    new_page,
    no_exception,
    open_app,
    open_expander,
    rerun_done,
    settled,
    start_app,
    table_column,
    type_text,
    widget,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", PATHS, ids=[p or "home" for p in PATHS])
def test_every_page_loads_cleanly(page, app, console, path):
    open_app(page, app.url, path)
    no_exception(page)
    expect(page.locator("[data-testid=stSidebarNav] a")).to_have_count(len(PATHS))
    assert console.errors == []


def _probabilities(page: Page, lang: str = "en") -> list[float]:
    """The softmax column of the softmax page's numbers table, rounded to 4 digits."""
    expander = open_expander(page, t("common.numbers", lang))
    table = expander.locator("[data-testid=stDataFrame]")
    return [round(float(c), 4) for c in table_column(table, t("softmax.col_softmax", lang))]


def test_the_seed_example_typed_into_the_inputs(page, app):
    open_app(page, app.url, "softmax", preset="confident_right")
    expect(widget(page, "lv_logits").locator("textarea")).not_to_have_value(SEED["logits"])
    for field in ("logits", "target", "names"):
        type_text(page, f"lv_{field}", SEED[field])
    expect(main(page).locator("[data-testid=stAlertContentError]")).to_have_count(0)
    expect(main(page)).to_contain_text("0.6472")
    assert _probabilities(page) == [0.1764, 0.1764, 0.6472]

    go_to(page, "cross_entropy")
    no_exception(page)
    expect(main(page)).to_contain_text("0.4351")
    expect(widget(page, "lv_logits").locator("textarea")).to_have_value(SEED["logits"])


def _set_temperature(page: Page, presses: int) -> None:
    """Move the temperature ``presses`` stops up its log-scale slider (1, 1.1, 1.2, ...)."""
    slider = widget(page, "lv_temperature").get_by_role("slider")
    slider.focus()
    for _ in range(presses):
        slider.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]temperature=1\.5(&|$)"))
    settled(page)


def test_a_change_on_one_page_is_there_on_the_next(page, app):
    open_app(page, app.url, "softmax")
    _set_temperature(page, 5)  # 1, then 1.1, 1.2, 1.3, 1.4, 1.5
    type_text(page, "lv_logits", "0, 1, 2")
    go_to(page, "cross_entropy")
    expect(page).to_have_url(re.compile(r"temperature=1\.5"))
    expect(widget(page, "lv_logits").locator("textarea")).to_have_value("0, 1, 2")
    go_to(page, "gradients")
    go_to(page, "softmax")
    expect(widget(page, "lv_temperature")).to_contain_text("1.5")
    expect(main(page)).to_contain_text("2.0000/1.5")


def _change_everything(page: Page, app: App) -> None:
    open_app(page, app.url, "softmax")
    type_text(page, "lv_logits", "0, 0; 1, 3")
    type_text(page, "lv_target", "0, 1")
    type_text(page, "lv_names", "a, b")
    _set_temperature(page, 5)
    choose(page, "lv_lang", "简体中文")
    expect(main(page).locator("h1")).to_have_text(t("softmax.title", "zh"))


def _shows_the_changed_state(page: Page) -> None:
    no_exception(page)
    expect(main(page).locator("h1")).to_have_text(t("softmax.title", "zh"))
    expect(widget(page, "lv_logits").locator("textarea")).to_have_value("0, 0; 1, 3")
    expect(widget(page, "lv_names").locator("input")).to_have_value("a, b")
    expect(widget(page, "lv_temperature")).to_contain_text("1.5")
    assert _probabilities(page, "zh") == [0.5, 0.5]


def test_reloading_the_url_restores_the_state(page, app):
    _change_everything(page, app)
    page.reload()
    settled(page)
    _shows_the_changed_state(page)


def test_a_copied_url_opens_the_same_state_in_a_new_browser(page, app, browser, console):
    _change_everything(page, app)
    other = new_page(browser, console)
    other.goto(page.url)
    settled(other)
    _shows_the_changed_state(other)


def test_the_language_switch_shows_chinese(page, app):
    open_app(page, app.url, "softmax")
    choose(page, "lv_lang", "简体中文")
    expect(main(page).locator("h1")).to_have_text(t("softmax.title", "zh"))
    expect(page).to_have_url(re.compile(r"[?&]lang=zh"))
    nav = page.locator("[data-testid=stSidebarNav]")
    expect(nav).to_contain_text(t("nav.cross_entropy", "zh"))
    go_to(page, "cross_entropy")
    expect(page.locator("[data-testid=stSidebar]")).to_contain_text(t("batch.header", "zh"))


def test_bad_input_shows_the_error_and_keeps_the_last_result(page, app):
    open_app(page, app.url, "softmax")
    type_text(page, "lv_logits", "1.3, abc, 2.6")
    error = main(page).locator("[data-testid=stAlertContentError]")
    expect(error).to_contain_text("row 1, column 2: 'abc' is not a number")
    expect(error).to_contain_text(t("batch.kept_last"))
    expect(main(page)).to_contain_text("0.6472")
    no_exception(page)
    type_text(page, "lv_logits", SEED["logits"])
    expect(error).to_have_count(0)


def test_a_chart_is_drawn(page, app):
    open_app(page, app.url, "softmax")
    chart = main(page).locator("[data-testid=stPlotlyChart]").first
    expect(chart.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    expect(chart.locator(".barlayer .point")).to_have_count(3)  # one bar per class


def test_the_sequences_page_draws_its_grids_and_follows_typed_tokens(page, app, console):
    open_app(page, app.url, "sequences")
    grid = main(page).locator("[data-testid=stPlotlyChart]").first
    expect(grid.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    expect(grid).to_contain_text("sat")  # a word in its cell
    expect(main(page)).to_contain_text("step by step 0.421425")
    open_expander(page, t("seq.edit_tokens"))
    type_text(page, "lv_seq_tokens", "a/0: 2 0 0 | <pad>/-100: 9 9 9")
    expect(main(page)).to_contain_text("F.cross_entropy on (1, 3, 2)")
    expect(page).to_have_url(re.compile(r"[?&]seq_tokens=a%2F0"))
    widget(page, "lv_seq_view").get_by_text(t("seq.view_pixels")).click()
    rerun_done(page)
    expect(main(page)).to_contain_text("F.cross_entropy on (1, 3, 4, 4)")
    expect(main(page).locator("[data-testid=stPlotlyChart]")).to_have_count(3)
    no_exception(page)
    assert console.errors == []


# Hosting: embedding, teachers' links, a sub-path


def test_embedded_in_an_iframe(page, app):
    link = f"{app.url}/softmax?embed=true&temperature=2"
    page.set_content(
        f'<iframe src="{link}" title="lossviz" width="1200" height="900" '
        'style="border:0" loading="lazy"></iframe>'
    )
    frame = page.frame_locator("iframe")
    expect(frame.locator("[data-testid=stApp]")).to_have_attribute(
        "data-test-script-state", "notRunning"
    )
    expect(frame.locator("h1")).to_have_text(t("softmax.title"))
    expect(frame.locator("[data-testid=stMain]")).to_contain_text("2.6000/2")
    expect(frame.locator("[data-testid=stToolbar]")).to_have_count(0)
    expect(frame.locator("[data-testid=stException]")).to_have_count(0)


def test_a_teachers_link_opens_a_preset_and_hides_controls(page, app):
    open_app(page, app.url, "softmax", preset="imbalanced", hide="batch,code")
    no_exception(page)
    expect(page).not_to_have_url(re.compile(r"preset="))
    expect(page).to_have_url(re.compile(r"[?&]hide=batch(%2C|,)code"))
    expect(widget(page, "lv_logits")).to_have_count(0)
    expect(widget(page, "lv_sample")).to_be_visible()  # the preset's six samples
    code = main(page).locator("[data-testid=stExpander]").filter(has_text=t("common.code"))
    expect(code).to_have_count(0)
    go_to(page, "cross_entropy")
    expect(widget(page, "lv_logits")).to_have_count(0)
    expect(widget(page, "lv_lang")).to_be_visible()


@pytest.fixture(scope="module")
def subpath_app() -> Iterator[App]:
    """The app as a reverse proxy serves it: under /lossviz, Chinese unless a link says."""
    yield from start_app(
        "streamlit-subpath",
        "--server.baseUrlPath=lossviz",
        env={"LOSSVIZ_DEFAULT_LANG": "zh"},
    )


def test_under_a_base_url_path_with_a_default_language(page, subpath_app):
    assert subpath_app.url.endswith("/lossviz")
    open_app(page, subpath_app.url, "softmax")
    expect(main(page).locator("h1")).to_have_text(t("softmax.title", "zh"))
    expect(main(page)).to_contain_text("0.6472")
    go_to(page, "cross_entropy")
    expect(page).to_have_url(re.compile(r"/lossviz/cross_entropy"))
    expect(main(page)).to_contain_text("0.4351")
    choose(page, "lv_lang", "English")
    expect(page).to_have_url(re.compile(r"[?&]lang=en"))
    page.reload()
    settled(page)
    expect(page.locator("[data-testid=stSidebar]")).to_contain_text(t("batch.header", "en"))
