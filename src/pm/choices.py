"""Matching what a user typed against a closed list, in any case, with "did you mean".

Every filter of the command line (`--qs`, `--aspect`, `--rba`, `--framework`, `--kind`,
`--breakdown`, `--area`) goes through `choose`, so a misspelt value is a usage error that
names the nearest choices instead of an empty result that looks like "nothing found".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from pm.errors import UsageError


def _folded(text: str) -> str:
    """Case, surrounding spaces and the hyphen/underscore/space difference do not matter."""
    return " ".join(text.strip().replace("_", " ").replace("-", " ").split()).casefold()


def closest(text: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices nearest to `text` (difflib ratio, compared without case), best first."""
    by_fold: dict[str, str] = {}
    for choice in choices:
        by_fold.setdefault(_folded(choice), choice)
    found = difflib.get_close_matches(_folded(text), list(by_fold), n=n, cutoff=0.6)
    return [by_fold[f] for f in found]


def did_you_mean(text: str, choices: Iterable[str]) -> str:
    """' Did you mean X or Y?' when something is close, else ''."""
    close = closest(text, choices)
    if not close:
        return ""
    shown = [f"'{c}'" for c in close]
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    return f" Did you mean {listed}?"


def choose(text: str, choices: Iterable[str] | Mapping[str, str], option: str, what: str) -> str:
    """The choice `text` names, in any case; else a usage error with the nearest choices.

    `choices` is a list of canonical values, or a mapping of accepted words (codes, names,
    aliases) to the canonical value each stands for.
    """
    table = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    by_fold = {_folded(word): value for word, value in table.items()}
    found = by_fold.get(_folded(text))
    if found is not None:
        return found
    canonical = sorted(set(table.values()), key=str.casefold)
    close = closest(text, table)
    if len(canonical) <= 12 and len(close) != 1:  # a short list says more than three guesses
        hint = f" Choose from {', '.join(canonical)}."
    else:
        hint = did_you_mean(text, table)
    raise UsageError(f"{option} '{text}' is not {what}.{hint}")
