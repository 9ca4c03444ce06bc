"""Memory while reading: a file's raw Arrow table is freed once its columns are taken (not
kept by the future that parsed it ahead), and freed memory is given back to the system
after each dataset (`pm.memory`), without changing what is read."""

from __future__ import annotations

import sys
import weakref
from pathlib import Path

import pyarrow as pa
import pytest
from engine_helpers import CARDIFF, SWANSEA, read, write_extract

import pm.data.reader as reader
from pm.memory import give_back_freed_memory

APE = "adult_protection_enquiries"
CA = "child_assessments"
ROWS = {
    APE: [
        ("E1", "P1", CARDIFF, "2023-05-01", "2023-05-03", 40),
        ("E2", "P2", SWANSEA, "2023-06-01", "2023-05-03", 50),  # ends before it starts
        ("E3", "P1", CARDIFF, "2023-07-01", "", 41),
    ],
    CA: [
        ("A1", "C1", CARDIFF, "2023-05-01", "2023-05-20"),
        ("A1", "C2", CARDIFF, "2023-05-02", "2023-05-21"),  # the same id again
        ("A2", "C1", SWANSEA, "2023-06-01", ""),
    ],
}


def _folder(tmp_path: Path) -> Path:
    for dataset, rows in ROWS.items():
        write_extract(tmp_path, dataset, rows)
    return tmp_path


def test_the_raw_table_is_freed_before_the_records_are_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both datasets: the second is parsed ahead, in the parser's thread, while the first is
    typed; neither raw table may outlive the taking of its columns."""
    folder = _folder(tmp_path)
    tables: dict[str, weakref.ref[pa.Table]] = {}
    alive_when_typed: dict[str, bool] = {}
    parse, type_file = reader._parse_file, reader.type_file

    def recording_parse(path: Path, *args: object) -> tuple[pa.Table, dict[str, str]]:
        table, found = parse(path, *args)  # type: ignore[arg-type]
        tables[path.name] = weakref.ref(table)
        return table, found

    def checking_type_file(spec, columns, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        alive_when_typed[Path(label).name] = tables[Path(label).name]() is not None
        return type_file(spec, columns, label, *args, **kwargs)

    monkeypatch.setattr(reader, "_parse_file", recording_parse)
    monkeypatch.setattr(reader, "type_file", checking_type_file)
    extracts = read(folder, [APE, CA])
    assert alive_when_typed == {f"{APE}.csv": False, f"{CA}.csv": False}
    assert sorted(extracts.datasets[APE].frame["enquiry_id"]) == ["E1", "E3"]
    assert sorted(extracts.datasets[CA].frame["assessment_id"]) == ["A1", "A2"]


def test_freed_memory_is_given_back_after_each_dataset_and_the_records_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    before = read(folder, [APE, CA])
    calls: list[str] = []

    def recording() -> None:
        calls.append(sys._getframe(1).f_code.co_name)  # who gave back
        give_back_freed_memory()

    monkeypatch.setattr(reader, "give_back_freed_memory", recording)
    extracts = read(folder, [APE, CA])
    # per dataset: after its file is checked, after its repeated ids, and once it is read
    assert calls == ["read_dataset", "read_dataset", "read_extracts"] * 2
    for name in (APE, CA):
        assert extracts.datasets[name].frame.equals(before.datasets[name].frame)
    assert [f.__dict__ for f in extracts.findings] == [f.__dict__ for f in before.findings]
    assert {f.code for f in extracts.findings} == {"end_before_start", "duplicate_id"}


def test_a_file_frame_built_with_release_is_the_same_and_lets_its_columns_go() -> None:
    import numpy as np
    import pandas as pd
    from engine_helpers import councils, definitions

    from pm.data.typed_file import columns_of_frame, type_file

    spec = definitions().datasets[APE]
    raw = pd.DataFrame(
        [[str(v) for v in row] for row in ROWS[APE]],
        columns=["enquiry_id", "person_id", "la_code", "report_received_date",
                 "enquiry_completed_date", "age_at_report"],
        dtype="str",
    )  # fmt: skip

    def typed():  # type: ignore[no-untyped-def]
        return type_file(spec, columns_of_frame(raw, spec), "x.csv", councils())

    keep = np.array([True, False, True])
    whole = typed().frame(keep)
    released = typed()
    assert released.frame(keep, release=True).equals(whole)
    assert released.columns == {}
    assert list(whole["enquiry_id"]) == ["E1", "E3"]
    assert list(whole["__line__"]) == [2, 4]
