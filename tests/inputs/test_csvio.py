"""Tests for lossviz.inputs.csvio: every accepted file format, every error message with its line and
column, fuzzing with arbitrary bytes and text, and batch -> CSV -> batch round trips."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossviz.errors import InputError
from lossviz.inputs.batch import Batch
from lossviz.inputs.csvio import (
    LABEL_COLUMN_NAMES,
    MAX_UPLOAD_BYTES,
    MAX_VALUES,
    batch_to_csv,
    decode_csv,
    read_batch_csv,
    read_batch_csv_upload,
    results_to_csv,
)

SEED_CSV = "cat,dog,猪八戒,label\n1.3,1.3,2.6,2\n"
SEED_NAMES = ("cat", "dog", "猪八戒")
TWO_ROWS = [[1.3, 1.3, 2.6], [0.1, 2.0, -1.0]]


def _assert_batch(batch, logits, target, names):
    assert isinstance(batch, Batch)
    np.testing.assert_array_equal(batch.logits, logits)
    np.testing.assert_array_equal(batch.target, target)
    assert batch.class_names == tuple(names)
    assert batch.weight is None


def _assert_same_batch(got: Batch, want: Batch) -> None:
    assert got.class_names == want.class_names
    assert got.soft_target == want.soft_target
    assert got.logits.tobytes() == want.logits.tobytes()  # bit for bit
    assert got.target.dtype == want.target.dtype
    assert got.target.tobytes() == want.target.tobytes()


# --- accepted formats -----------------------------------------------------------------------------

TWO_ROW_FORMATS = {
    "commas": "cat,dog,猪八戒,label\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "no_final_newline": "cat,dog,猪八戒,label\n1.3,1.3,2.6,2\n0.1,2,-1,0",
    "crlf": "cat,dog,猪八戒,label\r\n1.3,1.3,2.6,2\r\n0.1,2,-1,0\r\n",
    "old_mac_cr": "cat,dog,猪八戒,label\r1.3,1.3,2.6,2\r0.1,2,-1,0\r",
    "spaces_around": " cat , dog ,猪八戒 , label \n 1.3, 1.3 ,2.6 , 2\n0.1,2,-1,0\n",
    "semicolons": "cat;dog;猪八戒;label\n1.3;1.3;2.6;2\n0.1;2;-1;0\n",
    "semicolons_decimal_comma": "cat;dog;猪八戒;label\n1,3;1,3;2,6;2\n0,1;2;-1;0\n",
    "tabs": "cat\tdog\t猪八戒\tlabel\n1.3\t1.3\t2.6\t2\n0.1\t2\t-1\t0\n",
    "tabs_decimal_comma": "cat\tdog\t猪八戒\tlabel\n1,3\t1,3\t2,6\t2\n0,1\t2\t-1\t0\n",
    "blank_lines": "\n\ncat,dog,猪八戒,label\n\n1.3,1.3,2.6,2\n   \n0.1,2,-1,0\n\n\n",
    "empty_rows_excel": "cat,dog,猪八戒,label\n1.3,1.3,2.6,2\n,,,\n0.1,2,-1,0\n,,,\n,,,\n",
    "trailing_empty_columns": "cat,dog,猪八戒,label,,\n1.3,1.3,2.6,2,,\n0.1,2,-1,0,\n",
    "quoted_cells": '"cat","dog","猪八戒","label"\n"1.3","1.3","2.6","2"\n0.1,2,-1,0\n',
    "scientific": "cat,dog,猪八戒,label\n13e-1,0.13E1,+2.6,2.0\n1e-1,2.,-1,0\n",
    "labels_as_names": "cat,dog,猪八戒,label\n1.3,1.3,2.6,猪八戒\n0.1,2,-1,cat\n",
    "labels_names_and_numbers": "cat,dog,猪八戒,label\n1.3,1.3,2.6, 猪八戒 \n0.1,2,-1,0\n",
    "label_first": "label,cat,dog,猪八戒\n2,1.3,1.3,2.6\n0,0.1,2,-1\n",
    "label_in_middle": "cat,target,dog,猪八戒\n1.3,2,1.3,2.6\n0.1,0,2,-1\n",
    "label_upper_case": "cat,dog,猪八戒,LABEL\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "label_named_y": "y,cat,dog,猪八戒\n2,1.3,1.3,2.6\n0,0.1,2,-1\n",
    "label_named_class": "cat,dog,猪八戒,Class\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "label_named_labels": "cat,dog,猪八戒,labels\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "last_column_unnamed_label": "cat,dog,猪八戒,truth\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "logit_prefix": "logit_cat,logit_dog,logit_猪八戒,label\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "logits_prefix_mixed": "logits_cat,Logit dog,logit_猪八戒,label\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "header_after_blank_excel_rows": ",,,\ncat,dog,猪八戒,label\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "byte_order_mark_in_text": "\ufeffcat,dog,猪八戒,label\n1.3,1.3,2.6,2\n0.1,2,-1,0\n",
    "full_width_digits": "cat,dog,猪八戒,label\n1.3,1.3,2.6,２\n0.1,2,-1,0\n",
}


@pytest.mark.parametrize("text", TWO_ROW_FORMATS.values(), ids=TWO_ROW_FORMATS.keys())
def test_accepted_formats(text):
    _assert_batch(read_batch_csv(text), TWO_ROWS, [2, 0], SEED_NAMES)
    _assert_batch(read_batch_csv(text.encode("utf-8")), TWO_ROWS, [2, 0], SEED_NAMES)


def test_seed_example():
    batch = read_batch_csv(SEED_CSV)
    _assert_batch(batch, [[1.3, 1.3, 2.6]], [2], SEED_NAMES)
    assert batch.target.dtype == np.int64


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]
)
def test_encodings(encoding):
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        bom = "\ufeff".encode(codec)
        data = bom + SEED_CSV.replace(",", "\t").encode(codec)
    else:
        data = SEED_CSV.encode(encoding)
    _assert_batch(read_batch_csv(data), [[1.3, 1.3, 2.6]], [2], SEED_NAMES)


def test_utf8_bom_is_not_part_of_the_first_header():
    data = "\ufefflabel,cat,dog\n1,0.5,0.25\n".encode()
    batch = read_batch_csv(data)
    assert batch.class_names == ("cat", "dog")
    np.testing.assert_array_equal(batch.target, [1])


def test_excel_chinese_windows_export():
    """Excel's plain 'CSV' on Chinese Windows: GBK, CRLF, Chinese headers."""
    text = "猫,狗,猪八戒,标签列\r\n1.3,1.3,2.6,2\r\n"
    batch = read_batch_csv(text.encode("gbk"))
    _assert_batch(batch, [[1.3, 1.3, 2.6]], [2], ("猫", "狗", "猪八戒"))


def test_bytearray_and_memoryview():
    for data in (bytearray(SEED_CSV.encode()), memoryview(SEED_CSV.encode())):
        _assert_batch(read_batch_csv(data), [[1.3, 1.3, 2.6]], [2], SEED_NAMES)


@pytest.mark.parametrize("name", ["truth", " Truth ", "TRUTH"])
def test_label_column_argument(name):
    text = "truth,cat,dog\n1,0.5,0.25\n0,1,2\n"
    batch = read_batch_csv(text, label_column=name)
    _assert_batch(batch, [[0.5, 0.25], [1, 2]], [1, 0], ["cat", "dog"])


def test_label_column_argument_overrides_usual_names():
    text = "label,y,dog\n0.5,1,0.25\n"
    _assert_batch(read_batch_csv(text, label_column="y"), [[0.5, 0.25]], [1], ["label", "dog"])


def test_label_names_are_searched_in_order():
    # 'label' wins over 'y' and 'class', wherever the columns are.
    text = "y,class,label\n0.5,0.25,1\n"
    _assert_batch(read_batch_csv(text), [[0.5, 0.25]], [1], ["y", "class"])
    assert LABEL_COLUMN_NAMES == ("label", "labels", "target", "y", "class")


def test_logit_prefix_is_kept_unless_every_header_has_it():
    batch = read_batch_csv("logit_cat,dog,label\n1,2,0\n")
    assert batch.class_names == ("logit_cat", "dog")
    batch = read_batch_csv("logit_,logit_dog,label\n1,2,0\n")
    assert batch.class_names == ("logit_", "logit_dog")


def test_headers_are_plain_text():
    text = '"=1+1",<b>dog</b>,"a,b",label\n1,2,3,0\n'
    assert read_batch_csv(text).class_names == ("=1+1", "<b>dog</b>", "a,b")


def test_quoted_header_with_a_line_break_counts_as_one_line():
    text = '"ca\nt",dog,label\n1,2,0\n1,abc,0\n'
    with pytest.raises(InputError, match=r"^line 3, column 2 \('dog'\): 'abc' is not a number$"):
        read_batch_csv(text)
    text = '"ca\nt",dog,label\n1,2,0\n'
    assert read_batch_csv(text).class_names == ("ca\nt", "dog")


def test_negative_zero_and_large_values():
    batch = read_batch_csv("a,b,label\n-0.0,1e300,1\n-1e-320,1.7976931348623157e308,0\n")
    assert np.signbit(batch.logits[0, 0])
    assert batch.logits[1, 1] == np.finfo(np.float64).max
    assert batch.logits[1, 0] == -1e-320


# --- soft targets ---------------------------------------------------------------------------------

SOFT_FORMATS = {
    "p_prefix": "cat,dog,p_cat,p_dog\n1.3,2.6,0.25,0.75\n0.1,-1,1,0\n",
    "target_prefix": "cat,dog,target_cat,target_dog\n1.3,2.6,0.25,0.75\n0.1,-1,1,0\n",
    "mixed_case_prefixes": "cat,dog,P_cat,Target_dog\n1.3,2.6,0.25,0.75\n0.1,-1,1,0\n",
    "logit_prefix": "logit_cat,logit_dog,p_cat,p_dog\n1.3,2.6,0.25,0.75\n0.1,-1,1,0\n",
    "logit_prefix_in_target": (
        "logit_cat,logit_dog,p_logit_cat,p_logit_dog\n1.3,2.6,.25,.75\n.1,-1,1,0\n"
    ),
    "semicolons": "cat;dog;p_cat;p_dog\n1,3;2,6;0,25;0,75\n0,1;-1;1;0\n",
    "class_named_y": "y,dog,p_y,p_dog\n1.3,2.6,0.25,0.75\n0.1,-1,1,0\n",
    "class_named_label": "label,dog,p_label,p_dog\n1.3,2.6,0.25,0.75\n0.1,-1,1,0\n",
}


@pytest.mark.parametrize("text", SOFT_FORMATS.values(), ids=SOFT_FORMATS.keys())
def test_soft_targets(text):
    batch = read_batch_csv(text)
    assert batch.soft_target
    np.testing.assert_array_equal(batch.logits, [[1.3, 2.6], [0.1, -1]])
    np.testing.assert_array_equal(batch.target, [[0.25, 0.75], [1, 0]])
    assert batch.class_names[1] == "dog"


def test_soft_targets_need_not_sum_to_one():
    batch = read_batch_csv("cat,dog,p_cat,p_dog\n1,2,0.5,0.7\n")
    np.testing.assert_array_equal(batch.target, [[0.5, 0.7]])


def test_label_column_argument_turns_off_soft_targets():
    with pytest.raises(InputError, match=r"label 0.25 is not a whole number"):
        read_batch_csv("cat,dog,p_cat,p_dog\n1,2,0.25,0.75\n", label_column="p_cat")


def test_odd_column_count_with_p_columns_is_read_as_labels():
    batch = read_batch_csv("cat,dog,p_cat,label\n1,2,0.25,1\n")
    assert not batch.soft_target
    assert batch.class_names == ("cat", "dog", "p_cat")


# --- errors ---------------------------------------------------------------------------------------

ERRORS = {
    "empty_bytes": (b"", r"^the file is empty: the first line must be a header"),
    "empty_text": ("", r"^the file is empty"),
    "whitespace_only": (" \n\r\n\t\n", r"^the file is empty"),
    "empty_cells_only": (",,,\n\n,,\n", r"^the file is empty"),
    "empty_cells_only_semicolons": (";;;\n\n;;\n", r"^the file is empty"),
    "header_only": ("cat,dog,label\n", r"^the file has a header \(line 1\) but no data rows"),
    "header_only_then_blank": ("\ncat,dog,label\n\n,,\n", r"header \(line 2\) but no data rows"),
    "one_column": ("cat\n1\n", r"^the file has one column \('cat'\): give at least 2 logit"),
    "one_logit_column": (
        "cat,label\n1,0\n",
        r"^the file has 1 logit column \('cat'\) besides the label column \('label'\); "
        r"at least 2 classes",
    ),
    "ragged_short": (
        "cat,dog,pig,label\n1,2,3,0\n1,2,3,0\n1,2,3\n",
        r"^line 4 has 3 fields but the header has 4$",
    ),
    "ragged_long": (
        "cat,dog,label\n1,2,0\n1,2,0,5\n",
        r"^line 3 has 4 fields but the header has 3 \(a column without a header\?\)$",
    ),
    "ragged_one_field": (
        "cat;dog;label\n1,2,0\n",
        r"^line 2 has 1 field but the header has 3$",
    ),
    "ragged_after_blank_lines": (
        "cat,dog,label\n\n\n1,2\n",
        r"^line 4 has 2 fields but the header has 3$",
    ),
    "not_a_number": (
        "cat,dog,猪八戒,label\n1,2,3,0\n1,2,3,0\n1,2,3,0\n1,2,abc,0\n",
        r"^line 5, column 3 \('猪八戒'\): 'abc' is not a number$",
    ),
    "excel_error_cell": (
        "cat,dog,label\n1,#DIV/0!,0\n",
        r"^line 2, column 2 \('dog'\): '#DIV/0!' is not a number$",
    ),
    "empty_cell": (
        "cat,dog,label\n1,2,0\n1, ,0\n",
        r"^line 3, column 2 \('dog'\): the cell is empty; enter a number$",
    ),
    "comma_in_comma_file": (
        'cat,dog,label\n1,"2,5",0\n',
        r"^line 2, column 2 \('dog'\): '2,5' is not a number$",
    ),
    "bad_decimal_comma": (
        "cat;dog;label\n1,234.5;2;0\n",
        r"^line 2, column 1 \('cat'\): '1,234.5' is not a number$",
    ),
    "long_cell_is_shortened": (
        "cat,dog,label\n1," + "x" * 100 + ",0\n",
        r"^line 2, column 2 \('dog'\): 'x{29}…' is not a number$",
    ),
    "nan": ("cat,dog,label\n1,2,0\nnan,2,0\n", r"^line 3, column 1 \('cat'\): 'nan' is not a f"),
    "inf": ("cat,dog,label\n1,-inf,0\n", r"^line 2, column 2 \('dog'\): '-inf' is not a finite"),
    "overflow": ("cat,dog,label\n1,1e400,0\n", r"^line 2, column 2 \('dog'\): '1e400' is not a f"),
    "label_not_whole": (
        "cat,dog,label\n1,2,0\n1,2,0.5\n",
        r"^line 3, label column 3 \('label'\): label 0.5 is not a whole number; labels are class "
        r"numbers 0..1",
    ),
    "label_out_of_range": (
        "cat,dog,pig,label\n1,2,3,0\n1,2,3,0\n1,2,3,0\n1,2,3,3\n",
        r"^line 5, label column 4 \('label'\): label 3 is out of range for 3 classes \(0..2\); "
        r"labels count from 0, as in PyTorch$",
    ),
    "label_negative": (
        "label,cat,dog\n-1,1,2\n",
        r"^line 2, label column 1 \('label'\): label -1 is out of range for 2 classes \(0..1\)",
    ),
    "label_huge": ("cat,dog,label\n1,2,1e20\n", r"label 100000000000000000000 is out of range"),
    "label_nan": (
        "cat,dog,label\n1,2,NaN\n",
        r"^line 2, label column 3 \('label'\): 'NaN' is not a finite number$",
    ),
    "label_unknown_name": (
        "cat,dog,label\n1,2,pig\n",
        r"^line 2, label column 3 \('label'\): 'pig' is not a number or a class name; labels "
        r"are class numbers 0..1 or names 'cat', 'dog'$",
    ),
    "label_empty": (
        "cat,dog,label\n1,2,0\n1,2,\n",
        r"^line 3, label column 3 \('label'\): the cell is empty",
    ),
    "soft_target_outside_unit_interval": (
        "cat,dog,p_cat,p_dog\n1,2,0.5,0.5\n1,2,-0.5,1.5\n",
        r"^line 3, column 3 \('p_cat'\): -0.5 is outside \[0, 1\]$",
    ),
    "soft_target_not_a_number": (
        "cat,dog,p_cat,p_dog\n1,2,0.5,half\n",
        r"^line 2, column 4 \('p_dog'\): 'half' is not a number$",
    ),
    "soft_target_names_do_not_match": (
        "cat,dog,p_dog,p_cat\n1,2,0.5,0.5\n",
        r"^line 1, column 3 \('p_dog'\): the target column of class 'cat' must be named 'p_cat'",
    ),
    "duplicate_class": (
        "cat,dog,cat,label\n1,2,3,0\n",
        r"^line 1: columns 1 and 3 are both named 'cat'; every class needs its own name$",
    ),
    "duplicate_after_prefix": (
        "logit_cat,logit cat,label\n1,2,0\n",
        r"^line 1: columns 1 and 2 are both named 'cat'",
    ),
    "duplicate_label_column": (
        "cat,label,dog,Label\n1,0,2,0\n",
        r"^line 1: columns 2 and 4 are both named 'label'; only one can be the label column$",
    ),
    "empty_header": (
        "cat,,dog,label\n1,2,3,0\n",
        r"^line 1, column 2: the header is empty; name every column",
    ),
    "pandas_index_column": (
        ",cat,dog,label\n0,1,2,0\n",
        r"^line 1, column 1: the header is empty.*index=False",
    ),
    "long_class_name": (
        "cat," + "狗" * 41 + ",label\n1,2,0\n",
        r"^line 1, column 2: the class name '狗{19}…' is longer than 40 characters; shorten it$",
    ),
    "no_header": (
        "1.3,1.3,2.6,2\n0.1,2,-1,0\n",
        r"^line 1 holds numbers, not column names: the first line must be a header",
    ),
    "not_utf8_or_gbk": (
        b"cat,dog,label\n1,2,0\n\xff\xff,2,0\n",
        r"^line 3: byte 0xFF is not UTF-8 or GBK text: save the file as 'CSV UTF-8'",
    ),
    "xlsx": (b"PK\x03\x04\x14\x00\x06\x00", r"^the file is an Excel workbook or another archive"),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"^the file is an Excel workbook"),
    "bad_utf16": (b"\xff\xfea\x00b", r"^the file starts like UTF-16 text but byte 5 is not valid"),
    "nul": ("cat,dog,label\n1,2,0\n1\x00,2,0\n", r"^line 3 holds a NUL character"),
    "field_too_long": (
        'cat,dog,label\n1,2,0\n1,"' + "9" * 200_000 + '",0\n',
        r"^line 3: the line is not valid CSV \(field larger than field limit",
    ),
}


@pytest.mark.parametrize(("data", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_errors(data, message):
    with pytest.raises(InputError, match=message):
        read_batch_csv(data)


def test_label_column_argument_not_in_header():
    with pytest.raises(
        InputError,
        match=r"^label column 'truth' is not in the header \(line 1\); its columns are 'cat', "
        r"'dog', 'label'$",
    ):
        read_batch_csv("cat,dog,label\n1,2,0\n", label_column="truth")


def test_error_lines_count_from_the_header_line_in_crlf_files():
    text = "cat,dog,label\r\n1,2,0\r\n1,2,0\r\n1,x,0\r\n"
    with pytest.raises(InputError, match=r"^line 4, column 2 \('dog'\)"):
        read_batch_csv(text.encode("utf-8-sig"))


def test_error_names_the_raw_header():
    with pytest.raises(InputError, match=r"^line 2, column 2 \('logit_dog'\): 'x' is not a number"):
        read_batch_csv("logit_cat,logit_dog,label\n1,x,0\n")


def test_label_count_hint_for_labels_counted_from_one():
    with pytest.raises(InputError, match=r"label 3 is out of range .* count from 0"):
        read_batch_csv("cat,dog,pig,label\n1,2,3,1\n1,2,3,3\n")


def test_too_many_bytes():
    data = b" " * int(31.2 * 1024 * 1024)
    with pytest.raises(InputError, match=r"^the file is 31.2 MB; at most 25 MB can be uploaded$"):
        read_batch_csv(data)
    with pytest.raises(InputError, match=r"^the file is 25.1 MB; at most 25 MB"):
        read_batch_csv(b" " * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(InputError, match=r"^the file is 25.1 MB"):
        read_batch_csv("猪" * (MAX_UPLOAD_BYTES // 3 + 1))  # 3 bytes each in UTF-8


def test_too_many_logits():
    row = ",".join(["0"] * 100) + ",0\n"
    text = ",".join(f"c{i}" for i in range(100)) + ",label\n" + row * 12_000 + "\n\n"
    with pytest.raises(
        InputError, match=r"^the file has 1,200,000 logits; at most 1,000,000 can be uploaded$"
    ):
        read_batch_csv(text)


def test_exactly_max_values_logits_is_allowed():
    row = ",".join(["0"] * 100) + ",1\n"
    text = ",".join(f"c{i}" for i in range(100)) + ",label\n" + row * (MAX_VALUES // 100)
    assert read_batch_csv(text).logits.shape == (10_000, 100)


@pytest.mark.parametrize("data", [None, 3, ["cat,dog,label"]])
def test_data_must_be_bytes_or_text(data):
    with pytest.raises(InputError, match=r"^the file must be bytes or text; got"):
        read_batch_csv(data)


def test_label_column_must_be_text():
    with pytest.raises(InputError, match=r"^label_column must be a column name; got int"):
        read_batch_csv(SEED_CSV, label_column=3)


# --- fuzzing --------------------------------------------------------------------------------------


def _read_or_input_error(data):
    try:
        batch = read_batch_csv(data)
    except InputError as error:
        assert str(error)
        return None
    assert isinstance(batch, Batch)
    assert np.isfinite(batch.logits).all()
    return batch


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_batch_or_an_input_error(data):
    _read_or_input_error(data)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=120),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
)
def test_any_text_gives_a_batch_or_an_input_error(text, encoding):
    _read_or_input_error(text)
    _read_or_input_error(text.encode(encoding, "surrogatepass"))


_CELL = st.one_of(
    st.sampled_from(["1", "-2.5", "0", "nan", "inf", "", " ", "x", "1e400", "2,5", "猪", '"'])
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["cat", "dog", "label", "p_cat", "p_dog", "y", "", "1", "猪八戒"])),
    st.lists(st.lists(_CELL, max_size=6), max_size=5),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_csv_shaped_input_gives_a_batch_or_an_input_error(header, rows, delimiter, newline):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    _read_or_input_error(newline.join(lines))


# --- round trips ----------------------------------------------------------------------------------

_NAME_CHARACTERS = st.one_of(
    st.characters(codec="utf-8", exclude_characters="\x00"),
    st.sampled_from("猪八戒猫狗,;\t\"' \n\r=+-@"),
)


def _name_round_trips(name: str) -> bool:
    return bool(name) and name == name.strip() and name.casefold() != "label"


_NAMES = st.text(_NAME_CHARACTERS, min_size=1, max_size=40).filter(_name_round_trips)
_FINITE = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def _batches(draw):
    n = draw(st.integers(1, 5))
    c = draw(st.integers(2, 5))
    names = draw(st.lists(_NAMES, min_size=c, max_size=c, unique=True))
    logits = np.array(draw(st.lists(_FINITE, min_size=n * c, max_size=n * c))).reshape(n, c)
    if draw(st.booleans()):
        unit = st.floats(0, 1)
        target = np.array(draw(st.lists(unit, min_size=n * c, max_size=n * c))).reshape(n, c)
    else:
        target = np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    return Batch(logits, target, tuple(names))


@settings(max_examples=300, deadline=None)
@given(_batches())
def test_batch_round_trip(batch):
    text = batch_to_csv(batch)
    _assert_same_batch(read_batch_csv(text), batch)
    for encoding in ("utf-8", "utf-8-sig"):
        _assert_same_batch(read_batch_csv(text.encode(encoding)), batch)


@settings(max_examples=100, deadline=None)
@given(_batches())
def test_batch_round_trip_through_excel_style_bytes(batch):
    """What Excel saves again: CRLF line ends and a UTF-8 byte order mark."""
    out = io.StringIO()
    rows = csv.reader(io.StringIO(batch_to_csv(batch), newline=""))
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    _assert_same_batch(read_batch_csv(out.getvalue().encode("utf-8-sig")), batch)


def test_round_trip_of_seed_batch_and_all_label_names():
    batch = Batch([[1.3, 1.3, 2.6], [0.1, 2.0, -1.0]], [2, 0], ("y", "class", "target"))
    text = batch_to_csv(batch)
    assert text == "y,class,target,label\n1.3,1.3,2.6,2\n0.1,2.0,-1.0,0\n"
    _assert_same_batch(read_batch_csv(text), batch)


def test_round_trip_of_default_names_and_awkward_floats():
    logits = [[0.1 + 0.2, -0.0, 5e-324], [1 / 3, 1e300, -1e-300]]
    batch = Batch(logits, [1, 2], ())
    assert batch.class_names == ("class 0", "class 1", "class 2")
    _assert_same_batch(read_batch_csv(batch_to_csv(batch)), batch)


def test_batch_to_csv_quotes_names_with_commas_and_quotes():
    batch = Batch([[1.0, 2.0]], [1], ("a,b", 'say "hi"'))
    text = batch_to_csv(batch)
    assert text.splitlines()[0] == '"a,b","say ""hi""",label'
    _assert_same_batch(read_batch_csv(text), batch)


def test_batch_to_csv_guards_formula_names_and_reads_them_back():
    """A spreadsheet must show a class name as text, and the file must still read back exactly
    (the batch download used to write ``=SUM(A1)`` as it is, a formula in Excel)."""
    batch = Batch([[1.0, 2.0]], [1], ("=SUM(A1)", "@dog"))
    assert batch_to_csv(batch).splitlines()[0] == "'=SUM(A1),'@dog,label"
    _assert_same_batch(read_batch_csv(batch_to_csv(batch)), batch)


def test_batch_to_csv_drops_weights():
    batch = Batch([[1.0, 2.0]], [1], ("cat", "dog"), weight=[1.0, 2.0])
    assert read_batch_csv(batch_to_csv(batch)).weight is None


# --- results_to_csv -------------------------------------------------------------------------------


def _results_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_results_to_csv_labels():
    batch = Batch(TWO_ROWS, [2, 0], SEED_NAMES)
    probs = np.array([[0.2, 0.2, 0.6], [0.1, 0.8, 0.1]])
    grad = np.array([[0.1, 0.1, -0.2], [-0.45, 0.4, 0.05]])
    rows = _results_rows(results_to_csv(batch, probs, np.array([0.5, 2.25]), grad))
    assert rows[0] == [
        "sample", "label", "cat", "dog", "猪八戒", "p_cat", "p_dog", "p_猪八戒",
        "grad_cat", "grad_dog", "grad_猪八戒", "loss",
    ]  # fmt: skip
    assert ",".join(rows[1]) == "1,2,1.3,1.3,2.6,0.2,0.2,0.6,0.1,0.1,-0.2,0.5"
    assert rows[2][:2] == ["2", "0"]
    assert rows[2][-1] == "2.25"
    assert len(rows) == 3


def test_results_to_csv_soft_targets():
    batch = Batch([[1.0, 2.0]], [[0.25, 0.75]], ("cat", "dog"))
    rows = _results_rows(results_to_csv(batch, [[0.3, 0.7]], [0.6], [[-0.05, 0.05]]))
    assert rows[0] == [
        "sample", "target_cat", "target_dog", "cat", "dog", "p_cat", "p_dog",
        "grad_cat", "grad_dog", "loss",
    ]  # fmt: skip
    assert rows[1] == ["1", "0.25", "0.75", "1.0", "2.0", "0.3", "0.7", "-0.05", "0.05", "0.6"]


def test_results_to_csv_values_round_trip_exactly(rng):
    logits = rng.normal(size=(4, 3))
    batch = Batch(logits, [0, 1, 2, 1], ("a", "b", "c"))
    probs = rng.random((4, 3))
    grad = rng.normal(size=(4, 3))
    per_sample = rng.random(4)
    rows = _results_rows(results_to_csv(batch, probs, per_sample, grad))
    table = np.array(rows[1:], dtype=np.float64)
    assert table[:, 0].tolist() == [1, 2, 3, 4]
    assert table[:, 2:5].tobytes() == logits.tobytes()
    assert table[:, 5:8].tobytes() == probs.tobytes()
    assert table[:, 8:11].tobytes() == grad.tobytes()
    assert table[:, 11].tobytes() == per_sample.tobytes()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_results_to_csv_guards_formula_headers(start):
    batch = Batch([[1.0, 2.0]], [1], (f"{start}cmd", "dog"))
    header = _results_rows(results_to_csv(batch, [[0.3, 0.7]], [0.3], [[0.3, -0.3]]))[0]
    assert header[2] == f"'{start}cmd"
    assert f"p_{start}cmd" in header  # starts with 'p': a spreadsheet shows it as text
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for cell in header)


@pytest.mark.parametrize(
    ("probs", "per_sample", "grad", "message"),
    [
        ([[0.5, 0.5, 0.0]], [0.1], [[0.1, -0.1]], r"^probs has shape \(1, 3\) but the batch needs"),
        ([[0.5, 0.5]], [0.1, 0.2], [[0.1, -0.1]], r"^per_sample has shape \(2,\) but the batch"),
        ([[0.5, 0.5]], 0.1, [[0.1, -0.1]], r"^per_sample has shape \(\) but"),
        ([[0.5, 0.5]], [0.1], [0.1, -0.1], r"^grad has shape \(2,\) but the batch needs \(1, 2\)$"),
        ([["a", 0.5]], [0.1], [[0.1, -0.1]], r"^probs must be an array of numbers$"),
    ],
)  # fmt: skip
def test_results_to_csv_errors(probs, per_sample, grad, message):
    batch = Batch([[1.0, 2.0]], [1], ("cat", "dog"))
    with pytest.raises(InputError, match=message):
        results_to_csv(batch, probs, per_sample, grad)


# --- formulas in names, encodings, ignored samples, the class cap ---------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ('=HYPERLINK("http://x.example","a")', "+1", "-x", "@SUM(1)"),
        ("'quoted", "''", "'=x"),
    ],
)
@pytest.mark.parametrize("soft", [False, True])
def test_guarded_names_read_back_exactly(names, soft):
    c = len(names)
    target = np.full((1, c), 1 / c) if soft else [0]
    batch = Batch(np.arange(c, dtype=float)[None, :], target, names)
    text = batch_to_csv(batch)
    for cell in next(csv.reader(io.StringIO(text)))[:c]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    _assert_same_batch(read_batch_csv(text), batch)


def test_formula_names_in_the_results_csv_stay_guarded():
    batch = Batch([[1.0, 2.0]], [1], ("=cmd", "'x"))
    header = results_to_csv(batch, [[0.5, 0.5]], [0.7], [[0.5, -0.5]]).splitlines()[0]
    assert header.split(",")[2:4] == ["'=cmd", "''x"]


@pytest.mark.parametrize(
    ("text", "encoding", "names"),
    [
        ("Ångström,naïve,label\n1,2,0\n", "cp1252", ("Ångström", "naïve")),
        ("café,crème,“q”,label\n1.5,2,3,0\n", "cp1252", ("café", "crème", "“q”")),
        ("Größe,Übel,label\r\n1,2,0\r\n", "cp1252", ("Größe", "Übel")),
        ("猫,狗,猪八戒,label\r\n1.3,1.3,2.6,2\r\n", "gb18030", ("猫", "狗", "猪八戒")),
        ("苹果,香蕉,橙子,label\r\n1,2,3,0\r\n", "gb18030", ("苹果", "香蕉", "橙子")),
    ],
)
def test_legacy_encodings_are_detected_and_named(text, encoding, names):
    """A Latin-1 file was read as GBK (``Ångström`` became mojibake) with no word."""
    data = text.encode("cp1252" if encoding == "cp1252" else "gbk")
    batch, used = read_batch_csv_upload(data)
    assert batch.class_names == names
    assert used == encoding
    assert decode_csv(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SEED_CSV.encode(), "utf-8"),
        (SEED_CSV.encode("utf-8-sig"), "utf-8"),
        ("\ufeff".encode("utf-16-le") + SEED_CSV.replace(",", "\t").encode("utf-16-le"), "utf-16"),
        (SEED_CSV, "utf-8"),
    ],
)
def test_unicode_files_say_so(data, encoding):
    batch, used = read_batch_csv_upload(data)
    assert batch.class_names == SEED_NAMES
    assert used == encoding


def test_ignored_label_is_read_and_written_back():
    """-100, the padding marker, was refused as out of range."""
    batch = read_batch_csv("cat,dog,label\n1,2,0\n3,4,-100\n5,6,-100.0\n")
    assert batch.target.tolist() == [0, -100, -100]
    _assert_same_batch(read_batch_csv(batch_to_csv(batch)), batch)
    with pytest.raises(InputError, match="label -1 is out of range for 2 classes"):
        read_batch_csv("cat,dog,label\n1,2,-1\n")


def test_more_classes_than_the_cap_are_refused_with_the_cap():
    header = ",".join(f"c{i}" for i in range(1_001)) + ",label\n"
    row = ",".join("0" for _ in range(1_001)) + ",0\n"
    with pytest.raises(InputError, match="1,001 classes; at most 1,000 classes"):
        read_batch_csv(header + row)
