"""The sidebar, run headless: the batch editor shows on the pages the batch changes, and gives
way to a line saying so on the pages that take their own inputs."""

import pytest

from apptest_utils import assert_says, page_text, render, set_widget


def _has_editor(at) -> bool:
    return any(widget.key == "lv_preset_choice" for widget in at.sidebar.selectbox)


@pytest.mark.parametrize(
    "page", ["pages/softmax.py", "pages/cross_entropy.py", "pages/imbalance.py"]
)
def test_pages_that_use_the_batch_have_the_editor(page):
    at = render(page)
    assert _has_editor(at)
    assert "takes its own inputs" not in page_text(at)


@pytest.mark.parametrize(
    "page", ["pages/regression.py", "pages/playground.py", "pages/sequences.py"]
)
def test_pages_with_their_own_inputs_say_so_instead(page):
    at = render(page)
    assert not _has_editor(at)
    assert_says(at, "This page takes its own inputs")


def test_the_mistakes_page_has_the_editor_only_on_your_batch():
    at = render("pages/mistakes.py", mistake="ignore_index_minus_one")
    assert not _has_editor(at)
    at = set_widget(at, "radio", "lv_mistake_data", "batch")
    assert _has_editor(at)
    at = set_widget(at, "radio", "lv_mistake_data", "example")
    assert not _has_editor(at)


def test_a_link_that_hides_the_batch_hides_the_line_too():
    at = render("pages/regression.py", hide="batch")
    assert not _has_editor(at)
    assert "takes its own inputs" not in page_text(at)


def test_chinese():
    assert_says(render("pages/regression.py", lang="zh"), "本页使用自己的输入")


def test_the_language_follows_the_browser_when_the_link_does_not_say(monkeypatch):
    monkeypatch.delenv("LOSSVIZ_DEFAULT_LANG", raising=False)
    monkeypatch.setattr("lossviz.ui.state.browser_locale", lambda: "zh-CN")
    at = render("pages/softmax.py")
    assert at.title[0].value == "Softmax 与温度"
    assert at.query_params["lang"] == "zh"  # a copied link opens in the same language
    assert render("pages/softmax.py", lang="en").title[0].value == "Softmax and temperature"
    monkeypatch.setattr("lossviz.ui.state.browser_locale", lambda: "fr-FR")
    assert render("pages/softmax.py").title[0].value == "Softmax and temperature"


def test_the_servers_default_language_comes_before_the_browsers(monkeypatch):
    monkeypatch.setenv("LOSSVIZ_DEFAULT_LANG", "en")
    monkeypatch.setattr("lossviz.ui.state.browser_locale", lambda: "zh-CN")
    assert render("pages/softmax.py").title[0].value == "Softmax and temperature"


def test_the_uploader_says_its_english_words_in_chinese():
    at = render("pages/softmax.py", lang="zh")
    help_text = at.sidebar.get("file_uploader")[0].proto.help
    assert "Browse files" in help_text and "浏览文件" in help_text
