"""Regression tests for what a learner or a link may send (issue 12): each item of the issue has
its test here, through the app itself (AppTest)."""

from __future__ import annotations

from apptest_utils import open_page


def _messages(at) -> str:
    return "\n".join(
        str(e.value) for kind in ("error", "warning", "info") for e in getattr(at, kind)
    )


# --- the class cap, and a linear duplicate check ---------------------------------------------


def test_a_link_with_more_classes_than_the_cap_says_the_cap():
    """A link under the length limit with 9,999 classes cost 40 s per open (an O(C²) check)."""
    at = open_page(logits=", ".join(["0"] * 1_001), target="0")
    assert not at.exception
    assert "at most 1,000 classes" in _messages(at)
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
    assert "accents.csv is not UTF-8 text: it was read as Windows-1252" in _messages(at)
    at = _upload(open_page(lang="zh"), "猫.csv", "猫,狗,label\r\n1,2,0\r\n".encode("gbk"))
    assert at.text_input(key="lv_names").value == "猫, 狗"
    assert "已按 GB18030（GBK，简体中文） 编码读取" in _messages(at)


def test_a_utf8_csv_says_nothing_about_its_encoding():
    at = _upload(open_page(), "pets.csv", "猫,狗,label\n1,2,0\n".encode())
    assert "UTF-8" not in _messages(at)
