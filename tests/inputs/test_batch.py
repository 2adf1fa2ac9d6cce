"""The batch a person edits: typed text, presets and random batches, checked as one."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossviz import InputError, cross_entropy
from lossviz.inputs.batch import (
    MAX_CLASSES,
    Batch,
    format_class_names,
    parse_class_names,
)
from lossviz.inputs.csvio import read_batch_csv
from lossviz.inputs.presets import PRESETS, preset, random_batch


def test_seed_text():
    batch = Batch.from_text("1.3, 1.3, 2.6", "2", "cat, dog, 猪八戒")
    assert batch.labels.tolist() == [2]
    assert batch.target_matrix.tolist() == [[0.0, 0.0, 1.0]]
    assert batch.weight is None


def test_probability_rows_are_soft_targets():
    batch = Batch.from_text("1, 2; 3, 4", "0.2, 0.8; 1, 0")
    assert batch.soft_target
    assert batch.labels.tolist() == [1, 0]
    assert batch.class_names == ("class 0", "class 1")


def test_one_sample_with_a_probability_row():
    assert Batch.from_text("1, 2, 3", "0.1 0.2 0.7").soft_target
    assert not Batch.from_text("1, 2, 3", "2").soft_target


def test_labels_on_lines_or_one_line():
    assert Batch.from_text("1, 2; 3, 4; 5, 6", "1\n0\n1").labels.tolist() == [1, 0, 1]
    assert Batch.from_text("1, 2; 3, 4", "1, 0").labels.tolist() == [1, 0]


def test_weights_and_chinese_punctuation():
    batch = Batch.from_text("1，2；3，4", "1；0", "猫，狗", "1，3")
    assert batch.weight.tolist() == [1.0, 3.0]
    assert batch.class_names == ("猫", "狗")


@pytest.mark.parametrize(
    "texts, message",
    [
        (("1, 2", ""), "target is empty"),
        (("1, 2; 3, 4", "1"), r"target has 1 label\(s\) but logits have 2 row"),
        (("1, 2", "2"), r"label 2 is out of range for 2 classes \(0\.\.1\)"),
        (("1, 2", "0", "a, b, c"), r"3 class name\(s\) given for 2 classes"),
        (("1, 2", "0", "a, a"), "class name 'a' appears more than once"),
        (("1, 2", "0", "", "1"), r"one value per class \(2\)"),
        (("1, 2", "0", "", "1, -1"), "class 1: -1 is negative"),
        (("1, abc", "0"), r"row 1, column 2: 'abc' is not a number"),
        (("1, 2", "0.4, 1.7"), r"target, row 1, column 2: 1.7 is outside \[0, 1\]"),
    ],
)
def test_bad_text_names_the_field(texts, message):
    with pytest.raises(InputError, match=message):
        Batch.from_text(*texts)


def test_text_round_trip():
    batch = random_batch(seed=3, samples=5, classes=4)
    again = Batch.from_text(
        **{
            k: v
            for k, v in zip(
                ("logits", "target", "class_names", "weight"), batch.to_text().values(), strict=True
            )
        }
    )
    np.testing.assert_array_equal(again.logits, batch.logits)
    np.testing.assert_array_equal(again.target, batch.target)
    assert again.class_names == batch.class_names


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_a_valid_batch_that_computes(name):
    batch = preset(name)
    result = cross_entropy(batch.logits, batch.target, weight=batch.weight)
    assert result.agrees and np.isfinite(result.loss)


def test_presets_show_what_they_say():
    assert (
        cross_entropy(preset("confident_right").logits, preset("confident_right").target).loss
        < 0.01
    )
    assert (
        cross_entropy(preset("confident_wrong").logits, preset("confident_wrong").target).loss > 5
    )
    np.testing.assert_allclose(cross_entropy(preset("uniform").logits, [0, 2]).loss, np.log(3))
    assert preset("imbalanced").weight is not None


def test_random_batches_are_reproducible_and_bounded():
    a, b = random_batch(seed=7, samples=10, classes=4), random_batch(seed=7, samples=10, classes=4)
    np.testing.assert_array_equal(a.logits, b.logits)
    assert not np.array_equal(a.logits, random_batch(seed=8, samples=10, classes=4).logits)
    with pytest.raises(InputError, match="1 to 10,000 samples"):
        random_batch(samples=0)
    with pytest.raises(InputError, match="unknown preset"):
        preset("nope")


# --- class names as text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("cat, dog, 猪八戒", ["cat", "dog", "猪八戒"]),
        ("cat\ndog, fish", ["cat", "dog, fish"]),
        ("a;b, c", ["a", "b, c"]),
        ("a；b，c", ["a", "b，c"]),
        ('"a,b", c', ["a,b", "c"]),
        ('"a;b", c', ["a;b", "c"]),
        ('x; "a, b"', ["x", "a, b"]),
        ('"say ""hi""", b', ['say "hi"', "b"]),
        ('5" screen, 7" screen', ['5" screen', '7" screen']),
        ('"open, b', ['"open', "b"]),
        ('" padded ", b', [" padded ", "b"]),
        ("a,, b,", ["a", "b"]),
        ("", []),
    ],
)
def test_class_names_text(text, names):
    assert parse_class_names(text) == names


_NAME_CHARACTERS = st.sampled_from(list("ab \"\n;；,，\t \u3000猪'=[]()!"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_NAME_CHARACTERS, max_size=6) | st.text(max_size=6), max_size=6))
def test_any_names_read_back_from_their_text(names):
    assert parse_class_names(format_class_names(names)) == names


@pytest.mark.parametrize(
    "csv_text",
    ["a;b,c,label\n1,2,0\n", '"a,b",c,label\n1,2,0\n', '"x\ny",\'=z,label\n1,2,0\n'],
)
def test_csv_class_names_survive_the_typed_batch(csv_text):
    """A loaded CSV becomes the typed batch; its names were joined and split again, which gave
    ('a', 'b, c') for a header a;b,c and dropped "a,b",c."""
    batch = read_batch_csv(csv_text)
    texts = batch.to_text()
    again = Batch.from_text(texts["logits"], texts["target"], texts["class_names"])
    assert again.class_names == batch.class_names


def test_ignored_label_is_accepted():
    """-100, the padding marker, which the cross-entropy page explains."""
    batch = Batch.from_text("1, 2; 3, 4; 5, 6", "1, -100, 0")
    assert batch.target.tolist() == [1, -100, 0]
    assert batch.ignored.tolist() == [False, True, False]
    assert batch.target_matrix.tolist() == [[0, 1], [0, 0], [1, 0]]
    assert batch.labelled().logits.tolist() == [[1, 2], [5, 6]]
    assert batch.labelled().class_names == batch.class_names
    assert Batch.from_text("1, 2", "0").labelled() is not None
    assert Batch.from_text("1, 2", "-100").labelled() is None
    with pytest.raises(InputError, match="label -1 is out of range"):
        Batch.from_text("1, 2", "-1")


def test_class_cap_is_stated():
    row = ", ".join(["0"] * (MAX_CLASSES + 1))
    with pytest.raises(InputError, match="1,001 classes; at most 1,000 classes can be shown"):
        Batch.from_text(row, "0")
    assert Batch.from_text(", ".join(["0"] * MAX_CLASSES), "0").num_classes == MAX_CLASSES


def test_duplicate_names_among_many_are_found():
    names = [f"n{i}" for i in range(MAX_CLASSES)]
    names[-1] = "n3"
    with pytest.raises(InputError, match="class name 'n3' appears more than once"):
        Batch(np.zeros((1, MAX_CLASSES)), [0], tuple(names))
