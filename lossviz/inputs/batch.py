"""One batch a person works on: logits, targets, class names and class weights, checked together.

Class names as text (the sidebar's field and the link's ``names``) are separated by line breaks,
or else by ``;``, or else by commas: the first of these found outside quotes. A name in double
quotes is taken as it is, separators and spaces included: ``"a, b", c`` is two names.
``format_class_names`` writes names that way, so any names read back as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lossviz.errors import InputError
from lossviz.inputs.parsing import format_labels, format_matrix, parse_labels, parse_matrix
from lossviz.validation import (
    as_class_indices,
    as_class_weight,
    as_logit_matrix,
    as_unit_interval,
)

__all__ = [
    "IGNORE_INDEX",
    "MAX_CLASSES",
    "MAX_CLASS_NAME_LENGTH",
    "Batch",
    "format_class_names",
    "parse_class_names",
]

MAX_CLASS_NAME_LENGTH = 40
#: The most classes a batch may have: every page draws and tabulates each class.
MAX_CLASSES = 1_000
#: The label of a sample the loss leaves out: PyTorch's default ``ignore_index``, the padding
#: marker of sequence batches.
IGNORE_INDEX = -100

#: What separates class names, by priority: the first found outside quotes is used.
_NAME_SEPARATORS = ("\n", ";", "\uff1b", ",", "\uff0c")  # line break ; ； , ，
_QUOTE = '"'
_BLANK = " \t\r\n\f\v\u3000"


def _fields(text: str, separators: str) -> tuple[list[tuple[str, bool]], set[str]]:
    """The fields of ``text`` between any of ``separators`` as (text, quoted), and the
    separators met outside quotes.

    A field whose first character other than a space is a quote, and whose closing quote (a
    quote not doubled) is followed by nothing but spaces up to a separator or the end, is
    quoted: it is the text between the quotes, with ``""`` read as ``"``. Any other field runs
    to the next separator, without its surrounding spaces.
    """
    fields: list[tuple[str, bool]] = []
    met: set[str] = set()
    i, n = 0, len(text)
    while True:
        start = i
        while start < n and text[start] in _BLANK and text[start] not in separators:
            start += 1
        if start < n and text[start] == _QUOTE:
            end = start + 1
            while (end := text.find(_QUOTE, end)) >= 0 and text.startswith(_QUOTE * 2, end):
                end += 2
            after = end + 1
            while 0 < after < n and text[after] in _BLANK and text[after] not in separators:
                after += 1
            if end >= 0 and (after == n or text[after] in separators):
                fields.append((text[start + 1 : end].replace(_QUOTE * 2, _QUOTE), True))
                if after == n:
                    return fields, met
                met.add(text[after])
                i = after + 1
                continue
        stop = min((j for j in (text.find(s, i) for s in separators) if j >= 0), default=n)
        fields.append((text[i:stop].strip(_BLANK), False))
        if stop == n:
            return fields, met
        met.add(text[stop])
        i = stop + 1


def parse_class_names(text: str) -> list[str]:
    """Class names from typed text (see the module's docstring); blank names are skipped.

    >>> parse_class_names("cat, dog, 猪八戒")
    ['cat', 'dog', '猪八戒']
    >>> parse_class_names('"a, b"; c')
    ['a, b', 'c']
    >>> parse_class_names("a;b, c")
    ['a', 'b, c']
    """
    _, met = _fields(text, "".join(_NAME_SEPARATORS))
    separator = next((s for s in _NAME_SEPARATORS if s in met), "")
    fields, _ = _fields(text, separator)
    return [name for name, quoted in fields if quoted or name]


def format_class_names(names: object) -> str:
    """Class names as text that ``parse_class_names`` reads back to the same names.

    Names are joined by ``, ``; a name that holds a separator or a quote, starts or ends with a
    space, or is empty, is put in double quotes, with a quote inside it doubled.

    >>> print(format_class_names(["cat", "a, b", 'a "big" cat']))
    cat, "a, b", "a ""big"" cat"
    """
    parts = []
    for name in map(str, names):
        plain = (
            name
            and name == name.strip(_BLANK)
            and not any(mark in name for mark in (*_NAME_SEPARATORS, _QUOTE))
        )
        parts.append(name if plain else _QUOTE + name.replace(_QUOTE, _QUOTE * 2) + _QUOTE)
    return ", ".join(parts)


@dataclass(frozen=True, eq=False)
class Batch:
    """N samples scored over C classes.

    Attributes:
        logits: (N, C) raw scores, at most ``MAX_CLASSES`` classes.
        target: (N,) class labels (``IGNORE_INDEX``, -100, for a sample the loss leaves out),
            or (N, C) class probabilities (soft targets).
        class_names: C different names shown in charts and tables.
        weight: optional (C,) class weights.

    >>> batch = Batch.from_text("1.3, 1.3, 2.6", "2", "cat, dog, pig")
    >>> batch.num_samples, batch.num_classes, batch.soft_target, batch.class_names[2]
    (1, 3, False, 'pig')
    """

    logits: np.ndarray
    target: np.ndarray
    class_names: tuple[str, ...]
    weight: np.ndarray | None = None

    def __post_init__(self) -> None:
        logits = as_logit_matrix(self.logits)
        n, c = logits.shape
        target = np.asarray(self.target)
        if target.ndim == 2:
            if target.shape != (n, c):
                raise InputError(
                    f"target has {target.shape[0]} row(s) of {target.shape[1]} probabilities but "
                    f"logits have {n} row(s) of {c} classes"
                )
            target = as_unit_interval(target, "target")
        else:
            target = as_class_indices(target, n, c, ignore_index=IGNORE_INDEX)
        if c > MAX_CLASSES:
            raise InputError(
                f"logits have {c:,} classes; at most {MAX_CLASSES:,} classes can be shown"
            )
        names = tuple(str(name) for name in self.class_names) or tuple(
            f"class {i}" for i in range(c)
        )
        if len(names) != c:
            raise InputError(f"{len(names)} class name(s) given for {c} classes")
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise InputError(f"class name {name!r} appears more than once")
            seen.add(name)
        long = [name for name in names if len(name) > MAX_CLASS_NAME_LENGTH]
        if long:
            raise InputError(
                f"class name {long[0][:20]!r}... is longer than {MAX_CLASS_NAME_LENGTH} characters"
            )
        object.__setattr__(self, "logits", logits)
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "class_names", names)
        object.__setattr__(self, "weight", as_class_weight(self.weight, c))

    @property
    def num_samples(self) -> int:
        return int(self.logits.shape[0])

    @property
    def num_classes(self) -> int:
        return int(self.logits.shape[1])

    @property
    def soft_target(self) -> bool:
        return self.target.ndim == 2

    @property
    def labels(self) -> np.ndarray:
        """(N,) the most likely target class of each sample (the label itself for index targets,
        -100 included)."""
        return self.target.argmax(axis=1) if self.soft_target else self.target

    @property
    def ignored(self) -> np.ndarray:
        """(N,) whether each sample is labelled ``IGNORE_INDEX`` (never for soft targets)."""
        if self.soft_target:
            return np.zeros(self.num_samples, dtype=bool)
        return self.target == IGNORE_INDEX

    @property
    def target_matrix(self) -> np.ndarray:
        """(N, C) targets as probability rows: one-hot for labels (a row of zeros for an ignored
        sample), as given for soft targets."""
        if self.soft_target:
            return self.target
        return (
            np.eye(self.num_classes)[np.where(self.ignored, 0, self.target)]
            * ~self.ignored[:, None]
        )

    def labelled(self) -> Batch | None:
        """The samples that are not ignored, as a batch (this one when none is); None when every
        sample is ignored.

        >>> batch = Batch.from_text("1, 2; 3, 4; 5, 6", "1, -100, 0")
        >>> batch.labelled().target.tolist(), Batch.from_text("1, 2", "-100").labelled()
        ([1, 0], None)
        """
        kept = ~self.ignored
        if kept.all():
            return self
        if not kept.any():
            return None
        return Batch(self.logits[kept], self.target[kept], self.class_names, self.weight)

    @classmethod
    def from_text(cls, logits: str, target: str, class_names: str = "", weight: str = "") -> Batch:
        """A batch from the four texts a person types; errors name the field at fault.

        The target is labels (``2, 0``: one per sample; -100 for a sample the loss leaves out)
        or probability rows (one row of C values per sample).
        """
        matrix = parse_matrix(logits, "logits")
        n, c = matrix.shape
        target_text = target.strip()
        if not target_text:
            raise InputError("target is empty: enter one class label per sample, e.g. 2, 0")
        rows = parse_matrix(target_text, "target")
        if rows.shape == (n, c) and c > 1 and not (n == 1 and c == 1):
            target_values: np.ndarray = rows
        else:
            target_values = parse_labels(target_text, "target")
            if target_values.shape[0] != n:
                raise InputError(
                    f"target has {target_values.shape[0]} label(s) but logits have {n} row(s): "
                    f"give one label per sample, or one row of {c} probabilities per sample"
                )
        weights = parse_matrix(weight, "weight").ravel() if weight.strip() else None
        return cls(matrix, target_values, tuple(parse_class_names(class_names)), weights)

    def to_text(self) -> dict[str, str]:
        """The four texts that give this batch back with ``from_text``."""
        return {
            "logits": format_matrix(self.logits, digits=None),
            "target": format_matrix(self.target, digits=None)
            if self.soft_target
            else format_labels(self.target),
            "class_names": format_class_names(self.class_names),
            "weight": format_matrix(self.weight[None, :], digits=None)
            if self.weight is not None
            else "",
        }
