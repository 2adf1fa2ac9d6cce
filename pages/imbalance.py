"""Imbalance: class weights, focal loss and label smoothing on an imbalanced batch."""

import numpy as np
import streamlit as st

from lossviz.errors import InputError
from lossviz.inputs.parsing import format_matrix, parse_matrix
from lossviz.lessons.gradients import true_class_points
from lossviz.lessons.imbalance import AlphaChoice, focal_alpha, imbalance_ratio
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import (
    agreement_badge,
    code_panel,
    error_text,
    numbers_table,
    show_notes,
    user_text,
)
from lossviz.ui.controls import gamma_slider, reduction_picker, smoothing_slider
from lossviz.ui.fragments import page_fragment
from lossviz.ui.frame import PageContext, first_rows_note, page_context, sample_picker
from lossviz.ui.presenter import introduction
from lossviz.views.cross_entropy import formulas as cross_entropy_formulas
from lossviz.views.imbalance import figures, snippets
from lossviz.views.imbalance import formulas as imbalance_formulas
from lossviz.views.imbalance.tables import class_table, focal_table, smoothing_table

IGNORE_INDEX = -100
GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)
FOCAL_GRID = np.linspace(0.01, 1.0, 100)
RATIO_GRID = np.linspace(0.0, 1.0, 51)
WEIGHT_DECIMALS = 4


def _load_imbalanced_batch() -> None:
    """Put a reproducible batch with the chosen majority : minority ratio into the sidebar."""
    batch = compute.imbalanced_batch(int(st.session_state["lv_imbalance_ratio"]))
    text = batch.to_text()
    st.session_state.pop(state.UPLOAD, None)
    state.set_fields(
        logits=text["logits"],
        target=text["target"],
        names=text["class_names"],
        weight=text["weight"],
    )


def _use_weights(text: str) -> None:
    state.set_fields(weight=text)


context = page_context(labelled_only=True)
batch, t, lang = context.batch, context.t, context.lang
n, c = batch.num_samples, batch.num_classes
soft = batch.soft_target
labels = batch.labels
uploaded = st.session_state.get(state.UPLOAD) is not None
st.title(t("imbalance.title"))
introduction(t("imbalance.intro"), lang)


def lesson(context: PageContext) -> None:
    """The imbalance ratio, the weights, focal loss and smoothing, and what they change."""
    batch, t, lang = context.batch, context.t, context.lang
    controls = st.columns([1.6, 1.2, 1])
    with controls[0]:
        ratio = state.bound_number(
            st.slider,
            "imbalance_ratio",
            t("imbalance.ratio"),
            step=1,
            help=t("imbalance.ratio_help"),
        )
        st.button(
            t("imbalance.load", ratio=ratio),
            on_click=_load_imbalanced_batch,
            icon=":material/balance:",
            key="imbalance_load",
        )
    with controls[1]:
        reduction = reduction_picker(context, "imbalance")
    with controls[2]:
        sample = sample_picker(context)

    counts = compute.class_counts(labels, c)
    listed = ", ".join(
        f"{user_text(name)}: {count}" for name, count in zip(batch.class_names, counts, strict=True)
    )
    st.caption(
        t(
            "imbalance.counts_soft" if soft else "imbalance.counts",
            counts=listed,
            n=n,
            ratio=imbalance_ratio(counts),
        )
    )
    if n == 1:
        st.info(t("imbalance.one_sample"), icon=":material/info:")
    label = int(labels[sample])

    # 1. Class weights
    st.header(t("imbalance.weights_header"), divider="gray")
    st.write(t("imbalance.weights_intro"))
    weight_controls = st.columns([1.1, 0.9, 1.7])
    with weight_controls[0]:
        scheme = state.bound_choice(
            st.selectbox,
            "weight_scheme",
            t("imbalance.scheme"),
            format_func=lambda name: t(f"imbalance.scheme_{name}"),
            help=t("imbalance.scheme_help"),
        )
    with weight_controls[1]:
        beta = state.bound_number(
            st.number_input,
            "effective_beta",
            t("imbalance.beta"),
            step=0.001,
            format="%.4f",
            disabled=scheme != "effective",
            help=t("imbalance.beta_help"),
        )
    scheme_weights = compute.class_weights(counts, scheme, beta, WEIGHT_DECIMALS)
    scheme_text = format_matrix(scheme_weights, digits=None)
    with weight_controls[2]:
        buttons = st.columns(2)
        buttons[0].button(
            t("imbalance.use_weights"),
            on_click=_use_weights,
            args=(scheme_text,),
            disabled=uploaded or context.state.weight.strip() == scheme_text,
            icon=":material/input:",
            key="imbalance_use_weights",
        )
        buttons[1].button(
            t("imbalance.clear_weights"),
            on_click=_use_weights,
            args=("",),
            disabled=uploaded or batch.weight is None,
            icon=":material/backspace:",
            key="imbalance_clear_weights",
        )
    st.latex(imbalance_formulas.weight_scheme(scheme, counts, beta, scheme_weights))
    if (counts == 0).any():
        st.caption(t("imbalance.absent_class"))

    compared = batch.weight if batch.weight is not None else scheme_weights
    if uploaded:
        st.caption(t("imbalance.uploaded_weights"))
    if batch.weight is not None:
        st.caption(t("imbalance.compare_batch", weights=format_matrix(batch.weight, digits=4)))
    else:
        st.caption(t("imbalance.compare_scheme", scheme=t(f"imbalance.scheme_{scheme}")))

    plain = compute.cross_entropy(batch.logits, batch.target, None, IGNORE_INDEX, reduction, 0.0)
    weighted = compute.cross_entropy(
        batch.logits, batch.target, compared, IGNORE_INDEX, reduction, 0.0
    )
    by_class_plain = compute.class_breakdown(
        plain.per_sample, plain.grad, labels, plain.denominator, c
    )
    by_class = compute.class_breakdown(
        weighted.per_sample, weighted.grad, labels, weighted.denominator, c
    )
    if soft:
        st.caption(t("imbalance.weights_soft"))
    else:
        summary = compute.reduction_summary(
            weighted.per_sample, weighted.sample_weight, weighted.ignored
        )
        st.latex(
            imbalance_formulas.weighted_mean(
                compared,
                by_class_plain.loss_sum,
                counts,
                summary.total,
                summary.denominator,
                weighted.loss,
                reduction,
            )
        )
        st.latex(
            imbalance_formulas.plain_mean(by_class_plain.loss_sum, counts, plain.loss, reduction)
        )
        if reduction == "mean" and batch.weight is not None:
            st.caption(t("imbalance.weights_scale" if n > 1 else "imbalance.weights_cancel"))
    agreement_badge(
        t("imbalance.badge_weighted"),
        weighted.loss,
        weighted.reference,
        weighted.difference,
        weighted.agrees,
        lang,
    )
    show_notes(weighted.notes, lang)

    class_words = {
        "without": t("imbalance.without_weights"),
        "with": t("imbalance.with_weights"),
        "class": t("common.class"),
        "count": t("imbalance.count"),
        "weight": t("imbalance.weight"),
    }
    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                figures.per_class_comparison,
                by_class_plain.loss_share,
                by_class.loss_share,
                counts,
                compared,
                batch.class_names,
                t("imbalance.share_title", reduction=reduction),
                {**class_words, "value": t("imbalance.share_axis")},
            ),
            lang,
        )
    with right:
        chart(
            compute.figure(
                figures.per_class_comparison,
                by_class_plain.grad_norm,
                by_class.grad_norm,
                counts,
                compared,
                batch.class_names,
                t("imbalance.push_title"),
                {**class_words, "value": t("imbalance.push_axis")},
            ),
            lang,
        )
    if batch.weight is not None:
        st.caption(t("imbalance.push_explained"))
    else:  # no weights set: say that the weighted side is the scheme's, not the batch's
        st.caption(t("imbalance.push_explained_scheme", scheme=t(f"imbalance.scheme_{scheme}")))
    numbers_table(
        class_table(
            batch.class_names,
            counts,
            scheme_weights,
            compared,
            by_class_plain,
            by_class,
            {
                "class": t("common.class"),
                "count": t("imbalance.count"),
                "scheme": t("imbalance.col_scheme"),
                "weight": t("imbalance.weight"),
                "share_plain": t("imbalance.col_share_plain"),
                "share_weighted": t("imbalance.col_share_weighted"),
                "push_plain": t("imbalance.col_push_plain"),
                "push_weighted": t("imbalance.col_push_weighted"),
            },
        ),
        lang,
    )

    # 2. Focal loss
    st.header(t("imbalance.focal_header"), divider="gray")
    st.write(t("imbalance.focal_intro"))
    focal_controls = st.columns(2)
    with focal_controls[0]:
        gamma = gamma_slider(context, "imbalance")
    with focal_controls[1]:
        alpha_text = state.bound(
            st.text_input,
            "focal_alpha",
            t("imbalance.alpha"),
            placeholder=t("imbalance.alpha_placeholder"),
            help=t("imbalance.alpha_help", c=c),
        )
    alpha = AlphaChoice(None, "none")
    if alpha_text.strip():
        try:
            alpha = focal_alpha(parse_matrix(alpha_text, "alpha").ravel(), c)
        except InputError as error:
            st.error(
                t("imbalance.alpha_error", message=error_text(error, lang), c=c),
                icon=":material/error:",
            )
    with focal_controls[1]:
        if alpha.convention == "binary":
            st.caption(t("imbalance.alpha_binary", a0=alpha.alpha[0], a1=alpha.alpha[1]))
        elif alpha.convention == "uniform":
            st.caption(t("imbalance.alpha_uniform", a=alpha.alpha[0]))
        elif alpha.convention == "per_class":
            st.caption(t("imbalance.alpha_per_class"))
        else:
            st.caption(t("imbalance.alpha_none"))
    if soft:
        st.caption(t("imbalance.focal_soft"))

    focal = compute.focal_loss(batch.logits, labels, gamma, alpha.alpha, reduction)
    comparison = compute.focal_comparison(
        focal.target_prob, focal.ce, focal.modulating_factor, focal.alpha_t, reduction
    )
    st.latex(imbalance_formulas.focal_definition())
    st.latex(
        imbalance_formulas.focal_sample(
            sample,
            label,
            float(focal.target_prob[sample]),
            gamma,
            None if alpha.alpha is None else float(alpha.alpha[label]),
            float(focal.ce[sample]),
            float(focal.modulating_factor[sample]),
            float(focal.per_sample[sample]),
            float(comparison.ratio[sample]),
        )
    )
    agreement_badge(
        t("imbalance.badge_focal"),
        focal.loss,
        focal.reference,
        focal.difference,
        focal.agrees,
        lang,
    )
    st.write(
        t(
            "imbalance.focal_kept",
            reduction=reduction,
            focal=focal.loss,
            ce=comparison.ce_loss,
            kept=comparison.kept,
        )
    )
    if n > 1 and comparison.easy:
        st.write(
            t(
                "imbalance.focal_easy",
                easy=comparison.easy,
                n=n,
                ce_share=comparison.easy_share_ce,
                focal_share=comparison.easy_share_focal,
            )
        )
    show_notes(focal.notes, lang)

    point_words = {"sample": t("common.sample"), "x": t("imbalance.pt")}
    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                figures.focal_curves_chart,
                FOCAL_GRID,
                sorted({*GAMMAS, gamma}),
                compute.focal_curves(FOCAL_GRID, sorted({*GAMMAS, gamma})),
                gamma,
                focal.target_prob,
                comparison.on_curve,
                labels,
                batch.class_names,
                t("imbalance.curves_title"),
                {**point_words, "gamma": "γ", "y": t("imbalance.focal_axis")},
            ),
            lang,
        )
    with right:
        chart(
            compute.figure(
                figures.focal_ratio_scatter,
                focal.target_prob,
                comparison.ratio,
                labels,
                batch.class_names,
                RATIO_GRID,
                compute.focal_ratio_curves(RATIO_GRID, gamma, alpha.alpha),
                t("imbalance.ratio_title", gamma=gamma),
                {
                    **point_words,
                    "y": t("imbalance.ratio_axis"),
                    "curve": t("imbalance.ratio_curve"),
                },
            ),
            lang,
        )
    st.caption(t("imbalance.curves_caption"))
    first_rows_note(context)
    chart(
        compute.figure(
            figures.ce_vs_focal_bars,
            focal.ce,
            focal.per_sample,
            labels,
            batch.class_names,
            sample,
            t("imbalance.bars_title", gamma=gamma),
            {
                "ce": t("imbalance.ce"),
                "focal": t("imbalance.focal"),
                "sample": t("common.sample"),
                "loss": t("common.loss"),
                "class": t("common.class"),
            },
        ),
        lang,
    )
    numbers_table(
        focal_table(
            labels,
            batch.class_names,
            focal,
            comparison,
            {
                "sample": t("common.sample"),
                "class": t("common.class"),
                "pt": t("imbalance.pt"),
                "ce": t("imbalance.ce"),
                "factor": "(1 - p_t)^γ",
                "alpha": "α_t",
                "focal": t("imbalance.focal"),
                "ratio": t("imbalance.ratio_axis"),
            },
        ),
        lang,
    )

    # 3. Label smoothing
    st.header(t("imbalance.smoothing_header"), divider="gray")
    st.write(t("imbalance.smoothing_intro"))
    smoothing = smoothing_slider(context, "imbalance")
    smoothed = compute.cross_entropy(
        batch.logits, batch.target, None, IGNORE_INDEX, reduction, smoothing
    )
    per_sample = compute.cross_entropy(
        batch.logits, batch.target, None, IGNORE_INDEX, "sum", smoothing
    )
    curves = compute.smoothing_curves(c, smoothing)
    if smoothing == 0:
        st.caption(t("imbalance.smoothing_zero"))
    st.latex(
        cross_entropy_formulas.smoothed_target(
            batch.target_matrix[sample], smoothing, smoothed.target_probs[sample]
        )
    )
    if soft:
        st.caption(t("imbalance.smoothing_soft"))
        floor = float(compute.loss_floor(smoothed.target_probs[sample : sample + 1], None)[0])
        st.latex(cross_entropy_formulas.floor(sample, floor, False))
    else:
        st.latex(imbalance_formulas.true_class_target(smoothing, c, curves.true_target))
        st.caption(t("imbalance.floor_explained"))
        st.latex(cross_entropy_formulas.smoothing_floor(smoothing, c, curves.floor))
        st.caption(t("imbalance.gradient_explained"))
        st.latex(
            imbalance_formulas.smoothing_gradient(
                sample,
                label,
                float(smoothed.probs[sample, label]),
                curves.true_target,
                float(per_sample.grad[sample, label]),
                curves.grad_at_one,
            )
        )
    agreement_badge(
        t("imbalance.badge_smoothing"),
        smoothed.loss,
        smoothed.reference,
        smoothed.difference,
        smoothed.agrees,
        lang,
    )
    show_notes(smoothed.notes, lang)

    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                figures.smoothed_target_bars,
                batch.target_matrix[sample],
                smoothed.target_probs[sample],
                smoothed.probs[sample],
                batch.class_names,
                t("imbalance.target_title", n=sample, eps=smoothing),
                {
                    "onehot": t("imbalance.given_target"),
                    "smoothed": t("imbalance.smoothed_target"),
                    "prediction": t("imbalance.prediction"),
                    "y": t("common.probability"),
                },
            ),
            lang,
        )
    if not soft:
        smoothing_words = {
            "plain": t("imbalance.no_smoothing"),
            "smoothed": t("imbalance.with_smoothing", eps=smoothing),
            "x": t("imbalance.true_prob"),
            "sample": t("imbalance.sample_marker", n=sample),
        }
        with right:
            chart(
                compute.figure(
                    figures.smoothing_loss_chart,
                    curves.p,
                    curves.loss_plain,
                    curves.loss_smoothed,
                    curves.true_target,
                    curves.floor,
                    float(smoothed.probs[sample, label]),
                    t("imbalance.loss_curve_title", c=c),
                    {**smoothing_words, "floor": t("imbalance.floor"), "y": t("common.loss")},
                ),
                lang,
            )
        st.caption(t("imbalance.loss_curve_caption"))
        points = true_class_points(per_sample)
        chart(
            compute.figure(
                figures.smoothing_gradient_chart,
                curves.p,
                curves.grad_plain,
                curves.grad_smoothed,
                curves.grad_at_one,
                points.prob,
                points.grad,
                points.labels,
                batch.class_names,
                t("imbalance.gradient_title"),
                {
                    **smoothing_words,
                    "sample": t("common.sample"),
                    "at_one": t("imbalance.at_one"),
                    "y": t("imbalance.gradient_axis"),
                },
            ),
            lang,
        )
    numbers_table(
        smoothing_table(
            batch.class_names,
            batch.target_matrix[sample],
            smoothed.target_probs[sample],
            smoothed.probs[sample],
            compute.loss_terms(
                smoothed.log_probs[sample : sample + 1],
                smoothed.target_probs[sample : sample + 1],
                None,
            )[0],
            per_sample.grad[sample],
            {
                "class": t("common.class"),
                "given": t("imbalance.given_target"),
                "smoothed": t("imbalance.smoothed_target"),
                "p": t("imbalance.prediction"),
                "term": t("imbalance.col_term"),
                "grad": t("imbalance.gradient_axis"),
            },
        ),
        lang,
    )

    code_panel(
        snippets.imbalance_snippet(
            batch.logits, batch.target, compared, reduction, gamma, alpha.alpha, smoothing
        ),
        lang,
    )


page_fragment(lesson, context)
