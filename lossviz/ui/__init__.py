"""The Streamlit layer: session and URL state, the shared frame, and widgets every page uses.

The only part of ``lossviz`` besides ``app.py`` and ``pages/`` that imports Streamlit.
"""
