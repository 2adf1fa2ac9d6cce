"""The playground page."""

STRINGS: dict[str, dict[str, str]] = {}
