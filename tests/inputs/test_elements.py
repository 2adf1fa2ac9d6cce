"""Typed tokens and pixels: read into PyTorch's (N, C, d1, ...) layout, written back, and every
mistake named with its place."""

import numpy as np
import pytest

from lossviz.errors import InputError
from lossviz.i18n import translate_error
from lossviz.inputs.elements import (
    MAX_CLASSES,
    MAX_ELEMENTS,
    PRESETS,
    ElementBatch,
    format_elements,
    parse_elements,
    presets_of,
)


def test_tokens_are_read_as_n_c_t_with_the_classes_in_dimension_1():
    logits, labels, words = parse_elements(
        "a/0: 1 2 3 | b/1: 4 5 6\nc/2: 7 8 9 | <pad>/-100: 0 0 0", "tokens"
    )
    assert logits.shape == (2, 3, 2) and logits.dtype == np.float64
    np.testing.assert_array_equal(logits[0, :, 1], [4, 5, 6])
    np.testing.assert_array_equal(logits[1, :, 0], [7, 8, 9])
    assert labels.tolist() == [[0, 1], [2, -100]] and labels.dtype == np.int64
    assert words.tolist() == [["a", "b"], ["c", "<pad>"]]


def test_pixels_are_read_as_n_c_h_w_one_mask_per_block():
    text = "0: 1 2 | 1: 3 4\n1: 5 6 | 0: 7 8\n\n\n0: 0 1 | 0: 0 2\n255: 0 3 | 1: 0 4\n"
    logits, labels, words = parse_elements(text, "pixels")
    assert logits.shape == (2, 2, 2, 2)
    np.testing.assert_array_equal(logits[0, :, 1, 0], [5, 6])
    np.testing.assert_array_equal(logits[1, 1], [[1, 2], [3, 4]])
    assert labels.tolist() == [[[0, 1], [1, 0]], [[0, 0], [255, 1]]]
    assert words.shape == (2, 2, 2) and (words == "").all()


def test_words_are_optional_and_may_hold_slashes_and_colons():
    _, labels, words = parse_elements("2: 1 2 | 12:30/1: 3 4 | a/b/0: 5 6", "tokens")
    assert labels.tolist() == [[2, 1, 0]]
    assert words.tolist() == [["", "12:30", "a/b"]]


def test_what_people_type_is_read():
    """Commas or spaces, a trailing '|', blank lines, full-width forms, the minus sign."""
    logits, labels, _ = parse_elements(
        "\n  the/2: 1, 2,3 | cat/0:-1e-1 +2 .5 |\n\n我们／１：１，−２ ３ ｜ 跑/０： 1 2 3\n",
        "tokens",
    )
    assert labels.tolist() == [[2, 0], [1, 0]]
    np.testing.assert_allclose(logits[0, :, 1], [-0.1, 2, 0.5])
    np.testing.assert_allclose(logits[1, :, 0], [1, -2, 3])


@pytest.mark.parametrize(
    "text, kind, message",
    [
        ("", "tokens", "tokens is empty: enter one sequence per line"),
        ("  \n ", "pixels", "pixels is empty: enter one row of pixels per line"),
        ("a/0: 1 2 | 1 2 3", "tokens", "tokens, sequence 1, token 2: '1 2 3' has no ':'"),
        (
            "0: 1 2 | x: 1 2",
            "tokens",
            "tokens, sequence 1, token 2: label 'x' is not a whole number",
        ),
        ("0: 1 2 | 1.5: 1 2", "tokens", "label '1.5' is not a whole number"),
        ("0: 1 2\n1: 1 abc", "tokens", "tokens, sequence 2, token 1: 'abc' is not a number"),
        ("0: 1 inf", "tokens", "tokens, sequence 1, token 1: 'inf' is not a finite number"),
        ("0: 1 1e999", "tokens", "'1e999' is not a finite number"),
        ("0: 1 2 || 1: 1 2", "tokens", "token 2: an element is missing between two '|'"),
        ("0: | 1: 1 2", "tokens", "token 1: the logits after ':' are missing"),
        (": 1 2", "tokens", "token 1: the label before ':' is missing"),
        ("/0: 1 2", "tokens", "token 1: the word before '/' is missing"),
        ("cat/0: 1 2", "pixels", "pixels, image 1, row 1, column 1: 'cat/0': only tokens carry"),
        (
            "0: 1 2 | 1: 1 2 3",
            "tokens",
            "sequence 1, token 2: 3 logit(s) but the first element has 2",
        ),
        ("0: 1 | 0: 2", "tokens", "each element has 1 logit(s); give 2 to 20"),
        (
            "0: 1 2 | 1: 1 2 | 0: 1 2\n0: 1 2",
            "tokens",
            "tokens: sequence 2 has 1 token(s) but sequence 1 has 3; pad the shorter ones to 3",
        ),
        ("0: 1 2 | 1: 1 2\n0: 1 2", "pixels", "pixels, image 1: row 2 has 1 pixel(s) but row 1"),
        ("0: 1 2\n\n0: 1 2\n1: 1 2", "pixels", "pixels: image 2 has 2 row(s) but image 1 has 1"),
        ("x" * 30 + "/0: 1 2", "tokens", "is longer than 20 characters"),
        ("9" * 30 + ": 1 2", "tokens", "is too large for a class label"),
    ],
)
def test_each_mistake_is_named_with_its_place(text, kind, message):
    with pytest.raises(InputError) as error:
        parse_elements(text, kind)
    assert message in str(error.value)


def test_at_most_max_elements_and_max_classes():
    row = " | ".join(["0: 1 2"] * 50)
    with pytest.raises(InputError, match=f"more than {MAX_ELEMENTS:,} elements"):
        parse_elements("\n".join([row] * (MAX_ELEMENTS // 50 + 1)), "tokens")
    assert parse_elements("\n".join([row] * (MAX_ELEMENTS // 50)), "tokens")[1].size == MAX_ELEMENTS
    with pytest.raises(InputError, match="give 2 to 20"):
        parse_elements("0: " + " ".join(["1"] * (MAX_CLASSES + 1)), "tokens")


def test_an_unknown_kind_is_refused():
    with pytest.raises(InputError, match="kind must be one of tokens, pixels"):
        parse_elements("0: 1 2", "voxels")


def test_a_batch_checks_its_names_and_weights():
    batch = ElementBatch.from_text("tokens", "0: 1 2 | 1: 2 1", "", "")
    assert batch.class_names == ("class 0", "class 1") and batch.weight is None
    assert batch.element_shape == (1, 2) and batch.num_elements == 2
    assert ElementBatch.from_text("pixels", "0: 1 2", "甲，乙").class_names == ("甲", "乙")
    for names, weight, message in [
        ("a, b, c", "", "3 class name(s) given for 2 classes"),
        ("a, a", "", "class name 'a' appears more than once"),
        ("a, b", "1, 2, 3", "weight must hold one value per class (2)"),
        ("a, b", "1, -2", "weight, class 1: -2 is negative"),
        ("a, b", "1, x", "weight, row 1, column 2: 'x' is not a number"),
    ]:
        with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
            ElementBatch.from_text("tokens", "0: 1 2 | 1: 2 1", names, weight)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("shape", [(2, 3, 4), (1, 2, 3, 3), (2, 4, 2, 5)])
def test_formatting_reads_back_exactly(seed, shape):
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=shape) * 10.0 ** rng.integers(-3, 4)
    labels = rng.integers(-1, shape[1], size=(shape[0], *shape[2:]))
    labels[labels == -1] = -100
    kind = "tokens" if len(shape) == 3 else "pixels"
    words = np.array([f"w{i}" for i in range(labels.size)]).reshape(labels.shape)
    text = format_elements(logits, labels, words if kind == "tokens" else None)
    back, back_labels, back_words = parse_elements(text, kind)
    np.testing.assert_array_equal(back, logits)
    np.testing.assert_array_equal(back_labels, labels)
    if kind == "tokens":
        np.testing.assert_array_equal(back_words, words)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_its_own_formatted_text(name):
    preset = PRESETS[name]
    batch = preset.batch()
    words = batch.words if batch.kind == "tokens" else None
    assert format_elements(batch.logits, batch.labels, words) == preset.elements
    assert (batch.labels == preset.ignore_index).any()
    assert name in presets_of(preset.kind)


@pytest.mark.parametrize(
    "text, kind, chinese",
    [
        ("0: 1 2\n1: 1 abc", "tokens", "tokens 第 2 个序列第 1 个 token：'abc' 不是数字"),
        ("0: 1 2 | x: 1 2", "tokens", "第 1 个序列第 2 个 token：标签 'x' 不是整数"),
        ("0: 1 2 | 1 2 3", "pixels", "pixels 第 1 张图像第 1 行第 2 列：'1 2 3' 缺少 ':'"),
        ("0: 1 inf", "tokens", "'inf' 不是有限数值"),
        ("0: 1 2 || 1: 1 2", "tokens", "两个 '|' 之间缺少一个元素"),
        ("0: | 1: 1 2", "tokens", "':' 后缺少 logits"),
        (": 1 2", "tokens", "':' 前缺少标签"),
        ("/0: 1 2", "tokens", "'/' 前缺少词"),
        ("a/0: 1 2", "pixels", "只有 token 可以带词"),
        ("x" * 30 + "/0: 1 2", "tokens", "超过 20 个字符"),
        ("9" * 30 + ": 1 2", "tokens", "太大，不能作为类别标签"),
        ("0: 1 2 | 1: 1 2 3", "tokens", "有 3 个 logit，但第一个元素有 2 个"),
        ("0: 1 | 0: 2", "tokens", "tokens：每个元素有 1 个 logit；请给出 2 到 20 个"),
        (
            "0: 1 2 | 1: 1 2\n0: 1 2",
            "tokens",
            "tokens：第 2 个序列有 1 个 token，但第 1 个序列有 2 个",
        ),
        ("0: 1 2 | 1: 1 2\n0: 1 2", "pixels", "pixels 第 1 张图像：第 2 行有 1 个像素"),
        ("0: 1 2\n\n0: 1 2\n1: 1 2", "pixels", "pixels：第 2 张图像有 2 行，但第 1 张图像有 1 行"),
        ("", "tokens", "tokens 为空"),
        ("\n".join([" | ".join(["0: 1 2"] * 50)] * 9), "tokens", "tokens 超过 400 个元素"),
    ],
)
def test_each_mistake_is_named_in_chinese_too(text, kind, chinese):
    with pytest.raises(InputError) as error:
        parse_elements(text, kind)
    assert chinese in translate_error(str(error.value), "zh")


def test_the_cores_k_dimensional_label_error_in_chinese():
    import lossviz

    with pytest.raises(InputError) as error:
        lossviz.cross_entropy(np.zeros((1, 2, 2, 2)), [[[0, 1], [1, 255]]])
    assert translate_error(str(error.value), "zh").startswith(
        "target 元素 (1, 2, 2)：标签 255 超出范围，共 2 个类别（0..1）"
    )
