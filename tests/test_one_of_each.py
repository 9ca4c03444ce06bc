"""Things pm says once: the Wales code, the rule for what publishing withholds. A second
copy in another module drifts from the first; these tests find one by reading the source."""

from __future__ import annotations

import ast
from pathlib import Path

from engine_helpers import definitions

from pm.definitions.reference import WALES

SOURCE = Path(__file__).resolve().parents[1] / "src" / "pm"


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(SOURCE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(SOURCE.rglob("*.py"))
    ]


def _strings(tree: ast.Module) -> list[str]:
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_the_wales_code_is_the_one_the_reference_data_names() -> None:
    reference = definitions().reference
    assert reference.wales is not None and reference.wales.code == WALES
    assert reference.area_codes(["Wales"]) == [WALES]


def test_the_wales_code_is_written_in_one_module_only() -> None:
    holders = [name for name, tree in _modules() if any(WALES in s for s in _strings(tree))]
    assert holders == ["definitions/reference.py"]


def test_only_the_withheld_rule_reads_a_suppressed_status() -> None:
    """Whether a row is withheld is asked of pm.engine.withheld; a module that tests the
    status for 'suppressed' itself is a second rule that can disagree with it."""
    readers = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "startswith"
                and any(
                    isinstance(a, ast.Constant) and str(a.value).startswith("suppressed")
                    for a in node.args
                )
            ):
                readers.append(name)
    assert sorted(set(readers)) == ["engine/withheld.py"]
