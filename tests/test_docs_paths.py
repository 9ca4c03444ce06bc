"""Documents name files by their place in the project, never by a path on someone's
machine, and the files they name are there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", ".git", "out", "benchmarks/data", ".pytest_cache", "node_modules"}
MACHINE_PATH = re.compile(r"(?<![\w.])(/work/|/home/|/Users/|/tmp/|/root/|[A-Z]:\\\\)")


def _documents() -> list[Path]:
    found = []
    for path in REPO.rglob("*"):
        relative = path.relative_to(REPO).as_posix()
        if any(relative == s or relative.startswith(s + "/") for s in SKIPPED):
            continue
        if path.is_file() and path.suffix in {".md", ".j2", ".yaml", ".yml", ".css"}:
            found.append(path)
    return sorted(found)


def test_there_are_documents_to_check() -> None:
    names = {p.relative_to(REPO).as_posix() for p in _documents()}
    assert {"README.md", "sample_data/README.md", "technical_guidance/templates.md"} <= names


@pytest.mark.parametrize("document", _documents(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_document_names_a_path_on_a_machine(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    found = MACHINE_PATH.search(text)
    assert found is None, text[max(0, found.start() - 60) : found.end() + 60] if found else ""


def _named_files(text: str) -> list[str]:
    """Paths written in backticks that name a file or folder of the project (no
    placeholders such as <dataset>, no commands, no dates)."""
    names = []
    for quoted in re.findall(r"`([^`\s]+)`", text):
        if "/" not in quoted or "<" in quoted or quoted[0].isdigit() or ":" in quoted:
            continue
        if re.search(r"\.(md|ya?ml|py|csv|json|j2|css)$", quoted) or quoted.endswith("/"):
            names.append(quoted)
    return names


@pytest.mark.parametrize("document", ["sample_data/README.md"])
def test_the_files_a_guide_names_are_in_the_project(document: str) -> None:
    names = _named_files((REPO / document).read_text(encoding="utf-8"))
    assert names, f"{document} names no files: the check would prove nothing"
    missing = [name for name in names if not (REPO / name).exists()]
    assert missing == []


def test_messages_about_pms_own_files_name_them_without_the_machines_path(tmp_path, run_pm) -> None:  # type: ignore[no-untyped-def]
    """Outside any workspace, `pm validate --language cy` lists terms of pm's own definitions:
    each is named `<pm>/indicators/...`, never by where pm is installed."""
    listed = run_pm("validate", "--language", "cy", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "<pm>/indicators/local/LOC01.yaml:4: no-official-welsh" in listed.stdout
    assert str(REPO) not in listed.stdout + listed.stderr
