"""The imbalance page (class weights, focal loss, label smoothing): its formulas, figures, tables,
snippets and strings.
"""
