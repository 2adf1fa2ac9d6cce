"""Links for a wiki or a class: presets, hidden controls and the deployment's default language."""

import pytest

from apptest_utils import assert_says, render, set_widget, warning_text
from lossviz.inputs.presets import PRESETS, preset
from lossviz.inputs.urlstate import HIDEABLE, AppState, decode, default_state, encode

SOFTMAX = "pages/softmax.py"


def test_a_preset_opens_its_batch():
    state, problems = decode({"preset": "imbalanced"})
    assert problems == []
    assert state == AppState().with_batch(preset("imbalanced"))


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_opens(name):
    state, problems = decode({"preset": f" {name} "})
    assert problems == [] and state.batch().num_samples == preset(name).num_samples


def test_a_batch_in_the_link_wins_over_the_preset():
    state, problems = decode({"preset": "imbalanced", "logits": "0, 1, 2", "target": "1"})
    assert problems == [] and state.logits == "0, 1, 2"


def test_an_unknown_preset_is_a_problem_and_keeps_the_seed():
    state, problems = decode({"preset": "everything"})
    assert [p.parameter for p in problems] == ["preset"]
    assert problems[0].reason == "use one of " + ", ".join(PRESETS)
    assert state == AppState()


@pytest.mark.parametrize(
    "text, hide",
    [("batch", "batch"), ("code, batch", "batch,code"), ("code,code,", "code"), ("", "")],
)
def test_hide_is_read_in_a_canonical_order(text, hide):
    state, problems = decode({"hide": text})
    assert problems == [] and state.hide == hide
    assert all(state.hidden(c) == (c in hide.split(",")) for c in HIDEABLE)


def test_hiding_an_unknown_control_is_a_problem():
    state, problems = decode({"hide": "batch,everything"})
    assert [p.parameter for p in problems] == ["hide"]
    assert "use one of batch, code, language" in problems[0].reason
    assert state.hide == ""


def test_hide_round_trips():
    state = AppState(hide="batch,code")
    assert encode(state) == {"hide": "batch,code"}
    assert decode(encode(state)) == (state, [])


@pytest.mark.parametrize(
    "environ, lang",
    [({}, "en"), ({"LOSSVIZ_DEFAULT_LANG": "zh"}, "zh"), ({"LOSSVIZ_DEFAULT_LANG": " en "}, "en")],
)
def test_the_default_language_comes_from_the_environment(environ, lang):
    assert default_state(environ).lang == lang


def test_a_bad_default_language_is_logged_and_english_is_used(caplog):
    assert default_state({"LOSSVIZ_DEFAULT_LANG": "fr"}) == AppState()
    assert "LOSSVIZ_DEFAULT_LANG='fr'" in caplog.text


def test_links_are_written_against_the_deployment_default():
    defaults = default_state({"LOSSVIZ_DEFAULT_LANG": "zh"})
    english = AppState(lang="en")
    assert encode(defaults, defaults) == {}
    assert encode(english, defaults) == {"lang": "en"}
    assert decode(encode(english, defaults), defaults)[0] == english
    assert decode({}, defaults)[0].lang == "zh"


# The app, headless


def test_a_preset_link_opens_the_batch_and_writes_it_into_the_link():
    at = render(SOFTMAX, preset="confident_wrong")
    assert "preset" not in at.query_params
    expected = AppState().with_batch(preset("confident_wrong"))
    assert at.query_params["logits"] == expected.logits
    assert at.text_area(key="lv_logits").value == expected.logits


def test_a_bad_preset_shows_the_link_problem():
    at = render(SOFTMAX, preset="nope")
    assert "'preset'" in warning_text(at)
    assert_says(at, "0.6472")


def test_hide_batch_and_code():
    at = render(SOFTMAX, hide="batch,code", temperature="2")
    assert not at.text_area and not at.get("file_uploader")
    assert "PyTorch code" not in [e.label for e in at.expander]
    assert at.selectbox(key="lv_lang").value == "en"
    assert at.query_params["hide"] == "batch,code"
    assert_says(at, "e^{2.6000 / 2}")


def test_without_hide_everything_is_there():
    at = render(SOFTMAX)
    assert at.text_area(key="lv_logits").value == "1.3, 1.3, 2.6"
    assert "PyTorch code" in [e.label for e in at.expander]


def test_hide_language_keeps_the_link_language():
    at = render(SOFTMAX, hide="language", lang="zh")
    assert not [s for s in at.selectbox if s.key == "lv_lang"]
    assert at.title[0].value == "Softmax 与温度"


def test_the_deployment_default_language(monkeypatch):
    monkeypatch.setenv("LOSSVIZ_DEFAULT_LANG", "zh")
    at = render(SOFTMAX)
    assert at.title[0].value == "Softmax 与温度"
    assert "lang" not in at.query_params
    set_widget(at, "selectbox", "lv_lang", "en")
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == "Softmax and temperature"
