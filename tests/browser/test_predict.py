"""Predict, then reveal, and a checked exercise, in a browser: a teacher's link opens a page with
its numbers hidden, the learner types a guess, reveals, and sees it scored; an exercise link opens
on its exercise and the core's verdict appears."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lossviz.i18n import t

from .browser_utils import main, no_exception, open_app, rerun_done, widget

pytestmark = pytest.mark.browser


def test_a_predict_link_hides_the_numbers_until_the_guess_is_revealed(page, app, console):
    open_app(page, app.url, "cross_entropy", predict="true")
    no_exception(page)
    expect(main(page)).to_contain_text(t("predict.header", "en"))
    expect(main(page)).not_to_contain_text("0.4351")
    expect(main(page).locator("[data-testid=stPlotlyChart]")).to_have_count(0)
    guess = widget(page, "lv_guess_ce_loss").locator("input")
    guess.fill("0.45")
    guess.press("Enter")
    rerun_done(page)
    widget(page, "lv_predict_reveal").locator("button").click()
    rerun_done(page)
    expect(main(page)).to_contain_text("Right: you said 0.45, it is 0.4351")
    expect(main(page)).to_contain_text("1 of 1 predictions right")
    expect(main(page).locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]predict=true(&|$)", re.IGNORECASE))
    assert console.errors == []


def test_an_exercise_link_opens_it_and_the_core_checks_the_answer(page, app, console):
    open_app(page, app.url, "cross_entropy", exercise="ce_one_logit", lang="zh")
    no_exception(page)
    answer = widget(page, "lv_exercise_answer_ce_one_logit").locator("input")
    expect(answer).to_be_visible()  # the link opened the exercises on this one
    answer.fill("1.3, 1.3, 6")
    answer.press("Enter")
    rerun_done(page)
    widget(page, "lv_exercise_check").locator("button").click()
    rerun_done(page)
    expect(main(page)).to_contain_text("正确：损失现在是")
    expect(page).to_have_url(re.compile(r"[?&]exercise=ce_one_logit(&|$)"))
    assert console.errors == []
