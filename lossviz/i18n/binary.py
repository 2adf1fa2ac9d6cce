"""Strings of the binary page."""

STRINGS: dict[str, dict[str, str]] = {}
