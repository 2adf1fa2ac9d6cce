"""The playground's tables, headless: the loss curves exported as CSV read back to the losses
the runs recorded, step by step, to the last bit."""

import csv
import io

import numpy as np
import torch

from lossviz.lessons.datasets import make_dataset
from lossviz.lessons.training import TrainingConfig, TrainingRun
from lossviz.views.playground.tables import curves_csv

DATA = make_dataset("blobs", points=200, classes=3, imbalance=4.0, label_noise=0.1, seed=1)


def _losses(loss: str, steps: int) -> np.ndarray:
    run = TrainingRun(DATA, TrainingConfig(steps=steps, loss=loss), torch.device("cpu"))
    run.step(steps)
    return run.snapshot().losses


def test_the_curves_read_back_to_the_recorded_losses():
    a, b = _losses("cross_entropy", 20), _losses("focal", 20)
    rows = list(csv.reader(io.StringIO(curves_csv({"A: CE": a, "B: focal": b}, "step"))))
    assert rows[0] == ["step", "A: CE", "B: focal"]
    assert [int(row[0]) for row in rows[1:]] == list(range(20))
    assert np.array_equal([float(row[1]) for row in rows[1:]], a)
    assert np.array_equal([float(row[2]) for row in rows[1:]], b)


def test_a_shorter_curve_leaves_empty_cells_and_none_leaves_a_header():
    rows = list(csv.reader(io.StringIO(curves_csv({"A": np.ones(3), "B": np.ones(1)}, "s"))))
    assert rows[2:] == [["1", "1.0", ""], ["2", "1.0", ""]]
    assert curves_csv({"A": np.zeros(0)}, "step") == "step,A\n"
