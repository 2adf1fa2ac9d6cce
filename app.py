"""lossviz: the seed example, computed by the core, until the explainer pages land."""

import streamlit as st

import lossviz

st.set_page_config(page_title="lossviz", page_icon="📉")
st.title("lossviz")
st.write(
    "Classification losses computed step by step, exactly as PyTorch computes them. "
    "A picture is scored cat / dog / pig with logits [1.3, 1.3, 2.6]; the true class is pig."
)
result = lossviz.cross_entropy([[1.3, 1.3, 2.6]], [2])
st.table({"class": ["cat", "dog", "pig"], "logit": [1.3, 1.3, 2.6], "softmax": result.probs[0]})
st.latex(rf"\text{{loss}} = -\log p_{{\text{{pig}}}} = -\log {result.probs[0, 2]:.4f} = {result.loss:.4f}")
st.caption(f"PyTorch's F.cross_entropy gives {result.reference:.4f} (difference {result.difference:.1e}).")
