"""Numbers written for tables: fixed digits, compact forms, infinities as words."""

from __future__ import annotations

import numpy as np

__all__ = [
    "compact_number",
    "format_number",
    "infinity_as_text",
]


def format_number(value: float, digits: int = 4) -> str:
    """A number as plain text for captions and table cells: ``∞`` for infinity, never ``inf``.

    >>> format_number(0.4351), format_number(float("inf")), format_number(float("nan"))
    ('0.4351', '∞', 'NaN')
    >>> format_number(-1.5e-7), format_number(2.5e7)
    ('-1.500e-07', '2.500e+07')
    """
    value = float(value)
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 10 ** (-digits)):
        return f"{value:.{digits - 1}e}"
    return f"{value:.{digits}f}"


def infinity_as_text(columns: dict) -> dict:
    """The table with each column that holds an infinite value turned into text (``∞``).

    Other columns stay numbers, so the usual table, with finite values only, is unchanged.

    >>> infinity_as_text({"a": np.array([0.03333333, np.inf]), "b": np.array([1.5, 2.0])})
    {'a': ['0.0333333', '∞'], 'b': array([1.5, 2. ])}
    """
    result = {}
    for name, values in columns.items():
        array = np.asarray(values)
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            result[name] = [
                f"{v:.6g}" if np.isfinite(v) else format_number(v) for v in array.tolist()
            ]
        else:
            result[name] = values
    return result


def compact_number(value: float) -> str:
    """A number in at most 6 significant digits, ``∞`` and ``NaN`` as such (for captions).

    >>> compact_number(260.0), compact_number(2.6e-23), compact_number(float("-inf"))
    ('260', '2.6e-23', '-∞')
    """
    value = float(value)
    return f"{value:.6g}" if np.isfinite(value) else format_number(value)
