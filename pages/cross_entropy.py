"""Cross-entropy = LogSoftmax + NLL: one sample's pipeline, the batch, and every option."""

import streamlit as st

from lossviz.errors import InputError
from lossviz.inputs.csvio import batch_to_csv, results_to_csv
from lossviz.lessons import code
from lossviz.lessons.predictions import comparison_question, loss_question
from lossviz.ui import compute
from lossviz.ui.charts import chart
from lossviz.ui.components import (
    agreement_badge,
    code_panel,
    error_text,
    numbers_table,
    show_notes,
)
from lossviz.ui.controls import (
    ignore_index_input,
    reduction_picker,
    smoothing_slider,
    use_weight_toggle,
)
from lossviz.ui.fragments import page_fragment
from lossviz.ui.frame import PageContext, first_rows_note, page_context, sample_picker
from lossviz.ui.predict import predict_first, teaching_tools
from lossviz.ui.presenter import Step, derivation, introduction
from lossviz.views.cross_entropy import figures, formulas, snippets
from lossviz.views.cross_entropy.tables import cross_entropy_table
from lossviz.views.shared.numbers import format_number
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN

DEFAULT_IGNORE_INDEX = -100

context = page_context()
batch, t, lang = context.batch, context.t, context.lang
soft = batch.soft_target
last_class = batch.num_classes - 1
st.title(t("ce.title"))
introduction(t("ce.intro"), lang)


def lesson(context: PageContext) -> None:
    """The options, one sample step by step, the batch, and what each option does."""
    batch, t, lang = context.batch, context.t, context.lang
    teaching_tools(context, "ce")
    controls = st.columns([1.2, 1, 1.2, 1.3, 0.9])
    with controls[0]:
        reduction = reduction_picker(context, "ce")
    with controls[1]:
        chosen_ignore_index = ignore_index_input(context, "ce", disabled=soft)
    with controls[2]:
        smoothing = smoothing_slider(context, "ce")
    with controls[3]:
        use_weight = use_weight_toggle(context, "ce", disabled=batch.weight is None)
    with controls[4]:
        sample = sample_picker(context)

    weight = batch.weight if use_weight else None
    ignore_index = DEFAULT_IGNORE_INDEX if soft else int(chosen_ignore_index)
    try:
        result = compute.cross_entropy(
            batch.logits, batch.target, weight, ignore_index, reduction, smoothing
        )
    except InputError as error:
        st.error(t("ce.option_error", message=error_text(error, lang)), icon=":material/error:")
        weight, ignore_index, smoothing = None, DEFAULT_IGNORE_INDEX, 0.0
        result = compute.cross_entropy(
            batch.logits, batch.target, None, ignore_index, reduction, 0.0
        )
    summary = compute.reduction_summary(result.per_sample, result.sample_weight, result.ignored)

    # What each option does here, under its control (when the control is on screen).
    shows = context.state.shows
    if shows("ignore_index"):
        with controls[1]:
            if soft:
                st.caption(t("ce.ignore_soft"))
            elif summary.ignored:
                key = "ce.ignore_class" if ignore_index >= 0 else "ce.ignore_padding"
                st.caption(t(key, index=ignore_index, count=summary.ignored))
            elif ignore_index == -1:
                st.caption(t("ce.ignore_minus_one", last=last_class))
            else:
                st.caption(t("ce.ignore_nothing", index=ignore_index, last=last_class))
    if shows("smoothing"):
        with controls[2]:
            if smoothing > 0:
                st.caption(t("ce.smoothing_on"))
            else:
                st.caption(t("ce.smoothing_off"))
    if shows("use_weight"):
        with controls[3]:
            if batch.weight is None:
                st.caption(t("ce.no_weight"))
            else:
                listed = ", ".join(f"{value:g}" for value in batch.weight)
                st.caption(t("ce.weights_on" if use_weight else "ce.weights_off", weights=listed))

    # One sample, step by step.
    label = int(batch.labels[sample])
    logits_row, log_probs_row = batch.logits[sample], result.log_probs[sample]
    lse = float(result.logsumexp[sample])
    loss_i = float(result.per_sample[sample])
    ignored_i = bool(result.ignored[sample])

    questions = [] if ignored_i else [loss_question("ce_loss", loss_i, n=sample)]
    if weight is not None and summary.kept:
        questions.append(comparison_question("ce_weighted_mean", summary.mean, summary.plain_mean))
    if not predict_first(
        context,
        "ce",
        questions,
        lambda question, option: t(f"predict.{question.id}.{option}"),
    ):
        return

    st.header(t("ce.pipeline_header", n=sample))
    st.latex(formulas.definition(soft, smoothing))
    steps = [
        Step(t("ce.step_lse"), [formulas.logsumexp(logits_row, lse)]),
        Step(t("ce.step_log_softmax"), [formulas.log_softmax(logits_row, lse, log_probs_row)]),
    ]
    if ignored_i:
        steps.append(Step(t("ce.step_ignored"), [formulas.ignored(sample, label)]))
    else:
        if smoothing > 0:
            smoothed = formulas.smoothed_target(
                batch.target_matrix[sample], smoothing, result.target_probs[sample]
            )
            steps.append(Step(t("ce.step_smoothed_target"), [smoothed]))
        if soft:
            soft_loss = formulas.soft_sample(
                sample, result.target_probs[sample], log_probs_row, weight, loss_i
            )
            steps.append(Step(t("ce.step_soft"), [soft_loss]))
        else:
            picked = formulas.target_step(label, float(result.target_log_prob[sample]))
            weighted = formulas.weight_step(sample, label, log_probs_row, weight, smoothing, loss_i)
            steps.append(Step(t("ce.step_target"), [picked]))
            steps.append(
                Step(t("ce.step_weight_smooth" if smoothing > 0 else "ce.step_weight"), [weighted])
            )
    reduced = formulas.reduction(
        reduction,
        result.per_sample,
        summary.total,
        summary.denominator,
        result.loss,
        soft,
        weight is not None,
    )
    steps.append(Step(t("ce.step_reduce", reduction=reduction), [reduced]))
    if derivation(steps, lang):
        agreement_badge(
            t("ce.badge_function"),
            result.loss,
            result.reference,
            result.difference,
            result.agrees,
            lang,
        )
    show_notes(result.notes, lang)

    target_row = batch.target_matrix[sample] if ignored_i else result.target_probs[sample]
    terms = compute.loss_terms(
        result.log_probs[sample : sample + 1], result.target_probs[sample : sample + 1], weight
    )[0]
    left, right = st.columns([2, 1])
    with left:
        chart(
            compute.figure(
                figures.pipeline,
                logits_row,
                lse,
                log_probs_row,
                terms,
                loss_i,
                None if soft or ignored_i else label,
                batch.class_names,
                {
                    "title": t("ce.pipe_title", n=sample),
                    "logits": t("ce.pipe_logits"),
                    "log_probs": t("ce.pipe_log_probs"),
                    "terms": t("ce.pipe_terms"),
                    "logit": t("ce.axis_logit"),
                    "log_p": t("ce.axis_log_p"),
                    "share": t("ce.axis_share"),
                    "total": t("ce.total"),
                    "lse": t("ce.lse"),
                },
            ),
            lang,
        )
    with right:
        chart(
            compute.figure(
                figures.target_vs_prediction,
                target_row,
                result.probs[sample],
                batch.class_names,
                t("ce.target_title", n=sample),
                t("ce.target_q"),
                t("ce.prediction_p"),
                t("common.probability"),
            ),
            lang,
        )

    if not ignored_i and (smoothing > 0 or soft):
        floor = float(compute.loss_floor(result.target_probs[sample : sample + 1], weight)[0])
        st.caption(t("ce.floor"))
        st.latex(formulas.floor(sample, floor, weight is not None))
        if smoothing > 0 and not soft and weight is None:
            st.caption(t("ce.floor_smoothing"))
            st.latex(formulas.smoothing_floor(smoothing, batch.num_classes, floor))

    # The batch.
    st.header(t("ce.batch_header"))
    first_rows_note(context)
    lines = [(t("ce.line_mean", value=summary.mean), summary.mean)]
    if summary.differs:
        lines.append((t("ce.line_plain", value=summary.plain_mean), summary.plain_mean))
    chart(
        compute.figure(
            figures.per_sample_losses,
            result.per_sample,
            batch.labels,
            result.ignored,
            result.sample_weight,
            batch.class_names,
            sample,
            lines,
            {
                "title": t("ce.losses_title"),
                "sample": t("common.sample"),
                "loss": t("common.loss"),
                "target": t("common.target"),
                "weight": t("ce.weight"),
                "ignored": t("ce.ignored"),
            },
        ),
        lang,
    )
    if batch.num_samples > MAX_SAMPLES_DRAWN:
        chart(
            compute.figure(
                figures.loss_histogram,
                result.per_sample,
                result.ignored,
                t("ce.hist_title", count=summary.kept),
                t("common.loss"),
                t("ce.count"),
            ),
            lang,
        )

    st.header(t("ce.reduction_header"))
    metrics = st.columns(5)
    metrics[0].metric(t("ce.metric_total"), format_number(summary.total))
    metrics[1].metric(t("ce.metric_denominator"), f"{summary.denominator:.4g}")
    metrics[2].metric(t("ce.metric_mean"), format_number(summary.mean))
    metrics[3].metric(t("ce.metric_plain"), format_number(summary.plain_mean))
    metrics[4].metric(t("ce.metric_kept"), f"{summary.kept} / {summary.ignored}")
    if soft:
        st.write(t("ce.explain_soft", n=batch.num_samples))
    elif summary.kept == 0:
        pass  # the "all ignored" note says what happens
    elif weight is None:
        st.write(t("ce.explain_unweighted", kept=summary.kept))
    elif not summary.differs:
        st.write(
            t(
                "ce.explain_weighted_same",
                denominator=summary.denominator,
                kept=summary.kept,
                mean=summary.mean,
            )
        )
    else:
        st.write(
            t(
                "ce.explain_weighted",
                denominator=summary.denominator,
                kept=summary.kept,
                mean=summary.mean,
                plain=summary.plain_mean,
            )
        )
    if reduction == "sum":
        st.write(t("ce.explain_sum"))
    elif reduction == "none":
        st.write(t("ce.explain_none", n=batch.num_samples))

    st.header(t("ce.nll_header"))
    st.write(t("ce.nll_explain"))
    if soft:
        st.info(t("ce.nll_soft"), icon=":material/info:")
    else:
        nll = compute.nll_loss(result.log_probs, batch.labels, weight, ignore_index, reduction)
        st.latex(formulas.nll_equality(result.loss, nll.loss))
        if smoothing > 0:
            uniform = compute.cross_entropy(
                batch.logits, batch.target, weight, ignore_index, reduction, 1.0
            )
            st.write(t("ce.nll_smoothing"))
            st.latex(formulas.smoothing_split(smoothing, nll.loss, uniform.loss, result.loss))

    numbers_table(
        cross_entropy_table(
            batch,
            result,
            {
                "sample": t("ce.col_sample"),
                "logit": t("common.logit"),
                "prob": t("ce.col_prob"),
                "target": t("common.target"),
                "log_p": t("ce.col_log_p"),
                "weight": t("ce.weight"),
                "loss": t("common.loss"),
                "ignored": t("ce.ignored"),
            },
        ),
        lang,
    )
    downloads = st.columns([1, 1, 2])
    downloads[0].download_button(
        t("batch.download_results"),
        data=lambda: results_to_csv(batch, result.probs, result.per_sample, result.grad).encode(
            "utf-8-sig"
        ),
        file_name="lossviz-cross-entropy-results.csv",
        mime="text/csv",
        icon=":material/download:",
        help=t("ce.download_help"),
        on_click="ignore",
        key="ce_download_results",
    )
    if batch.logits.size > code.MAX_INLINE_VALUES:
        downloads[1].download_button(
            t("batch.download_batch"),
            data=lambda: batch_to_csv(batch).encode("utf-8"),
            file_name=code.CSV_NAME,
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="ce_download_batch",
        )
    code_panel(
        snippets.cross_entropy_snippet(
            batch.logits, batch.target, weight, ignore_index, reduction, smoothing
        ),
        lang,
    )


page_fragment(lesson, context)
