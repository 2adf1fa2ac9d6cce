"""The entropy page's LaTeX: the selected sample's numbers, its unit, infinity, long rows."""

import math

from lossviz.views.entropy import formulas


def test_definitions_follow_the_unit():
    assert r"I(c) = -\log p_c" in formulas.entropy_definitions("nats")
    bits = formulas.entropy_definitions("bits")
    assert r"-\log_2 p_c" in bits and r"-\log_2 q_c" in bits
    assert r"\mathrm{KL}(p \,\|\, q) = H(p, q) - H(p)" in bits


def test_entropy_of_a_smoothed_label_with_its_numbers():
    p = [0.1 / 3, 0.1 / 3, 0.9 + 0.1 / 3]
    latex = formulas.entropy_formula(p, 0.29110, "nats")
    assert latex.startswith(r"\begin{aligned}H(p) &= -\sum_c p_c \log p_c \\")
    assert r"&= -(0.0333 \log 0.0333 + " in latex
    assert latex.endswith(r"0.9333 \log 0.9333) = 0.2911\ \text{nats}\end{aligned}")


def test_cross_entropy_in_bits():
    latex = formulas.cross_entropy_of_formula(
        [0.0, 0.0, 1.0], [0.1764, 0.1764, 0.6472], 0.6277, "bits"
    )
    assert r"1.0000 \log_2 0.6472" in latex
    assert latex.endswith(r"= 0.6277\ \text{bits}\end{aligned}")


def test_long_rows_are_shortened():
    p = [0.1] * 10
    latex = formulas.entropy_formula(p, math.log(10))
    assert latex.count(r"\log 0.1000") == 3
    assert r"\cdots" in latex


def test_kl_is_the_gap_and_infinity_is_written_as_such():
    latex = formulas.kl_formula(0.2911, 0.5217, 0.2306)
    assert latex.endswith(r"= H(p, q) - H(p) = 0.5217 - 0.2911 = 0.2306\ \text{nats}")
    infinite = formulas.kl_formula(0.2911, math.inf, math.inf, "bits")
    assert infinite.endswith(r"= \infty - 0.2911 = \infty\ \text{bits}")


def test_both_directions_on_two_lines():
    latex = formulas.kl_directions_formula(0.4351, math.inf)
    assert latex.startswith(r"\begin{aligned}") and latex.endswith(r"\end{aligned}")
    assert r"\mathrm{KL}(p \,\|\, q) &= \sum_c p_c \log \frac{p_c}{q_c} = 0.4351" in latex
    assert r"\mathrm{KL}(q \,\|\, p) &= \sum_c q_c \log \frac{q_c}{p_c} = \infty" in latex
