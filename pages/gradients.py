"""Gradients: dL/dz for every logit, the closed form beside autograd, and what scales it."""

import streamlit as st

from lossviz.errors import InputError
from lossviz.inputs.parsing import format_matrix
from lossviz.lessons.gradients import (
    gradient_norms,
    gradient_summary,
    true_class_curves,
    true_class_points,
    true_class_target,
)
from lossviz.lessons.predictions import Question, most_negative_question
from lossviz.ui import compute, state
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
from lossviz.views.gradients import figures, formulas, snippets
from lossviz.views.gradients.tables import gradient_batch_table, gradient_sample_table

context = page_context()
batch, t, lang = context.batch, context.t, context.lang
num_classes = batch.num_classes


def _set_weights(text: str) -> None:
    state.set_fields(weight=text)


st.title(t("grad.title"))
introduction(t("grad.intro"), lang)


def lesson(context: PageContext) -> None:
    """The options, one sample's gradient, and the whole batch's."""
    batch, t, lang = context.batch, context.t, context.lang
    teaching_tools(context, "grad")
    controls = st.columns([1.3, 1, 1.3, 1])
    with controls[0]:
        reduction = reduction_picker(context, "grad")
    with controls[1]:
        ignore_index = ignore_index_input(context, "grad")
    with controls[2]:
        smoothing = smoothing_slider(context, "grad")
    with controls[3]:
        sample = sample_picker(context)

    weight_line = st.columns([3, 1.2])
    if batch.weight is None:
        weight_line[0].caption(t("grad.weights_none"))
        weight_line[1].button(
            t("grad.try_weights"),
            on_click=_set_weights,
            args=(", ".join(str(c + 1) for c in range(num_classes)),),
            key="lv_grad_try_weights",
        )
        weight = None
    else:
        with weight_line[1]:
            use_weight = use_weight_toggle(context, "grad")
        weights_text = format_matrix(batch.weight[None, :])
        key = "grad.weights" if use_weight else "grad.weights_off"
        weight_line[0].caption(t(key, weights=weights_text))
        weight = batch.weight if use_weight else None

    if batch.soft_target and ignore_index >= 0:
        st.error(t("grad.soft_ignore", value=ignore_index), icon=":material/error:")
        ignore_index = -100
    try:
        result = compute.cross_entropy(
            batch.logits, batch.target, weight, ignore_index, reduction, smoothing
        )
    except InputError as error:
        st.error(t("grad.compute_error", message=error_text(error, lang)))
        ignore_index, smoothing = -100, 0.0
        result = compute.cross_entropy(batch.logits, batch.target, weight, -100, reduction, 0.0)

    label = int(batch.labels[sample])
    # The class the badge and the formula follow: the label, or for a sample labelled -100 (all
    # of whose gradient is 0) its most likely class.
    shown = label if 0 <= label < num_classes else int(result.probs[sample].argmax())
    summary = gradient_summary(result)
    row = result.grad[sample]
    questions = (
        []
        if result.ignored[sample]
        else [
            most_negative_question("grad_most_negative", row, n=sample),
            Question(
                "grad_row_sum",
                "number",
                float(row.sum()),
                relative=0.0,
                absolute=0.01,
                params=(("n", sample), ("c", num_classes)),
            ),
        ]
    )
    if not predict_first(
        context,
        "grad",
        questions,
        lambda _, option: t("predict.class_option", j=option, name=batch.class_names[int(option)]),
    ):
        return
    agreement_badge(
        t("grad.badge_function", n=sample, j=shown),
        float(result.analytic_grad[sample, shown]),
        float(result.grad[sample, shown]),
        result.grad_difference,
        result.agrees,
        lang,
    )
    st.caption(
        t(
            "grad.loss_caption",
            reduction=reduction,
            loss=result.reference,
            summed=t("grad.summed") if reduction == "none" else "",
        )
    )
    show_notes(result.notes, lang)

    # --- every logit of the batch -------------------------------------------------------------
    st.header(t("grad.all_header"))
    view = state.bound_choice(
        st.radio,
        "grad_view",
        t("grad.view"),
        format_func=lambda v: t(f"grad.view_{v}"),
        horizontal=True,
    )
    first_rows_note(context)
    words = {
        "sample": t("common.sample"),
        "class": t("common.class"),
        "gradient": t("grad.word_gradient"),
        "probability": t("common.probability"),
    }
    if view == "bars":
        chart(
            compute.figure(
                figures.gradient_bars,
                result.grad,
                result.probs,
                batch.class_names,
                t("grad.bars_title"),
                words,
            ),
            lang,
        )
    else:
        chart(
            compute.figure(
                figures.gradient_heatmap,
                result.grad,
                result.probs,
                batch.class_names,
                t("grad.all_title"),
                words,
            ),
            lang,
        )
    st.caption(t("grad.read"))

    # --- the formula beside autograd ------------------------------------------------------------
    st.header(t("grad.analytic_header"))
    st.write(t("grad.analytic_intro"))
    target_row = result.target_probs[sample]
    if summary.ignored == batch.num_samples and reduction == "mean":
        st.info(t("grad.all_ignored"), icon=":material/block:")
    else:
        general = formulas.general_gradient_form(target_row, weight)
        derivation(
            [
                Step("", [formulas.gradient_definition(target_row, weight)]),
                Step(
                    "",
                    [
                        formulas.gradient_formula(
                            result.probs[sample], target_row, weight, result.denominator, shown
                        )
                    ],
                ),
                Step(
                    "",
                    [
                        formulas.gradient_vector_formula(
                            result.probs[sample], target_row, weight, result.denominator
                        )
                    ],
                    after=t("grad.general_form") if general else "",
                ),
            ],
            lang,
        )
    if result.ignored[sample]:
        st.caption(t("grad.ignored_sample", n=sample, label=label))
    chart(
        compute.figure(
            figures.sample_gradient_bars,
            result.probs[sample],
            target_row,
            result.analytic_grad[sample],
            result.grad[sample],
            batch.class_names,
            [t("grad.cat_p"), t("grad.cat_t"), t("grad.cat_analytic"), t("grad.cat_autograd")],
            t("grad.sample_title", n=sample),
            t("grad.value"),
        ),
        lang,
    )
    st.dataframe(
        gradient_sample_table(
            result,
            sample,
            batch.class_names,
            weight,
            {
                "class": t("common.class"),
                "p": t("grad.col_p"),
                "t": t("grad.col_t"),
                "w_class": t("grad.col_w_class"),
                "w_y": t("grad.col_w_y"),
                "d": t("grad.col_d"),
                "analytic": t("grad.col_analytic"),
                "autograd": t("grad.col_autograd"),
                "difference": t("grad.col_difference"),
            },
        ),
        hide_index=True,
        column_config={t("grad.col_difference"): st.column_config.NumberColumn(format="%.1e")},
    )

    # --- how reduction, weights and ignore_index scale it --------------------------------------
    st.header(t("grad.scale_header"))
    lines = []
    if reduction != "mean":
        lines.append(t("grad.scale_sum", reduction=reduction))
    elif batch.soft_target:
        lines.append(t("grad.scale_mean_soft", d=result.denominator))
    elif weight is not None:
        lines.append(t("grad.scale_mean_weights", d=result.denominator))
    else:
        lines.append(t("grad.scale_mean_count", d=result.denominator))
    if weight is not None:
        lines.append(t("grad.scale_weights"))
    if summary.ignored:
        lines.append(t("grad.scale_ignored", k=summary.ignored))
    elif not batch.soft_target:
        lines.append(t("grad.scale_none_ignored", value=ignore_index))
    lines.append(t("grad.scale_rowsum", largest=summary.largest_row_sum))
    st.markdown("\n".join(f"- {line}" for line in lines))

    # --- gradient size against the probability of the true class ---------------------------------
    st.header(t("grad.curve_header"))
    points = true_class_points(result)
    grid, curves = true_class_curves(result, weight)
    chart(
        compute.figure(
            figures.true_class_scatter,
            points.prob,
            points.grad,
            points.labels,
            points.kept,
            batch.class_names,
            grid,
            curves,
            t("grad.curve_title"),
            {
                "sample": t("common.sample"),
                "x": t("grad.curve_x"),
                "y": t("grad.curve_y"),
                "curve": t("grad.curve_name"),
            },
        ),
        lang,
    )
    notes = [t("grad.curve_caption")]
    if smoothing:
        notes.append(
            t("grad.curve_smoothing", eps=smoothing, top=true_class_target(num_classes, smoothing))
        )
    if batch.soft_target:
        notes.append(t("grad.curve_soft"))
    if summary.ignored:
        notes.append(t("grad.curve_ignored", k=summary.ignored))
    st.caption(" ".join(notes))

    # --- double softmax ---------------------------------------------------------------------------
    st.header(t("grad.double_header"))
    st.write(t("grad.double_intro"))
    double = compute.double_softmax(
        batch.logits, batch.target, weight, ignore_index, reduction, smoothing
    )
    plain_norms = gradient_norms(result.grad)
    double_norms = gradient_norms(double.grad)
    chart(
        compute.figure(
            figures.double_softmax_scatter,
            plain_norms,
            double_norms,
            points.labels,
            points.kept,
            batch.class_names,
            t("grad.double_title"),
            {
                "sample": t("common.sample"),
                "x": t("grad.double_x"),
                "y": t("grad.double_y"),
                "diagonal": t("grad.double_diagonal"),
            },
        ),
        lang,
    )
    st.caption(
        t(
            "grad.double_caption",
            n=sample,
            plain=result.per_sample[sample],
            double=double.per_sample[sample],
            gplain=plain_norms[sample],
            gdouble=double_norms[sample],
        )
    )

    numbers_table(
        gradient_batch_table(
            result,
            batch.class_names,
            {
                "sample": t("grad.col_sample"),
                "target": t("grad.col_target"),
                "p_y": t("grad.col_p_y"),
                "grad": t("grad.col_grad"),
                "row_sum": t("grad.col_row_sum"),
                "ignored": t("grad.col_ignored"),
            },
        ),
        lang,
    )
    code_panel(
        snippets.gradients_snippet(
            batch.logits, batch.target, weight, ignore_index, reduction, smoothing
        ),
        lang,
    )


page_fragment(lesson, context)
