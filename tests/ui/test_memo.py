"""The app's caches: bounded by bytes, shared read-only, told apart by content, a few heavy
computations at a time; and freed memory given back."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from lossviz.ui import compute, memory, state
from lossviz.ui.memo import ByteCache, Gate, fingerprint, frozen, memoize, size_of


@dataclass(frozen=True)
class Result:
    values: np.ndarray
    notes: tuple[str, ...]


def test_a_cache_holds_at_most_its_bytes_and_drops_the_least_recently_used():
    cache = ByteCache("test", max_bytes=100_000)
    for key in range(20):
        cache.put(key, np.zeros(1_000))  # 8 kB each
        cache.get(0)  # 0 stays in use
        assert cache.bytes <= cache.max_bytes
    assert cache.get(0)[0] and cache.get(19)[0]
    assert not cache.get(1)[0]
    assert cache.evictions > 0
    assert len(cache) * (8_000 + 112) <= cache.max_bytes


def test_the_apps_caches_are_bounded_by_bytes():
    budgets = {cache.name: cache.max_bytes for cache in (compute.RESULTS, compute.FIGURES)}
    budgets[state.BATCHES.name] = state.BATCHES.max_bytes
    assert budgets == {"results": 256 * 2**20, "figures": 64 * 2**20, "batches": 64 * 2**20}


def test_a_result_is_shared_read_only_and_the_callers_arrays_stay_theirs():
    calls = []

    @memoize(ByteCache("test", 10**6))
    def double(values, label="x"):
        calls.append(label)
        return Result(values * 2, (label,))

    given = np.arange(3.0)
    first = double(given)
    again = double(np.arange(3.0))  # equal content: the same result
    assert again is first and calls == ["x"]
    assert not first.values.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        first.values[0] = 1.0
    assert given.flags.writeable  # the caller's array is left alone
    assert double(np.arange(3), "x") is not first  # another dtype
    assert double(given, label="y").notes == ("y",)
    assert calls == ["x", "x", "y"]


def test_exceptions_are_not_kept():
    calls = []

    @memoize(ByteCache("test", 10**6))
    def fails(value):
        calls.append(value)
        raise ValueError("no")

    for _ in range(2):
        with pytest.raises(ValueError):
            fails(1)
    assert calls == [1, 1]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (np.zeros((2, 3)), np.zeros((3, 2))),
        (np.zeros(2), np.zeros(2, dtype=np.float32)),
        ("1", 1),
        ((1, 2), [1, 2]),
        ({"a": 1}, {"a": 2}),
        (None, "None"),
        (Result(np.ones(1), ()), Result(np.ones(1), ("n",))),
    ],
)
def test_fingerprints_tell_different_arguments_apart(left, right):
    assert fingerprint(left) != fingerprint(right)
    assert fingerprint(left) == fingerprint(left)


def test_frozen_and_size_of_look_inside_containers_and_dataclasses():
    value = {"r": Result(np.ones(100), ("a",)), "list": [np.ones(10)]}
    shared = frozen(value)
    assert not shared["r"].values.flags.writeable and not shared["list"][0].flags.writeable
    assert value["r"].values.flags.writeable
    assert size_of(shared) >= 110 * 8


def test_the_gate_lets_a_few_through_and_each_heavy_result_is_made_once():
    gate = Gate(1)
    running, most, calls = [0], [0], []
    lock = threading.Lock()

    @memoize(ByteCache("test", 10**8), gate=gate, heavy=1_000)
    def heavy(values):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            calls.append(values.size)
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return values.sum()

    big = np.ones(5_000)
    threads = [threading.Thread(target=heavy, args=(big,)) for _ in range(4)]
    threads += [threading.Thread(target=heavy, args=(np.full(5_000, i + 2.0),)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == [1]  # one at a time
    assert len(calls) == 4  # the same heavy result was made once, not four times


def test_freed_memory_is_given_back_by_one_thread():
    if not memory.trim():
        pytest.skip("no glibc malloc_trim here")
    assert memory.keep_trimming(every=3600)
    assert memory.keep_trimming(every=3600)
    assert sum(t.name == "lossviz-malloc-trim" for t in threading.enumerate()) == 1


def test_the_arenas_are_limited_unless_the_environment_says_how_many(monkeypatch):
    if memory._MALLOPT is None:
        pytest.skip("no glibc mallopt here")
    calls = []
    monkeypatch.setattr(
        memory, "_MALLOPT", lambda option, value: calls.append((option, value)) or 1
    )
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert memory.limit_arenas()
    assert calls == [(memory._M_ARENA_MAX, memory.ARENAS)]
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert memory.limit_arenas()
    assert len(calls) == 1  # the environment's number stands
