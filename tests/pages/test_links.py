"""Links for a wiki or a class: presets, hidden controls, the deployment's default language, and
every page's options read back from its link, or its defaults and a message for a broken one."""

from dataclasses import dataclass, field

import pytest

from apptest_utils import (
    WEIGHTED_BATCH,
    assert_says,
    assert_widgets,
    latex_text,
    render,
    set_widget,
    warning_text,
)
from lossviz.inputs.presets import PRESETS, imbalanced_batch, preset
from lossviz.inputs.urlstate import HIDEABLE, AppState, decode, default_state, encode

SOFTMAX = "pages/softmax.py"


def test_a_preset_opens_its_batch():
    state, problems = decode({"preset": "imbalanced"})
    assert problems == []
    assert state == AppState().with_batch(preset("imbalanced"))


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_opens(name):
    state, problems = decode({"preset": f" {name} "})
    assert problems == [] and state.batch().num_samples == preset(name).num_samples


def test_a_batch_in_the_link_wins_over_the_preset():
    state, problems = decode({"preset": "imbalanced", "logits": "0, 1, 2", "target": "1"})
    assert problems == [] and state.logits == "0, 1, 2"


def test_an_unknown_preset_is_a_problem_and_keeps_the_seed():
    state, problems = decode({"preset": "everything"})
    assert [p.parameter for p in problems] == ["preset"]
    assert problems[0].reason == "use one of " + ", ".join(PRESETS)
    assert state == AppState()


@pytest.mark.parametrize(
    "text, hide",
    [("batch", "batch"), ("code, batch", "batch,code"), ("code,code,", "code"), ("", "")],
)
def test_hide_is_read_in_a_canonical_order(text, hide):
    state, problems = decode({"hide": text})
    assert problems == [] and state.hide == hide
    assert all(state.hidden(c) == (c in hide.split(",")) for c in HIDEABLE)


def test_hiding_an_unknown_control_is_a_problem():
    state, problems = decode({"hide": "batch,everything"})
    assert [p.parameter for p in problems] == ["hide"]
    assert "use one of batch, code, language" in problems[0].reason
    assert state.hide == ""


def test_hide_round_trips():
    state = AppState(hide="batch,code")
    assert encode(state) == {"hide": "batch,code"}
    assert decode(encode(state)) == (state, [])


@pytest.mark.parametrize(
    "environ, lang",
    [({}, "en"), ({"LOSSVIZ_DEFAULT_LANG": "zh"}, "zh"), ({"LOSSVIZ_DEFAULT_LANG": " en "}, "en")],
)
def test_the_default_language_comes_from_the_environment(environ, lang):
    assert default_state(environ).lang == lang


def test_a_bad_default_language_is_logged_and_english_is_used(caplog):
    assert default_state({"LOSSVIZ_DEFAULT_LANG": "fr"}) == AppState()
    assert "LOSSVIZ_DEFAULT_LANG='fr'" in caplog.text


def test_links_are_written_against_the_deployment_default():
    defaults = default_state({"LOSSVIZ_DEFAULT_LANG": "zh"})
    english = AppState(lang="en")
    assert encode(defaults, defaults) == {}
    assert encode(english, defaults) == {"lang": "en"}
    assert decode(encode(english, defaults), defaults)[0] == english
    assert decode({}, defaults)[0].lang == "zh"


# The app, headless


def test_a_preset_link_opens_the_batch_and_writes_it_into_the_link():
    at = render(SOFTMAX, preset="confident_wrong")
    assert "preset" not in at.query_params
    expected = AppState().with_batch(preset("confident_wrong"))
    assert at.query_params["logits"] == expected.logits
    assert at.text_area(key="lv_logits").value == expected.logits


def test_a_bad_preset_shows_the_link_problem():
    at = render(SOFTMAX, preset="nope")
    assert "'preset'" in warning_text(at)
    assert_says(at, "0.6472")


def test_hide_batch_and_code():
    at = render(SOFTMAX, hide="batch,code", temperature="2")
    assert not at.text_area and not at.get("file_uploader")
    assert "PyTorch code" not in [e.label for e in at.expander]
    assert at.selectbox(key="lv_lang").value == "en"
    assert at.query_params["hide"] == "batch,code"
    assert_says(at, "e^{2.6000 / 2}")


def test_without_hide_everything_is_there():
    at = render(SOFTMAX)
    assert at.text_area(key="lv_logits").value == "1.3, 1.3, 2.6"
    assert "PyTorch code" in [e.label for e in at.expander]


def test_hide_language_keeps_the_link_language():
    at = render(SOFTMAX, hide="language", lang="zh")
    assert not [s for s in at.selectbox if s.key == "lv_lang"]
    assert at.title[0].value == "Softmax 与温度"


def test_the_deployment_default_language(monkeypatch):
    monkeypatch.setenv("LOSSVIZ_DEFAULT_LANG", "zh")
    at = render(SOFTMAX)
    assert at.title[0].value == "Softmax 与温度"
    assert "lang" not in at.query_params
    set_widget(at, "selectbox", "lv_lang", "en")
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == "Softmax and temperature"


# Every page's options, read back from its link


@dataclass(frozen=True)
class PageLink:
    """A link that sets a page's options: the widgets it must set (AppTest's kind -> {key:
    value}), what the page then says and writes in LaTeX, and optionally a widget changed next
    (kind, key, value) with the link parameters that must follow it (``None``: gone from the
    link)."""

    params: dict[str, str]
    widgets: dict[str, dict[str, object]]
    says: tuple[str, ...]
    change: tuple[str, str, object] | None = None
    then: dict[str, str | None] = field(default_factory=dict)
    latex: tuple[str, ...] = ()  # what the page's LaTeX elements must hold


IMBALANCED_30 = imbalanced_batch(30).to_text()

PAGE_LINKS = {
    "pages/softmax.py": PageLink(
        params={
            "logits": "0, 0; 1, 3",
            "target": "0, 1",
            "names": "a, b",
            "temperature": "0.5",
            "sample": "1",
        },
        widgets={"select_slider": {"lv_temperature": 0.5}, "number_input": {"lv_sample": 1}},
        says=("e^{3.0000 / 0.5}",),
    ),
    "pages/cross_entropy.py": PageLink(
        params={
            "reduction": "sum",
            "ignore_index": "0",
            "smoothing": "0.25",
            "use_weight": "False",
            "sample": "2",
            **WEIGHTED_BATCH,
        },
        widgets={
            "radio": {"lv_reduction": "sum"},
            "number_input": {"lv_ignore_index": 0, "lv_sample": 2},
            "slider": {"lv_smoothing": 0.25},
            "toggle": {"lv_use_weight": False},
        },
        says=("Sample 2, step by step",),
    ),
    "pages/binary_cross_entropy.py": PageLink(
        params={
            "logits": "0, 0; 1, 3",
            "target": "0, 1",
            "names": "a, b",
            "reduction": "sum",
            "pos_weight": "2, 1",
            "bce_target": "1, 1; 0, 1",
            "sample": "1",
        },
        widgets={
            "selectbox": {"lv_reduction": "sum"},
            "text_input": {"lv_pos_weight": "2, 1"},
            "text_area": {"lv_bce_target": "1, 1; 0, 1"},
            "number_input": {"lv_sample": 1},
        },
        says=(r"\ell_{1,1} &= -\left[ 1 \cdot \log \sigma(3.0000)",),
        change=("text_input", "lv_pos_weight", ""),
        then={"pos_weight": None},
    ),
    "pages/gradients.py": PageLink(
        params={
            "logits": "1.3, 1.3, 2.6; 0, 0, 0",
            "target": "2, 0",
            "reduction": "sum",
            "ignore_index": "7",
            "smoothing": "0.2",
            "grad_view": "bars",
            "sample": "1",
        },
        widgets={
            "radio": {"lv_reduction": "sum", "lv_grad_view": "bars"},
            "number_input": {"lv_ignore_index": 7, "lv_sample": 1},
            "slider": {"lv_smoothing": 0.2},
        },
        says=("sample 1, ∂L/∂z_0",),
    ),
    "pages/entropy_kl.py": PageLink(
        params={
            "logits": "1.3, 1.3, 2.6; 0, 2, 1",
            "target": "2, 0",
            "smoothing": "0.2",
            "unit": "bits",
            "sample": "1",
        },
        widgets={
            "slider": {"lv_smoothing": 0.2},
            "radio": {"lv_unit": "bits"},
            "number_input": {"lv_sample": 1},
        },
        says=("label_smoothing=0.2",),
        change=("slider", "lv_smoothing", 0.3),
        then={"smoothing": "0.3", "unit": "bits"},
    ),
    "pages/imbalance.py": PageLink(
        params={
            "logits": IMBALANCED_30["logits"],
            "target": IMBALANCED_30["target"],
            "imbalance_ratio": "30",
            "weight_scheme": "inverse_sqrt",
            "effective_beta": "0.999",
            "focal_gamma": "1.5",
            "focal_alpha": "0.5, 1, 3",
            "smoothing": "0.2",
            "reduction": "sum",
            "sample": "2",
        },
        widgets={
            "slider": {"lv_imbalance_ratio": 30, "lv_focal_gamma": 1.5, "lv_smoothing": 0.2},
            "selectbox": {"lv_weight_scheme": "inverse_sqrt"},
            "number_input": {"lv_effective_beta": 0.999},
            "text_input": {"lv_focal_alpha": "0.5, 1, 3"},
            "radio": {"lv_reduction": "sum"},
        },
        says=(r"\mathrm{FL}_{2} &= \alpha_{2}\,", "^{1.5}"),
        change=("slider", "lv_focal_gamma", 3.0),
        then={"focal_gamma": "3.0"},
    ),
    "pages/stability.py": PageLink(
        params={
            "stability_scale": "34.5",
            "stability_dtype": "float64",
            "sample": "1",
            "logits": "0, 1, 2; 1.3, 1.3, 2.6",
            "target": "0, 2",
        },
        widgets={
            "select_slider": {"lv_stability_scale": 34.5},
            "radio": {"lv_stability_dtype": "float64"},
            "number_input": {"lv_sample": 1},
        },
        says=(r"x = s\,z = 34.5",),
        change=("radio", "lv_stability_dtype", "float32"),
        then={"stability_dtype": None, "stability_scale": "34.5"},
    ),
    "pages/regression.py": PageLink(
        params={
            "regression_input": "0, 0, 0",
            "regression_target": "1, 2, 3",
            "regression_element": "1",
            "regression_beta": "2.5",
            "regression_delta": "0.25",
            "regression_outlier": "-5.5",
            "reduction": "sum",
        },
        widgets={
            "text_input": {"lv_regression_input": "0, 0, 0"},
            "number_input": {"lv_regression_element": 1},
            "slider": {
                "lv_regression_beta": 2.5,
                "lv_regression_delta": 0.25,
                "lv_regression_outlier": -5.5,
            },
        },
        latex=(r"e_{1} &= x_{1} - y_{1} = 0.0000 - 2.0000 = -2.0000",),
        says=("F.mse_loss: step by step 14",),
    ),
    "pages/sequences.py": PageLink(
        params={
            "seq_view": "pixels",
            "mask_pixels": "0: 2 0 | 255: 1 1\n1: 0 2 | 0: 1 -1\n\n"
            "0: 3 0 | 1: 0 1\n1: 1 2 | 1: 0 0",
            "mask_names": "ground, car",
            "mask_weight": "1, 3",
            "mask_image": "1",
            "mask_row": "1",
            "mask_col": "0",
            "ignore_index": "255",
            "smoothing": "0.1",
            "reduction": "sum",
        },
        widgets={
            "radio": {"lv_seq_view": "pixels", "lv_reduction": "sum"},
            "number_input": {
                "lv_mask_image": 1,
                "lv_mask_row": 1,
                "lv_mask_col": 0,
                "lv_ignore_index": 255,
            },
            "slider": {"lv_smoothing": 0.1},
            "text_input": {"lv_mask_names": "ground, car", "lv_mask_weight": "1, 3"},
            "toggle": {"lv_use_weight": True},
        },
        latex=(r"\ell_{1,1,0} &= (1-\varepsilon)\, w_{1}",),
        says=("on (2, 2, 2, 2)", "The pixel at row 1, column 0 of image 1 is labelled 1, **car**"),
        change=("radio", "lv_seq_view", "tokens"),
        then={"seq_view": None, "mask_image": "1", "ignore_index": "255"},
    ),
}


@pytest.mark.parametrize("page", PAGE_LINKS)
def test_a_link_opens_the_same_state(page):
    link = PAGE_LINKS[page]
    at = render(page, **link.params)
    assert_widgets(at, **link.widgets)
    latex = latex_text(at)
    missing = [formula for formula in link.latex if formula not in latex]
    assert not missing, f"the LaTeX does not hold {missing}"
    assert_says(at, *link.says)
    if link.change is not None:
        set_widget(at, *link.change)
    for parameter, value in link.then.items():
        if value is None:
            assert parameter not in at.query_params
        else:
            assert at.query_params[parameter] == value


@dataclass(frozen=True)
class BrokenLink:
    """A link with values a page cannot use: what its warnings must say (each parameter it
    names), the defaults its widgets fall back to (AppTest's kind -> {key: value}), and what the
    page then says."""

    params: dict[str, str]
    warns: tuple[str, ...]
    defaults: dict[str, dict[str, object]]
    says: tuple[str, ...] = ()


BROKEN_LINKS = {
    "pages/softmax.py": BrokenLink(
        params={"temperature": "hot", "logits": "1, 2; 3", "target": "0"},
        warns=("'temperature'", "'logits'"),
        defaults={"select_slider": {"lv_temperature": 1.0}},
        says=("0.6472",),
    ),
    "pages/cross_entropy.py": BrokenLink(
        params={"reduction": "avg", "ignore_index": "x", "use_weight": "maybe"},
        warns=("'reduction'", "'ignore_index'", "'use_weight'"),
        defaults={"radio": {"lv_reduction": "mean"}, "number_input": {"lv_ignore_index": -100}},
    ),
    "pages/gradients.py": BrokenLink(
        params={"grad_view": "pie", "reduction": "avg"},
        warns=("'grad_view'", "'reduction'"),
        defaults={"radio": {"lv_grad_view": "heatmap"}},
    ),
    "pages/entropy_kl.py": BrokenLink(
        params={"unit": "kelvin", "smoothing": "2"},
        warns=("'unit'", "'smoothing'"),
        defaults={"radio": {"lv_unit": "nats"}, "slider": {"lv_smoothing": 0.0}},
    ),
    "pages/imbalance.py": BrokenLink(
        params={"focal_gamma": "9", "imbalance_ratio": "zero", "weight_scheme": "median"},
        warns=("'focal_gamma'", "'imbalance_ratio'", "'weight_scheme'"),
        defaults={"slider": {"lv_focal_gamma": 2.0, "lv_imbalance_ratio": 10}},
    ),
    "pages/stability.py": BrokenLink(
        params={"stability_scale": "abc", "stability_dtype": "float16"},
        warns=("'stability_scale'", "'stability_dtype'"),
        defaults={
            "select_slider": {"lv_stability_scale": 100.0},
            "radio": {"lv_stability_dtype": "float32"},
        },
    ),
    "pages/mistakes.py": BrokenLink(
        params={"mistake": "off_by_one"},
        warns=("'mistake'", "softmax_before_cross_entropy"),  # and the mistakes it can show
        defaults={"selectbox": {"lv_mistake": "softmax_before_cross_entropy"}},
        says=("0.7663",),
    ),
    "pages/regression.py": BrokenLink(
        params={"regression_delta": "0", "regression_outlier": "big"},
        warns=("'regression_delta'", "'regression_outlier'"),
        defaults={"slider": {"lv_regression_delta": 2.0, "lv_regression_outlier": 12.0}},
    ),
    "pages/sequences.py": BrokenLink(
        params={"seq_view": "words", "seq_position": "-1", "mask_row": "x"},
        warns=("'seq_view'", "'seq_position'", "'mask_row'"),
        defaults={"radio": {"lv_seq_view": "tokens"}, "number_input": {"lv_seq_position": 2}},
        says=("0.421425",),
    ),
    "pages/playground.py": BrokenLink(
        params={
            "train_data": "circles",
            "train_lr": "-1",
            "train_steps": "many",
            "train_loss_b": "hinge",
        },
        warns=("'train_data'", "'train_lr'", "'train_steps'", "'train_loss_b'"),
        defaults={
            "selectbox": {"lv_train_data": "blobs", "lv_train_loss_b": "focal"},
            "number_input": {"lv_train_lr": 0.01},
        },
    ),
}


@pytest.mark.parametrize("page", BROKEN_LINKS)
def test_a_broken_link_shows_a_message_and_the_defaults(page):
    link = BROKEN_LINKS[page]
    at = render(page, **link.params)
    warnings = warning_text(at)
    missing = [part for part in link.warns if part not in warnings]
    assert not missing, f"the warnings do not say {missing}"
    assert_widgets(at, **link.defaults)
    assert_says(at, *link.says)
