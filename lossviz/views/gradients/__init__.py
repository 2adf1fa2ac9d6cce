"""The gradients page: its formulas, figures, tables, snippets and strings."""
