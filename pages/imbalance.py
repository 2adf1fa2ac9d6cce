"""Imbalance: class weights, focal loss and label smoothing."""

import streamlit as st

from lossviz.ui.frame import page_context

context = page_context()
st.title(context.t("nav.imbalance"))
