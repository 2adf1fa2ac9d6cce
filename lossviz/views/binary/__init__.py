"""The binary cross-entropy page (BCELoss beside BCEWithLogitsLoss): its formulas, figures, tables,
snippets and strings.
"""
