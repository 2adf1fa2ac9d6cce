"""Common mistakes, each beside its correct version."""

import streamlit as st

from lossviz.ui.frame import page_context

context = page_context()
st.title(context.t("nav.mistakes"))
