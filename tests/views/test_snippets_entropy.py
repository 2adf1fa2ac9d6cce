"""The entropy page's PyTorch snippet runs and reproduces the page's numbers."""

import math
import warnings

import numpy as np
import pytest

from lossviz.cross_entropy import cross_entropy
from lossviz.inputs.batch import Batch
from lossviz.inputs.csvio import batch_to_csv
from lossviz.inputs.presets import preset, random_batch
from lossviz.kl import kl_decomposition, kl_div_calls
from lossviz.lessons.code import CSV_NAME
from lossviz.views.entropy.snippets import entropy_snippet
from snippet_utils import run_snippet

TOL = {"rtol": 1e-12, "atol": 1e-12}


def _run(code: str) -> dict:
    """The snippet's variables, with what it printed as ``"printed"``; its UserWarnings (PyTorch
    warns about kl_div's 'mean', which the snippet shows on purpose) are silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        namespace, printed = run_snippet(code)
    namespace["printed"] = printed
    return namespace


def _page_numbers(batch: Batch, smoothing: float):
    ce = cross_entropy(batch.logits, batch.target, reduction="none", label_smoothing=smoothing)
    p, q = ce.target_probs, ce.probs
    return ce, kl_decomposition(p, q), kl_decomposition(q, p), kl_div_calls(p, ce.log_probs)


def _check(namespace: dict, batch: Batch, smoothing: float) -> None:
    ce, d, reverse, calls = _page_numbers(batch, smoothing)
    np.testing.assert_allclose(namespace["entropy"].numpy(), d.entropy, **TOL)
    np.testing.assert_allclose(namespace["cross_entropy"].numpy(), d.cross_entropy, **TOL)
    np.testing.assert_allclose(namespace["kl"].numpy(), d.kl, **TOL)
    np.testing.assert_allclose(namespace["reverse_kl"].numpy(), reverse.kl, **TOL)
    np.testing.assert_allclose(namespace["pytorch_ce"].numpy(), ce.per_sample, **TOL)
    assert float(namespace["right"]) == pytest.approx(calls.right.loss, rel=1e-12)
    assert float(namespace["as_probs"]) == pytest.approx(calls.probabilities.loss, rel=1e-12)
    assert float(namespace["mean"]) == pytest.approx(calls.mean.loss, rel=1e-12)
    swapped = float(namespace["swapped"])
    if math.isnan(calls.swapped_loss):
        assert math.isnan(swapped)
    else:
        assert swapped == pytest.approx(calls.swapped_loss, rel=1e-12)
    bits = d.in_bits()
    assert f"{bits.cross_entropy[0]:.4f}" in namespace["printed"].split("in bits")[1]


@pytest.mark.parametrize("smoothing", [0.0, 0.1, 1.0])
def test_hard_labels(smoothing):
    batch = preset("imbalanced")  # class weights: the page ignores them
    _check(_run(entropy_snippet(batch.logits, batch.target, smoothing)), batch, smoothing)


@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_soft_targets(smoothing):
    batch = Batch.from_text("1.3, 1.3, 2.6; 0, 1, 2", "0.2, 0.3, 0.5; 0, 0, 1")
    code = entropy_snippet(batch.logits, batch.target, smoothing)
    assert "p = target.clone()" in code
    _check(_run(code), batch, smoothing)


def test_extreme_logits_give_the_same_infinities():
    batch = preset("extreme")
    namespace = _run(entropy_snippet(batch.logits, batch.target, 0.1))
    assert np.isinf(namespace["kl"].numpy()).all()
    _check(namespace, batch, 0.1)


def test_a_large_batch_is_read_from_the_csv(tmp_path, monkeypatch):
    batch = random_batch(seed=3, samples=200, classes=4)
    (tmp_path / CSV_NAME).write_text(batch_to_csv(batch), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = entropy_snippet(batch.logits, batch.target, 0.05)
    assert CSV_NAME in code
    _check(_run(code), batch, 0.05)
