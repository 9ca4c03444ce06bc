"""`pm.run_tests`: the worked test cases written in the definitions, run against the engine.

Each case gives a few input rows and the numerator and denominator worked out by hand; a
case fails when the engine gives anything else.
"""

from __future__ import annotations

from collections.abc import Sequence

from pm.api import arguments
from pm.api.scope import PathLike, scope_of
from pm.engine.testcases import CaseResult

__all__ = ["CaseResult", "run_tests"]


def run_tests(
    indicators: str | Sequence[str] | None = None,
    *,
    workspace: PathLike | None = None,
) -> list[CaseResult]:
    """Every `tests:` case of the definitions (only `indicators`' if given), each with
    whether it passed and, if not, why, with its file and line. Raises DefinitionProblems
    when the definitions have problems: cases are not run against broken definitions."""
    from pm.definitions.lookup import find_indicators
    from pm.engine.testcases import run_all

    definitions = scope_of(workspace).definitions()
    wanted = arguments.texts(indicators)
    ids = [i.id for i in find_indicators(definitions, wanted)] if wanted else None
    return run_all(definitions, ids)
