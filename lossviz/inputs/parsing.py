"""Text a person types or pastes, turned into arrays; and arrays shown back as text.

What is accepted is what people actually paste: rows on separate lines or separated by ``;``,
values separated by commas and/or spaces, a Python or NumPy list (``[[1.3, 1.3, 2.6], [0.1, 2,
-1]]``), a PyTorch or NumPy printout (``tensor([[...]])``, ``array([...], dtype=float32)``, the
space-separated ``print(array)`` form), scientific notation (``1e4``, ``-2.5E-3``), and what Chinese
input methods produce (full-width ``，`` ``；`` ``、`` brackets and digits, the minus sign ``−``).

Every error is an ``InputError`` that says where, with rows, columns and positions counted from 1
as a person reads a table.
"""

from __future__ import annotations

import math
import re

import numpy as np
import torch

from lossviz.errors import InputError
from lossviz.validation import as_float_array, position

__all__ = ["format_labels", "format_matrix", "parse_labels", "parse_matrix"]

MAX_VALUES = 1_000_000

# Characters from word processors and Chinese input methods, mapped to what they stand for.
_TYPED_CHARACTERS = str.maketrans(
    {
        "\u2212": "-",  # − minus sign
        "\uff0d": "-",  # － full-width hyphen-minus
        "\uff0b": "+",  # ＋
        "\uff0c": ",",  # ，
        "\u3001": ",",  # 、 enumeration comma
        "\uff1b": ";",  # ；
        "\uff0e": ".",  # ．
        "\uff3b": "[",  # ［
        "\uff3d": "]",  # ］
        "\uff08": "(",  # （
        "\uff09": ")",  # ）
        "\u3000": " ",  # ideographic space
        **{chr(0xFF10 + d): str(d) for d in range(10)},  # ０-９
    }
)

# ``logits = torch.tensor([...], dtype=...)``, ``tensor([...])``, ``array([...])``, and
# ``Parameter containing:`` above a printed ``nn.Parameter``.
_WRAPPER = re.compile(
    r"\s*(?:[A-Za-z_]\w*\s*=\s*)?(?:Parameter containing:\s*)?"
    r"(?:(?:torch|np|numpy)\.)?(?:tensor|array|Tensor)\s*\((.*)\)\s*",
    re.DOTALL,
)
_KEYWORD_ARGUMENTS = re.compile(r",\s*[A-Za-z_]\w*\s*=")
_TOKEN = re.compile(r"[\[\],;\n]|[^\s,;\[\]]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_ELLIPSIS = ("...", "\u2026")
_SEPARATORS = frozenset("[],;\n")


def _quote(word: str, limit: int = 30) -> str:
    """The word as typed, in quotes, shortened when very long."""
    return repr(word if len(word) <= limit else word[: limit - 1] + "\u2026")


def _tokens(text: object, name: str) -> list[str]:
    """Brackets, separators (``,`` ``;`` newline) and words, after unwrapping a printout."""
    if not isinstance(text, str):
        raise InputError(f"{name} must be text; got {type(text).__name__}")
    text = "\n".join(text.translate(_TYPED_CHARACTERS).splitlines())
    wrapped = _WRAPPER.fullmatch(text)
    if wrapped:
        text = wrapped.group(1)
        keywords = _KEYWORD_ARGUMENTS.search(text)
        if keywords:
            text = text[: keywords.start()]
    return _TOKEN.findall(text)


def _bracket_depth(tokens: list[str], name: str, most: int, example: str) -> int:
    """How deep the brackets nest; raise if they do not pair up or nest deeper than ``most``."""
    depth = deepest = 0
    for token in tokens:
        if token == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif token == "]":
            depth -= 1
            if depth < 0:
                raise InputError(f"{name}: a ']' has no matching '['")
    if depth > 0:
        raise InputError(f"{name}: a '[' is never closed with ']'")
    if deepest > most:
        raise InputError(f"{name}: the brackets are nested {deepest} deep; enter {example}")
    return deepest


def _not_a_number(word: str, where: str) -> InputError:
    if word in _ELLIPSIS:
        return InputError(
            f"{where}: {word!r} stands for values the printout left out; "
            "print all the values and paste them again"
        )
    if _NON_FINITE.fullmatch(word):
        return InputError(f"{where}: {_quote(word)} is not a finite number")
    return InputError(f"{where}: {_quote(word)} is not a number")


def _finite(word: str, where: str) -> float:
    """The float a word spells, if it is a finite number."""
    if not _NUMBER.fullmatch(word):
        raise _not_a_number(word, where)
    value = float(word)
    if not math.isfinite(value):
        raise InputError(f"{where}: {_quote(word)} is not a finite number (too large for float64)")
    return value


def _check_max_values(max_values: object) -> int:
    if isinstance(max_values, bool) or not isinstance(max_values, (int, np.integer)):
        raise InputError(f"max_values must be a whole number; got {max_values!r}")
    if max_values < 1:
        raise InputError(f"max_values must be at least 1; got {max_values}")
    return int(max_values)


def _too_many(name: str, max_values: int) -> InputError:
    return InputError(f"{name} has more than {max_values:,} values; enter at most {max_values:,}")


class _Table:
    """Rows of numbers built one token at a time, with the position of each value for errors."""

    def __init__(self, name: str, max_values: int) -> None:
        self.name = name
        self.max_values = max_values
        self.rows: list[list[float]] = []
        self.row: list[float] = []
        self.expect_value = True  # at the start of a row or just after a comma
        self.count = 0

    def where(self) -> str:
        """Where the next value goes: ``logits, row 2, column 3``."""
        return f"{self.name}, {position((len(self.rows), len(self.row)))}"

    def value(self, word: str) -> None:
        self.row.append(_finite(word, self.where()))
        self.expect_value = False
        self.count += 1
        if self.count > self.max_values:
            raise _too_many(self.name, self.max_values)

    def comma(self) -> None:
        if self.expect_value:
            gap = "between two commas" if self.row else "before the first comma"
            raise InputError(f"{self.where()}: a value is missing {gap}")
        self.expect_value = True

    def end_row(self) -> None:
        if self.row:
            self.rows.append(self.row)
        self.row = []
        self.expect_value = True

    def array(self) -> np.ndarray:
        self.end_row()
        if not self.rows:
            raise InputError(
                f"{self.name} is empty: enter one row of numbers per sample, values separated "
                "by commas or spaces, e.g. 1.3, 1.3, 2.6"
            )
        width = len(self.rows[0])
        for r, row in enumerate(self.rows[1:], start=2):
            if len(row) != width:
                values = "value" if len(row) == 1 else "values"
                raise InputError(
                    f"{self.name}: row {r} has {len(row)} {values} but row 1 has {width}"
                )
        return np.array(self.rows, dtype=np.float64)


def parse_matrix(text: str, name: str = "logits", max_values: int = MAX_VALUES) -> np.ndarray:
    r"""An (N, C) float64 table from typed or pasted text: one row per sample.

    Rows go on separate lines or are separated by ``;``; values within a row are separated by
    commas and/or spaces. Blank lines, surrounding spaces and a trailing comma are fine. A pasted
    list is read by its brackets: ``[1.3, 1.3, 2.6]`` is one row, ``[[1.3, 1.3, 2.6], [0.1, 2,
    -1]]`` two; inside brackets a line break does not end a row (printouts wrap long rows), but
    ``;`` does (``[1 2; 3 4]``). ``tensor(...)``/``array(...)`` around the list and keyword
    arguments such as ``dtype=torch.float64`` are ignored. Scientific notation (``1e4``,
    ``-2.5E-3``), the minus sign ``−`` and full-width ``，`` ``；`` are accepted.

    Args:
        text: what the person typed.
        name: what the table is called in error messages.
        max_values: the most values accepted.

    Raises:
        InputError: empty text; a word that is not a number, or NaN/infinity (with its row and
            column, counted from 1, among the non-blank rows); a missing value between two
            commas; rows of different lengths; unpaired brackets or brackets nested more than
            2 deep; more than ``max_values`` values.

    >>> parse_matrix("1.3, 1.3, 2.6")
    array([[1.3, 1.3, 2.6]])
    >>> parse_matrix("tensor([[1.3, 1.3, 2.6], [0.1, 2, −1e0]], dtype=torch.float64)")
    array([[ 1.3,  1.3,  2.6],
           [ 0.1,  2. , -1. ]])
    >>> parse_matrix("1 2 3; 4 five 6")
    Traceback (most recent call last):
        ...
    lossviz.errors.InputError: logits, row 2, column 2: 'five' is not a number
    """
    max_values = _check_max_values(max_values)
    tokens = _tokens(text, name)
    row_depth = _bracket_depth(tokens, name, 2, "a table like [[1.3, 1.3, 2.6], [0.1, 2, -1]]")
    table = _Table(name, max_values)
    depth = 0
    for token in tokens:
        if token == "[":
            depth += 1
        elif token == "]":
            if depth == row_depth:
                table.end_row()
            depth -= 1
        elif token == ";" or (token == "\n" and row_depth == 0):
            if depth == row_depth:
                table.end_row()
        elif token == ",":
            if depth == row_depth:
                table.comma()
        elif token != "\n":
            if depth != row_depth:
                raise InputError(
                    f"{name}: {_quote(token)} is outside the brackets of the rows; put every "
                    "row in [ ], or use no brackets at all"
                )
            table.value(token)
    return table.array()


def _label(word: str, where: str) -> int:
    """The whole number a word spells, if it fits in int64."""
    if not _NUMBER.fullmatch(word):
        raise _not_a_number(word, where)
    too_large = InputError(f"{where}: {_quote(word)} is too large for a class label")
    if _INTEGER.fullmatch(word):
        if len(word.lstrip("+-").lstrip("0")) > 19:
            raise too_large
        label = int(word)
    else:
        value = float(word)
        if not math.isfinite(value):
            raise too_large
        if not value.is_integer():
            raise InputError(f"{where}: {_quote(word)} is not a whole number")
        label = int(value)
    if not -(2**63) <= label < 2**63:
        raise too_large
    return label


def parse_labels(text: str, name: str = "labels", max_values: int = MAX_VALUES) -> np.ndarray:
    """(N,) int64 class labels from typed or pasted text: one whole number per sample.

    Values are separated by commas, spaces, line breaks or ``;``; ``[2, 0, 1]`` and
    ``tensor([2, 0, 1])`` are accepted. ``2.0`` and ``1e2`` are whole numbers; negative labels
    are allowed (``ignore_index=-100`` is legal). Whether a label is a valid class is checked by
    the loss, which knows the number of classes.

    Args:
        text: what the person typed.
        name: what the labels are called in error messages.
        max_values: the most labels accepted.

    Raises:
        InputError: empty text; a word that is not a whole number (with its position, counted
            from 1); a missing value between two commas; unpaired or nested brackets; more than
            ``max_values`` labels.

    >>> parse_labels("2, 0, 1")
    array([2, 0, 1])
    >>> parse_labels("tensor([2, -100, 1])")
    array([   2, -100,    1])
    >>> parse_labels("2, 1.5")
    Traceback (most recent call last):
        ...
    lossviz.errors.InputError: labels, position 2: '1.5' is not a whole number
    """
    max_values = _check_max_values(max_values)
    tokens = _tokens(text, name)
    _bracket_depth(tokens, name, 1, "one label per sample, like 2, 0, 1")
    labels: list[int] = []
    previous = ","  # a comma first in the text is a missing value
    for token in tokens:
        if token == "," and previous == ",":
            raise InputError(
                f"{name}, position {len(labels) + 1}: a value is missing "
                + ("between two commas" if labels else "before the first comma")
            )
        if token not in _SEPARATORS:
            labels.append(_label(token, f"{name}, position {len(labels) + 1}"))
            if len(labels) > max_values:
                raise _too_many(name, max_values)
        previous = token
    if not labels:
        raise InputError(
            f"{name} is empty: enter one class label per sample, separated by commas or spaces, "
            "e.g. 2, 0, 1"
        )
    return np.array(labels, dtype=np.int64)


def _format_float(value: float, digits: int | None) -> str:
    """The shortest text that reads back as ``value`` rounded to ``digits`` significant digits."""
    value = float(value)
    if digits is not None:
        rounded = float(f"{value:.{digits - 1}e}")
        value = rounded if math.isfinite(rounded) else value  # 1.8e308 must not round to inf
    text = repr(value)
    if "e" in text:
        return text
    return np.format_float_positional(value, unique=True, trim="-")


def format_matrix(array: object, digits: int | None = 6) -> str:
    """A table as text that ``parse_matrix`` reads back: one line per row, values split by ``, ``.

    Args:
        array: an (N, C) table (a single row may be given as a 1-D array).
        digits: significant digits to keep; ``None`` keeps every digit, so that
            ``parse_matrix(format_matrix(x, None))`` gives back exactly ``x``.

    Raises:
        InputError: not a 1-D or 2-D table of finite numbers, or ``digits`` not a whole number
            >= 1.

    >>> print(format_matrix([[1.3, 1.3, 2.6], [0.1, 2.0, -1e-5]]))
    1.3, 1.3, 2.6
    0.1, 2, -1e-05
    >>> format_matrix([[1 / 3, 2e20]], digits=3)
    '0.333, 2e+20'
    """
    if digits is not None and (
        isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or digits < 1
    ):
        raise InputError(f"digits must be a whole number >= 1 or None; got {digits!r}")
    table = as_float_array(array, "matrix")
    if table.ndim == 1:
        table = table[np.newaxis, :]
    if table.ndim != 2:
        raise InputError(f"matrix must be a row or a table; got shape {table.shape}")
    return "\n".join(", ".join(_format_float(v, digits) for v in row) for row in table)


def format_labels(array: object) -> str:
    """Class labels as text that ``parse_labels`` reads back: ``2, 0, 1``.

    Raises:
        InputError: not a 1-D array of whole numbers, or empty.

    >>> format_labels(np.array([2, 0, -100]))
    '2, 0, -100'
    """
    if isinstance(array, torch.Tensor):
        array = array.detach().cpu().numpy()
    try:
        labels = np.asarray(array)
    except (ValueError, TypeError):
        labels = as_float_array(array, "labels")
    if labels.dtype.kind not in "iu":
        floats = as_float_array(labels, "labels")
        fractional = floats != np.round(floats)
        if fractional.any():
            where = tuple(int(i) for i in np.argwhere(fractional)[0])
            raise InputError(f"labels, {position(where)}: {floats[where]:g} is not a whole number")
        if (np.abs(floats) >= 2.0**63).any():
            raise InputError("labels: a value is too large for a class label")
        labels = floats.astype(np.int64)
    if labels.ndim != 1:
        raise InputError(f"labels must be one label per sample; got shape {labels.shape}")
    if labels.size == 0:
        raise InputError("labels is empty: there is nothing to show")
    return ", ".join(str(int(v)) for v in labels)
