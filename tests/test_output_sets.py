"""Issue 14 §8: a set of outputs is all old or all new, a file replaced keeps its mode, and
person-level outputs (the explain trail, the audit sample) are private from the start."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from inprocess import pm

from pm import files
from pm.errors import PmError

REPO = Path(__file__).resolve().parents[1]
SET = ("results.csv", "results.data-quality.csv", "results.manifest.json")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """A usual umask, whatever the machine running the tests has."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def failing_replace(on_call: int, *, make_folder: bool = False):  # type: ignore[no-untyped-def]
    """os.replace that fails on its `on_call`-th call: by itself, or because a folder was put
    in the file's place after every check had passed."""
    real = os.replace
    calls: list[str] = []

    def replace(source, target):  # type: ignore[no-untyped-def]
        if str(source).endswith(".tmp") and not str(source).endswith(".previous.tmp"):
            calls.append(str(target))
            if len(calls) == on_call:
                if make_folder:
                    Path(target).unlink(missing_ok=True)
                    Path(target).mkdir()
                else:
                    raise PermissionError(13, "Permission denied", str(target))
        return real(source, target)

    return replace


# ---------------------------------------------------------------------------- all or none


@pytest.mark.parametrize("failing", [1, 2, 3])
def test_when_one_member_cannot_be_replaced_the_others_are_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    before = {name: f"old {name}\n".encode() for name in SET}
    for name, data in before.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setattr(files.os, "replace", failing_replace(failing))
    with pytest.raises(PmError, match="The previous files were kept as they were"):
        files.write_files_atomic({tmp_path / name: b"new\n" for name in SET})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temporary left


def test_members_that_did_not_exist_are_removed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / SET[2]).write_bytes(b"old manifest\n")
    monkeypatch.setattr(files.os, "replace", failing_replace(3))
    with pytest.raises(PmError):
        files.write_files_atomic({tmp_path / name: b"new\n" for name in SET})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {SET[2]: b"old manifest\n"}


def test_a_folder_put_in_a_members_place_after_the_checks_leaves_the_old_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SET:
        (tmp_path / name).write_bytes(b"old\n")
    monkeypatch.setattr(files.os, "replace", failing_replace(3, make_folder=True))
    with pytest.raises(PmError, match="results.manifest.json: cannot write the file"):
        files.write_files_atomic({tmp_path / name: b"new\n" for name in SET})
    assert (tmp_path / SET[0]).read_bytes() == (tmp_path / SET[1]).read_bytes() == b"old\n"


def test_a_compute_whose_manifest_cannot_be_replaced_keeps_last_years_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's case: the run failed, and the results must still match the manifest."""
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    data = REPO / "sample_data"
    run = ("compute", data, "-i", "PM18", "-a", "Cardiff", "-o", "out/results.csv")
    code, said = pm(*run, "--year", "2022-23")
    assert code == 0, said
    before = {name: (tmp_path / "out" / name).read_bytes() for name in SET}
    monkeypatch.setattr(files.os, "replace", failing_replace(3))
    code, said = pm(*run, "--year", "2023-24")
    assert code == 1 and "results.manifest.json: cannot write the file" in said
    after = {name: (tmp_path / "out" / name).read_bytes() for name in SET}
    assert after == before
    manifest = json.loads(after["results.manifest.json"])
    assert "2022-23" in json.dumps(manifest) and "2023-24" not in json.dumps(manifest)
    assert b"2023-24" not in after["results.csv"]


# ---------------------------------------------------------------------------- permissions


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    modes = {"a.csv": 0o600, "b.csv": 0o640, "c.csv": 0o664}
    for name, wanted in modes.items():
        (tmp_path / name).write_bytes(b"old\n")
        (tmp_path / name).chmod(wanted)
    files.write_files_atomic({tmp_path / name: b"new\n" for name in modes})
    files.write_bytes_atomic(tmp_path / "a.csv", b"newer\n", private=False)
    assert {name: mode(tmp_path / name) for name in modes} == modes
    files.write_bytes_atomic(tmp_path / "c.csv", b"newer\n", private=True)
    assert mode(tmp_path / "c.csv") == 0o664  # the owner's choice is kept


def test_new_files_are_shared_as_usual_or_private_when_asked(
    tmp_path: Path, umask_022: None
) -> None:
    files.write_bytes_atomic(tmp_path / "shared.csv", b"x\n")
    files.write_bytes_atomic(tmp_path / "private.csv", b"x\n", private=True)
    assert mode(tmp_path / "shared.csv") == 0o644
    assert mode(tmp_path / "private.csv") == 0o600
    os.umask(0o077)
    files.write_bytes_atomic(tmp_path / "strict.csv", b"x\n")
    assert mode(tmp_path / "strict.csv") == 0o600


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


PERSON_LEVEL = {
    "explain": (
        *("explain", "PM18", "--data", REPO / "sample_data", "--year", "2023-24"),
        *("--area", "Cardiff", "-o"),
    ),
    "audit-sample": (
        *("audit-sample", "adult_protection_enquiries", "--data", REPO / "sample_data"),
        *("--size", "3", "--seed", "7", "-o"),
    ),
}


@pytest.mark.parametrize(
    ("command", "suffix"), [("explain", ".csv"), ("explain", ".xlsx"), ("audit-sample", ".csv")]
)
def test_person_level_outputs_are_private_and_keep_a_mode_the_owner_chose(
    here: Path, umask_022: None, command: str, suffix: str
) -> None:
    new = here / f"new{suffix}"
    code, said = pm(*PERSON_LEVEL[command], new)
    assert code == 0, said
    assert mode(new) == 0o600
    shared = here / f"shared{suffix}"
    shared.write_bytes(b"old\n")
    shared.chmod(0o640)  # the owner shares it with the team's group
    code, said = pm(*PERSON_LEVEL[command], shared)
    assert code == 0, said
    assert mode(shared) == 0o640 and shared.read_bytes() != b"old\n"


def test_other_outputs_get_the_usual_mode_and_keep_a_private_one(
    here: Path, umask_022: None
) -> None:
    run = ("compute", REPO / "sample_data", "--year", "2023-24", "-i", "PM18", "-a", "Cardiff")
    code, said = pm(*run, "-o", "new/results.csv")
    assert code == 0, said
    assert {mode(here / "new" / name) for name in SET} == {0o644}
    for name in SET:
        (here / "new" / name).chmod(0o600)
    code, said = pm(*run, "-o", "new/results.csv")
    assert code == 0, said
    assert {mode(here / "new" / name) for name in SET} == {0o600}
    code, said = pm(
        "report", "new/results.csv", "-t", "scorecard", "-a", "Cardiff", "-o", "card.html"
    )
    assert code == 0, said
    assert mode(here / "card.html") == 0o644
    (here / "card.html").chmod(0o600)
    code, said = pm(
        "report", "new/results.csv", "-t", "scorecard", "-a", "Cardiff", "-o", "card.html"
    )
    assert code == 0, said
    assert mode(here / "card.html") == 0o600
