"""lossviz: the Streamlit entry point. It routes to the pages and draws the frame they share."""

import streamlit as st

from lossviz.i18n import t
from lossviz.ui import state
from lossviz.ui.frame import sidebar

st.set_page_config(page_title="lossviz", page_icon="📉", layout="wide")

lang = state.language()
#: (script, title key, icon). A page's URL path is its file name (/softmax, /cross_entropy, ...):
#: a fresh server resolves a first deep link by file name before st.navigation has run.
PAGES = [
    ("pages/softmax.py", "nav.softmax", ":material/percent:"),
    ("pages/cross_entropy.py", "nav.cross_entropy", ":material/call_split:"),
    ("pages/binary_cross_entropy.py", "nav.binary", ":material/contrast:"),
    ("pages/gradients.py", "nav.gradients", ":material/trending_down:"),
    ("pages/entropy_kl.py", "nav.entropy", ":material/stacked_bar_chart:"),
]
navigation = st.navigation(
    [st.Page("pages/home.py", title=t("nav.home", lang), icon=":material/home:", default=True)]
    + [st.Page(script, title=t(title, lang), icon=icon) for script, title, icon in PAGES]
)
state.enter_page(navigation.url_path)
sidebar()
navigation.run()
state.sync_url()
