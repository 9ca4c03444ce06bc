"""The folder of the cache of checked extracts: made owner-only, marked as pm's own, looked
at (`pm cache info`) and emptied (`pm cache clear`).

The folder is marked with a `CACHEDIR.TAG` (the common convention, which backup tools
honour: a cache of person-level data need not be copied into backups). pm writes into a
folder, and empties it, only when the folder is new, empty or so marked: `--cache .` or
`--cache data` can never make pm write among, or remove, someone's files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pm.errors import PmError, UsageError

TAG_NAME = "CACHEDIR.TAG"
TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This folder is a cache of checked extracts made by pm. It holds person-level data,\n"
    b"# readable by its owner only. 'pm cache clear' empties it; pm rebuilds it when needed.\n"
)
FOLDER_MODE = 0o700
_ENTRY = re.compile(r"^[A-Za-z0-9_]+\.[0-9a-f]{64}\.(arrow|json)$")
_LEFTOVER = re.compile(r"^\..+\.tmp$")  # a temporary file of an interrupted write


@dataclass
class CacheInfo:
    """What a cache folder holds: entries (one per dataset's files), bytes, and per dataset
    how many entries."""

    folder: Path
    exists: bool
    entries: int = 0
    size: int = 0
    datasets: dict[str, int] = field(default_factory=dict)


def shown_folder(folder: Path) -> str:
    from pm.guard import shown

    return shown(folder)


def is_marked(folder: Path) -> bool:
    return (folder / TAG_NAME).is_file()


def refuse_foreign(folder: Path) -> None:
    """Stop when `folder` holds files and is not a pm cache: pm writes and removes only
    in a folder of its own."""
    if not folder.exists() or is_marked(folder):
        return
    if not folder.is_dir():
        raise UsageError(
            f"{shown_folder(folder)} is not a folder; give --cache a folder for pm's cache "
            "(a new or empty one), or run with --no-cache."
        )
    if any(folder.iterdir()):
        raise UsageError(
            f"{shown_folder(folder)} holds other files and is not a pm cache (it has no "
            f"{TAG_NAME}); give --cache a new or empty folder, or run with --no-cache."
        )


def prepare(folder: Path) -> None:
    """Make the folder (owner-only) and mark it, if it is not ready yet."""
    if is_marked(folder):
        return
    refuse_foreign(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        os.chmod(folder, FOLDER_MODE)  # the umask may have left it open to others; and an
        # empty folder given with --cache is closed too, since it will hold personal data
        from pm.files import write_bytes_atomic

        write_bytes_atomic(folder / TAG_NAME, TAG, private=True)
    except OSError as problem:
        raise PmError(
            f"{shown_folder(folder)}: cannot make the cache folder ({problem.strerror}); "
            "give another with --cache DIR, or run with --no-cache."
        ) from None


def _entries(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and _ENTRY.match(p.name))


def remove_entry(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            continue  # removed by another run, or not removable: it is never used anyway


def remove_older(folder: Path, name: str, where: list[str], *, keep: str) -> None:
    """Remove the other entries of dataset `name` made from the same files (an extract
    exported again): the cache keeps the latest copy of each extract, not every version."""
    import json

    for about in folder.glob(f"{name}.*.json"):
        if keep in about.name or not _ENTRY.match(about.name):
            continue
        try:
            same = json.loads(about.read_bytes())["entry"]["where"] == where
        except (OSError, ValueError, KeyError, TypeError):
            same = True  # unreadable: of no use to anyone
        if same:
            remove_entry(about.with_suffix(".arrow"), about)


def info(folder: Path) -> CacheInfo:
    """What the cache in `folder` holds."""
    found = CacheInfo(folder, folder.is_dir())
    for path in _entries(folder):
        found.size += path.stat().st_size
        if path.suffix == ".json":
            found.entries += 1
            name = path.name.split(".", 1)[0]
            found.datasets[name] = found.datasets.get(name, 0) + 1
    return found


def clear(folder: Path) -> CacheInfo:
    """Remove every entry (and any temporary file an interrupted run left); the folder and
    its mark stay. Returns what was removed."""
    if folder.exists() and not is_marked(folder):
        raise UsageError(
            f"{shown_folder(folder)} is not a pm cache (it has no {TAG_NAME}); nothing was removed."
        )
    removed = info(folder)
    leftovers = [p for p in folder.iterdir() if _LEFTOVER.match(p.name)] if removed.exists else []
    for path in [*_entries(folder), *leftovers]:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as problem:
            raise PmError(
                f"{shown_folder(path)}: cannot remove the file ({problem.strerror}); "
                "check that you may change the cache folder."
            ) from None
    return removed
