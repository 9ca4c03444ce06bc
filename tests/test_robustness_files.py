"""Issue 8, files and errors: outputs are replaced whole or not at all, an interrupted run
leaves the previous output as it was, and no mistake ends in a Python traceback."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from engine_helpers import REPO_ROOT, digests, run_pm_many

from pm import files
from pm.errors import PmError

OUTPUTS = ("results.csv", "results.data-quality.csv", "results.manifest.json")


def _previous(folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    contents = {name: f"previous {name}\n".encode() for name in OUTPUTS}
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    return contents


def _as_found(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_set_of_outputs_interrupted_while_writing_leaves_the_previous_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _previous(tmp_path)
    real_fdopen = os.fdopen
    opened: list[int] = []

    def interrupted_on_the_third(handle: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(handle)
        if len(opened) == 3:
            os.close(handle)
            raise KeyboardInterrupt
        return real_fdopen(handle, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(files.os, "fdopen", interrupted_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        files.write_files_atomic({tmp_path / name: b"new\n" for name in OUTPUTS})
    assert _as_found(tmp_path) == before  # no output changed, no temporary file left


def test_a_set_of_outputs_is_written_whole(tmp_path: Path) -> None:
    _previous(tmp_path)
    files.write_files_atomic({tmp_path / name: name.encode() for name in OUTPUTS})
    assert _as_found(tmp_path) == {name: name.encode() for name in OUTPUTS}


def test_an_output_that_cannot_be_written_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(PmError) as raised:
        files.write_bytes_atomic(blocker / "results.csv", b"x")
    assert str(raised.value).startswith(f"{blocker / 'results.csv'}: cannot write the file (")
    assert "not open in another program" in str(raised.value)
    with pytest.raises(PmError):
        files.write_files_atomic({blocker / "results.csv": b"x"})
    assert blocker.read_text() == "x"


def test_an_interrupted_compute_leaves_the_previous_output_and_the_inputs_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the indicators are computed: raised at that point on purpose (a real
    signal after a sleep would race the run and prove nothing on a fast machine)."""
    import pm.engine.run as run
    from pm.cli import app

    out = tmp_path / "out"
    before = _previous(out)
    inputs = digests(REPO_ROOT / "sample_data")
    real_compute = run.compute

    def interrupted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        real_compute(*args, **kwargs)  # the work is done, the outputs not yet written
        app._interrupt(signal.SIGINT, None)  # what pm's Ctrl-C handler does

    monkeypatch.setattr(run, "compute", interrupted)
    monkeypatch.setattr(signal, "signal", lambda *_args: None)  # keep pytest's own Ctrl-C
    monkeypatch.delenv("PM_DEBUG", raising=False)
    monkeypatch.chdir(REPO_ROOT)
    argv = [
        "pm",
        "compute",
        "sample_data",
        "--year",
        "2023-24",
        "-i",
        "PM18",
        "--output",
        str(out / "results.csv"),
    ]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as exited:
        app.main()
    assert exited.value.code == 130
    assert capsys.readouterr().err.strip().endswith("error: interrupted; no output was changed")
    assert _as_found(out) == before
    assert digests(REPO_ROOT / "sample_data") == inputs


def test_an_unexpected_fault_is_one_line_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pm.definitions.loader as loader
    from pm.cli import app

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated fault")

    import pm.api.scope as scope

    monkeypatch.setattr(loader, "load_definitions", broken)
    monkeypatch.setattr(scope, "load_definition_files", broken)  # the API loads through here
    monkeypatch.setattr(signal, "signal", lambda *_args: None)  # keep pytest's own Ctrl-C
    monkeypatch.delenv("PM_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["pm", "list"])
    with pytest.raises(SystemExit) as exited:
        app.main()
    assert exited.value.code == 1
    message = capsys.readouterr().err
    assert "pm stopped on an unexpected problem (RuntimeError: simulated fault)" in message
    assert "--debug" in message and "Traceback" not in message
    monkeypatch.setattr(sys, "argv", ["pm", "--debug", "list"])
    with pytest.raises(RuntimeError, match="simulated fault"):
        app.main()
    monkeypatch.delenv("PM_DEBUG", raising=False)


def test_user_mistakes_on_the_command_line_never_show_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "adult_protection_enquiries.csv").write_bytes(b"\x00\x01binary")
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    runs = {
        "no folder": (["compute", tmp_path / "nowhere", "--year", "2023-24"], None),
        "binary": (["compute", data, "--year", "2023-24", "-i", "PM18"], None),
        "bad output format": (
            ["compute", data, "--year", "2023-24", "-o", tmp_path / "r.txt"],
            None,
        ),
        "bad date format": (
            ["compute", "sample_data", "--year", "2023-24", "-i", "PM18", "--date-format", "dd/mm"],
            None,
        ),
        "unwritable output": (
            ["compute", "sample_data", "--year", "2023-24", "-i", "PM18", "-o", blocker / "r.csv"],
            None,
        ),
        "unknown indicator": (["show", "PM999"], None),
        "bad year": (["compute", "sample_data", "--year", "2023"], None),
    }
    expected = {
        "no folder": 3,
        "binary": 3,
        "bad output format": 2,
        "bad date format": 2,
        "unwritable output": 1,
        "unknown indicator": None,
        "bad year": 2,
    }
    done = run_pm_many(runs)
    for name, result in done.items():
        assert "Traceback" not in result.stderr, (name, result.stderr)
        assert result.returncode != 0, name
        if expected[name] is not None:
            assert result.returncode == expected[name], (name, result.stderr)
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and result.stderr.strip().endswith(errors[0]), (name, result.stderr)
    assert blocker.read_text() == "x"


def test_outputs_get_the_usual_file_mode_not_a_private_one(tmp_path: Path) -> None:
    """A temporary file starts readable by its owner only; the output must not stay so."""
    import os

    from pm.files import write_bytes_atomic, write_files_atomic

    umask = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "one.csv", b"a\n")
        write_files_atomic({tmp_path / "two.csv": b"b\n", tmp_path / "two.json": b"{}\n"})
    finally:
        os.umask(umask)
    for name in ("one.csv", "two.csv", "two.json"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644
