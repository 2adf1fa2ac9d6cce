"""The softmax and temperature page: its formulas, figures, tables, snippets and strings."""
