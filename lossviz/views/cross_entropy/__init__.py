"""The cross-entropy page (LogSoftmax + NLL, step by step): its formulas, figures, tables, snippets
and strings.
"""
