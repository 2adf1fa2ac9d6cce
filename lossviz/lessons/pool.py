"""A bounded number of trainings at a time in one process; the others wait their turn.

A training keeps a CPU core busy for as long as it runs. A server shared by a class holds a few
cores, so the playground lets at most ``size`` trainings run at once (the slots); a training
asked for when every slot is taken waits in a first-come, first-served queue, and its page says
so, until a slot is free. A waiting training that is stopped (its session ended, its person
pressed stop) leaves the queue.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable

__all__ = ["TrainingPool", "default_slots"]

#: The environment variable that sets how many trainings run at once (a whole number >= 1).
SLOTS_VARIABLE = "LOSSVIZ_TRAINING_SLOTS"


def default_slots(environ: dict[str, str] | None = None, cpus: int | None = None) -> int:
    """Trainings at once: ``LOSSVIZ_TRAINING_SLOTS`` when it is set, else half the CPUs (one
    core in two stays free for the pages' reruns), at least one.

    >>> default_slots({}, cpus=8), default_slots({}, cpus=1), default_slots({SLOTS_VARIABLE: "3"})
    (4, 1, 3)
    """
    text = (os.environ if environ is None else environ).get(SLOTS_VARIABLE, "").strip()
    if text.isdigit() and int(text) >= 1:
        return int(text)
    return max(1, (cpus if cpus is not None else os.cpu_count() or 2) // 2)


class TrainingPool:
    """At most ``size`` holders of a slot at a time; the others wait in order of arrival.

    >>> pool = TrainingPool(1)
    >>> pool.acquire("a", cancelled=lambda: False), pool.running, pool.position("a")
    (True, 1, None)
    >>> pool.acquire("b", cancelled=lambda: True), pool.position("b")  # gave up while waiting
    (False, None)
    >>> pool.release("a"); pool.running
    0
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one slot")
        self.size = size
        self._changed = threading.Condition()
        self._holders: set[object] = set()
        self._queue: deque[object] = deque()

    @property
    def running(self) -> int:
        """How many slots are taken."""
        with self._changed:
            return len(self._holders)

    def position(self, ticket: object) -> int | None:
        """How many wait before ``ticket`` in the queue (0: next), or None when it is not
        waiting."""
        with self._changed:
            for index, waiting in enumerate(self._queue):
                if waiting is ticket:
                    return index
            return None

    def acquire(
        self, ticket: object, cancelled: Callable[[], bool], poll_seconds: float = 0.2
    ) -> bool:
        """Wait for a slot for ``ticket``, in turn; True once it holds one, False when
        ``cancelled()`` turns true first (checked at least every ``poll_seconds``)."""
        with self._changed:
            self._queue.append(ticket)
            try:
                while True:
                    if cancelled():
                        return False
                    if self._queue[0] is ticket and len(self._holders) < self.size:
                        self._queue.popleft()
                        self._holders.add(ticket)
                        return True
                    self._changed.wait(poll_seconds)
            finally:
                if ticket in self._queue:
                    self._queue.remove(ticket)
                self._changed.notify_all()

    def release(self, ticket: object) -> None:
        """Give ``ticket``'s slot back to the next in the queue."""
        with self._changed:
            self._holders.discard(ticket)
            self._changed.notify_all()
