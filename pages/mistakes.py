"""Common mistakes, each a live demonstration beside its correct version."""

import streamlit as st

from lossviz.i18n import STRINGS
from lossviz.lessons.mistakes import BATCH_MISTAKES, SAMPLE_MISTAKES, Call
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import agreement_badge, code_panel, numbers_table
from lossviz.ui.fragments import page_fragment
from lossviz.ui.frame import PageContext, first_rows_note, page_context, sample_picker
from lossviz.ui.presenter import introduction
from lossviz.views.mistakes import figures, formulas, snippets
from lossviz.views.mistakes.tables import calls_table
from lossviz.views.shared.numbers import format_number

#: Mistakes that tutorials themselves teach: the page says so, and shows why.
TUTORIAL_CLAIMS = (
    "softmax_before_cross_entropy",
    "bce_targets_minus_one",
    "convex_in_logits_not_weights",
)
#: Mistakes charted as the value each call returns.
VALUE_CHARTS = ("kl_div_arguments", "weighted_mean_index_vs_probabilities")

context = page_context(labelled_only=True)
batch, t, lang = context.batch, context.t, context.lang
st.title(t("nav.mistakes"))
introduction(t("mistakes.intro"), lang)


def lesson(context: PageContext) -> None:
    """The mistake and where it is shown, and the wrong call beside the right one."""
    batch, t, lang = context.batch, context.t, context.lang
    controls = st.columns([3, 2, 1])
    with controls[0]:
        mistake = state.bound_choice(
            st.selectbox,
            "mistake",
            t("mistakes.choose"),
            format_func=lambda code: t(f"mistakes.{code}.title"),
        )
    use_batch = False
    with controls[1]:
        if mistake in BATCH_MISTAKES:
            data = state.bound_choice(
                st.radio,
                "mistake_data",
                t("mistakes.data"),
                format_func=lambda source: t(f"mistakes.data_{source}"),
                horizontal=True,
            )
            use_batch = data == "batch"
        else:
            st.caption(t("mistakes.example_only"))
    if use_batch:
        problem = compute.mistake_batch_problem(mistake, batch.logits, batch.target, batch.weight)
        if problem is not None:
            st.info(t(f"mistakes.unfit.{problem}"), icon=":material/info:")
            use_batch = False
    sample = 0
    if use_batch and mistake in SAMPLE_MISTAKES:
        with controls[2]:
            sample = sample_picker(context)

    demo = compute.mistake_demonstration(
        mistake,
        batch.logits if use_batch else None,
        batch.target if use_batch else None,
        batch.weight if use_batch else None,
        sample,
    )
    facts = demo.facts

    def case_label(case: str) -> str:
        return t(f"mistakes.case.{case}")

    def show_call(call: Call) -> None:
        """One call: what it is, its code, and what PyTorch gave back."""
        st.markdown(f"**{case_label(call.case)}**")
        st.code(call.code, language="python", wrap_lines=True)
        if call.raised:
            message = call.error.replace("`", "'")
            st.error(f"{t('mistakes.raised')}\n\n`{message}`", icon=":material/error:")
        else:
            st.markdown(t("mistakes.returns", value=format_number(call.value)))
        if call.warning is not None:
            st.warning(t("mistakes.warned", warning=call.warning), icon=":material/warning:")
        if call.grad is not None and call.grad.ndim == 2:
            vector = ", ".join(format_number(value) for value in call.grad[0])
            st.caption(t("mistakes.grad", grad=f"[{vector}]"))
        if call.note is not None:
            st.caption(t(f"mistakes.note.{call.note}", **facts))

    st.header(t(f"mistakes.{mistake}.title"))
    st.markdown(t(f"mistakes.{mistake}.explain", **facts))
    if mistake in TUTORIAL_CLAIMS:
        st.warning(t(f"mistakes.{mistake}.claim", **facts), icon=":material/menu_book:")
    latex = formulas.mistake_formula(mistake, facts)
    if latex is not None:
        st.latex(latex)

    if demo.source == "example":
        st.caption(t("mistakes.source_example"))
    elif demo.sample is not None:
        st.caption(t("mistakes.source_sample", n=demo.sample, label=facts["label"]))
    else:
        st.caption(t("mistakes.source_batch", samples=batch.num_samples, classes=batch.num_classes))
    st.code(demo.setup, language="python", wrap_lines=True)
    if demo.reference:
        st.markdown(f"### {t('mistakes.reference')}")
        for call in demo.reference:
            show_call(call)

    wrong_column, right_column = st.columns(2, border=True)
    with wrong_column:
        st.markdown(f"### :red[{t('mistakes.wrong')}]")
        for call in demo.wrong:
            show_call(call)
    with right_column:
        st.markdown(f"### :green[{t('mistakes.right')}]")
        for call in demo.right:
            show_call(call)
    agreement_badge(
        demo.check.function,
        demo.check.ours,
        demo.check.theirs,
        demo.check.difference,
        demo.check.agrees,
        lang,
    )

    if demo.source == "batch":
        class_names = batch.class_names
    else:
        class_names = tuple(f"{t('common.class')} {c}" for c in range(facts.get("classes", 0)))

    charts = []
    wrong_grad, right_grad = demo.wrong[0].grad, demo.right[0].grad
    if wrong_grad is not None and right_grad is not None and wrong_grad.ndim == 2:
        charts.append(
            compute.figure(
                figures.gradient_bars,
                wrong_grad[0],
                right_grad[0],
                class_names,
                t("mistakes.wrong"),
                t("mistakes.right"),
                t("mistakes.grad_bars_title"),
                t("mistakes.quantity.grad"),
            )
        )
    for series in demo.series:
        names = tuple(case_label(curve.case) for curve in series.curves)
        ys = tuple(curve.y for curve in series.curves)
        roles = tuple(curve.role for curve in series.curves)
        shown = f"{series.quantity}_{series.variable}"
        specific = f"mistakes.chart.{mistake}.{shown}"
        title = t(specific if specific in STRINGS else f"mistakes.chart.{shown}")
        if series.variable == "sample":
            if demo.source == "batch":
                first_rows_note(context)
            charts.append(
                compute.figure(
                    figures.per_sample_bars,
                    ys,
                    roles,
                    names,
                    series.labels,
                    class_names,
                    title,
                    t("common.sample"),
                    t(f"mistakes.quantity.{series.quantity}"),
                )
            )
        else:
            floor_label = (
                t("mistakes.floor", value=format_number(series.floor))
                if series.floor is not None
                else ""
            )
            charts.append(
                compute.figure(
                    figures.series_lines,
                    series.x,
                    ys,
                    roles,
                    names,
                    title,
                    t(f"mistakes.variable.{series.variable}"),
                    t(f"mistakes.quantity.{series.quantity}"),
                    series.at,
                    t(f"mistakes.at.{series.variable}"),
                    series.floor,
                    floor_label,
                )
            )
    if mistake in VALUE_CHARTS:
        calls = (*demo.wrong, *demo.right)
        charts.append(
            compute.figure(
                figures.call_values,
                tuple(case_label(call.case) for call in calls),
                tuple(call.value for call in calls),
                tuple(["wrong"] * len(demo.wrong) + ["right"] * len(demo.right)),
                t("mistakes.values_title"),
                t("mistakes.value"),
                facts.get("kl"),
                t("mistakes.kl_reference", value=format_number(facts["kl"]))
                if "kl" in facts
                else "",
            )
        )
    for start in range(0, len(charts), 2):
        row = charts[start : start + 2]
        columns = st.columns(2) if len(row) == 2 else [st.container()]
        for column, figure in zip(columns, row, strict=True):
            with column:
                chart(figure, lang)

    st.success(
        f"**{t('mistakes.fix')}** " + t(f"mistakes.{mistake}.fix", **facts),
        icon=":material/lightbulb:",
    )
    numbers_table(
        calls_table(
            demo,
            {call.case: case_label(call.case) for call in demo.calls},
            {role: t(f"mistakes.role.{role}") for role in ("reference", "wrong", "right")},
            {
                "role": t("mistakes.col_role"),
                "case": t("mistakes.col_case"),
                "code": t("mistakes.col_code"),
                "result": t("mistakes.col_result"),
            },
        ),
        lang,
    )
    code_panel(snippets.mistake_snippet(demo), lang)


page_fragment(lesson, context)
