"""What the lessons compute beyond the losses themselves: gradient summaries, class imbalance,
numerical stability, common mistakes run live, line fits, toy data sets and a training loop.

Torch and NumPy only, like the core they build on; no presentation, no Streamlit.
"""
