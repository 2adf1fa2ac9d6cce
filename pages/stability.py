"""Numerical stability: naive softmax-then-log against log-sum-exp."""

import streamlit as st

from lossviz.ui.frame import page_context

context = page_context()
st.title(context.t("nav.stability"))
