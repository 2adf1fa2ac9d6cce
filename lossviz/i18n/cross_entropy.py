"""Strings of the cross_entropy page."""

STRINGS: dict[str, dict[str, str]] = {}
