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
    at = set_widget(render(PAGE), "slider", "lv_temperature", 2.0)
    assert_says(at, "e^{2.6000 / 2}")
    assert at.query_params["temperature"] == "2.0"


def test_shift_changes_nothing():
    at = set_widget(render(PAGE), "number_input", "lv_shift", 50.0)
    assert_says(at, "+50 added", "0.6472")


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "charts show the first 20")
