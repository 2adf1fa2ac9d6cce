"""Every chart on every page: a name for screen readers, and its own table of the numbers it
draws, in an expander named after it."""

import json

import pytest

from apptest_utils import WEIGHTED_BATCH, chart_tables, render
from lossviz.ui.presenter import PAGE_CONTROLS
from lossviz.views.shared.screen import plain_title

PAGES = [f"pages/{page}.py" for page in PAGE_CONTROLS]


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_a_name_and_its_own_table(page):
    at = render(page, **WEIGHTED_BATCH)
    charts = at.get("plotly_chart")
    assert charts
    titles = [plain_title(json.loads(c.proto.spec)["layout"]["title"]["text"]) for c in charts]
    assert [c.proto.alt for c in charts] == [
        f"Chart: {title}. The numbers it draws are in the table below it." for title in titles
    ]
    labels = [e.label for e in at.expander if e.label.startswith("Numbers behind")]
    assert labels == [f"Numbers behind “{title}”" for title in titles]
    tables = chart_tables(at)
    assert len(tables) == len(charts) and len(tables[-1].value) > 0


def test_a_charts_table_holds_what_it_draws_in_chinese_too():
    at = render("pages/softmax.py", lang="zh")
    table = chart_tables(at)[0].value
    assert list(table.columns) == ["系列", "x", "概率"]
    assert [round(p, 4) for p in table["概率"]] == [0.1764, 0.1764, 0.6472]
    # the first chart's table (the page's exercises come in an expander before it)
    first = next(expander for expander in at.expander if expander.label.startswith("“"))
    assert first.label.endswith("”背后的数值")


def test_presenter_mode_draws_larger_chart_type():
    plain = json.loads(render("pages/softmax.py").get("plotly_chart")[0].proto.spec)
    large = json.loads(render("pages/softmax.py", present="true").get("plotly_chart")[0].proto.spec)
    assert large["layout"]["font"]["size"] == 1.5 * plain["layout"]["font"]["size"] == 18
