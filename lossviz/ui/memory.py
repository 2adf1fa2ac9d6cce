"""Give the memory that closed sessions and dropped cache entries freed back to the system, and
keep the allocator from spreading the sessions' memory over many arenas.

Python frees a session's batch and results when the session ends, but glibc's allocator keeps
freed blocks for reuse: the server's resident memory stays at its peak long after the class
(streamlit#12120). ``malloc_trim`` hands the free pages back. A daemon thread calls it every
``TRIM_SECONDS`` (the call does not hold the interpreter lock: ctypes releases it). Elsewhere
than glibc (macOS, musl) there is nothing to call and nothing is started.

glibc also gives each thread that meets contention an arena of its own, up to 8 per core, and
every session's script runs on a thread of its own: memory freed in one arena serves only that
arena, so a class's peak is paid several times over. ``limit_arenas`` caps them (what the
environment variable ``MALLOC_ARENA_MAX`` does, which the image sets): 20 students each opening
the largest batch on six pages peaked at 2.5-2.65 GB with glibc's default and at 1.94 GB with
two arenas (docs/performance.md).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
import time
from collections.abc import Callable

__all__ = ["ARENAS", "keep_trimming", "limit_arenas", "trim"]

#: The most malloc arenas the process uses (``limit_arenas``).
ARENAS = 2
#: glibc's mallopt parameter for the most arenas (malloc.h).
_M_ARENA_MAX = -8
#: How often the trimming thread gives free memory back.
TRIM_SECONDS = 30.0
_started = threading.Lock()
_thread: threading.Thread | None = None


def _glibc(name: str) -> Callable[..., int] | None:
    """glibc's function ``name``, or None where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return getattr(libc, name)
    except (OSError, AttributeError):
        return None


_TRIM = _glibc("malloc_trim")
_MALLOPT = _glibc("mallopt")


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Let the allocator use at most ``arenas`` arenas from now on (unless ``MALLOC_ARENA_MAX``
    already says how many); False where glibc is not there. Best called before the server
    starts its threads: arenas made before stay.

    >>> isinstance(limit_arenas(), bool)
    True
    """
    if _MALLOPT is None:
        return False
    if os.environ.get("MALLOC_ARENA_MAX"):
        return True  # the environment decided, when the process started
    return bool(_MALLOPT(_M_ARENA_MAX, arenas))


def trim() -> bool:
    """Give free heap memory back to the system now; False where glibc is not there.

    >>> isinstance(trim(), bool)
    True
    """
    if _TRIM is None:
        return False
    _TRIM(0)
    return True


def keep_trimming(every: float = TRIM_SECONDS) -> bool:
    """Start, once per process, a daemon thread that calls ``trim`` every ``every`` seconds.
    Returns whether such a thread runs."""
    global _thread
    if _TRIM is None:
        return False
    with _started:
        if _thread is None or not _thread.is_alive():

            def loop() -> None:
                while True:
                    time.sleep(every)
                    trim()

            _thread = threading.Thread(target=loop, name="lossviz-malloc-trim", daemon=True)
            _thread.start()
    return True
