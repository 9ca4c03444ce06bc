"""One pass over an extract's bytes (`pm.data.scanning`) gives the same digests and counts as
hashing and counting the whole file at once, whatever the blocks it reads, and only the
parts asked for."""

from __future__ import annotations

import hashlib
from pathlib import Path

import blake3
import pytest

from pm.data import scanning

TEXT = (
    b'enquiry_id,person_id,note\r\nE1,P1,"two\nlines"\nE2,P2,"say ""hi"""\n'
    b"E3,P3,\xc3\xa9t\xc3\xa9\nE4,P4,last"
)


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    path = tmp_path / "extract.csv"
    path.write_bytes(TEXT)
    return path


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 1 << 24])
def test_every_part_equals_the_whole_file_at_once(
    extract: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scanning, "CHUNK", chunk)  # blocks that cut lines and quotes apart
    found = scanning.scan(extract, sha256=True, blake3=True, counts=True)
    assert found.sha256 == hashlib.sha256(TEXT).hexdigest()
    assert found.blake3 == blake3.blake3(TEXT).hexdigest()
    assert (found.newlines, found.quotes, found.last) == (5, 8, b"t")


def test_only_the_parts_asked_for(extract: Path) -> None:
    key_only = scanning.scan(extract, sha256=False, blake3=True, counts=False)
    assert key_only.sha256 is None and key_only.newlines is None and key_only.quotes is None
    assert key_only.blake3 == blake3.blake3(TEXT).hexdigest()
    plain = scanning.scan(extract)  # the manifest's digest and the counts: no cache
    assert plain.blake3 is None and plain.sha256 == hashlib.sha256(TEXT).hexdigest()
    assert plain.newlines == TEXT.count(b"\n")


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    found = scanning.scan(path, blake3=True)
    assert found.sha256 == hashlib.sha256(b"").hexdigest()
    assert found.blake3 == blake3.blake3(b"").hexdigest()
    assert (found.newlines, found.quotes, found.last) == (0, 0, b"")
    assert scanning.blake3_of_file(path) == blake3.blake3(b"").hexdigest()


def test_a_whole_file_digest_from_a_memory_map(tmp_path: Path) -> None:
    body = bytes(range(256)) * 40_000  # 10 MB: large enough for BLAKE3 to use every core
    path = tmp_path / "records.arrow"
    path.write_bytes(body)
    assert scanning.blake3_of_file(path) == blake3.blake3(body).hexdigest()


def test_a_scanner_hashes_for_the_key_first_and_completes_on_a_miss(extract: Path) -> None:
    scanner = scanning.Scanner(cache=True)
    try:
        scanner.start([extract], key_only=True)
        assert scanner.blake3s([extract]) == [blake3.blake3(TEXT).hexdigest()]
        assert scanner.futures[extract].result().sha256 is None  # not hashed twice on a hit
        scanner.complete([extract])  # a miss: the file will be parsed
        found = scanner.futures[extract].result()
        assert scanner.sha256s([extract]) == [hashlib.sha256(TEXT).hexdigest()]
        assert (found.newlines, found.quotes) == (5, 8)
    finally:
        scanner.shutdown()
    plain = scanning.Scanner(cache=False)  # no cache: no BLAKE3 at all
    try:
        plain.start([extract], key_only=False)
        assert plain.futures[extract].result().blake3 is None
    finally:
        plain.shutdown()
