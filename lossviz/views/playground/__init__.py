"""The training playground: its formulas, figures, tables, snippets and strings."""
