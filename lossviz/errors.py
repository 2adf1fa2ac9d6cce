"""The one error class lossviz raises for input a person can fix."""

from __future__ import annotations

__all__ = ["InputError"]


class InputError(ValueError):
    """Invalid input, with a message that says what is wrong and where.

    A subclass of ``ValueError`` so callers that already catch ``ValueError`` keep working.

    >>> try:
    ...     raise InputError("row 3, column 2: 'abc' is not a number")
    ... except ValueError as error:
    ...     print(error)
    row 3, column 2: 'abc' is not a number
    """
