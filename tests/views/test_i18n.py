"""Every string exists in English and Chinese, with the same placeholders."""

from pathlib import Path

import pytest

from lossviz import InputError, cross_entropy, softmax
from lossviz.i18n import STRINGS, TOPICS, placeholders, t, translate_error
from lossviz.i18n.notes import NOTES_ZH, note_text
from lossviz.inputs.urlstate import decode
from lossviz.results import Note


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_with_the_same_placeholders(key):
    texts = STRINGS[key]
    assert set(texts) == {"en", "zh"}, key
    assert texts["en"].strip() and texts["zh"].strip(), key
    assert placeholders(texts["en"]) == placeholders(texts["zh"]), key


def test_every_strings_file_is_read():
    views = Path(__file__).resolve().parents[2] / "lossviz" / "views"
    files = {path.parent.name for path in views.glob("*/strings.toml")}
    assert files == set(TOPICS)


def test_unknown_language_falls_back_to_english():
    assert t("nav.home", "fr") == "Home"


@pytest.mark.parametrize(
    "message, expected",
    [
        ("logits, row 3, column 2: 'abc' is not a number", "logits 第 3 行第 2 列：'abc' 不是数字"),
        ("target, row 1: label 5 is out of range for 3 classes (0..2)", "标签 5 超出范围"),
        ("3 class name(s) given for 2 classes", "给出了 3 个类别名称"),
        # the parser names the field with a colon: the message stayed in English
        (
            "logits: row 2 has 1 value but row 1 has 2",
            "logits 第 2 行有 1 个数值，但第 1 行有 2 个",
        ),
    ],
)
def test_input_errors_in_chinese(message, expected):
    assert expected in translate_error(message, "zh")
    assert translate_error(message, "en") == message


def test_notes_in_chinese_use_their_numbers():
    note = Note("weighted_mean", "english", {"loss": 0.87051, "plain_mean": 1.2})
    assert "0.8705" in note_text(note, "zh") and "1.2000" in note_text(note, "zh")
    assert note_text(note, "en") == "english"
    assert set(NOTES_ZH) >= {"weighted_mean", "all_ignored", "logits_look_like_probabilities"}


@pytest.mark.parametrize(
    "params",
    [
        {"lang": "fr"},
        {"temperature": "0"},
        {"sample": "x"},
        {"sample": "1.5"},
        {"names": "x" * 30000},
    ],
)
def test_link_problems_in_chinese(params):
    _, problems = decode(params)
    zh = translate_error(problems[0].reason, "zh")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh


@pytest.mark.parametrize(
    "call",
    [
        lambda: cross_entropy([[1.0, 2.0]], [[0.5, 0.5]], ignore_index=0),
        lambda: cross_entropy([[1.0, 2.0]], [0], label_smoothing=2.0),
        lambda: cross_entropy([[1.0, 2.0]], [0], reduction="avg"),
        lambda: softmax([1.0, 2.0], temperature=0),
    ],
)
def test_option_errors_in_chinese(call):
    with pytest.raises(InputError) as error:
        call()
    zh = translate_error(str(error.value), "zh")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh


def test_every_note_the_core_writes_has_a_chinese_text():
    """Each ``Note("code", ...)`` in the core's modules has its entry in NOTES_ZH."""
    import re
    from pathlib import Path

    core = Path(__file__).resolve().parents[2] / "lossviz"
    codes = {
        code
        for path in core.glob("*.py")
        for code in re.findall(r'Note\(\s*"([a-z_0-9]+)"', path.read_text(encoding="utf-8"))
    }
    assert {"negative_weight", "non_finite_values", "pytorch_backward_fails"} <= codes
    assert codes <= set(NOTES_ZH), sorted(codes - set(NOTES_ZH))


@pytest.mark.parametrize(
    "key",
    [
        "bce.sweep_x",
        "ce.axis_logit",
        "grad.cat_autograd",
        "grad.col_autograd",
        "imbalance.ratio_axis",
    ],
)
def test_chart_labels_speak_chinese(key):
    """Axis and column titles that stayed in English ("logit x", "autograd", "Focal / CE")."""
    assert any("\u4e00" <= char <= "\u9fff" for char in t(key, "zh"))
