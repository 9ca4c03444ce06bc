"""One pass over an extract's bytes, in a thread beside Arrow's parse: the digests and
counts a run needs, and no more.

- SHA-256 of each input goes into the manifest (the published record of what was read).
- BLAKE3 of each input finds its entry in the cache of checked extracts (`pm.data.cache`):
  it is as safe a content digest and about four times faster, which matters on a warm run,
  where hashing the extracts is most of what is left of reading them.
- Line breaks and quote marks tell whether each record sits on one line
  (`csv_shape.record_lines`); only a file that is parsed needs them.

A warm run asks for BLAKE3 alone (hashed from a memory map, on every core); the entry it
finds holds the SHA-256 of the same bytes, taken when it was made. Otherwise every part is
computed from the same blocks, read once, with Python's lock released (hashing and numpy's
counting release it), so the thread that types the records is not held up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNK = 1 << 24  # bytes read at a time: large enough to hash fast, small enough to keep memory low
_NEWLINE, _QUOTE = ord("\n"), ord('"')


@dataclass(frozen=True)
class Scan:
    """What one pass over a file's bytes told; a part not asked for is None."""

    sha256: str | None = None
    blake3: str | None = None
    newlines: int | None = None
    quotes: int | None = None
    last: bytes = b""  # the file's last byte (b"" when empty), read with the counts


def scan(path: Path, *, sha256: bool = True, blake3: bool = False, counts: bool = True) -> Scan:
    """Read `path` once, in blocks, for the digests and counts asked for."""
    if blake3 and not sha256 and not counts:  # a warm run's key: mapped, hashed on all cores
        return Scan(blake3=blake3_of_file(path))
    sha = hashlib.sha256() if sha256 else None
    fast = blake3_hasher() if blake3 else None
    newlines = quotes = 0
    last = b""
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(CHUNK), b""):
            if sha is not None:
                sha.update(block)
            if fast is not None:
                fast.update(block)
            if counts:
                found = np.frombuffer(block, dtype=np.uint8)
                newlines += int(np.count_nonzero(found == _NEWLINE))
                quotes += int(np.count_nonzero(found == _QUOTE))
            last = block[-1:]
    return Scan(
        sha256=sha.hexdigest() if sha is not None else None,
        blake3=fast.hexdigest() if fast is not None else None,
        newlines=newlines if counts else None,
        quotes=quotes if counts else None,
        last=last,
    )


def blake3_of_file(path: Path) -> str:
    """BLAKE3 of a whole file (a cache entry's records), from a memory map on every core."""
    import blake3

    digest = blake3.blake3(max_threads=blake3.blake3.AUTO)
    if path.stat().st_size:
        digest.update_mmap(str(path))
    return str(digest.hexdigest())


def blake3_hasher():  # type: ignore[no-untyped-def]
    """A fresh BLAKE3 hasher (`update`, `hexdigest`); imported only when the cache is used."""
    import blake3

    return blake3.blake3()


class Scanner:
    """The scans of a run's files, one after another in a thread of their own. `futures`
    holds each file's latest scan (the reader waits on it); with `cache`, every scan also
    gives BLAKE3, the key of the cache of checked extracts."""

    def __init__(self, *, cache: bool) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=1)
        self.cache = cache
        self.futures: dict[Path, Future[Scan]] = {}

    def start(self, files: list[Path], *, key_only: bool) -> None:
        """Scan `files`: for the cache key alone, or for parsing (SHA-256 and counts)."""
        parts = {"sha256": not key_only, "counts": not key_only, "blake3": self.cache}
        for path in files:
            self.futures[path] = self.pool.submit(scan, path, **parts)

    def complete(self, files: list[Path]) -> None:
        """Scan again, for parsing, the files scanned for the key alone (a cache miss)."""
        if any(self.futures[path].result().sha256 is None for path in files):
            self.start(files, key_only=False)

    def sha256s(self, files: list[Path]) -> list[str]:
        return [str(self.futures[path].result().sha256) for path in files]

    def blake3s(self, files: list[Path]) -> list[str]:
        return [str(self.futures[path].result().blake3) for path in files]

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
