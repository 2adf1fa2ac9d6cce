"""How each page presents its lesson: one package per topic, holding that page's

- ``formulas``: LaTeX with the live numbers (strings),
- ``figures``: Plotly figure builders (pure functions returning ``go.Figure``),
- ``tables``: the numbers behind each chart, as columns,
- ``snippets``: copyable PyTorch code that reproduces the page's numbers,
- ``strings.toml``: every text a person reads there, in English and 简体中文 (data, read by
  ``lossviz.i18n``).

What several topics share (the palette, number and LaTeX formatting, common strings) is in
``views.shared``. Nothing here imports Streamlit: pages hand these results to Streamlit.
"""
