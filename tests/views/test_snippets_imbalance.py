"""The imbalance page's PyTorch snippet, run: it reproduces lossviz's numbers exactly."""

import itertools

import numpy as np
import pytest

from lossviz import cross_entropy, focal_loss
from lossviz.inputs.csvio import batch_to_csv
from lossviz.inputs.presets import imbalanced_batch, preset
from lossviz.lessons.code import CSV_NAME
from lossviz.lessons.imbalance import class_weights
from lossviz.views.imbalance.snippets import imbalance_snippet
from snippet_utils import run_snippet

BATCH = imbalanced_batch(10)
WEIGHT = class_weights(np.bincount(BATCH.target), "inverse", decimals=4)


def _same(tensor, value):
    assert float(tensor.detach().numpy().sum()) == pytest.approx(value, rel=1e-12, abs=1e-15)


def _check(ns, logits, target, labels, weight, reduction, gamma, alpha, eps):
    _same(ns["plain"], cross_entropy(logits, target, reduction=reduction).loss)
    _same(ns["weighted"], cross_entropy(logits, target, weight=weight, reduction=reduction).loss)
    _same(ns["focal"], focal_loss(logits, labels, gamma, alpha, reduction).loss)
    _same(
        ns["smoothed"],
        cross_entropy(logits, target, reduction=reduction, label_smoothing=eps).loss,
    )
    if reduction == "none":
        np.testing.assert_allclose(
            ns["focal"].numpy(),
            focal_loss(logits, labels, gamma, alpha, "none").per_sample,
            rtol=1e-12,
            atol=1e-15,
        )


@pytest.mark.parametrize(
    "reduction, weighted, alpha, gamma, eps",
    list(
        itertools.product(
            ["mean", "sum", "none"],
            [False, True],
            [None, [0.25, 1.0, 2.0]],
            [0.0, 2.0],
            [0.0, 0.1],
        )
    ),
)
def test_the_imbalanced_batch(reduction, weighted, alpha, gamma, eps):
    weight = WEIGHT if weighted else None
    alpha = None if alpha is None else np.asarray(alpha)
    code = imbalance_snippet(BATCH.logits, BATCH.target, weight, reduction, gamma, alpha, eps)
    ns, _ = run_snippet(code)
    _check(ns, BATCH.logits, BATCH.target, BATCH.target, weight, reduction, gamma, alpha, eps)


def test_the_seed_example():
    seed = preset("seed")
    ns, _ = run_snippet(imbalance_snippet(seed.logits, seed.target, None, "mean", 2.0, None, 0.1))
    assert float(ns["focal"]) == pytest.approx(0.0541447, abs=1e-7)
    _check(ns, seed.logits, seed.target, seed.target, None, "mean", 2.0, None, 0.1)


def test_probability_targets_use_the_most_likely_class_for_the_focal_loss():
    logits = np.array([[2.0, 0.5, -1.0], [0.3, 0.8, 1.2]])
    target = np.array([[0.7, 0.2, 0.1], [0.0, 0.4, 0.6]])
    code = imbalance_snippet(logits, target, np.array([1.0, 2.0, 3.0]), "mean", 2.0, None, 0.1)
    assert "target.argmax(dim=1)" in code
    ns, _ = run_snippet(code)
    _check(
        ns, logits, target, target.argmax(axis=1), np.array([1.0, 2.0, 3.0]), "mean", 2.0, None, 0.1
    )


def test_a_large_batch_is_read_from_the_csv(tmp_path, monkeypatch):
    big = imbalanced_batch(5, samples=300)
    (tmp_path / CSV_NAME).write_text(batch_to_csv(big), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = imbalance_snippet(big.logits, big.target, None, "mean", 2.0, None, 0.0)
    assert "np.loadtxt" in code
    ns, _ = run_snippet(code)
    _check(ns, big.logits, big.target, big.target, None, "mean", 2.0, None, 0.0)
