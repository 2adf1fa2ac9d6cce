"""Home: what lossviz is, and the batch every page works on."""

import streamlit as st

from lossviz.ui.frame import page_context, page_links
from lossviz.ui.presenter import introduction
from lossviz.views.frame.tables import batch_table

context = page_context()
batch = context.batch

st.title(context.t("frame.title"))
introduction(context.t("home.intro"), context.lang)
st.info(
    context.t(
        "home.seed",
        names=" / ".join(["cat", "dog", "猪八戒"]),
        logits="[1.3, 1.3, 2.6]",
        true="猪八戒",
    ),
    icon=":material/pets:",
)
st.header(context.t("home.pages"))
page_links(context.lang)
st.header(context.t("home.table"))
st.caption(context.t("batch.summary", samples=batch.num_samples, classes=batch.num_classes))
st.dataframe(batch_table(batch, context.t("common.target")))
