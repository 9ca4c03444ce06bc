"""The cache of checked extracts (issue 17): the same results, findings and files with it
and without it; never a stale, foreign or damaged entry; owner-only; cleared on request;
and never among, or over, the extracts."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import REPO_ROOT
from inprocess import pm

import pm as library
from pm.data import cache as cache_module
from pm.data.cache import ExtractCache
from pm.data.reader import read_extracts

SAMPLE = REPO_ROOT / "sample_data"
# PM18 and PM24 read adult_protection_enquiries and child_assessments, with their findings
DATASETS = ["adult_protection_enquiries", "child_assessments"]
COMPUTE = ["compute", "--year", "2023-24", "-i", "PM18", "-i", "PM24"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "extracts"
    folder.mkdir()
    for name in DATASETS:
        shutil.copy(SAMPLE / f"{name}.csv", folder / f"{name}.csv")
    return folder


@pytest.fixture(autouse=True)
def _outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PM_WORKSPACE", raising=False)


def _compute(data: Path, output: Path, *options: str) -> str:
    code, said = pm(*COMPUTE, data, "-o", output, *options)
    assert code == 0, said
    return said


def _manifest(output: Path) -> dict[str, object]:
    return json.loads(output.with_name(output.stem + ".manifest.json").read_text("utf-8"))


def _entries(folder: Path, suffix: str = ".arrow") -> list[Path]:
    return sorted(folder.glob(f"*{suffix}"))


def test_results_findings_and_manifest_are_the_same_without_cold_and_warm(
    data: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    runs = {
        "none": ["--no-cache"],
        "cold": ["--cache", str(cache)],
        "warm": ["--cache", str(cache)],
    }
    outputs = {}
    for run, options in runs.items():
        outputs[run] = tmp_path / f"{run}.csv"
        _compute(data, outputs[run], *options)
    for side in ("", ".data-quality"):
        files = [o.with_name(o.stem + side + ".csv").read_bytes() for o in outputs.values()]
        assert files[0] == files[1] == files[2]
    assert len(files[0].splitlines()) > 10  # findings there are, and they came back
    manifests = {run: _manifest(output) for run, output in outputs.items()}
    flags = {run: manifests[run].pop("datasets_from_cache") for run in runs}
    assert flags["none"] == flags["cold"] == dict.fromkeys(DATASETS, False)
    assert flags["warm"] == dict.fromkeys(DATASETS, True)
    for manifest in manifests.values():
        manifest.pop("run_at"), manifest.pop("output")
    assert manifests["none"] == manifests["cold"] == manifests["warm"]


def test_every_column_type_comes_back_as_it_was_kept(tmp_path: Path) -> None:
    """All sample datasets (codes, dates, date-times, numbers, yes/no, text, year labels):
    the frame, its types and the findings loaded equal those read."""
    read = library.read_extracts(SAMPLE, no_cache=True)
    library.read_extracts(SAMPLE, cache=tmp_path / "cache")
    loaded = library.read_extracts(SAMPLE, cache=tmp_path / "cache")
    assert set(loaded.datasets) == set(read.datasets)
    for name, dataset in read.datasets.items():
        again = loaded.datasets[name]
        assert again.from_cache and not dataset.from_cache
        assert dict(again.frame.dtypes) == dict(dataset.frame.dtypes), name
        pd.testing.assert_frame_equal(again.frame, dataset.frame, check_exact=True)
        assert again.rows_read == dataset.rows_read
    assert loaded.findings == read.findings and len(read.findings) > 100
    assert loaded.digests == read.digests


def test_a_file_given_by_another_path_is_named_as_given(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _compute(data, tmp_path / "absolute.csv", "--cache", str(cache))
    relative = Path(os.path.relpath(data, tmp_path))
    _compute(relative, tmp_path / "relative.csv", "--cache", str(cache))
    _compute(relative, tmp_path / "plain.csv", "--no-cache")
    assert _manifest(tmp_path / "relative.csv")["datasets_from_cache"] == dict.fromkeys(
        DATASETS, True
    )
    quality = [(tmp_path / f"{n}.data-quality.csv").read_bytes() for n in ("relative", "plain")]
    assert quality[0] == quality[1]
    assert str(data).encode() not in quality[0]


def test_an_edited_file_is_read_again_and_replaces_its_entry(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _compute(data, tmp_path / "before.csv", "--cache", str(cache))
    before = _entries(cache)
    path = data / "child_assessments.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    kept = [line for number, line in enumerate(lines) if number % 3]  # an export of fewer records
    path.write_text(lines[0] + "".join(kept), encoding="utf-8")
    _compute(data, tmp_path / "after.csv", "--cache", str(cache))
    _compute(data, tmp_path / "plain.csv", "--no-cache")
    assert _manifest(tmp_path / "after.csv")["datasets_from_cache"] == {
        "adult_protection_enquiries": True,
        "child_assessments": False,
    }
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()
    assert (tmp_path / "after.csv").read_bytes() != (tmp_path / "before.csv").read_bytes()
    after = _entries(cache)
    assert len(after) == 2 and len(set(after) - set(before)) == 1  # one per extract


def _read(data: Path, cache: ExtractCache, **changes: object):  # type: ignore[no-untyped-def]
    definitions = library.load_definitions()
    specs = dict(definitions.datasets)
    for name, spec in list(specs.items()):
        specs[name] = spec.model_copy(update=changes) if changes else spec
    return read_extracts(
        data,
        specs,
        DATASETS,
        set(definitions.reference.council_codes),
        code_lists=definitions.reference.code_lists(),
        cache=cache,
    )


def test_another_specification_or_version_or_option_is_a_miss(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ExtractCache(tmp_path / "cache")
    _read(data, cache)
    assert all(d.from_cache for d in _read(data, cache).datasets.values())
    edited = _read(data, cache, description="a specification edited since")
    assert not any(d.from_cache for d in edited.datasets.values())
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert not any(d.from_cache for d in _read(data, cache).datasets.values())
    monkeypatch.undo()
    code, said = pm(*COMPUTE, data, "--cache", cache.folder, "--date-format", "%Y-%m-%d")
    assert code == 0, said
    assert cache.notes == []


def test_a_foreign_entry_under_the_key_is_never_used(data: Path, tmp_path: Path) -> None:
    """An entry copied over another's name (its key inside says otherwise) is refused."""
    cache = tmp_path / "cache"
    _compute(data, tmp_path / "cold.csv", "--cache", str(cache))
    first, second = _entries(cache, ".json")
    os.replace(first.with_suffix(".arrow"), second.with_suffix(".arrow"))
    os.replace(first, second)
    said = _compute(data, tmp_path / "warm.csv", "--cache", str(cache))
    assert "damaged (it was made for other files" in said
    assert (tmp_path / "warm.csv").read_bytes() == (tmp_path / "cold.csv").read_bytes()


@pytest.mark.parametrize("damage", ["truncate", "flip", "findings"])
def test_a_damaged_entry_is_rebuilt_with_a_note(data: Path, tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    _compute(data, tmp_path / "cold.csv", "--cache", str(cache))
    arrow = _entries(cache)[0]
    if damage == "truncate":
        arrow.write_bytes(arrow.read_bytes()[: arrow.stat().st_size // 2])
    elif damage == "flip":
        body = bytearray(arrow.read_bytes())
        body[len(body) // 2] ^= 0xFF
        arrow.write_bytes(bytes(body))
    else:
        about = arrow.with_suffix(".json")
        sealed = json.loads(about.read_bytes())
        sealed["entry"]["findings"][0][2] += 1  # a finding's line, changed behind the seal
        about.write_text(json.dumps(sealed), "utf-8")
    said = _compute(data, tmp_path / "warm.csv", "--cache", str(cache))
    notes = [line for line in said.splitlines() if "the cached copy" in line]
    assert len(notes) == 1 and "read again from its files and cached afresh" in notes[0]
    assert arrow.name.split(".")[0] in notes[0]
    for side in ("", ".data-quality"):
        cold, warm = (tmp_path / f"{run}{side}.csv" for run in ("cold", "warm"))
        assert cold.read_bytes() == warm.read_bytes()
    said = _compute(data, tmp_path / "again.csv", "--cache", str(cache))
    assert "the cached copy" not in said  # rebuilt: whole again
    assert _manifest(tmp_path / "again.csv")["datasets_from_cache"] == dict.fromkeys(DATASETS, True)


def test_the_cache_is_owner_only(data: Path, tmp_path: Path) -> None:
    previous = os.umask(0o002)
    try:
        _compute(data, tmp_path / "out.csv", "--cache", str(tmp_path / "cache"))
    finally:
        os.umask(previous)
    folder = tmp_path / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) == 5  # two entries of two files each, and the folder's mark
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    assert (
        (folder / "CACHEDIR.TAG")
        .read_bytes()
        .startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_the_workspace_cache_and_no_cache(data: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / "pm.yaml").write_text(f"paths:\n  data: {data}\n", encoding="utf-8")
    os.chdir(workspace)
    code, said = pm(*COMPUTE, "--no-cache", "-o", tmp_path / "plain.csv")
    assert code == 0, said
    assert sorted(p.name for p in workspace.iterdir()) == ["pm.yaml"]  # nothing kept
    code, said = pm(*COMPUTE, "-o", tmp_path / "cached.csv")
    assert code == 0, said
    assert len(_entries(workspace / ".pm-cache")) == 2
    code, said = pm("cache", "info")
    assert code == 0 and ".pm-cache" in said and "2 cached extract(s)" in said
    assert "adult_protection_enquiries: 1" in said
    code, said = pm("cache", "clear")
    assert code == 0 and "Removed 2 cached extract(s)" in said
    assert [p.name for p in (workspace / ".pm-cache").iterdir()] == ["CACHEDIR.TAG"]
    code, said = pm("cache", "info")
    assert "0 cached extract(s)" in said
    assert (tmp_path / "plain.csv").read_bytes() == (tmp_path / "cached.csv").read_bytes()


def test_clear_refuses_a_folder_that_is_not_a_cache(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    kept = folder / "report.csv"
    kept.write_text("a,b\n", encoding="utf-8")
    code, said = pm("cache", "clear", "--cache", folder)
    assert code == 2 and "not a pm cache" in said and "nothing was removed" in said
    assert kept.read_text(encoding="utf-8") == "a,b\n"


@pytest.mark.parametrize("where", ["the extracts", "inside the extracts", "other files"])
def test_the_cache_is_never_among_the_extracts_or_other_files(
    data: Path, tmp_path: Path, where: str
) -> None:
    folder = {
        "the extracts": data,
        "inside the extracts": data / "kept",
        "other files": tmp_path,
    }[where]
    before = {p: p.read_bytes() for p in data.iterdir()}
    code, said = pm(*COMPUTE, data, "--cache", folder, "-o", tmp_path / "out.csv")
    assert code == 2, said
    assert ("inside it" in said) if where != "other files" else ("not a pm cache" in said)
    assert {p: p.read_bytes() for p in data.iterdir()} == before
    assert not (tmp_path / "out.csv").exists()


def test_cache_and_no_cache_together_are_refused(data: Path, tmp_path: Path) -> None:
    code, said = pm(*COMPUTE, data, "--cache", tmp_path / "c", "--no-cache")
    assert code == 2 and "not both" in said


def test_explain_and_audit_sample_use_the_cache(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    explain = ["explain", "PM18", "--data", data, "--year", "2023-24", "--area", "Cardiff"]
    code, plain = pm(*explain, "--no-cache")
    assert code == 0, plain
    assert not cache.exists()
    assert pm(*explain, "--cache", cache) == (0, plain)
    assert len(_entries(cache)) == 1
    assert pm(*explain, "--cache", cache) == (0, plain)
    audit = ["audit-sample", "child_assessments", "--data", data, "--size", "5", "--seed", "3"]
    for run in ("plain", "cold", "warm"):
        options = ["--no-cache"] if run == "plain" else ["--cache", cache]
        code, said = pm(*audit, *options, "-o", tmp_path / f"{run}.csv")
        assert code == 0, said
    drawn = [(tmp_path / f"{run}.csv").read_bytes() for run in ("plain", "cold", "warm")]
    assert drawn[0] == drawn[1] == drawn[2]
    assert len(_entries(cache)) == 2


def test_a_cache_that_cannot_be_written_costs_a_note_not_the_run(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pm.data import cache_folder
    from pm.errors import PmError

    def refuse(folder: Path) -> None:
        raise PmError(f"{folder}: cannot make the cache folder (Read-only file system)")

    monkeypatch.setattr(cache_folder, "prepare", refuse)
    said = _compute(data, tmp_path / "out.csv", "--cache", str(tmp_path / "cache"))
    notes = [line for line in said.splitlines() if "was not kept in the cache" in line]
    assert len(notes) == 2 and "Read-only file system" in notes[0]
    assert not (tmp_path / "cache").exists()
    _compute(data, tmp_path / "plain.csv", "--no-cache")
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()


def test_the_manifest_digests_of_a_warm_run_are_the_files_sha256(
    data: Path, tmp_path: Path
) -> None:
    """A warm run does not hash the extracts with SHA-256: the entry kept their SHA-256,
    taken from the same bytes (the BLAKE3 digests that found it say so)."""
    cache = tmp_path / "cache"
    _compute(data, tmp_path / "cold.csv", "--cache", str(cache))
    _compute(data, tmp_path / "warm.csv", "--cache", str(cache))
    warm = _manifest(tmp_path / "warm.csv")
    assert warm["datasets_from_cache"] == dict.fromkeys(DATASETS, True)
    expected = {
        f"{name}.csv": hashlib.sha256((data / f"{name}.csv").read_bytes()).hexdigest()
        for name in DATASETS
    }
    assert warm["input_sha256"] == expected


def test_a_file_changed_in_one_byte_with_its_size_and_time_kept_is_a_miss(
    data: Path, tmp_path: Path
) -> None:
    """The key is the content's digest, not the file's size and time: an extract edited
    in place and given back its old time stamp is read again."""
    cache = tmp_path / "cache"
    _compute(data, tmp_path / "before.csv", "--cache", str(cache))
    path = data / "child_assessments.csv"
    stamp = path.stat()
    body = path.read_bytes()
    assert body.count(b",W06000024,") > 10  # Merthyr Tydfil's records, given to Swansea
    path.write_bytes(body.replace(b",W06000024,", b",W06000011,"))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stamp.st_size, stamp.st_mtime_ns)
    _compute(data, tmp_path / "after.csv", "--cache", str(cache))
    assert _manifest(tmp_path / "after.csv")["datasets_from_cache"] == {
        "adult_protection_enquiries": True,
        "child_assessments": False,
    }
    _compute(data, tmp_path / "plain.csv", "--no-cache")
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()
    assert (tmp_path / "after.csv").read_bytes() != (tmp_path / "before.csv").read_bytes()


def test_an_entry_of_an_older_format_is_never_used(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries made by a pm whose entries had another layout (format 1: SHA-256 keys) miss,
    and are replaced; one put under a key of this format is refused as damaged."""
    cache = tmp_path / "cache"
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT - 1)
    _compute(data, tmp_path / "old.csv", "--cache", str(cache))
    old = _entries(cache, ".json")
    monkeypatch.undo()
    said = _compute(data, tmp_path / "new.csv", "--cache", str(cache))
    assert "the cached copy" not in said  # another key: a miss, not damage
    assert _manifest(tmp_path / "new.csv")["datasets_from_cache"] == dict.fromkeys(DATASETS, False)
    new = _entries(cache, ".json")
    assert len(new) == 2 and not set(old) & set(new)  # the old entries were replaced
    # an entry of the old layout under a current key: its seal is whole, its format is not
    about = new[0]
    sealed = json.loads(about.read_bytes())["entry"]
    sealed["format"] = cache_module.FORMAT - 1
    about.write_bytes(cache_module._sealed(sealed))
    said = _compute(data, tmp_path / "again.csv", "--cache", str(cache))
    assert "damaged (it was made for other files or by another version of pm)" in said
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "new.csv").read_bytes()
