"""A cache of checked extracts: after a run has read, typed and checked a dataset's files,
its valid records (an Arrow IPC file) and its data-quality findings (a JSON file beside it)
are kept, so that the next run on the same files loads them instead of reading again.

An entry is found by its key, the SHA-256 of everything that decides the result: each
file's name and content digest (BLAKE3, `pm.data.scanning`: the whole file is hashed on
every run, so a file changed in any byte, whatever its size and time stamp say, looks for
another key), the data-item specification's content, the reading options (councils, code
lists, encoding, date format) and the versions of pm and of the libraries that type the
values. An entry carries its own digests, checked on every load (BLAKE3 of its records
file, SHA-256 of its findings file): one that is cut short, altered or written by something
else is never used; it is removed and the dataset is read from its files again, with a
one-line note for the user. It also keeps the SHA-256 of each extract, taken when it was
made, for the manifest of a run that loads it: the BLAKE3 digests that found the entry
vouch that these are the same bytes.

Entries hold person-level data: files are owner-only (0600), written through `pm.files`
(a temporary file renamed into place, so a crash leaves no half entry that a later run
could use), and never over a file the running command has read (`pm.guard`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from pm.data import cache_folder, scanning
from pm.data.code_lists import CodeLists
from pm.data.dataset import Dataset
from pm.data.findings import Finding
from pm.errors import PmError
from pm.version import __version__

if TYPE_CHECKING:
    from pm.definitions.models import DatasetSpec

FORMAT = 2  # the layout of an entry; raised when it changes, so old entries miss
# 2: files keyed by BLAKE3, records verified by BLAKE3, each extract's SHA-256 kept
SOURCE = "__file__"  # the column naming each record's file (pm.data.typed_file.SOURCE)


@dataclass
class Loaded:
    """One dataset as a cache entry gives it back: valid records, count and findings."""

    frame: pd.DataFrame
    rows_read: int
    findings: list[Finding]
    sha256s: list[str]  # of the extracts, in the order of the files


@dataclass
class ExtractCache:
    """The cache kept in `folder`; `notes` collects the lines to show the user (an entry
    found damaged and rebuilt), since the library never prints."""

    folder: Path
    notes: list[str] = field(default_factory=list)

    def may_hold(self, name: str) -> bool:
        """Whether any entry of dataset `name` is there (cheap: no digest needed), so that
        a dataset never cached is read at once, without waiting for its files' digests."""
        return any(self.folder.glob(f"{name}.*.json")) if self.folder.is_dir() else False

    def read_through(
        self,
        read: Callable[[], tuple[Dataset, list[Finding]]],
        sha256s: Callable[[], list[str]],
        spec: DatasetSpec,
        files: list[Path],
        digests: list[str],
        councils: set[str],
        *,
        code_lists: CodeLists | None,
        encoding: str,
        date_format: str | None,
    ) -> tuple[Dataset, list[Finding], list[str]]:
        """What `read()` gives for these files (whose BLAKE3 digests are `digests`), and
        their SHA-256 digests: from the cache when they were read before with the same
        specification and options; else read (`read()`, `sha256s()`), and kept."""
        from pm.guard import note_read

        name = spec.dataset
        key = self.key(
            spec, files, digests, councils,
            code_lists=code_lists, encoding=encoding, date_format=date_format,
        )  # fmt: skip
        loaded = self.load(key, name, files)
        if loaded is not None:
            for path in files:
                note_read(path)  # read for its digest: no output of this run may replace it
            dataset = Dataset(name, spec, loaded.frame, files, loaded.rows_read, from_cache=True)
            return dataset, loaded.findings, loaded.sha256s
        dataset, findings = read()
        kept = sha256s()
        try:
            self.store(key, name, files, dataset.frame, dataset.rows_read, findings, kept)
        except (OSError, PmError) as problem:  # the run goes on: the cache only saves time
            self.notes.append(f"{name} was not kept in the cache: {problem}")
        return dataset, findings, kept

    def key(
        self,
        spec: DatasetSpec,
        files: list[Path],
        digests: list[str],
        councils: set[str],
        *,
        code_lists: CodeLists | None,
        encoding: str,
        date_format: str | None,
    ) -> str:
        """The SHA-256 of everything that decides what reading these files gives
        (`digests`: the files' BLAKE3)."""
        import numpy
        import pyarrow

        decided = {
            "format": FORMAT,
            "pm": __version__,
            "libraries": [pd.__version__, pyarrow.__version__, numpy.__version__],
            "spec": spec.model_dump(mode="json"),
            "files": [[path.name, digest] for path, digest in zip(files, digests, strict=True)],
            "councils": sorted(councils),
            "code_lists": {k: sorted(map(str, v)) for k, v in sorted((code_lists or {}).items())},
            "encoding": encoding,
            "date_format": date_format,
        }
        return _sha256(_canonical(decided))

    def load(self, key: str, name: str, files: list[Path]) -> Loaded | None:
        """The entry of `key`, checked against its digests; None when there is none, or
        when it is damaged (then removed, with a note)."""
        arrow, about = self._paths(name, key)
        if not about.exists():
            return None
        try:
            return _load_entry(arrow, about, key, name, files)
        except (OSError, ValueError, KeyError, TypeError, _Damaged) as problem:
            reason = str(problem) if isinstance(problem, _Damaged) else "it cannot be read"
            self.notes.append(
                f"the cached copy of {name} in {cache_folder.shown_folder(self.folder)} was "
                f"damaged ({reason}); it was read again from its files and cached afresh"
            )
            cache_folder.remove_entry(arrow, about)
            return None

    def store(
        self, key: str, name: str, files: list[Path], frame: pd.DataFrame, rows_read: int,
        findings: list[Finding], sha256s: list[str],
    ) -> None:  # fmt: skip
        """Keep one dataset's result; older entries of the same files are removed, so the
        cache holds one copy per extract."""
        from pm.files import OutputSet

        cache_folder.prepare(self.folder)
        arrow, about = self._paths(name, key)
        with OutputSet(private=True) as outputs:
            staged = outputs.stage(arrow)
            table_digest, columns = _write_table(frame, staged)
            entry = {
                "format": FORMAT,
                "pm": __version__,
                "key": key,
                "dataset": name,
                "sources": [str(path) for path in files],
                "where": [str(path.resolve()) for path in files],
                "rows": len(frame),
                "rows_read": rows_read,
                "columns": columns,
                "table_blake3": table_digest,
                "sha256": list(sha256s),
                "findings": [list(astuple(f)) for f in findings],
            }
            outputs.write(about, _sealed(entry))
            outputs.commit()  # the table first, then the findings that vouch for it
        cache_folder.remove_older(self.folder, name, entry["where"], keep=key)

    def _paths(self, name: str, key: str) -> tuple[Path, Path]:
        stem = f"{name}.{key}"
        return self.folder / f"{stem}.arrow", self.folder / f"{stem}.json"


class _Damaged(PmError):
    """An entry that fails a check: its digest, its key or its shape."""


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sealed(entry: dict[str, Any]) -> bytes:
    """The entry with the digest of its own canonical form, checked on load."""
    return _canonical({"entry": entry, "sha256": _sha256(_canonical(entry))}) + b"\n"


class _HashingFile:
    """A file that hashes what is written to it (BLAKE3), so an entry is digested as it is
    written."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.digest, self.closed = stream, scanning.blake3_hasher(), False

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return int(self.stream.write(data))

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.closed = True


def _write_table(frame: pd.DataFrame, path: Path) -> tuple[str, dict[str, str]]:
    """The records as Arrow IPC (categories stay dictionaries: loading is a copy, not a
    parse); returns the file's BLAKE3 and each column's type, checked on load."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    table = pa.Table.from_pandas(frame, preserve_index=False)
    with path.open("wb") as stream:
        hashing = _HashingFile(stream)
        with pa.PythonFile(hashing, mode="w") as sink, ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    return str(hashing.digest.hexdigest()), _column_types(frame)


def _column_types(frame: pd.DataFrame) -> dict[str, str]:
    """Each column's dtype, with the type of a categorical's categories."""
    types = {}
    for name, dtype in frame.dtypes.items():
        shown = str(dtype)
        if isinstance(dtype, pd.CategoricalDtype):
            shown += f"[{dtype.categories.dtype}]"
        types[str(name)] = shown
    return types


def _load_entry(arrow: Path, about: Path, key: str, name: str, files: list[Path]) -> Loaded:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    sealed = json.loads(about.read_bytes())
    entry = sealed["entry"]
    if _sha256(_canonical(entry)) != sealed["sha256"]:
        raise _Damaged("its findings file does not match its digest")
    if (entry["format"], entry["pm"], entry["key"], entry["dataset"]) != (
        FORMAT, __version__, key, name,
    ):  # fmt: skip
        raise _Damaged("it was made for other files or by another version of pm")
    sha256s = [str(digest) for digest in entry["sha256"]]
    if len(sha256s) != len(files):
        raise _Damaged("it lists other files")
    # from a memory map: no copy, and the pages stay in memory for Arrow, which maps it next
    if scanning.blake3_of_file(arrow) != entry["table_blake3"]:
        raise _Damaged("its records file does not match its digest")
    with pa.memory_map(str(arrow)) as source:
        table = ipc.open_file(source).read_all()
    # split_blocks: each column stays its own block, as the reader builds it (no copy)
    frame = _restored(table.to_pandas(split_blocks=True), entry["columns"])
    if len(frame) != entry["rows"] or _column_types(frame) != entry["columns"]:
        raise _Damaged("its records are not the ones it lists")
    renamed = dict(zip(entry["sources"], (str(path) for path in files), strict=True))
    findings = [Finding(*values) for values in entry["findings"]]
    findings = [replace(f, file=renamed.get(f.file, f.file)) for f in findings]
    return Loaded(_renamed_sources(frame, renamed), int(entry["rows_read"]), findings, sha256s)


def _restored(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Categoricals without categories come back with object categories from Arrow: given
    back the type they were stored with, so the frame is the one that was kept."""
    for name in frame.columns:
        dtype = frame[name].dtype
        if isinstance(dtype, pd.CategoricalDtype) and not len(dtype.categories):
            wanted = columns.get(str(name), "")
            if wanted.endswith("[str]"):
                frame[name] = pd.Categorical.from_codes(
                    frame[name].cat.codes, pd.Index([], dtype="str"), ordered=dtype.ordered
                )
    return frame


def _renamed_sources(frame: pd.DataFrame, renamed: dict[str, str]) -> pd.DataFrame:
    """Each record names its file as this run named it (the same content, perhaps given as
    another path)."""
    if SOURCE in frame.columns and any(old != new for old, new in renamed.items()):
        column = frame[SOURCE]
        names = [renamed.get(str(name), str(name)) for name in column.cat.categories]
        frame[SOURCE] = column.cat.rename_categories(pd.Index(names, dtype="str"))
    return frame
