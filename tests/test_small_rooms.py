"""Small rooms: no module of pm over 450 lines and no function over 80, read from the source
with `ast` (a function's lines run from its `def` to its last line; nested functions count
on their own). Long data tables may be allowed, each by name with the reason.

`python tests/test_small_rooms.py` lists every offender, allowed or not.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "pm"
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80

# Tables and generated data that are long by nature: "module" or "module::function" → why.
DATA_TABLES: dict[str, str] = {}


def offenders(source: Path = SOURCE) -> dict[str, int]:
    """Every module over MAX_MODULE_LINES and function over MAX_FUNCTION_LINES → its lines
    ("engine/records.py", "report/charts.py::trend_chart")."""
    found: dict[str, int] = {}
    for path in sorted(source.rglob("*.py")):
        name = path.relative_to(source).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            found[name] = lines
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    key = f"{name}::{node.name}"  # two of one name: the longer
                    found[key] = max(length, found.get(key, 0))
    return found


def test_no_module_or_function_is_too_long() -> None:
    failing = {name: lines for name, lines in offenders().items() if name not in DATA_TABLES}
    assert not failing, (
        f"over {MAX_MODULE_LINES} lines a module, {MAX_FUNCTION_LINES} a function; split them "
        f"by concern: {failing}"
    )


def test_every_allowed_table_is_still_long() -> None:
    """An allowance that is no longer needed is taken out, so the list stays short."""
    stale = sorted(set(DATA_TABLES) - set(offenders()))
    assert not stale, f"no longer too long, remove from DATA_TABLES: {stale}"


def test_the_count_finds_long_modules_and_functions(tmp_path: Path) -> None:
    """The check itself: an 81-line function and a 451-line module are found; 80 and 450 not."""
    package = tmp_path / "pm"
    (package / "report").mkdir(parents=True)
    body = "\n".join(f"    x{n} = {n}" for n in range(79))
    (package / "report" / "long.py").write_text(
        f"def long():\n{body}\n    return 0\n" + "\n" * (450 - 81) + "# end\n", encoding="utf-8"
    )
    (package / "report" / "fits.py").write_text(f"def fits():\n{body}\n", encoding="utf-8")
    (package / "cli").mkdir()
    (package / "cli" / "big.py").write_text("x = 1\n" * 451, encoding="utf-8")
    found = offenders(package)
    assert found == {"report/long.py::long": 81, "report/long.py": 451, "cli/big.py": 451}


if __name__ == "__main__":
    for name, lines in sorted(offenders().items()):
        state = "allowed (data table)" if name in DATA_TABLES else "TOO LONG"
        print(f"{lines:5d}  {name}  {state}")
