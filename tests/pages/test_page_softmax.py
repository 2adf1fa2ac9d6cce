"""The softmax page, run headless: renders, follows its controls, summarises a large batch.
Its links, a bad batch and Chinese are checked with every page's, in test_links.py and
test_every_page.py."""

from apptest_utils import assert_says, load_random_batch, render, set_widget

PAGE = "pages/softmax.py"


def test_renders_the_seed_example():
    at = render(PAGE)
    assert_says(at, "0.6472", "1.5451", "Matches PyTorch's torch.softmax")
    assert len(at.get("plotly_chart")) >= 3


def test_temperature_changes_the_numbers_and_the_link():
    at = set_widget(render(PAGE), "select_slider", "lv_temperature", 2.0)
    assert_says(at, "e^{2.6000 / 2}")
    assert at.query_params["temperature"] == "2.0"


def test_shift_changes_nothing():
    at = set_widget(render(PAGE), "number_input", "lv_shift", 50.0)
    assert_says(at, "+50 added", "0.6472")


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "charts show the first 20")


def test_the_formula_shows_the_logits_with_the_constant_added():
    at = set_widget(render(PAGE), "number_input", "lv_shift", 50.0)
    assert_says(at, r"e^{52.6000 / 1}}{e^{51.3000 / 1} + e^{51.3000 / 1} + e^{52.6000 / 1}}")


def test_the_temperature_slider_runs_on_a_log_scale():
    slider = render(PAGE).select_slider(key="lv_temperature")
    stops = list(slider.options)
    assert stops[0] == "0.05" and stops[-1] == "20"
    assert 0.4 < stops.index("1") / (len(stops) - 1) < 0.6  # T = 1 mid-track, not at 5%
    assert stops.index("1") - stops.index("0.1") == stops.index("10") - stops.index("1")
