"""The URL-state parser: any query parameters give a state, with a problem for each bad value."""

import string
from dataclasses import fields, replace
from urllib.parse import parse_qs, urlencode

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossviz.inputs.batch import MAX_CLASS_NAME_LENGTH, Batch
from lossviz.inputs.urlstate import (
    BATCH_FIELDS,
    BOUNDS,
    CHOICES,
    FOCUSABLE,
    HIDEABLE,
    MAX_QUERY_LENGTH,
    MAX_TEXT_LENGTH,
    NO_CONTROLS,
    PARSERS,
    TEXT_FIELDS,
    AppState,
    decode,
    encode,
    link_params,
    query_length,
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


def test_a_teachers_link_opens_predict_first_and_an_exercise():
    state, problems = decode({"predict": "true", "exercise": "ce_one_logit"})
    assert (state.predict, state.exercise, problems) == (True, "ce_one_logit", [])
    assert encode(state) == {"predict": "True", "exercise": "ce_one_logit"}
    state, problems = decode({"exercise": "make_it_zero", "predict": "maybe"})
    assert (state.exercise, state.predict) == ("", False)
    assert sorted(problem.parameter for problem in problems) == ["exercise", "predict"]


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


# --- what the app writes into a link, it reads back ------------------------------------------


@st.composite
def _batch_texts(draw) -> dict[str, str]:
    """The four texts of a valid batch, some too long for a link."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.sampled_from([1, 2, 5, 40, 1_500]))
    c = draw(st.integers(2, 5))
    names = draw(
        st.lists(st.text(max_size=MAX_CLASS_NAME_LENGTH), min_size=c, max_size=c, unique=True)
    )
    if draw(st.booleans()):
        target = rng.dirichlet(np.ones(c), size=n)
    else:
        target = rng.integers(0, c, size=n)
    weight = rng.uniform(0, 3, size=c) if draw(st.booleans()) else None
    batch = Batch(rng.normal(size=(n, c)) * 10, target, tuple(names), weight)
    texts = batch.to_text()
    return {
        "logits": texts["logits"],
        "target": texts["target"],
        "names": texts["class_names"],
        "weight": texts["weight"],
    }


@st.composite
def _states(draw) -> AppState:
    """A state the app can hold: every field within what its widget or a link gives."""
    default = AppState()
    values: dict[str, object] = {}
    for spec in fields(AppState):
        name = spec.name
        if name in BATCH_FIELDS:
            continue
        if name in CHOICES:
            values[name] = draw(st.sampled_from(CHOICES[name]))
        elif name in BOUNDS:
            low, high = BOUNDS[name]
            kind = st.integers if isinstance(low, int) else st.floats
            values[name] = draw(kind(low, high))
        elif name == "hide":
            values[name] = ",".join(draw(st.lists(st.sampled_from(HIDEABLE), unique=True)))
        elif name == "focus":
            controls = st.lists(st.sampled_from(FOCUSABLE), min_size=1, max_size=3, unique=True)
            values[name] = draw(st.just("") | st.just(NO_CONTROLS) | controls.map(",".join))
        elif name in TEXT_FIELDS:
            long = st.builds(lambda c, k: c * k, st.characters(), st.integers(0, 30_000))
            values[name] = draw(st.just(getattr(default, name)) | st.text() | long)
        else:
            values[name] = draw(st.booleans())
    if draw(st.booleans()):
        values.update(draw(_batch_texts()))
    values["hide"] = ",".join(h for h in HIDEABLE if h in str(values["hide"]).split(","))
    return AppState(**values)


@settings(max_examples=150, deadline=None)
@given(_states())
def test_every_link_the_app_writes_reads_back_and_fits(state):
    """A 1,500 x 3 typed batch was written into a 43,544-character link that decode refused:
    a reload or a shared link showed the default batch with no word."""
    params, left_out = link_params(state)
    query = urlencode(params)
    assert query_length(params) == len(query) <= MAX_QUERY_LENGTH
    decoded, problems = decode(parse_qs(query, keep_blank_values=True))
    assert problems == []
    if set(left_out) & set(BATCH_FIELDS):
        assert set(BATCH_FIELDS) & set(params) == set()
    assert decoded == replace(state, **{name: getattr(AppState(), name) for name in left_out})
    if not left_out:
        assert decode(encode(state)) == (state, [])


def test_a_batch_too_long_for_a_link_is_left_out_whole():
    texts = Batch(np.ones((1_500, 3)), np.zeros(1_500, dtype=int), ("a", "b", "c")).to_text()
    state = AppState(
        logits=texts["logits"], target=texts["target"], names="a, b, c", reduction="sum"
    )
    params, left_out = link_params(state)
    assert params == {"reduction": "sum"} and left_out == ("logits", "names", "target")


def test_other_parameters_count_toward_the_limit():
    state = AppState(pos_weight="1, " * 3_000)
    assert link_params(state)[1] == ()
    assert link_params(state, others={"utm": "x" * 10_000})[1] == ("pos_weight",)


def test_typed_texts_keep_their_spaces():
    state, problems = decode({"regression_input": " 1, 2 \n", "temperature": " 2 "})
    assert problems == [] and state.regression_input == " 1, 2 \n" and state.temperature == 2.0


def test_a_million_typed_values_stay_out_of_the_link():
    """Typing 1e6 values pushed a 9 MB query string to the browser."""
    logits = "\n".join(["0.5, " * 9 + "0.5"] * 100_000)
    params, left_out = link_params(AppState(logits=logits, target="1, " * 99_999 + "1"))
    assert params == {} and left_out == ("logits", "target")
