"""Property-based robustness (issue 8): whatever bytes an extract holds and whatever text a
rule holds, pm answers with its data or one of its documented errors, never a crash.

CI runs a few hundred examples per target; the fuzzing run (`make fuzz`) sets
PM_FUZZ_EXAMPLES=10000 and runs the same properties for longer.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from engine_helpers import councils, definitions
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_expressions import MATCH_SCOPE, SCOPE, must_be_expression_or_expression_error, token_soup

from pm.data.findings import FINDING_CODES
from pm.data.reader import LINE, read_extracts
from pm.errors import InputError

APE = "adult_protection_enquiries"
HEADER = "enquiry_id,person_id,la_code,report_received_date,enquiry_completed_date,age_at_report"
EXAMPLES = int(os.environ.get("PM_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_FOLDER = Path(tempfile.mkdtemp(prefix="pm-fuzz-"))


def read_or_refuse(content: bytes, encoding: str = "utf-8") -> None:
    """The property: the reader returns typed records and known findings, or an InputError
    that names the file in one line."""
    path = _FOLDER / f"{APE}.csv"
    path.write_bytes(content)
    try:
        found = read_extracts(_FOLDER, definitions().datasets, [APE], councils(), encoding=encoding)
    except InputError as problem:
        message = str(problem)
        assert message.startswith(str(path)), message
        assert "\n" not in message
        return
    dataset = found.datasets[APE]
    for finding in found.findings:
        assert finding.code in FINDING_CODES
        assert finding.line >= 2
        assert finding.file == path.name
    assert (dataset.frame[LINE] >= 2).all()
    assert len(dataset.frame) <= dataset.rows_read


@FUZZ
@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\x00" * 10)
@example(HEADER.encode() + b'\n"')
@example(HEADER.encode() + b"\r\n\r\n\r\n")
@example(HEADER.encode())
def test_random_bytes_are_read_or_refused_with_an_input_error(content: bytes) -> None:
    read_or_refuse(content)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]))
def test_random_bytes_after_a_valid_header_are_read_or_refused(tail: bytes, encoding: str) -> None:
    read_or_refuse(HEADER.encode(encoding) + b"\n" + tail, encoding)


FIELD = st.one_of(
    st.sampled_from(
        [
            "",
            "E1",
            "007",
            "W06000015",
            "w06000015",
            "W92000004",
            "2023-06-01",
            "2024-02-29",
            "2023-02-31",
            "01/06/2023",
            "45078",
            "2203-06-12",
            "0001-01-01",
            "9999-12-31",
            "70",
            "-4",
            "999",
            "1e400",
            "nan",
            "NaN",
            "inf",
            "18.5",
            " 70 ",
            '"',
            '""',
            "\r",
            "\n",
            ",",
            ";",
            "\t",
            "\x00",
            "é",
            "Tîm",
            "\ufeff",
            "null",
            "NULL",
            "None",
        ]
    ),
    st.text(max_size=12),
)
ROW = st.lists(FIELD, min_size=0, max_size=9)


def _csv(rows: list[list[str]], quote: bool, newline: str) -> bytes:
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if quote else text

    lines = [HEADER] + [",".join(cell(v) for v in row) for row in rows]
    return newline.join(lines).encode("utf-8", errors="surrogatepass")


@FUZZ
@given(
    st.lists(ROW, max_size=12), st.booleans(), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans()
)
# Found in CI (session 8): a date cell that only starts like a date crashed the date advice.
@example(rows=[["", "", ",", "1e400", ""]], quote=False, newline="\n", final=False)
def test_csv_shaped_text_is_read_or_refused(
    rows: list[list[str]], quote: bool, newline: str, final: bool
) -> None:
    try:
        content = _csv(rows, quote, newline) + (newline.encode() if final else b"")
    except UnicodeEncodeError:
        return
    read_or_refuse(content)


# --------------------------------------------------------------------------- rules


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@FUZZ
@given(st.text(max_size=300))
def test_random_text_is_a_checked_rule_or_a_coded_refusal(text: str) -> None:
    must_be_expression_or_expression_error(text, SCOPE)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@FUZZ
@given(token_soup(), st.booleans())
def test_rule_like_token_soup_is_a_checked_rule_or_a_coded_refusal(text: str, match: bool) -> None:
    must_be_expression_or_expression_error(text, MATCH_SCOPE if match else SCOPE)
