"""The binary page's core helpers against PyTorch: the loss curves, the gap, the logit sweep."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from lossviz import InputError, binary_cross_entropy, binary_cross_entropy_with_logits, sigmoid
from lossviz.binary import bce_curve, logit_sweep, probability_grid, probs_vs_logits_gap
from lossviz.views.binary.tables import binary_table


def _torch_bce(p, y):
    x = torch.tensor(p, dtype=torch.float64)
    return F.binary_cross_entropy(x, torch.full_like(x, y), reduction="none").numpy()


def test_probability_grid_covers_both_ends():
    grid = probability_grid()
    assert grid[0] == 0.0 and grid[-1] == 1.0
    assert (np.diff(grid) > 0).all()
    assert grid[1] < np.exp(-100.0)  # past the clamp near 0
    assert grid[-2] == np.nextafter(1.0, 0.0)  # the largest float64 below 1


def test_bce_curve_is_pytorchs_loss_for_each_target():
    grid = probability_grid()
    if_one, if_zero = bce_curve(grid)
    # to the last bit or two: PyTorch's kernel and torch.log may use different log routines
    np.testing.assert_allclose(if_one, _torch_bce(grid, 1.0), rtol=1e-15, atol=0)
    np.testing.assert_allclose(if_zero, _torch_bce(grid, 0.0), rtol=1e-15, atol=0)


def test_bce_curve_ends_at_the_clamp():
    if_one, if_zero = bce_curve([0.0, 1e-50, np.nextafter(1.0, 0.0), 1.0])
    assert if_one.tolist()[:2] == [100.0, 100.0]
    assert if_zero[2] == pytest.approx(53 * np.log(2.0))  # about 36.7, the last step before 1
    assert if_zero[3] == 100.0
    assert not np.signbit(if_one[3])  # 0, not -0


def test_bce_curve_refuses_what_is_not_a_probability():
    with pytest.raises(InputError, match=r"p, row 1: 1.5 is outside \[0, 1\]"):
        bce_curve([1.5])


def test_the_gap_is_rounding_away_from_the_clamp_and_large_at_it():
    logits = np.array([[2.0, -3.0, 40.0], [0.5, 1e4, -1e4]])
    target = np.array([[1.0, 0.0, 0.0], [0.3, 1.0, 1.0]])
    on_probs = binary_cross_entropy(sigmoid(logits), target, reduction="none")
    on_logits = binary_cross_entropy_with_logits(logits, target, reduction="none")
    away, at = probs_vs_logits_gap(on_probs, on_logits)
    assert away < 1e-14
    assert at == pytest.approx(1e4 - 100.0)
    free = binary_cross_entropy(sigmoid(logits[:1, :2]), target[:1, :2], reduction="none")
    away, at = probs_vs_logits_gap(
        free, binary_cross_entropy_with_logits(logits[:1, :2], target[:1, :2], reduction="none")
    )
    assert np.isnan(at)


def test_the_gap_needs_results_of_one_shape():
    a = binary_cross_entropy([0.5, 0.5], [1.0, 0.0])
    b = binary_cross_entropy_with_logits([0.0], [1.0])
    with pytest.raises(InputError, match="same targets"):
        probs_vs_logits_gap(a, b)


def test_logit_sweep_is_both_pytorch_functions():
    x = np.linspace(-120.0, 120.0, 241)
    sweep = logit_sweep(x)
    xt = torch.tensor(x, dtype=torch.float64)
    for y, probs, logits in (
        (1.0, sweep.probs_if_one, sweep.logits_if_one),
        (0.0, sweep.probs_if_zero, sweep.logits_if_zero),
    ):
        yt = torch.full_like(xt, y)
        np.testing.assert_allclose(
            probs,
            F.binary_cross_entropy(torch.sigmoid(xt), yt, reduction="none").numpy(),
            rtol=1e-15,
            atol=0,
        )
        np.testing.assert_allclose(
            logits,
            F.binary_cross_entropy_with_logits(xt, yt, reduction="none").numpy(),
            rtol=1e-15,
            atol=1e-15,
        )
    # y = 0: exact |x| with logits, the clamp's 100 on sigmoid(x) from x = 37 on
    assert sweep.logits_if_zero[-1] == pytest.approx(120.0)
    assert sweep.probs_if_zero[x >= 37].tolist() == [100.0] * int((x >= 37).sum())
    assert sweep.probs_if_one[0] == 100.0 and sweep.logits_if_one[0] == pytest.approx(120.0)


def test_binary_table_one_row_per_class():
    logits = np.array([[2.0, -1.0, 1e4]])
    target = np.array([[1.0, 0.0, 0.0]])
    on_logits = binary_cross_entropy_with_logits(
        logits, target, weight=[1.0, 2.0, 1.0], pos_weight=[3.0], reduction="none"
    )
    on_probs = binary_cross_entropy(sigmoid(logits), target, [1.0, 2.0, 1.0], reduction="none")
    keys = (
        "class",
        "logit",
        "target",
        "weight",
        "pos_weight",
        "sigmoid",
        "log_sig",
        "log_one_minus",
        "logits_loss",
        "probs_loss",
        "clamped",
    )
    table = binary_table(on_logits, on_probs, logits, 0, ["a", "b", "<c>"], {k: k for k in keys})
    assert list(table) == list(keys)
    assert table["class"] == ["a", "b", "<c>"]
    assert table["weight"].tolist() == [1.0, 2.0, 1.0]
    assert table["pos_weight"].tolist() == [3.0, 3.0, 3.0]
    assert table["logits_loss"][2] == pytest.approx(1e4)
    assert table["probs_loss"][2] == 100.0 and table["clamped"].tolist() == [False, False, True]
    without = binary_table(on_logits, None, logits, 0, ["a", "b", "c"], {k: k for k in keys})
    assert "probs_loss" not in without and "clamped" not in without
