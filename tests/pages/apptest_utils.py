"""Running the app headless with Streamlit's AppTest, on any page, from any link."""

from __future__ import annotations

from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from lossviz.i18n import LANGUAGES, t

APP = str(Path(__file__).resolve().parents[2] / "app.py")

#: A link to a six-sample batch with class weights, under which 'mean' differs from the plain mean.
WEIGHTED_BATCH = {
    "logits": "2, .5, -1; 1.8, .2, .1; 2.5, -.3, .4; 1.1, .9, -.5; .3, .8, 1.2; 1.5, 1, .2",
    "target": "0, 0, 0, 0, 2, 1",
    "weight": "1, 4, 6",
}


_original_init = PagesManager.__init__


def _settled_init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False


def settle_navigation() -> None:
    """Run pages as a server does once ``st.navigation`` has run in it.

    AppTest resets Streamlit's process-wide "uses a pages/ folder" flag before every run, as if
    each run were the first of a fresh server; the app then routes every run through ``app.py``
    twice. Tests of the routing itself call ``fresh_server_navigation()`` instead.
    """
    PagesManager.__init__ = _settled_init


def fresh_server_navigation() -> None:
    """Run pages as a fresh server does before any session has called ``st.navigation``."""
    PagesManager.__init__ = _original_init


def open_page(page: str | None = None, **params: object) -> AppTest:
    """The app after its first run, on ``page`` (e.g. ``"pages/softmax.py"``), opened from a link
    with ``params`` as its query parameters."""
    settle_navigation()
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def render(page: str | None = None, **params: object) -> AppTest:
    """``open_page(page, **params)``, checked: the page must have run without an exception."""
    at = open_page(page, **params)
    assert not at.exception
    return at


def set_widget(at: AppTest, kind: str, key: str, value: object) -> AppTest:
    """``at`` after a learner gives the widget ``key`` the ``value`` and the page reruns; the
    rerun must raise nothing. ``kind`` is AppTest's name for the widget ("slider", "radio",
    "text_input", ...); text widgets are typed into (``input``), the others are set."""
    widget = getattr(at, kind)(key=key)
    if kind in ("text_input", "text_area"):
        widget.input(value)
    else:
        widget.set_value(value)
    at.run()
    assert not at.exception
    return at


def click(at: AppTest, key: str) -> AppTest:
    """``at`` after a learner clicks the button ``key`` and the page reruns; the rerun must raise
    nothing."""
    at.button(key=key).click().run()
    assert not at.exception
    return at


def load_random_batch(at: AppTest, samples: int = 500) -> AppTest:
    """``at`` after the sidebar's random batch of ``samples`` samples is loaded; the rerun must
    raise nothing."""
    at.number_input(key="lv_random_samples").set_value(samples)
    return click(at, "lv_random_go")


def page_text(at: AppTest) -> str:
    """Everything the page says in text elements (markdown, captions, alerts, badges, LaTeX)."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "latex",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts.extend(str(element.value) for element in getattr(at, kind))
    parts.extend(str(element.proto.label) for element in at.get("badge"))
    return "\n".join(parts)


def assert_says(at: AppTest, *phrases: str) -> None:
    """The page says each of ``phrases`` somewhere in its text (``page_text``)."""
    text = page_text(at)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"the page does not say {missing}"


def latex_text(at: AppTest) -> str:
    """Everything the page writes in LaTeX elements, one element a line."""
    return "\n".join(element.value for element in at.latex)


def metric_values(at: AppTest) -> list[str]:
    """The values of the page's metrics, in order."""
    return [metric.value for metric in at.metric]


def warning_text(at: AppTest) -> str:
    """The page's warnings, joined: where it names the link parameters it could not use."""
    return " ".join(warning.value for warning in at.warning)


def assert_widgets(at: AppTest, **kinds: dict[str, object]) -> None:
    """Each widget holds its value: ``kinds`` maps AppTest's name for a kind of widget
    ("slider", "radio", ...) to ``{key: value}``. An expected bool must be that very bool."""
    for kind, values in kinds.items():
        for key, expected in values.items():
            actual = getattr(at, kind)(key=key).value
            same = actual is expected if isinstance(expected, bool) else actual == expected
            assert same, f"{kind} {key!r} holds {actual!r}, not {expected!r}"


def type_bad_logits(at: AppTest) -> AppTest:
    """Type text into a number cell of the batch: the page must say where, and not crash."""
    set_widget(at, "text_area", "lv_logits", "1.3, abc, 2.6")
    assert "row 1, column 2: 'abc' is not a number" in at.error[0].value
    return at


def _is_chart_table(label: str) -> bool:
    """Whether an expander's label is that of one chart's own table (``chart.numbers``)."""
    for lang in LANGUAGES:
        before, after = t("chart.numbers", lang, chart="\0").split("\0")
        if label.startswith(before) and label.endswith(after):
            return True
    return False


def chart_tables(at: AppTest) -> list:
    """The tables behind single charts (each in the expander named after its chart), in order."""
    return [
        frame
        for expander in at.expander
        if _is_chart_table(expander.label)
        for frame in expander.dataframe
    ]


def page_tables(at: AppTest) -> list:
    """The page's own tables, in order: every ``st.dataframe`` but the tables of single charts."""
    behind_charts = {id(frame.proto) for frame in chart_tables(at)}
    return [frame for frame in at.dataframe if id(frame.proto) not in behind_charts]
