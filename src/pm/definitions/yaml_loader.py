"""Safe YAML loading that keeps the line of every node, so problems can point at them.

Only the YAML core types are built (mappings, lists, strings, numbers, booleans, dates,
null): any other tag, `!!python/...` included, is refused. Aliases are allowed but the
expanded document is capped, so an alias bomb is refused quickly and in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 60

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Path_ = tuple[str | int, ...]


class YamlProblem(Exception):
    """A file that cannot be turned into data; carries a problem code and a line."""

    def __init__(self, code: str, line: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.line = line
        self.message = message


@dataclass
class LoadedYaml:
    """Plain data from one YAML file, with the line of every key and item."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest node on `path` that the file has (1 if none)."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


class _Builder:
    """Turns a composed node tree into Python data, recording lines and refusing the unsafe."""

    def __init__(self) -> None:
        self.scalars = yaml.constructor.SafeConstructor()
        self.lines: dict[Path_, int] = {}
        self.nodes = 0

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(
                "yaml-too-large",
                node.start_mark.line + 1,
                f"the document expands to more than {MAX_NODES:,} values (aliases?): "
                "write it out plainly or split it",
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                "yaml-too-large",
                node.start_mark.line + 1,
                f"the document is nested more than {MAX_DEPTH} levels deep: flatten it",
            )
        if node.tag not in _CORE_TAGS:
            raise YamlProblem(
                "yaml-unsafe-tag",
                node.start_mark.line + 1,
                f"the tag {node.tag!r} is not allowed: remove it (pm reads plain YAML data only)",
            )
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
            ]
        return self.scalars.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(
                    "yaml-unsafe-tag",
                    key_node.start_mark.line + 1,
                    "merge keys ('<<') are not supported: write the keys out",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "yaml-not-mapping", key_node.start_mark.line + 1, "keys must be plain words"
                )
            key = str(self.build(key_node, path, depth + 1))
            if key in result:
                raise YamlProblem(
                    "duplicate-key",
                    key_node.start_mark.line + 1,
                    f"the key '{key}' is given twice in the same mapping: keep one",
                )
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


# libyaml's parser, where PyYAML was built with it, composes about ten times faster than the
# pure-Python one; `pm validate` reads every definition, so this is most of its time.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    """The node tree of `text`; a document that libyaml refuses is parsed again in Python, so
    that problems carry the pure-Python parser's message and line, whichever parser is here."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, RecursionError):
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml_text(text: str) -> LoadedYaml:
    """Parse YAML text into plain data and a map from key paths to line numbers."""
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        line = mark.line + 1 if mark else 1
        detail = problem.problem or str(problem)
        raise YamlProblem("yaml-syntax", line, f"YAML syntax: {detail}") from None
    except RecursionError:
        raise YamlProblem(
            "yaml-too-large", 1, "the document is nested too deeply: flatten it"
        ) from None
    except yaml.YAMLError as problem:
        raise YamlProblem("yaml-syntax", 1, f"YAML syntax: {problem}") from None
    if root is None:
        return LoadedYaml(data=None, lines={(): 1})
    builder = _Builder()
    try:
        data = builder.build(root, (), 0)
    except yaml.constructor.ConstructorError as problem:
        mark = problem.problem_mark
        raise YamlProblem(
            "invalid-value", mark.line + 1 if mark else 1, f"cannot read value: {problem.problem}"
        ) from None
    except RecursionError:
        raise YamlProblem(
            "yaml-too-large", 1, "the document is nested too deeply: flatten it"
        ) from None
    return LoadedYaml(data=data, lines=builder.lines)


def load_yaml_file(path: Path) -> LoadedYaml:
    """Read a YAML file safely; refuses huge files before parsing them."""
    from pm.guard import note_read

    note_read(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            "yaml-too-large",
            1,
            f"the file is {size:,} bytes; definitions are at most {MAX_FILE_BYTES:,}: split it",
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = raw[: problem.start].count(b"\n") + 1
        raise YamlProblem(
            "yaml-syntax", line, "the file is not UTF-8 text: save it as UTF-8"
        ) from None
    return load_yaml_text(text)


def yaml_files(paths: Iterable[Path], missing: str) -> list[Path]:
    """The YAML files (.yaml, .yml) under the given files and folders, folder by folder in
    a stable order; the one way pm finds definition, specification and service-plan files.
    A path that is not there is an input error: '<path>: <missing>'."""
    from pm.definitions.problems import display_path
    from pm.errors import InputError

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{display_path(path)}: {missing}")
    return files
