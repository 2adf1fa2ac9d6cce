"""The common-mistakes page: its formulas, figures, tables, snippets and strings."""
