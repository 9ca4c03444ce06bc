"""How the API takes what a command line gives as text: a list option as one string or a
list of them, a path as a str or a Path."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PathLike = str | Path
Texts = str | Iterable[str] | None
Paths = PathLike | Iterable[PathLike] | None


def texts(value: Texts) -> list[str]:
    """A list option: None is none, one string is one item (`years="2021-22:2024-25"`)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def path(value: PathLike | None) -> Path | None:
    return None if value is None else Path(value)


def paths(value: Paths) -> list[Path]:
    """A repeatable path option: None, one path, or several."""
    if value is None:
        return []
    if isinstance(value, str | Path):
        return [Path(value)]
    return [Path(item) for item in value]
