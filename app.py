"""lossviz: the Streamlit entry point. It routes to the pages and draws the frame they share."""

import streamlit as st

from lossviz.i18n import t
from lossviz.ui import state
from lossviz.ui.frame import sidebar

st.set_page_config(page_title="lossviz", page_icon="📉", layout="wide")

lang = state.current().lang
#: (script, title key, icon, URL path)
PAGES = [
    ("pages/softmax.py", "nav.softmax", ":material/percent:", "softmax"),
    ("pages/cross_entropy.py", "nav.cross_entropy", ":material/call_split:", "cross-entropy"),
    ("pages/binary.py", "nav.binary", ":material/contrast:", "binary-cross-entropy"),
    ("pages/gradients.py", "nav.gradients", ":material/trending_down:", "gradients"),
    ("pages/entropy.py", "nav.entropy", ":material/stacked_bar_chart:", "entropy-kl"),
]
navigation = st.navigation(
    [st.Page("pages/home.py", title=t("nav.home", lang), icon=":material/home:", default=True)]
    + [
        st.Page(script, title=t(title, lang), icon=icon, url_path=path)
        for script, title, icon, path in PAGES
    ]
)
sidebar()
navigation.run()
state.sync_url()
