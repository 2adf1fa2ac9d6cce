"""The app builds its figures without Plotly's property check (for speed); every page's charts
must reach the browser exactly as the checked figures would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apptest_utils import render
from lossviz.ui import compute
from lossviz.views.shared import palette

PAGES = sorted(
    f"pages/{path.name}"
    for path in (Path(__file__).resolve().parents[2] / "pages").glob("*.py")
    if path.stem != "playground"  # its charts come from a training run: tests/pages cover them
)


#: Pages with a second view of their own, opened from a link.
VIEWS = [(page, {}) for page in PAGES] + [("pages/sequences.py", {"seq_view": "pixels"})]


def _charts(page: str, params: dict, validate: bool, monkeypatch) -> list[dict]:
    monkeypatch.setattr(palette, "VALIDATE", validate)
    compute.FIGURES.clear()  # built again, not shared with the other run
    at = render(page, **params)
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize(("page", "params"), VIEWS)
def test_a_pages_charts_are_the_same_checked_or_not(page, params, monkeypatch):
    unchecked = _charts(page, params, False, monkeypatch)
    checked = _charts(page, params, True, monkeypatch)
    assert len(unchecked) == len(checked)
    if page != "pages/home.py":
        assert unchecked, "the page draws no chart"
    for fast, slow in zip(unchecked, checked, strict=True):
        assert fast == slow
