"""The URL-state parser: any query parameters give a state, with a problem for each bad value."""

import string
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossviz.inputs.urlstate import (
    BOUNDS,
    CHOICES,
    MAX_TEXT_LENGTH,
    PARSERS,
    AppState,
    decode,
    encode,
)


def test_defaults_open_the_seed_example():
    state, problems = decode({})
    assert state == AppState() and problems == []
    batch = state.batch()
    assert batch.logits.tolist() == [[1.3, 1.3, 2.6]]
    assert batch.class_names == ("cat", "dog", "猪八戒")


def test_every_field_has_a_parser():
    assert {field.name for field in fields(AppState)} == set(PARSERS)


def test_each_choice_field_opens_on_one_of_its_options():
    for name, options in CHOICES.items():
        assert getattr(AppState(), name) in options
        assert all(PARSERS[name](option) == option for option in options)


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_each_number_field_opens_within_its_bounds_and_a_link_reaches_both(name):
    low, high = BOUNDS[name]
    default = getattr(AppState(), name)
    assert type(low) is type(high) is type(default)
    assert low <= default <= high
    assert PARSERS[name](str(low)) == low and PARSERS[name](str(high)) == high
    annotation = next(field.type for field in fields(AppState) if field.name == name)
    assert annotation == type(default).__name__


def test_round_trip():
    state = AppState(
        lang="zh",
        logits="1, 2\n3, 4",
        target="1, 0",
        names="a, b",
        weight="1, 2",
        sample=1,
        temperature=2.5,
        reduction="sum",
        ignore_index=0,
        smoothing=0.1,
        unit="bits",
    )
    decoded, problems = decode(encode(state))
    assert problems == [] and decoded == state


def test_only_changes_are_in_the_link():
    assert encode(AppState()) == {}
    assert encode(AppState(reduction="sum")) == {"reduction": "sum"}


@pytest.mark.parametrize(
    "params, parameter, reason",
    [
        ({"lang": "fr"}, "lang", "use one of en, zh"),
        ({"temperature": "0"}, "temperature", "between 0.05 and 20"),
        ({"temperature": "nan"}, "temperature", "between"),
        ({"sample": "1.5"}, "sample", "not a whole number"),
        ({"reduction": "<script>"}, "reduction", "use one of"),
        ({"smoothing": "2"}, "smoothing", "between 0 and 1"),
        ({"logits": "x" * (MAX_TEXT_LENGTH + 1)}, "logits", "longer than"),
        ({"logits": "1, 2", "target": "5"}, "logits", "out of range"),
        ({"logits": "1, 2; 3"}, "logits", "row 2 has 1 value"),
    ],
)
def test_bad_values_give_a_problem_and_the_default(params, parameter, reason):
    state, problems = decode(params)
    assert [p.parameter for p in problems] == [parameter]
    assert reason in problems[0].reason
    assert getattr(state, parameter) == getattr(AppState(), parameter)


def test_a_bad_batch_resets_the_whole_batch():
    state, problems = decode({"logits": "1, 2, 3; 4, 5, 6", "target": "0, 9", "names": "a, b, c"})
    assert len(problems) == 1
    assert (state.logits, state.target, state.names) == (
        AppState().logits,
        AppState().target,
        AppState().names,
    )


def test_repeated_parameters_use_the_last_value():
    state, _ = decode({"reduction": ["sum", "none"]})
    assert state.reduction == "none"


def test_unknown_parameters_are_left_alone():
    state, problems = decode({"embed": "true", "utm_source": "wiki"})
    assert state == AppState() and problems == []


values = st.one_of(
    st.text(),
    st.text(alphabet=string.digits + ".,;- \n-e"),
    st.lists(st.text(max_size=20), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*PARSERS, "other"]), values))
def test_any_query_gives_a_state_and_clear_problems(params):
    state, problems = decode(params)
    assert isinstance(state, AppState)
    state.batch()  # the batch a decoded state describes is always valid
    for problem in problems:
        assert problem.parameter in PARSERS and problem.reason


def test_a_presenters_link_carries_the_mode_the_controls_and_the_step():
    state, problems = decode({"present": "true", "focus": " temperature, sample ", "step": "3"})
    assert problems == []
    assert (state.present, state.focus, state.step) == (True, "temperature,sample", 3)
    assert state.shows("temperature") and state.shows("sample") and not state.shows("shift")
    assert state.shows("lang") and state.shows("logits")  # the frame is never a page control
    assert encode(state) == {"present": "True", "focus": "temperature,sample", "step": "3"}
    assert decode(encode(state))[0] == state


def test_focus_none_hides_every_page_control_and_only_in_presenter_mode():
    assert not AppState(present=True, focus="none").shows("temperature")
    assert AppState(present=False, focus="none").shows("temperature")
    assert AppState(present=True).shows("temperature")  # no focus: every control


def test_a_focus_on_what_is_no_page_control_is_a_problem():
    for bad in ("logits", "present", "temperature,nope"):
        state, problems = decode({"focus": bad})
        assert state.focus == "" and [p.parameter for p in problems] == ["focus"]
        assert "is no page control" in problems[0].reason
    _, problems = decode({"step": "100"})
    assert problems[0].reason == "must be between 0 and 99"
