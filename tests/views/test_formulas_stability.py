"""The stability page's LaTeX: each formula carries the selected sample's live numbers."""

import math

import numpy as np

from lossviz.lessons.stability import binary_focus, binary_routes, softmax_routes
from lossviz.views.stability import formulas

SEED = [1.3, 1.3, 2.6]


def _stable_steps(steps, label: int) -> str:
    """The log-sum-exp route's LaTeX for one row's ``softmax_routes`` steps."""
    return formulas.stable_steps(
        steps.logits,
        steps.max_logit,
        steps.shifted_logits,
        steps.shifted_sum,
        steps.logsumexp,
        label,
        steps.loss,
    )


def test_the_scaled_logits_are_the_dtype_values():
    steps = softmax_routes(SEED, 2, 100.0, "float32")
    latex = formulas.scaled_logits(100.0, SEED, steps.logits)
    assert latex.startswith(r"x = s\,z = 100 \cdot")
    assert r"\left[130.0000,\ 130.0000,\ 260.0000\right]" in latex


def test_the_naive_steps_show_the_overflow():
    steps = softmax_routes(SEED, 2, 100.0, "float32")
    latex = formulas.naive_steps(steps.exp, steps.exp_sum, steps.naive_probs, 2, steps.naive_loss)
    assert r"e^{x_j} &= \left[\infty,\ \infty,\ \infty\right]" in latex
    assert r"\sum_j e^{x_j} &= \infty" in latex
    assert r"= \frac{\infty}{\infty} = \text{NaN}" in latex
    assert latex.endswith(r"= \text{NaN}\end{aligned}")


def test_the_naive_steps_before_the_overflow():
    steps = softmax_routes(SEED, 0, 1.0, "float64")
    latex = formulas.naive_steps(steps.exp, steps.exp_sum, steps.naive_probs, 0, steps.naive_loss)
    assert r"\frac{3.6693}{20.8023} = 0.176388723" in latex  # e^1.3 over the sum
    assert latex.endswith(r"-\log 0.176388723 = 1.7351\end{aligned}")


def test_the_stable_steps_take_the_maximum_out():
    steps = softmax_routes(SEED, 0, 100.0, "float32")
    latex = _stable_steps(steps, 0)
    assert r"m &= \max_j x_j = 260.0000" in latex
    assert r"e^{-130.0000} + e^{-130.0000} + e^{0.0000}" in latex
    assert r"\log 1 = 260.0000" in latex
    assert latex.endswith(r"= 260.0000 - 130.0000 = 130.0000\end{aligned}")


def test_many_classes_are_cut_with_an_ellipsis():
    row = np.arange(8.0)
    steps = softmax_routes(row, 3, 1.0, "float64")
    latex = _stable_steps(steps, 3)
    assert r"e^{-7.0000} + e^{-6.0000} + \cdots + e^{0.0000}" in latex


def test_the_gradients_of_each_route():
    steps = softmax_routes(SEED, 2, 100.0, "float32")
    latex = formulas.gradients(steps.naive_grad, steps.softmax_grad, steps.grad, 2)
    rows = latex.split(r" \\ ")
    assert r"\texttt{exp/sum}" in rows[0] and r"\text{NaN}" in rows[0]
    assert r"\text{NaN}" in rows[1]
    assert r"\mathrm{onehot}(2) = \left[0.0000,\ 0.0000,\ 0.0000\right]" in rows[2]


def test_the_bce_element_shows_the_clamp():
    steps = binary_routes(SEED, 2, 100.0, "float32")
    c = binary_focus(steps)
    latex = formulas.bce_element(
        c,
        steps.logits[c],
        steps.target[c],
        steps.probs[c],
        steps.log_p[c],
        steps.log_one_minus_p[c],
        steps.bce[c],
        steps.with_logits[c],
    )
    assert r"\sigma(x_{0}) &= \sigma(130.0000) = 1" in latex
    assert r"-\max\left(-\infty, -100\right) = 100.0000" in latex
    assert r"= 130.0000 - 0 + \log\left(1 + e^{-130.0000}\right) = 130.0000" in latex


def test_the_bce_element_for_a_target_of_one_and_a_soft_target():
    steps = binary_routes(SEED, 0, 1.0, "float64")
    latex = formulas.bce_element(
        0,
        steps.logits[0],
        1.0,
        steps.probs[0],
        steps.log_p[0],
        steps.log_one_minus_p[0],
        steps.bce[0],
        steps.with_logits[0],
    )
    assert r"-\max\left(\log \sigma(x_{0}), -100\right) = -\max\left(-0.2410, -100\right)" in latex
    assert "1.3000 - 1.3000" in latex
    soft = formulas.bce_element(0, 2.0, 0.3, 0.88, -0.13, -2.13, 1.6, 1.53)
    assert r"t \max(\log \sigma(x_{0}), -100)" in soft and r"-\max\left(" not in soft


def test_exact_probabilities_are_told_apart_from_one():
    assert formulas._exact(1.0) == "1" and formulas._exact(0.0) == "0"
    assert formulas._exact(float(np.float32(1) - np.float32(2.0**-24))) == "0.99999994"
    assert formulas._exact(math.nan) == r"\text{NaN}"
