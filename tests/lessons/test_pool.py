"""The training pool: at most its size at once, the rest in order of arrival, none left behind
when a waiting or running training is stopped or its session goes away."""

from __future__ import annotations

import threading
import time

import pytest

from lossviz.lessons.datasets import make_dataset
from lossviz.lessons.pool import SLOTS_VARIABLE, TrainingPool, default_slots
from lossviz.lessons.training import Comparison, TrainingConfig

DEADLINE = 60.0  # seconds: generous, for a slow and busy machine


def _until(condition, seconds: float = DEADLINE) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_default_slots_reads_the_environment_or_halves_the_cpus():
    assert default_slots({SLOTS_VARIABLE: "2"}, cpus=64) == 2
    assert default_slots({SLOTS_VARIABLE: "0"}, cpus=6) == 3  # not a usable count: ignored
    assert default_slots({SLOTS_VARIABLE: "many"}, cpus=2) == 1
    assert default_slots({}, cpus=1) == 1
    with pytest.raises(ValueError, match="at least one"):
        TrainingPool(0)


def test_slots_go_in_order_of_arrival():
    pool = TrainingPool(1)
    assert pool.acquire("first", cancelled=lambda: False)
    order: list[str] = []

    def wait_for_slot(name: str) -> None:
        if pool.acquire(name, cancelled=lambda: False, poll_seconds=0.01):
            order.append(name)
            pool.release(name)

    threads = []
    for name in ("second", "third"):
        threads.append(threading.Thread(target=wait_for_slot, args=(name,)))
        threads[-1].start()
        assert _until(lambda name=name: pool.position(name) is not None)
    assert (pool.position("second"), pool.position("third")) == (0, 1)
    assert pool.running == 1
    pool.release("first")
    for thread in threads:
        thread.join(DEADLINE)
    assert order == ["second", "third"]
    assert pool.running == 0


def test_a_cancelled_wait_leaves_the_queue():
    pool = TrainingPool(1)
    pool.acquire("holder", cancelled=lambda: False)
    gone = threading.Event()
    result: list[bool] = []
    thread = threading.Thread(
        target=lambda: result.append(pool.acquire("waiter", gone.is_set, poll_seconds=0.01))
    )
    thread.start()
    assert _until(lambda: pool.position("waiter") == 0)
    gone.set()
    thread.join(DEADLINE)
    assert result == [False]
    assert pool.position("waiter") is None
    assert pool.running == 1


def _pair(steps: int) -> Comparison:
    pair = Comparison("cpu")
    data = make_dataset("blobs", points=100)
    pair.configure(data, {"A": TrainingConfig(steps=steps), "B": TrainingConfig(steps=steps)})
    return pair


def test_a_second_training_waits_for_the_slot_then_trains():
    pool = TrainingPool(1)
    first, second = _pair(steps=10_000), _pair(steps=20)
    first.start(background=True, pool=pool)
    assert _until(lambda: not first.waiting and pool.running == 1)
    second.start(background=True, pool=pool)
    assert _until(lambda: second.queue_position == 0)
    assert second.running and second.waiting
    assert second.runs["A"].steps_done == 0
    first.stop()
    assert second.wait(DEADLINE)
    assert not second.running and not second.waiting and second.done
    assert first.wait(DEADLINE)
    assert pool.running == 0


def test_stopping_a_waiting_training_frees_its_place():
    pool = TrainingPool(1)
    first, second = _pair(steps=10_000), _pair(steps=20)
    first.start(background=True, pool=pool)
    assert _until(lambda: pool.running == 1)
    second.start(background=True, pool=pool)
    assert _until(lambda: second.queue_position == 0)
    second.stop()
    assert second.wait(DEADLINE)
    assert not second.waiting and second.queue_position is None
    assert pool.position(second) is None
    assert second.runs["A"].steps_done == 0
    first.stop()
    assert first.wait(DEADLINE)
    assert pool.running == 0


def test_a_training_stops_when_its_session_is_gone():
    pool = TrainingPool(1)
    connected = threading.Event()
    connected.set()
    pair = _pair(steps=10_000)
    pair.start(background=True, pool=pool, alive=connected.is_set)
    assert _until(lambda: pair.runs["A"].steps_done > 0)
    connected.clear()
    assert pair.wait(DEADLINE)
    assert not pair.running
    assert not pair.done  # stopped early, where it was
    assert pool.running == 0
