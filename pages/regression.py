"""Regression losses: MSE, L1, SmoothL1 and Huber against the error, on typed numbers, and an
outlier dragging the least-squares line but not the robust ones."""

import streamlit as st

from lossviz.inputs.urlstate import AppState
from lossviz.regression import LOSS_FUNCTIONS, LOSS_LABELS
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
from lossviz.ui.frame import PageContext, page_context
from lossviz.ui.presenter import Step, derivation, introduction
from lossviz.views.regression import figures, formulas, snippets
from lossviz.views.regression.tables import line_fit_table, regression_table
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN

EXAMPLE = AppState()

context = page_context()
t, lang = context.t, context.lang
st.title(t("nav.regression"))
introduction(t("regression.intro"), lang)


def lesson(context: PageContext) -> None:
    """beta, delta, the reduction and the numbers, and everything they change."""
    t, lang = context.t, context.lang
    controls = st.columns(3)
    with controls[0]:
        beta = state.bound_number(
            st.slider,
            "regression_beta",
            t("regression.beta"),
            step=0.05,
            help=t("regression.beta_help"),
        )
    with controls[1]:
        delta = state.bound_number(
            st.slider,
            "regression_delta",
            t("regression.delta"),
            step=0.05,
            help=t("regression.delta_help"),
        )
    with controls[2]:
        reduction = reduction_picker(context, "regression", st.selectbox)

    # The curves come first on the page but show the typed elements: they are drawn further down.
    curves_section = st.container()

    st.header(t("regression.numbers_header"))
    left, right = st.columns(2)
    with left:
        input_text = state.bound(
            st.text_input,
            "regression_input",
            t("regression.input"),
            help=t("regression.values_help"),
        )
    with right:
        target_text = state.bound(
            st.text_input,
            "regression_target",
            t("regression.target"),
            help=t("regression.values_help"),
        )
    x, x_problem = compute.parse_values(input_text, "input")
    y, y_problem = compute.parse_values(target_text, "target")
    problem = x_problem or y_problem
    message = error_text(problem, lang) if problem else None
    if problem is None and x.size != y.size:
        message = t("regression.length_mismatch", n=x.size, m=y.size)
    if message is not None:
        st.error(t("regression.values_error", message=message), icon=":material/error:")
        x, _ = compute.parse_values(EXAMPLE.regression_input, "input")
        y, _ = compute.parse_values(EXAMPLE.regression_target, "target")
    n = x.size

    element = 0
    if n > 1:
        if state.current().regression_element >= n:
            state.update(regression_element=n - 1)
            st.session_state.pop("lv_regression_element", None)
        with st.columns([1, 3])[0]:
            element = int(
                state.bound(
                    st.number_input,
                    "regression_element",
                    t("regression.element", last=n - 1),
                    min_value=0,
                    max_value=n - 1,
                    step=1,
                )
            )

    results, shares = compute.regression_losses(x, y, reduction, beta, delta)
    errors = results["mse_loss"].error
    per_element = {name: results[name].per_sample for name in LOSS_FUNCTIONS}

    for name in LOSS_FUNCTIONS:
        result = results[name]
        agreement_badge(
            f"F.{name}", result.loss, result.reference, result.difference, result.agrees, lang
        )
    show_notes(results["smooth_l1_loss"].notes, lang)

    st.markdown(f"**{t('regression.element_header', i=element)}**")
    losses = {name: results[name].per_sample[element] for name in LOSS_FUNCTIONS}
    slopes = {name: results[name].grad[element] for name in LOSS_FUNCTIONS}
    totals = {name: results[name].loss for name in LOSS_FUNCTIONS}
    derivation(
        [
            Step("", [formulas.definitions()]),
            Step("", [formulas.element(element, x[element], y[element], beta, delta, losses)]),
            Step(
                "",
                [
                    formulas.element_gradients(
                        element, x[element], y[element], beta, delta, slopes, reduction, n
                    )
                ],
            ),
            Step(
                "",
                [formulas.reduction(reduction, per_element, totals)],
                after=t("regression.element_caption"),
            ),
        ],
        lang,
    )

    if n > MAX_SAMPLES_DRAWN:
        st.caption(t("regression.more_elements", n=n, shown=MAX_SAMPLES_DRAWN))
    chart(
        compute.keyed_figure(
            (x, y, beta, delta),
            figures.share_bars,
            shares,
            per_element,
            LOSS_LABELS,
            t("regression.shares_title"),
            t("regression.shares_axis"),
            t("regression.element_word"),
        ),
        lang,
    )
    st.caption(
        t(
            "regression.shares_caption",
            i=element,
            mse=shares["mse_loss"][element],
            l1=shares["l1_loss"][element],
            smooth=shares["smooth_l1_loss"][element],
            huber=shares["huber_loss"][element],
        )
    )
    numbers_table(
        compute.arrow_table(
            regression_table(
                x,
                y,
                results,
                LOSS_LABELS,
                {
                    "element": t("regression.col_element"),
                    "input": "x",
                    "target": "y",
                    "error": t("regression.col_error"),
                    "loss": t("regression.col_loss"),
                    "grad": t("regression.col_grad"),
                },
            ),
        ),
        lang,
    )
    code_panel(snippets.regression_snippet(x, y, reduction, beta, delta), lang)

    with curves_section:
        st.header(t("regression.curves_header"))
        curves = compute.regression_curves(errors, beta, delta)
        left, right = st.columns(2)
        with left:
            chart(
                compute.keyed_figure(
                    (x, y, beta, delta),
                    figures.loss_curves_chart,
                    curves,
                    errors,
                    per_element,
                    element,
                    LOSS_LABELS,
                    t("regression.curves_title"),
                    t("regression.error_axis"),
                    t("regression.loss_axis"),
                    t("regression.element_word"),
                ),
                lang,
            )
        with right:
            chart(
                compute.keyed_figure(
                    (x, y, beta, delta),
                    figures.gradient_curves_chart,
                    curves,
                    LOSS_LABELS,
                    t("regression.slopes_title"),
                    t("regression.error_axis"),
                    t("regression.slope_axis"),
                    {
                        "smooth_l1_loss": t("regression.bound_smooth"),
                        "huber_loss": t("regression.bound_huber", delta=delta),
                    },
                ),
                lang,
            )
        st.caption(t("regression.curves_caption", delta=delta))
        if beta > 0:
            st.caption(t("regression.identity", beta=beta, gap=curves.identity_gap))
        else:
            st.caption(t("regression.identity_beta_zero"))

    st.header(t("regression.outlier_header"))
    st.write(t("regression.outlier_intro"))
    outlier = state.bound_number(
        st.slider,
        "regression_outlier",
        t("regression.outlier"),
        step=0.5,
        help=t("regression.outlier_help"),
    )
    data, fits = compute.outlier_fits(outlier, beta, delta)
    k = data.outlier_index
    chart(
        compute.keyed_figure(
            (outlier, beta, delta),
            figures.outlier_fit_chart,
            data,
            fits,
            LOSS_LABELS,
            t("regression.fit_title", outlier=outlier),
            "x",
            "y",
            {
                "points": t("regression.points"),
                "outlier": t("regression.outlier_point"),
                "true_line": t("regression.true_line"),
            },
        ),
        lang,
    )
    st.caption(
        t(
            "regression.fit_caption",
            mse_pull=fits["mse_loss"].pull[k],
            huber_pull=fits["huber_loss"].pull[k],
            smooth_pull=fits["smooth_l1_loss"].pull[k],
            l1_pull=fits["l1_loss"].pull[k],
            delta=delta,
            mse_slope=fits["mse_loss"].slope,
            huber_slope=fits["huber_loss"].slope,
            l1_slope=fits["l1_loss"].slope,
        )
    )
    st.markdown(f"**{t('regression.fit_table')}**")
    st.dataframe(
        compute.arrow_table(
            line_fit_table(
                fits,
                k,
                LOSS_LABELS,
                {
                    "loss": t("regression.col_fit_loss"),
                    "slope": t("regression.col_slope"),
                    "intercept": t("regression.col_intercept"),
                    "objective": t("regression.col_objective"),
                    "error": t("regression.col_outlier_error"),
                    "pull": t("regression.col_outlier_pull"),
                },
            ),
        ),
        hide_index=True,
    )


page_fragment(lesson, context)
