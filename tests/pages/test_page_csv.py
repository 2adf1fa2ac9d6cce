"""CSV upload and download in the sidebar, run headless."""

import numpy as np

from apptest_utils import assert_says, click, render
from lossviz.inputs.csvio import batch_to_csv, read_batch_csv
from lossviz.inputs.presets import random_batch

PAGE = "pages/softmax.py"


def _upload(at, name: str, content: bytes):
    """``at`` after a learner uploads ``content`` as the CSV file ``name``; the rerun must raise
    nothing."""
    at.file_uploader(key="lv_csv_upload").set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception
    return at


def test_a_small_upload_becomes_the_typed_batch_and_the_link():
    at = _upload(
        render(PAGE), "pets.csv", "cat,dog,猪八戒,label\n1.3,1.3,2.6,2\n0,5,1,1\n".encode()
    )
    assert at.text_area(key="lv_logits").value == "1.3, 1.3, 2.6\n0, 5, 1"
    assert at.query_params["target"] == "2, 1"
    assert_says(at, "Loaded pets.csv: 2 sample(s) × 3 classes")


def test_a_large_upload_stays_in_the_session_with_a_notice():
    batch = random_batch(seed=1, samples=2000, classes=10)
    at = _upload(render(PAGE), "big.csv", batch_to_csv(batch).encode())
    assert_says(
        at, "Using the batch big.csv: 2000 sample(s) × 10 classes", "charts show the first 20"
    )
    assert "logits" not in at.query_params
    click(at, "lv_drop_upload")
    assert_says(at, "0.6472")


def test_a_bad_upload_says_what_and_where_and_keeps_the_batch():
    at = _upload(render(PAGE), "bad.csv", b"cat,dog,label\n1,abc,0\n")
    assert_says(at, "bad.csv: line 2, column 2 ('dog'): 'abc' is not a number", "0.6472")


def test_a_bad_upload_in_chinese():
    at = _upload(render(PAGE, lang="zh"), "bad.csv", b"cat,dog,label\n1,2,7\n")
    assert_says(at, "标签 7 超出范围")


def test_the_batch_download_reads_back(tmp_path):
    batch = random_batch(seed=2, samples=5, classes=4)
    again = read_batch_csv(batch_to_csv(batch))
    np.testing.assert_array_equal(again.logits, batch.logits)
