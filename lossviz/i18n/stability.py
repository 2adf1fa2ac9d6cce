"""The stability page."""

STRINGS: dict[str, dict[str, str]] = {}
