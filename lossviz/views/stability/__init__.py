"""The numerical-stability page: its formulas, figures, tables, snippets and strings."""
