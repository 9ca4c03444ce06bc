"""Text from extracts, definitions and workspace files is printed as text (issue 14 §3):
never read as rich markup (`[/bold]Duty` crashed `pm compute --breakdown team`, `Adults
[east]` lost its `[east]`), and never passing a terminal control through (escape
sequences, OSC 8 links, C1 controls, bidirectional overrides)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import BIDI, CONTROL_CHARACTERS, ESC_RED, MARKUP, OSC8, make_workspace

from pm.cli.console import SafeConsole, clean, safe, strip_controls

RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # the colours rich itself prints on a terminal


def assert_printed_safely(result: object, *literal: str) -> None:
    stdout, stderr = result.stdout, result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and "unexpected problem" not in stderr, stderr
    for stream in (stdout, stderr):
        found = sorted({f"U+{ord(c):04X}" for c in CONTROL_CHARACTERS.findall(stream)})
        assert found == [], f"control characters printed: {found}"
    for text in literal:  # markup shown as written, not taken as styling
        assert text in stdout + stderr, text


# --------------------------------------------------------------------------- the console


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (ESC_RED, "Red"),
        (OSC8, "Link"),
        (BIDI, "Safeevil"),
        ("a\x9b31mb", "ab"),
        ("bell\x07 and\x00 nul\x7f", "bell and nul"),
        ("tab\there", "tab here"),
        ("line\r\nbreak", "line\nbreak"),
    ],
)
def test_controls_are_removed_from_what_is_printed(text: str, shown: str) -> None:
    assert strip_controls(text) == shown


def test_a_value_put_in_a_message_is_one_line_and_escaped() -> None:
    assert clean("a\nb\r\nc") == "a b c"
    assert safe("[/bold]Duty\x1b[31m") == "\\[/bold]Duty"


def test_a_terminal_gets_rich_colours_but_none_from_the_data() -> None:
    """On a real terminal rich prints its own styles; the data's sequences never pass."""
    from rich.table import Table

    buffer = io.StringIO()
    console = SafeConsole(file=buffer, force_terminal=True, width=120)
    table = Table("Team")
    for text in [*MARKUP, ESC_RED, OSC8, BIDI, "Link [link=http://example.invalid]x[/link]"]:
        table.add_row(text)
    console.print(table)
    console.print("[bold]pm's own markup[/]", markup=True)
    printed = buffer.getvalue()
    assert RICH_STYLE.sub("", printed).count("\x1b") == 0  # only rich's own colour codes
    assert "\x1b]8" not in printed and "\u202e" not in printed
    for text in MARKUP:
        assert text in printed
    assert "pm's own markup" in printed and "[bold]" not in printed


def test_json_keeps_the_data_whole_as_escapes() -> None:
    import json

    buffer = io.StringIO()
    SafeConsole(file=buffer, width=200).print_json(json.dumps({"team": "a\x9bb\u202ec [x]"}))
    printed = buffer.getvalue()
    assert "\\u009b" in printed and "\\u202e" in printed and "[x]" in printed
    assert json.loads(printed) == {"team": "a\x9bb\u202ec [x]"}


# -------------------------------------------------------------------------- every command


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, run_pm: Callable[..., object]) -> Path:
    """The hostile workspace, with compared results for compare and plan to read, and a
    results file whose area names are hostile."""
    folder = make_workspace(tmp_path_factory.mktemp("terminal"))
    made = run_pm(
        "compute", "data", "--year", "2023-24", "-i", "MY01", "--compare", "-o", "out/r.csv",
        cwd=folder,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr  # type: ignore[attr-defined]
    text = (folder / "out" / "r.csv").read_text(encoding="utf-8")
    (folder / "out" / "names.csv").write_text(
        text.replace(",Cardiff,", f",Cardiff [east] {ESC_RED} {OSC8},"), encoding="utf-8"
    )
    broken = folder / "broken"
    broken.mkdir()
    definition = (folder / "indicators" / "MY01.yaml").read_text(encoding="utf-8")
    (broken / "MY01.yaml").write_text(
        definition.replace("polarity: higher", 'polarity: "[/bold]Duty \\e[31mred"'),
        encoding="utf-8",
    )
    return folder


COMMANDS = {
    "compute table, team breakdown": (
        ["compute", "data", "--year", "2023-24", "-i", "MY01", "--breakdown", "team"],
        ["team=[/bold]Duty", "team=Adults [east]", "team=Osc Link", "team=Esc Red"],
    ),
    "compute, one team": (
        ["compute", "data", "--year", "2023-24", "-i", "MY01", "--team", "[/bold]Duty"],
        ["team=[/bold]Duty"],
    ),
    "compute, a team that is not there (error lists the teams)": (
        ["compute", "data", "--year", "2023-24", "-i", "MY01", "--team", "nobody"],
        ["Adults [east]", "Esc Red"],
    ),
    "compute --compare": (
        ["compute", "data", "--year", "2023-24", "-i", "MY01", "--breakdown", "team", "--compare"],
        ["[/bold]Duty", "Adults [east]"],
    ),
    "compare, hostile area names": (["compare", "out/names.csv"], ["Cardiff [east] Red Link"]),
    "explain (records on screen)": (
        ["explain", "MY01", "--data", "data", "--year", "2023-24", "--area", "Swansea"],
        ["[/bold]Duty", "Adults [east]"],
    ),
    "list": (["list", "--framework", "local"], ["[/bold]Duty red"]),
    "list as JSON": (["list", "--framework", "local", "--format", "json"], ["[/bold]Duty"]),
    "list as CSV": (["list", "--framework", "local", "--format", "csv"], ["[/bold]Duty red"]),
    "show": (["show", "MY01"], ["Adults [east]", "[/bold]Duty red"]),
    "show as JSON": (["show", "MY01", "--format", "json"], ["Adults [east]"]),
    "plan": (
        ["plan", "-r", "out/r.csv", "--as-of", "2024-01-01"],
        [
            "Plan [/bold]Red",
            "Adults [east] objective Red",
            "[/bold]Duty rationale Safeevil",
            "[/red]act Red",
            "[/bold]support",
        ],
    ),  # fmt: skip
    "plan as JSON": (["plan", "-r", "out/r.csv", "--format", "json"], ["[/bold]Duty rationale"]),
    "validate, a hostile value in the message": (
        ["validate", "broken/MY01.yaml"],
        ["[/bold]Duty red"],
    ),
    "validate as JSON": (["validate", "broken/MY01.yaml", "--format", "json"], ["[/bold]Duty"]),
    "validate as CSV": (["validate", "broken/MY01.yaml", "--format", "csv"], ["[/bold]Duty red"]),
    "test": (["test", "MY01", "-v"], []),
}
FAILS = {
    "compute, a team that is not there (error lists the teams)": 2,
    "validate, a hostile value in the message": 1,
    "validate as JSON": 1,
    "validate as CSV": 1,
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_prints_data_as_plain_text(
    name: str, workspace: Path, run_pm: Callable[..., object]
) -> None:
    args, literal = COMMANDS[name]
    result = run_pm(*args, cwd=workspace)
    assert result.returncode == FAILS.get(name, 0), result.stderr  # type: ignore[attr-defined]
    assert_printed_safely(result, *literal)


def test_data_quality_lines_print_without_controls(
    tmp_path: Path, run_pm: Callable[..., object]
) -> None:
    """The console's data-quality summary names the data-quality file (an output may be
    called anything, and so may a part file of an extract)."""
    from hostile_helpers import REPO_ROOT

    parts = tmp_path / "data" / "adult_protection_enquiries"
    parts.mkdir(parents=True)
    text = (REPO_ROOT / "sample_data" / "adult_protection_enquiries.csv").read_text("utf-8")
    (parts / f"part [bold]x{ESC_RED}.csv").write_text(text, encoding="utf-8")
    output = f"out/[bold]x{ESC_RED}.csv"
    result = run_pm(
        "compute", "data", "--year", "2023-24", "-i", "PM18", "-o", output, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    assert_printed_safely(result, "[bold]xRed.data-quality.csv", "record(s) left out")
