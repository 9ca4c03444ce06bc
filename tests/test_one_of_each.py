"""Things pm says once: the Wales code, the rule for what publishing withholds. A second
copy in another module drifts from the first; these tests find one by reading the source."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
from engine_helpers import definitions

from pm.definitions.reference import WALES

SOURCE = Path(__file__).resolve().parents[1] / "src" / "pm"


@functools.cache
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


def test_yaml_files_are_found_by_one_function() -> None:
    finders = [
        name
        for name, tree in _modules()
        if any(isinstance(n, ast.Attribute) and n.attr in ("rglob", "glob") for n in ast.walk(tree))
        and any(s in (".yaml", ".yml", "*.yaml", "*.yml") for s in _strings(tree))
    ]
    assert finders == ["definitions/yaml_loader.py"]


def test_yaml_files_under_folders_in_a_stable_order(tmp_path: Path) -> None:
    from pm.definitions.yaml_loader import yaml_files

    for name in ("b.yml", "a.yaml", "notes.txt", "z/c.yaml", "y.yaml.bak"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("id: x\n", encoding="utf-8")
    single = tmp_path / "notes.txt"  # a file named on its own is read whatever its name
    found = yaml_files([tmp_path, single], "not there")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.yaml",
        "b.yml",
        "z/c.yaml",
        "notes.txt",
    ]


def test_a_missing_definition_or_plan_path_names_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pm.definitions.loader import load_definitions
    from pm.errors import InputError
    from pm.plans.load import plan_files

    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as raised:
        load_definitions([tmp_path / "nowhere"])
    assert str(raised.value) == "nowhere: no such file or folder; give definition files or folders"
    with pytest.raises(InputError) as raised:
        plan_files([tmp_path / "plans" / "2024.yaml"])
    assert str(raised.value) == "plans/2024.yaml: no such service-plan file or folder"
