"""The shape of a CSV extract: what is wrong with a file the fast reader refused, and on
which line each record starts.

Arrow reads well-formed files quickly but says little when a file is malformed. These
helpers run only when they are needed (a refused file, or a file whose records do not sit
one per line) and turn the problem into one sentence that names the file and the line and
says what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np

from pm.data.scanning import Scan, scan
from pm.errors import InputError, UsageError

SNIFF_BYTES = 1 << 16

# Files that are often saved with a .csv name by mistake, by their first bytes.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
    (b"PAR1", "a Parquet file"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"%PDF", "a PDF document"),
)
_SAVE_AS = "open it in Excel and use Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'"


def check_reading_options(encoding: str, date_format: str | None) -> None:
    """Refuse an unknown --encoding or a --date-format that cannot read a whole date."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(
            f"--encoding {encoding!r} is not a text encoding pm knows; use utf-8 (the default) or cp1252."
        ) from None
    if date_format is None:
        return
    sample = dt.datetime(2023, 6, 1)
    try:
        written = sample.strftime(date_format)
        readable = dt.datetime.strptime(written, date_format) == sample
    except ValueError:
        readable = False
    if not readable:
        raise UsageError(
            f"--date-format {date_format!r} cannot read a date: give the day, month and year "
            "with % codes, such as %d/%m/%Y for 01/06/2023."
        )


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def sniff(path: Path, encoding: str) -> None:
    """Refuse a file whose first bytes show it is not CSV text (binary data, a workbook)."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not codecs.lookup(
        encoding
    ).name.startswith("utf-16"):
        raise InputError(
            f"{path}: the file is saved as UTF-16 ('Unicode Text'); {_SAVE_AS}, "
            "or run again with --encoding utf-16."
        )
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise InputError(f"{path}: this is {kind}, not a CSV file; {_SAVE_AS}.")
    nul = head.find(b"\x00")
    if nul >= 0 and not _wide(encoding):
        raise InputError(_binary_message(path, _line_of(head, nul)))


def _wide(encoding: str) -> bool:
    """UTF-16 and UTF-32 text holds zero bytes by design."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _binary_message(path: Path, line: int) -> str:
    return (
        f"{path}, line {line}: the file holds binary data, not CSV text; "
        "export the extract again as a CSV file."
    )


def _looks_binary(text: bytes) -> bool:
    """Control characters other than tab and line breaks are not found in real extracts."""
    if not text:
        return False
    controls = sum(1 for byte in text if byte < 32 and byte not in (9, 10, 13))
    return b"\x00" in text or controls * 20 > len(text)


def separator_problem(path: Path, names: list[str]) -> None:
    """Refuse a file whose header shows it is separated by semicolons or tabs, not commas."""
    if len(names) != 1:
        return
    for mark, word in ((";", "semicolon"), ("\t", "tab")):
        if names[0].count(mark) >= 1:
            raise InputError(
                f"{path}: the file looks {word}-separated (its header is {names[0][:80]!r}); "
                f"pm reads comma-separated files: {_SAVE_AS}."
            )


def diagnose(path: Path, encoding: str, expected: int) -> InputError:
    """The first problem of a file the fast reader refused, as one line with its line number."""
    data = path.read_bytes()
    try:
        text = data.decode(codecs.lookup(encoding).name)
    except UnicodeError as problem:
        start = getattr(problem, "start", 0)
        line = _line_of(data, start) if not _wide(encoding) else 1
        if not _wide(encoding) and _looks_binary(data[max(0, start - 200) : start + 200]):
            return InputError(_binary_message(path, line))
        byte = data[start : start + 1].hex().upper()
        if codecs.lookup(encoding).name == "utf-8":
            return InputError(
                f"{path}, line {line}: the text is not UTF-8 (byte 0x{byte}); save the file as "
                "'CSV UTF-8' in Excel, or run again with --encoding cp1252 if it came from older Excel."
            )
        return InputError(
            f"{path}, line {line}: the text cannot be read as {encoding} (byte 0x{byte}); "
            "check the --encoding option, or save the file as 'CSV UTF-8'."
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    nul = text.find("\x00")
    if nul >= 0:
        return InputError(_binary_message(path, text.count("\n", 0, nul) + 1))
    return _field_count_problem(path, text, expected) or InputError(
        f"{path}: cannot read the CSV file; open it in a spreadsheet, check it, and save it "
        "again as 'CSV UTF-8'."
    )


def _field_count_problem(path: Path, text: str, expected: int) -> InputError | None:
    """The first record whose number of fields differs from the header's."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)  # the header
    start = reader.line_num + 1
    ends_cleanly = text.endswith(("\n", "\r"))
    record = next(reader, None)
    while record is not None:
        after = reader.line_num + 1
        following = next(reader, None)
        if record and len(record) != expected:
            if following is None and (not ends_cleanly or _open_quote(text)):
                return InputError(
                    f"{path}, line {start}: the file ends part-way through this row, so it looks "
                    "cut off; export the extract again in full."
                )
            if len(record) > expected:
                return InputError(
                    f"{path}, line {start}: {len(record)} values where the header has {expected} "
                    "columns; a value probably holds a comma without quotes around it. Put the "
                    "value in double quotes (Excel does this when it saves as CSV) or remove the comma."
                )
            return InputError(
                f"{path}, line {start}: {len(record)} values where the header has {expected} "
                "columns; give every column a value or an empty cell on this row."
            )
        start, record = after, following
    return None


def _open_quote(text: str) -> bool:
    """Whether the text ends inside a quoted value (an odd number of quote marks)."""
    return text.count('"') % 2 == 1


def record_lines(
    path: Path, encoding: str, records: int, scanned: Scan | None = None
) -> np.ndarray | None:
    """The line on which each record starts, or None when record k simply sits on line k + 2.

    Counting line breaks is cheap; only a file with blank lines or values that hold line
    breaks is read again, record by record, to find where each record starts. An odd number
    of quote marks may mean the file was cut off inside a quoted value, which the fast reader
    accepts silently: that file is checked, and refused if so.
    """
    if scanned is None or scanned.newlines is None or scanned.quotes is None:
        scanned = scan(path, sha256=False)
    newlines, quotes, last = int(scanned.newlines or 0), int(scanned.quotes or 0), scanned.last
    if quotes % 2:
        _refuse_unfinished_quote(path, encoding)
    physical = newlines + (0 if last in (b"\n", b"") else 1)
    if physical == records + 1:
        return None
    starts = []
    with path.open("r", encoding=encoding, newline="") as stream:
        reader = csv.reader(stream)
        next(reader, None)
        start = reader.line_num + 1
        for record in reader:
            if record:
                starts.append(start)
            start = reader.line_num + 1
    if len(starts) != records:  # the two readers disagree: keep the simple numbering
        return None
    return np.asarray(starts, dtype=np.int64)


def _refuse_unfinished_quote(path: Path, encoding: str) -> None:
    with path.open("r", encoding=encoding, newline="") as stream:
        reader = csv.reader(stream, strict=True)
        start = 1
        try:
            for _record in reader:
                start = reader.line_num + 1
        except csv.Error as problem:
            if "unexpected end of data" in str(problem):
                raise InputError(
                    f"{path}, line {start}: a quoted value starts on this row and is never closed, "
                    "so the file looks cut off; export the extract again in full."
                ) from None


_DAY_FIRST = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXCEL_SERIAL = re.compile(r"\d{5}(\.\d+)?")


def _no_such_date(year: int, month: int, day: int) -> str:
    """Why year-month-day is no date on any calendar ('' when it is one)."""
    import calendar

    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    return ""


def impossible_date(value: str) -> str:
    """Why a value shaped like a date (YYYY-MM-DD or DD/MM/YYYY) is no date whichever way it
    is read, such as 31/02/2024 or 2023-13-16; '' when some reading gives a real date."""
    # Split only once the shape is known: '1e400' or '2024-x' starts with a digit too.
    if _ISO.fullmatch(value):
        year, month, day = (int(p) for p in value.split("-"))
        reasons = [_no_such_date(year, month, day)]
    elif _DAY_FIRST.fullmatch(value):
        first, second, year = (int(p) for p in re.split(r"[/.-]", value))
        reasons = [_no_such_date(year, second, first), _no_such_date(year, first, second)]
    else:
        return ""
    return reasons[0] if all(reasons) else ""


def date_advice(value: str, declared: str) -> str:
    """What to do about a date that cannot be read, when its shape says why."""
    impossible = impossible_date(value)
    if impossible:
        return f"This is not a real date ({impossible}): correct it in the source system."
    if _DAY_FIRST.fullmatch(value) and declared == "%Y-%m-%d":
        first, second, year = (int(p) for p in re.split(r"[/.-]", value))
        if _no_such_date(year, second, first):  # 06/13/2023 reads only month first
            return (
                "This looks like a month-first date (MM/DD/YYYY): if the file's dates are "
                "written that way, run again with --date-format %m/%d/%Y."
            )
        return (
            "This looks like a day-first date (DD/MM/YYYY): if the file's dates are written "
            "that way, run again with --date-format %d/%m/%Y."
        )
    if _EXCEL_SERIAL.fullmatch(value):
        return (
            "This looks like an Excel date serial number: format the column as a date "
            "(yyyy-mm-dd) in Excel before saving the file as CSV."
        )
    if _ISO.fullmatch(value) and declared != "%Y-%m-%d":
        return (
            f"This looks like a YYYY-MM-DD date but the declared format is {declared}: "
            "run without --date-format, or correct the dates that differ."
        )
    return ""


def only_header(path: Path) -> bool:
    """Whether the file holds a header row and nothing after it (no final line break needed)."""
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES + 1)
    if len(head) > SNIFF_BYTES:
        return False
    first, _, rest = head.partition(b"\n")
    return bool(first.strip(b"\xef\xbb\xbf\r ")) and not rest.strip()


# Dates outside these years are typing mistakes (2203 for 2023, 1023 for 2023), not records.
PLAUSIBLE_FROM = np.datetime64("1900-01-01")
PLAUSIBLE_TO = np.datetime64("2099-12-31T23:59:59")


def implausible(parsed) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Which parsed dates fall outside 1900 to 2099."""
    values = parsed.to_numpy(dtype="datetime64[s]")
    known = ~np.isnat(values)
    return known & ((values < PLAUSIBLE_FROM) | (values > PLAUSIBLE_TO))
