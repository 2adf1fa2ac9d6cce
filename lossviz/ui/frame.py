"""The frame every page shares: the sidebar (language, device, batch editor), its messages."""

from __future__ import annotations

import hashlib
import runpy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st
import torch
from streamlit.runtime.pages_manager import PagesManager

import lossviz
from lossviz.errors import InputError
from lossviz.i18n import LANGUAGES, t
from lossviz.inputs.batch import MAX_CLASSES, Batch, format_class_names
from lossviz.inputs.csvio import batch_to_csv, read_batch_csv_upload, results_to_csv
from lossviz.inputs.parsing import format_matrix
from lossviz.inputs.presets import PRESETS, preset, random_batch
from lossviz.inputs.urlstate import BATCH_FIELDS, MAX_QUERY_LENGTH, AppState
from lossviz.lessons.code import CSV_NAME
from lossviz.lessons.mistakes import BATCH_MISTAKES
from lossviz.ui import presenter, state
from lossviz.ui.components import error_text, input_error, user_text
from lossviz.ui.compute import device_description
from lossviz.views.frame.tables import batch_table
from lossviz.views.shared.palette import MAX_SAMPLES_DRAWN

__all__ = [
    "PageContext",
    "batch_editor_shown",
    "first_rows_note",
    "page_context",
    "page_links",
    "route",
    "sample_picker",
    "sidebar",
]


@dataclass(frozen=True)
class PageContext:
    """What a page needs: the state, the batch to show, and the language."""

    state: AppState
    batch: Batch

    @property
    def lang(self) -> str:
        return self.state.lang

    def t(self, key: str, **params: object) -> str:
        return t(key, self.state.lang, **params)


def _load_batch(batch: Batch) -> None:
    st.session_state.pop(state.UPLOAD, None)
    text = batch.to_text()
    state.set_fields(
        logits=text["logits"],
        target=text["target"],
        names=text["class_names"],
        weight=text["weight"],
    )


def _load_preset() -> None:
    _load_batch(preset(st.session_state["lv_preset_choice"]))


def _use_batch(batch: Batch, source: str) -> None:
    """A small batch becomes the typed batch (and so goes into the link); a large one is kept in
    this session only, with a notice, since a link cannot carry it."""
    if batch.logits.size <= MAX_LINKED_VALUES:
        _load_batch(batch)
        st.session_state["lv_upload_note"] = (source, batch.num_samples, batch.num_classes)
    else:
        st.session_state[state.UPLOAD] = (source, batch)
        st.session_state.pop("lv_upload_note", None)


def _load_random() -> None:
    seed = int(st.session_state["lv_random_seed"])
    _use_batch(
        random_batch(
            seed=seed,
            samples=int(st.session_state["lv_random_samples"]),
            classes=int(st.session_state["lv_random_classes"]),
        ),
        f"random_batch(seed={seed})",
    )


#: The typed batch's fields, each with its widget and that widget's size.
TEXT_EDITOR = (
    ("logits", st.text_area, {"height": 110}),
    ("target", st.text_area, {"height": 68}),
    ("names", st.text_input, {}),
    ("weight", st.text_input, {}),
)


def _text_editor(lang: str) -> None:
    most = f"{MAX_CLASSES:,}"
    for field, widget, size in TEXT_EDITOR:
        hint = t(f"batch.{field}_help", lang, most=most)
        state.bound(widget, field, t(f"batch.{field}", lang), help=hint, **size)


#: The most logits the grid edits: a larger batch would send megabytes to the browser.
MAX_GRID_VALUES = 20_000


def _label_header(word: str, names: tuple[str, ...]) -> str:
    """The grid's label column header: ``word``, unless a class has that name."""
    header = word
    while header in names:
        header += " (y)"
    return header


def _grid_problem(logits: np.ndarray, labels: np.ndarray) -> str | None:
    """What is wrong with an edited grid before its texts are checked: no rows, an empty cell."""
    if logits.shape[0] == 0:
        return "the grid has no rows: add one row per sample"
    empty = np.argwhere(np.isnan(logits))
    if empty.size:
        row, column = (int(i) + 1 for i in empty[0])
        return f"logits, row {row}, column {column}: the cell is empty; enter a number"
    empty = np.flatnonzero(np.isnan(labels))
    if empty.size:
        return f"target, row {int(empty[0]) + 1}: the cell is empty; enter a class label"
    return None


def _grid_editor(lang: str) -> None:
    """The batch as an editable grid: one row per sample, a column per class, then the label.

    An edit makes the grid's batch the typed batch, an uploaded one included; an empty cell (a
    new row, a deleted value) is an input problem, and the pages keep the last valid batch.
    """
    batch, _ = state.active_batch()
    if batch.soft_target:
        st.caption(t("batch.grid_soft", lang))
        return
    if batch.logits.size > MAX_GRID_VALUES:
        size, most = f"{batch.logits.size:,}", f"{MAX_GRID_VALUES:,}"
        st.caption(t("batch.grid_too_large", lang, values=size, most=most))
        return
    label = _label_header(t("batch.grid_target", lang), batch.class_names)
    table = pd.DataFrame(batch_table(batch, label))
    digest = hashlib.sha1(batch.logits.tobytes() + batch.target.tobytes()).hexdigest()[:12]
    edited = st.data_editor(
        table,
        key=f"lv_grid_{digest}",
        num_rows="dynamic",
        hide_index=False,
        column_config={label: st.column_config.NumberColumn(label, step=1, format="%d")},
        placeholder="—",
    )
    if edited.equals(table):
        return
    names = list(table.columns[:-1])
    logits = edited[names].to_numpy(dtype=np.float64, na_value=np.nan)
    labels = edited[label].to_numpy(dtype=np.float64, na_value=np.nan)
    problem = _grid_problem(logits, labels)
    try:
        if problem is None:
            texts = {
                "logits": format_matrix(logits, digits=None),
                "target": format_matrix(labels, digits=None),
                "names": format_class_names(batch.class_names),
                "weight": batch.to_text()["weight"],
            }
    except InputError as error:
        problem = str(error)
    if problem is not None:
        input_error(problem, lang)
        return
    st.session_state.pop(state.UPLOAD, None)
    state.update(**texts)
    for field in BATCH_FIELDS:
        st.session_state.pop(f"lv_{field}", None)


def _link_notice(lang: str) -> None:
    """Say which of this session's texts are too long for its link, and offer the typed batch as
    CSV when it is one of them."""
    left_out = state.left_out_of_link()
    limit = f"{MAX_QUERY_LENGTH:,}"
    if any(field in BATCH_FIELDS for field in left_out):
        st.info(t("batch.not_in_link", lang, limit=limit), icon=":material/link_off:")
        _batch_download(state.last_typed_batch(), lang, "lv_download_unlinked")
    others = [field for field in left_out if field not in BATCH_FIELDS]
    if others:
        st.caption(t("link.left_out", lang, fields=", ".join(others), limit=limit))


def _batch_download(batch: Batch, lang: str, key: str) -> None:
    """A button that downloads ``batch`` as CSV, made only when it is clicked."""
    st.download_button(
        t("batch.download_batch", lang),
        data=lambda: batch_to_csv(batch),
        file_name=CSV_NAME,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def _presets(lang: str) -> None:
    with st.expander(t("batch.presets", lang), icon=":material/auto_awesome:"):
        st.selectbox(
            t("batch.preset_choice", lang),
            list(PRESETS),
            format_func=lambda name: t(f"preset.{name}", lang),
            key="lv_preset_choice",
        )
        st.button(t("batch.load", lang), on_click=_load_preset, key="lv_preset_load")
        st.markdown(f"**{t('batch.random', lang)}**")
        columns = st.columns(3)
        columns[0].number_input(t("batch.random_seed", lang), 0, 2**31 - 1, 0, key="lv_random_seed")
        columns[1].number_input(
            t("batch.random_samples", lang), 1, 10_000, 8, key="lv_random_samples"
        )
        columns[2].number_input(t("batch.random_classes", lang), 2, 100, 3, key="lv_random_classes")
        st.button(t("batch.generate", lang), on_click=_load_random, key="lv_random_go")


#: Uploaded or generated batches up to this many logits go into the typed batch (and the link).
MAX_LINKED_VALUES = 400
UPLOAD_ERROR = "lv_upload_error"
#: The file name and text encoding of the last upload, when it was not UTF-8.
UPLOAD_ENCODING = "lv_upload_encoding"


def _on_upload() -> None:
    """Read the uploaded CSV into the batch, or keep its error to show."""
    file = st.session_state.get("lv_csv_upload")
    st.session_state.pop(UPLOAD_ERROR, None)
    st.session_state.pop(UPLOAD_ENCODING, None)
    if file is None:
        return
    try:
        batch, encoding = read_batch_csv_upload(file.getvalue())
    except InputError as error:
        st.session_state[UPLOAD_ERROR] = (file.name, str(error))
        return
    if encoding != "utf-8":
        st.session_state[UPLOAD_ENCODING] = (file.name, encoding)
    _use_batch(batch, file.name)


def _drop_upload() -> None:
    st.session_state.pop(state.UPLOAD, None)


def _results_csv(batch: Batch, current: AppState) -> str:
    """Per-sample cross-entropy results under the current options, for the download button
    (with PyTorch's default ignore_index, -100, where the chosen one does not fit the batch, as
    on the cross-entropy page)."""
    options = {"ignore_index": current.ignore_index} if not batch.soft_target else {}
    try:
        result = lossviz.cross_entropy(
            batch.logits,
            batch.target,
            weight=batch.weight,
            reduction=current.reduction,
            label_smoothing=current.smoothing,
            **options,
        )
    except InputError:
        result = lossviz.cross_entropy(batch.logits, batch.target, weight=batch.weight)
    return results_to_csv(batch, result.probs, result.per_sample, result.grad)


def _csv(lang: str) -> None:
    with st.expander(t("batch.csv", lang), icon=":material/upload_file:"):
        st.file_uploader(
            t("batch.upload", lang),
            # Streamlit 1.67 draws the box's own words ("Drag and drop files here", "Browse
            # files") in English whatever the language: the help says them in the page's.
            help=t("batch.upload_help", lang, most=f"{MAX_CLASSES:,}")
            + " "
            + t("batch.upload_box", lang),
            type=["csv", "tsv", "txt"],
            key="lv_csv_upload",
            on_change=_on_upload,
        )
        if UPLOAD_ERROR in st.session_state:
            name, message = st.session_state[UPLOAD_ERROR]
            input_error(message, lang, source=name)
        upload = st.session_state.get(state.UPLOAD)
        if upload is not None:
            name, batch = upload
            st.info(
                t(
                    "batch.uploaded",
                    lang,
                    file=user_text(name),
                    samples=batch.num_samples,
                    classes=batch.num_classes,
                )
            )
            st.button(t("batch.drop_upload", lang), on_click=_drop_upload, key="lv_drop_upload")
        elif "lv_upload_note" in st.session_state:
            name, samples, classes = st.session_state["lv_upload_note"]
            st.caption(
                t(
                    "batch.uploaded_small",
                    lang,
                    file=user_text(name),
                    samples=samples,
                    classes=classes,
                )
            )
        if UPLOAD_ENCODING in st.session_state:
            name, encoding = st.session_state[UPLOAD_ENCODING]
            encoding = t(f"batch.encoding_{encoding.replace('-', '_')}", lang)
            st.info(
                t("batch.encoding", lang, file=user_text(name), encoding=encoding),
                icon=":material/translate:",
            )
        batch, _ = state.active_batch()
        live = state.live()  # the page's options may change in a fragment run after this one
        _batch_download(batch, lang, "lv_download_batch")
        st.download_button(
            t("batch.download_results", lang),
            data=lambda: _results_csv(batch, live.state),
            file_name="lossviz-results.csv",
            mime="text/csv",
            key="lv_download_results",
            on_click="ignore",
        )


#: Pages with inputs of their own, on which the sidebar's batch changes nothing.
OWN_INPUTS = ("sequences", "regression", "playground")


def batch_editor_shown(page: str, current: AppState) -> bool:
    """Whether the sidebar shows the batch editor on ``page`` (its URL path): not where the
    batch changes nothing (``OWN_INPUTS``, and the mistakes page unless it shows the mistake on
    the batch), nor where the link hides it.

    >>> batch_editor_shown("softmax", AppState()), batch_editor_shown("regression", AppState())
    (True, False)
    >>> batch_editor_shown("mistakes", AppState(mistake_data="batch"))
    True
    """
    if current.hidden("batch") or page in OWN_INPUTS:
        return False
    if page == "mistakes":
        return current.mistake in BATCH_MISTAKES and current.mistake_data == "batch"
    return True


#: State fields the frame shows around every page (the batch, the language, what a link hides,
#: presenter mode): a change to one of them redraws the whole page.
FRAME_FIELDS = (*BATCH_FIELDS, "lang", "hide", "present")


def frame_key(current: AppState) -> tuple:
    """What the page around a fragment was drawn with: the frame's fields, the upload, and
    whether the sidebar shows the batch editor (the mistakes page's own controls decide)."""
    upload = st.session_state.get(state.UPLOAD)
    editor = batch_editor_shown(st.session_state.get(state.PAGE, ""), current)
    return (*(getattr(current, name) for name in FRAME_FIELDS), id(upload), editor)


def sidebar() -> None:
    """Language, the batch editor and the device, in the sidebar of every page.

    A teacher's link may hide the language switch and the batch editor (``?hide=``); a page
    with inputs of its own has no batch editor (``batch_editor_shown``). Presenter mode has no
    sidebar: its bar at the top of the page holds the switch back.

    The sidebar is a fragment: a change there reruns it alone, and then, when the batch or
    the language changed, the whole app (``st.rerun``). The app's full runs are so never cut
    short by the next change of the same person: Streamlit queues a fragment's rerun behind
    the run under way instead of stopping it, which keeps a busy server from throwing away run
    after run (each change would stop the run of the one before).
    """
    if state.current().present:
        return
    drawn: dict[str, tuple] = {}

    def rerun_if_changed() -> None:
        """In a fragment run, as soon as the page's input differs from what the page was drawn
        with (a callback, the language, the batch's fields), hand on to a full run: the rest of
        the sidebar is drawn there."""
        if "frame" in drawn and frame_key(state.current()) != drawn["frame"]:
            st.rerun(scope="app")

    def controls() -> None:
        rerun_if_changed()
        current = state.current()
        lang = current.lang
        if not current.hidden("language"):
            lang = state.bound(
                st.selectbox,
                "lang",
                "Language / 语言",
                options=list(LANGUAGES),
                format_func=LANGUAGES.get,
            )
            rerun_if_changed()
        presenter.switch(lang)
        rerun_if_changed()
        if batch_editor_shown(st.session_state.get(state.PAGE, ""), current):
            _batch_editor(lang, rerun_if_changed)
        elif not current.hidden("batch"):
            st.caption(t("frame.own_inputs", lang))
        st.caption(t("frame.device", lang, device=device_description()))
        st.caption(t("frame.torch_version", lang, version=torch.__version__.split("+")[0]))
        drawn.setdefault("frame", frame_key(state.current()))  # what a full run drew the page with

    with st.sidebar:
        st.fragment(controls)()


def _batch_editor(lang: str, edited: Callable[[], None]) -> None:
    """The batch as text or as a grid, presets and a random batch, CSV upload and download;
    ``edited()`` is called once the text or the grid has been read."""
    st.subheader(t("batch.header", lang))
    mode = st.segmented_control(
        t("batch.input_mode", lang),
        ["text", "grid"],
        format_func=lambda m: t(f"batch.mode_{m}", lang),
        default="text",
        required=True,
        key="lv_edit_mode",
    )
    if mode == "grid":
        _grid_editor(lang)
    else:
        _text_editor(lang)
    edited()
    _link_notice(lang)
    _presets(lang)
    _csv(lang)


APP_PATH = Path(__file__).resolve().parents[2] / "app.py"


def _route_through_app() -> None:
    """Run the app's router when Streamlit ran a page file directly, then end this run.

    Until some session has called ``st.navigation``, a fresh Streamlit server treats ``pages/``
    as an old-style multipage folder, so the first visitor of a deep link such as ``/softmax``
    gets the page script without the app's frame. Running ``app.py`` here routes that visit
    like any other.
    """
    if PagesManager.uses_pages_directory:
        runpy.run_path(str(APP_PATH), run_name="__main__")
        st.stop()


def page_context(labelled_only: bool = False) -> PageContext:
    """The state and batch for a page, after reporting input and link problems on it.

    A page whose lesson needs a class for every sample (``labelled_only``) gets the samples not
    labelled -100 (the padding marker cross-entropy ignores), and says so; the seed example
    when every sample is.
    """
    _route_through_app()
    current = state.current()
    lang = current.lang
    presenter.toolbar(st.session_state.get(state.PAGE, ""), lang)
    for problem in state.link_problems():
        st.warning(
            t(
                "link.problem",
                lang,
                parameter=problem.parameter,
                reason=error_text(problem.reason, lang),
            ),
            icon=":material/link_off:",
        )
    batch, problem = state.active_batch()
    if problem is not None:
        input_error(problem, lang)
    if labelled_only and batch.ignored.any():
        labelled = batch.labelled()
        n, kept = batch.num_samples, 0 if labelled is None else labelled.num_samples
        if labelled is None:
            st.info(t("common.all_ignored", lang), icon=":material/block:")
            labelled = AppState().batch()
        else:
            st.caption(t("common.ignored_rows", lang, k=n - kept, n=n, kept=kept))
        batch = labelled
    return PageContext(current, batch)


def sample_picker(context: PageContext) -> int:
    """The selected sample (bound to the URL), kept within the batch."""
    n = context.batch.num_samples
    if n == 1:
        return 0
    if context.state.sample >= n:
        state.update(sample=n - 1)
        st.session_state.pop("lv_sample", None)
    value = state.bound(
        st.number_input,
        "sample",
        context.t("common.sample") + f" (0..{n - 1})",
        min_value=0,
        max_value=n - 1,
        step=1,
    )
    return int(value)


def first_rows_note(context: PageContext) -> None:
    """Say that a large batch is drawn for its first rows only."""
    n = context.batch.num_samples
    if n > MAX_SAMPLES_DRAWN:
        st.caption(context.t("common.first_rows", samples=n, shown=MAX_SAMPLES_DRAWN))


#: The app's pages by section title key, each (script, title key, icon), as ``app.py`` routes
#: them; ``route`` hands them over at every run.
_SECTIONS: dict[str, list[tuple[str, str, str]]] = {}


def route(sections: dict[str, list[tuple[str, str, str]]]) -> None:
    """Keep the app's pages, for the home page's links."""
    _SECTIONS.update(sections)


def page_links(lang: str) -> None:
    """A link to every page, by section, each with a line on what it is about."""
    for section, pages in _SECTIONS.items():
        st.markdown(f"**{t(section, lang)}**")
        for script, title, icon in pages:
            st.page_link(script, label=t(title, lang), icon=icon)
            st.caption(t(f"home.about.{Path(script).stem}", lang))
