"""Freed memory is given back to the system between the steps of a run."""

from __future__ import annotations

import platform
import sys

import numpy as np

from pm import memory


def _resident_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS line")


def test_freed_blocks_are_returned_to_the_system() -> None:
    assert sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"  # as CI runs
    assert memory._malloc_trim() is not None
    # 3,000 blocks of 64 KiB (under malloc's mmap threshold, so kept in its heap when freed)
    blocks = [np.ones(8192) for _ in range(3000)]  # about 190 MiB
    keep = np.ones(8192)  # allocated last: the heap's top stays in use, as in a real run
    before_free = _resident_mib()
    del blocks
    freed_but_kept = _resident_mib()
    memory.give_back_freed_memory()
    given_back = _resident_mib()
    # freeing alone keeps the blocks resident; giving back returns them
    assert freed_but_kept - given_back > 150, (before_free, freed_but_kept, given_back)
    assert keep.sum() == 8192  # what is still used is untouched


def test_giving_back_twice_is_harmless() -> None:
    memory.give_back_freed_memory()
    memory.give_back_freed_memory()
