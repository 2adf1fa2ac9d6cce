"""Presenter mode: a page projected to a class.

``?present=true`` (or the switch in the sidebar) gives large type and large charts, hides the
sidebar, folds the page's introduction away, and shows only the page controls that ``focus``
names (``PAGE_CONTROLS`` lists each page's). A page's derivation (``derivation``) is then revealed
one step at a time, with → and ← or the buttons under it; ``step`` in the link says how many
steps show, so a teacher can prepare a class as a sequence of links. A bar at the top of the page
holds the switch back and the choice of control, since the sidebar is gone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from lossviz.i18n import t
from lossviz.inputs.urlstate import NO_CONTROLS, AppState
from lossviz.ui import state

__all__ = [
    "PAGE_CONTROLS",
    "Step",
    "active",
    "derivation",
    "introduction",
    "revealed",
    "switch",
    "toolbar",
]

#: Each page's controls (by URL path), as ``focus`` names them: the state fields they show.
PAGE_CONTROLS: dict[str, tuple[str, ...]] = {
    "softmax": ("temperature", "sample", "shift"),
    "cross_entropy": ("reduction", "ignore_index", "smoothing", "use_weight", "sample"),
    "binary_cross_entropy": ("sample", "reduction", "pos_weight", "bce_target"),
    "gradients": (
        "reduction", "ignore_index", "smoothing", "sample", "use_weight", "grad_view",
    ),
    "entropy_kl": ("smoothing", "unit", "sample"),
    "imbalance": (
        "imbalance_ratio", "reduction", "sample", "weight_scheme", "effective_beta",
        "focal_gamma", "focal_alpha", "smoothing",
    ),
    "stability": ("sample", "stability_scale", "stability_dtype"),
    "mistakes": ("mistake", "mistake_data", "sample"),
    "sequences": (
        "seq_view", "seq_tokens", "seq_names", "seq_weight", "mask_pixels", "mask_names",
        "mask_weight", "reduction", "ignore_index", "smoothing", "use_weight", "seq_sequence",
        "seq_position", "mask_image", "mask_row", "mask_col",
    ),
    "regression": (
        "regression_beta", "regression_delta", "reduction", "regression_input",
        "regression_target", "regression_element", "regression_outlier",
    ),
    "playground": (
        "train_data", "train_points", "train_classes", "train_imbalance", "train_noise",
        "train_hidden", "train_lr", "train_steps", "train_seed", "train_loss_a", "train_loss_b",
        "train_gamma_a", "train_gamma_b", "train_smoothing_a", "train_smoothing_b",
    ),
}  # fmt: skip


def active() -> bool:
    """Whether this session is in presenter mode."""
    return state.current().present


def _switched() -> None:
    """Presenter mode switched on starts the derivation at its first step; off shows it whole."""
    on = bool(st.session_state.get("lv_present"))
    state.update(present=on, step=1 if on else 0)


def switch(lang: str) -> bool:
    """The presenter-mode switch (in the sidebar, and in presenter mode's bar)."""
    # The sidebar's switch and the bar's are two widgets with one key: the one drawn now starts
    # from the state, not from the other's last value.
    st.session_state["lv_present"] = state.current().present
    return state.bound(
        st.toggle,
        "present",
        t("present.switch", lang),
        help=t("present.switch_help", lang),
        on_change=_switched,
    )


def toolbar(page: str, lang: str) -> None:
    """Presenter mode's bar at the top of the page: the switch back, the control on screen, and
    the keys that reveal the steps."""
    if not active():
        return
    current = state.current()
    options = ["", *PAGE_CONTROLS.get(page, ()), NO_CONTROLS]
    if current.focus not in options:
        options.insert(1, current.focus)

    def name(option: str) -> str:
        if option == "":
            return t("present.all_controls", lang)
        return t("present.no_controls", lang) if option == NO_CONTROLS else option

    with st.container(horizontal=True, vertical_alignment="center", key="lv_presenter_bar"):
        switch(lang)
        state.bound(
            st.selectbox,
            "focus",
            t("present.focus", lang),
            options=options,
            format_func=name,
            help=t("present.focus_help", lang),
            width=320,
        )
        st.caption(t("present.keys", lang))


def introduction(text: str, lang: str) -> None:
    """A page's introduction: in presenter mode folded away (the teacher says it)."""
    if active():
        with st.expander(t("present.introduction", lang), icon=":material/info:"):
            st.write(text)
    else:
        st.write(text)


@dataclass(frozen=True)
class Step:
    """One step of a derivation: what it does, in words (a caption, or ``markdown`` text), its
    formulas with the numbers, a caption ``after`` them, and ``then`` what the page draws once
    the step shows (the badge comparing its result with PyTorch's, say)."""

    words: str
    formulas: Sequence[str] = ()
    markdown: bool = False
    after: str = ""
    then: Callable[[], None] | None = None


def revealed(current: AppState, steps: int) -> int:
    """How many of ``steps`` steps show: all of them, but in presenter mode the link's ``step``
    (from 1; 0 shows all).

    >>> revealed(AppState(present=True, step=2), 5), revealed(AppState(step=2), 5)
    (2, 5)
    """
    if not current.present or current.step == 0:
        return steps
    return min(current.step, steps)


def _move(by: int, steps: int) -> None:
    shown = revealed(state.current(), steps)
    state.update(step=min(max(shown + by, 1), steps))


def derivation(steps: Sequence[Step], lang: str) -> bool:
    """Draw ``steps`` in order; in presenter mode only those revealed, then the buttons (and the
    keys → and ←) that reveal the next step or hide the last. True when every step shows (the
    page may then show what the derivation arrives at).
    """
    current = state.current()
    shown = revealed(current, len(steps))
    for step in steps[:shown]:
        if step.words:
            (st.markdown if step.markdown else st.caption)(step.words)
        for formula in step.formulas:
            st.latex(formula)
        if step.after:
            st.caption(step.after)
        if step.then is not None:
            step.then()
    if current.present and len(steps) > 1:
        with st.container(horizontal=True, vertical_alignment="center", key="lv_steps"):
            st.button(
                t("present.previous", lang),
                key="lv_step_previous",
                icon=":material/arrow_back:",
                shortcut="Left",
                disabled=shown <= 1,
                on_click=_move,
                args=(-1, len(steps)),
            )
            st.button(
                t("present.next", lang),
                key="lv_step_next",
                icon=":material/arrow_forward:",
                shortcut="Right",
                disabled=shown >= len(steps),
                on_click=_move,
                args=(1, len(steps)),
                type="primary",
            )
            st.caption(t("present.step_of", lang, step=shown, steps=len(steps)))
    return shown == len(steps)
