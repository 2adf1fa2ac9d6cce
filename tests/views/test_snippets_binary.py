"""The binary page's PyTorch snippet, run: it reproduces lossviz's numbers exactly."""

import itertools

import numpy as np
import pytest

from lossviz import binary_cross_entropy, binary_cross_entropy_with_logits, sigmoid
from lossviz.inputs.csvio import batch_to_csv
from lossviz.inputs.presets import preset, random_batch
from lossviz.lessons.code import CSV_NAME
from lossviz.views.binary.snippets import binary_snippet
from snippet_utils import run_snippet

LOGITS = np.array([[2.0, 0.5, -1.0], [0.3, 0.8, 1.2], [1e4, 0.0, -1e4], [0.0, 0.0, 0.0]])
LABELS = np.array([0, 2, 1, 1])
MULTI = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [0.2, 0.5, 0.0]])
WEIGHT = np.array([1.0, 4.0, 6.0])
POS_WEIGHT = np.array([3.0, 1.0, 0.5])


def _check(ns, logits, target, weight, pos_weight, reduction):
    """The snippet's three values equal lossviz's, element by element for 'none'."""
    on_logits = binary_cross_entropy_with_logits(logits, target, weight, pos_weight, reduction)
    twice = binary_cross_entropy_with_logits(sigmoid(logits), target, weight, pos_weight, reduction)
    pairs = [(ns["loss"], on_logits), (ns["twice"], twice)]
    if ns["bce"] is not None:
        pairs.append((ns["bce"], binary_cross_entropy(sigmoid(logits), target, weight, reduction)))
    for tensor, result in pairs:
        value = tensor.detach().numpy()
        if reduction == "none":
            np.testing.assert_allclose(value, result.per_sample, rtol=1e-13, atol=1e-15)
        assert float(value.sum()) == pytest.approx(result.loss, rel=1e-13, abs=1e-15)


@pytest.mark.parametrize(
    "weight, pos_weight, reduction",
    list(itertools.product([None, WEIGHT], [None, POS_WEIGHT, [2.0]], ["mean", "sum", "none"])),
)
def test_one_hot_targets_from_the_labels(weight, pos_weight, reduction):
    pos_weight = None if pos_weight is None else np.asarray(pos_weight)
    code = binary_snippet(LOGITS, LABELS, weight, pos_weight, reduction)
    assert "F.one_hot(target, num_classes=3)" in code
    ns, _ = run_snippet(code)
    _check(ns, LOGITS, np.eye(3)[LABELS], weight, pos_weight, reduction)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_typed_multi_label_targets(reduction):
    code = binary_snippet(LOGITS, MULTI, WEIGHT, POS_WEIGHT, reduction, target_in_batch=False)
    ns, _ = run_snippet(code)
    np.testing.assert_array_equal(ns["target"].numpy(), MULTI)
    _check(ns, LOGITS, MULTI, WEIGHT, POS_WEIGHT, reduction)


def test_targets_outside_the_unit_interval_skip_bceloss():
    target = np.array([[1.0, -1.0, 1.0]] * 4)
    code = binary_snippet(LOGITS, target, None, None, "mean", target_in_batch=False)
    assert "refuses" in code
    ns, _ = run_snippet(code)
    assert ns["bce"] is None
    _check(ns, LOGITS, target, None, None, "mean")


def test_the_extreme_preset_shows_the_clamp():
    batch = preset("extreme")
    ns, _ = run_snippet(binary_snippet(batch.logits, batch.target, None, None, "mean"))
    assert float(ns["bce"]) == pytest.approx(16.8977, abs=1e-4)
    assert float(ns["loss"]) == pytest.approx(1666.8977, abs=1e-4)


def test_a_large_batch_is_read_from_the_downloaded_csv(tmp_path, monkeypatch):
    batch = random_batch(seed=3, samples=300, classes=4)
    (tmp_path / CSV_NAME).write_text(batch_to_csv(batch), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    weight = np.array([1.0, 2.0, 3.0, 4.0])
    code = binary_snippet(batch.logits, batch.target, weight, None, "mean")
    assert CSV_NAME in code
    ns, _ = run_snippet(code)
    _check(ns, batch.logits, np.eye(4)[batch.target], weight, None, "mean")
