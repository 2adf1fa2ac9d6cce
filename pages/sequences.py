"""Sequences and masks: cross-entropy per token and per pixel, with the padding left out of the
mean, on a typed (N, C, T) batch or (N, C, H, W) masks."""

from collections.abc import Callable

import streamlit as st

from lossviz.errors import InputError
from lossviz.i18n import translate_error
from lossviz.inputs.elements import PRESETS, presets_of
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import (
    agreement_badge,
    code_panel,
    escape_markdown,
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
from lossviz.ui.frame import PageContext, page_context
from lossviz.ui.presenter import Step, derivation, introduction
from lossviz.views.cross_entropy.formulas import log_softmax, logsumexp
from lossviz.views.sequences import figures, formulas, snippets
from lossviz.views.sequences.tables import element_table

#: Per kind: the state fields of its text, class names and weights, and of its selected element
#: (sequence and position; image, row and column).
FIELDS = {
    "tokens": ("seq_tokens", "seq_names", "seq_weight", ("seq_sequence", "seq_position")),
    "pixels": ("mask_pixels", "mask_names", "mask_weight", ("mask_image", "mask_row", "mask_col")),
}
#: Per kind: the words naming each index of an element.
INDEX_WORDS = {
    "tokens": ("seq.sequence", "seq.position"),
    "pixels": ("seq.image", "seq.row", "seq.column"),
}
PRESET_KEY = "lv_seq_preset_{kind}"


def load_preset(kind: str) -> None:
    """Put the chosen preset's text, names and weights in the editor, with its ignore_index."""
    preset = PRESETS[st.session_state[PRESET_KEY.format(kind=kind)]]
    text, names, weight, _ = FIELDS[kind]
    state.set_fields(
        **{text: preset.elements, names: preset.class_names, weight: preset.weight},
        ignore_index=preset.ignore_index,
    )


def pick(field: str, label: str, count: int) -> int:
    """An index from 0 to ``count - 1``, bound to ``field`` and kept within the batch."""
    if count == 1:
        return 0
    if getattr(state.current(), field) >= count:
        state.update(**{field: count - 1})
        st.session_state.pop(f"lv_{field}", None)
    value = state.bound(
        st.number_input, field, f"{label} (0..{count - 1})", min_value=0, max_value=count - 1
    )
    return int(value)


def pick_element(kind: str, shape: tuple[int, ...], t: Callable[..., str]) -> tuple[int, ...]:
    """The selected element: side by side, an index picker for each dimension with a choice."""
    fields, names = FIELDS[kind][3], INDEX_WORDS[kind]
    shown = [k for k, count in enumerate(shape) if count > 1]
    columns = dict(zip(shown, st.columns(max(len(shown), 1)), strict=True))
    index = []
    for k, count in enumerate(shape):
        if k in columns:
            with columns[k]:
                index.append(pick(fields[k], t(names[k]), count))
        else:
            index.append(0)
    return tuple(index)


context = page_context()
st.title(context.t("seq.title"))
introduction(context.t("seq.intro"), context.lang)


def lesson(context: PageContext) -> None:
    """The view, its batch and options, and everything they change."""
    t, lang = context.t, context.lang
    top = st.columns([1.4, 1.4, 0.6], vertical_alignment="bottom")
    with top[0]:
        kind = state.bound_choice(
            st.radio,
            "seq_view",
            t("seq.view"),
            format_func=lambda k: t(f"seq.view_{k}"),
            horizontal=True,
        )
    with top[1]:
        st.selectbox(
            t("seq.preset"),
            presets_of(kind),
            format_func=lambda name: t(f"seq.preset_{name}"),
            key=PRESET_KEY.format(kind=kind),
        )
    with top[2]:
        st.button(t("seq.load"), on_click=load_preset, args=(kind,), key="lv_seq_load")
    text_field, names_field, weight_field, _ = FIELDS[kind]

    with st.expander(t(f"seq.edit_{kind}"), icon=":material/edit:"):
        st.caption(t(f"seq.format_{kind}"))
        typed = state.bound(st.text_area, text_field, t(f"seq.elements_{kind}"), height=190)
        columns = st.columns(2)
        with columns[0]:
            typed_names = state.bound(
                st.text_input, names_field, t("seq.names"), help=t("seq.names_help")
            )
        with columns[1]:
            typed_weight = state.bound(
                st.text_input, weight_field, t("seq.weight"), help=t("seq.weight_help")
            )

    example_name = presets_of(kind)[0]
    example = PRESETS[example_name]
    batch, problem = compute.element_batch(kind, typed, typed_names, typed_weight)
    if problem is not None:
        st.error(
            t("seq.input_error", message=translate_error(problem, lang)), icon=":material/error:"
        )
        batch, _ = compute.element_batch(
            kind, example.elements, example.class_names, example.weight
        )

    controls = st.columns([1.2, 1, 1.2, 1.3])
    with controls[0]:
        reduction = reduction_picker(context, "seq")
    with controls[1]:
        ignore_index = int(ignore_index_input(context, "seq"))
    with controls[2]:
        smoothing = smoothing_slider(context, "seq")
    with controls[3]:
        use_weight = use_weight_toggle(context, "seq", disabled=batch.weight is None)
    weight = batch.weight if use_weight else None
    if problem is not None:
        ignore_index = example.ignore_index

    try:
        result = compute.cross_entropy(
            batch.logits, batch.labels, weight, ignore_index, reduction, smoothing
        )
    except InputError as error:
        st.error(
            t(
                "seq.label_error",
                message=translate_error(str(error), lang),
                index=ignore_index,
                last=batch.num_classes - 1,
            ),
            icon=":material/error:",
        )
        problem = str(error)
        batch, _ = compute.element_batch(
            kind, example.elements, example.class_names, example.weight
        )
        weight, ignore_index = None, example.ignore_index
        result = compute.cross_entropy(
            batch.logits, batch.labels, None, ignore_index, reduction, smoothing
        )
    if problem is not None:
        st.caption(t("seq.showing_example", example=t(f"seq.preset_{example_name}")))

    shape = batch.element_shape
    means = compute.kept_mean(result.per_sample, result.sample_weight, result.ignored)
    agreement_badge(
        t("seq.badge_function", shape=str(tuple(batch.logits.shape))),
        result.loss,
        result.reference,
        result.difference,
        result.agrees,
        lang,
    )
    show_notes(result.notes, lang)

    # Each element's loss, and the one the formulas show.
    st.header(t(f"seq.grid_header_{kind}"))
    st.caption(t(f"seq.grid_caption_{kind}", index=ignore_index))
    words = {
        "label": t("seq.label"),
        "p": t("seq.p_target"),
        "loss": t("common.loss"),
        "ignored": t("seq.ignored"),
    }
    index = pick_element(kind, shape, t)
    n = index[0]
    if kind == "tokens":
        chart(
            compute.figure(
                figures.loss_grid,
                result.per_sample,
                result.ignored,
                batch.labels,
                batch.class_names,
                result.target_log_prob,
                batch.words.tolist(),
                [str(i) for i in range(shape[0])],
                [str(j) for j in range(shape[1])],
                index,
                t("seq.grid_title_tokens"),
                {"row": t("seq.sequence"), "column": t("seq.position"), **words},
            ),
            lang,
        )
    else:
        row, column = index[1:]
        rows = [str(i) for i in range(shape[1])]
        cols = [str(j) for j in range(shape[2])]
        where = {"row": t("seq.row"), "column": t("seq.column"), "class": t("common.class")}
        maps = st.columns(3)
        with maps[0]:
            chart(
                compute.figure(
                    figures.class_map,
                    batch.labels[n],
                    result.ignored[n],
                    batch.labels[n].astype(str).tolist(),
                    batch.class_names,
                    rows,
                    cols,
                    (row, column),
                    t("seq.mask_title", n=n),
                    {**where, "ignored": t("seq.ignored")},
                ),
                lang,
            )
        with maps[1]:
            predicted = compute.predicted_classes(result.probs)[n]
            chart(
                compute.figure(
                    figures.class_map,
                    predicted,
                    None,
                    predicted.astype(str).tolist(),
                    batch.class_names,
                    rows,
                    cols,
                    (row, column),
                    t("seq.prediction_title", n=n),
                    {**where, "ignored": t("seq.ignored")},
                ),
                lang,
            )
        with maps[2]:
            chart(
                compute.figure(
                    figures.loss_grid,
                    result.per_sample[n],
                    result.ignored[n],
                    batch.labels[n],
                    batch.class_names,
                    result.target_log_prob[n],
                    [[""] * shape[2]] * shape[1],
                    rows,
                    cols,
                    (row, column),
                    t("seq.loss_map_title", n=n),
                    {**where, **words},
                ),
                lang,
            )

    # The mean over the kept elements, beside the naive mean over every position.
    st.header(t(f"seq.mean_header_{kind}"))
    metrics = st.columns(5)
    metrics[0].metric(t("seq.metric_total"), f"{means.total:.4f}")
    metrics[1].metric(t(f"seq.metric_kept_{kind}"), f"{means.kept} / {means.positions}")
    metrics[2].metric(t("seq.metric_mean"), f"{means.mean:.4f}")
    metrics[3].metric(t("seq.metric_naive"), f"{means.naive_mean:.4f}")
    metrics[4].metric(t("seq.metric_difference"), f"{means.difference:+.4f}")
    st.latex(
        formulas.kept_mean(kind, means.total, means.denominator, means.mean, weight is not None)
    )
    st.latex(formulas.naive_mean(kind, means.total, shape, means.naive_mean))
    if means.kept == 0:
        st.write(t("seq.explain_nothing_kept"))
    elif means.ignored == 0 and weight is None:
        st.write(t(f"seq.explain_nothing_ignored_{kind}"))
    else:
        st.write(
            t(
                f"seq.explain_naive_{kind}",
                positions=means.positions,
                ignored=means.ignored,
                kept=means.kept,
                naive=means.naive_mean,
                mean=means.mean,
                percent=abs(1 - means.ratio) * 100,
                direction=t("seq.lower" if means.difference < 0 else "seq.higher"),
            )
        )
    if weight is not None:
        st.write(t("seq.explain_weighted", denominator=means.denominator, kept=means.kept))

    if shape[0] > 1:
        per_sample = compute.sample_means(result.per_sample, result.sample_weight, result.ignored)
        sample_word = t("seq.sequence" if kind == "tokens" else "seq.image")
        chart(
            compute.figure(
                figures.sample_means_chart,
                per_sample.means,
                per_sample.kept,
                [
                    (t("seq.line_mean"), means.mean),
                    (t("seq.line_naive"), means.naive_mean),
                    (t("seq.line_mean_of_means"), per_sample.mean_of_means),
                ],
                [f"{sample_word} {i}" for i in range(shape[0])],
                t(f"seq.sample_means_title_{kind}"),
                {
                    "sample": sample_word,
                    "loss": t("seq.sample_mean"),
                    "kept": t(f"seq.kept_count_{kind}"),
                },
            ),
            lang,
        )
        st.latex(formulas.mean_of_means(per_sample.means, per_sample.mean_of_means))
        st.caption(t(f"seq.sample_means_caption_{kind}"))

    # One element, step by step.
    st.header(t(f"seq.step_header_{kind}", index=", ".join(map(str, index))))
    column_index = (index[0], slice(None), *index[1:])
    logits_column = batch.logits[column_index]
    label = int(batch.labels[index])
    where = {"n": index[0], "position": index[-1], "row": index[1], "column": index[-1]}
    word = escape_markdown(str(batch.words[index])) or "—"
    if result.ignored[index]:
        st.write(t(f"seq.step_what_ignored_{kind}", **where, word=word, label=label))
    else:
        st.write(
            t(
                f"seq.step_what_{kind}",
                **where,
                word=word,
                label=label,
                name=escape_markdown(batch.class_names[label]),
                p=float(result.probs[column_index][label]),
            )
        )
    lse = float(result.logsumexp[index])
    steps = [
        Step("", [formulas.definition(kind, smoothing)]),
        Step(
            t("seq.step_lse"),
            [
                logsumexp(logits_column, lse),
                log_softmax(logits_column, lse, result.log_probs[column_index]),
            ],
        ),
    ]
    if result.ignored[index]:
        steps.append(Step(t("seq.step_ignored"), [formulas.ignored_element(index, label)]))
    else:
        element_loss = formulas.element_loss(
            index,
            label,
            result.log_probs[column_index],
            weight,
            smoothing,
            float(result.per_sample[index]),
        )
        steps.append(Step(t("seq.step_loss"), [element_loss]))
    derivation(steps, lang)

    st.header(t("seq.reduction_header", reduction=reduction))
    if reduction == "mean":
        st.write(t(f"seq.reduction_mean_{kind}", loss=result.loss))
    else:
        st.latex(
            formulas.reduction(
                kind,
                reduction,
                shape,
                means.total,
                means.denominator,
                result.loss,
                weight is not None,
            )
        )
    st.caption(t(f"seq.layout_{kind}"))

    headers = {
        "sample": t("seq.sequence" if kind == "tokens" else "seq.image"),
        "position": t("seq.position"),
        "row": t("seq.row"),
        "column": t("seq.column"),
        "word": t("seq.word"),
        "label": t("seq.label"),
        "class": t("common.class"),
        "log_p": t("seq.col_log_p"),
        "weight": t("seq.col_weight"),
        "loss": t("common.loss"),
        "ignored": t("seq.ignored"),
    }
    numbers_table(compute.arrow_table(element_table(batch, result, headers)), lang)
    code_panel(
        snippets.elements_snippet(
            kind, batch.logits, batch.labels, weight, ignore_index, reduction, smoothing
        ),
        lang,
    )


page_fragment(lesson, context)
