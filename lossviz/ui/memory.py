"""Give the memory that closed sessions and dropped cache entries freed back to the system.

Python frees a session's batch and results when the session ends, but glibc's allocator keeps
freed blocks for reuse: the server's resident memory stays at its peak long after the class
(streamlit#12120). ``malloc_trim`` hands the free pages back. A daemon thread calls it every
``TRIM_SECONDS`` (the call does not hold the interpreter lock: ctypes releases it). Elsewhere
than glibc (macOS, musl) there is nothing to call and nothing is started.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
import time
from collections.abc import Callable

__all__ = ["keep_trimming", "trim"]

#: How often the trimming thread gives free memory back.
TRIM_SECONDS = 30.0
_started = threading.Lock()
_thread: threading.Thread | None = None


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


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
