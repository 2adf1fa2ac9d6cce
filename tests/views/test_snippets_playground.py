"""The playground's PyTorch snippet, run: it trains the page's two runs to the same curves."""

import numpy as np
import pytest
import torch

from lossviz.lessons.datasets import CSV_NAME, make_dataset, to_csv
from lossviz.lessons.training import TrainingConfig, TrainingRun
from lossviz.views.playground.snippets import playground_snippet
from snippet_utils import run_snippet

DATA = make_dataset("blobs", points=300, classes=3, imbalance=6.0, label_noise=0.1, seed=3)


@pytest.mark.parametrize(
    "config_a, config_b",
    [
        (TrainingConfig(steps=40), TrainingConfig(steps=40, loss="focal")),
        (
            TrainingConfig(steps=30, loss="weighted_cross_entropy", hidden=16, lr=0.05),
            TrainingConfig(steps=30, loss="label_smoothing", smoothing=0.25, seed=7),
        ),
        (TrainingConfig(steps=25, seed=2), TrainingConfig(steps=25, loss="focal", focal_gamma=0.0)),
    ],
)
def test_the_snippet_reproduces_the_loss_curves_exactly(tmp_path, monkeypatch, config_a, config_b):
    monkeypatch.chdir(tmp_path)
    (tmp_path / CSV_NAME).write_text(to_csv(DATA))
    configs = {"A": config_a, "B": config_b}
    namespace, _ = run_snippet(playground_snippet(DATA.num_classes, configs, CSV_NAME))
    for name, config in configs.items():
        run = TrainingRun(DATA, config, "cpu")
        run.step(config.steps)
        np.testing.assert_array_equal(np.array(namespace[f"losses_{name.lower()}"]), run.history)
        model = namespace[f"model_{name.lower()}"]
        for ours, theirs in zip(run.model.parameters(), model.parameters(), strict=True):
            assert torch.equal(ours, theirs)


def test_the_snippet_names_the_csv_and_the_settings():
    configs = {"A": TrainingConfig(lr=0.003, hidden=32, steps=120, seed=9)}
    code = playground_snippet(4, configs, CSV_NAME)
    assert CSV_NAME in code and "(hidden, 4)" in code
    assert "train(loss_a, seed=9, hidden=32, lr=0.003, steps=120)" in code
