"""The gradients page's PyTorch code, run: it prints and holds the numbers the page shows."""

import numpy as np
import pytest
import torch

import lossviz
from lossviz.inputs.csvio import batch_to_csv
from lossviz.inputs.presets import random_batch
from lossviz.lessons.code import CSV_NAME
from lossviz.views.gradients.snippets import gradients_snippet
from snippet_utils import run_snippet

LOGITS = np.array([[2.0, 0.5, -1.0], [1.8, 0.2, 0.1], [0.3, 0.8, 1.2], [-3.0, 4.0, 0.0]])
LABELS = np.array([0, 0, 2, 1])
SOFT = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4], [0.0, 1.0, 0.0]])
WEIGHT = np.array([1.0, 4.0, 6.0])

CASES = [
    (target, reduction, weight, eps, ignore)
    for target in (LABELS, SOFT)
    for reduction in ("mean", "sum", "none")
    for weight in (None, WEIGHT)
    for eps in (0.0, 0.25)
    for ignore in ((-100, 1) if target.ndim == 1 else (-100,))
]


@pytest.mark.parametrize(("target", "reduction", "weight", "eps", "ignore"), CASES)
def test_the_snippet_reproduces_the_page(target, reduction, weight, eps, ignore):
    result = lossviz.cross_entropy(LOGITS, target, weight, ignore, reduction, eps)
    code = gradients_snippet(LOGITS, target, weight, ignore, reduction, eps)
    namespace, printed = run_snippet(code)
    np.testing.assert_allclose(namespace["logits"].grad.numpy(), result.grad, atol=1e-15)
    np.testing.assert_allclose(namespace["analytic"].numpy(), result.analytic_grad, atol=1e-14)
    assert float(namespace["loss"].detach().sum()) == pytest.approx(result.reference, rel=1e-14)
    assert f"{result.grad[0, 0]:.4f}" in printed


def test_the_seed_example_prints_its_gradient():
    code = gradients_snippet(np.array([[1.3, 1.3, 2.6]]), np.array([2]), None, -100, "mean", 0.0)
    assert "loss.backward()" in code and "print(logits.grad)" in code
    assert "analytic = (p - t) * w_y[:, None] / d" in code
    _, printed = run_snippet(code)
    assert "[[ 0.1764,  0.1764, -0.3528]]" in printed


def test_every_sample_ignored_gives_zeros_as_pytorch_does():
    code = gradients_snippet(LOGITS[:2], LABELS[:2], None, 0, "mean", 0.0)
    namespace, _ = run_snippet(code)
    assert torch.equal(namespace["analytic"], torch.zeros(2, 3, dtype=torch.float64))
    assert torch.equal(namespace["logits"].grad, torch.zeros(2, 3, dtype=torch.float64))


def test_a_large_batch_is_read_from_the_downloaded_csv(tmp_path, monkeypatch):
    batch = random_batch(seed=4, samples=300, classes=3)
    (tmp_path / CSV_NAME).write_text(batch_to_csv(batch), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = gradients_snippet(batch.logits, batch.target, WEIGHT, -100, "mean", 0.1)
    assert CSV_NAME in code
    namespace, _ = run_snippet(code)
    result = lossviz.cross_entropy(batch.logits, batch.target, WEIGHT, -100, "mean", 0.1)
    np.testing.assert_allclose(namespace["logits"].grad.numpy(), result.grad, atol=1e-15)
    np.testing.assert_allclose(namespace["analytic"].numpy(), result.grad, atol=1e-14)
