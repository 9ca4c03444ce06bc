"""Outputs never overwrite inputs: the one check every command that writes makes first.

A command lists every file it reads (extracts, definitions, targets, templates, ...) and
every file it will write (its output and the files written beside it), and this module
refuses, before any work, an output that is one of the inputs. Files are compared by their
resolved path, by identity (device and inode, so hard links and symbolic links are
caught), and by name in any case (a name differing only in case is the same file on Windows
and macOS). An output that exists but is not a plain file (a folder, a named pipe, a device)
is refused too.

As a backstop, the readers note every file they open during a command (`note_read`), and
the writers in `pm.files` check again, just before writing, that the output is not one of
them: a command that forgot to list an input still cannot overwrite it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pm.errors import UsageError

_NOT_A_FILE = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


@dataclass(frozen=True)
class Input:
    """One file a command reads, with words saying what it is ("the extract", ...)."""

    path: Path
    kind: str


@dataclass(frozen=True)
class Output:
    """One file a command writes; `beside` names the main output a side file goes with."""

    path: Path
    beside: Path | None = None

    def described(self) -> str:
        if self.beside is None:
            return str(self.path)
        return f"{self.path} (written beside {self.beside})"


class Inputs:
    """Every file one command reads: files, and folders taken with all the files below them."""

    def __init__(self) -> None:
        self._items: list[Input] = []

    def add(self, path: Path | None, kind: str) -> Inputs:
        """A file, or a folder (every file below it, links followed); None and missing
        paths are skipped (the command reports those itself)."""
        if path is None:
            return self
        if path.is_dir():
            self._items.extend(Input(file, kind) for file in _files_below(path))
        elif path.exists():
            self._items.append(Input(path, kind))
        return self

    def __iter__(self) -> Iterator[Input]:
        return iter(self._items)


def _files_below(folder: Path) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    for root, folders, names in os.walk(folder, followlinks=True):
        try:
            here = os.stat(root)
        except OSError:
            continue
        if (here.st_dev, here.st_ino) in seen:  # a link back up the tree: walked already
            folders.clear()
            continue
        seen.add((here.st_dev, here.st_ino))
        folders.sort()
        for name in sorted(names):
            yield Path(root) / name


@dataclass(frozen=True)
class _Known:
    """An input as the comparison needs it."""

    input: Input
    resolved: str
    identity: tuple[int, int] | None


def _known(inputs: Iterable[Input]) -> list[_Known]:
    known = []
    for item in inputs:
        try:
            found = os.stat(item.path)
            identity: tuple[int, int] | None = (found.st_dev, found.st_ino)
        except OSError:
            identity = None
        known.append(_Known(item, str(item.path.resolve()), identity))
    return known


def refuse_overwriting(
    outputs: Iterable[Path | Output], inputs: Iterable[Input], *, option: str = "--output"
) -> None:
    """Stop with a usage error (exit 2) if any output is one of the inputs, is a link to
    one, differs from one only in case, or exists and is not a plain file."""
    known = _known(inputs)
    by_identity = {k.identity: k for k in known if k.identity is not None}
    by_path = {k.resolved: k for k in known}
    by_folded = {k.resolved.casefold(): k for k in known}
    for given in outputs:
        output = given if isinstance(given, Output) else Output(given)
        _refuse_not_a_file(output, option)
        resolved = str(output.path.resolve())
        hit = by_path.get(resolved)
        how = " (the output is a link to it)" if output.path.is_symlink() else ""
        if hit is None:
            identity = _identity(output.path)
            hit = by_identity.get(identity) if identity else None
            how = " under another name (a link to the same file)"
        if hit is None:
            hit = by_folded.get(resolved.casefold())
            how = (
                " under another case (on Windows and macOS, names differing only in case "
                "are the same file)"
            )
        if hit is not None:
            raise UsageError(
                f"{output.described()} is one of the inputs of this command: "
                f"{hit.input.kind} {shown(hit.input.path)}{how}; choose another {option} "
                "so that no input is overwritten. Nothing was written."
            )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _refuse_not_a_file(output: Output, option: str) -> None:
    try:
        found = os.stat(output.path)
    except OSError:
        return  # missing (or a dangling link): written afresh
    if stat.S_ISREG(found.st_mode):
        return
    what = _NOT_A_FILE.get(stat.S_IFMT(found.st_mode), "not a plain file")
    raise UsageError(
        f"{output.described()} is {what}, not a file pm can replace; choose another {option} "
        "(a file name such as results.csv). Nothing was written."
    )


def shown(path: Path) -> str:
    """A path as a user would recognise it, never the machine's absolute path when avoidable:
    relative to the current folder, or to pm's shipped files."""
    from pm.resources import shipped_root

    absolute = Path(os.path.abspath(path))
    for base in (Path.cwd(), shipped_root()):
        try:
            return str(absolute.relative_to(os.path.abspath(base)))
        except ValueError:
            continue
    return str(path)


# ----------------------------------------------------------------------------- backstop

_read: dict[str, Path] | None = None  # resolved path or identity → the file as read
_identities: dict[tuple[int, int], Path] = {}


def start_command() -> None:
    """Begin noting what a command reads (the CLI calls this before every command)."""
    global _read
    _read = {}
    _identities.clear()


def end_command() -> None:
    global _read
    _read = None
    _identities.clear()


def note_read(path: Path) -> None:
    """Remember that the running command read `path` (nothing outside a command)."""
    if _read is None:
        return
    _read[str(path.resolve())] = path
    identity = _identity(path)
    if identity is not None:
        _identities[identity] = path


def check_before_writing(path: Path) -> None:
    """The writers' last check: never replace something that is not a plain file, nor a
    file the running command has read."""
    _refuse_not_a_file(Output(path), "output")
    if _read is None:
        return
    read = _read.get(str(path.resolve()))
    identity = _identity(path)
    if read is None and identity is not None:
        read = _identities.get(identity)
    if read is not None:
        raise UsageError(
            f"{path} is one of the inputs of this command: the file {shown(read)} was read "
            "to make this output; choose another output file so that no input is "
            "overwritten. Nothing was written."
        )
