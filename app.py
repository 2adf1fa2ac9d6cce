"""lossviz: the Streamlit entry point. It routes to the pages and draws the frame they share."""

import streamlit as st
import torch

from lossviz.i18n import t
from lossviz.ui import memory, state, style
from lossviz.ui.frame import route, sidebar
from lossviz.ui.reconnect import keep_first_fragment_rerun

# Sessions run in parallel threads; torch's own thread pool on top of them only contends
# (a 1000 x 3 cross-entropy took 27-43 ms with two threads on a busy 2-core machine, 0.8 ms
# with one). See docs/performance.md.
torch.set_num_threads(1)
# A browser that reconnects to this process after its own died keeps its next change (serve.py
# installs this before the server starts; here for `streamlit run app.py`).
keep_first_fragment_rerun()
st.set_page_config(page_title="lossviz", page_icon="📉", layout="wide")
memory.keep_trimming()  # freed memory goes back to the system (docs/performance.md)

lang = state.language()
#: Sections (title key) of (script, title key, icon). A page's URL path is its file name
#: (/softmax, /cross_entropy, ...): a fresh server resolves a first deep link by file name before
#: st.navigation has run.
SECTIONS = {
    "nav.section.basics": [
        ("pages/softmax.py", "nav.softmax", ":material/percent:"),
        ("pages/cross_entropy.py", "nav.cross_entropy", ":material/call_split:"),
        ("pages/binary_cross_entropy.py", "nav.binary", ":material/contrast:"),
        ("pages/gradients.py", "nav.gradients", ":material/trending_down:"),
        ("pages/entropy_kl.py", "nav.entropy", ":material/stacked_bar_chart:"),
    ],
    "nav.section.beyond": [
        ("pages/imbalance.py", "nav.imbalance", ":material/balance:"),
        ("pages/stability.py", "nav.stability", ":material/warning:"),
        ("pages/mistakes.py", "nav.mistakes", ":material/bug_report:"),
        ("pages/sequences.py", "nav.sequences", ":material/grid_on:"),
        ("pages/regression.py", "nav.regression", ":material/show_chart:"),
        ("pages/playground.py", "nav.playground", ":material/model_training:"),
    ],
}
route(SECTIONS)
present = state.current().present
home = st.Page("pages/home.py", title=t("nav.home", lang), icon=":material/home:", default=True)
navigation = st.navigation(
    {"": [home]}
    | {
        t(section, lang): [
            st.Page(script, title=t(title, lang), icon=icon) for script, title, icon in pages
        ]
        for section, pages in SECTIONS.items()
    },
    position="hidden" if present else "sidebar",  # presenter mode: no sidebar
)
style.apply(present)
state.enter_page(navigation.url_path)
sidebar()
navigation.run()
state.sync_url()
