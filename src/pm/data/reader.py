"""`read_extracts`: every dataset read once, columns matched case-insensitively, values
typed by the data-item specification, and bad records set aside as findings.

Each dataset comes from `<dataset>.csv`, `<dataset>.parquet`, or a folder `<dataset>/` of
such files (an extract split into parts). A record with any finding is excluded from every
measure of its dataset and listed in the data-quality report; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pm.calendar.clock import read_local_times
from pm.data import csv_shape
from pm.data.arrow_types import map_codes, parse_dates, to_numbers
from pm.data.code_lists import CODE_LISTS as _CODE_LISTS
from pm.data.code_lists import register_code_list  # noqa: F401  (kept importable from here)
from pm.data.findings import Finding, advice_of, advise
from pm.definitions.models import Column, DatasetSpec
from pm.definitions.vocab import ColumnType
from pm.errors import InputError

TRUE_WORDS = {"y", "yes", "true", "1", "t"}
FALSE_WORDS = {"n", "no", "false", "0", "f"}
LINE = "__line__"
SOURCE = "__file__"


@dataclass
class Dataset:
    """The valid records of one dataset, with where each came from."""

    name: str
    spec: DatasetSpec
    frame: pd.DataFrame
    files: list[Path]
    rows_read: int


@dataclass
class Extracts:
    """What one run read: valid records per dataset, findings, and input digests."""

    folder: Path
    datasets: dict[str, Dataset] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def findings_frame(self) -> pd.DataFrame:
        columns = ["dataset", "file", "line", "column", "code", "value", "record_id", "la_code"]
        frame = pd.DataFrame([f.__dict__ for f in self.findings], columns=columns)
        frame["advice"] = [advice_of(f) for f in self.findings]
        return frame.sort_values(
            ["dataset", "file", "line", "column", "code"], kind="stable"
        ).reset_index(drop=True)


def dataset_files(folder: Path, name: str) -> list[Path]:
    """The file(s) holding `name` in `folder`: exact name first, any case accepted."""
    entries = {entry.name.lower(): entry for entry in folder.iterdir()} if folder.is_dir() else {}
    for suffix in (".csv", ".parquet"):
        hit = entries.get(f"{name}{suffix}")
        if hit is not None and hit.is_file():
            return [hit]
    part_folder = entries.get(name)
    if part_folder is not None and part_folder.is_dir():
        return sorted(
            p
            for p in part_folder.iterdir()
            if p.suffix.lower() in (".csv", ".parquet") and p.is_file()
        )
    return []


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _header(path: Path, encoding: str) -> list[str]:
    with path.open("r", encoding=encoding, newline="") as stream:
        first = stream.readline()
    if not first.strip():
        raise InputError(
            f"{path}: the file is empty; export the extract again with its header row."
        )
    return next(csv.reader(io.StringIO(first)))


def _read_csv(path: Path, encoding: str) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    csv_shape.sniff(path, encoding)
    try:
        names = _header(path, _text_encoding(encoding))
    except UnicodeError:
        raise csv_shape.diagnose(path, encoding, 0) from None
    csv_shape.separator_problem(path, names)
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding=encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                # large_string is what pandas keeps its text in: no copy on conversion
                column_types={name: pa.large_string() for name in names},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeError):
        if csv_shape.only_header(path):
            return pd.DataFrame({name: pd.Series(dtype="str") for name in names})
        raise csv_shape.diagnose(path, encoding, len(names)) from None
    frame = table.to_pandas()
    frame.columns = names if len(names) == len(frame.columns) else frame.columns
    return frame


def _text_encoding(encoding: str) -> str:
    """UTF-8 read so that a byte-order mark is dropped, not glued to the first column name."""
    return "utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as problem:
        raise InputError(f"{path}: cannot read the Parquet file: {problem}") from None
    import pyarrow.compute as pc

    columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_timestamp(column.type):
            # A zone-aware time keeps its offset, so the instant is exact (pm.calendar.clock).
            aware = column.type.tz is not None
            text = pc.strftime(column, format="%Y-%m-%d %H:%M:%S" + ("%z" if aware else ""))
            pattern = r" 00:00:00(\.0+)?([+-]\d{4})?$"
            column = pc.replace_substring_regex(text, pattern=pattern, replacement="")
        columns[name] = column.cast(pa.string()) if not pa.types.is_string(column.type) else column
    return pa.table(columns).to_pandas()


def _match_columns(frame: pd.DataFrame, spec: DatasetSpec, path: Path) -> pd.DataFrame:
    """Rename columns to the specification's names, any case and surrounding spaces ignored."""
    normalised = [str(c).strip().lower() for c in frame.columns]
    seen: dict[str, int] = {}
    for name in normalised:
        seen[name] = seen.get(name, 0) + 1
    doubled = sorted(name for name, count in seen.items() if count > 1)
    if doubled:
        raise InputError(
            f"{path}: the column(s) {', '.join(doubled)} appear more than once; keep one of each."
        )
    frame = frame.copy()
    frame.columns = normalised
    missing = [c.name for c in spec.columns if c.required and c.name not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: required column(s) missing: {', '.join(missing)}. "
            f"See technical_guidance/datasets/{spec.dataset}.md for the columns of this extract."
        )
    keep = [c.name for c in spec.columns if c.name in frame.columns]
    frame = frame[keep].copy()
    for column in spec.columns:
        if column.name not in frame.columns:
            frame[column.name] = pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame


@dataclass
class _Problems:
    """Per-row findings collected while typing one file."""

    dataset: str
    file: str
    frame: pd.DataFrame
    rows: list[tuple[np.ndarray, str, str, pd.Series]] = field(default_factory=list)

    def add(self, mask: np.ndarray, column: str, code: str, values: pd.Series) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.rows.append((mask, column, code, values))

    def bad_rows(self) -> np.ndarray:
        bad = np.zeros(len(self.frame), dtype=bool)
        for mask, *_ in self.rows:
            bad |= mask
        return bad


def _type_column(
    raw: pd.Series,
    column: Column,
    problems: _Problems,
    date_format: str | None,
    councils: set[str],
    time_zone: str = "Europe/London",
) -> pd.Series:
    """One column from text to its declared type; unreadable values become findings."""
    text = raw.astype("str").str.strip()
    text = text.mask(text == "")
    present = text.notna().to_numpy()
    if column.required:
        problems.add(~present, column.name, "missing_required", text)
    kind = column.type
    if kind in (ColumnType.identifier, ColumnType.text):
        return text
    if kind is ColumnType.code:
        if column.codes_from == "councils":
            allowed = councils
        elif column.codes_from:
            allowed = _CODE_LISTS.get(column.codes_from)
            if allowed is None:
                return text
        else:
            allowed = set(column.codes or [])
        canonical = {code.lower(): code for code in allowed}
        mapped = map_codes(text, canonical)
        bad = present & mapped.isna().to_numpy()
        problems.add(
            bad,
            column.name,
            "unknown_la_code" if column.name == "la_code" else "unknown_code",
            text,
        )
        return mapped.astype("str")
    if kind is ColumnType.date:
        fmt = column.format or date_format or "%Y-%m-%d"
        parsed = parse_dates(text, fmt)
        problems.add(present & parsed.isna().to_numpy(), column.name, "invalid_date", text)
        problems.add(csv_shape.implausible(parsed), column.name, "implausible_date", text)
        return parsed
    if kind is ColumnType.datetime:
        # Clock readings become real instants, so hours across a change of clocks are right.
        parsed = read_local_times(text, time_zone)
        problems.add(present & parsed.isna().to_numpy(), column.name, "invalid_datetime", text)
        problems.add(csv_shape.implausible(parsed), column.name, "implausible_date", text)
        return parsed
    if kind in (ColumnType.integer, ColumnType.number):
        number = to_numbers(text)
        bad = present & number.isna().to_numpy()
        if kind is ColumnType.integer:
            fractional = number.notna().to_numpy() & (number.fillna(0) % 1 != 0).to_numpy()
            bad |= fractional
        problems.add(bad, column.name, "invalid_number", text)
        number = number.where(~bad)
        low = column.min if column.min is not None else -np.inf
        high = column.max if column.max is not None else np.inf
        outside = (
            number.notna().to_numpy() & ((number < low) | (number > high)).fillna(False).to_numpy()
        )
        problems.add(outside, column.name, "out_of_range", text)
        return number.astype("Int64" if kind is ColumnType.integer else "Float64")
    if kind is ColumnType.boolean:
        lowered = text.str.lower()
        result = pd.Series(pd.NA, index=text.index, dtype="boolean")
        result[lowered.isin(TRUE_WORDS).to_numpy()] = True
        result[lowered.isin(FALSE_WORDS).to_numpy()] = False
        problems.add(present & result.isna().to_numpy(), column.name, "invalid_boolean", text)
        return result
    if kind is ColumnType.year_label:
        ok = text.str.fullmatch(r"\d{4}-\d{2}").fillna(False).to_numpy()
        problems.add(present & ~ok, column.name, "invalid_year_label", text)
        return text
    return text


def read_dataset(
    name: str,
    spec: DatasetSpec,
    files: list[Path],
    councils: set[str],
    *,
    encoding: str = "utf-8",
    date_format: str | None = None,
) -> tuple[Dataset, list[Finding]]:
    """Read and type every file of one dataset; return valid records and findings."""
    frames: list[pd.DataFrame] = []
    invalid: list[np.ndarray] = []
    findings: list[Finding] = []
    for path in files:
        raw = (
            _read_parquet(path) if path.suffix.lower() == ".parquet" else _read_csv(path, encoding)
        )
        lines = (
            None
            if path.suffix.lower() == ".parquet"
            else csv_shape.record_lines(path, _text_encoding(encoding), len(raw))
        )
        raw = _match_columns(raw, spec, path)
        typed, found, bad = _typed_and_invalid(
            spec, raw, str(path), councils, date_format=date_format, lines=lines
        )
        findings.extend(advise(found, spec, date_format))
        frames.append(typed)
        invalid.append(bad)
    if not frames:
        return Dataset(name, spec, pd.DataFrame(), files, 0), findings
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    keep = ~np.concatenate(invalid)
    rows_read = int(keep.sum())
    key = ["la_code", spec.record_id] if spec.record_id else list(spec.unique_key or [])
    if key and rows_read:
        # A record id (or unique key) given twice among valid records: the first is kept, the
        # others reported. Only the key columns are looked at here; the whole table is copied
        # once, below, dropping invalid and repeated records together.
        valid_rows = np.flatnonzero(keep)
        repeats = frame[key].iloc[valid_rows].duplicated(keep="first").to_numpy()
        doubled = np.zeros(len(frame), dtype=bool)
        doubled[valid_rows[repeats]] = True
        if doubled.any():
            findings.extend(_duplicate_findings(name, spec, frame.loc[doubled], key))
            keep &= ~doubled
    if not keep.all():
        frame = frame.loc[keep]
    return Dataset(name, spec, frame.reset_index(drop=True), files, rows_read), findings


def _duplicate_findings(
    name: str, spec: DatasetSpec, doubles: pd.DataFrame, key: list[str]
) -> list[Finding]:
    """One finding per repeated record, read column by column (not row by row: a large
    extract can repeat thousands of ids)."""
    shown_column = spec.record_id or key[-1]
    columns = {c: [str(v) for v in doubles[c].tolist()] for c in {*key, "la_code", SOURCE}}
    shown = [columns[k] for k in key if k != "la_code"]
    values = [" / ".join(parts) for parts in zip(*shown, strict=True)]
    record_ids = columns[spec.record_id] if spec.record_id else [""] * len(doubles)
    return [
        Finding(name, source, int(line), shown_column, "duplicate_id", value, record_id, la_code)
        for source, line, value, record_id, la_code in zip(
            columns[SOURCE],
            doubles[LINE].tolist(),
            values,
            record_ids,
            columns["la_code"],
            strict=True,
        )
    ]


def type_records(
    spec: DatasetSpec,
    raw: pd.DataFrame,
    label: str,
    councils: set[str],
    *,
    date_format: str | None = None,
    lines: np.ndarray | None = None,
) -> tuple[pd.DataFrame, list[Finding]]:
    """Type the text columns of one file; return its valid records and the findings.

    `lines` gives the line each record starts on when that is not simply its position + 2
    (blank lines, or values that hold line breaks).
    """
    typed, findings, bad = _typed_and_invalid(
        spec, raw, label, councils, date_format=date_format, lines=lines
    )
    return typed.loc[~bad], findings


def _typed_and_invalid(
    spec: DatasetSpec,
    raw: pd.DataFrame,
    label: str,
    councils: set[str],
    *,
    date_format: str | None = None,
    lines: np.ndarray | None = None,
) -> tuple[pd.DataFrame, list[Finding], np.ndarray]:
    """:func:`type_records` before the invalid records are dropped, with their mask, so that a
    caller copying the table anyway can drop them in the same pass."""
    problems = _Problems(spec.dataset, label, raw)
    typed = pd.DataFrame(index=raw.index)
    for column in spec.columns:
        typed[column.name] = _type_column(
            raw[column.name], column, problems, date_format, councils, spec.time_zone
        )
    for pair in spec.date_order:
        start, end = typed[pair.start], typed[pair.end]
        reversed_ = (end < start).fillna(False).to_numpy(dtype=bool)
        problems.add(reversed_, pair.end, "end_before_start", raw[pair.end])
    typed[LINE] = lines if lines is not None else np.arange(len(typed), dtype=np.int64) + 2
    typed[SOURCE] = Path(label).name
    findings = _to_findings(problems, typed, spec)
    return typed, findings, problems.bad_rows()


def _to_findings(problems: _Problems, typed: pd.DataFrame, spec: DatasetSpec) -> list[Finding]:
    found = []
    file = Path(problems.file).name

    def texts(series: pd.Series | None, rows: np.ndarray) -> list[str]:
        if series is None:
            return [""] * len(rows)
        return ["" if pd.isna(v) else str(v) for v in series.iloc[rows].tolist()]

    record_ids = typed[spec.record_id] if spec.record_id else None
    lines = typed[LINE].to_numpy()
    for mask, column, code, values in problems.rows:
        rows = np.flatnonzero(mask)  # taken once per problem, not once per row
        typed_codes = typed["la_code"].iloc[rows].astype("str")
        raw_codes = problems.frame["la_code"].iloc[rows].astype("str")
        la_codes = typed_codes.fillna(raw_codes)
        for index, value, record_id, la_code in zip(
            rows.tolist(),
            texts(values, rows),
            texts(record_ids, rows),
            texts(la_codes, np.arange(len(rows))),
            strict=True,
        ):
            found.append(
                Finding(
                    dataset=spec.dataset,
                    file=file,
                    line=int(lines[index]),
                    column=column,
                    code=code,
                    value=value,
                    record_id=record_id,
                    la_code=la_code,
                )
            )
    return found


def read_extracts(
    folder: Path,
    specs: dict[str, DatasetSpec],
    wanted: list[str],
    councils: set[str],
    *,
    encoding: str = "utf-8",
    date_format: str | None = None,
) -> Extracts:
    """Read each wanted dataset once from `folder`; missing ones are listed, not fatal."""
    if not folder.is_dir():
        raise InputError(
            f"{folder}: no such folder; give the folder that holds the extract CSV files."
        )
    csv_shape.check_reading_options(encoding, date_format)
    extracts = Extracts(folder=folder)
    for name in sorted(set(wanted)):
        try:
            files = dataset_files(folder, name)
        except OSError as problem:
            raise InputError(f"{folder}: cannot list the folder ({problem.strerror}).") from None
        if not files:
            extracts.missing.append(name)
            continue
        try:
            for path in files:
                extracts.digests[str(path.relative_to(folder))] = sha256_of(path)
            dataset, findings = read_dataset(
                name, specs[name], files, councils, encoding=encoding, date_format=date_format
            )
        except OSError as problem:
            raise InputError(
                f"{problem.filename or folder}: cannot be read ({problem.strerror or problem}); "
                "check that you may read it and that it is not open in another program."
            ) from None
        extracts.datasets[name] = dataset
        extracts.findings.extend(findings)
    if not extracts.datasets:
        expected = ", ".join(f"{n}.csv" for n in sorted(set(wanted)))
        raise InputError(
            f"{folder}: none of the needed extracts is there; expected files such as {expected}."
        )
    return extracts
