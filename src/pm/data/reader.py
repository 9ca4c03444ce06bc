"""`read_extracts`: every dataset read once, columns matched case-insensitively, values
typed by the data-item specification, and bad records set aside as findings.

Each dataset comes from `<dataset>.csv`, `<dataset>.parquet`, or a folder `<dataset>/` of
such files (an extract split into parts). A record with any finding is excluded from every
measure of its dataset and listed in the data-quality report; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pm.data import csv_shape, repeated_ids, scanning
from pm.data.code_lists import CodeLists, lists_for_reading, refuse_missing_lists
from pm.data.dataset import Dataset
from pm.data.findings import Finding, advice_of, advise
from pm.data.typed_file import (  # noqa: F401  (LINE, SOURCE and type_records kept importable from here)
    CODED_TYPES,
    LINE,
    SOURCE,
    TypedFile,
    columns_of,
    type_file,
    type_records,
)
from pm.definitions.models import DatasetSpec
from pm.errors import InputError
from pm.memory import give_back_freed_memory

if TYPE_CHECKING:
    import pyarrow as pa

    from pm.data.cache import ExtractCache


@dataclass
class Extracts:
    """What one run read: valid records per dataset, findings, and input digests."""

    folder: Path
    datasets: dict[str, Dataset] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the user: a cache entry rebuilt

    def findings_frame(self) -> pd.DataFrame:
        columns = ["dataset", "file", "line", "column", "code", "value", "record_id", "la_code"]
        frame = pd.DataFrame([f.__dict__ for f in self.findings], columns=columns)
        frame["advice"] = [advice_of(f) for f in self.findings]
        return frame.sort_values(
            ["dataset", "file", "line", "column", "code"], kind="stable"
        ).reset_index(drop=True)


def dataset_files(folder: Path, name: str) -> list[Path]:
    """The file(s) holding `name` in `folder`, its name in any case: `<name>.csv`,
    `<name>.parquet`, or the parts in a folder `<name>/`. When more than one of these is
    there, which one holds the extract is anyone's guess: refused, naming them all."""
    if not folder.is_dir():
        return []
    names = {f"{name}.csv".casefold(), f"{name}.parquet".casefold()}
    found = sorted(
        entry
        for entry in folder.iterdir()
        if (entry.name.casefold() in names and entry.is_file())
        or (entry.name.casefold() == name.casefold() and entry.is_dir())
    )
    if len(found) > 1:
        shown = ", ".join(entry.name + ("/" if entry.is_dir() else "") for entry in found)
        raise InputError(
            f"{folder}: the extract {name} is there {len(found)} times ({shown}); keep one "
            "and move the others out of the folder, so that pm reads the one you mean."
        )
    if not found:
        return []
    if found[0].is_file():
        return found
    return sorted(
        p for p in found[0].iterdir() if p.suffix.lower() in (".csv", ".parquet") and p.is_file()
    )


def _header(path: Path, encoding: str) -> list[str]:
    with path.open("r", encoding=encoding, newline="") as stream:
        first = stream.readline()
    if not first.strip():
        raise InputError(
            f"{path}: the file is empty; export the extract again with its header row."
        )
    return next(csv.reader(io.StringIO(first)))


def _check_header(names: list[str], spec: DatasetSpec, path: Path) -> dict[str, str]:
    """Each specified column's name in the file, matched in any case and with surrounding
    spaces ignored; a doubled or missing required column stops the run."""
    normalised = [str(c).strip().lower() for c in names]
    seen: dict[str, int] = {}
    for name in normalised:
        seen[name] = seen.get(name, 0) + 1
    doubled = sorted(name for name, count in seen.items() if count > 1)
    if doubled:
        raise InputError(
            f"{path}: the column(s) {', '.join(doubled)} appear more than once; keep one of each."
        )
    missing = [c.name for c in spec.columns if c.required and c.name not in seen]
    if missing:
        raise InputError(
            f"{path}: required column(s) missing: {', '.join(missing)}. "
            f"See technical_guidance/datasets/{spec.dataset}.md for the columns of this extract."
        )
    as_written = dict(zip(normalised, names, strict=True))
    return {c.name: as_written[c.name] for c in spec.columns if c.name in as_written}


def _read_csv(path: Path, encoding: str, spec: DatasetSpec) -> tuple[pa.Table, dict[str, str]]:
    """The specified columns of one CSV file as Arrow text; columns with few distinct values
    (codes, dates, numbers) come dictionary-encoded, so each value is typed once."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    csv_shape.sniff(path, encoding)
    try:
        names = _header(path, _text_encoding(encoding))
    except UnicodeError:
        raise csv_shape.diagnose(path, encoding, 0) from None
    csv_shape.separator_problem(path, names)
    found = _check_header(names, spec, path)
    dictionary = pa.dictionary(pa.int32(), pa.large_string())
    types = {
        found[c.name]: dictionary if c.type in CODED_TYPES else pa.large_string()
        for c in spec.columns
        if c.name in found
    }
    try:
        table = pacsv.read_csv(
            path,
            # the header as Python's csv module read it (a byte-order mark already dropped)
            read_options=pacsv.ReadOptions(
                encoding=encoding, block_size=1 << 24, column_names=names, skip_rows=1
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=types,
                include_columns=list(types),
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeError):
        if csv_shape.only_header(path):
            return pa.table({name: pa.array([], pa.large_string()) for name in types}), found
        raise csv_shape.diagnose(path, encoding, len(names)) from None
    return table, found


def _parse_file(path: Path, spec: DatasetSpec, encoding: str) -> tuple[pa.Table, dict[str, str]]:
    if path.suffix.lower() == ".parquet":
        return _read_parquet(path, spec)
    return _read_csv(path, encoding, spec)


def _text_encoding(encoding: str) -> str:
    """UTF-8 read so that a byte-order mark is dropped, not glued to the first column name."""
    return "utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding


def _read_parquet(path: Path, spec: DatasetSpec) -> tuple[pa.Table, dict[str, str]]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as problem:
        raise InputError(f"{path}: cannot read the Parquet file: {problem}") from None
    found = _check_header(table.column_names, spec, path)
    columns = {}
    for name in found.values():
        column = table.column(name)
        if pa.types.is_timestamp(column.type):
            # A zone-aware time keeps its offset, so the instant is exact (pm.calendar.clock).
            aware = column.type.tz is not None
            text = pc.strftime(column, format="%Y-%m-%d %H:%M:%S" + ("%z" if aware else ""))
            pattern = r" 00:00:00(\.0+)?([+-]\d{4})?$"
            column = pc.replace_substring_regex(text, pattern=pattern, replacement="")
        columns[name] = column.cast(pa.large_string())
    return pa.table(columns) if columns else pa.table({}), found


def read_dataset(
    name: str,
    spec: DatasetSpec,
    files: list[Path],
    councils: set[str],
    *,
    code_lists: CodeLists | None = None,
    encoding: str = "utf-8",
    date_format: str | None = None,
    scans: dict[Path, Future[scanning.Scan]] | None = None,
    parsed: dict[Path, Future[tuple[pa.Table, dict[str, str]]]] | None = None,
) -> tuple[Dataset, list[Finding]]:
    """Read and type every file of one dataset; return valid records and findings.

    `scans` are the files' byte scans (digest, line counts) and `parsed` their Arrow
    tables, under way in other threads."""
    typed_files: list[TypedFile] = []
    findings: list[Finding] = []
    from pm.guard import note_read

    for path in files:
        note_read(path)
        parquet = path.suffix.lower() == ".parquet"
        table, found = _raw_table(path, spec, encoding, parsed)
        scanned = scans[path].result() if scans and path in scans else None
        lines = (
            None
            if parquet
            else csv_shape.record_lines(path, _text_encoding(encoding), table.num_rows, scanned)
        )
        columns = columns_of(table, found, spec)
        del table
        typed_file = type_file(
            spec,
            columns,
            str(path),
            councils,
            code_lists=code_lists,
            date_format=date_format,
            lines=lines,
        )
        findings.extend(advise(typed_file.findings, spec, date_format))
        typed_files.append(typed_file)
        give_back_freed_memory()  # the checks' temporaries, before the next step adds its own
    if not typed_files:
        return Dataset(name, spec, pd.DataFrame(), files, 0), findings
    keeps = [~typed_file.bad for typed_file in typed_files]
    rows_read = int(sum(keep.sum() for keep in keeps))
    key = ["la_code", spec.record_id] if spec.record_id else list(spec.unique_key or [])
    if key and rows_read:
        # A record id (or unique key) given twice among valid records: the first is kept, the
        # others reported. Only the key columns are looked at, as integer codes; the records
        # are copied out once, below, without the invalid and repeated ones.
        repeated = repeated_ids.repeated(typed_files, keeps, key)
        for typed_file, doubled in zip(typed_files, repeated, strict=True):
            if doubled.any():
                doubles = typed_file.frame(np.flatnonzero(doubled))
                findings.extend(repeated_ids.duplicate_findings(name, spec, doubles, key))
        keeps = [keep & ~doubled for keep, doubled in zip(keeps, repeated, strict=True)]
        del repeated
        give_back_freed_memory()
    frames = [
        typed_file.frame(None if keep.all() else keep, release=True)
        for typed_file, keep in zip(typed_files, keeps, strict=True)
    ]
    frame = frames[0] if len(frames) == 1 else _concat_files(frames, typed_files)
    return Dataset(name, spec, frame, files, rows_read), findings


def _raw_table(
    path: Path,
    spec: DatasetSpec,
    encoding: str,
    parsed: dict[Path, Future[tuple[pa.Table, dict[str, str]]]] | None,
) -> tuple[pa.Table, dict[str, str]]:
    """The file's Arrow table, parsed ahead or now. The future that parsed it is dropped
    here, so that the raw table is freed as soon as its columns are taken: kept by the
    future, its dictionary positions (4 bytes a record for each coded column, 40-55 MiB
    for each large file at 10 M records) stayed alive while the records were typed."""
    ahead = parsed.pop(path, None) if parsed else None
    return ahead.result() if ahead else _parse_file(path, spec, encoding)


def _concat_files(frames: list[pd.DataFrame], typed_files: list[TypedFile]) -> pd.DataFrame:
    """The parts of one extract as one table; each record still names its file."""
    frame = pd.concat(frames, ignore_index=True)
    part = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
    names = pd.Index([typed_file.name for typed_file in typed_files], dtype="str")
    frame[SOURCE] = pd.Categorical.from_codes(part, names)
    return frame


def _files_of(folder: Path, wanted: list[str], extracts: Extracts) -> dict[str, list[Path]]:
    """The files of each wanted dataset found in `folder`; the others are noted missing."""
    files_of: dict[str, list[Path]] = {}
    for name in sorted(set(wanted)):
        try:
            files = dataset_files(folder, name)
        except OSError as problem:
            raise InputError(f"{folder}: cannot list the folder ({problem.strerror}).") from None
        if files:
            files_of[name] = files
        else:
            extracts.missing.append(name)
    return files_of


def _read_one(
    name: str,
    spec: DatasetSpec,
    files: list[Path],
    councils: set[str],
    scanner: scanning.Scanner,
    parsed: dict[Path, Future[tuple[pa.Table, dict[str, str]]]],
    cache: ExtractCache | None,
    options: Any,
) -> tuple[Dataset, list[Finding], list[str]]:
    """One dataset's valid records and findings, and the SHA-256 of its files: from the
    cache when it holds them, else read from the files."""
    read = partial(read_dataset, name, spec, files, councils, scans=scanner.futures, parsed=parsed, **options)  # fmt: skip
    if cache is None:
        dataset, findings = read()
        return dataset, findings, scanner.sha256s(files)

    def read_missed() -> tuple[Dataset, list[Finding]]:
        scanner.complete(files)  # hashed for the key alone: now scanned for parsing too
        return read()

    return cache.read_through(
        read_missed, partial(scanner.sha256s, files), spec, files, scanner.blake3s(files),
        councils, **options,
    )  # fmt: skip


def read_extracts(
    folder: Path,
    specs: dict[str, DatasetSpec],
    wanted: list[str],
    councils: set[str],
    *,
    code_lists: CodeLists | None = None,
    encoding: str = "utf-8",
    date_format: str | None = None,
    cache: ExtractCache | None = None,
) -> Extracts:
    """Read each wanted dataset once from `folder`; missing ones are listed, not fatal.

    Code columns are checked against `councils` and the other reference lists in
    `code_lists` (`definitions.reference.code_lists()`); a dataset one of whose columns
    needs a list not given is refused before anything is read. With `cache`, a dataset
    whose files were read before with the same options is loaded from it instead."""
    if not folder.is_dir():
        raise InputError(
            f"{folder}: no such folder; give the folder that holds the extract CSV files."
        )
    csv_shape.check_reading_options(encoding, date_format)
    lists = lists_for_reading(councils, code_lists)
    for name in sorted(set(wanted)):
        if name in specs:
            refuse_missing_lists(specs[name], lists)
    extracts = Extracts(folder=folder)
    files_of = _files_of(folder, wanted, extracts)
    # Two threads work ahead of the one that types the records: one scans each file's bytes
    # (digests, line breaks), the other has Arrow parse the next dataset. Arrow, hashing and
    # reading release Python's lock, so the three overlap; one dataset ahead keeps memory low.
    scanner = scanning.Scanner(cache=cache is not None)
    parser = ThreadPoolExecutor(max_workers=1)
    order = list(files_of.items())
    parsed: dict[Path, Future[tuple[pa.Table, dict[str, str]]]] = {}

    def parse_ahead(position: int) -> None:
        if position < len(order):
            name, files = order[position]
            if cache is not None and cache.may_hold(name):
                return  # its files' digests decide, when its turn comes
            for path in files:
                parsed[path] = parser.submit(_parse_file, path, specs[name], encoding)

    options: Any = {"code_lists": code_lists, "encoding": encoding, "date_format": date_format}
    try:
        for name, files in order:  # a file the cache may hold is first hashed for its key
            scanner.start(files, key_only=cache is not None and cache.may_hold(name))
        parse_ahead(0)
        for position, (name, files) in enumerate(order):
            parse_ahead(position + 1)
            try:
                dataset, findings, digests = _read_one(
                    name, specs[name], files, councils, scanner, parsed, cache, options
                )
            except OSError as problem:
                raise InputError(
                    f"{problem.filename or folder}: cannot be read "
                    f"({problem.strerror or problem}); "
                    "check that you may read it and that it is not open in another program."
                ) from None
            for path, digest in zip(files, digests, strict=True):
                extracts.digests[str(path.relative_to(folder))] = digest
            extracts.datasets[name] = dataset
            extracts.findings.extend(findings)
            del dataset, findings
            give_back_freed_memory()  # what typing it freed, before the next dataset is typed
    finally:
        extracts.notes.extend(cache.notes if cache is not None else [])
        parsed.clear()
        parser.shutdown(wait=True, cancel_futures=True)
        scanner.shutdown()
    if not extracts.datasets:
        expected = ", ".join(f"{n}.csv" for n in sorted(set(wanted)))
        raise InputError(
            f"{folder}: none of the needed extracts is there; expected files such as {expected}."
        )
    return extracts
