"""The regression page."""

STRINGS: dict[str, dict[str, str]] = {}
