"""Issue 8, definitions: a hostile or broken definition file is refused by `pm validate` with
a stable code and its line, never evaluated, quickly, and without a traceback."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest
from engine_helpers import digests, run_pm_many

from pm.definitions.yaml_loader import MAX_DEPTH, MAX_FILE_BYTES, YamlProblem, load_yaml_text

RULE = "  rule: working_days(report_received_date, enquiry_completed_date) <= timescale"
CANARY = "pm-robustness-canary"


def _bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["bomb0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"bomb{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _cases(text: str, canary: Path) -> dict[str, tuple[str, str, int]]:
    """name -> (file text, expected code, expected line)."""
    rule_line = text.splitlines().index(RULE) + 1

    def rule(expression: str) -> str:
        return text.replace(RULE, f"  rule: {json.dumps(expression)}")  # a YAML quoted string

    long_rule = " or ".join(["timescale > 1"] * 400)
    lines = text.splitlines()
    title_line = next(n for n, line in enumerate(lines, start=1) if line.startswith("title:"))
    unsafe_title = f'title: !!python/object/apply:os.system ["touch {canary}"]'
    return {
        "python tag": (
            "\n".join(
                unsafe_title if n == title_line else line for n, line in enumerate(lines, start=1)
            )
            + "\n",
            "yaml-unsafe-tag",
            title_line,
        ),
        "python name tag": (
            text + "extra: !!python/name:os.system\n",
            "yaml-unsafe-tag",
            len(text.splitlines()) + 1,
        ),
        "alias bomb": (text + _bomb(), "yaml-too-large", 0),
        "deep nesting": (
            text + "deep: " + "[" * (MAX_DEPTH + 20) + "]" * (MAX_DEPTH + 20) + "\n",
            "yaml-too-large",
            0,
        ),
        "huge file": (text + "# " + "x" * (MAX_FILE_BYTES + 10) + "\n", "yaml-too-large", 0),
        "attribute access": (
            rule("report_received_date.__class__ == 1"),
            "expression-forbidden",
            rule_line,
        ),
        "dunder name": (
            rule(f"__import__('os').system('touch {canary}') == 0"),
            "expression-forbidden",
            rule_line,
        ),
        "lambda": (rule("(lambda: True)()"), "expression-forbidden", rule_line),
        "comprehension": (rule("[x for x in [1]] == [1]"), "expression-forbidden", rule_line),
        "unknown function": (
            rule(f"open('{canary}') == 1"),
            "expression-unknown-function",
            rule_line,
        ),
        "eval": (
            rule(f'eval(\'__import__("os").system("touch {canary}")\')'),
            "expression-unknown-function",
            rule_line,
        ),
        "absurdly long": (rule(long_rule), "expression-too-long", rule_line),
    }


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory, fixtures_dir: Path) -> dict:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("definitions")
    canary = root / CANARY
    text = (fixtures_dir / "definitions" / "PM18.yaml").read_text(encoding="utf-8")
    assert RULE in text.splitlines()
    cases = _cases(text, canary)
    runs = {}
    for number, (name, (content, _code, _line)) in enumerate(sorted(cases.items())):
        folder = root / f"case{number}"
        folder.mkdir()
        (folder / "PM18.yaml").write_text(content, encoding="utf-8")
        runs[name] = (["validate", folder, "--format", "json"], None)
    before = {name: digests(Path(args[1])) for name, (args, _cwd) in runs.items()}
    started = time.perf_counter()
    done = run_pm_many(runs)
    elapsed = time.perf_counter() - started
    return {
        "cases": cases,
        "runs": runs,
        "done": done,
        "before": before,
        "canary": canary,
        "elapsed": elapsed,
    }


@pytest.mark.parametrize(
    "case",
    [
        "python tag",
        "python name tag",
        "alias bomb",
        "deep nesting",
        "huge file",
        "attribute access",
        "dunder name",
        "lambda",
        "comprehension",
        "unknown function",
        "eval",
        "absurdly long",
    ],
)
def test_a_hostile_definition_is_refused_with_its_code_and_nothing_runs(
    validated: dict, case: str
) -> None:
    _content, code, line = validated["cases"][case]
    result = validated["done"][case]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    report = json.loads(result.stdout)
    assert report["valid"] is False
    codes = [(p["code"], p["line"]) for p in report["problems"]]
    assert code in [c for c, _ in codes], codes
    if line:
        assert (code, line) in codes, codes
    assert not validated["canary"].exists()  # nothing in the file was run
    folder = Path(validated["runs"][case][0][1])
    assert digests(folder) == validated["before"][case]  # the definition file is not changed


def test_hostile_definitions_are_all_checked_in_seconds(validated: dict) -> None:
    # twelve `pm validate` runs side by side, each mostly start-up time
    assert validated["elapsed"] < 60


def test_an_alias_bomb_is_refused_fast_and_in_bounded_memory() -> None:
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        load_yaml_text(_bomb())  # 9 ** 9 = 387 million strings if expanded
    elapsed = time.perf_counter() - started
    assert caught.value.code == "yaml-too-large"
    assert elapsed < 10  # about 1-2 s on a 2-core machine; expanding it would take hours
    tracemalloc.start()
    with pytest.raises(YamlProblem):
        load_yaml_text(_bomb())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 200 * 1024 * 1024  # expanded, it would need tens of gigabytes


def test_validate_on_a_missing_path_exits_with_one_line(tmp_path: Path) -> None:
    result = run_pm_many({"x": (["validate", tmp_path / "nowhere"], None)})["x"]
    assert result.returncode in (2, 3), result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
