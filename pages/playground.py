"""The training playground: a small classifier trained live."""

import streamlit as st

from lossviz.ui.frame import page_context

context = page_context()
st.title(context.t("nav.playground"))
