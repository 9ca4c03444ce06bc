"""Give memory freed by one step of a run back to the system before the next step.

Arrow's allocator (mimalloc) and the C library's `malloc` keep blocks a step has freed, to
reuse them: after reading four extracts of 10 M records, about 330 MB that nothing uses any
more stayed resident, and each measure's temporaries were added on top of it. That made the
peak memory of a run (what decides whether it fits on an analyst's laptop) a third larger
than what the run holds. Releasing them between steps costs about a millisecond each.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, where the C library has one (Linux with glibc), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)  # the C library the process already uses
    except OSError:
        return None
    trim = getattr(libc, "malloc_trim", None)
    if trim is None:  # another C library (musl): nothing to call
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def give_back_freed_memory() -> None:
    """Return the freed but retained memory of Arrow's pool and of `malloc` to the system.

    Changes no data: only blocks already freed are released."""
    if "pyarrow" in sys.modules:  # never imported just for this
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
