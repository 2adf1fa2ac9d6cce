"""Controls several pages show the same way, each bound to its state field.

A control's label and help are a page's own texts, ``<topic>.<name>`` and ``<topic>.<name>_help``
(``ce.reduction``, ``ce.reduction_help``), so each page words it for its own lesson.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from lossviz.ui import state
from lossviz.ui.frame import PageContext

__all__ = [
    "gamma_slider",
    "ignore_index_input",
    "reduction_picker",
    "smoothing_slider",
    "use_weight_toggle",
]


def _texts(context: PageContext, topic: str, name: str) -> tuple[str, str]:
    """The label and the help of a control, in the page's own words."""
    return context.t(f"{topic}.{name}"), context.t(f"{topic}.{name}_help")


def reduction_picker(context: PageContext, topic: str, widget: Any = st.radio) -> str:
    """The loss's reduction ("mean", "sum" or "none"): a row of radio buttons, or ``widget``."""
    label, hint = _texts(context, topic, "reduction")
    layout = {"horizontal": True} if widget is st.radio else {}
    return state.bound_choice(widget, "reduction", label, help=hint, **layout)


def smoothing_slider(context: PageContext, topic: str, field: str = "smoothing") -> float:
    """The label-smoothing epsilon, from 0 to 1 in steps of 0.01."""
    label, hint = _texts(context, topic, "smoothing")
    return state.bound_number(st.slider, field, label, step=0.01, help=hint)


def gamma_slider(context: PageContext, topic: str, field: str = "focal_gamma") -> float:
    """The focal loss's gamma, from 0 to 5 in steps of 0.1."""
    label, hint = _texts(context, topic, "gamma")
    return state.bound_number(st.slider, field, label, step=0.1, help=hint)


def ignore_index_input(context: PageContext, topic: str, disabled: bool = False) -> int:
    """The class index whose samples the loss leaves out (PyTorch's default: -100)."""
    label, hint = _texts(context, topic, "ignore_index")
    return state.bound_number(
        st.number_input, "ignore_index", label, step=1, disabled=disabled, help=hint
    )


def use_weight_toggle(context: PageContext, topic: str, disabled: bool = False) -> bool:
    """Whether the loss uses the batch's class weights."""
    label, hint = _texts(context, topic, "use_weight")
    return state.bound(st.toggle, "use_weight", label, disabled=disabled, help=hint)
