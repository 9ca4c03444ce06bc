"""`pm.write_sample_data`: made-up (synthetic) extracts for all 22 Welsh councils, to try pm
without real data, written exactly as `pm sample-data` writes them.

(Not named `sample_data`: that is the name of the package `pm.sample_data`, which would
shadow the function.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pm.api import arguments
from pm.api.scope import PathLike, scope_of
from pm.errors import UsageError

if TYPE_CHECKING:
    from pm.sample_data.generator import GenerationLog


@dataclass(frozen=True)
class SampleData:
    """What was written: the folder, the years, scale and seed, the councils kept (names;
    empty for all), and the generation log (`row_counts`, `faults`, `path`)."""

    folder: Path
    years: list[str]
    scale: float
    seed: int
    councils: list[str]
    log: GenerationLog

    def faults_by_dataset(self) -> dict[str, int]:
        """How many deliberate faults each dataset holds."""
        counts: dict[str, int] = {}
        for fault in self.log.faults:
            counts[fault.dataset] = counts.get(fault.dataset, 0) + 1
        return counts

    def fault_kinds(self) -> dict[str, int]:
        """How many faults of each kind (wrong dates, unknown codes, ...) were injected."""
        return dict(self.log.fault_counts())


def write_sample_data(
    out_dir: PathLike,
    *,
    years: str | Sequence[str] = "2019-20:2024-25",
    scale: float = 1.0,
    seed: int = 2024,
    local: bool = True,
    force: bool = False,
    council: str | Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
    workspace: PathLike | None = None,
) -> SampleData:
    """Write every dataset of the data contract as <dataset>.csv in `out_dir` (the
    national ones, and the 8 local ones unless `local` is False), with the log of the
    deliberate faults; the same seed, scale and years always give identical files.
    `council` keeps only those councils' rows; `progress` hears what is being written.
    Raises UsageError for a folder holding other files (unless `force`) or a bad option."""
    from pm.guard import refuse_overwriting
    from pm.sample_data import LOG_NAME, generate, parse_years
    from pm.sample_data.spec import DATASETS, LOCAL_DATASETS

    out_dir = Path(out_dir)
    labels = parse_years(",".join(arguments.texts(years)))
    codes = _council_codes(arguments.texts(council))
    _check_folder(out_dir, scale, force, LOG_NAME)
    names = [*DATASETS, *(LOCAL_DATASETS if local else [])]
    written = [out_dir / f"{name}.csv" for name in names] + [out_dir / LOG_NAME]
    refuse_overwriting(written, scope_of(workspace).inputs(workspace_data=False), option="OUT_DIR")
    if progress is not None:
        progress(f"Writing synthetic extracts for {labels[0]} to {labels[-1]} …")

    def wrote(name: str, rows: int) -> None:
        if progress is not None:
            progress(f"Wrote {name}.csv ({rows:,} rows) …")

    log = generate(out_dir, labels, scale=scale, seed=seed, progress=wrote, include_local=local)
    if codes:
        from pm.sample_data.councils_only import keep_councils

        keep_councils(out_dir, log, set(codes))
    return SampleData(out_dir, labels, scale, seed, [_council_name(c) for c in codes], log)


def _check_folder(out_dir: Path, scale: float, force: bool, log_name: str) -> None:
    if not scale > 0 or scale > 1000:
        raise UsageError(f"--scale must be above 0 and at most 1000 (got {scale}).")
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is a file, not a folder: give a folder for the extracts.")
    # A README alone (pm init writes one into a workspace's data/) is left alone, not refused.
    others = (
        [p for p in out_dir.iterdir() if not p.name.lower().startswith("readme")]
        if out_dir.is_dir()
        else []
    )
    if others and not (out_dir / log_name).exists() and not force:
        raise UsageError(
            f"{out_dir} is not empty and was not written by pm sample-data: "
            "choose an empty or new folder, or add --force to write into it anyway."
        )


def _council_codes(given: list[str]) -> list[str]:
    """Council codes from names or codes (any case); Wales is not a council."""
    if not given:
        return []
    from pm.definitions.reference import load_reference
    from pm.resources import reference_dir

    reference = load_reference(reference_dir())
    codes = reference.area_codes(given)
    if reference.wales is not None and reference.wales.code in codes:
        raise UsageError("--council takes a council such as Cardiff, not Wales")
    return sorted(set(codes))


def _council_name(code: str) -> str:
    from pm.definitions.reference import load_reference
    from pm.resources import reference_dir

    return load_reference(reference_dir()).council_name(code)
