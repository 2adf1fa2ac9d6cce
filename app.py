"""lossviz: the Streamlit entry point. It routes to the pages and draws the frame they share."""

import streamlit as st

from lossviz.i18n import t
from lossviz.ui import state
from lossviz.ui.frame import sidebar

st.set_page_config(page_title="lossviz", page_icon="📉", layout="wide")

lang = state.current().lang
pages = [
    st.Page("pages/home.py", title=t("nav.home", lang), icon=":material/home:", default=True),
    st.Page(
        "pages/softmax.py",
        title=t("nav.softmax", lang),
        icon=":material/percent:",
        url_path="softmax",
    ),
]
navigation = st.navigation(pages)
sidebar()
navigation.run()
state.sync_url()
