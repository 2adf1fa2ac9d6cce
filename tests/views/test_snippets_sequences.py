"""The sequences page's PyTorch snippet, run: it reproduces lossviz's numbers exactly."""

import itertools

import numpy as np
import pytest

from lossviz import cross_entropy
from lossviz.inputs.elements import PRESETS
from lossviz.lessons.sequences import kept_mean
from lossviz.views.sequences.snippets import elements_snippet
from snippet_utils import run_snippet

OPTIONS = list(itertools.product(list(PRESETS), [False, True], ["mean", "sum", "none"], [0.0, 0.2]))


@pytest.mark.parametrize("name, weighted, reduction, smoothing", OPTIONS)
def test_the_snippet_reproduces_the_page(name, weighted, reduction, smoothing):
    preset = PRESETS[name]
    batch = preset.batch()
    weight = np.arange(1.0, batch.num_classes + 1) if weighted else None
    options = (weight, preset.ignore_index, reduction, smoothing)
    result = cross_entropy(batch.logits, batch.labels, *options)
    means = kept_mean(result.per_sample, result.sample_weight, result.ignored)
    code = elements_snippet(batch.kind, batch.logits, batch.labels, *options)
    ns, printed = run_snippet(code)
    np.testing.assert_array_equal(ns["logits"].numpy(), batch.logits)
    loss = ns["loss"].numpy()
    if reduction == "none":
        np.testing.assert_allclose(loss, result.per_sample, rtol=1e-13, atol=1e-15)
    assert loss.sum() == pytest.approx(result.loss, rel=1e-13, abs=1e-15)
    per_element = ns["per_token" if batch.kind == "tokens" else "per_pixel"].numpy()
    np.testing.assert_allclose(per_element, result.per_sample, rtol=1e-13, atol=1e-15)
    assert float(ns["mean"]) == pytest.approx(means.mean, rel=1e-13)
    assert float(ns["naive"]) == pytest.approx(means.naive_mean, rel=1e-13)
    assert float(ns["flat"]) == pytest.approx(means.mean, rel=1e-13)
    assert printed.count("tensor(") >= 4


def test_the_scores_are_laid_out_as_a_model_gives_them():
    batch = PRESETS["sentences"].batch()
    code = elements_snippet("tokens", batch.logits, batch.labels, None, -100, "mean", 0.0)
    assert "# The model's scores, (N, T, C): one row of C = 3 logits per element" in code
    assert "logits = scores.transpose(1, 2)  # (N, C, T)" in code
    assert "    [2, 1, -100, -100, -100]," in code  # one sequence a line
    ns, _ = run_snippet(code)
    assert tuple(ns["scores"].shape) == (3, 5, 3) and tuple(ns["logits"].shape) == (3, 3, 5)
