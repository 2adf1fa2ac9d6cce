"""A common mistake's calls as a table: wrong or right, the code and what PyTorch gave."""

from __future__ import annotations

from lossviz.lessons.mistakes import Demonstration
from lossviz.views.shared.numbers import format_number

__all__ = ["calls_table"]


def calls_table(
    demo: Demonstration, labels: dict[str, str], roles: dict[str, str], headers: dict[str, str]
) -> dict:
    """One row per call of a mistake's demonstration: wrong or right, what it is, its code and
    what PyTorch gave (the value, or the error it raised).

    ``labels`` maps each call's case to its name, ``roles`` maps ``reference``, ``wrong`` and
    ``right`` to words; ``headers`` maps ``role``, ``case``, ``code``, ``result``.

    >>> from lossviz.lessons.mistakes import demonstrate
    >>> demo = demonstrate("targets_not_class_indices")
    >>> table = calls_table(demo, {c.case: c.case for c in demo.calls},
    ...     {"reference": "ref", "wrong": "wrong", "right": "right"},
    ...     {k: k for k in ["role", "case", "code", "result"]})
    >>> table["result"][3], table["result"][4], table["role"][4]
    ('IndexError: Target 3 is out of bounds.', '0.3920', 'right')
    """
    rows = [
        (role, call)
        for role, calls in (
            ("reference", demo.reference),
            ("wrong", demo.wrong),
            ("right", demo.right),
        )
        for call in calls
    ]
    return {
        headers["role"]: [roles[role] for role, _ in rows],
        headers["case"]: [labels[call.case] for _, call in rows],
        headers["code"]: [call.code for _, call in rows],
        headers["result"]: [
            call.error if call.raised else format_number(call.value) for _, call in rows
        ],
    }
