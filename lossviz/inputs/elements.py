r"""Sequences and masks as a person types them: one element (a token, a pixel) at a time.

``cross_entropy`` takes an (N, C, d1, ..., dK) input with (N, d1, ..., dK) labels: a batch of N
sequences of T tokens, (N, C, T), or N masks of H x W pixels, (N, C, H, W). A person writes one
element at a time, its label first and then its C logits, as a model gives them out (classes
last); elements are separated by ``|``:

* **tokens**: one sequence per line; a token may carry its word before a ``/``::

      the/2: -1 -1.5 3 | cat/0: 2.5 0.3 -0.5 | <pad>/-100: 0.3 -0.2 0.1

* **pixels**: one row of a mask per line, masks separated by a blank line::

      0: 2 -1 | 0: 1.5 0 | 1: -1 2
      0: 2 -1 | 1: 0 1.2 | 1: -2 3

Values within an element are separated by spaces or commas; full-width characters from Chinese
input methods (``：`` ``，`` ``｜`` and digits) and the minus sign ``−`` are read as their ASCII
forms. Every sequence must have the same number of tokens (pad the short ones, with the label
``ignore_index`` takes: -100 by default), every row of a mask the same number of pixels, every
element the same number of logits. Errors say where, counted from 1: ``tokens, sequence 2,
token 3: 'abc' is not a number``.

The presets are ready-made texts, each with the ``ignore_index`` its padding needs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from lossviz.errors import InputError
from lossviz.inputs.batch import MAX_CLASS_NAME_LENGTH
from lossviz.inputs.parsing import format_matrix, parse_matrix
from lossviz.validation import as_class_weight

__all__ = [
    "KINDS",
    "MAX_CLASSES",
    "MAX_ELEMENTS",
    "MAX_WORD_LENGTH",
    "PRESETS",
    "ElementBatch",
    "ElementPreset",
    "format_elements",
    "parse_elements",
    "presets_of",
]

#: The two kinds of K-dimensional batch: sequences of tokens (N, C, T), masks of pixels
#: (N, C, H, W).
KINDS = ("tokens", "pixels")

#: The most elements (tokens or pixels, over the whole batch) and classes a typed batch may hold.
MAX_ELEMENTS = 400
MAX_CLASSES = 20
MAX_WORD_LENGTH = 20

_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_VALUE_SEPARATORS = re.compile(r"[,\s]+")
_EXAMPLE = {
    "tokens": "the/2: -1 -1.5 3 | cat/0: 2.5 0.3 -0.5 | <pad>/-100: 0.3 -0.2 0.1",
    "pixels": "0: 2 -1 | 1: -0.5 1.5",
}


def _normalized(text: str) -> str:
    """Full-width forms as ASCII (NFKC), the minus sign and the enumeration comma as typed."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u3001", ",")


def _quote(word: str, limit: int = 30) -> str:
    return repr(word if len(word) <= limit else word[: limit - 1] + "\u2026")


def _where(name: str, kind: str, index: tuple[int, ...]) -> str:
    """``tokens, sequence 2, token 3`` or ``pixels, image 1, row 2, column 3`` (from 1)."""
    if kind == "tokens":
        return f"{name}, sequence {index[0] + 1}, token {index[1] + 1}"
    return f"{name}, image {index[0] + 1}, row {index[1] + 1}, column {index[2] + 1}"


def _element(text: str, where: str, kind: str) -> tuple[str, int, list[float]]:
    """One element, ``[word/]label: logit logit ...``: its word ("" when none), label, logits."""
    head, colon, values = text.rpartition(":")
    if not colon:
        raise InputError(
            f"{where}: {_quote(text)} has no ':'; write each element as its label, ':' and its "
            f"logits, e.g. {_EXAMPLE[kind].split(' | ')[0]}"
        )
    word, slash, label_text = head.rpartition("/")
    word, label_text = word.strip(), label_text.strip()
    if slash and kind != "tokens":
        raise InputError(f"{where}: {_quote(head.strip())}: only tokens carry a word (word/label)")
    if slash and not word:
        raise InputError(f"{where}: the word before '/' is missing")
    if len(word) > MAX_WORD_LENGTH:
        raise InputError(
            f"{where}: the word {_quote(word)} is longer than {MAX_WORD_LENGTH} characters"
        )
    if not label_text:
        raise InputError(f"{where}: the label before ':' is missing")
    if not _INTEGER.fullmatch(label_text):
        raise InputError(f"{where}: label {_quote(label_text)} is not a whole number")
    label = int(label_text)
    if not -(2**63) <= label < 2**63:
        raise InputError(f"{where}: label {_quote(label_text)} is too large for a class label")
    logits = []
    for value in _VALUE_SEPARATORS.split(values.strip()):
        if not value:
            continue
        if _NON_FINITE.fullmatch(value):
            raise InputError(f"{where}: {_quote(value)} is not a finite number")
        if not _NUMBER.fullmatch(value):
            raise InputError(f"{where}: {_quote(value)} is not a number")
        number = float(value)
        if not np.isfinite(number):
            raise InputError(f"{where}: {_quote(value)} is not a finite number")
        logits.append(number)
    if not logits:
        raise InputError(f"{where}: the logits after ':' are missing (one per class)")
    return word, label, logits


def _line_elements(line: str, name: str, kind: str, index: tuple[int, ...]) -> list[tuple]:
    """The elements of one line (a sequence, a row of pixels); a trailing ``|`` is allowed."""
    parts = [part.strip() for part in line.split("|")]
    if parts and not parts[-1]:
        parts.pop()
    elements = []
    for j, part in enumerate(parts):
        where = _where(name, kind, (*index, j))
        if not part:
            raise InputError(f"{where}: an element is missing between two '|'")
        elements.append(_element(part, where, kind))
    return elements


def _grids(text: str, name: str, kind: str) -> list[list[list[tuple]]]:
    """The text's images (one for tokens: the batch of sequences), as rows of elements."""
    if not isinstance(text, str):
        raise InputError(f"{name} must be text; got {type(text).__name__}")
    lines = _normalized(text).splitlines()
    if kind == "tokens":
        blocks = [[line for line in lines if line.strip()]]
    else:
        blocks, block = [], []
        for line in [*lines, ""]:
            if line.strip():
                block.append(line)
            elif block:
                blocks.append(block)
                block = []
    if not blocks or not blocks[0]:
        what = "one sequence per line" if kind == "tokens" else "one row of pixels per line"
        raise InputError(
            f"{name} is empty: enter {what}, elements separated by '|', each as its label, ':' "
            f"and its logits, e.g. {_EXAMPLE[kind]}"
        )
    grids = []
    count = 0
    for i, block in enumerate(blocks):
        rows = []
        for r, line in enumerate(block):
            index = (r,) if kind == "tokens" else (i, r)
            row = _line_elements(line, name, kind, index)
            count += len(row)
            if count > MAX_ELEMENTS:
                raise InputError(
                    f"{name} has more than {MAX_ELEMENTS:,} elements; enter at most "
                    f"{MAX_ELEMENTS:,}"
                )
            rows.append(row)
        grids.append(rows)
    return grids


def _check_lengths(grids: list[list[list[tuple]]], name: str, kind: str) -> None:
    """Every sequence as long as the first; every mask as large as the first, row by row."""
    if kind == "tokens":
        rows = grids[0]
        for r, row in enumerate(rows[1:], start=2):
            if len(row) != len(rows[0]):
                t = len(rows[0])
                raise InputError(
                    f"{name}: sequence {r} has {len(row)} token(s) but sequence 1 has {t}; pad "
                    f"the shorter ones to {t} tokens with the label ignore_index takes, e.g. "
                    "<pad>/-100: 0 0 0"
                )
        return
    height, width = len(grids[0]), len(grids[0][0])
    for i, rows in enumerate(grids, start=1):
        for r, row in enumerate(rows, start=1):
            if len(row) != width:
                raise InputError(
                    f"{name}, image {i}: row {r} has {len(row)} pixel(s) but row 1 of image 1 "
                    f"has {width}; every row of every mask needs the same number of pixels"
                )
        if len(rows) != height:
            raise InputError(
                f"{name}: image {i} has {len(rows)} row(s) but image 1 has {height}; every mask "
                "needs the same size"
            )


def parse_elements(
    text: str, kind: str, name: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Logits in PyTorch's layout, labels and words from typed tokens or pixels.

    Args:
        text: what the person typed (see the module's docstring for the format).
        kind: ``"tokens"`` (one sequence a line: logits (N, C, T), labels (N, T)) or
            ``"pixels"`` (masks of rows of pixels, separated by blank lines: logits
            (N, C, H, W), labels (N, H, W)).
        name: what the text is called in error messages (``kind`` when None).

    Returns:
        ``(logits, labels, words)``: float64 logits with the classes in dimension 1, int64
        labels, and the words of the tokens (``""`` where none is given; all ``""`` for pixels),
        of the labels' shape.

    Raises:
        InputError: empty text; an element without ':' or label, a label that is not a whole
            number, a logit that is not a finite number (with its place, counted from 1);
            sequences, rows or masks of different sizes; elements with different numbers of
            logits, fewer than 2 or more than ``MAX_CLASSES``; more than ``MAX_ELEMENTS``
            elements; a word on a pixel or longer than ``MAX_WORD_LENGTH``.

    >>> logits, labels, words = parse_elements(
    ...     "the/2: -1 -1.5 3 | cat/0: 2.5 0.3 -0.5\nwe/2: 0.5 -0.5 1.8 | <pad>/-100: 0 0 0",
    ...     "tokens")
    >>> logits.shape, labels.tolist(), words.tolist()
    ((2, 3, 2), [[2, 0], [2, -100]], [['the', 'cat'], ['we', '<pad>']])
    >>> logits[0, :, 1].tolist()  # the logits of token 1 of sequence 0, a column
    [2.5, 0.3, -0.5]
    >>> parse_elements("0: 2 -1 | 1: 0 1\n0: 2 -1 | 255: 0 0", "pixels")[0].shape
    (1, 2, 2, 2)
    >>> parse_elements("a/0: 1 2 | b/1: 1 x", "tokens")
    Traceback (most recent call last):
        ...
    lossviz.errors.InputError: tokens, sequence 1, token 2: 'x' is not a number
    """
    if kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    name = name or kind
    grids = _grids(text, name, kind)
    _check_lengths(grids, name, kind)
    classes = len(grids[0][0][0][2])
    for i, rows in enumerate(grids):
        for r, row in enumerate(rows):
            for j, (_, _, logits) in enumerate(row):
                if len(logits) != classes:
                    index = (r, j) if kind == "tokens" else (i, r, j)
                    raise InputError(
                        f"{_where(name, kind, index)}: {len(logits)} logit(s) but the first "
                        f"element has {classes}; every element needs one logit per class"
                    )
    if not 2 <= classes <= MAX_CLASSES:
        raise InputError(
            f"{name}: each element has {classes} logit(s); give 2 to {MAX_CLASSES}, one per class"
        )
    elements = [[list(row) for row in rows] for rows in grids]
    # (images, rows, elements) of (word, label, logits); tokens are one image of N sequences.
    words = np.array([[[e[0] for e in row] for row in rows] for rows in elements], dtype=object)
    labels = np.array([[[e[1] for e in row] for row in rows] for rows in elements], np.int64)
    values = np.array([[[e[2] for e in row] for row in rows] for rows in elements], np.float64)
    if kind == "tokens":
        words, labels, values = words[0], labels[0], values[0]
    # The classes come last as typed; PyTorch wants them in dimension 1.
    return np.moveaxis(values, -1, 1), labels, words.astype(str)


def _split_names(text: str) -> list[str]:
    text = _normalized(text)
    for separator in ("\n", ";", ","):
        if separator in text:
            return [name.strip() for name in text.split(separator) if name.strip()]
    return [text.strip()] if text.strip() else []


@dataclass(frozen=True, eq=False)
class ElementBatch:
    """N sequences or masks, each element scored over C classes, checked together.

    Attributes:
        kind: ``"tokens"`` or ``"pixels"``.
        logits: (N, C, T) or (N, C, H, W), PyTorch's layout for ``cross_entropy``.
        labels: (N, T) or (N, H, W) class labels (any whole number: which are classes and which
            ``ignore_index`` is for the loss to say).
        words: the tokens' words, of the labels' shape (``""`` where none is given).
        class_names: C names shown in charts and tables.
        weight: optional (C,) class weights (finite and >= 0).

    >>> batch = ElementBatch.from_text("tokens", "a/0: 1 2 | b/1: 0 3", "noun, verb", "1, 2")
    >>> batch.logits.shape, batch.element_shape, batch.class_names, batch.weight.tolist()
    ((1, 2, 2), (1, 2), ('noun', 'verb'), [1.0, 2.0])
    """

    kind: str
    logits: np.ndarray
    labels: np.ndarray
    words: np.ndarray
    class_names: tuple[str, ...]
    weight: np.ndarray | None = None

    def __post_init__(self) -> None:
        c = self.num_classes
        names = tuple(str(name) for name in self.class_names) or tuple(
            f"class {i}" for i in range(c)
        )
        if len(names) != c:
            raise InputError(f"{len(names)} class name(s) given for {c} classes")
        repeated = [name for i, name in enumerate(names) if name in names[:i]]
        if repeated:
            raise InputError(f"class name {repeated[0]!r} appears more than once")
        long = [name for name in names if len(name) > MAX_CLASS_NAME_LENGTH]
        if long:
            raise InputError(
                f"class name {long[0][:20]!r}... is longer than {MAX_CLASS_NAME_LENGTH} characters"
            )
        object.__setattr__(self, "class_names", names)
        object.__setattr__(self, "weight", as_class_weight(self.weight, c))

    @classmethod
    def from_text(
        cls, kind: str, elements: str, class_names: str = "", weight: str = ""
    ) -> ElementBatch:
        """A batch from the three texts a person types; errors name the field at fault."""
        logits, labels, words = parse_elements(elements, kind)
        weights = parse_matrix(weight, "weight").ravel() if weight.strip() else None
        return cls(kind, logits, labels, words, tuple(_split_names(class_names)), weights)

    @property
    def num_classes(self) -> int:
        return int(self.logits.shape[1])

    @property
    def element_shape(self) -> tuple[int, ...]:
        """The labels' shape: (N, T) or (N, H, W)."""
        return tuple(int(n) for n in self.labels.shape)

    @property
    def num_elements(self) -> int:
        return int(self.labels.size)


def format_elements(logits: np.ndarray, labels: np.ndarray, words: np.ndarray | None = None) -> str:
    """The text ``parse_elements`` reads back as these logits, labels (and words).

    The kind follows the labels: (N, T) are sequences, (N, H, W) masks.

    >>> print(format_elements(np.array([[[1.0, 0.5], [2.0, -1.0]]]), np.array([[1, -100]]),
    ...                       np.array([["cat", "<pad>"]])))
    cat/1: 1 2 | <pad>/-100: 0.5 -1
    """
    labels = np.asarray(labels)
    values = np.moveaxis(np.asarray(logits, dtype=np.float64), 1, -1)
    if labels.ndim == 2:
        labels, values = labels[None], values[None]
        words = None if words is None else np.asarray(words)[None]
    images = []
    for i in range(labels.shape[0]):
        lines = []
        for r in range(labels.shape[1]):
            cells = []
            for j in range(labels.shape[2]):
                word = "" if words is None else str(words[i, r, j])
                head = f"{word}/{labels[i, r, j]}" if word else str(labels[i, r, j])
                row = format_matrix(values[i, r, j][None, :], digits=None)
                cells.append(f"{head}: {row.replace(', ', ' ')}")
            lines.append(" | ".join(cells))
        images.append("\n".join(lines))
    return "\n\n".join(images)


@dataclass(frozen=True)
class ElementPreset:
    """A ready-made batch of one kind: its text, class names, weights, and the ``ignore_index``
    its padding or border label needs."""

    kind: str
    elements: str
    class_names: str
    weight: str = ""
    ignore_index: int = -100

    def batch(self) -> ElementBatch:
        return ElementBatch.from_text(self.kind, self.elements, self.class_names, self.weight)


def _lines(*rows: tuple[str, ...]) -> str:
    """Rows of elements as typed: one a line, elements separated by ``|``."""
    return "\n".join(" | ".join(row) for row in rows)


_SENTENCES = _lines(
    (
        "the/2: -1 -1.5 3",
        "cat/0: 2.5 0.3 -0.5",
        "sat/1: 1.2 0.9 -0.3",
        "on/2: -0.8 -0.2 2.1",
        "mats/0: 1 1.4 0.2",
    ),
    (
        "birds/0: 2.2 0.5 -1",
        "sing/1: 0.1 2 0.3",
        "loudly/2: 0.4 0.6 1.2",
        "<pad>/-100: 0.3 -0.2 0.1",
        "<pad>/-100: 0.9 0.1 -0.4",
    ),
    (
        "we/2: 0.5 -0.5 1.8",
        "ran/1: 0.2 1.9 0.4",
        "<pad>/-100: 0.3 -0.2 0.1",
        "<pad>/-100: 0.9 0.1 -0.4",
        "<pad>/-100: -0.6 0.2 0.8",
    ),
)

_PAD_CLASS = _lines(
    (
        "the/3: -2 -1 -1.5 3",
        "cat/1: -2 2.5 0.3 -0.5",
        "sat/2: -2 1.2 0.9 -0.3",
        "on/3: -2 -0.8 -0.2 2.1",
        "mats/1: -2 1 1.4 0.2",
    ),
    (
        "birds/1: -2 2.2 0.5 -1",
        "sing/2: -2 0.1 2 0.3",
        "loudly/3: -2 0.4 0.6 1.2",
        "<pad>/0: 3 0.3 -0.2 0.1",
        "<pad>/0: 3.5 0.9 0.1 -0.4",
    ),
    (
        "we/3: -2 0.5 -0.5 1.8",
        "ran/2: -2 0.2 1.9 0.4",
        "<pad>/0: 3 0.3 -0.2 0.1",
        "<pad>/0: 3.5 0.9 0.1 -0.4",
        "<pad>/0: 4 -0.6 0.2 0.8",
    ),
)

_SCENE = _lines(
    (
        "0: 3 -1 -1",
        "0: 2.5 0.5 -1",
        "0: 2.5 0 -1",
        "0: 3 -1 -1",
    ),
    (
        "0: 2 1.5 -1",
        "1: 0.5 2.5 0",
        "1: 0 3 0.5",
        "0: 1 1.2 -0.5",
    ),
    (
        "-100: -1 1.5 1",
        "1: -0.5 2 1.5",
        "1: -1 2.5 0.5",
        "2: -1 0.5 2.5",
    ),
    (
        "2: -1 0 3",
        "2: -1 0.5 2.5",
        "2: -1 0 3",
        "2: -1 -0.5 3",
    ),
)

_BORDER = _lines(
    (
        "0: 3 -2",
        "0: 3 -2",
        "0: 3 -2",
        "0: 3 -2",
        "0: 3 -2",
        "0: 3 -2",
    ),
    (
        "0: 3 -2",
        "255: 1 0.5",
        "255: 0.5 0.8",
        "255: 0.5 0.8",
        "255: 1 0.5",
        "0: 3 -2",
    ),
    (
        "0: 3 -2",
        "255: 0.5 0.8",
        "1: -1.5 2.5",
        "1: -1 2",
        "255: 0.5 0.8",
        "0: 3 -2",
    ),
    (
        "0: 3 -2",
        "255: 0.5 0.8",
        "1: -1 2",
        "1: 0.5 0.2",
        "255: 0.5 0.8",
        "0: 3 -2",
    ),
    (
        "0: 3 -2",
        "255: 1 0.5",
        "255: 0.5 0.8",
        "255: 0.5 0.8",
        "255: 1 0.5",
        "0: 3 -2",
    ),
    (
        "0: 3 -2",
        "0: 3 -2",
        "0: 3 -2",
        "0: 3 -2",
        "0: 3 -2",
        "0: 2 -1",
    ),
)

#: name -> preset. Sequences: three sentences tagged noun / verb / other, padded with -100 (what
#: PyTorch ignores by default), or with a padding class 0 and ignore_index=0. Masks: a 4 x 4
#: scene of three classes with one pixel left unlabelled (-100); a 6 x 6 object whose border is
#: labelled 255, as Pascal VOC does.
PRESETS: dict[str, ElementPreset] = {
    "sentences": ElementPreset("tokens", _SENTENCES, "noun, verb, other"),
    "pad_class": ElementPreset("tokens", _PAD_CLASS, "<pad>, noun, verb, other", ignore_index=0),
    "scene": ElementPreset("pixels", _SCENE, "sky, tree, grass"),
    "voc_border": ElementPreset("pixels", _BORDER, "background, cat", ignore_index=255),
}


def presets_of(kind: str) -> list[str]:
    """The names of the presets of one kind, in order.

    >>> presets_of("tokens"), presets_of("pixels")
    (['sentences', 'pad_class'], ['scene', 'voc_border'])
    """
    return [name for name, preset in PRESETS.items() if preset.kind == kind]
