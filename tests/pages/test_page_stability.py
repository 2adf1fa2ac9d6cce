"""The numerical stability page, run headless: renders, follows its controls, survives bad input
and summarises a large batch. Its links and Chinese are checked with every page's, in
test_links.py and test_every_page.py."""

from apptest_utils import (
    assert_says,
    click,
    load_random_batch,
    metric_values,
    page_tables,
    page_text,
    render,
    set_widget,
    type_bad_logits,
    warning_text,
)

PAGE = "pages/stability.py"


def _losses(at) -> list[str]:
    """The three routes' loss metrics: by hand, softmax then log, fused."""
    return metric_values(at)


def test_renders_the_seed_example():
    at = render(PAGE)
    assert at.title[0].value == "Numerical stability"
    # float32 at s = 100: exp(260) overflows; softmax then log loses its gradient; fused is fine
    assert _losses(at) == ["NaN", "0", "0"]
    assert_says(
        at,
        "the loss is NaN",
        "finite loss, but the gradient is NaN",
        "loss and gradient finite",
        "Matches PyTorch's F.cross_entropy (float32)",
        "Matches PyTorch's F.binary_cross_entropy (float32)",
        "88.7228317",
        "709.782712893384",
        "16.63553",
        r"\frac{\infty}{\infty} = \text{NaN}",
    )
    assert len(at.get("plotly_chart")) == 4
    assert "34.1242" in page_tables(at)[2].value.to_string()


def test_the_scale_changes_the_numbers_and_the_link():
    at = set_widget(render(PAGE), "select_slider", "lv_stability_scale", 1.0)
    assert _losses(at) == ["0.435065", "0.435065", "0.435065"]
    assert_says(at, "loss and gradient finite")
    assert at.query_params["stability_scale"] == "1.0"


def test_the_dtype_changes_the_numbers_and_the_link():
    at = set_widget(render(PAGE), "radio", "lv_stability_dtype", "float64")
    assert_says(at, "at s = 100 in float64", "Matches PyTorch's F.cross_entropy (float64)")
    assert "the loss is NaN" not in page_text(at)
    # log(1 + 2 e^-130) rounds to 0 even in float64: a finite, right answer
    assert _losses(at) == ["0", "0", "0"]
    assert at.query_params["stability_dtype"] == "float64"


def test_the_jump_buttons_go_to_either_side_of_the_threshold():
    at = click(render(PAGE), "lv_stability_jump_before")
    assert at.select_slider(key="lv_stability_scale").value == 34.124168395996094
    assert _losses(at)[0] != "NaN"
    click(at, "lv_stability_jump_at")
    assert at.select_slider(key="lv_stability_scale").value == 34.12417221069336
    assert _losses(at)[0] == "NaN"
    assert at.query_params["stability_scale"] == "34.12417221069336"


def test_the_sample_picker_picks_the_row():
    at = render(PAGE, logits="1.3, 1.3, 2.6; 0, -5, 0", target="2, 1", stability_scale="25")
    set_widget(at, "number_input", "lv_sample", 1)
    # e^-125 underflows to 0 in float32 without any overflow: the loss is infinite
    assert _losses(at) == ["∞", "∞", "125.693"]
    assert_says(at, "The whole batch at s = 25")


def test_bad_logits_show_an_error_and_keep_the_last_batch():
    at = type_bad_logits(render(PAGE))
    assert _losses(at) == ["NaN", "0", "0"]


def test_a_scale_out_of_range_is_named_in_the_link_message():
    at = render(PAGE, stability_scale="1e9")
    assert "must be between 0.001 and 10000" in warning_text(at)


def test_a_soft_target_uses_its_most_likely_class():
    at = render(PAGE, logits="1, 2, 3", target="0.1, 0.7, 0.2")
    assert_says(at, "uses its most likely class, 1, as the label")


def test_a_large_batch_is_summarised():
    at = load_random_batch(render(PAGE))
    assert_says(at, "The whole batch at s = 100")
    assert len(at.get("plotly_chart")) == 5


def test_logits_too_large_for_float32_break_every_route_without_a_traceback():
    at = render(PAGE, logits="1e38, 0, -1e38", target="1", stability_scale="10")
    # x = 1e39 is infinite in float32: even the fused loss is NaN, and agrees with PyTorch's NaN
    assert _losses(at) == ["∞", "NaN", "NaN"]
    assert_says(at, "Matches PyTorch's F.cross_entropy (float32): step by step NaN")
    set_widget(at, "radio", "lv_stability_dtype", "float64")
    assert _losses(at)[2] == "1e+39"


def test_the_steps_and_the_gradients_are_two_tables_that_fit_a_laptop():
    at = render(PAGE)
    forward, gradients = page_tables(at)[0].value, page_tables(at)[1].value
    columns = list(forward.columns)
    assert (columns[0], columns[-1]) == ("class", "log_softmax(x)")
    assert list(gradients.columns) == [
        "class",
        "∂ℓ/∂x (by hand)",
        "∂ℓ/∂x (softmax → log)",
        "∂ℓ/∂x (fused)",
    ]
    assert gradients.iloc[:, 3].tolist() == [0, 0, 0]
