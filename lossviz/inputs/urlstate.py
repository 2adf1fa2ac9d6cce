"""The app's state as URL query parameters: decoded and validated here, and only here.

A link carries the batch and every option, so a reload or a copied link opens the same view.
URL values are untrusted text: each one is checked, and a bad one gives a problem (what and
where) and its default, never an exception.

A link is at most ``MAX_QUERY_LENGTH`` characters of query string (``link_params``): a typed
batch or another text too long for it stays out of the link, and the app says so. What the app
writes into a link, ``decode`` reads back to the same state.

Teachers' links add two parameters: ``hide`` (a state field: controls the page leaves out,
from ``HIDEABLE``) and ``preset`` (read once, when the link carries no batch of its own: it
opens one of ``lossviz.inputs.presets.PRESETS``). A deployment sets the language a link without
``lang`` opens in with the environment variable ``LOSSVIZ_DEFAULT_LANG`` (``en`` or ``zh``).

Presenter mode is state too: ``present`` (large type, no sidebar), ``focus`` (the page controls
left on screen: state fields from ``FOCUSABLE``, or ``none``) and ``step`` (how many steps of the
page's derivation are revealed; 0, the default, reveals them all).
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from dataclasses import field as dataclass_field
from typing import Any
from urllib.parse import urlencode

from lossviz.errors import InputError
from lossviz.inputs.batch import Batch
from lossviz.inputs.elements import KINDS as ELEMENT_KINDS
from lossviz.inputs.elements import PRESETS as ELEMENT_PRESETS
from lossviz.inputs.presets import PRESETS, preset
from lossviz.lessons.datasets import KINDS
from lossviz.lessons.exercises import EXERCISES
from lossviz.lessons.imbalance import WEIGHT_SCHEMES
from lossviz.lessons.mistakes import MISTAKES
from lossviz.lessons.stability import DTYPES
from lossviz.lessons.training import LOSSES

__all__ = [
    "BATCH_FIELDS",
    "BOUNDS",
    "CHOICES",
    "FOCUSABLE",
    "HIDEABLE",
    "LINK_ONLY",
    "MAX_QUERY_LENGTH",
    "MAX_TEXT_LENGTH",
    "PARSERS",
    "TEXT_FIELDS",
    "AppState",
    "Problem",
    "decode",
    "default_state",
    "encode",
    "link_params",
    "query_length",
]

#: The longest text a link may carry in one parameter (a typed batch of a few hundred values).
MAX_TEXT_LENGTH = 20_000
#: The longest query string the app writes into a link, as the browser sends it (percent-encoded):
#: the reverse proxies of the hosting docs take request lines well beyond it.
MAX_QUERY_LENGTH = 16_000

BATCH_FIELDS = ("logits", "target", "names", "weight")

#: Controls a teacher's link may hide (``?hide=batch,code``): the sidebar's batch editor (typed
#: or grid, presets, CSV), the PyTorch code panels, and the language switch.
HIDEABLE = ("batch", "code", "language")

#: Fields that are no page's control: what a presenter's ``focus`` cannot name.
FRAME_ONLY = (*BATCH_FIELDS, "lang", "hide", "present", "focus", "step", "predict", "exercise")

#: The ``focus`` that leaves no page control on screen.
NO_CONTROLS = "none"

#: Link parameters that are not state: read when a session opens the link, then dropped from it.
LINK_ONLY = ("preset",)


def _parse_choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in options:
            raise InputError("use one of " + ", ".join(options))
        return text

    return parse


def _parse_number(kind: type, low: float, high: float) -> Callable[[str], float | int]:
    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except (TypeError, ValueError):
            raise InputError(
                f"{text[:30]!r} is not a {'whole ' if kind is int else ''}number"
            ) from None
        if not (math.isfinite(value) and low <= value <= high):
            raise InputError(f"must be between {low:g} and {high:g}")
        return value

    return parse


def _parse_flag(text: str) -> bool:
    value = {"true": True, "1": True, "false": False, "0": False}.get(text.lower())
    if value is None:
        raise InputError("use one of True, False")
    return value


def _parse_controls(text: str) -> str:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if any(name not in HIDEABLE for name in names):
        raise InputError("use one of " + ", ".join(HIDEABLE))
    return ",".join(name for name in HIDEABLE if name in names)


def _parse_exercise(text: str) -> str:
    if text and text not in EXERCISES:
        raise InputError("use one of " + ", ".join(EXERCISES))
    return text


def _parse_focus(text: str) -> str:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if names == [NO_CONTROLS]:
        return NO_CONTROLS
    unknown = [name for name in names if name not in FOCUSABLE]
    if unknown:
        raise InputError(
            f"{unknown[0][:30]!r} is no page control; use {NO_CONTROLS}, or controls such as "
            "temperature, sample, reduction"
        )
    return ",".join(dict.fromkeys(names))


def _parse_text(text: str) -> str:
    if len(text) > MAX_TEXT_LENGTH:
        raise InputError(f"is longer than {MAX_TEXT_LENGTH:,} characters")
    return text


def _link(default: object, parse: Callable[[str], object], **facts: object) -> Any:
    """A state field as a link carries it: its default and the parser of its URL text, with what
    a widget for it needs to know (``options`` of a choice, ``bounds`` of a number)."""
    return dataclass_field(default=default, metadata={"parse": parse, **facts})


def _text(default: str) -> Any:
    return _link(default, _parse_text, text=True)


def _choice(default: str, options: tuple[str, ...]) -> Any:
    return _link(default, _parse_choice(options), options=options)


def _flag(default: bool) -> Any:
    return _link(default, _parse_flag)


def _number(default: float, low: float, high: float) -> Any:
    """A number from ``low`` to ``high``, whole or real as ``default`` is."""
    kind = type(default)
    return _link(default, _parse_number(kind, low, high), bounds=(kind(low), kind(high)))


@dataclass(frozen=True)
class AppState:
    """Everything a view depends on; defaults open the seed example in English.

    Each field says once its default and what a link may set it to (``PARSERS``, ``CHOICES``,
    ``BOUNDS``), which the widget showing it offers too.

    >>> AppState().temperature, BOUNDS["temperature"], CHOICES["reduction"]
    (1.0, (0.05, 20.0), ('mean', 'sum', 'none'))
    """

    lang: str = _choice("en", ("en", "zh"))
    logits: str = _text("1.3, 1.3, 2.6")
    target: str = _text("2")
    names: str = _text("cat, dog, 猪八戒")
    weight: str = _text("")
    sample: int = _number(0, 0, 9_999)
    temperature: float = _number(1.0, 0.05, 20.0)
    shift: float = _number(0.0, -1000.0, 1000.0)
    reduction: str = _choice("mean", ("mean", "sum", "none"))
    ignore_index: int = _number(-100, -1_000_000, 1_000_000)
    smoothing: float = _number(0.0, 0.0, 1.0)
    pos_weight: str = _text("")
    bce_target: str = _text("")
    unit: str = _choice("nats", ("nats", "bits"))
    grad_view: str = _choice("heatmap", ("heatmap", "bars"))
    use_weight: bool = _flag(True)
    hide: str = _link("", _parse_controls)
    # predict first (a basics page hides its numbers until the learner predicts them) and the
    # exercise a page opens on (``lossviz.lessons.exercises``), for a teacher's link
    predict: bool = _flag(False)
    exercise: str = _link("", _parse_exercise, options=("", *EXERCISES))
    # presenter mode
    present: bool = _flag(False)
    focus: str = _link("", _parse_focus)
    step: int = _number(0, 0, 99)
    # imbalance page
    imbalance_ratio: int = _number(10, 1, 100)
    weight_scheme: str = _choice("inverse", WEIGHT_SCHEMES)
    effective_beta: float = _number(0.99, 0.0, 0.9999)
    focal_gamma: float = _number(2.0, 0.0, 5.0)
    focal_alpha: str = _text("")
    # regression page
    regression_input: str = _text("2.5, 0.0, 2.0, 1.6, 1.0")
    regression_target: str = _text("3.0, -0.5, 2.0, 1.0, 8.0")
    regression_element: int = _number(4, 0, 99_999)
    regression_beta: float = _number(1.0, 0.0, 5.0)
    regression_delta: float = _number(2.0, 0.05, 5.0)
    regression_outlier: float = _number(12.0, -30.0, 30.0)
    # mistakes page
    mistake: str = _choice("softmax_before_cross_entropy", MISTAKES)
    mistake_data: str = _choice("example", ("example", "batch"))
    # playground page
    train_data: str = _choice("blobs", KINDS)
    train_points: int = _number(1000, 50, 5_000)
    train_classes: int = _number(3, 2, 6)
    train_imbalance: float = _number(10.0, 1.0, 50.0)
    train_noise: float = _number(0.0, 0.0, 0.5)
    train_seed: int = _number(0, 0, 999_999)
    train_hidden: int = _number(64, 2, 256)
    train_lr: float = _number(0.01, 0.0001, 1.0)
    train_steps: int = _number(300, 10, 5_000)
    train_loss_a: str = _choice("cross_entropy", LOSSES)
    train_loss_b: str = _choice("focal", LOSSES)
    train_gamma_a: float = _number(2.0, 0.0, 5.0)
    train_gamma_b: float = _number(2.0, 0.0, 5.0)
    train_smoothing_a: float = _number(0.1, 0.0, 1.0)
    train_smoothing_b: float = _number(0.1, 0.0, 1.0)
    # stability page
    stability_scale: float = _number(100.0, 0.001, 10_000.0)
    stability_dtype: str = _choice("float32", DTYPES)
    # sequences page: a padded batch of sequences, or masks, each with its selected element
    seq_view: str = _choice("tokens", ELEMENT_KINDS)
    seq_tokens: str = _text(ELEMENT_PRESETS["sentences"].elements)
    seq_names: str = _text(ELEMENT_PRESETS["sentences"].class_names)
    seq_weight: str = _text("")
    seq_sequence: int = _number(0, 0, 999)
    seq_position: int = _number(2, 0, 999)
    mask_pixels: str = _text(ELEMENT_PRESETS["scene"].elements)
    mask_names: str = _text(ELEMENT_PRESETS["scene"].class_names)
    mask_weight: str = _text("")
    mask_image: int = _number(0, 0, 999)
    mask_row: int = _number(1, 0, 999)
    mask_col: int = _number(3, 0, 999)

    def hidden(self, control: str) -> bool:
        """Whether the link hides ``control`` (one of ``HIDEABLE``)."""
        return control in self.hide.split(",")

    def shows(self, control: str) -> bool:
        """Whether the page control bound to field ``control`` is on screen: always, but in
        presenter mode with a ``focus``, only the controls it names.

        >>> AppState(present=True, focus="temperature").shows("sample")
        False
        """
        if not self.present or not self.focus or control in FRAME_ONLY:
            return True
        return control in self.focus.split(",")

    def batch(self) -> Batch:
        """The batch these texts describe (raises ``InputError`` when they do not describe one)."""
        return Batch.from_text(self.logits, self.target, self.names, self.weight)

    def with_batch(self, batch: Batch) -> AppState:
        """This state with its batch texts replaced by ``batch``'s."""
        text = batch.to_text()
        return replace(
            self,
            logits=text["logits"],
            target=text["target"],
            names=text["class_names"],
            weight=text["weight"],
        )


@dataclass(frozen=True)
class Problem:
    """A URL parameter that could not be used: its name, its value (shortened) and why."""

    parameter: str
    value: str
    reason: str


#: Each field's parser of its URL text (raises ``InputError`` saying what is wrong).
PARSERS: dict[str, Callable[[str], object]] = {
    spec.name: spec.metadata["parse"] for spec in fields(AppState)
}
#: The state fields a page shows as a control, which a presenter's ``focus`` may name.
FOCUSABLE: tuple[str, ...] = tuple(name for name in PARSERS if name not in FRAME_ONLY)
#: The options of each choice field, in the order a widget lists them.
CHOICES: dict[str, tuple[str, ...]] = {
    spec.name: spec.metadata["options"] for spec in fields(AppState) if "options" in spec.metadata
}
#: The lowest and highest value of each number field: what a link, and a widget, accept.
BOUNDS: dict[str, tuple[float, float]] = {
    spec.name: spec.metadata["bounds"] for spec in fields(AppState) if "bounds" in spec.metadata
}
#: The fields that hold typed text, taken from a link as they are (spaces too).
TEXT_FIELDS = tuple(spec.name for spec in fields(AppState) if spec.metadata.get("text"))
#: Texts that only make sense together, left out of a too long link together, in this order: the
#: typed batch, then the regression page's numbers; other texts go on their own, longest first.
_LINK_GROUPS = (BATCH_FIELDS, ("regression_input", "regression_target"))


def _first(value: object) -> str:
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value)


def decode(
    params: Mapping[str, object], defaults: AppState | None = None
) -> tuple[AppState, list[Problem]]:
    """The state a link describes, and the problems with it. Unknown parameters are left alone.

    >>> state, problems = decode({"temperature": "2.5", "reduction": "avg"})
    >>> state.temperature, state.reduction, problems[0].parameter
    (2.5, 'mean', 'reduction')
    """
    base = defaults or AppState()
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for name, parse in PARSERS.items():
        if name not in params:
            continue
        raw = _first(params[name])
        try:
            values[name] = parse(raw if name in TEXT_FIELDS else raw.strip())
        except InputError as error:
            problems.append(Problem(name, raw[:40], str(error)))
    state = replace(base, **values)
    if any(name in values for name in BATCH_FIELDS):
        try:
            state.batch()
        except InputError as error:
            problems.append(Problem("logits", state.logits[:40], str(error)))
            state = replace(state, **{name: getattr(base, name) for name in BATCH_FIELDS})
    if "preset" in params:
        raw = _first(params["preset"])
        if raw.strip() not in PRESETS:
            problems.append(Problem("preset", raw[:40], "use one of " + ", ".join(PRESETS)))
        elif not any(name in params for name in BATCH_FIELDS):
            state = state.with_batch(preset(raw.strip()))
    return state, problems


def default_state(environ: Mapping[str, str] | None = None) -> AppState:
    """What a link without parameters opens: the seed example, in ``LOSSVIZ_DEFAULT_LANG``.

    >>> default_state({"LOSSVIZ_DEFAULT_LANG": "zh"}).lang, default_state({}).lang
    ('zh', 'en')
    """
    lang = (os.environ if environ is None else environ).get("LOSSVIZ_DEFAULT_LANG", "").strip()
    if not lang:
        return AppState()
    try:
        return AppState(lang=PARSERS["lang"](lang))
    except InputError as error:
        logging.getLogger(__name__).warning("LOSSVIZ_DEFAULT_LANG=%r: %s; using en", lang, error)
        return AppState()


def query_length(params: Mapping[str, str]) -> int:
    """The length of the query string ``params`` make, percent-encoded as a link carries it.

    >>> query_length({"names": "cat, dog", "lang": "zh"}), query_length({"names": "猪"})
    (24, 15)
    """
    return len(urlencode(params))


def link_params(
    state: AppState, defaults: AppState | None = None, others: Mapping[str, str] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The query parameters of ``state``'s link (``encode``), and the fields left out of it so
    that the query string, with the link's ``others`` parameters, stays within
    ``MAX_QUERY_LENGTH`` characters.

    The typed batch is left out first, as a whole (a link with some of its texts would describe
    another batch), then the regression page's numbers, then other texts, longest first. A field
    left out opens at its default from the link.

    >>> params, left_out = link_params(AppState(logits="1, 2, 3; " * 4000, target="0"))
    >>> sorted(params), left_out
    ([], ('logits', 'target'))
    """
    params = encode(state, defaults)
    others = dict(others or {})
    left_out: list[str] = []

    def too_long() -> bool:
        # A text's percent-encoding is at least as long as the text: count it only when short.
        raw = sum(len(k) + len(v) + 2 for k, v in (*params.items(), *others.items()))
        return raw > MAX_QUERY_LENGTH or query_length({**others, **params}) > MAX_QUERY_LENGTH

    groups = [*_LINK_GROUPS]
    groups += [(name,) for name in sorted(TEXT_FIELDS, key=lambda n: -len(params.get(n, "")))]
    for group in groups:
        if not too_long():
            break
        if any(name in params for name in group):
            left_out.extend(name for name in group if name in params)
            for name in group:
                params.pop(name, None)
    return params, tuple(sorted(set(left_out)))


def encode(state: AppState, defaults: AppState | None = None) -> dict[str, str]:
    """The query parameters for ``state``: only what differs from the defaults (those that
    ``decode`` is given for the same links).

    >>> encode(AppState(temperature=2.0, reduction="sum"))
    {'temperature': '2.0', 'reduction': 'sum'}
    """
    default = defaults or AppState()
    return {
        field.name: str(getattr(state, field.name))
        for field in fields(AppState)
        if getattr(state, field.name) != getattr(default, field.name)
    }
