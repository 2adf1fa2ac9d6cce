"""Strings of the entropy page."""

STRINGS: dict[str, dict[str, str]] = {}
