"""Tests for lossviz.inputs.parsing: every accepted way of typing a table or labels, every error
message, fuzzing with arbitrary text, and format/parse round trips."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossviz.errors import InputError
from lossviz.inputs.parsing import format_labels, format_matrix, parse_labels, parse_matrix

SEED = [[1.3, 1.3, 2.6]]
TWO_ROWS = [[1.3, 1.3, 2.6], [0.1, 2.0, -1.0]]

# --- parse_matrix: accepted formats ---------------------------------------------------------

MATRIX_FORMATS = {
    "commas": ("1.3, 1.3, 2.6", SEED),
    "commas_no_spaces": ("1.3,1.3,2.6", SEED),
    "spaces": ("1.3 1.3 2.6", SEED),
    "tabs": ("1.3\t1.3\t2.6", SEED),
    "commas_and_spaces_mixed": ("1.3, 1.3 2.6", SEED),
    "surrounding_whitespace": ("  \n 1.3, 1.3, 2.6  \n\n", SEED),
    "trailing_comma": ("1.3, 1.3, 2.6,", SEED),
    "lines": ("1.3, 1.3, 2.6\n0.1, 2, -1", TWO_ROWS),
    "windows_line_ends": ("1.3, 1.3, 2.6\r\n0.1, 2, -1\r\n", TWO_ROWS),
    "blank_lines": ("\n1.3 1.3 2.6\n\n\n0.1 2 -1\n", TWO_ROWS),
    "semicolons": ("1.3, 1.3, 2.6; 0.1, 2, -1", TWO_ROWS),
    "trailing_semicolon": ("1.3 1.3 2.6; 0.1 2 -1;", TWO_ROWS),
    "trailing_separators_each_row": ("1.3, 1.3, 2.6,\n0.1, 2, -1,\n", TWO_ROWS),
    "python_list_one_row": ("[1.3, 1.3, 2.6]", SEED),
    "python_list_of_lists": ("[[1.3, 1.3, 2.6], [0.1, 2, -1]]", TWO_ROWS),
    "python_list_trailing_commas": ("[[1.3, 1.3, 2.6,], [0.1, 2, -1,],]", TWO_ROWS),
    "one_list_per_line": ("[1.3, 1.3, 2.6]\n[0.1, 2, -1]", TWO_ROWS),
    "lists_with_commas_between": ("[1.3, 1.3, 2.6], [0.1, 2, -1]", TWO_ROWS),
    "matlab_style": ("[1.3 1.3 2.6; 0.1 2 -1]", TWO_ROWS),
    "numpy_str": ("[[ 1.3  1.3  2.6]\n [ 0.1  2.  -1. ]]", TWO_ROWS),
    "numpy_repr": ("array([[ 1.3,  1.3,  2.6],\n       [ 0.1,  2. , -1. ]])", TWO_ROWS),
    "numpy_repr_dtype": ("array([[1.3, 1.3, 2.6]], dtype=float32)", SEED),
    "np_array_call": ("np.array([[1.3, 1.3, 2.6], [0.1, 2, -1]])", TWO_ROWS),
    "torch_print": (
        "tensor([[ 1.3000,  1.3000,  2.6000],\n        [ 0.1000,  2.0000, -1.0000]])",
        TWO_ROWS,
    ),
    "torch_print_keywords": (
        "tensor([[1.3000, 1.3000, 2.6000]], dtype=torch.float64, requires_grad=True)",
        SEED,
    ),
    "torch_print_grad_fn": ("tensor([[1.3, 1.3, 2.6]], grad_fn=<AddBackward0>)", SEED),
    "torch_print_device": ("tensor([[1.3, 1.3, 2.6]], device='cuda:0')", SEED),
    "torch_parameter": (
        "Parameter containing:\ntensor([[1.3000, 1.3000, 2.6000]], requires_grad=True)",
        SEED,
    ),
    "torch_code": ("logits = torch.tensor([[1.3, 1.3, 2.6]])", SEED),
    "torch_one_row": ("tensor([1.3000, 1.3000, 2.6000])", SEED),
    "torch_scalar": ("tensor(2.5000)", [[2.5]]),
    "torch_wrapped_row": ("tensor([[1.3, 1.3,\n         2.6]])", SEED),
    "scientific": ("1e4, -2.5E-3, 3.0e+02, .5, 5., +1", [[1e4, -2.5e-3, 300.0, 0.5, 5.0, 1.0]]),
    "torch_scientific": ("tensor([[1.0000e+04, 1.3000e+00, 2.6000e+00]])", [[1e4, 1.3, 2.6]]),
    "unicode_minus": ("\u22121, 2, \u22122.5e\u22121", [[-1.0, 2.0, -0.25]]),
    "full_width_separators": ("1.3，1.3，2.6；0.1，2，-1", TWO_ROWS),
    "enumeration_comma": ("1.3、1.3、2.6", SEED),
    "full_width_digits_and_brackets": ("［１．３，　１．３，　２．６］", SEED),
    "single_value": ("7", [[7.0]]),
    "one_column": ("1\n2\n3", [[1.0], [2.0], [3.0]]),
    "underflow_to_zero": ("1e-400", [[0.0]]),
    "largest_float": ("1.7976931348623157e308", [[1.7976931348623157e308]]),
}


@pytest.mark.parametrize("text, expected", MATRIX_FORMATS.values(), ids=MATRIX_FORMATS.keys())
def test_parse_matrix_formats(text, expected):
    array = parse_matrix(text)
    assert array.dtype == np.float64
    assert array.ndim == 2
    np.testing.assert_array_equal(array, np.array(expected, dtype=np.float64))


@pytest.mark.parametrize("seed", range(3))
def test_parse_matrix_reads_real_printouts(seed):
    x = np.random.default_rng(seed).normal(size=(4, 7))
    np.testing.assert_allclose(parse_matrix(repr(x)), x, atol=1e-8)
    np.testing.assert_allclose(parse_matrix(str(x)), x, atol=1e-8)
    t = torch.tensor(x)
    np.testing.assert_allclose(parse_matrix(str(t)), x, atol=1e-4)
    np.testing.assert_allclose(parse_matrix(str(t.requires_grad_(True) * 1)), x, atol=1e-4)


def test_parse_matrix_reads_wrapped_long_rows():
    x = np.random.default_rng(0).normal(size=(2, 40))
    assert "\n" in np.array2string(x[0])  # NumPy and PyTorch wrap long rows
    np.testing.assert_allclose(parse_matrix(repr(x)), x, atol=1e-8)
    np.testing.assert_allclose(parse_matrix(str(torch.tensor(x))), x, atol=1e-4)


# --- parse_matrix: errors ---------------------------------------------------------------------

#: Text parse_matrix refuses, and the message it gives (test_parse_errors runs them).
MATRIX_ERRORS = {
    "not_a_number": ("1 2 3\n4 5 6\n7 abc 9", r"^logits, row 3, column 2: 'abc' is not a number$"),
    "nan": ("1, 2\nnan, 3", r"^logits, row 2, column 1: 'nan' is not a finite number$"),
    "inf": ("1, -inf", r"^logits, row 1, column 2: '-inf' is not a finite number$"),
    "infinity": ("Infinity 1", r"row 1, column 1: 'Infinity' is not a finite number$"),
    "overflow": ("1e400", r"row 1, column 1: '1e400' is not a finite number \(too large"),
    "ragged": ("1, 2, 3\n4, 5", r"^logits: row 2 has 2 values but row 1 has 3$"),
    "ragged_one_value": ("1 2\n3 4\n5", r"^logits: row 3 has 1 value but row 1 has 2$"),
    "ragged_lists": ("[[1, 2, 3], [4, 5]]", r"row 2 has 2 values but row 1 has 3"),
    "empty": ("", r"^logits is empty: enter one row of numbers per sample"),
    "only_whitespace": (" \n\t\n ", r"logits is empty"),
    "only_separators": ("; ;\n;", r"logits is empty"),
    "empty_list": ("[]", r"logits is empty"),
    "empty_torch": ("tensor([], size=(0, 3))", r"logits is empty"),
    "missing_value": ("1,,2", r"^logits, row 1, column 2: a value is missing between two commas$"),
    "leading_comma": ("1 2\n, 3", r"^logits, row 2, column 1: a value is missing before the first"),
    "unclosed_bracket": ("[[1, 2], [3, 4]", r"^logits: a '\[' is never closed"),
    "unmatched_bracket": ("1, 2]", r"^logits: a '\]' has no matching '\['$"),
    "too_deep": ("[[[1, 2]]]", r"^logits: the brackets are nested 3 deep"),
    "value_outside_rows": ("[[1, 2], 3]", r"^logits: '3' is outside the brackets of the rows"),
    "decimal_comma_word": ("1.2.3", r"row 1, column 1: '1.2.3' is not a number"),
    "hex": ("0x10", r"'0x10' is not a number"),
    "underscore_digits": ("1_000", r"'1_000' is not a number"),
    "lone_minus": ("1 - 2", r"row 1, column 2: '-' is not a number"),
    "control_character": ("1\x00 2", r"row 1, column 1: '1\\x00' is not a number"),
    "arabic_digits": ("\u0663", r"is not a number"),
    "shortened_printout": (
        "tensor([[1.0, 2.0, ..., 9.0]])",
        r"^logits, row 1, column 3: '\.\.\.' stands for values the printout left out",
    ),
    "long_word_shortened": ("x" * 500, r"'x{29}…' is not a number$"),
    "blank_lines_not_counted": ("1 2\n\n\n3 x", r"row 2, column 2: 'x' is not a number"),
}


def test_parse_matrix_names_the_table():
    with pytest.raises(InputError, match=r"^probs, row 1, column 2: 'p' is not a number$"):
        parse_matrix("0.5 p", name="probs")


def test_parse_matrix_max_values():
    assert parse_matrix("1 2\n3 4", max_values=4).shape == (2, 2)
    with pytest.raises(InputError, match=r"^logits has more than 4 values; enter at most 4$"):
        parse_matrix("1 2\n3 4\n5 6", max_values=4)
    with pytest.raises(InputError, match=r"more than 1,000,000 values"):
        parse_matrix("0 " * 1_000_001)


@pytest.mark.parametrize("max_values", [0, -1, 2.5, True, "10"])
def test_parse_matrix_bad_max_values(max_values):
    with pytest.raises(InputError, match=r"^max_values must be"):
        parse_matrix("1 2", max_values=max_values)


@pytest.mark.parametrize("text", [None, 1.3, [1.3, 2.6], b"1 2"])
def test_parse_matrix_needs_text(text):
    with pytest.raises(InputError, match=r"^logits must be text; got "):
        parse_matrix(text)


# --- parse_labels -------------------------------------------------------------------------------

LABEL_FORMATS = {
    "commas": ("2, 0, 1", [2, 0, 1]),
    "spaces": ("2 0 1", [2, 0, 1]),
    "newlines": ("2\n0\n1\n", [2, 0, 1]),
    "semicolons": ("2; 0; 1;", [2, 0, 1]),
    "mixed": ("2, 0\n1;3 4", [2, 0, 1, 3, 4]),
    "trailing_comma": ("2, 0, 1,", [2, 0, 1]),
    "python_list": ("[2, 0, 1]", [2, 0, 1]),
    "torch_print": ("tensor([2, 0, 1])", [2, 0, 1]),
    "torch_keywords": ("tensor([2, 0, 1], device='cuda:0')", [2, 0, 1]),
    "numpy_repr": ("array([2, 0, 1])", [2, 0, 1]),
    "numpy_str": ("[2 0 1]", [2, 0, 1]),
    "whole_floats": ("2.0, 0., 1e2", [2, 0, 100]),
    "negative": ("-100, 1, -1", [-100, 1, -1]),
    "unicode_minus": ("\u2212100 1", [-100, 1]),
    "full_width": ("２，０；１", [2, 0, 1]),
    "plus_and_zeros": ("+2 007", [2, 7]),
    "int64_limits": (
        "9223372036854775807 -9223372036854775808",
        [2**63 - 1, -(2**63)],
    ),
    "one": ("3", [3]),
}


@pytest.mark.parametrize("text, expected", LABEL_FORMATS.values(), ids=LABEL_FORMATS.keys())
def test_parse_labels_formats(text, expected):
    labels = parse_labels(text)
    assert labels.dtype == np.int64
    assert labels.ndim == 1
    assert labels.tolist() == expected


LABEL_ERRORS = {
    "fraction": ("2, 1.5", r"^labels, position 2: '1\.5' is not a whole number$"),
    "word": ("2 0 cat", r"^labels, position 3: 'cat' is not a number$"),
    "nan": ("nan", r"^labels, position 1: 'nan' is not a finite number$"),
    "inf": ("1 inf", r"^labels, position 2: 'inf' is not a finite number$"),
    "too_large": ("9223372036854775808", r"^labels, position 1: '9223372036854775808' is too"),
    "too_large_float": ("1e30", r"'1e30' is too large for a class label$"),
    "overflow": ("1e400", r"'1e400' is too large for a class label$"),
    "many_digits": ("9" * 5000, r"is too large for a class label$"),
    "empty": ("", r"^labels is empty: enter one class label per sample"),
    "empty_list": ("tensor([])", r"^labels is empty"),
    "missing_value": ("2,,1", r"^labels, position 2: a value is missing between two commas$"),
    "leading_comma": (", 2", r"^labels, position 1: a value is missing before the first comma$"),
    "nested": ("[[2], [0]]", r"^labels: the brackets are nested 2 deep"),
    "unclosed": ("[2, 0", r"^labels: a '\[' is never closed"),
    "unmatched": ("2, 0]", r"^labels: a '\]' has no matching '\['$"),
    "shortened_printout": ("tensor([2, 0, ..., 1])", r"position 3: '\.\.\.' stands for values"),
}


PARSE_ERRORS = {
    **{f"matrix-{name}": (parse_matrix, *case) for name, case in MATRIX_ERRORS.items()},
    **{f"labels-{name}": (parse_labels, *case) for name, case in LABEL_ERRORS.items()},
}


@pytest.mark.parametrize("parse, text, match", PARSE_ERRORS.values(), ids=PARSE_ERRORS.keys())
def test_parse_errors(parse, text, match):
    with pytest.raises(InputError, match=match):
        parse(text)


def test_parse_labels_does_not_check_class_range():
    assert parse_labels("5, -7, 1000").tolist() == [5, -7, 1000]


def test_parse_labels_name_and_max_values():
    with pytest.raises(InputError, match=r"^target, position 1: 'x' is not a number$"):
        parse_labels("x", name="target")
    with pytest.raises(InputError, match=r"^labels has more than 2 values; enter at most 2$"):
        parse_labels("1 2 3", max_values=2)
    with pytest.raises(InputError, match=r"^labels must be text"):
        parse_labels([2, 0, 1])


# --- format_matrix / format_labels --------------------------------------------------------------


def test_format_matrix_examples():
    assert format_matrix(TWO_ROWS) == "1.3, 1.3, 2.6\n0.1, 2, -1"
    assert format_matrix([1.3, 1.3, 2.6]) == "1.3, 1.3, 2.6"
    assert format_matrix(torch.tensor(SEED, dtype=torch.float64)) == "1.3, 1.3, 2.6"
    assert format_matrix([[1 / 3, -2 / 3]]) == "0.333333, -0.666667"
    assert (
        format_matrix([[1 / 3, -2 / 3]], digits=None) == "0.3333333333333333, -0.6666666666666666"
    )
    assert format_matrix([[1e-7, 1.5e20, -0.0, 123456789.0]]) == "1e-07, 1.5e+20, -0, 123457000"
    assert format_matrix([[1.7976931348623157e308]], digits=1) == "1.7976931348623157e+308"


@pytest.mark.parametrize(
    "array, digits, match",
    [
        ([[1.0, float("nan")]], 6, r"row 1, column 2: the value is NaN"),
        ([[float("inf")]], 6, r"the value is infinite"),
        (np.zeros((2, 2, 2)), 6, r"^matrix must be a row or a table; got shape \(2, 2, 2\)"),
        (5.0, 6, r"^matrix must be a row or a table; got shape \(\)"),
        ([], 6, r"^matrix is empty"),
        ([[1, 2], [3]], 6, r"ragged rows"),
        ([[1.0]], 0, r"^digits must be a whole number >= 1 or None; got 0$"),
        ([[1.0]], 2.5, r"^digits must be a whole number"),
        ([[1.0]], True, r"^digits must be a whole number"),
    ],
)
def test_format_matrix_errors(array, digits, match):
    with pytest.raises(InputError, match=match):
        format_matrix(array, digits=digits)


def test_format_labels_examples():
    assert format_labels([2, 0, 1]) == "2, 0, 1"
    assert format_labels(np.array([2.0, -100.0])) == "2, -100"
    assert format_labels(torch.tensor([2, 0, 1])) == "2, 0, 1"
    assert (
        format_labels(np.array([2**63 - 1, -(2**63)]))
        == "9223372036854775807, -9223372036854775808"
    )


@pytest.mark.parametrize(
    "array, match",
    [
        ([2, 1.5], r"^labels, row 2: 1\.5 is not a whole number$"),
        ([[2, 0]], r"^labels must be one label per sample; got shape \(1, 2\)$"),
        ([], r"^labels is empty"),
        (np.array([], dtype=np.int64), r"^labels is empty"),
        ([2, float("nan")], r"the value is NaN"),
        ([1e30], r"too large for a class label"),
        ([[2], [0, 1]], r"ragged rows"),
    ],
)
def test_format_labels_errors(array, match):
    with pytest.raises(InputError, match=match):
        format_labels(array)


# --- properties ---------------------------------------------------------------------------------

# Text that is close to valid input, to reach deep into the parser; plus any text at all.
NEAR_VALID = st.lists(
    st.sampled_from(
        [
            *"0123456789.,;[]() \t\n\r-+eE",
            *("nan", "inf", "1e400", "tensor(", "array(", "dtype=", "..."),
            *("\u2212", "，", "；", "、", "１", "\u3000", "\x00", "\u2028", "\x1c"),
        ]
    ),
    max_size=200,
).map("".join)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(max_size=5000),
    NEAR_VALID,
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(1, 3000)),
)


@pytest.mark.parametrize(
    ("parse", "dtype", "ndim"), [(parse_matrix, np.float64, 2), (parse_labels, np.int64, 1)]
)
@settings(max_examples=500, deadline=None)
@given(text=ANY_TEXT)
def test_any_text_gives_an_array_or_an_input_error(parse, dtype, ndim, text):
    """A table of finite floats or a vector of int64 labels, never empty, or an InputError."""
    try:
        array = parse(text)
    except InputError:
        return
    assert isinstance(array, np.ndarray)
    assert array.dtype == dtype
    assert array.ndim == ndim and array.size > 0
    assert np.isfinite(array).all()


FINITE_MATRICES = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
    elements=st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(FINITE_MATRICES)
def test_format_then_parse_is_exact_with_all_digits(x):
    y = parse_matrix(format_matrix(x, digits=None))
    assert y.shape == x.shape
    np.testing.assert_array_equal(y, x)
    assert (np.signbit(y) == np.signbit(x)).all()


@settings(max_examples=300, deadline=None)
@given(FINITE_MATRICES, st.integers(1, 17))
def test_format_then_parse_keeps_the_given_significant_digits(x, digits):
    y = parse_matrix(format_matrix(x, digits=digits))
    assert y.shape == x.shape
    # Half a unit in the last decimal digit kept, plus the rounding of the parsed decimal to the
    # nearest float64 (at most half an ulp; one here): with 16 digits the second is a fifth of
    # the first, and 1.0218117808534155e+181 came back 5.4e-16 away.
    rtol = 0.5 * 10.0 ** (1 - digits) + 2.0**-52
    np.testing.assert_allclose(y, x, rtol=rtol, atol=5e-324)


@settings(max_examples=200, deadline=None)
@given(
    FINITE_MATRICES,
    st.sampled_from([", ", ",", " ", "\t", "，", " , ", "、"]),
    st.sampled_from(["\n", ";", "；", "\r\n", "\n\n", " ; "]),
    st.booleans(),
)
def test_parse_reads_any_separators(x, value_separator, row_separator, brackets):
    rows = [value_separator.join(repr(float(v)) for v in row) for row in x]
    if brackets:
        text = "[" + ", ".join("[" + row + "]" for row in rows) + "]"
    else:
        text = row_separator.join(rows)
    np.testing.assert_array_equal(parse_matrix(text), x)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=50))
def test_format_then_parse_labels_is_exact(labels):
    array = np.array(labels, dtype=np.int64)
    np.testing.assert_array_equal(parse_labels(format_labels(array)), array)
    np.testing.assert_array_equal(parse_labels(str(torch.tensor(labels))), array)
