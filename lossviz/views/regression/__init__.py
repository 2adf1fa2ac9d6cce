"""The regression-losses page: its formulas, figures, tables, snippets and strings."""
