"""Validation problems: a catalogue of stable codes, and the record of one problem found.

Codes are part of pm's interface (CI scripts match on them): never rename one; add new ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pm import resources


class Severity(StrEnum):
    error = "error"
    warning = "warning"


# code -> one-line title, shown by `pm validate --codes` and in the README.
CATALOGUE: dict[str, str] = {
    "yaml-syntax": "The file is not valid YAML.",
    "yaml-unsafe-tag": "The file uses a YAML tag pm does not accept (such as !!python/...).",
    "yaml-too-large": "The file is too large, too deeply nested or expands too far through aliases.",
    "yaml-not-mapping": "The file must hold one mapping of keys to values.",
    "unknown-key": "A key the definition format does not have (often a misspelling).",
    "missing-key": "A required key is missing.",
    "invalid-choice": "A value outside the closed list of allowed values.",
    "invalid-value": "A value of the wrong type or out of range.",
    "id-mismatch": "The id differs from the file name.",
    "duplicate-id": "Two definitions share one id.",
    "unknown-dataset": "A dataset with no data-item specification.",
    "unknown-column": "A column the dataset's data-item specification does not have.",
    "unknown-code": "A code value the column does not allow.",
    "unknown-quality-standard": "A quality standard that does not exist.",
    "unknown-aspect": "A well-being aspect that does not exist.",
    "unknown-outcome": "A national well-being outcome that does not exist.",
    "unknown-framework": "A framework that is not listed in the reference data.",
    "unknown-word": "A word in welsh.yaml's `words:` that pm's reports do not use.",
    "bad-placeholder": "A translation that does not keep the placeholders (%(name)s) of the English.",
    "unknown-successor": "A successor that names no measure pm holds.",
    "unknown-parameter": "An expression names a parameter or value the definition does not have.",
    "unknown-related": "An expression names a related set of records the definition does not have.",
    "expression-syntax": "An expression that cannot be read.",
    "expression-forbidden": "An expression uses something outside pm's small expression language.",
    "expression-unknown-function": "An expression calls a function pm does not have.",
    "expression-arguments": "A function is called with the wrong number or kind of arguments.",
    "expression-type": "An expression mixes kinds of value that cannot be compared or combined.",
    "expression-too-long": "An expression is longer or deeper than pm accepts.",
    "number-too-large": "A number too large for pm to compute with (beyond 2**53, or infinite).",
    "date-out-of-range": "A date function moves a date further than pm follows (200 years).",
    "inconsistent-definition": "Fields that contradict each other.",
    "test-case": "A test case that cannot be run as written.",
    "duplicate-key": "A key given twice in one mapping.",
    "stale-guidance": "A guidance page differs from what its definition generates.",
    "unknown-indicator": "A targets or configuration entry names an indicator that does not exist.",
    "unknown-council": "A council code or name that is not one of the 22 Welsh councils.",
    "invalid-period": "A year or period written in a form pm cannot read (write 2023-24).",
    "duplicate-entry": "Two entries of a targets or configuration file say the same thing.",
    "target-not-bandable": "A target set for a contextual measure, which is never banded.",
    # Welsh (issue 19): notes, never errors
    "no-official-welsh": "A term with no official Welsh text: for the council's translator.",
    "official-welsh-wins": "A council translation of a term with an official Welsh text, which is used.",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a definition, located so the user can go straight to it."""

    file: str
    line: int
    code: str
    message: str
    severity: Severity = field(default=Severity.error, compare=False)

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise ValueError(f"unknown problem code {self.code!r}")

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it; one
    of pm's own files (a shipped definition or reference file) as `<pm>/indicators/...`, so
    no message shows where pm happens to be installed on this machine."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        pass
    try:
        return f"<pm>/{resolved.relative_to(resources.shipped_root().resolve()).as_posix()}"
    except ValueError:
        return str(path)
