"""The numbers behind the sequences page's charts: one row per token or pixel."""

import numpy as np

from lossviz import cross_entropy
from lossviz.inputs.elements import PRESETS
from lossviz.views.sequences.tables import element_table

KEYS = ["sample", "position", "row", "column", "word", "label", "class", "log_p", "weight"]
HEADERS = {key: key for key in [*KEYS, "loss", "ignored"]}


def test_one_row_per_token_in_order():
    batch = PRESETS["sentences"].batch()
    weight = np.array([1.0, 2.0, 3.0])
    result = cross_entropy(batch.logits, batch.labels, weight)
    table = element_table(batch, result, HEADERS)
    assert list(table) == [
        "sample",
        "position",
        "word",
        "label",
        "class",
        "log_p",
        "weight",
        "loss",
    ]
    assert table["sample"].tolist() == [0] * 5 + [1] * 5 + [2] * 5
    assert table["position"].tolist() == list(range(5)) * 3
    assert table["word"][:3] == ["the", "cat", "sat"] and table["word"][-1] == "<pad>"
    assert table["class"][:3] == ["other", "noun", "verb"] and table["class"][-1] == "ignored"
    np.testing.assert_array_equal(table["loss"], result.per_sample.ravel())
    assert table["weight"].tolist()[:3] == [3.0, 1.0, 2.0] and table["weight"][-1] == 0.0
    assert np.isnan(table["log_p"][-1]) and table["log_p"][0] < 0


def test_one_row_per_pixel_with_its_row_and_column():
    batch = PRESETS["voc_border"].batch()
    result = cross_entropy(batch.logits, batch.labels, ignore_index=255)
    table = element_table(batch, result, HEADERS)
    assert "word" not in table and "position" not in table
    assert table["row"].tolist()[:7] == [0, 0, 0, 0, 0, 0, 1]
    assert table["column"].tolist()[:7] == [0, 1, 2, 3, 4, 5, 0]
    assert table["label"].tolist()[7] == 255 and table["class"][7] == "ignored"
    assert len(table["loss"]) == 36
