"""The entropy page's tables: columns, values, and infinity shown as ∞."""

import math

import numpy as np

from lossviz.cross_entropy import cross_entropy
from lossviz.kl import entropy_terms, kl_decomposition, kl_div_calls
from lossviz.views.entropy.tables import (
    KL_DIV_CODE,
    entropy_batch_table,
    entropy_class_table,
    kl_div_calls_table,
)
from lossviz.views.shared.numbers import format_number, infinity_as_text

HEADERS = ("sample", "entropy", "kl", "cross_entropy", "pytorch", "reverse")


def _seed(smoothing=0.0):
    ce = cross_entropy([[1.3, 1.3, 2.6], [0.0, 2.0, 1.0]], [2, 0], label_smoothing=smoothing)
    return ce, ce.target_probs, ce.probs


def test_format_number():
    assert format_number(0.435065) == "0.4351"
    assert format_number(0.435065, 6) == "0.435065"
    assert format_number(math.inf) == "∞" and format_number(-math.inf) == "-∞"
    assert format_number(math.nan) == "NaN"
    assert format_number(1e-9) == "1.000e-09"


def test_batch_table_one_row_per_sample():
    ce, p, q = _seed(0.1)
    d = kl_decomposition(p, q)
    table = entropy_batch_table(d, kl_decomposition(q, p), ce.per_sample, {h: h for h in HEADERS})
    assert list(table) == list(HEADERS)
    assert table["sample"].tolist() == [0, 1]
    np.testing.assert_allclose(table["cross_entropy"], table["pytorch"], rtol=1e-12)
    np.testing.assert_allclose(table["entropy"] + table["kl"], table["cross_entropy"], rtol=1e-12)


def test_class_table_one_row_per_class():
    _, p, q = _seed(0.1)
    headers = {
        k: k
        for k in ("class", "p", "q", "surprise_p", "surprise_q", "entropy", "cross_entropy", "kl")
    }
    table = entropy_class_table(entropy_terms(p[0], q[0]), ["cat", "dog", "猪八戒"], headers)
    assert table["class"] == ["cat", "dog", "猪八戒"]
    np.testing.assert_allclose(table["q"], [0.1764, 0.1764, 0.6472], atol=1e-4)
    assert len(table) == 8


def test_infinity_becomes_text_only_where_it_occurs():
    columns = {"n": np.arange(2), "h": np.array([0.5, 0.25]), "kl": np.array([0.1, np.inf])}
    shown = infinity_as_text(columns)
    assert shown["kl"] == ["0.1", "∞"]
    assert shown["h"] is columns["h"] and shown["n"] is columns["n"]


def test_kl_div_calls_table():
    _, p, q = _seed(0.0)
    calls = kl_div_calls(p, np.log(q))
    labels = {key: key.upper() for key in KL_DIV_CODE}
    table = kl_div_calls_table(calls, labels, {"call": "c", "code": "k", "value": "v"})
    assert table["c"] == ["RIGHT", "SWAPPED", "PROBABILITIES", "MEAN"]
    assert table["k"][0] == 'F.kl_div(log_q, p, reduction="batchmean")'
    assert table["v"][0] == format_number(calls.right.loss)
    assert table["v"][1] == "∞"  # hard labels: log p holds -inf
