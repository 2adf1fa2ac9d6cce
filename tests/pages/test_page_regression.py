"""The regression page, run headless: renders, follows each control, survives bad typed numbers,
speaks Chinese and summarises a long vector. Its links are checked with every page's, in
test_links.py."""

import numpy as np
import pytest

from apptest_utils import assert_says, assert_widgets, latex_text, page_tables, render, set_widget
from lossviz.lessons.fitting import fit_lines, toy_line
from lossviz.regression import regression_losses

PAGE = "pages/regression.py"
X = [2.5, 0.0, 2.0, 1.6, 1.0]
Y = [3.0, -0.5, 2.0, 1.0, 8.0]


def _fit_table(at):
    return page_tables(at)[-1].value


def test_renders_the_example_with_the_right_numbers():
    at = render(PAGE)
    assert at.title[0].value == "Regression losses"
    for name, value in (
        ("mse_loss", "9.972"),
        ("l1_loss", "1.72"),
        ("smooth_l1_loss", "1.386"),
        ("huber_loss", "2.486"),
    ):
        assert_says(at, f"Matches PyTorch's F.{name}: step by step {value}, PyTorch {value}")
    latex = latex_text(at)
    assert r"e_{4} &= x_{4} - y_{4} = 1.0000 - 8.0000 = -7.0000" in latex
    assert "= 12.0000" in latex and "= -2.8000" in latex  # Huber loss, MSE gradient
    assert r"\frac{49.8600}{5} = 9.9720" in latex
    assert_says(at, "Element 4 takes 98.3% of the MSE", "differ by at most 0.0e+00")
    assert len(at.get("plotly_chart")) == 4
    fits = fit_lines(*(lambda d: (d.x, d.y))(toy_line(12.0)), beta=1.0, delta=2.0)
    table = _fit_table(at)
    assert list(table.iloc[:, 0]) == ["MSE", "L1", "SmoothL1", "Huber"]
    np.testing.assert_allclose(table.iloc[:, 1], [fit.slope for fit in fits.values()])


def test_beta_changes_smooth_l1_and_the_link():
    at = set_widget(render(PAGE), "slider", "lv_regression_beta", 0.5)
    expected = regression_losses(X, Y, beta=0.5, delta=2.0)["smooth_l1_loss"].loss
    assert_says(at, f"F.smooth_l1_loss: step by step {expected:.6g}", "with β = 0.5")
    assert at.query_params["regression_beta"] == "0.5"


def test_beta_zero_is_l1_with_a_note():
    at = render(PAGE, regression_beta="0")
    assert_says(
        at,
        "F.smooth_l1_loss: step by step 1.72",  # the L1 value
        "smooth_l1_loss is the plain L1 loss",
        "β = 0: SmoothL1 has no quadratic part",
    )
    assert r"\text{SmoothL1}\ (\beta = 0)" in latex_text(at)


def test_delta_changes_huber_and_its_bound():
    at = set_widget(render(PAGE), "slider", "lv_regression_delta", 0.5)
    expected = regression_losses(X, Y, beta=1.0, delta=0.5)["huber_loss"].loss
    assert_says(at, f"F.huber_loss: step by step {expected:.6g}", "never exceeds δ = 0.5")
    assert at.query_params["regression_delta"] == "0.5"


@pytest.mark.parametrize(("reduction", "mse"), [("sum", "49.86"), ("none", "49.86")])
def test_reduction_changes_the_values(reduction, mse):
    at = set_widget(render(PAGE), "selectbox", "lv_reduction", reduction)
    assert_says(at, f"F.mse_loss: step by step {mse}")
    assert "/ 5" not in latex_text(at)  # the gradient is no longer divided by n
    assert at.query_params["reduction"] == reduction


def test_the_element_picker_changes_the_formulas():
    at = set_widget(render(PAGE), "number_input", "lv_regression_element", 0)
    latex = latex_text(at)
    assert r"e_{0} &= x_{0} - y_{0} = 2.5000 - 3.0000 = -0.5000" in latex
    assert r"(|e_{0}| < \beta)" in latex and r"(|e_{0}| < \delta)" in latex
    assert_says(at, "Element 0 takes")
    assert at.query_params["regression_element"] == "0"


def test_typed_numbers_change_everything():
    at = set_widget(render(PAGE), "text_input", "lv_regression_input", "1, 2, 3")
    set_widget(at, "text_input", "lv_regression_target", "1, 2, 5")
    assert not at.error
    assert_says(at, "F.mse_loss: step by step 1.33333")
    assert at.number_input(key="lv_regression_element").value == 2  # kept within 0..2
    assert at.query_params["regression_input"] == "1, 2, 3"


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("lv_regression_input", "2.5, abc, 2", "input, row 1, column 2: 'abc' is not a number"),
        ("lv_regression_target", "", "target is empty"),
        ("lv_regression_target", "1, 2", "there are 5 predictions but 2 targets"),
    ],
)
def test_bad_typed_numbers_show_a_message_and_the_example(field, text, message):
    at = set_widget(render(PAGE), "text_input", field, text)
    assert message in at.error[0].value
    assert "Showing the example numbers" in at.error[0].value
    assert_says(at, "F.mse_loss: step by step 9.972")


def test_the_outlier_drags_only_the_mse_line():
    at = render(PAGE)
    before = _fit_table(at).iloc[:, 1].to_numpy()
    set_widget(at, "slider", "lv_regression_outlier", 30.0)
    after = _fit_table(at).iloc[:, 1].to_numpy()
    assert after[0] - before[0] > 0.3  # MSE
    np.testing.assert_allclose(after[1:], before[1:], atol=1e-9)  # L1, SmoothL1, Huber
    assert "outlier moved by +30" in " ".join(str(c.proto) for c in at.get("plotly_chart"))
    assert at.query_params["regression_outlier"] == "30.0"


def test_an_element_beyond_the_numbers_is_kept_within_them():
    at = render(PAGE, regression_input="1, 2", regression_target="0, 0", regression_element="9")
    assert_widgets(at, number_input={"lv_regression_element": 1})


def test_chinese():
    at = render(PAGE, lang="zh")
    assert at.title[0].value == "回归损失"
    assert_says(at, "与 PyTorch 的 F.huber_loss 一致", "元素 4 占 MSE 的 98.3%")
    set_widget(at, "text_input", "lv_regression_input", "1, x")
    assert "input 第 1 行第 2 列：'x' 不是数字" in at.error[0].value
    set_widget(at, "text_input", "lv_regression_input", "1, 2")
    assert "共有 2 个预测值，却有 5 个目标值" in at.error[0].value


def test_a_long_vector_is_summarised():
    rng = np.random.default_rng(0)
    x, y = (", ".join(f"{v:.3f}" for v in rng.normal(size=500)) for _ in range(2))
    at = render(PAGE, regression_input=x, regression_target=y)
    assert_says(at, "There are 500 elements: the charts show the first 20")
    assert_widgets(at, number_input={"lv_regression_element": 4})


def test_a_single_element_needs_no_picker():
    at = render(PAGE, regression_input="3", regression_target="1")
    assert "lv_regression_element" not in [w.key for w in at.number_input]
    assert r"e_{0} &= x_{0} - y_{0} = 3.0000 - 1.0000 = 2.0000" in latex_text(at)
    assert_says(at, "F.mse_loss: step by step 4,")
