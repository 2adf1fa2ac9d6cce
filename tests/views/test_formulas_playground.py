"""The playground's formula and table: the numbers they write are the core's numbers."""

import re

import numpy as np
import pytest

from lossviz.lessons.datasets import make_dataset
from lossviz.lessons.training import LOSSES, TrainingConfig, TrainingRun
from lossviz.views.playground import formulas
from lossviz.views.playground.tables import class_table
from lossviz.views.shared.latex import number

DATA = make_dataset("blobs", points=300, classes=3, imbalance=5.0, seed=4)


def _run(loss: str) -> TrainingRun:
    run = TrainingRun(DATA, TrainingConfig(loss=loss, steps=15, focal_gamma=1.5), "cpu")
    run.step(15)
    return run


@pytest.mark.parametrize("loss", LOSSES)
def test_each_formula_ends_with_the_runs_current_loss(loss):
    run = _run(loss)
    snap = run.snapshot()
    latex = formulas.loss_formula(
        "B", loss, DATA.num_points, 3, snap.loss, 1.5, 0.1, run.class_weight
    )
    assert latex.startswith(r"\mathcal{L}_{B} = ") or latex.startswith(
        r"\begin{gathered} \mathcal{L}_{B} = "
    )
    value = float(
        re.findall(r"= (-?\d+\.\d+)", latex)[-1 if loss != "weighted_cross_entropy" else 0]
    )
    assert value == pytest.approx(snap.loss, abs=5e-5)
    if loss == "weighted_cross_entropy":
        for weight in run.class_weight:
            assert number(weight) in latex
    else:
        assert r"\frac{1}{300}" in latex
    if loss == "focal":
        assert "^{1.5}" in latex
    if loss == "label_smoothing":
        assert "0.9000" in latex and "0.0333" in latex


def test_many_class_weights_are_shortened():
    latex = formulas.loss_formula(
        "A", "weighted_cross_entropy", 10, 8, 0.5, class_weight=np.arange(1.0, 9.0)
    )
    assert r"\cdots" in latex and "8.0000" in latex


def test_the_class_table_holds_each_runs_numbers():
    runs = {"A": _run("cross_entropy"), "B": _run("focal")}
    snapshots = {name: run.snapshot() for name, run in runs.items()}
    headers = {
        "class": "class",
        "drawn": "drawn",
        "labelled": "labelled",
        "accuracy": "accuracy {run}",
        "true_prob": "p {run}",
    }
    table = class_table(DATA.true_counts, DATA.class_counts, snapshots, ["c0", "c1", "c2"], headers)
    assert list(table) == ["class", "drawn", "labelled", "accuracy A", "p A", "accuracy B", "p B"]
    np.testing.assert_array_equal(table["drawn"], DATA.true_counts)
    np.testing.assert_array_equal(table["accuracy B"], snapshots["B"].per_class_accuracy)
    np.testing.assert_array_equal(table["p A"], snapshots["A"].per_class_true_prob)
