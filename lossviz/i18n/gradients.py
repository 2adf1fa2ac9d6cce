"""Strings of the gradients page."""

STRINGS: dict[str, dict[str, str]] = {}
