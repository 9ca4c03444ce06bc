"""The reference code lists extract columns are checked against (`codes_from`), as the
caller gives them to the reader.

There is no registry: whoever reads extracts passes the lists (from the loaded definitions:
`definitions.reference.code_lists()`), and a column whose list was not given stops the read
instead of letting every value through unchecked.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from pm.definitions.models import DatasetSpec
from pm.errors import UsageError

CodeLists = Mapping[str, Collection[str]]


def lists_for_reading(councils: Collection[str], code_lists: CodeLists | None) -> CodeLists:
    """The lists a read checks against: those given, with the councils given on their own."""
    return {**(code_lists or {}), "councils": councils}


def refuse_missing_lists(spec: DatasetSpec, lists: CodeLists) -> None:
    """Stop before reading a dataset one of whose columns takes its codes from a list the
    caller did not give."""
    for column in spec.columns:
        if column.codes_from and column.codes_from not in lists:
            raise UsageError(
                f"{spec.dataset}: the column '{column.name}' takes its codes from the "
                f"'{column.codes_from}' list, which was not given to the reader; load the "
                "definitions first and pass their code lists "
                "(code_lists=definitions.reference.code_lists()) so that no value goes "
                "unchecked."
            )
