"""How each page presents its lesson: one package per topic, holding that page's

- ``formulas``: LaTeX with the live numbers (strings),
- ``figures``: Plotly figure builders (pure functions returning ``go.Figure``),
- ``tables``: the numbers behind each chart, as columns (name -> values),
- ``snippets``: copyable PyTorch code that reproduces the page's numbers,
- ``strings.toml``: every text a person reads there, in English and 简体中文 (data, read by
  ``lossviz.i18n``).

Rules every topic keeps:

- No user text reaches the LaTeX renderer: formulas name classes by index (:math:`p_2`), never
  by the names the learner typed.
- Figures escape class names (``shared.palette.plain_text``) before Plotly reads them.
- Table columns carry class names as plain text; a table shows them as text, never as markup.
- A snippet is self-contained: it writes out its tensors (in float64, or in the dtype the
  stability page compares; the playground reads the data set the page offers as a CSV) and
  calls PyTorch's own functions. Tests run every snippet and compare its numbers with lossviz's.

What several topics share (the palette, number and LaTeX formatting, common strings) is in
``views.shared``. Nothing here imports Streamlit: pages hand these results to Streamlit.
"""
