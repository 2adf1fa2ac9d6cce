"""The training playground: a small classifier trained live, two losses side by side."""

import streamlit as st

from lossviz.errors import InputError
from lossviz.i18n import translate_error
from lossviz.lessons.datasets import CSV_NAME, to_csv
from lossviz.lessons.training import Comparison, TrainingConfig
from lossviz.ui import compute, state
from lossviz.ui.charts import chart
from lossviz.ui.components import agreement_badge, code_panel, numbers_table
from lossviz.ui.controls import gamma_slider, smoothing_slider
from lossviz.ui.frame import page_context
from lossviz.ui.presenter import introduction
from lossviz.ui.session import connected
from lossviz.views.playground import figures, formulas, snippets
from lossviz.views.playground.tables import class_table, curves_csv

RUNS = ("A", "B")
#: The session's two runs (a ``Comparison``): kept across reruns and page switches.
COMPARISON = "lv_train_comparison"
#: While a background thread trains: how often the progress, loss curves and accuracies are
#: redrawn, and how often the heavier decision regions and histograms are (about 260 kB of
#: figures a time, most of the browser's work: redrawn every second, they kept a click on Stop
#: waiting about 1.2 s before the browser handled it, every 2.5 s about 0.2 s). Training itself
#: does not wait for the drawing.
PROGRESS_SECONDS = 0.3
VIEWS_SECONDS = 2.5
#: While waiting for a training slot nothing moves but the queue: its place is redrawn this
#: often, and the charts not at all until training starts.
WAITING_SECONDS = 1.0
LOSS_FUNCTIONS = {
    "cross_entropy": "F.cross_entropy",
    "weighted_cross_entropy": "F.cross_entropy(weight=w)",
    "focal": "focal loss",
    "label_smoothing": "F.cross_entropy(label_smoothing=ε)",
}

context = page_context()
t, lang = context.t, context.lang
st.title(t("nav.playground"))
introduction(t("playground.intro"), lang)


def ranged(key: str, field: str) -> str:
    """A number box's label with the range it takes: a number outside it is refused (the box
    turns red), and the label says why before anyone types one."""
    low, high = state.BOUNDS[field]
    return t("playground.ranged", label=t(key), low=f"{low:,g}", high=f"{high:,g}")


def run_column(run: str) -> dict[str, object]:
    """A run's controls (``train_loss_a``, ``train_gamma_a``...): its loss and the loss's
    parameter, as ``TrainingConfig`` fields."""
    suffix = run.lower()
    st.header(t("playground.run", run=run))
    loss = state.bound_choice(
        st.selectbox,
        f"train_loss_{suffix}",
        t("playground.loss"),
        format_func=lambda name: t(f"playground.loss_{name}"),
    )
    gamma = getattr(state.current(), f"train_gamma_{suffix}")
    smoothing = getattr(state.current(), f"train_smoothing_{suffix}")
    if loss == "focal":
        gamma = gamma_slider(context, "playground", f"train_gamma_{suffix}")
    elif loss == "label_smoothing":
        smoothing = smoothing_slider(context, "playground", f"train_smoothing_{suffix}")
    st.caption(t(f"playground.about_{loss}"))
    return {"loss": loss, "focal_gamma": gamma, "smoothing": smoothing}


data_column, model_column, *run_columns = st.columns([1.2, 1, 1, 1])
with data_column:
    st.header(t("playground.data"))
    kind = state.bound_choice(
        st.selectbox,
        "train_data",
        t("playground.dataset"),
        format_func=lambda name: t(f"playground.kind_{name}"),
    )
    left, right = st.columns(2)
    with left:
        points = state.bound_number(
            st.number_input, "train_points", ranged("playground.points", "train_points"), step=50
        )
    with right:
        if kind == "moons":
            classes = 2
            st.caption(t("playground.moons_classes"))
        else:
            classes = state.bound_number(
                st.number_input,
                "train_classes",
                ranged("playground.classes", "train_classes"),
                step=1,
            )
    imbalance = state.bound_number(
        st.slider,
        "train_imbalance",
        t("playground.imbalance"),
        step=0.5,
        help=t("playground.imbalance_help"),
    )
    noise = state.bound_number(
        st.slider,
        "train_noise",
        t("playground.noise"),
        step=0.01,
        help=t("playground.noise_help"),
    )
with model_column:
    st.header(t("playground.model"))
    hidden = state.bound_number(
        st.number_input, "train_hidden", ranged("playground.hidden", "train_hidden"), step=8
    )
    lr = state.bound_number(
        st.number_input,
        "train_lr",
        t("playground.lr"),
        step=0.001,
        format="%.4f",
        help=t("playground.lr_help"),
    )
    steps = state.bound_number(
        st.number_input, "train_steps", ranged("playground.steps", "train_steps"), step=50
    )
    seed = state.bound_number(
        st.number_input,
        "train_seed",
        t("playground.seed"),
        step=1,
        help=t("playground.seed_help"),
    )

losses = {}
for run, column in zip(RUNS, run_columns, strict=True):
    with column:
        losses[run] = run_column(run)

try:
    dataset = compute.toy_dataset(kind, points, classes, imbalance, noise, seed)
    configs = {
        run: TrainingConfig(hidden=hidden, lr=lr, steps=steps, seed=seed, **loss)
        for run, loss in losses.items()
    }
    comparison = st.session_state.setdefault(COMPARISON, Comparison())
    comparison.configure(dataset, configs)
except InputError as error:
    st.error(translate_error(str(error), lang), icon=":material/error:")
    st.stop()

class_names = [f"{t('common.class')} {c}" for c in range(dataset.num_classes)]
buttons = st.columns([1, 1, 1, 5], vertical_alignment="center")


def start_again(**kwargs) -> None:
    """Start both runs; runs trained to the end start again from their initial weights."""
    if comparison.done:
        comparison.reset()
    comparison.start(**kwargs)


def run_button(column, action: str, icon: str, disabled: bool, **kwargs) -> None:
    """The button that starts, stops or resets both runs (``comparison.<action>``)."""
    column.button(
        t(f"playground.{action}"),
        on_click=start_again if action == "start" else getattr(comparison, action),
        icon=icon,
        disabled=disabled,
        key=f"lv_train_{action}",
        width="stretch",
        **kwargs,
    )


run_button(
    buttons[0],
    "start",
    ":material/play_arrow:",
    comparison.running,  # after a finished run, Start trains again from the start
    # A bounded number of trainings run at once (the others wait for a slot), each stopping
    # when its session's tab is closed.
    kwargs={"background": True, "pool": compute.training_pool(), "alive": connected()},
    type="primary",
)
run_button(buttons[1], "stop", ":material/stop:", not comparison.running)
run_button(buttons[2], "reset", ":material/restart_alt:", not comparison.started)
buttons[3].caption(
    t(
        "playground.status",
        device=compute.device_description(),
        counts=", ".join(str(n) for n in dataset.class_counts),
        flipped=dataset.num_flipped,
    )
)


#: The step the learner looks back at (None: the runs as they are now).
look_at: int | None = None
recorded = comparison.recorded_steps() if comparison.started and not comparison.running else []
if len(recorded) > 1:
    # Keyed on the last step: after more training the slider starts again at the end.
    chosen = st.select_slider(
        t("playground.look_back"),
        options=recorded,
        value=recorded[-1],
        help=t("playground.look_back_help"),
        key=f"lv_train_look_back_{recorded[-1]}",
    )
    look_at = None if chosen == recorded[-1] else chosen


def _build(builder, *args):
    return builder(*args)


def _drawer(pair: Comparison):
    """While training, every update draws new figures: build them directly rather than fill the
    shared figure cache with frames nobody asks for again. While waiting for a slot, the runs do
    not move: the cached figures serve every update."""
    return _build if pair.running and not pair.waiting else compute.figure


def progress() -> None:
    """How far the runs are, their loss curves and accuracies; once training ends, the whole
    page reruns (buttons, timers)."""
    pair = st.session_state[COMPARISON]
    if pair.error is not None:
        st.error(t("playground.failed", error=pair.error), icon=":material/error:")
    if pair.waiting:
        st.info(
            t(
                "playground.waiting",
                slots=compute.training_pool().size,
                ahead=pair.queue_position or 0,
            ),
            icon=":material/hourglass_top:",
        )
    draw = _drawer(pair)
    snapshots = pair.snapshots(look_at)
    for run, column in zip(RUNS, st.columns(2), strict=True):
        snap = snapshots[run]
        column.progress(
            snap.step / snap.steps,
            text=t(
                "playground.progress",
                run=run,
                loss=t(f"playground.loss_{configs[run].loss}"),
                step=snap.step,
                steps=snap.steps,
                accuracy=snap.accuracy,
            ),
        )
    left, right = st.columns(2)
    with left:
        chart(
            draw(
                figures.loss_curves,
                [snapshots[run].losses for run in RUNS],
                [
                    t(
                        "playground.run_loss",
                        run=run,
                        loss=t(f"playground.loss_{configs[run].loss}"),
                    )
                    for run in RUNS
                ],
                steps,
                t("playground.loss_title"),
                t("playground.step"),
                t("playground.training_loss"),
            ),
            lang,
            key="lv_train_chart_loss",
        )
    with right:
        chart(
            draw(
                figures.class_accuracy_bars,
                [snapshots[run].per_class_accuracy for run in RUNS],
                [t("playground.run", run=run) for run in RUNS],
                class_names,
                t("playground.accuracy_title"),
                t("common.class"),
                t("playground.accuracy"),
            ),
            lang,
            key="lv_train_chart_accuracy",
        )
    if running and not pair.running:
        st.rerun()  # training ended: redraw the buttons and stop the timers
    if waiting and not pair.waiting:
        st.rerun()  # a slot is free and training starts: set the timers for training


def views() -> None:
    """The slower part: each run's decision regions, loss formula and probability histogram."""
    pair = st.session_state[COMPARISON]
    draw = _drawer(pair)
    snapshots = pair.snapshots(look_at)
    regions, latex = st.columns(2), st.columns(2)
    for run, column in zip(RUNS, regions, strict=True):
        snap, config = snapshots[run], configs[run]
        with column:
            chart(
                draw(
                    figures.decision_regions,
                    snap.grid,
                    snap.grid_probs,
                    snap.grid_class,
                    dataset.x,
                    dataset.labels,
                    dataset.clean_labels,
                    class_names,
                    t(
                        "playground.regions_title",
                        run=run,
                        loss=t(f"playground.loss_{config.loss}"),
                        step=snap.step,
                    ),
                    "x₁",
                    "x₂",
                    t("common.class"),
                    t("playground.flipped"),
                    t("playground.true_class"),
                ),
                lang,
                key=f"lv_train_chart_regions_{run}",
            )
    for run, column in zip(RUNS, latex, strict=True):
        config = configs[run]
        column.latex(
            formulas.loss_formula(
                run,
                config.loss,
                dataset.num_points,
                dataset.num_classes,
                snapshots[run].loss,
                config.focal_gamma,
                config.smoothing,
                pair.runs[run].class_weight,
            )
        )
    if pair.running:
        # Recomputing the loss step by step takes longer than drawing: once training stops.
        st.caption(t("playground.check_later"))
    else:
        for run in RUNS:
            snap, config = snapshots[run], configs[run]
            result = compute.training_loss_check(
                snap.logits, dataset.labels, config, snap.loss, pair.runs[run].class_weight
            )
            agreement_badge(
                t("playground.badge_function", function=LOSS_FUNCTIONS[config.loss], run=run),
                result.step_by_step,
                result.training,
                result.difference,
                result.agrees,
                lang,
            )
    for run, column in zip(RUNS, st.columns(2), strict=True):
        with column:
            chart(
                draw(
                    figures.true_class_histogram,
                    snapshots[run].true_class_prob,
                    dataset.clean_labels,
                    class_names,
                    t("playground.histogram_title", run=run),
                    t("playground.true_prob"),
                    t("playground.share"),
                ),
                lang,
                key=f"lv_train_chart_histogram_{run}",
            )
    numbers_table(
        class_table(
            dataset.true_counts,
            dataset.class_counts,
            snapshots,
            class_names,
            {
                "class": t("common.class"),
                "drawn": t("playground.col_drawn"),
                "labelled": t("playground.col_labelled"),
                "accuracy": t("playground.col_accuracy"),
                "true_prob": t("playground.col_true_prob"),
            },
        ),
        lang,
    )
    curves = {
        t(
            "playground.run_loss", run=run, loss=t(f"playground.loss_{configs[run].loss}")
        ): pair.runs[run].history  # the whole curves, wherever the learner looks back
        for run in RUNS
    }
    st.download_button(
        t("playground.download_curves"),
        data="" if pair.running else curves_csv(curves, t("playground.step")),
        file_name="lossviz_loss_curves.csv",
        mime="text/csv",
        icon=":material/download:",
        key="lv_train_download_curves",
        on_click="ignore",
        disabled=pair.running or not pair.started,
    )


running, waiting = comparison.running, comparison.waiting
st.fragment(
    progress, run_every=(WAITING_SECONDS if waiting else PROGRESS_SECONDS) if running else None
)()
st.fragment(views, run_every=VIEWS_SECONDS if running and not waiting else None)()

st.markdown(t("playground.look"))
code_panel(snippets.playground_snippet(dataset.num_classes, configs, CSV_NAME), lang)
st.download_button(
    t("playground.download"),
    data=lambda: to_csv(dataset),
    file_name=CSV_NAME,
    mime="text/csv",
    icon=":material/download:",
    key="lv_train_download",
    on_click="ignore",
)
