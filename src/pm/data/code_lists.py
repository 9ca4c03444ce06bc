"""Reference code lists that extract columns are checked against (`codes_from`).

Kept apart from the reader so that loading definitions, which registers the lists, does not
import pandas: `pm validate` stays quick.
"""

from __future__ import annotations

CODE_LISTS: dict[str, set[str]] = {}


def register_code_list(name: str, codes: set[str]) -> None:
    """Make a reference list (such as survey_questions) available to `codes_from` columns."""
    CODE_LISTS[name] = set(codes)
