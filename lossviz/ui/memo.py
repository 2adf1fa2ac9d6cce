"""Results kept per arguments, shared by every session, in caches bounded by bytes.

``st.cache_data`` keeps a number of entries per function (512 here), whatever their size: a
class opening the largest batch (a million logits, results of tens of megabytes each) filled
gigabytes that were never given back. It also pickles every result it stores and unpickles a
copy at every call. A ``ByteCache`` holds at most ``max_bytes`` of results (the arrays they
hold, counted by their size), forgets the least recently used first, and hands every caller
the same object: its arrays are copies made read-only when it was stored, so no caller can
change what another is shown (writing to one raises).

    cache = ByteCache("core", 256 * 2**20)

    @memoize(cache)
    def cross_entropy(logits, target, ...): ...

Arguments are told apart by their content (``fingerprint``): NumPy arrays by dtype, shape and
bytes, and texts, numbers, tuples, lists, dicts and dataclasses by what they hold.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import pickle
import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

__all__ = ["ByteCache", "Gate", "elements", "fingerprint", "frozen", "memoize", "size_of"]

F = TypeVar("F", bound=Callable[..., Any])
# The lessons hand some shared (read-only) arrays to torch.as_tensor, which only reads them but
# warns, once, that it cannot mark a tensor read-only; the core's own seam copies them
# (lossviz/_torch.py).
warnings.filterwarnings("ignore", "The given NumPy array is not writable", UserWarning)
#: What an entry costs beyond the arrays and texts it holds (its key, its objects).
ENTRY_OVERHEAD = 512


class ByteCache:
    """Values per key, at most ``max_bytes`` of them by ``size_of``, least recently used out
    first. A value larger than a quarter of the budget is not kept (it would push out all the
    rest for one result). Safe to use from any thread.

    >>> cache = ByteCache("demo", max_bytes=5_000)
    >>> for key in "abcd":
    ...     cache.put(key, np.zeros(50))  # 400 bytes of data, 1,024 counted
    >>> cache.bytes, cache.get("a")[0]
    (4096, True)
    >>> cache.put("e", np.zeros(50)); cache.get("b")  # "b" was the least recently used
    (False, None)
    >>> cache.put("big", np.zeros(1_000)); cache.get("big")[0]  # 8 kB: over a quarter
    False
    """

    def __init__(self, name: str, max_bytes: int) -> None:
        self.name, self.max_bytes = name, max_bytes
        self._entries: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = self.misses = self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Any) -> tuple[bool, Any]:
        """(True, the value) when ``key`` is held, else (False, None)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return False, None
            self._entries.move_to_end(key)
            self.hits += 1
            return True, entry[0]

    def put(self, key: Any, value: Any, size: int | None = None) -> None:
        """Keep ``value`` under ``key`` (its size is ``size_of(value)`` unless given)."""
        size = (size_of(value) if size is None else size) + ENTRY_OVERHEAD
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._entries[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.bytes -= dropped
                self.evictions += 1

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


def size_of(value: Any) -> int:
    """Roughly the bytes ``value`` holds: its arrays' buffers, its texts, and a little for each
    object, found through tuples, lists, dicts and dataclasses.

    >>> size_of(np.zeros((10, 10)))  # 800 bytes of data, and the array object
    912
    """
    seen: set[int] = set()

    def walk(item: Any) -> int:
        if id(item) in seen:
            return 0
        seen.add(id(item))
        if isinstance(item, np.ndarray):
            return item.nbytes + 112
        if isinstance(item, (str, bytes)):
            return sys.getsizeof(item)
        if isinstance(item, (tuple, list, set, frozenset)):
            return 56 + 8 * len(item) + sum(walk(part) for part in item)
        if isinstance(item, dict):
            return 64 + sum(walk(k) + walk(v) + 16 for k, v in item.items())
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            return 64 + sum(walk(getattr(item, f.name)) for f in dataclasses.fields(item))
        return 32

    return walk(value)


def frozen(value: Any) -> Any:
    """``value`` with each NumPy array in it (through tuples, lists, dicts, dataclasses)
    replaced by a read-only copy: safe to share. Other objects are kept as they are.

    >>> shared = frozen({"p": np.ones(2)})
    >>> shared["p"].flags.writeable
    False
    """
    if isinstance(value, np.ndarray):
        copy = np.array(value, copy=True)
        copy.setflags(write=False)
        return copy
    if isinstance(value, tuple):
        items = [frozen(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [frozen(item) for item in value]
    if isinstance(value, dict):
        return {key: frozen(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        copy = _shallow_copy(value)
        for field in dataclasses.fields(value):
            object.__setattr__(copy, field.name, frozen(getattr(value, field.name)))
        return copy
    return value


def _shallow_copy(value: Any) -> Any:
    copy = object.__new__(type(value))
    if hasattr(value, "__dict__"):
        copy.__dict__.update(value.__dict__)
    for slot in getattr(type(value), "__slots__", ()):
        if hasattr(value, slot):
            object.__setattr__(copy, slot, getattr(value, slot))
    return copy


def _feed(digest: Any, value: Any) -> None:
    """Feed ``value``'s type and content to ``digest``."""
    if isinstance(value, np.ndarray):
        digest.update(f"nd{value.dtype.str}{value.shape}".encode())
        if value.dtype.hasobject:
            digest.update(pickle.dumps(value.tolist()))
        else:
            digest.update(memoryview(np.ascontiguousarray(value)).cast("B"))
    elif value is None or isinstance(value, (bool, int, float, complex, np.generic)):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, str):
        digest.update(b"s%d:" % len(value))
        digest.update(value.encode("utf-8", "surrogatepass"))
    elif isinstance(value, bytes):
        digest.update(b"b%d:" % len(value))
        digest.update(value)
    elif isinstance(value, enum.Enum):
        digest.update(f"enum:{type(value).__qualname__}.{value.name};".encode())
    elif isinstance(value, (tuple, list)):
        digest.update(f"{type(value).__name__}{len(value)}(".encode())
        for item in value:
            _feed(digest, item)
        digest.update(b")")
    elif isinstance(value, dict):
        digest.update(b"dict%d{" % len(value))
        for key in sorted(value, key=repr):
            _feed(digest, key)
            _feed(digest, value[key])
        digest.update(b"}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(f"dc:{type(value).__module__}.{type(value).__qualname__}(".encode())
        for field in dataclasses.fields(value):
            _feed(digest, getattr(value, field.name))
        digest.update(b")")
    else:
        digest.update(f"pickle:{type(value).__qualname__}".encode())
        digest.update(pickle.dumps(value))


def fingerprint(*values: Any) -> bytes:
    """A digest of the values' types and contents: equal for equal arguments.

    >>> fingerprint(np.arange(3), "a") == fingerprint(np.arange(3), "a")
    True
    >>> fingerprint(np.arange(3)) == fingerprint(np.arange(3.0)), fingerprint(1) == fingerprint(1.0)
    (False, False)
    """
    digest = hashlib.blake2b(digest_size=20)
    for value in values:
        _feed(digest, value)
    return digest.digest()


class Gate:
    """At most ``size`` heavy computations at once in the process; the others wait their turn.
    A thread that holds the gate passes it again freely (a heavy call inside a heavy call).

    >>> gate = Gate(1)
    >>> with gate, gate:  # re-entered by the same thread
    ...     gate.held
    True
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._slots = threading.BoundedSemaphore(size)
        self._local = threading.local()

    @property
    def held(self) -> bool:
        return getattr(self._local, "depth", 0) > 0

    def __enter__(self) -> Gate:
        if not self.held:
            self._slots.acquire()
        self._local.depth = getattr(self._local, "depth", 0) + 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._local.depth -= 1
        if not self._local.depth:
            self._slots.release()


def elements(values: Any) -> int:
    """How many array elements ``values`` (arguments: arrays, or tuples and lists of them)
    hold.

    >>> elements((np.zeros((3, 4)), [np.zeros(2)], "text"))
    14
    """
    if isinstance(values, np.ndarray):
        return values.size
    if isinstance(values, (tuple, list)):
        return sum(elements(value) for value in values)
    return 0


def memoize(
    cache: ByteCache, share: bool = True, gate: Gate | None = None, heavy: int = 200_000
) -> Callable[[F], F]:
    """Keep ``function``'s results in ``cache`` per arguments (and per function). A result is
    stored ``frozen`` (read-only copies of its arrays) and handed to every caller as it is;
    with ``share=False`` the result is stored as it is (it must be immutable already).
    Exceptions are not kept. A computation whose arguments hold ``heavy`` array elements or
    more runs through ``gate``: a few at a time, so that many students opening the largest
    batch at once do not take the server's memory (or its cores) all together."""

    def decorate(function: F) -> F:
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def cached(*args: Any, **kwargs: Any) -> Any:
            key = (name, fingerprint(args, kwargs))
            found, value = cache.get(key)
            if found:
                return value
            big = gate is not None and elements((args, list(kwargs.values()))) >= heavy
            with gate if big else contextlib.nullcontext():  # type: ignore[attr-defined]
                found, value = cache.get(key)  # made meanwhile by whoever held the gate?
                if found:
                    return value
                value = function(*args, **kwargs)
                if share:
                    value = frozen(value)
            cache.put(key, value)
            return value

        cached.cache = cache  # type: ignore[attr-defined]
        return cached  # type: ignore[return-value]

    return decorate
