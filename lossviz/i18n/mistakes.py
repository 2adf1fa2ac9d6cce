"""The mistakes page."""

STRINGS: dict[str, dict[str, str]] = {}
