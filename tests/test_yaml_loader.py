"""Safe YAML loading: only plain data is built, nothing runs, sizes are capped, lines kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pm.definitions import yaml_loader
from pm.definitions.loader import load_definitions
from pm.definitions.yaml_loader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    YamlProblem,
    load_yaml_file,
    load_yaml_text,
)


def refused(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        load_yaml_text(text)
    return caught.value


# ------------------------------------------------------------------------ unsafe tags


@pytest.fixture
def no_shell(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record (and neuter) any call of os.system / os.popen during the test."""
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(("system", a)) or 0)
    monkeypatch.setattr(os, "popen", lambda *a, **k: calls.append(("popen", a)))
    return calls


def test_python_object_apply_tag_is_refused_and_nothing_runs(
    tmp_path: Path, no_shell: list
) -> None:
    marker = tmp_path / "ran"
    text = f'id: PM18\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    problem = refused(text)
    assert problem.code == "yaml-unsafe-tag"
    assert problem.line == 2
    assert "python/object/apply" in problem.message
    assert no_shell == [] and not marker.exists()


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/new:os.system [x]\n",
        "a: !!python/name:os.system\n",
        "a: !!python/module:os\n",
        "a: !!binary aGVsbG8=\n",
        "a: !custom x\n",
        "a: !!set {x: null}\n",
        "a: !!omap [{x: 1}]\n",
        "!!python/name:os.system : 1\n",
    ],
    ids=["object-new", "name", "module", "binary", "local-tag", "set", "omap", "tagged-key"],
)
def test_tags_outside_the_yaml_core_are_refused(text: str, no_shell: list) -> None:
    assert refused(text).code == "yaml-unsafe-tag"
    assert no_shell == []


def test_merge_key_is_refused_on_its_line() -> None:
    problem = refused("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert (problem.code, problem.line) == ("yaml-unsafe-tag", 3)


def test_unsafe_tag_in_a_definition_file_is_a_located_problem(
    tmp_path: Path, no_shell: list
) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "PM18.yaml"
    path.write_text(f"id: PM18\n\ntitle: !!python/object/apply:os.system ['touch {marker}']\n")
    result = load_definitions([path])
    assert [(p.code, p.line) for p in result.problems] == [("yaml-unsafe-tag", 3)]
    assert no_shell == [] and not marker.exists()


def test_core_tags_are_accepted() -> None:
    data = load_yaml_text("a: !!str 7\nb: !!int '8'\nc: !!float 1\nd: 2024-04-01\ne: null\n").data
    assert data["a"] == "7" and data["b"] == 8 and data["c"] == 1.0
    assert str(data["d"]) == "2024-04-01" and data["e"] is None


# ------------------------------------------------------------------------ size limits


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_and_the_builder_stops_at_the_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builders: list[yaml_loader._Builder] = []

    class Recording(yaml_loader._Builder):
        def __init__(self) -> None:
            super().__init__()
            builders.append(self)

    monkeypatch.setattr(yaml_loader, "_Builder", Recording)
    problem = refused(billion_laughs())  # 9 ** 9 = 387,420,489 strings if expanded
    assert problem.code == "yaml-too-large"
    assert "aliases" in problem.message
    assert len(builders) == 1
    assert builders[0].nodes == MAX_NODES + 1  # stopped at the first value over the cap


def test_small_aliases_are_still_allowed() -> None:
    data = load_yaml_text("a: &a [1, 2]\nb: *a\n").data
    assert data == {"a": [1, 2], "b": [1, 2]}


def test_nesting_past_the_limit_is_refused_on_the_line_it_goes_too_deep() -> None:
    depth = MAX_DEPTH + 10
    text = "".join(" " * level + "k:\n" for level in range(depth)) + " " * depth + "k: 1\n"
    problem = refused(text)
    assert problem.code == "yaml-too-large"
    assert problem.line == MAX_DEPTH + 1
    assert str(MAX_DEPTH) in problem.message


def test_nesting_within_the_limit_loads() -> None:
    depth = MAX_DEPTH // 2 - 1  # each mapping level is a key and a value
    text = "".join(" " * level + "k:\n" for level in range(depth)) + " " * depth + "k: 1\n"
    data = load_yaml_text(text).data
    for _ in range(depth):
        data = data["k"]
    assert data == {"k": 1}


def test_very_deep_nesting_is_yaml_too_large_not_a_syntax_error() -> None:
    # 1,000 nested lists is valid YAML; pm must refuse it as too deep (yaml-too-large),
    # whatever recursion limit the YAML composer hits first.
    problem = refused("[" * 1_000 + "]" * 1_000)
    assert problem.code == "yaml-too-large", problem.message


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10) + b"x: 1\n")
    assert path.stat().st_size > MAX_FILE_BYTES
    with pytest.raises(YamlProblem) as caught:
        load_yaml_file(path)
    assert caught.value.code == "yaml-too-large"
    assert f"{MAX_FILE_BYTES:,}" in caught.value.message


def test_size_limit_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_loader, "MAX_FILE_BYTES", 40)
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"a: " + b"x" * 36 + b"\n")  # exactly 40 bytes
    assert load_yaml_file(path).data == {"a": "x" * 36}
    path.write_bytes(b"a: " + b"x" * 37 + b"\n")
    with pytest.raises(YamlProblem, match="41"):
        load_yaml_file(path)


# ------------------------------------------------------------------- keys and lines


def test_duplicate_key_is_refused_with_the_line_of_the_second() -> None:
    problem = refused("id: PM18\nperiod:\n  rule: in_year\n  date: a\n  rule: snapshot\n")
    assert problem.code == "duplicate-key"
    assert problem.line == 5
    assert "'rule'" in problem.message


def test_duplicate_key_at_top_level() -> None:
    problem = refused("polarity: higher\ntitle: x\npolarity: lower\n")
    assert (problem.code, problem.line) == ("duplicate-key", 3)


LINES_TEXT = """\
id: X
period:
  rule: in_year
  date: d
population:
  include:
    - a > 1

    - b > 2
tests:
  - name: t
    data:
      ds:
        - {x: 1,
           y: 2}
"""


def test_lines_are_kept_for_nested_keys_and_list_items() -> None:
    loaded = load_yaml_text(LINES_TEXT)
    assert loaded.data["population"]["include"] == ["a > 1", "b > 2"]
    assert loaded.lines[("id",)] == 1
    assert loaded.lines[("period",)] == 2
    assert loaded.lines[("period", "date")] == 4
    assert loaded.lines[("population", "include", 0)] == 7
    assert loaded.lines[("population", "include", 1)] == 9
    assert loaded.lines[("tests", 0)] == 11
    assert loaded.lines[("tests", 0, "data", "ds", 0)] == 14
    assert loaded.lines[("tests", 0, "data", "ds", 0, "y")] == 15


def test_line_of_falls_back_to_the_deepest_known_key() -> None:
    loaded = load_yaml_text(LINES_TEXT)
    assert loaded.line_of(("period", "months")) == 2  # missing key: its parent's line
    assert loaded.line_of(("tests", 0, "expect", "value")) == 11
    assert loaded.line_of(("nowhere",)) == 1


# --------------------------------------------------------------------------- encodings


def test_bom_prefixed_file_loads(tmp_path: Path, pm18_text: str) -> None:
    path = tmp_path / "PM18.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + pm18_text.encode("utf-8"))
    loaded = load_yaml_file(path)
    assert loaded.data["id"] == "PM18"
    assert loaded.lines[("polarity",)] == pm18_text.splitlines().index("polarity: higher") + 1
    result = load_definitions([path])
    assert result.problems == [] and set(result.indicators) == {"PM18"}


def test_non_utf8_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "PM18.yaml"
    path.write_bytes("id: PM18\nframework: local\ntitle: Caf\u00e9 visits\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as caught:
        load_yaml_file(path)
    assert caught.value.code == "yaml-syntax"
    assert caught.value.line == 3
    assert "UTF-8" in caught.value.message
    problems = load_definitions([path]).problems
    assert [(p.code, p.line) for p in problems] == [("yaml-syntax", 3)]
    assert "UTF-8" in problems[0].message


def test_syntax_error_points_at_its_line() -> None:
    problem = refused("id: PM18\ntitle: a\npolarity: higher: yes\n")
    assert (problem.code, problem.line) == ("yaml-syntax", 3)
    assert problem.message.startswith("YAML syntax")


def test_empty_document_is_none() -> None:
    assert load_yaml_text("# only a comment\n").data is None
