"""The stability page's tables: every number from the core, inf and NaN as text."""

import math

import numpy as np

from lossviz.lessons.stability import (
    EVENTS,
    STATUSES,
    batch_status,
    binary_routes,
    first_failures,
    softmax_routes,
)
from lossviz.views.shared.numbers import compact_number
from lossviz.views.stability.tables import batch_table, binary_table, failures_table, steps_table

SEED = [1.3, 1.3, 2.6]
NAMES = ["cat", "dog", "猪八戒"]
WORDS = {k: k for k in ("float32", "float64", "naive", "softmax_log", "fused")}
STEP_KEYS = [
    "class", "x", "exp", "naive_p", "naive_log_p", "softmax_p", "softmax_log_p",
    "log_softmax", "naive_grad", "softmax_grad", "fused_grad",
]  # fmt: skip


def test_the_steps_table_holds_the_steps():
    steps = softmax_routes(SEED, 2, 100.0, "float32")
    table = steps_table(steps, NAMES, {k: k.upper() for k in STEP_KEYS})
    assert list(table) == [k.upper() for k in STEP_KEYS]
    assert table["CLASS"] == NAMES
    assert table["EXP"] == ["∞", "∞", "∞"] and table["NAIVE_P"] == ["NaN"] * 3
    assert table["SOFTMAX_LOG_P"] == ["-∞", "-∞", "0"]
    np.testing.assert_array_equal(table["LOG_SOFTMAX"], [-130.0, -130.0, 0.0])
    np.testing.assert_array_equal(table["FUSED_GRAD"], steps.grad)


def test_a_finite_steps_table_stays_numbers():
    table = steps_table(softmax_routes(SEED, 2, 1.0, "float64"), NAMES, {k: k for k in STEP_KEYS})
    assert all(isinstance(values, np.ndarray) for k, values in table.items() if k != "class")


def test_the_failures_table():
    failures = first_failures(SEED, 2)
    headers = {"dtype": "dtype", "route": "route", **{e: e for e in EVENTS["naive"]}}
    table = failures_table(failures, WORDS, headers)
    assert table["dtype"] == ["float32"] * 3 + ["float64"] * 3
    assert table["route"] == ["naive", "softmax_log", "fused"] * 2
    assert table["overflow"] == ["34.1242", "", "", "272.993", "", ""]
    assert table["loss"] == ["34.1242", "—", "—", "272.993", "—", "—"]
    assert table["grad"] == ["34.1242", "79.9785", "—", "272.993", "573.179", "—"]
    at_once = failures_table(first_failures([1e8, 0.0, -1e8], 1), WORDS, headers)
    assert at_once["overflow"][0] == "≤ 0.001"


def test_the_binary_table():
    steps = binary_routes(SEED, 2, 20.0, "float32")
    keys = ["class", "x", "t", "p", "log_p", "log_one_minus_p", "clamped", "bce", "bce_grad",
            "with_logits", "with_logits_grad"]  # fmt: skip
    table = binary_table(steps, NAMES, {k: k for k in keys})
    assert table["p"] == ["1", "1", "1"]
    assert table["log_one_minus_p"] == ["-∞", "-∞", "-∞"]
    assert table["clamped"].tolist() == [True, True, False]
    assert table["bce"].tolist() == [100.0, 100.0, 0.0]
    assert table["with_logits"].tolist()[:2] == [26.0, 26.0]


def test_the_batch_table():
    status = batch_status([[1.3, 1.3, 2.6], [0.0, 1.0, -1.0]], [2, 0], 40.0)
    headers = {"route": "route", "dtype": "dtype", **{s: s for s in STATUSES}}
    table = batch_table(status.counts, WORDS, headers)
    assert table["route"] == ["naive"] * 2 + ["softmax_log"] * 2 + ["fused"] * 2
    assert table["nan"] == [1, 0, 0, 0, 0, 0]
    assert [sum(row) for row in zip(*(table[s] for s in STATUSES), strict=True)] == [2] * 6


def test_compact_numbers():
    assert compact_number(0.43506494) == "0.435065"
    assert compact_number(math.inf) == "∞" and compact_number(math.nan) == "NaN"
