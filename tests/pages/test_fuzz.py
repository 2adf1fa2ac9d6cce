"""Fuzzing the app through AppTest: every link parameter, the typed text fields, CSV bytes.

Whatever is sent, the app shows no exception element, keeps the last valid batch when input is
refused, builds no Markdown link, image or tag from input, and writes a link that reads back
without a problem and within the length limit. The examples are fixed (``derandomize``) and
few, so that the suite is deterministic and quick.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apptest_utils import open_page
from hostile import PAGES, rendered_problems
from lossviz.errors import InputError
from lossviz.inputs.batch import Batch
from lossviz.inputs.csvio import batch_to_csv, read_batch_csv
from lossviz.inputs.presets import random_batch
from lossviz.inputs.urlstate import (
    BOUNDS,
    CHOICES,
    HIDEABLE,
    MAX_QUERY_LENGTH,
    PARSERS,
    decode,
    query_length,
)

FUZZ = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Pieces of what people and hostile links send: numbers at the ends of float64, non-numbers,
#: brackets and printouts, separators of every kind, Markdown and HTML, controls and BiDi marks,
#: spreadsheet formulas, full-width characters.
PIECES = [
    *("1e308", "-1e308", "1e-320", "nan", "inf", "-inf", "-100", "0", "2", "1.5", "-0.0"),
    *("1e999", "99999999999999999999999", "0x1f", "1_000", "½", "١٢"),
    *("[", "]", "[[1, 2], [3]]", "tensor([1., 2.])", "array([0])", "...", "\u2026"),
    *(",", ";", "\n", "\r\n", "\t", " ", "，", "；", "、", "\u3000", '"', "'", "\\"),
    *("[Log in](https://evil.example/login)", "![t](http://img.example/t.png)", "<img src=x>"),
    *("<a href='//evil.example'>x</a>", "**b**", "`c`", "$x$", ":red[r]", "_u_", "~~s~~"),
    *("www.evil.example", "a@evil.example", ":material/home:", "# h", "> q", "- l", "| t |"),
    *("\x00", "\x07", "\u202e", "\u200b", "\ufeff", "\ud7ff", "猪八戒", "=HYPERLINK(1)"),
    *("−", "１", "ｅ", "e", "E", "+", "-", "%", "&", "#", "label", "p_cat"),
]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=10).map("".join)
LONG = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["1, ", "[", "a, ", "0;", "\u732a"]),
    st.integers(200, 7_000),
)


def _valid_values(name: str) -> st.SearchStrategy[str]:
    """Values a link may carry for ``name``, so that fuzzing reaches deep into the pages too."""
    if name in CHOICES:
        return st.sampled_from(CHOICES[name])
    if name in BOUNDS:
        low, high = BOUNDS[name]
        return st.sampled_from([low, high, (low + high) / 2, low - 1, high + 1]).map(str)
    if name == "hide":
        return st.lists(st.sampled_from(HIDEABLE)).map(",".join)
    return TEXT


PARAMETERS = [*PARSERS, "preset"]
LINKS = st.dictionaries(
    st.sampled_from(PARAMETERS),
    st.one_of(TEXT, LONG, st.sampled_from(["", "True", "1e308", "-100"])),
    max_size=6,
).flatmap(
    lambda params: st.fixed_dictionaries(
        {name: st.just(value) | _valid_values(name) for name, value in params.items()}
    )
)


def _link_reads_back(at) -> None:
    """The link the app wrote: within the limit, and every parameter in it usable."""
    query = {key: at.query_params[key] for key in at.query_params}
    last = {key: value[-1] if isinstance(value, list) else value for key, value in query.items()}
    assert query_length(last) <= MAX_QUERY_LENGTH
    _, problems = decode(last)
    assert problems == [], problems


def _shown_batch(at) -> tuple:
    """The batch the home page shows: its class names and logits."""
    table = at.dataframe[0].value
    return tuple(table.columns[:-1]), table.iloc[:, :-1].to_numpy().tolist()


def _same(batch: Batch) -> tuple:
    return tuple(batch.class_names), batch.logits.tolist()


@FUZZ
@given(page=st.sampled_from(PAGES), params=LINKS)
def test_any_link_opens_any_page(page, params):
    at = open_page(page, **params)
    assert not at.exception, (page, params, at.exception[0].value)
    assert rendered_problems(at) == [], (page, params)
    at.session_state["lv_state"].batch()  # the batch a link opens is always a valid one
    _link_reads_back(at)


FIELDS = ["lv_logits", "lv_target", "lv_names", "lv_weight"]


@FUZZ
@given(field=st.sampled_from(FIELDS), text=st.one_of(TEXT, LONG))
def test_any_typed_text_keeps_the_last_valid_batch(field, text):
    before = random_batch(seed=3, samples=2, classes=3)
    texts = before.to_text()
    at = open_page(logits=texts["logits"], target=texts["target"], names=texts["class_names"])
    widget = at.text_area(key=field) if field in ("lv_logits", "lv_target") else None
    (widget or at.text_input(key=field)).input(text).run()
    assert not at.exception, (field, text, at.exception[0].value)
    assert rendered_problems(at) == [], (field, text)
    typed = at.session_state["lv_state"]
    try:
        now = Batch.from_text(typed.logits, typed.target, typed.names, typed.weight)
    except InputError:
        assert at.error, (field, text)  # refused: said, and the last valid batch kept
        now = before
    assert _shown_batch(at) == _same(now)
    _link_reads_back(at)


PAGE_FIELDS = [
    ("pages/binary_cross_entropy.py", "lv_pos_weight", "text_input"),
    ("pages/binary_cross_entropy.py", "lv_bce_target", "text_area"),
    ("pages/imbalance.py", "lv_focal_alpha", "text_input"),
    ("pages/regression.py", "lv_regression_input", "text_input"),
    ("pages/regression.py", "lv_regression_target", "text_input"),
]


@FUZZ
@given(where=st.sampled_from(PAGE_FIELDS), text=st.one_of(TEXT, LONG))
def test_any_text_in_a_page_field_is_refused_clearly_or_used(where, text):
    page, key, kind = where
    at = open_page(page)
    getattr(at, kind)(key=key).input(text).run()
    assert not at.exception, (where, text, at.exception[0].value)
    assert rendered_problems(at) == [], (where, text)
    _link_reads_back(at)


CSV_TEXT = st.lists(
    st.lists(st.sampled_from(PIECES) | st.text(max_size=3), min_size=1, max_size=5).map(",".join),
    min_size=1,
    max_size=5,
).map("\n".join)
CSV_BYTES = st.one_of(
    st.binary(max_size=200),
    st.tuples(CSV_TEXT, st.sampled_from(["utf-8", "utf-16", "gb18030", "cp1252"])).map(
        lambda pair: pair[0].encode(pair[1], "replace")
    ),
    st.builds(
        lambda seed, header: (
            batch_to_csv(random_batch(seed=seed, samples=3, classes=3))
            .replace("cat", header, 1)
            .encode()
        ),
        st.integers(0, 9),
        TEXT,
    ),
)


@FUZZ
@given(data=CSV_BYTES)
def test_any_uploaded_bytes_load_or_keep_the_last_valid_batch(data):
    at = open_page()
    at.file_uploader(key="lv_csv_upload").set_value(("fuzz.csv", data, "text/csv")).run()
    assert not at.exception, (data, at.exception[0].value)
    assert rendered_problems(at) == [], data
    try:
        loaded = read_batch_csv(data)
    except InputError:
        assert at.error, data
        loaded = Batch.from_text("1.3, 1.3, 2.6", "2", "cat, dog, 猪八戒")
    assert _shown_batch(at) == _same(loaded)
    _link_reads_back(at)
