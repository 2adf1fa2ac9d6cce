"""Entropy, cross-entropy and KL divergence: H(p, q) = H(p) + KL(p || q) for every sample."""

import numpy as np
import streamlit as st

from lossviz.errors import InputError
from lossviz.lessons.predictions import comparison_question, loss_question
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import agreement_badge, code_panel, numbers_table, show_notes
from lossviz.ui.controls import smoothing_slider
from lossviz.ui.fragments import page_fragment
from lossviz.ui.frame import PageContext, first_rows_note, page_context, sample_picker
from lossviz.ui.predict import predict_first, teaching_tools
from lossviz.ui.presenter import Step, derivation, introduction
from lossviz.views.entropy import figures, formulas, snippets
from lossviz.views.entropy.tables import (
    entropy_batch_table,
    entropy_class_table,
    kl_div_calls_table,
)
from lossviz.views.shared.numbers import format_number, infinity_as_text
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN

SMOOTHINGS = np.linspace(0.0, 1.0, 101)

context = page_context(labelled_only=True)
batch, t, lang = context.batch, context.t, context.lang
st.title(t("kl.title"))
introduction(t("kl.intro"), lang)
st.caption(t("kl.chain"))


def lesson(context: PageContext) -> None:
    """Smoothing, the unit and the sample, and everything they change."""
    batch, t, lang = context.batch, context.t, context.lang
    teaching_tools(context, "kl")
    controls = st.columns(3)
    with controls[0]:
        smoothing = smoothing_slider(context, "kl")
    with controls[1]:
        unit = state.bound_choice(
            st.radio,
            "unit",
            t("kl.unit"),
            format_func=lambda option: t(f"kl.unit_option_{option}"),
            horizontal=True,
            help=t("kl.unit_help"),
        )
    with controls[2]:
        sample = sample_picker(context)
    unit_name = t(f"kl.unit_name_{unit}")

    # p is the target distribution (one-hot, smoothed or soft), q = softmax(logits): both come from
    # the cross-entropy's steps, unweighted.
    target = batch.target
    ce = compute.cross_entropy(batch.logits, target, None, -100, "mean", smoothing)
    try:
        nats = compute.kl_decomposition(ce.target_probs, ce.probs, "nats")
    except InputError:
        st.error(t("kl.not_distributions"), icon=":material/error:")
        show_notes(ce.notes, lang)
        target = batch.labels
        ce = compute.cross_entropy(batch.logits, target, None, -100, "mean", smoothing)
        nats = compute.kl_decomposition(ce.target_probs, ce.probs, "nats")
    soft = target.ndim == 2
    p, q = ce.target_probs, ce.probs
    decomposition = compute.kl_decomposition(p, q, unit)
    reverse = compute.kl_decomposition(q, p, unit)
    terms = compute.entropy_terms(p[sample], q[sample], unit)
    calls = compute.kl_div_calls(p, ce.log_probs)

    questions = [
        comparison_question("kl_direction", decomposition.kl[sample], reverse.kl[sample], n=sample)
    ]
    if np.isfinite(decomposition.cross_entropy[sample]):
        questions.append(
            loss_question(
                "kl_cross_entropy", decomposition.cross_entropy[sample], n=sample, unit=unit_name
            )
        )
    if not predict_first(
        context,
        "kl",
        questions,
        lambda question, option: t(f"predict.{question.id}.{option}"),
    ):
        return

    if soft:
        st.caption(t("kl.p_soft_smoothed" if smoothing else "kl.p_soft", eps=smoothing))
    elif smoothing:
        st.caption(t("kl.p_smoothed", eps=smoothing, c=batch.num_classes))
    else:
        st.caption(t("kl.p_onehot"))
    st.caption(t("kl.units_caption", unit=unit_name))
    if batch.weight is not None:
        st.caption(t("kl.weights_unused"))

    # The selected sample, formula by formula, and PyTorch's cross-entropy beside it.
    st.header(t("kl.sample_header", n=sample))
    steps = [
        Step("", [formulas.entropy_definitions(unit)]),
        Step("", [formulas.entropy_formula(p[sample], decomposition.entropy[sample], unit)]),
        Step(
            "",
            [
                formulas.cross_entropy_of_formula(
                    p[sample], q[sample], decomposition.cross_entropy[sample], unit
                )
            ],
        ),
        Step(
            "",
            [
                formulas.kl_formula(
                    decomposition.entropy[sample],
                    decomposition.cross_entropy[sample],
                    decomposition.kl[sample],
                    unit,
                )
            ],
        ),
    ]
    if derivation(steps, lang):
        agreement_badge(
            t("kl.badge_ce", eps=smoothing), ce.loss, ce.reference, ce.difference, ce.agrees, lang
        )
        if unit == "bits":  # the formulas above are in bits; PyTorch's loss is in nats
            st.caption(
                t(
                    "kl.badge_in_bits",
                    nats=format_number(ce.loss, 6),
                    bits=format_number(ce.loss / np.log(2.0), 6),
                )
            )
    st.caption(
        t(
            "kl.ce_equals",
            eps=smoothing,
            n=sample,
            ce=format_number(ce.per_sample[sample], 6),
            h=format_number(nats.entropy[sample], 6),
            kl=format_number(nats.kl[sample], 6),
            total=format_number(nats.cross_entropy[sample], 6),
        )
    )
    if np.isinf(nats.cross_entropy[sample]):
        st.warning(
            t("kl.underflow", n=sample, ce=format_number(ce.per_sample[sample], 6)),
            icon=":material/warning:",
        )

    # Every sample: the two parts stacked.
    st.header(t("kl.batch_header"))
    first_rows_note(context)
    chart(
        compute.figure(
            figures.decomposition_bars,
            decomposition.entropy,
            decomposition.kl,
            decomposition.cross_entropy,
            sample,
            t("kl.chart_title", unit=unit_name),
            t("common.sample"),
            t("kl.y_title", unit=unit_name),
            [t("kl.entropy_name"), t("kl.kl_name"), t("kl.cross_name")],
        ),
        lang,
    )
    if batch.num_samples > MAX_SAMPLES_DRAWN:
        chart(
            compute.figure(
                figures.decomposition_histogram,
                decomposition.entropy,
                decomposition.kl,
                t("kl.distribution_title", n=batch.num_samples),
                t("kl.y_title", unit=unit_name),
                t("kl.count"),
                [t("kl.entropy_name"), t("kl.kl_name")],
                t("kl.infinite_not_drawn"),
            ),
            lang,
        )
    numbers_table(
        infinity_as_text(
            entropy_batch_table(
                decomposition,
                reverse,
                ce.per_sample,
                {
                    "sample": t("kl.col_sample"),
                    "entropy": t("kl.col_entropy", unit=unit_name),
                    "kl": t("kl.col_kl", unit=unit_name),
                    "cross_entropy": t("kl.col_cross", unit=unit_name),
                    "pytorch": t("kl.col_pytorch"),
                    "reverse": t("kl.col_reverse", unit=unit_name),
                },
            )
        ),
        lang,
    )

    # The selected sample: surprise per class, and the two directions of KL.
    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                figures.information_bars,
                terms.p,
                terms.q,
                terms.surprise_p,
                terms.surprise_q,
                batch.class_names,
                t("kl.info_title", n=sample, unit=unit_name),
                t("kl.y_title", unit=unit_name),
                [t("kl.surprise_p"), t("kl.surprise_q")],
            ),
            lang,
        )
        st.caption(t("kl.info_caption"))
    with right:
        chart(
            compute.figure(
                figures.kl_direction_bars,
                decomposition.kl[sample],
                reverse.kl[sample],
                t("kl.direction_title", n=sample, unit=unit_name),
                t("kl.y_title", unit=unit_name),
                [t("kl.forward_name"), t("kl.reverse_name")],
            ),
            lang,
        )
        st.latex(formulas.kl_directions_formula(decomposition.kl[sample], reverse.kl[sample], unit))
        st.caption(t("kl.direction_caption"))
    numbers_table(
        infinity_as_text(
            entropy_class_table(
                terms,
                batch.class_names,
                {
                    "class": t("common.class"),
                    "p": t("kl.col_p"),
                    "q": t("kl.col_q"),
                    "surprise_p": t("kl.col_surprise_p", unit=unit_name),
                    "surprise_q": t("kl.col_surprise_q", unit=unit_name),
                    "entropy": t("kl.col_entropy_term", unit=unit_name),
                    "cross_entropy": t("kl.col_cross_term", unit=unit_name),
                    "kl": t("kl.col_kl_term", unit=unit_name),
                },
            )
        ),
        lang,
    )

    # Label smoothing: the target's own entropy is the floor of the loss.
    st.header(t("kl.floor_header"))
    st.write(t("kl.floor_text"))
    if not soft and not smoothing:
        st.info(t("kl.floor_zero"), icon=":material/info:")
    st.caption(
        t(
            "kl.floor_numbers",
            n=sample,
            floor=format_number(decomposition.entropy[sample]),
            loss=format_number(decomposition.cross_entropy[sample]),
            kl=format_number(decomposition.kl[sample]),
            unit=unit_name,
        )
    )
    if not soft:
        floors = compute.smoothed_label_entropy(batch.num_classes, SMOOTHINGS, unit)
        chart(
            compute.figure(
                figures.smoothing_floor_curve,
                SMOOTHINGS,
                floors,
                smoothing,
                decomposition.entropy[sample],
                decomposition.cross_entropy[sample],
                t("kl.floor_curve_title", c=batch.num_classes, unit=unit_name),
                t("kl.eps_axis"),
                t("kl.y_title", unit=unit_name),
                [t("kl.floor_name"), t("kl.loss_name", n=sample)],
            ),
            lang,
        )
        st.caption(t("kl.floor_uniform", top=format_number(floors[-1]), unit=unit_name))

    # F.kl_div: the right call and three common mistakes, each computed.
    st.header(t("kl.kl_div_header"))
    st.write(t("kl.kl_div_text"))
    agreement_badge(
        t("kl.badge_kl_div"),
        calls.right.loss,
        calls.right.reference,
        calls.right.difference,
        calls.right.agrees,
        lang,
    )
    st.caption(
        t(
            "kl.kl_div_equal",
            right=format_number(calls.right.loss, 6),
            kl=format_number(calls.kl, 6),
        )
    )
    if np.isinf(calls.kl) and np.isfinite(calls.right.loss):
        st.caption(t("kl.underflow_batch", right=format_number(calls.right.loss, 6)))
    st.dataframe(
        kl_div_calls_table(
            calls,
            {
                "right": t("kl.call_right"),
                "swapped": t("kl.call_swapped", reverse=format_number(calls.reverse_kl)),
                "probabilities": t("kl.call_probabilities"),
                "mean": t("kl.call_mean", numel=int(calls.mean.denominator)),
            },
            {"call": t("kl.col_call"), "code": t("kl.col_code"), "value": t("kl.col_value")},
        ),
        hide_index=True,
    )
    if calls.swapped is None:
        st.caption(t("kl.swapped_infinite", value=format_number(calls.swapped_loss)))
    else:
        st.caption(t("kl.swapped_silent"))
    # (b) and (c) are mistakes made on purpose: the caption says so before their notes, which
    # speak to code that makes them ("Did you pass probabilities?"), not to the learner's batch.
    st.caption(t("kl.demonstrations"))
    show_notes((*calls.probabilities.notes, *calls.mean.notes), lang)
    code_panel(snippets.entropy_snippet(batch.logits, target, smoothing), lang)


page_fragment(lesson, context)
