"""Regression tests for what a learner or a link may send (issue 12): each item of the issue has
its test here, through the app itself (AppTest)."""

from __future__ import annotations

import pytest

from apptest_utils import open_page, page_text
from hostile import FORMATTING, HOSTILE_NAMES, PAGES, edit_grid, messages, rendered_problems
from lossviz.inputs.csvio import batch_to_csv
from lossviz.inputs.presets import random_batch
from lossviz.inputs.urlstate import MAX_QUERY_LENGTH, query_length

# --- the class cap, and a linear duplicate check ---------------------------------------------


def test_a_link_with_more_classes_than_the_cap_says_the_cap():
    """A link under the length limit with 9,999 classes cost 40 s per open (an O(C²) check)."""
    at = open_page(logits=", ".join(["0"] * 1_001), target="0")
    assert not at.exception
    assert "at most 1,000 classes" in messages(at)
    assert at.text_area(key="lv_logits").help.endswith("(at most 1,000 classes)")


def test_typing_more_classes_than_the_cap_keeps_the_last_batch_and_says_the_cap():
    at = open_page()
    at.text_area(key="lv_logits").input(", ".join(["0"] * 1_001)).run()
    assert not at.exception
    assert "at most 1,000 classes can be shown" in at.error[0].value
    assert list(at.dataframe[0].value.columns)[:3] == ["cat", "dog", "猪八戒"]


# --- CSV uploads ------------------------------------------------------------------------------


def _upload(at, name: str, content: bytes):
    at.file_uploader(key="lv_csv_upload").set_value((name, content, "text/csv"))
    return at.run()


def test_a_latin1_csv_is_read_as_such_and_the_page_says_so():
    """It was decoded as GBK, with no word: Ångström became mojibake."""
    at = _upload(open_page(), "accents.csv", "Ångström,naïve,label\n1,2,0\n".encode("latin-1"))
    assert not at.exception
    assert at.text_input(key="lv_names").value == "Ångström, naïve"
    assert "accents.csv is not UTF-8 text: it was read as Windows-1252" in messages(at)
    at = _upload(open_page(lang="zh"), "猫.csv", "猫,狗,label\r\n1,2,0\r\n".encode("gbk"))
    assert at.text_input(key="lv_names").value == "猫, 狗"
    assert "已按 GB18030（GBK，简体中文） 编码读取" in messages(at)


@pytest.mark.parametrize(
    ("header", "text", "names"),
    [
        ("a;b,c,label", '"a;b", c', ("a;b", "c")),
        ('"a,b",c,label', '"a,b", c', ("a,b", "c")),
        ("=cmd,'x,label", "=cmd, 'x", ("=cmd", "'x")),
    ],
)
def test_csv_class_names_are_never_split_again(header, text, names):
    """a;b,c,label gave the classes ('a', 'b, c'); "a,b",c,label was loaded, then dropped."""
    at = _upload(open_page(), "names.csv", f"{header}\n1,2,0\n".encode())
    assert not at.exception and not at.error
    assert at.text_input(key="lv_names").value == text
    reopened = open_page(**_query(at))
    assert not reopened.warning
    assert reopened.session_state["lv_state"].batch().class_names == names


def test_a_utf8_csv_says_nothing_about_its_encoding():
    at = _upload(open_page(), "pets.csv", "猫,狗,label\n1,2,0\n".encode())
    assert "UTF-8" not in messages(at)


# --- user and link text never renders as Markdown or HTML --------------------------------------

#: A link whose batch is valid (hostile class names) and whose other texts are all refused,
#: each refusal quoting the input: every page shows some of them.
HOSTILE_LINK = {
    "logits": "1.3, 1.3, 2.6; 0.5, 2, -1",
    "target": "2, 0",
    "names": ", ".join(HOSTILE_NAMES),
    "temperature": "[T](https://evil.example/t)",
    "sample": "![s](http://img.example/s.png)",
    "pos_weight": "[P](https://evil.example/p)",
    "bce_target": "<img src=x onerror=alert(1)>",
    "focal_alpha": "www.evil.example",
    "regression_input": "a@evil.example, 2",
    "mistake": FORMATTING,
}


@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_input_as_markdown(page):
    """?names=[Log in](https://evil.example/login) put a clickable link into the app's warning;
    ![t](http://any.host/t.png) made every viewer's browser fetch that address."""
    at = open_page(page, **HOSTILE_LINK)
    assert not at.exception
    assert rendered_problems(at) == []
    assert "'temperature' could not be used" in messages(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_refused_names_and_typed_urls_are_quoted_not_linked(lang):
    at = open_page(lang=lang, names=f"{HOSTILE_NAMES[0]}, {HOSTILE_NAMES[0]}, c")
    assert "[Log in\\](https:\u2060//evil.example/login)" in messages(at)
    for typed in ("https://evil.example/x", "[x](https://evil.example)", FORMATTING):
        at.text_area(key="lv_logits").input(typed).run()
        assert not at.exception
        assert at.error and rendered_problems(at) == []


def test_a_hostile_file_name_is_not_rendered():
    at = open_page()
    name = "[f](https://evil.example) **b**.csv"
    at.file_uploader(key="lv_csv_upload").set_value((name, b"a,b,label\n1,x,0\n", "text/csv"))
    at.run()
    assert at.error and rendered_problems(at) == []
    at.file_uploader(key="lv_csv_upload").set_value(
        (name, "é,b,label\n1,2,0\n".encode("cp1252"), "text/csv")
    )
    at.run()
    assert "Loaded" in "".join(c.value for c in at.caption)
    assert rendered_problems(at) == []


# --- the link limit -----------------------------------------------------------------------------


def _query(at) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


def _long_batch() -> tuple[str, str]:
    logits = "\n".join(f"{i % 7}.25, -1.5, {i % 3}.5" for i in range(1_500))
    return logits, ", ".join(str(i % 3) for i in range(1_500))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_batch_too_long_for_a_link_stays_in_the_session_and_the_page_says_so(lang):
    """1,500 rows x 3 were written into a 43,544-character link that was refused when read back:
    a reload or a shared link showed the default batch with no word."""
    at = open_page("pages/softmax.py", lang=lang)
    logits, target = _long_batch()
    at.text_area(key="lv_logits").input(logits)
    at.text_area(key="lv_target").input(target).run()
    assert not at.exception and not at.error
    query = _query(at)
    assert "logits" not in query and "target" not in query
    assert query_length(query) <= MAX_QUERY_LENGTH
    notice = "链接最多 16,000 个字符" if lang == "zh" else "a link holds at most 16,000 characters"
    assert notice in messages(at)
    assert at.get("download_button")[0].proto.label  # the batch, offered as CSV
    assert "1500" in "".join(str(caption.value) for caption in at.caption)  # still on screen
    reopened = open_page("pages/softmax.py", **query)
    assert not reopened.exception and not reopened.error and not reopened.warning


def test_a_short_batch_goes_into_the_link_and_reads_back():
    at = open_page()
    at.text_area(key="lv_logits").input("1, 2, 3; 4, 5, 6").run()
    at.text_area(key="lv_target").input("0, 2").run()
    query = _query(at)
    assert query["logits"] == "1, 2, 3; 4, 5, 6"
    reopened = open_page(**query)
    assert reopened.text_area(key="lv_logits").value == "1, 2, 3; 4, 5, 6"
    assert not reopened.error and not reopened.warning


def test_the_link_keeps_the_batch_on_screen_while_the_typed_one_is_wrong():
    at = open_page()
    at.text_area(key="lv_logits").input("1, 2, 3; 4, 5, 6").run()
    at.text_area(key="lv_target").input("0, 2").run()
    at.text_area(key="lv_logits").input("1, 2, 3; 4, five, 6").run()
    assert at.error
    assert _query(at)["logits"] == "1, 2, 3; 4, 5, 6"


# --- the grid editor ----------------------------------------------------------------------------


def _grid(page: str = "pages/softmax.py", **params) -> object:
    at = open_page(page, **params)
    return at.button_group(key="lv_edit_mode").set_value("grid").run()


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"added_rows": [{}]}, "logits, row 2, column 1: the cell is empty; enter a number"),
        ({"edited_rows": {"0": {"dog": None}}}, "row 1, column 2: the cell is empty"),
        ({"edited_rows": {"0": {"label": None}}}, "target, row 1: the cell is empty"),
        ({"deleted_rows": [0]}, "the grid has no rows"),
    ],
)
def test_an_empty_grid_cell_is_an_input_problem(edits, message):
    """The toolbar's "+ Add row", or a cell emptied with Delete, sent a NaN into format_matrix,
    whose InputError nothing caught: the page showed an exception."""
    at = edit_grid(_grid(), edits)
    assert not at.exception
    assert message in at.error[0].value and "last valid batch" in at.error[0].value
    assert "0.6472" in page_text(at)


def test_a_filled_new_grid_row_joins_the_batch():
    at = edit_grid(_grid(), {"added_rows": [{"cat": 0, "dog": 3, "猪八戒": 1, "label": 1}]})
    assert not at.exception and not at.error
    assert at.session_state["lv_state"].logits == "1.3, 1.3, 2.6\n0, 3, 1"
    assert _query(at)["target"] == "2, 1"


def test_a_grid_edit_applies_to_an_uploaded_batch():
    """The grid showed 99 while the page computed on the upload."""
    batch = random_batch(seed=4, samples=150, classes=3)
    at = _grid()
    at.file_uploader(key="lv_csv_upload").set_value(("big.csv", batch_to_csv(batch).encode(), ""))
    at.run()
    assert "Using the batch big.csv" in messages(at)
    at = edit_grid(at, {"edited_rows": {"0": {"cat": 99}}})
    assert not at.exception and not at.error
    state = at.session_state["lv_state"]
    assert state.logits.startswith("99, ") and state.names == "cat, dog, 猪八戒"
    assert "Using the batch big.csv" not in messages(at)
    assert at.number_input(key="lv_sample").max == batch.num_samples - 1


def test_a_class_named_like_the_label_column_keeps_its_column():
    at = _grid(names="cat, label, pig")
    at = edit_grid(at, {"edited_rows": {"0": {"cat": 5}}})
    assert not at.exception and not at.error
    assert at.session_state["lv_state"].logits == "5, 1.3, 2.6"
    assert at.session_state["lv_state"].names == "cat, label, pig"


def test_the_grid_leaves_a_batch_too_large_for_it_to_text_and_csv():
    batch = random_batch(seed=5, samples=10_000, classes=3)
    at = _grid()
    at.file_uploader(key="lv_csv_upload").set_value(("big.csv", batch_to_csv(batch).encode(), ""))
    at.run()
    assert not at.exception
    assert "the grid edits at most 20,000" in "".join(str(c.value) for c in at.caption)


# --- label -100, the padding marker -------------------------------------------------------------

PADDED = {"logits": "1.3, 1.3, 2.6; 0.5, 2, -1; 1, 0, 0", "target": "2, -100, 0"}
#: What each page says it shows for a sample labelled -100 (the second of PADDED).
SAYS = {
    "pages/softmax.py": "Sample 1 is labelled -100, the padding marker the loss leaves out",
    "pages/cross_entropy.py": "The 1 sample(s) labelled -100, the padding marker, are left out",
    "pages/gradients.py": "Sample 1 is ignored (its label -100 equals ignore_index)",
    "pages/entropy_kl.py": "1 of 3 samples are labelled -100",
    "pages/imbalance.py": "1 of 3 samples are labelled -100",
    "pages/binary_cross_entropy.py": "1 of 3 samples are labelled -100",
    "pages/stability.py": "1 of 3 samples are labelled -100",
    "pages/mistakes.py": "1 of 3 samples are labelled -100",
}


@pytest.mark.parametrize("page", sorted(SAYS))
def test_every_page_handles_a_sample_labelled_minus_100(page):
    """The batch refused -100 although the cross-entropy page calls it the padding marker."""
    at = open_page(page, sample=1, mistake_data="batch", **PADDED)
    assert not at.exception and not at.error
    assert SAYS[page] in page_text(at)
    assert rendered_problems(at) == []


def test_the_cross_entropy_page_leaves_the_padded_sample_out():
    at = open_page("pages/cross_entropy.py", sample=1, reduction="sum", **PADDED)
    text = page_text(at)
    assert "This sample's label equals ignore_index: it is left out." in text
    assert r"y_{1} = -100 = \mathtt{ignore\_index}" in text
    assert "is a real class" not in text


def test_another_ignore_index_with_padded_labels_is_refused_and_falls_back():
    at = open_page("pages/cross_entropy.py", ignore_index=0, **PADDED)
    assert not at.exception
    assert "label -100 is out of range" in at.error[0].value


@pytest.mark.parametrize("page", ["pages/entropy_kl.py", "pages/stability.py"])
def test_a_batch_of_padding_only_shows_the_seed_example_and_says_so(page):
    at = open_page(page, logits="1, 2, 3", target="-100")
    assert not at.exception and not at.error
    assert "Every sample is labelled -100" in messages(at)


def test_padded_labels_read_back_from_the_link_and_the_csv():
    at = open_page(**PADDED)
    assert not at.error and at.query_params["target"] == "2, -100, 0"
    assert list(at.dataframe[0].value.iloc[:, -1]) == [2, -100, 0]


def test_the_results_csv_of_a_padded_batch_uses_the_default_ignore_index_when_it_must():
    from lossviz.inputs.batch import Batch
    from lossviz.inputs.urlstate import AppState
    from lossviz.ui.frame import _results_csv

    batch = Batch.from_text(PADDED["logits"], PADDED["target"])
    for ignore_index in (-100, 0):
        lines = _results_csv(batch, AppState(ignore_index=ignore_index)).splitlines()
        assert lines[2].startswith("2,-100,") and lines[2].endswith(",0.0")


# --- logits at the ends of the float range --------------------------------------------------------

HUGE = {"logits": "1e308, -1e308, 0", "target": "2"}


HUGE_CASES = [
    pytest.param("pages/regression.py", {"regression_input": "1e308,-1e308,0,1,2"}),
    *(
        pytest.param(page, HUGE)
        for page in (
            "pages/cross_entropy.py",
            "pages/entropy_kl.py",
            "pages/imbalance.py",
            "pages/softmax.py",
            "pages/gradients.py",
            "pages/binary_cross_entropy.py",
            "pages/stability.py",
            "pages/mistakes.py",
            "pages/home.py",
        )
    ),
]


def _finite_or_said(at) -> None:
    """No exception; every metric a finite number, or a message or status badge that says why
    not (the stability page's naive route overflows on purpose, and its badge says so)."""
    assert not at.exception, at.exception[0].value if at.exception else ""
    badges = [str(text.value) for text in at.markdown if "-badge[" in str(text.value)]
    said = messages(at) + " ".join(badges)
    for metric in at.metric:
        value = str(metric.value).replace(",", "")
        try:
            finite = abs(float(value)) < float("inf")
        except ValueError:
            finite = False
        assert finite or said, (metric.label, metric.value)


@pytest.mark.parametrize(("page", "params"), HUGE_CASES)
def test_logits_at_the_ends_of_the_float_range_in_a_link(page, params):
    """1e308, -1e308, 0 (typed or ?logits=) crashed /cross_entropy, /entropy_kl and /imbalance,
    and /regression?regression_input=1e308,-1e308,0,1,2."""
    _finite_or_said(open_page(page, **params))


@pytest.mark.parametrize(
    "page", ["pages/cross_entropy.py", "pages/entropy_kl.py", "pages/imbalance.py"]
)
def test_logits_at_the_ends_of_the_float_range_typed(page):
    at = open_page(page)
    at.text_area(key="lv_logits").input(HUGE["logits"]).run()
    _finite_or_said(at)
