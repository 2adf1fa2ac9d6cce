"""Softmax and temperature: from logits to probabilities, beside sigmoid."""

import numpy as np
import streamlit as st

from lossviz.lessons.predictions import probability_question
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import agreement_badge, code_panel, numbers_table
from lossviz.ui.fragments import page_fragment
from lossviz.ui.frame import PageContext, first_rows_note, page_context, sample_picker
from lossviz.ui.predict import predict_first, teaching_tools
from lossviz.ui.presenter import Step, derivation, introduction
from lossviz.views.softmax import figures, formulas, snippets
from lossviz.views.softmax.scales import temperature_stops
from lossviz.views.softmax.tables import softmax_table

TEMPERATURES = np.geomspace(0.05, 20.0, 120)

context = page_context()
st.title(context.t("softmax.title"))
introduction(context.t("softmax.intro"), context.lang)


def lesson(context: PageContext) -> None:
    """The temperature, the sample and the shift, and everything they change."""
    batch, t = context.batch, context.t
    teaching_tools(context, "softmax")
    controls = st.columns(3)
    with controls[0]:
        # A log scale: T = 1 near the middle, 0.1 and 10 as far from it on either side.
        temperature = state.bound(
            st.select_slider,
            "temperature",
            t("softmax.temperature"),
            options=temperature_stops(context.state.temperature),
            format_func=lambda value: f"{value:g}",
            help=t("softmax.temperature_help"),
        )
    with controls[1]:
        sample = sample_picker(context)
    with controls[2]:
        shift = state.bound_number(
            st.number_input,
            "shift",
            t("softmax.shift"),
            step=1.0,
            help=t("softmax.shift_help"),
        )

    result = compute.softmax_steps(batch.logits, temperature)
    target_class = int(batch.labels[sample])
    if batch.ignored[sample]:  # labelled -100: softmax needs no label; show the most likely class
        target_class = int(np.argmax(batch.logits[sample]))
        st.caption(t("softmax.ignored_sample", n=sample, j=target_class))
    question = probability_question(
        "softmax_target",
        float(result.probs[sample, target_class]),
        n=sample,
        j=target_class,
        temperature=f"{temperature:g}",
    )
    if not predict_first(context, "softmax", [question]):
        return
    # The selected row with the constant added: the exponentials change, the ratio does not.
    steps = [
        Step("", [formulas.softmax_definition()]),
        Step(
            "",
            [formulas.softmax_formula(batch.logits[sample] + shift, temperature, target_class)],
        ),
    ]
    if derivation(steps, context.lang):
        agreement_badge(
            t("softmax.badge_function"),
            float(result.probs[sample, target_class]),
            float(result.reference[sample, target_class]),
            result.difference,
            result.difference < 1e-12,
            context.lang,
        )
    shifted = compute.softmax_steps(batch.logits[sample : sample + 1] + shift, temperature)
    st.caption(
        t(
            "softmax.shift_result",
            c=shift,
            n=sample,
            diff=float(np.abs(shifted.probs[0] - result.probs[sample]).max()),
        )
    )

    first_rows_note(context)
    chart(
        compute.figure(
            figures.probability_bars,
            result.probs,
            batch.class_names,
            t("softmax.chart_title"),
            t("common.sample"),
            t("common.probability"),
        ),
        context.lang,
    )
    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                figures.softmax_vs_sigmoid,
                result.probs[sample],
                result.sigmoid[sample],
                batch.class_names,
                t("softmax.vs_sigmoid_title", n=sample),
                t("common.probability"),
                (
                    t("softmax.group_softmax", total=result.probs[sample].sum()),
                    t("softmax.group_sigmoid", total=result.sigmoid[sample].sum()),
                ),
            ),
            context.lang,
        )
    with right:
        chart(
            compute.figure(
                figures.temperature_curves,
                TEMPERATURES,
                compute.temperature_sweep(batch.logits[sample], TEMPERATURES),
                batch.class_names,
                temperature,
                t("softmax.sweep_title", n=sample),
                t("softmax.temperature"),
                t("common.probability"),
            ),
            context.lang,
        )
    if batch.num_samples > 1:
        chart(
            compute.figure(
                figures.max_probability_histogram,
                result.probs,
                t("softmax.distribution_title"),
                t("softmax.max_prob"),
                t("softmax.count"),
            ),
            context.lang,
        )
    numbers_table(
        softmax_table(
            result,
            sample,
            batch.class_names,
            {
                "class": t("common.class"),
                "logit": t("common.logit"),
                "scaled": t("softmax.col_scaled"),
                "exp": t("softmax.col_exp"),
                "softmax": t("softmax.col_softmax"),
                "sigmoid": t("softmax.col_sigmoid"),
            },
        ),
        context.lang,
    )
    code_panel(snippets.softmax_snippet(batch.logits, temperature), context.lang)


page_fragment(lesson, context)
