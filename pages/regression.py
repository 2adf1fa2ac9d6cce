"""Regression losses: MSE, L1, SmoothL1 and Huber."""

import streamlit as st

from lossviz.ui.frame import page_context

context = page_context()
st.title(context.t("nav.regression"))
