"""Issue 14 §1: no command ever writes over a file it reads.

Every command that writes is run, inside a council workspace, with its output pointed at
each kind of file pm reads (extracts, definitions, data-item specifications, reference
data, targets, pm.yaml, service plans, commentary, templates, results, published figures),
by the same name, by a hard link, by a symbolic link, by a name in another case, and as a
file written beside the output; and at things that are not files (a folder, a named pipe).
Each must stop with exit code 2 and one line naming the input, before any work, leaving
every input byte for byte as it was and nothing new beside the output.

Links to pm's shipped files are made inside the test folder: were the guard to fail, the
atomic writer would replace the link, never the shipped file itself.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from inprocess import digest_all, pm

from pm import resources

REPO = Path(__file__).resolve().parents[1]
SHIPPED_PM18 = resources.indicators_dir() / "national" / "quantitative" / "PM18.yaml"
SHIPPED_SPEC = resources.datasets_dir() / "adult_protection_enquiries.yaml"
SHIPPED_REFERENCE = resources.reference_dir() / "councils.yaml"
SHIPPED_TEMPLATE = resources.templates_dir() / "annual_report.html.j2"
EXTRACT = "data/adult_protection_enquiries.csv"

TEMPLATE = """<!doctype html><title>{{ report.area_name }}</title>
{% for m in measures %}<p>{{ m.id }} {{ m.commentary }}</p>{% endfor %}
"""
PUBLISHED = """council,indicator,year,numerator,denominator,value
Swansea,PM18,2023-24,90,100,90.0
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Cardiff workspace with one file of every kind pm reads, and results computed."""
    ws = tmp_path_factory.mktemp("guard") / "cardiff"
    (ws / "indicators").mkdir(parents=True)
    (ws / "pm.yaml").write_text("council: W06000015\n", encoding="utf-8")
    shutil.copy(REPO / "sample_workspace" / "targets.yaml", ws / "targets.yaml")
    shutil.copytree(REPO / "sample_workspace" / "plans", ws / "plans")
    shutil.copytree(REPO / "sample_workspace" / "commentary", ws / "commentary")
    (ws / "templates").mkdir()
    (ws / "templates" / "mine.html.j2").write_text(TEMPLATE, encoding="utf-8")
    local = (REPO / "indicators" / "local" / "LOC01.yaml").read_text(encoding="utf-8")
    (ws / "indicators" / "WS01.yaml").write_text(
        local.replace("id: LOC01", "id: WS01", 1), encoding="utf-8"
    )
    shutil.copytree(REPO / "sample_data", ws / "data")
    parts = ws / "data" / "workforce"  # a dataset given as a folder of parts
    parts.mkdir()
    lines = (ws / "data" / "workforce.csv").read_text(encoding="utf-8").splitlines(True)
    (ws / "data" / "workforce.csv").unlink()
    half = len(lines) // 2
    (parts / "part-1.csv").write_text("".join(lines[:half]), encoding="utf-8")
    (parts / "part-2.csv").write_text(lines[0] + "".join(lines[half:]), encoding="utf-8")
    (ws / "published.csv").write_text(PUBLISHED, encoding="utf-8")
    (ws / "links").mkdir()
    for name, target in (
        ("PM18.yaml", SHIPPED_PM18),
        ("spec.yaml", SHIPPED_SPEC),
        ("councils.yaml", SHIPPED_REFERENCE),
        ("annual.html.j2", SHIPPED_TEMPLATE),
    ):
        (ws / "links" / name).symlink_to(target)
    old = Path.cwd()
    os.chdir(ws)
    try:
        code, said = pm(
            *("compute", "data", "--year", "2023-24", "--compare", "-o", "out/results.csv"),
            *("-i", "PM18", "-i", "PM20b", "-i", "PM24"),
        )
    finally:
        os.chdir(old)
    assert code == 0, said
    return ws


@pytest.fixture
def ws(made: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Inside the workspace; every file as it was is compared after the test."""
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(made)
    before = digest_all(made)
    shipped = {
        p: p.read_bytes() for p in (SHIPPED_PM18, SHIPPED_SPEC, SHIPPED_REFERENCE, SHIPPED_TEMPLATE)
    }
    yield made
    for link in (made / "links").iterdir():
        assert link.is_symlink(), f"{link} was replaced"
    assert digest_all(made) == before  # every input as it was; nothing new, no temporary file
    assert {p: p.read_bytes() for p in shipped} == shipped


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading extracts or results, or computing, now fails the test: a refusal must come
    before any of it."""

    def forbidden(*_: object, **__: object) -> None:
        raise AssertionError("the command started work before refusing its output")

    import pm.data.reader
    import pm.engine.run
    import pm.results_io

    monkeypatch.setattr(pm.data.reader, "read_extracts", forbidden)
    monkeypatch.setattr(pm.engine.run, "run_compute", forbidden)
    monkeypatch.setattr(pm.results_io, "read_table", forbidden)


# The commands that take a file to write, with OUT where the output goes.
COMMANDS: dict[str, tuple[str, ...]] = {
    "compute": ("compute", "data", "--year", "2023-24", "-i", "PM18", "-o", "OUT"),
    "compute --compare": (
        *("compute", "data", "--year", "2023-24", "-i", "PM18", "--compare"),
        *("--published", "published.csv", "--targets", "targets.yaml", "-o", "OUT"),
    ),
    "compare": ("compare", "out/results.csv", "--published", "published.csv", "-o", "OUT"),
    "explain": (
        *("explain", "PM18", "--data", "data", "--year", "2023-24", "--area", "Cardiff"),
        *("-o", "OUT"),
    ),
    "report": ("report", "out/results.csv", "-t", "mine", "--year", "2023-24", "-o", "OUT"),
    "plan": ("plan", "--results", "out/results.csv", "--as-of", "2024-03-31", "-o", "OUT"),
    "audit-sample": (
        *("audit-sample", "adult_protection_enquiries", "--data", "data"),
        *("--size", "3", "--seed", "1", "-o", "OUT"),
    ),
}

# Every kind of file pm reads, as the workspace holds it, and the words the error uses.
INPUTS: dict[str, tuple[str, str]] = {
    "extract": (EXTRACT, "the extract"),
    "extract in a part folder": ("data/workforce/part-2.csv", "the extract"),
    "workspace definition": ("indicators/WS01.yaml", "the definition"),
    "shipped definition (by a link)": ("links/PM18.yaml", "the definition"),
    "data-item specification (by a link)": ("links/spec.yaml", "the data-item specification"),
    "reference data (by a link)": ("links/councils.yaml", "the reference data file"),
    "targets": ("targets.yaml", "the targets file"),
    "pm.yaml": ("pm.yaml", "the workspace configuration"),
    "service plan": ("plans/service-plan.yaml", "the service plan"),
    "commentary": ("commentary/2023-24/PM18.md", "the commentary file"),
    "template": ("templates/mine.html.j2", "the template"),
    "shipped template (by a link)": ("links/annual.html.j2", "the template"),
    "results": ("out/results.csv", "the results file"),
    "published figures": ("published.csv", "the published figures file"),
}


# What only some commands read: the others may write there.
READ_BY = {
    "results": {"compare", "report", "plan"},
    "published figures": {"compute --compare", "compare"},
    "shipped template (by a link)": {"report"},
}
CASES = [
    (command, kind)
    for command in COMMANDS
    for kind in INPUTS
    if kind not in READ_BY or command in READ_BY[kind]
]


@pytest.mark.parametrize(("command", "kind"), CASES)
def test_an_output_that_is_an_input_is_refused_before_any_work(
    ws: Path, no_work: None, command: str, kind: str
) -> None:
    target, words = INPUTS[kind]
    args = [target if a == "OUT" else a for a in COMMANDS[command]]
    code, said = pm(*args)
    assert code == 2, said
    assert said.startswith(f"{target} is one of the inputs of this command: {words} ")
    assert "\n" not in said and said.endswith("Nothing was written.")
    assert str(Path.cwd()) not in said  # no machine path


def test_every_command_is_tried_with_every_kind_of_input() -> None:
    kinds = {words for _, words in INPUTS.values()}
    assert len(kinds) == 11
    for command in COMMANDS:
        tried = {INPUTS[kind][1] for c, kind in CASES if c == command}
        assert len(tried) >= 8, command


# ------------------------------------------------------------- the same file by another name

# Files named for the output (the command adds the extension the command writes).
EXTENSION = {"report": ".html", "plan": ".md"}


def _args(command: str, output: Path | str) -> list[str]:
    return [str(output) if a == "OUT" else a for a in COMMANDS[command]]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the workspace for links, pipes and folders in the output's place."""
    return tmp_path


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_hard_link_to_an_input_is_refused(
    ws: Path, outside: Path, no_work: None, command: str
) -> None:
    linked = outside / f"linked{EXTENSION.get(command, '.csv')}"
    os.link(ws / EXTRACT, linked)
    code, said = pm(*_args(command, linked))
    assert code == 2, said
    assert f"the extract {EXTRACT} under another name (a link to the same file)" in said
    assert linked.read_bytes() == (ws / EXTRACT).read_bytes()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_symbolic_link_to_an_input_is_refused(
    ws: Path, outside: Path, no_work: None, command: str
) -> None:
    link = outside / f"link{EXTENSION.get(command, '.csv')}"
    link.symlink_to(ws / "targets.yaml")
    code, said = pm(*_args(command, link))
    assert code == 2, said
    assert "the targets file targets.yaml (the output is a link to it)" in said
    assert link.is_symlink()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_output_in_a_linked_folder_is_refused(
    ws: Path, outside: Path, no_work: None, command: str
) -> None:
    (outside / "linked-data").symlink_to(ws / "data")
    code, said = pm(*_args(command, outside / "linked-data" / "adult_protection_enquiries.csv"))
    assert code == 2, said
    assert f"is one of the inputs of this command: the extract {EXTRACT}" in said


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_name_differing_only_in_case_is_refused(ws: Path, no_work: None, command: str) -> None:
    """On Windows and macOS `Targets.YAML` is `targets.yaml`; on Linux it would be a second
    file that differs only in case, as confusing: refused everywhere."""
    code, said = pm(*_args(command, "Targets.YAML"))
    assert code == 2, said
    assert "the targets file targets.yaml under another case" in said
    assert not (ws / "Targets.YAML").exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_another_case_on_a_case_insensitive_file_system_is_refused(
    ws: Path, no_work: None, command: str
) -> None:
    """A case-insensitive file system, simulated: the name in another case exists and is
    the same file (a hard link), as it would be on Windows or macOS."""
    other = ws / "data" / "ADULT_PROTECTION_ENQUIRIES.CSV"
    os.link(ws / EXTRACT, other)
    try:
        code, said = pm(*_args(command, "data/ADULT_PROTECTION_ENQUIRIES.CSV"))
        assert code == 2, said
        assert "is one of the inputs of this command: the extract data/" in said
        assert other.read_bytes() == (ws / EXTRACT).read_bytes()
    finally:
        other.unlink()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (os.mkfifo, "is a named pipe"),
        (os.mkdir, "is a folder"),
        (lambda path: bind_socket(path), "is a socket"),
    ],
    ids=["named pipe", "folder", "socket"],
)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_output_that_is_not_a_file_is_refused(
    ws: Path, outside: Path, no_work: None, command: str, make, words: str
) -> None:
    target = outside / f"special{EXTENSION.get(command, '.csv')}"
    make(target)
    code, said = pm(*_args(command, target))
    assert code == 2, said
    assert f"{target} {words}, not a file pm can replace" in said
    assert not target.is_file()
    assert [p.name for p in outside.iterdir()] == [target.name]  # no temporary file left


def bind_socket(path: Path) -> None:
    """A Unix socket at `path` (as a running program might leave one), closed at once."""
    import socket

    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    finally:
        server.close()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_device_is_refused(ws: Path, no_work: None, command: str) -> None:
    code, said = pm(*_args(command, "/dev/null"))
    assert code == 2 and "/dev/null is a device, not a file pm can replace" in said


@pytest.mark.parametrize(
    ("output", "beside", "input_words"),
    [
        ("data/x.csv", "data/x.data-quality.csv", "the extract data/x.data-quality.csv"),
        ("data/y.json", "data/y.manifest.json", "the extract data/y.manifest.json"),
    ],
)
def test_a_file_written_beside_the_results_may_not_be_an_input(
    ws: Path, no_work: None, output: str, beside: str, input_words: str
) -> None:
    """`pm compute -o D/x.csv` also writes D/x.data-quality.csv and D/x.manifest.json."""
    (ws / beside).write_bytes(b"kept\n")
    try:
        code, said = pm(*_args("compute", output))
        assert code == 2, said
        assert said.startswith(f"{beside} (written beside {output}) is one of the inputs")
        assert input_words in said
        assert (ws / beside).read_bytes() == b"kept\n" and not (ws / output).exists()
    finally:
        (ws / beside).unlink()


def test_a_file_written_beside_the_results_that_links_to_an_input_is_refused(
    ws: Path, outside: Path, no_work: None
) -> None:
    (outside / "r.manifest.json").symlink_to(ws / "pm.yaml")
    code, said = pm(*_args("compute", outside / "r.csv"))
    assert code == 2, said
    assert "r.manifest.json (written beside" in said
    assert "the workspace configuration pm.yaml (the output is a link to it)" in said
    assert sorted(p.name for p in outside.iterdir()) == ["r.manifest.json"]


# ------------------------------------------------------- commands that write sets of files


def test_init_never_replaces_an_input_nor_something_that_is_not_a_file(
    ws: Path, outside: Path
) -> None:
    code, said = pm("init", ".", "--council", "Cardiff")  # over this workspace
    assert code == 2 and "pm.yaml already exists" in said
    new = outside / "new"
    (new / "plans").mkdir(parents=True)
    (new / "targets.yaml").symlink_to(SHIPPED_REFERENCE)
    code, said = pm("init", new, "--council", "Cardiff")
    assert code == 2 and "targets.yaml already exists" in said
    (new / "targets.yaml").unlink()
    (new / "plans" / "service-plan.yaml").mkdir()
    code, said = pm("init", new, "--council", "Cardiff")
    assert code == 2, said
    assert sorted(str(p.relative_to(new)) for p in new.rglob("*")) == [
        "plans",
        "plans/service-plan.yaml",
    ]  # nothing written: not even pm.yaml


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        (
            "population.csv",
            lambda p, ws: p.symlink_to(ws / "pm.yaml"),
            "the workspace configuration",
        ),
        (
            "iaa_contacts.csv",
            lambda p, ws: p.symlink_to(SHIPPED_SPEC),
            "the data-item specification",
        ),
        ("reablement.csv", lambda p, ws: os.link(ws / "targets.yaml", p), "the targets file"),
        ("workforce.csv", lambda p, ws: os.mkfifo(p), "is a named pipe"),
        ("generation_log.json", lambda p, ws: p.mkdir(), "is a folder"),
    ],
    ids=["link to pm.yaml", "link to a specification", "hard link", "named pipe", "folder"],
)
def test_sample_data_never_replaces_an_input_nor_something_that_is_not_a_file(
    ws: Path, outside: Path, no_work: None, name: str, make, words: str
) -> None:
    make(outside / name, ws)
    before = digest_all(outside)
    code, said = pm("sample-data", outside, "--scale", "0.005", "--years", "2023-24", "--force")
    assert code == 2, said
    assert said.startswith(f"{outside / name}") and words in said
    assert "choose another OUT_DIR" in said
    assert digest_all(outside) == before


def test_sample_data_replaces_a_link_instead_of_writing_through_it(
    ws: Path, tmp_path: Path
) -> None:
    """A link in the folder that points at a file pm does not read is replaced by the new
    file; the file it pointed to is left alone (nothing is written through a link)."""
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_bytes(b"someone else's file\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "population.csv").symlink_to(elsewhere)
    code, said = pm("sample-data", out, "--scale", "0.005", "--years", "2023-24", "--force")
    assert code == 0, said
    assert elsewhere.read_bytes() == b"someone else's file\n"
    assert not (out / "population.csv").is_symlink()
    assert (out / "population.csv").read_text(encoding="utf-8").startswith("la_code,")


def test_guidance_never_replaces_an_input(ws: Path, outside: Path) -> None:
    code, said = pm("guidance", "-o", "commentary")  # its index page would be commentary/README.md
    assert code == 2, said
    assert said.startswith(
        "commentary/README.md is one of the inputs of this command: the commentary file"
    )
    target = outside / "guidance"
    (target / "indicators").mkdir(parents=True)
    (target / "indicators" / "WS01.md").symlink_to(ws / "indicators" / "WS01.yaml")
    code, said = pm("guidance", "-o", target)
    assert code == 2 and "the definition indicators/WS01.yaml (the output is a link to it)" in said
    assert [p.name for p in target.rglob("*")] == ["indicators", "WS01.md"]


# ------------------------------------------------------------------------------ backstop


def test_a_file_read_during_a_command_is_never_written_even_if_not_declared(
    tmp_path: Path,
) -> None:
    """The backstop in the writers: what a command read, however it got there, is refused
    at write time, by name and by identity."""
    from pm import guard
    from pm.definitions.yaml_loader import load_yaml_file
    from pm.errors import UsageError
    from pm.files import write_bytes_atomic, write_files_atomic

    read = tmp_path / "targets.yaml"
    read.write_bytes(b"targets: []\n")
    os.link(read, tmp_path / "other-name.yaml")
    guard.start_command()
    try:
        load_yaml_file(read)
        for target in (read, tmp_path / "other-name.yaml"):
            with pytest.raises(UsageError, match="was read to make this output"):
                write_bytes_atomic(target, b"overwritten\n")
        with pytest.raises(UsageError):  # a set: refused before any member is written
            write_files_atomic({tmp_path / "first.csv": b"1\n", read: b"2\n"})
        assert not (tmp_path / "first.csv").exists()
    finally:
        guard.end_command()
    assert read.read_bytes() == b"targets: []\n"
    write_bytes_atomic(tmp_path / "other-name.yaml", b"a library call outside a command\n")
    assert read.read_bytes() == b"targets: []\n"  # the link was replaced, not written through


def test_a_command_that_forgot_an_input_still_cannot_overwrite_it(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if `pm compute` and `pm compare` forgot to list their inputs: the writers refuse."""
    from pm import guard

    monkeypatch.setattr(guard, "refuse_overwriting", lambda *a, **k: None)
    code, said = pm(*_args("compute", EXTRACT))
    assert code == 2 and said.startswith(f"{EXTRACT} is one of the inputs of this command")
    assert f"the file {EXTRACT} was read to make this output" in said
    code, said = pm("compare", "out/results.csv", "-o", "out/results.csv")
    assert code == 2 and "the file out/results.csv was read to make this output" in said
