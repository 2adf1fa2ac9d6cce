"""Binary cross-entropy: BCELoss on probabilities beside BCEWithLogitsLoss on the logits."""

from dataclasses import replace

import numpy as np
import streamlit as st

from lossviz.binary import probability_grid, probs_vs_logits_gap
from lossviz.errors import InputError
from lossviz.i18n.notes import note_text
from lossviz.inputs.parsing import parse_matrix
from lossviz.lessons.predictions import loss_question
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import (
    agreement_badge,
    code_panel,
    error_text,
    numbers_table,
    show_notes,
)
from lossviz.ui.controls import reduction_picker
from lossviz.ui.fragments import page_fragment
from lossviz.ui.frame import PageContext, first_rows_note, page_context, sample_picker
from lossviz.ui.predict import predict_first, teaching_tools
from lossviz.ui.presenter import Step, derivation, introduction
from lossviz.validation import as_class_weight
from lossviz.views.binary import figures, formulas, snippets
from lossviz.views.binary.tables import binary_table
from lossviz.views.shared import latex

CURVE_P = probability_grid()
SWEEP = np.linspace(-120.0, 120.0, 961)
#: Notes that point at a mistake rather than at something worth knowing.
MISTAKES = ("bce_target_outside_unit_interval", "bce_logits_look_like_probabilities")


def target_box_height(rows: int) -> int:
    """The multi-label box's height in pixels: a line for each of the batch's rows, up to ten
    (Streamlit's smallest box, 68 px, shows two)."""
    return max(68, 24 * min(rows, 10) + 20)


context = page_context(labelled_only=True)
batch, t, lang = context.batch, context.t, context.lang
n_samples, n_classes = batch.logits.shape
st.title(t("bce.title"))
introduction(t("bce.intro"), lang)


def lesson(context: PageContext) -> None:
    """The sample, the reduction, pos_weight and the targets, and everything they change."""
    batch, t, lang = context.batch, context.t, context.lang
    teaching_tools(context, "bce")
    # A one-sample batch has no sample to pick: its column would stand empty.
    controls = st.columns([1, 1, 2] if n_samples > 1 else [1, 3])
    if n_samples > 1:
        with controls[0]:
            sample = sample_picker(context)
    else:
        sample = 0
    with controls[-2]:
        reduction = reduction_picker(context, "bce", st.selectbox)
    with controls[-1]:
        pos_weight_text = state.bound(
            st.text_input,
            "pos_weight",
            t("bce.pos_weight"),
            placeholder=t("bce.pos_weight_placeholder"),
            help=t("bce.pos_weight_help", c=n_classes),
        )
    target_text = state.bound(
        st.text_area,
        "bce_target",
        t("bce.target_input", n=n_samples, c=n_classes),
        placeholder=t("bce.target_placeholder"),
        help=t("bce.target_help", c=n_classes),
        height=target_box_height(n_samples),
    )

    # The targets: typed multi-label rows, or the batch's own targets as rows.
    target, typed = batch.target_matrix, False
    if target_text.strip():
        try:
            rows = parse_matrix(target_text, "BCE target")
        except InputError as error:
            st.error(
                t("bce.target_error", message=error_text(error, lang)),
                icon=":material/error:",
            )
        else:
            if rows.shape == batch.logits.shape:
                target, typed = rows, True
            else:
                st.error(
                    t(
                        "bce.target_error",
                        message=t(
                            "bce.target_shape",
                            rows=rows.shape[0],
                            cols=rows.shape[1],
                            n=n_samples,
                            c=n_classes,
                        ),
                    ),
                    icon=":material/error:",
                )
    if not typed:
        st.caption(t("bce.target_soft") if batch.soft_target else t("bce.target_one_hot"))

    # pos_weight: one value per class (or a single one), non-negative.
    pos_weight = None
    if pos_weight_text.strip():
        try:
            values = parse_matrix(pos_weight_text, "pos_weight").ravel()
            pos_weight = as_class_weight(values, 1 if values.size == 1 else n_classes, "pos_weight")
        except InputError as error:
            st.error(
                t("bce.pos_weight_error", message=error_text(error, lang)),
                icon=":material/error:",
            )
    if batch.weight is not None:
        st.caption(t("bce.weight_note"))

    probs = compute.bce_sigmoid(batch.logits)
    on_logits = compute.binary_cross_entropy_with_logits(
        batch.logits, target, batch.weight, pos_weight, reduction
    )
    try:
        on_probs = compute.binary_cross_entropy(probs, target, batch.weight, reduction)
        refused = None
    except InputError as error:
        on_probs, refused = None, error_text(error, lang)
    without_pos_weight = (
        on_logits
        if pos_weight is None
        else compute.binary_cross_entropy_with_logits(
            batch.logits, target, batch.weight, None, reduction
        )
    )
    twice = compute.binary_cross_entropy_with_logits(
        probs, target, batch.weight, pos_weight, reduction
    )

    question = loss_question(
        "bce_loss", float(on_logits.per_sample[sample].mean()), n=sample, c=n_classes
    )
    if not predict_first(context, "bce", [question]):
        return

    st.header(t("bce.two_functions"))
    loss_label = (
        t("bce.loss_label_none")
        if reduction == "none"
        else t("bce.loss_label", reduction=reduction)
    )
    left, right = st.columns(2)
    with left:
        st.markdown(t("bce.probs_header"))
        st.latex(formulas.bce_definition())
        if on_probs is None:
            st.error(t("bce.probs_refused", message=refused), icon=":material/block:")
        else:
            st.metric(loss_label, f"{on_probs.loss:.6g}")
    with right:
        st.markdown(t("bce.logits_header"))
        st.latex(formulas.bce_with_logits_definition())
        st.metric(loss_label, f"{on_logits.loss:.6g}")
    if on_probs is not None:
        agreement_badge(
            "F.binary_cross_entropy",
            on_probs.loss,
            on_probs.reference,
            on_probs.difference,
            on_probs.agrees,
            lang,
        )
    agreement_badge(
        "F.binary_cross_entropy_with_logits",
        on_logits.loss,
        on_logits.reference,
        on_logits.difference,
        on_logits.agrees,
        lang,
    )
    st.caption(t("bce.pos_weight_explained"))

    if on_probs is not None:
        away, at = probs_vs_logits_gap(on_probs, without_pos_weight)
        key = "bce.gap_with_pos_weight" if pos_weight is not None else "bce.gap"
        st.markdown(t(key, away=away))
        if on_probs.clamped.any():
            st.warning(t("bce.gap_clamped", at=at), icon=":material/vertical_align_top:")

    # Notes: the shared note code for logits that look like probabilities gets this page's wording.
    notes = [
        replace(note, code="bce_" + note.code)
        if note.code == "logits_look_like_probabilities"
        else note
        for note in (*on_logits.notes, *(on_probs.notes if on_probs is not None else ()))
    ]
    for note in notes:
        if note.code in MISTAKES:
            st.warning(f"**{t('bce.mistake')}** {note_text(note, lang)}", icon=":material/warning:")
    show_notes([note for note in notes if note.code not in MISTAKES], lang)

    st.header(t("bce.sample_header", n=sample))
    steps = [
        Step(
            "",
            [
                formulas.bce_with_logits_sample(
                    sample,
                    batch.logits[sample],
                    on_logits.target[sample],
                    on_logits.element_weight[sample],
                    on_logits.pos_weight[sample],
                    on_logits.log_x[sample],
                    on_logits.log_1mx[sample],
                    on_logits.per_sample[sample],
                )
            ],
        )
    ]
    if on_probs is not None:
        on_probabilities = formulas.bce_sample(
            sample,
            on_probs.probs[sample],
            on_probs.target[sample],
            on_probs.element_weight[sample],
            on_probs.log_x[sample],
            on_probs.log_1mx[sample],
            on_probs.per_sample[sample],
        )
        steps.append(Step(t("bce.sample_probs_caption"), [on_probabilities]))
    steps.append(
        Step(
            t("bce.more_classes", shown=latex.MAX_TERMS, c=n_classes)
            if n_classes > latex.MAX_TERMS
            else "",
            [formulas.bce_reduction_formula(on_logits.per_sample, reduction, on_logits.loss)],
            after=t(
                "bce.reduction_caption"
                if reduction == "mean"
                else f"bce.reduction_caption_{reduction}"
            ),
        )
    )
    derivation(steps, lang)

    st.header(t("bce.stable_header"))
    st.write(t("bce.stable_text"))
    st.latex(
        formulas.stable_log_formula(
            sample,
            batch.logits[sample],
            on_logits.log_x[sample],
            on_logits.log_1mx[sample],
            probs[sample],
        )
    )
    st.markdown(
        t("bce.twice", twice=twice.loss, right=on_logits.loss, reduction=reduction),
    )

    first_rows_note(context)
    chart(
        compute.figure(
            figures.element_loss_bars,
            on_logits.per_sample,
            batch.logits,
            on_logits.target,
            probs,
            on_probs.per_sample if on_probs is not None else None,
            batch.class_names,
            t("bce.bars_title"),
            t("common.sample"),
            t("bce.element_loss"),
            {
                "logit": "x",
                "target": "y",
                "prob": "σ(x)",
                "loss": t("bce.hover_logits_loss"),
                "probs_loss": t("bce.hover_probs_loss"),
            },
        ),
        lang,
    )
    curve_source = (
        compute.binary_cross_entropy(probs, target, None, "none")
        if on_probs is not None
        else compute.binary_cross_entropy_with_logits(batch.logits, target, None, None, "none")
    )
    if_one, if_zero = compute.bce_curve(CURVE_P)
    sweep = compute.logit_sweep(SWEEP)
    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                figures.loss_curves,
                CURVE_P,
                if_one,
                if_zero,
                probs,
                curve_source.per_sample,
                target,
                batch.class_names,
                t("bce.curves_title"),
                t("bce.curves_x"),
                t("bce.curves_y"),
                {
                    "if_one": t("bce.curve_if_one"),
                    "if_zero": t("bce.curve_if_zero"),
                    "clamp": t("bce.clamp_line"),
                    "sample": t("common.sample"),
                    "target": "y",
                    "one_minus": "1 − p",
                    "loss": t("common.loss"),
                },
            ),
            lang,
        )
        st.caption(t("bce.curves_caption"))
    with right:
        chart(
            compute.figure(
                figures.logit_sweep_chart,
                sweep.logits,
                sweep.probs_if_one,
                sweep.probs_if_zero,
                sweep.logits_if_one,
                sweep.logits_if_zero,
                t("bce.sweep_title"),
                t("bce.sweep_x"),
                t("common.loss"),
                {
                    "logits_if_one": t("bce.sweep_logits_if_one"),
                    "logits_if_zero": t("bce.sweep_logits_if_zero"),
                    "probs_if_one": t("bce.sweep_probs_if_one"),
                    "probs_if_zero": t("bce.sweep_probs_if_zero"),
                    "loss": t("common.loss"),
                },
            ),
            lang,
        )
        st.caption(t("bce.sweep_caption"))
    if n_samples > 1:
        chart(
            compute.figure(
                figures.element_loss_histogram,
                on_logits.per_sample,
                batch.class_names,
                t("bce.distribution_title"),
                t("bce.element_loss"),
                t("bce.count"),
            ),
            lang,
        )

    numbers_table(
        binary_table(
            on_logits,
            on_probs,
            batch.logits,
            sample,
            batch.class_names,
            {
                "class": t("common.class"),
                "logit": "x",
                "target": "y",
                "weight": "w",
                "pos_weight": "pos_weight",
                "sigmoid": "σ(x)",
                "log_sig": "log σ(x)",
                "log_one_minus": "log(1 − σ(x))",
                "logits_loss": t("bce.col_logits_loss"),
                "probs_loss": t("bce.col_probs_loss"),
                "clamped": t("bce.col_clamped"),
            },
        ),
        lang,
    )
    code_panel(
        snippets.binary_snippet(
            batch.logits,
            target if typed else batch.target,
            batch.weight,
            pos_weight,
            reduction,
            target_in_batch=not typed,
        ),
        lang,
    )


page_fragment(lesson, context)
