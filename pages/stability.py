"""Numerical stability: naive softmax-then-log against log-sum-exp, in float32 and float64."""

import hashlib

import numpy as np
import streamlit as st

from lossviz.lessons.stability import (
    DTYPES,
    EVENTS,
    ROUTES,
    STATUSES,
    binary_focus,
    logit_grid,
    naive_breaks,
    scale_grid,
    scale_options,
)
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import agreement_badge, code_panel, numbers_table
from lossviz.ui.fragments import page_fragment
from lossviz.ui.frame import PageContext, page_context, sample_picker
from lossviz.ui.presenter import Step, derivation, introduction
from lossviz.views.shared.numbers import compact_number
from lossviz.views.stability import figures, formulas, snippets
from lossviz.views.stability.tables import batch_table, binary_table, failures_table, steps_tables

SWEEP_SCALES = scale_grid(24)
STATUS_BADGES = {"ok": "green", "grad": "orange", "inf": "red", "nan": "red"}
STATUS_ICONS = {
    "ok": ":material/check_circle:",
    "grad": ":material/warning:",
    "inf": ":material/error:",
    "nan": ":material/error:",
}

context = page_context(labelled_only=True)
batch, t, lang = context.batch, context.t, context.lang
st.title(t("nav.stability"))
introduction(t("stability.intro"), lang)


def lesson(context: PageContext) -> None:
    """The sample, the scale and the dtype, and everything they change."""
    batch, t, lang = context.batch, context.t, context.lang
    controls = st.columns([1, 3, 1])
    with controls[0]:
        sample = sample_picker(context)
    with controls[1]:
        scale = state.bound(
            st.select_slider,
            "stability_scale",
            t("stability.scale"),
            options=scale_options(context.state.stability_scale),
            format_func=lambda value: f"{value:g}",
            help=t("stability.scale_help"),
        )
    with controls[2]:
        dtype = state.bound_choice(
            st.radio,
            "stability_dtype",
            t("stability.dtype"),
            horizontal=True,
            help=t("stability.dtype_help"),
        )

    row = batch.logits[sample]
    label = int(batch.labels[sample])
    if batch.soft_target:
        st.caption(t("stability.soft_target", label=label))
    steps, binary = compute.stability_routes(row, label, scale, dtype)
    limits = compute.stability_limits()
    words = {
        **{route: t(f"stability.short_{route}") for route in ROUTES},
        **{name: name for name in DTYPES},
        **{status: t(f"stability.status_{status}") for status in STATUSES},
    }

    # 1. The three routes at this scale and dtype.
    st.header(t("stability.routes_header", s=f"{scale:g}", dtype=dtype))
    st.latex(formulas.scaled_logits(scale, row, steps.logits))
    columns = st.columns(3)
    for column, route in zip(columns, ROUTES, strict=True):
        with column:
            st.markdown(f"**{t(f'stability.route_{route}')}**")
            st.code(snippets.ROUTE_CODE[route], language="python", wrap_lines=True)
            status = steps.statuses[route]
            st.metric(t("common.loss"), compact_number(steps.route_loss(route)))
            st.badge(
                t(f"stability.status_{status}"),
                icon=STATUS_ICONS[status],
                color=STATUS_BADGES[status],
            )
    naive = formulas.naive_steps(
        steps.exp, steps.exp_sum, steps.naive_probs, label, steps.naive_loss
    )
    stable = formulas.stable_steps(
        steps.logits,
        steps.max_logit,
        steps.shifted_logits,
        steps.shifted_sum,
        steps.logsumexp,
        label,
        steps.loss,
    )
    derivation(
        [
            Step(t("stability.naive_steps"), [naive], markdown=True),
            Step(
                t("stability.stable_steps"),
                [stable],
                markdown=True,
                then=lambda: agreement_badge(
                    f"F.cross_entropy ({dtype})",
                    steps.loss,
                    steps.reference,
                    steps.difference,
                    steps.agrees,
                    lang,
                ),
            ),
            Step(
                t("stability.gradients"),
                [formulas.gradients(steps.naive_grad, steps.softmax_grad, steps.grad, label)],
                markdown=True,
            ),
        ],
        lang,
    )
    forward, gradients = steps_tables(
        steps,
        batch.class_names,
        {
            "class": t("common.class"),
            "x": "x",
            "exp": "exp(x)",
            "naive_p": t("stability.col_naive_p"),
            "naive_log_p": t("stability.col_naive_log_p"),
            "softmax_p": "softmax(x)",
            "softmax_log_p": "log(softmax(x))",
            "log_softmax": "log_softmax(x)",
            "naive_grad": f"∂ℓ/∂x ({words['naive']})",
            "softmax_grad": f"∂ℓ/∂x ({words['softmax_log']})",
            "fused_grad": f"∂ℓ/∂x ({words['fused']})",
        },
    )
    # A table keeps the column widths of the numbers it was first drawn with: keyed on what it
    # shows, it is drawn afresh for another sample, scale, dtype or class names, and a longer
    # number (say -354.8914) is not cut from the left.
    shown = repr((np.asarray(steps.logits).tolist(), dtype, list(batch.class_names)))
    drawn = hashlib.sha1(shown.encode()).hexdigest()[:12]
    st.dataframe(forward, hide_index=True, key=f"lv_stability_steps_{drawn}")
    st.dataframe(gradients, hide_index=True, key=f"lv_stability_gradients_{drawn}")

    # 2. Where each route breaks as the scale grows.
    st.header(t("stability.sweep_header"))
    f32, f64 = limits["float32"], limits["float64"]
    st.markdown(
        t(
            "stability.limits",
            over32=f"{f32.exp_overflow:.9g}",
            over64=f"{f64.exp_overflow:.15g}",
            under32=f"{f32.exp_underflow:.9g}",
            under64=f"{f64.exp_underflow:.15g}",
            log32=f"{f32.log_max:.9g}",
            log64=f"{f64.log_max:.15g}",
        )
    )
    sweep, failures = compute.stability_sweep(row, label, SWEEP_SCALES)
    breaks = naive_breaks(failures)
    chart(
        compute.figure(
            figures.loss_against_scale,
            sweep.scales,
            sweep.loss,
            breaks,
            scale,
            t("stability.loss_chart_title", n=sample, y=label),
            t("stability.scale_axis"),
            t("common.loss"),
            {**words, "loss": t("common.loss"), "breaks": t("stability.breaks")},
        ),
        lang,
    )
    chart(
        compute.figure(
            figures.status_strips,
            sweep.scales,
            sweep.status,
            scale,
            t("stability.strips_title", n=sample),
            t("stability.scale_axis"),
            words,
        ),
        lang,
    )
    st.caption(t("stability.strips_caption"))
    st.dataframe(
        failures_table(
            failures,
            words,
            {
                "dtype": "dtype",
                "route": t("stability.col_route"),
                **{event: t(f"stability.event_{event}") for event in EVENTS["naive"]},
            },
        ),
        hide_index=True,
    )
    st.caption(t("stability.failures_caption"))
    first = {f.dtype: f for f in failures if f.route == "naive" and f.event == "loss"}[dtype]
    if first.found and np.isfinite(first.last_good):
        jump = st.columns(2)
        jump[0].button(
            t("stability.jump_before", s=f"{first.last_good:.9g}", dtype=dtype),
            on_click=state.set_fields,
            kwargs={"stability_scale": first.last_good},
            help=t("stability.jump_help"),
            key="lv_stability_jump_before",
        )
        jump[1].button(
            t("stability.jump_at", s=f"{first.scale:.9g}"),
            on_click=state.set_fields,
            kwargs={"stability_scale": first.scale},
            help=t("stability.jump_help"),
            key="lv_stability_jump_at",
        )

    # 3. The binary counterpart: BCELoss's clamp against BCEWithLogitsLoss.
    st.header(t("stability.bce_header"))
    st.markdown(
        t(
            "stability.bce_text",
            one32=f"{f32.sigmoid_one:.7g}",
            one64=f"{f64.sigmoid_one:.7g}",
            floor64=f"{f64.bce_gradient_floor:.6g}",
        )
    )
    c = binary_focus(binary)
    st.latex(
        formulas.bce_element(
            c,
            float(binary.logits[c]),
            float(binary.target[c]),
            float(binary.probs[c]),
            float(binary.log_p[c]),
            float(binary.log_one_minus_p[c]),
            float(binary.bce[c]),
            float(binary.with_logits[c]),
        )
    )
    agreement_badge(
        f"F.binary_cross_entropy ({dtype})",
        float(binary.bce_steps[c]),
        float(binary.bce[c]),
        abs(float(binary.bce_steps[c] - binary.bce[c])),
        binary.agrees,
        lang,
    )
    bce_sweep = compute.stability_binary_sweep(logit_grid(binary.logits))
    saturation = {name: limits[name].sigmoid_one for name in DTYPES}
    bce_words = {
        "bce": "BCELoss(σ(x))",
        "with_logits": "BCEWithLogitsLoss(x)",
        **{name: name for name in DTYPES},
        "loss": t("common.loss"),
        "grad": t("stability.gradient"),
        "clamp": t("stability.clamp_line"),
        "sample_bce": t("stability.sample_markers", function="BCELoss"),
        "sample_with_logits": t("stability.sample_markers", function="BCEWithLogitsLoss"),
    }
    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                figures.bce_loss_chart,
                bce_sweep.logits,
                bce_sweep.bce,
                bce_sweep.with_logits,
                saturation,
                (binary.logits, binary.target, binary.bce, binary.with_logits, batch.class_names),
                t("stability.bce_loss_title"),
                t("stability.logit_axis"),
                t("common.loss"),
                bce_words,
            ),
            lang,
        )
    with right:
        chart(
            compute.figure(
                figures.bce_gradient_chart,
                bce_sweep.logits,
                bce_sweep.bce_grad,
                bce_sweep.with_logits_grad,
                saturation,
                t("stability.bce_grad_title"),
                t("stability.logit_axis"),
                t("stability.gradient"),
                bce_words,
            ),
            lang,
        )
    st.caption(t("stability.bce_caption", dtype=dtype))
    numbers_table(
        binary_table(
            binary,
            batch.class_names,
            {
                "class": t("common.class"),
                "x": "x",
                "t": "t",
                "p": "σ(x)",
                "log_p": "log σ(x)",
                "log_one_minus_p": "log(1 − σ(x))",
                "clamped": t("stability.col_clamped"),
                "bce": "BCELoss",
                "bce_grad": "∂ℓ/∂x (BCELoss)",
                "with_logits": "BCEWithLogitsLoss",
                "with_logits_grad": "∂ℓ/∂x (BCEWithLogitsLoss)",
            },
        ),
        lang,
    )

    # 4. Why frameworks fuse softmax with the loss.
    st.header(t("stability.fuse_header"))
    st.markdown(
        t(
            "stability.fuse_text",
            m=compact_number(steps.max_logit),
            total=f"{steps.shifted_sum:.9g}",
            lse=compact_number(steps.logsumexp),
            naive=compact_number(steps.naive_loss),
            fused=compact_number(steps.reference),
            status_naive=words[steps.statuses["naive"]],
            status_softmax=words[steps.statuses["softmax_log"]],
        )
    )

    # 5. The whole batch at this scale.
    if batch.num_samples > 1:
        st.header(t("stability.batch_header", s=f"{scale:g}"))
        status = compute.stability_batch(batch.logits, batch.labels, scale)
        chart(
            compute.figure(
                figures.batch_status_bars,
                status.counts,
                t("stability.batch_title", samples=batch.num_samples),
                t("stability.samples"),
                words,
            ),
            lang,
        )
        numbers_table(
            batch_table(
                status.counts,
                words,
                {
                    "route": t("stability.col_route"),
                    "dtype": "dtype",
                    **{outcome: words[outcome] for outcome in STATUSES},
                },
            ),
            lang,
        )

    code_panel(snippets.stability_snippet(row, label, scale, dtype, sample), lang)


page_fragment(lesson, context)
