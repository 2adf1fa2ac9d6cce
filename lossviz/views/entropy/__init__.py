"""The entropy, cross-entropy and KL page: its formulas, figures, tables, snippets and strings."""
