"""Cut a written synthetic extract set down to some councils' rows: what one council's
analyst holds (their own extracts and nobody else's), to try the published-figures route.

The rows kept are exactly those of the full set (same seed, scale and years), so Cardiff's
extracts cut from a run at the sample's settings are Cardiff's rows of `sample_data/`.
The population table is public (ONS mid-year estimates) and is kept whole. The generation
log is rewritten: row counts of the kept rows, and the deliberate faults in them with
their new line numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pm.files import OutputSet
from pm.sample_data.faults import Fault

if TYPE_CHECKING:
    from pm.sample_data.generator import GenerationLog

KEPT_WHOLE = {"population"}


def keep_councils(out_dir: Path, log: GenerationLog, codes: set[str]) -> None:
    """Rewrite every dataset of `log` in `out_dir` with only the rows of `codes`, as one
    output set (all the cut files and the log, or none)."""
    from pm.sample_data.generator import LOG_NAME

    with OutputSet() as outputs:
        _cut(out_dir, log, codes, outputs)
        log.write(out_dir / LOG_NAME, outputs)
        outputs.commit()


def _cut(out_dir: Path, log: GenerationLog, codes: set[str], outputs: OutputSet) -> None:
    moved: dict[str, dict[int, int]] = {}
    for name in list(log.row_counts):
        if name in KEPT_WHOLE:
            continue
        path = out_dir / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        header = lines[0]
        position = header.split(",").index("la_code")
        kept = [header]
        new_lines: dict[int, int] = {}
        for number, text in enumerate(lines[1:], start=2):
            if text and text.split(",")[position] in codes:
                kept.append(text)
                new_lines[number] = len(kept)
        outputs.write(path, ("\n".join(kept) + "\n").encode("utf-8"))
        log.row_counts[name] = len(kept) - 1
        moved[name] = new_lines
    log.faults = [
        fault
        for fault in (_moved(f, moved.get(f.dataset)) for f in log.faults)
        if fault is not None
    ]
    log.councils = sorted(codes)


def _moved(fault: Fault, new_lines: dict[int, int] | None) -> Fault | None:
    """The fault at its line in the cut file, or None if its row was cut."""
    if new_lines is None:
        return fault
    if fault.line not in new_lines:
        return None
    lines = None
    if fault.lines is not None:
        lines = [new_lines[line] for line in fault.lines if line in new_lines]
        if len(lines) < len(fault.lines):
            lines = None  # the other copy of a duplicated id belongs to another council
    return Fault(
        fault.dataset,
        fault.fault,
        fault.record_id,
        fault.column,
        new_lines[fault.line],
        fault.value,
        fault.original,
        lines,
    )
