"""Writing outputs safely: atomically, all of a set or none, never over an input, and with
the file mode a user expects.

- Each file is written to a temporary file beside it, then renamed over the old one, so a
  crash or Ctrl-C leaves the old file.
- Files that belong together (results, data-quality report, manifest) are renamed one
  after the other; if one cannot be replaced, those already replaced are put back, so the
  set is always all old or all new.
- A file being replaced keeps its mode (a results file the owner made private stays
  private). A new file gets the usual mode (0o666 less the umask), or owner-only (0o600)
  when it holds person-level data (`private=True`).
- Just before writing, `pm.guard` checks that the output is a plain file (or absent) and
  not a file the running command has read.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import tempfile
from pathlib import Path
from types import TracebackType

from pm.errors import PmError

PRIVATE_MODE = 0o600


def _usual_mode() -> int:
    """The mode a plain `open()` would give a new file (0o666 less the umask): outputs are
    shared with colleagues, while a temporary file starts readable by its owner only."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(path: Path, private: bool) -> int:
    """The mode of the file being replaced, if any; else private or the usual mode."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return PRIVATE_MODE if private else _usual_mode()


def _cannot_write(path: Path, problem: OSError, *, kept: bool = False) -> PmError:
    reason = problem.strerror or str(problem)
    previous = " The previous files were kept as they were." if kept else ""
    return PmError(
        f"{path}: cannot write the file ({reason}); check that the folder can be written to "
        f"and that the file is not open in another program (such as Excel), then run again.{previous}"
    )


class OutputSet:
    """Files written together: each goes to a temporary file beside its final name, and
    `commit` renames them all, or, if one cannot be replaced, puts back those already
    replaced. Leaving the `with` block without committing removes the temporary files."""

    def __init__(self, *, private: bool = False) -> None:
        self.private = private
        self._staged: dict[Path, Path] = {}

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        problem: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.discard()

    def stage(self, path: Path) -> Path:
        """A temporary file beside `path` to write its new contents into (owner-only
        until it is renamed). The output is checked first (`pm.guard`)."""
        handle, temporary = self._new_temporary(path)
        os.close(handle)
        return temporary

    def write(self, path: Path, data: bytes) -> None:
        handle, _ = self._new_temporary(path)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        except OSError as problem:
            raise _cannot_write(path, problem) from None

    def _new_temporary(self, path: Path) -> tuple[int, Path]:
        from pm.guard import check_before_writing

        check_before_writing(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as problem:
            raise _cannot_write(path, problem) from None
        earlier = self._staged.pop(path, None)
        if earlier is not None:  # staged twice: the later contents win
            earlier.unlink(missing_ok=True)
        self._staged[path] = Path(name)
        return handle, Path(name)

    def commit(self) -> None:
        """Rename every staged file over its output, all or none."""
        from pm.guard import check_before_writing

        for path in self._staged:  # again: something may have appeared since staging
            check_before_writing(path)
        replaced: list[tuple[Path, Path | None]] = []
        try:
            for path, temporary in self._staged.items():
                try:
                    os.chmod(temporary, _mode_for(path, self.private))
                    backup = _keep_previous(path)
                except OSError as problem:
                    raise _cannot_write(path, problem, kept=True) from None
                try:
                    os.replace(temporary, path)
                except OSError as problem:
                    if backup is not None:
                        backup.unlink(missing_ok=True)
                    raise _cannot_write(path, problem, kept=True) from None
                replaced.append((path, backup))
        except BaseException:
            _put_back(replaced)
            raise
        finally:
            for _, backup in replaced:
                if backup is not None:
                    backup.unlink(missing_ok=True)
        self._staged.clear()

    def discard(self) -> None:
        for temporary in self._staged.values():
            temporary.unlink(missing_ok=True)
        self._staged.clear()


def _keep_previous(path: Path) -> Path | None:
    """A second name for the file about to be replaced (a hard link, or a copy where links
    are not supported), to put it back if the rest of the set cannot be written."""
    if not os.path.lexists(path):
        return None
    while True:
        backup = path.with_name(f".{path.name}.{secrets.token_hex(4)}.previous.tmp")
        try:
            os.link(path, backup, follow_symlinks=False)
            return backup
        except FileExistsError:
            continue
        except OSError:
            shutil.copy2(path, backup, follow_symlinks=False)
            return backup


def _put_back(replaced: list[tuple[Path, Path | None]]) -> None:
    """Undo the renames already made, newest first; best effort (each is one rename)."""
    for path, backup in reversed(replaced):
        try:
            if backup is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(backup, path)
        except OSError:
            continue


def write_files_atomic(files: dict[Path, bytes], *, private: bool = False) -> None:
    """Write several files that belong together (results, data-quality report, manifest):
    all are written to temporary files first, then renamed; an interrupted or failed run
    leaves the previous set as it was."""
    with OutputSet(private=private) as outputs:
        for path, data in files.items():
            outputs.write(path, data)
        outputs.commit()


def write_bytes_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename: a crash leaves the old file."""
    write_files_atomic({path: data}, private=private)


def write_text_atomic(path: Path, text: str, *, private: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), private=private)
