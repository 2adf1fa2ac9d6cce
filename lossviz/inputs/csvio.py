"""A batch read from an uploaded CSV file, and batches and results written back as CSV.

The file a person uploads (``read_batch_csv``):

- **Header.** The first line that is not blank is the header; it names every column.
- **Hard labels** (the usual case): C logit columns and one label column. The label column is
  the column named ``label``, ``labels``, ``target``, ``y`` or ``class`` (any case; the first of
  these names, in this order, that the header has), or the column named by ``label_column``;
  without such a name, the last column. Every other column holds logits, and its header is the
  class name. A label is a class number counted from 0, as in PyTorch (``2`` or ``2.0``), or a
  class name as written in the header (``dog``); a number is always a class number. -100 marks
  a sample the loss leaves out (PyTorch's ``ignore_index``, the padding marker).
- **Soft targets**: 2C columns, the last C named ``p_<class>`` or ``target_<class>`` (any case)
  after the C logit columns, in the same order. They hold one probability in [0, 1] per class.
  These files are recognised before looking for a label column.
- **Class names** are the logit headers with surrounding spaces removed, and with a leading
  ``logit_``, ``logits_``, ``logit `` or ``logits `` removed when every logit header has one.
  They are kept as plain text: nothing in them is interpreted. An empty header is an error
  rather than a made-up name, because an unnamed first column is usually a row number (pandas
  writes one unless told ``index=False``) that would otherwise silently become a class. A
  header that starts with an apostrophe before ``=``, ``+``, ``-``, ``@``, a tab, a carriage
  return or another apostrophe loses that apostrophe: it is how ``batch_to_csv`` keeps a
  spreadsheet from running a class name as a formula. At most 1,000 classes (``MAX_CLASSES``
  of ``lossviz.inputs.batch``).
- **Encoding**: UTF-16 with a byte order mark (Excel's "Unicode Text"); UTF-8 with or without a
  byte order mark (Excel's "CSV UTF-8"); else the more likely, by charset-normalizer's
  detector, of GB18030 (GBK: Excel's "CSV" on Chinese Windows) and Windows-1252 (Latin-1:
  Excel's "CSV" on Western Windows). ``read_batch_csv_upload`` says which was used.
- **Delimiter**: a comma; a semicolon or a tab when the header, read with commas, is one field.
  With a semicolon or a tab, a decimal comma is accepted (``1,5`` is 1.5), as European Excel
  writes it.
- **Line ends**: LF, CRLF or CR. Blank lines, rows of empty cells (``,,,``) and empty cells after
  the last column (Excel leaves them behind) are ignored.

Errors are ``InputError`` messages that say what and where. Lines are counted from 1 as a
spreadsheet numbers its rows: the header is line 1, so the first sample is line 2 (blank lines
count too, so the number is the one a text editor shows). Columns are counted from 1 and
quoted with their header: ``line 5, column 3 ('dog'): 'abc' is not a number``.

>>> batch = read_batch_csv("cat,dog,猪八戒,label\\n1.3,1.3,2.6,2\\n")
>>> batch.class_names, batch.logits.tolist(), batch.target.tolist()
(('cat', 'dog', '猪八戒'), [[1.3, 1.3, 2.6]], [2])
>>> print(batch_to_csv(batch), end="")
cat,dog,猪八戒,label
1.3,1.3,2.6,2
"""

from __future__ import annotations

import csv
import io
import math
import operator
import re
from collections.abc import Iterator, Sequence
from itertools import chain

import numpy as np
from charset_normalizer import from_bytes

from lossviz.errors import InputError
from lossviz.inputs.batch import IGNORE_INDEX, MAX_CLASS_NAME_LENGTH, Batch

__all__ = [
    "LABEL_COLUMN_NAMES",
    "LEGACY_ENCODINGS",
    "MAX_UPLOAD_BYTES",
    "MAX_VALUES",
    "batch_to_csv",
    "decode_csv",
    "read_batch_csv",
    "read_batch_csv_upload",
    "results_to_csv",
]

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_VALUES = 1_000_000

#: Headers that mark the label column, case-insensitive, searched in this order.
LABEL_COLUMN_NAMES = ("label", "labels", "target", "y", "class")

_MEGABYTE = 1024 * 1024
_LOGIT_PREFIX = re.compile(r"logits?[_ ]", re.IGNORECASE)
_TARGET_PREFIX = re.compile(r"(?:p|target)_", re.IGNORECASE)
# Cell starts that make a spreadsheet run the cell as a formula (OWASP's list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A header written with a leading apostrophe (``_spreadsheet_safe``): what may follow it.
_GUARDED_STARTS = (*_FORMULA_STARTS, "'")

#: The encodings tried, after UTF-16 and UTF-8, for a file Excel saved as plain "CSV": on
#: Chinese Windows (GB18030, a superset of GBK) and on Western Windows (Windows-1252, a superset
#: of Latin-1's printable characters). Detecting among more mistakes GBK for Big5 or EUC-KR.
LEGACY_ENCODINGS = ("gb18030", "cp1252")
#: The most disorder (charset-normalizer's "chaos", 0 to 1) accepted in text decoded with one
#: of ``LEGACY_ENCODINGS``: above it the bytes are taken for something other than text.
_MOST_CHAOS = 0.1
_EXAMPLE = "cat,dog,pig,label"


# --- reading ------------------------------------------------------------------------------------


def _quote(text: str, limit: int = 30) -> str:
    """User text in quotes for a message, shortened when long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "\u2026")


def _check_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        megabytes = math.ceil(size / _MEGABYTE * 10) / 10
        raise InputError(
            f"the file is {megabytes:.1f} MB; at most {MAX_UPLOAD_BYTES // _MEGABYTE} MB "
            "can be uploaded"
        )


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of an uploaded file's bytes, and the encoding it was read in.

    UTF-16 with a byte order mark, else UTF-8 (with or without one), else the more likely of
    ``LEGACY_ENCODINGS`` by charset-normalizer, if the text it gives looks like text.

    Raises:
        InputError: an Excel workbook or another archive, bad UTF-16, or bytes that are not
            text in any of these encodings (with the line of the first byte that is not UTF-8).

    >>> decode_csv("Ångström,naïve,label".encode("latin-1"))
    ('Ångström,naïve,label', 'cp1252')
    >>> decode_csv("猫,狗,label".encode("gbk"))
    ('猫,狗,label', 'gb18030')
    """
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InputError(
            "the file is an Excel workbook or another archive, not CSV text: "
            "save it as 'CSV UTF-8' and upload that"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InputError(
                f"the file starts like UTF-16 text but byte {error.start + 1:,} is not valid: "
                "save it as 'CSV UTF-8' and upload that"
            ) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS), threshold=_MOST_CHAOS).best()
    if best is not None:
        return str(best), best.encoding
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        f"line {line}: byte 0x{data[utf8_error.start]:02X} is not UTF-8 or GBK text: "
        "save the file as 'CSV UTF-8' and upload it again"
    )


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) for every record, lines counted from 1 as a spreadsheet numbers rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for line, fields in enumerate(reader, start=1):
            yield line, fields
    except csv.Error as error:
        raise InputError(f"line {line + 1}: the line is not valid CSV ({error})") from None


def _is_blank(fields: list[str]) -> bool:
    return not "".join(fields).strip()


def _unguarded(header: str) -> str:
    """A header without the apostrophe ``_spreadsheet_safe`` put before it."""
    if header.startswith("'") and header[1:].startswith(_GUARDED_STARTS):
        return header[1:]
    return header


def _header(text: str) -> tuple[str, int, list[str]]:
    """The delimiter, the header's line and its fields (trailing empty ones dropped)."""
    for delimiter in (",", ";", "\t"):
        found = next(
            ((line, fields) for line, fields in _records(text, delimiter) if not _is_blank(fields)),
            None,
        )
        if found is None:
            raise InputError(
                "the file is empty: the first line must be a header such as "
                f"{_EXAMPLE}, then one line per sample"
            )
        line, fields = found
        if len(fields) > 1 or delimiter == "\t":
            break
    names = [_unguarded(field.strip()) for field in fields]
    while names and not names[-1]:
        names.pop()
    return delimiter, line, names


class _Layout:
    """Which columns hold logits and targets, and the class names."""

    def __init__(self, header: list[str], line: int, label_column: str | None) -> None:
        self.header = header
        self.line = line
        self.width = len(header)
        self._check_headers()
        self.logit_columns: list[int]
        self.target_columns: list[int] = []  # soft targets
        self.label_index: int | None = None
        soft = label_column is None and self._is_soft_target()
        if soft:
            half = self.width // 2
            self.logit_columns = list(range(half))
            self.target_columns = list(range(half, self.width))
        else:
            self.label_index = self._label_index(label_column)
            self.logit_columns = [i for i in range(self.width) if i != self.label_index]
        self.class_names = self._class_names()
        if soft:
            self._check_target_names()

    def where(self, column: int) -> str:
        return f"column {column + 1} ({_quote(self.header[column])})"

    def _check_headers(self) -> None:
        if self.width == 1:
            raise InputError(
                f"the file has one column ({_quote(self.header[0])}): give at least 2 logit "
                f"columns and a label column, separated by commas, e.g. {_EXAMPLE}"
            )
        for column, name in enumerate(self.header):
            if not name:
                raise InputError(
                    f"line {self.line}, column {column + 1}: the header is empty; name every "
                    "column (if it holds row numbers, e.g. from pandas' to_csv, delete it or "
                    "save with index=False)"
                )
        numbers = 0
        for name in self.header:
            try:
                float(name.replace(",", "."))
            except ValueError:
                break
            numbers += 1
        if numbers == self.width:
            raise InputError(
                f"line {self.line} holds numbers, not column names: the first line must be a "
                f"header such as {_EXAMPLE}"
            )

    def _is_soft_target(self) -> bool:
        """Whether the header is C logit columns then C ``p_`` or ``target_`` columns."""
        if self.width % 2 or self.width < 4:
            return False
        return all(_TARGET_PREFIX.match(name) for name in self.header[self.width // 2 :])

    def _check_target_names(self) -> None:
        half = self.width // 2
        for column, target_name in enumerate(self.header[half:], start=half):
            name = _TARGET_PREFIX.sub("", target_name, count=1).strip()
            logit = column - half
            if name not in (self.class_names[logit], self.header[logit]):
                raise InputError(
                    f"line {self.line}, {self.where(column)}: the target column of class "
                    f"{_quote(self.class_names[logit])} must be named "
                    f"'p_{self.class_names[logit]}'; probability columns follow the logit "
                    "columns in the same order"
                )

    def _label_index(self, label_column: str | None) -> int:
        folded = [name.casefold() for name in self.header]
        wanted = LABEL_COLUMN_NAMES if label_column is None else (label_column.strip().casefold(),)
        for name in wanted:
            matches = [i for i, header in enumerate(folded) if header == name]
            if len(matches) > 1:
                raise InputError(
                    f"line {self.line}: columns {matches[0] + 1} and {matches[1] + 1} are both "
                    f"named {_quote(self.header[matches[0]])}; only one can be the label column"
                )
            if matches:
                return matches[0]
        if label_column is not None:
            raise InputError(
                f"label column {_quote(label_column)} is not in the header (line {self.line}); "
                "its columns are " + ", ".join(_quote(name) for name in self.header)
            )
        return self.width - 1

    def _class_names(self) -> list[str]:
        headers = [self.header[i] for i in self.logit_columns]
        if len(headers) < 2:
            raise InputError(
                f"the file has 1 logit column ({_quote(headers[0])}) besides the label column "
                f"({_quote(self.header[self.label_index])}); at least 2 classes are needed"
            )
        stripped = [_LOGIT_PREFIX.sub("", name, count=1).strip() for name in headers]
        if all(_LOGIT_PREFIX.match(name) for name in headers) and all(stripped):
            names = stripped
        else:
            names = headers
        seen: dict[str, int] = {}
        for column, name in zip(self.logit_columns, names, strict=True):
            if name in seen:
                raise InputError(
                    f"line {self.line}: columns {seen[name] + 1} and {column + 1} are both "
                    f"named {_quote(name)}; every class needs its own name"
                )
            seen[name] = column
            if len(name) > MAX_CLASS_NAME_LENGTH:
                raise InputError(
                    f"line {self.line}, column {column + 1}: the class name {_quote(name, 20)} is "
                    f"longer than {MAX_CLASS_NAME_LENGTH} characters; shorten it"
                )
        return names


def _rows(
    records: Iterator[tuple[int, list[str]]], layout: _Layout
) -> tuple[list[list[str]], list[int]]:
    """The data rows cut to the header's width, and the line of each; blank rows skipped."""
    width = layout.width
    most_rows = MAX_VALUES // len(layout.logit_columns)
    rows: list[list[str]] = []
    lines: list[int] = []
    for line, fields in records:
        if len(fields) != width:
            if _is_blank(fields):
                continue
            if len(fields) < width or not _is_blank(fields[width:]):
                fields_word = "field" if len(fields) == 1 else "fields"
                raise InputError(
                    f"line {line} has {len(fields)} {fields_word} but the header has {width}"
                    + (" (a column without a header?)" if len(fields) > width else "")
                )
            fields = fields[:width]
        elif not fields[0].strip() and _is_blank(fields):
            continue
        rows.append(fields)
        lines.append(line)
        if len(rows) > most_rows:
            break
    else:
        return rows, lines
    count = len(rows) + sum(1 for _, fields in records if not _is_blank(fields))
    raise InputError(
        f"the file has {count * len(layout.logit_columns):,} logits; at most {MAX_VALUES:,} "
        "can be uploaded"
    )


def _cells(rows: list[list[str]], columns: Sequence[int]) -> list[str]:
    """The cells of ``columns`` in every row, row by row."""
    if len(columns) == columns[-1] - columns[0] + 1:
        start, stop = columns[0], columns[-1] + 1
        return [cell for row in rows for cell in row[start:stop]]
    pick = operator.itemgetter(*columns)
    return list(chain.from_iterable(map(pick, rows)))


def _as_float(cell: str, decimal_comma: bool) -> float:
    try:
        return float(cell)
    except ValueError:
        if decimal_comma and "," in cell:
            return float(cell.replace(",", "."))
        raise


def _numbers(cells: list[str], decimal_comma: bool) -> np.ndarray | int:
    """The cells as float64, or the index of the first cell that is not a number."""
    try:
        return np.array(cells, dtype=np.float64)
    except ValueError:
        pass
    if decimal_comma:
        try:
            return np.array([cell.replace(",", ".") for cell in cells], dtype=np.float64)
        except ValueError:
            pass
    for index, cell in enumerate(cells):
        try:
            _as_float(cell, decimal_comma)
        except ValueError:
            return index
    raise AssertionError("unreachable: some cell failed to convert")  # pragma: no cover


def _not_a_number(cell: str) -> str:
    if not cell.strip():
        return "the cell is empty; enter a number"
    return f"{_quote(cell.strip())} is not a number"


def _table(
    rows: list[list[str]],
    lines: list[int],
    layout: _Layout,
    columns: list[int],
    decimal_comma: bool,
    unit_interval: bool = False,
) -> np.ndarray:
    """(N, len(columns)) finite numbers; errors name the line and column of the first bad cell."""
    cells = _cells(rows, columns)
    values = _numbers(cells, decimal_comma)
    width = len(columns)

    def where(index: int) -> str:
        return f"line {lines[index // width]}, {layout.where(columns[index % width])}"

    if isinstance(values, int):
        raise InputError(f"{where(values)}: {_not_a_number(cells[values])}")
    bad = ~np.isfinite(values)
    if bad.any():
        index = int(np.argmax(bad))
        raise InputError(f"{where(index)}: {_quote(cells[index].strip())} is not a finite number")
    if unit_interval:
        outside = (values < 0) | (values > 1)
        if outside.any():
            index = int(np.argmax(outside))
            raise InputError(f"{where(index)}: {values[index]:g} is outside [0, 1]")
    return values.reshape(len(rows), width)


def _labels(
    rows: list[list[str]], lines: list[int], layout: _Layout, decimal_comma: bool
) -> np.ndarray:
    """(N,) class numbers from the label column: numbers from 0, or class names."""
    column = layout.label_index
    assert column is not None
    cells = [row[column] for row in rows]
    count = len(layout.class_names)
    names = {name: i for i, name in enumerate(layout.class_names)}
    values = _numbers(cells, decimal_comma)
    if isinstance(values, int):
        values = np.empty(len(cells))
        for index, cell in enumerate(cells):
            try:
                values[index] = _as_float(cell, decimal_comma)
            except ValueError:
                if cell.strip() not in names:
                    raise InputError(
                        f"line {lines[index]}, label column {column + 1} "
                        f"({_quote(layout.header[column])}): {_not_a_number(cell)} or a class "
                        f"name; labels are class numbers 0..{count - 1} or names "
                        + ", ".join(_quote(name) for name in layout.class_names[:5])
                        + (", ..." if count > 5 else "")
                    ) from None
                values[index] = names[cell.strip()]

    def where(index: int) -> str:
        return f"line {lines[index]}, label column {column + 1} ({_quote(layout.header[column])})"

    bad = ~np.isfinite(values)
    if bad.any():
        index = int(np.argmax(bad))
        raise InputError(f"{where(index)}: {_quote(cells[index].strip())} is not a finite number")
    fractional = values != np.round(values)
    if fractional.any():
        index = int(np.argmax(fractional))
        raise InputError(
            f"{where(index)}: label {values[index]:g} is not a whole number; labels are class "
            f"numbers 0..{count - 1} (for probability targets, add columns named p_<class>)"
        )
    outside = ((values < 0) | (values > count - 1)) & (values != IGNORE_INDEX)
    if outside.any():
        index = int(np.argmax(outside))
        raise InputError(
            f"{where(index)}: label {values[index]:.0f} is out of range for {count} classes "
            f"(0..{count - 1}); labels count from 0, as in PyTorch"
        )
    return values.astype(np.int64)


def read_batch_csv(data: bytes | str, label_column: str | None = None) -> Batch:
    """A ``Batch`` from the bytes (or text) of an uploaded CSV file (``read_batch_csv_upload``
    says which text encoding its bytes were read in, too).

    The format is described at the top of this module: a header, C logit columns named after
    the classes, and a label column (``label``, ``target``, ``y``, ... or the last column) or C
    probability columns ``p_<class>``. Class weights are not part of the file.

    Args:
        data: the file's bytes (UTF-16 with BOM, UTF-8, GB18030/GBK or Windows-1252), or
            its text.
        label_column: the header of the label column, if it is not one of the usual names
            (matched ignoring case and surrounding spaces).

    Returns:
        A checked ``Batch``: logits (N, C), targets (N,) class numbers or (N, C) probabilities,
        and the C class names.

    Raises:
        InputError: with the line and column at fault: the file is too large (over
            ``MAX_UPLOAD_BYTES`` bytes or ``MAX_VALUES`` logits), not text, empty, has no data
            rows, ragged rows, a cell that is not a finite number, a label that is not a class
            number or name, a probability outside [0, 1], fewer than 2 logit columns or more
            than ``lossviz.inputs.batch.MAX_CLASSES``, an empty, duplicate or too long class header.

    >>> batch = read_batch_csv(b"logit_cat;logit_dog;y\\r\\n0,5;-1;1\\r\\n2;3;0\\r\\n")
    >>> batch.class_names, batch.logits.tolist(), batch.target.tolist()
    (('cat', 'dog'), [[0.5, -1.0], [2.0, 3.0]], [1, 0])
    >>> read_batch_csv("cat,dog,p_cat,p_dog\\n1.3,2.6,0.25,0.75\\n").target.tolist()
    [[0.25, 0.75]]
    >>> read_batch_csv("cat,dog,label\\n1.3,abc,0\\n")
    Traceback (most recent call last):
    ...
    lossviz.errors.InputError: line 2, column 2 ('dog'): 'abc' is not a number
    """
    return read_batch_csv_upload(data, label_column)[0]


def read_batch_csv_upload(data: bytes | str, label_column: str | None = None) -> tuple[Batch, str]:
    """``read_batch_csv``, and the encoding the file's bytes were read in (``decode_csv``;
    ``"utf-8"`` for text).

    >>> batch, encoding = read_batch_csv_upload("café,crème,label\\n1,2,0\\n".encode("cp1252"))
    >>> batch.class_names, encoding
    (('café', 'crème'), 'cp1252')
    """
    if label_column is not None and not isinstance(label_column, str):
        raise InputError(f"label_column must be a column name; got {type(label_column).__name__}")
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if isinstance(data, bytes):
        _check_size(len(data))
        text, encoding = decode_csv(data)
    elif isinstance(data, str):
        _check_size(len(data.encode("utf-8", "surrogatepass")))
        text, encoding = data.removeprefix("\ufeff"), "utf-8"
    else:
        raise InputError(f"the file must be bytes or text; got {type(data).__name__}")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            f"line {line} holds a NUL character: the file is not CSV text; save it as "
            "'CSV UTF-8' and upload that"
        )
    delimiter, line, header = _header(text)
    layout = _Layout(header, line, label_column)
    records = _records(text, delimiter)
    for record_line, _ in records:
        if record_line == line:
            break
    rows, lines = _rows(records, layout)
    if not rows:
        raise InputError(
            f"the file has a header (line {line}) but no data rows: add one line per sample"
        )
    decimal_comma = delimiter != ","
    logits = _table(rows, lines, layout, layout.logit_columns, decimal_comma)
    if layout.target_columns:
        target = _table(rows, lines, layout, layout.target_columns, decimal_comma, True)
    else:
        target = _labels(rows, lines, layout, decimal_comma)
    try:
        return Batch(logits, target, tuple(layout.class_names)), encoding
    except InputError as error:
        raise InputError(f"the file: {error}") from None


# --- writing ------------------------------------------------------------------------------------


def _field(text: str) -> str:
    """A header cell, quoted when it holds a comma, a quote or a line break (RFC 4180)."""
    if any(character in text for character in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write(header: list[str], columns: list[np.ndarray]) -> str:
    """CSV text: the header, then one line per row of the side-by-side ``columns``.

    Numbers are written with ``repr``, the shortest text that reads back to the same float.
    """
    blocks = [np.asarray(block).reshape(len(block), -1).tolist() for block in columns]
    lines = [",".join(map(_field, header))]
    lines.extend(
        ",".join(map(repr, chain.from_iterable(parts))) for parts in zip(*blocks, strict=True)
    )
    return "\n".join(lines) + "\n"


def batch_to_csv(batch: Batch) -> str:
    """The batch as CSV text that ``read_batch_csv`` reads back to the same batch.

    The header is the class names then ``label`` (or, for soft targets, the class names then
    ``p_<class>`` for each class); numbers are written with ``repr`` so they read back exactly.
    A class name that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return), or that starts with an apostrophe, gets a leading
    apostrophe, which spreadsheets do not show and ``read_batch_csv`` removes.
    Lines end with ``\\n``; encode the text as ``utf-8-sig`` for Excel to show non-ASCII names.
    Class weights are not written.

    The same batch comes back when the class names survive being read as headers: non-empty,
    without surrounding spaces, no NUL, all different, not all starting with ``logit_`` (it
    would be removed), and, for labels, none named ``label`` (any case).

    >>> batch = Batch([[1.3, 1.3, 2.6], [0.1, 2.0, -1.0]], [[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]],
    ...               ("cat", "dog", "猪八戒"))
    >>> print(batch_to_csv(batch), end="")
    cat,dog,猪八戒,p_cat,p_dog,p_猪八戒
    1.3,1.3,2.6,0.0,0.0,1.0
    0.1,2.0,-1.0,0.5,0.5,0.0
    """
    names = list(batch.class_names)
    header = [_spreadsheet_safe(name) for name in names]
    if batch.soft_target:
        return _write(header + [f"p_{name}" for name in names], [batch.logits, batch.target])
    return _write([*header, "label"], [batch.logits, batch.target])


def _spreadsheet_safe(text: str) -> str:
    """A header cell a spreadsheet shows as text: a formula start gets a leading apostrophe
    (and so does an apostrophe, so that ``_unguarded`` gives back exactly the text).

    >>> _spreadsheet_safe("=HYPERLINK(0)"), _spreadsheet_safe("'x"), _spreadsheet_safe("cat")
    ("'=HYPERLINK(0)", "''x", 'cat')
    """
    return "'" + text if text.startswith(_GUARDED_STARTS) else text


def _result_array(values: object, name: str, shape: tuple[int, ...]) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, RuntimeError):
        raise InputError(f"{name} must be an array of numbers") from None
    if array.shape != shape:
        raise InputError(f"{name} has shape {array.shape} but the batch needs {shape}")
    return array


def results_to_csv(
    batch: Batch, probs: np.ndarray, per_sample: np.ndarray, grad: np.ndarray
) -> str:
    """A results table for spreadsheets: one line per sample.

    Columns: ``sample`` (counted from 1); ``label`` (or ``target_<class>`` for each class with
    soft targets); each class's logit, headed by its name; its probability ``p_<class>``; the
    gradient of the loss wrt that logit ``grad_<class>``; the per-sample ``loss``.

    Class names are user text, and a spreadsheet runs a cell starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return as a formula; such headers get a leading apostrophe here
    (which spreadsheets show as text), as in ``batch_to_csv``.

    Args:
        batch: the batch the results belong to.
        probs: (N, C) softmax probabilities.
        per_sample: (N,) loss of each sample.
        grad: (N, C) gradient of the loss wrt the logits.

    Raises:
        InputError: an array does not fit the batch's N samples and C classes.

    >>> batch = Batch([[1.3, 1.3, 2.6]], [2], ("cat", "=dog", "猪八戒"))
    >>> print(results_to_csv(batch, [[0.18, 0.18, 0.65]], [0.4351], [[0.18, 0.18, -0.35]]), end="")
    sample,label,cat,'=dog,猪八戒,p_cat,p_=dog,p_猪八戒,grad_cat,grad_=dog,grad_猪八戒,loss
    1,2,1.3,1.3,2.6,0.18,0.18,0.65,0.18,0.18,-0.35,0.4351
    """
    n, c = batch.num_samples, batch.num_classes
    probs = _result_array(probs, "probs", (n, c))
    per_sample = _result_array(per_sample, "per_sample", (n,))
    grad = _result_array(grad, "grad", (n, c))
    names = list(batch.class_names)
    target_header = [f"target_{name}" for name in names] if batch.soft_target else ["label"]
    header = [
        "sample",
        *target_header,
        *names,
        *(f"p_{name}" for name in names),
        *(f"grad_{name}" for name in names),
        "loss",
    ]
    samples = np.arange(1, n + 1)
    return _write(
        [_spreadsheet_safe(cell) for cell in header],
        [samples, batch.target, batch.logits, probs, grad, per_sample],
    )
