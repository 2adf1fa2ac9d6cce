"""The imbalance page."""

STRINGS: dict[str, dict[str, str]] = {}
