"""Figure builders: pure functions from results to ``plotly.graph_objects.Figure``.

They import Plotly and NumPy only (no Streamlit), take already-translated text, and are tested
headless by their traces and axes.
"""
