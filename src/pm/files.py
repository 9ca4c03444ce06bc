"""Writing outputs safely: atomically, and never over an input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pm.errors import PmError


def _usual_mode() -> int:
    """The mode a plain `open()` would give a new file (0o666 less the umask): outputs are
    shared with colleagues, while a temporary file starts readable by its owner only."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: a crash leaves the old file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as problem:
        raise _cannot_write(path, problem) from None
    try:
        os.fchmod(handle, _usual_mode())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException as problem:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(problem, OSError):
            raise _cannot_write(path, problem) from None
        raise


def _cannot_write(path: Path, problem: OSError) -> PmError:
    reason = problem.strerror or str(problem)
    return PmError(
        f"{path}: cannot write the file ({reason}); check that the folder can be written to "
        "and that the file is not open in another program (such as Excel), then run again."
    )


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_files_atomic(files: dict[Path, bytes]) -> None:
    """Write several files that belong together (results, data-quality report, manifest):
    every one is written to a temporary file first, and only then are they renamed, so an
    interrupted run leaves the previous set as it was."""
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(
                    prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
                )
                temporaries[path] = Path(name)
                os.fchmod(handle, _usual_mode())
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
            except OSError as problem:
                raise _cannot_write(path, problem) from None
        for path, temporary in temporaries.items():
            try:
                os.replace(temporary, path)
            except OSError as problem:
                raise _cannot_write(path, problem) from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
