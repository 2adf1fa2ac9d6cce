"""The cross-entropy page's PyTorch snippet, run: it reproduces lossviz's numbers exactly."""

import itertools

import numpy as np
import pytest

from lossviz import cross_entropy, nll_loss
from lossviz.inputs.csvio import batch_to_csv
from lossviz.inputs.presets import random_batch
from lossviz.lessons.code import CSV_NAME
from lossviz.views.cross_entropy.snippets import cross_entropy_snippet
from snippet_utils import run_snippet

LOGITS = np.array([[2.0, 0.5, -1.0], [0.3, 0.8, 1.2], [1.5, 1.0, 0.2], [0.0, 0.0, 0.0]])
LABELS = np.array([0, 2, 1, 1])
SOFT = np.array([[0.7, 0.2, 0.1], [0.0, 0.5, 0.5], [0.2, 0.6, 0.2], [1 / 3, 1 / 3, 1 / 3]])
WEIGHT = np.array([1.0, 4.0, 6.0])


def _value(tensor) -> np.ndarray:
    return tensor.detach().numpy()


@pytest.mark.parametrize(
    "weight, ignore_index, reduction, smoothing",
    list(itertools.product([None, WEIGHT], [-100, 1, -1], ["mean", "sum", "none"], [0.0, 0.2])),
)
def test_label_snippet_reproduces_the_page(weight, ignore_index, reduction, smoothing):
    result = cross_entropy(LOGITS, LABELS, weight, ignore_index, reduction, smoothing)
    ns, _ = run_snippet(
        cross_entropy_snippet(LOGITS, LABELS, weight, ignore_index, reduction, smoothing)
    )
    loss = _value(ns["loss"])
    if reduction == "none":
        np.testing.assert_allclose(loss, result.per_sample, rtol=1e-13, atol=1e-15)
        assert loss.sum() == pytest.approx(result.loss, abs=1e-13)
    else:
        assert float(loss) == pytest.approx(result.loss, abs=1e-13)
    nll = nll_loss(result.log_probs, LABELS, weight, ignore_index, reduction)
    np.testing.assert_allclose(_value(ns["nll"]).sum(), nll.loss, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(_value(ns["steps"]), loss, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(_value(ns["log_probs"]), result.log_probs, atol=1e-14)


@pytest.mark.parametrize(
    "weight, reduction, smoothing",
    list(itertools.product([None, WEIGHT], ["mean", "sum", "none"], [0.0, 0.3])),
)
def test_soft_snippet_reproduces_the_page(weight, reduction, smoothing):
    result = cross_entropy(LOGITS, SOFT, weight, -100, reduction, smoothing)
    ns, _ = run_snippet(cross_entropy_snippet(LOGITS, SOFT, weight, -100, reduction, smoothing))
    loss = _value(ns["loss"])
    assert loss.sum() == pytest.approx(result.loss, abs=1e-13)
    np.testing.assert_allclose(_value(ns["steps"]), loss, rtol=1e-12, atol=1e-13)
    assert "nll" not in ns


def test_all_ignored_mean_is_nan_in_the_snippet_too():
    ns, _ = run_snippet(cross_entropy_snippet(LOGITS[:1], LABELS[:1], None, 0, "mean", 0.0))
    assert np.isnan(_value(ns["loss"])) and np.isnan(_value(ns["steps"]))


def test_a_large_batch_is_read_from_the_downloaded_csv(tmp_path, monkeypatch):
    batch = random_batch(seed=3, samples=300, classes=4)
    (tmp_path / CSV_NAME).write_text(batch_to_csv(batch), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = cross_entropy_snippet(
        batch.logits, batch.target, [*WEIGHT.tolist(), 2.0], 2, "mean", 0.1
    )
    assert CSV_NAME in code
    ns, _ = run_snippet(code)
    result = cross_entropy(batch.logits, batch.target, [1.0, 4.0, 6.0, 2.0], 2, "mean", 0.1)
    assert float(_value(ns["loss"])) == pytest.approx(result.loss, abs=1e-13)
