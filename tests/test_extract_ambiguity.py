"""Issue 14 §9: an extract present more than once (as .csv, .parquet or a folder of parts,
in any case) is refused, naming every copy, instead of one being read and the others
ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from inprocess import pm

from pm.data.reader import dataset_files, read_extracts
from pm.definitions.loader import load_definitions
from pm.errors import InputError

REPO = Path(__file__).resolve().parents[1]
NAME = "safeguarding_referrals"
SOURCE = REPO / "sample_data" / f"{NAME}.csv"


def as_parquet(target: Path) -> None:
    import pandas as pd

    pd.read_csv(SOURCE, dtype=str).to_parquet(target)


def as_parts(folder: Path) -> None:
    folder.mkdir()
    shutil.copy(SOURCE, folder / "part-1.csv")


COPIES = {
    "csv": lambda d: shutil.copy(SOURCE, d / f"{NAME}.csv"),
    "CSV in capitals": lambda d: shutil.copy(SOURCE, d / f"{NAME.upper()}.CSV"),
    "parquet": lambda d: as_parquet(d / f"{NAME}.parquet"),
    "Parquet in another case": lambda d: as_parquet(d / "Safeguarding_Referrals.Parquet"),
    "folder": lambda d: as_parts(d / NAME),
    "Folder in another case": lambda d: as_parts(d / "Safeguarding_Referrals"),
}
SHOWN = {
    "csv": f"{NAME}.csv",
    "CSV in capitals": f"{NAME.upper()}.CSV",
    "parquet": f"{NAME}.parquet",
    "Parquet in another case": "Safeguarding_Referrals.Parquet",
    "folder": f"{NAME}/",
    "Folder in another case": "Safeguarding_Referrals/",
}
PAIRS = [
    ("csv", "parquet"),
    ("csv", "folder"),
    ("parquet", "folder"),
    ("csv", "CSV in capitals"),
    ("csv", "Parquet in another case"),
    ("parquet", "Folder in another case"),
    ("csv", "parquet", "folder"),
]


@pytest.fixture(scope="module")
def definitions():  # type: ignore[no-untyped-def]
    return load_definitions(check=False)


@pytest.mark.parametrize("kinds", PAIRS, ids=[" + ".join(k) for k in PAIRS])
def test_an_extract_found_more_than_once_is_refused_naming_every_copy(
    tmp_path: Path, definitions, kinds: tuple[str, ...]
) -> None:
    for kind in kinds:
        COPIES[kind](tmp_path)
    with pytest.raises(InputError) as refused:
        read_extracts(
            tmp_path,
            definitions.datasets,
            [NAME],
            set(definitions.reference.council_codes),
        )
    message = str(refused.value)
    assert message.startswith(f"{tmp_path}: the extract {NAME} is there {len(kinds)} times (")
    for kind in kinds:
        assert SHOWN[kind] in message
    assert "keep one and move the others out of the folder" in message


@pytest.mark.parametrize("kind", list(COPIES))
def test_one_copy_in_any_form_and_case_is_read(tmp_path: Path, kind: str) -> None:
    COPIES[kind](tmp_path)
    files = dataset_files(tmp_path, NAME)
    assert len(files) == 1
    assert files[0].name.casefold() in {f"{NAME}.csv", f"{NAME}.parquet", "part-1.csv"}


def test_the_command_line_stops_with_exit_code_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    COPIES["csv"](tmp_path / "data")
    COPIES["folder"](tmp_path / "data")
    for args in (
        ("compute", "data", "--year", "2023-24", "-i", "LOC01", "-o", "r.csv"),
        ("explain", "LOC01", "--data", "data", "--year", "2023-24", "--area", "Cardiff"),
        ("audit-sample", NAME, "--data", "data", "--size", "2", "--seed", "1"),
    ):
        code, said = pm(*args)
        assert code == 3, said
        assert said.startswith(f"data: the extract {NAME} is there 2 times ({NAME}/, {NAME}.csv)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # nothing written
