"""What must never reach a published report: withheld figures, person identifiers, live
script from commentary or names, and a template that reaches outside its sandbox."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from report_helpers import (
    CARDIFF,
    HIDDEN_TEXTS,
    NEWPORT,
    REPO_ROOT,
    SCRIPT,
    rendered_sample,
    small_rows,
    write_csv,
)

from pm.definitions.loader import load_definitions
from pm.errors import InputError, PmError, UsageError
from pm.reporting.build import ReportRequest, write_report
from pm.reporting.context import ReportScope, build_context
from pm.reporting.render import render
from pm.reporting.results import published_results, read_results

TEMPLATES = ["annual_report", "scorecard", "indicator_page", "exceptions", "directors_report"]
FORMATS = [".html", ".md", ".xlsx"]


@pytest.fixture(scope="module")
def definitions():  # type: ignore[no-untyped-def]
    return load_definitions(check=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("safety")
    write_csv(small_rows(), root / "results.csv")
    notes = root / "commentary" / "2023-24"
    notes.mkdir(parents=True)
    (notes / "PM18.md").write_text(
        f"Completion **improved** after the new rota.\n\n{SCRIPT} <img src=x onerror=alert(1)>\n\n"
        "{{ report.area }} {% include '/etc/passwd' %}\n\n[click](javascript:alert(1))\n",
        encoding="utf-8",
    )
    return root


def _write(
    definitions, folder: Path, template: str, suffix: str, area: str = CARDIFF, **options
) -> Path:  # type: ignore[no-untyped-def]
    output = folder / "out" / f"{template}-{area}{suffix}"
    write_report(
        ReportRequest(
            results=folder / "results.csv",
            template=template,
            output=output,
            area=area,
            year="2023-24",
            commentary=folder / "commentary",
            **options,
        ),
        definitions,
    )
    return output


def _all_text(path: Path) -> str:
    """Everything in a report file, including every part of an Excel workbook."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return data.decode("utf-8")


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("area", [CARDIFF, NEWPORT])
def test_withheld_figures_appear_nowhere(
    definitions, folder: Path, template: str, suffix: str, area: str
) -> None:  # type: ignore[no-untyped-def]
    text = _all_text(_write(definitions, folder, template, suffix, area))
    for hidden in HIDDEN_TEXTS:
        # Whole figures only: chart coordinates such as 15.894156 are not the figure 15.8.
        pattern = rf"(?<![\d.,]){re.escape(hidden)}(?![\d])"
        found = re.search(pattern, text)
        where = text[found.start() - 80 : found.end() + 20] if found else ""
        assert not found, (
            f"withheld figure {hidden} reached the {template}{suffix} for {area}: {where}"
        )
    assert text.count("88.9") >= (1 if area == CARDIFF and template != "exceptions" else 0)


def test_withheld_figures_are_left_out_of_chart_data(definitions, folder: Path) -> None:  # type: ignore[no-untyped-def]
    html = _all_text(_write(definitions, folder, "indicator_page", ".html"))
    assert html.count("<svg") >= 4
    # PM27's council chart draws Cardiff and Swansea and says one council was withheld.
    assert "1 council figure(s) withheld or not available: Newport" in html
    assert "Line chart of PM21 (days) for Cardiff: 2022-23 withheld; 2023-24 601.7" in html


def test_published_results_empty_what_would_reveal_a_withheld_figure() -> None:
    rows = small_rows()
    table = pd.DataFrame(rows)
    for column in ("suppressed",):
        table[column] = table[column].astype(bool)
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"pm-published-{os.getpid()}.csv"
    write_csv(rows, path)
    try:
        published = published_results(read_results(path))
    finally:
        path.unlink()
    newport = published[(published.indicator == "PM27") & (published.area == NEWPORT)].iloc[0]
    assert (
        newport[["numerator", "denominator", "value", "lower_ci", "upper_ci", "rank", "quartile"]]
        .isna()
        .all()
    )
    assert (newport["band"], newport["direction"], newport["quartile_band"]) == ("", "", "")
    cardiff = published[
        (published.indicator == "PM21")
        & (published.area == CARDIFF)
        & (published.period == "2023-24")
    ].iloc[0]
    assert (
        pd.isna(cardiff["previous_value"])
        and pd.isna(cardiff["change"])
        and cardiff["direction"] == ""
    )
    pm27 = published[(published.indicator == "PM27") & (published.area == CARDIFF)].iloc[0]
    assert pd.isna(pm27["lower_quartile"])  # it equalled Newport's withheld value


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_commentary_and_names_are_escaped_not_run(definitions, folder: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    annual = _all_text(_write(definitions, folder, "annual_report", suffix))
    pages = _all_text(_write(definitions, folder, "indicator_page", suffix))
    for text in (annual, pages):
        assert not re.search(r"(?<!\\)<(script|img)", text, re.I), "live markup from the data"
        assert 'href="javascript' not in text
    assert "{{ report.area }}" in annual  # template syntax in commentary shows literally
    assert (
        "{% include '/etc/passwd' %}" in annual or "{% include &#39;/etc/passwd&#39; %}" in annual
    )
    assert "root:" not in annual
    if suffix == ".html":
        assert "<strong>improved</strong>" in annual  # Markdown still formats
        assert "&lt;script&gt;alert('pm')&lt;/script&gt;" in annual
        assert 'href="javascript' not in annual
        assert "Swansea &lt;script&gt;" in pages  # a council name from the results
    else:
        assert "Swansea \\<script\\>alert('pm')\\</script\\>" in pages  # shown as text in Markdown
        assert "&lt;script&gt;alert('pm')&lt;/script&gt;" in annual  # commentary: HTML made inert


def test_markdown_table_cells_cannot_be_broken_by_data(definitions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = small_rows()
    for row in rows:
        if row["area"] == "W06000011":
            row["area_name"] = "Swansea | [link](http://evil.example) **bold**\nnew line"
    write_csv(rows, tmp_path / "results.csv")
    output = tmp_path / "pages.md"
    write_report(
        ReportRequest(
            results=tmp_path / "results.csv",
            template="indicator_page",
            output=output,
            area=CARDIFF,
            year="2023-24",
        ),
        definitions,
    )
    text = output.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "Swansea" in line)
    assert (
        line == "| Swansea \\| \\[link\\](http://evil.example) \\*\\*bold\\*\\* new line | 80.0 |"
    )


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ report.__class__ }}",
        "{{ charts._report }}",
        "{{ charts.trend.__globals__ }}",
        "{% set _ = measures.append(1) %}",
        "{{ report.update({'area': 'x'}) }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_a_template_cannot_reach_python_internals(
    definitions, folder: Path, tmp_path: Path, body: str
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "evil.html.j2").write_text(body, encoding="utf-8")
    with pytest.raises(PmError) as problem:
        _render_user(definitions, folder, tmp_path, "evil")
    assert "evil.html.j2" in str(problem.value)


def _render_user(definitions, folder: Path, templates: Path, name: str, kind: str = "html") -> str:  # type: ignore[no-untyped-def]
    table = published_results(read_results(folder / "results.csv"))
    context = build_context(table, definitions, ReportScope(area=CARDIFF, year="2023-24"), name)
    return render(context, name, kind, templates)


def test_a_template_cannot_include_files_outside_the_template_folders(
    definitions, folder: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "link.txt").symlink_to(secret)
    for include in ("../secret.txt", str(secret), "link.txt", "/etc/passwd"):
        (templates / "peek.html.j2").write_text(f"{{% include '{include}' %}}", encoding="utf-8")
        with pytest.raises(PmError) as problem:
            _render_user(definitions, folder, templates, "peek")
        assert "TOP SECRET" not in str(problem.value)
        assert "cannot include" in str(problem.value)


def test_a_user_template_overrides_a_shipped_one_by_name(
    definitions, folder: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "scorecard.html.j2").write_text(
        "<p>{{ report.area_name }}: {% for m in measures %}{{ m.id }}={{ m.cells.value.text }} {% endfor %}"
        "{{ 88.85 | figure }} {{ '<b>' }}</p>",
        encoding="utf-8",
    )
    html = _render_user(definitions, folder, tmp_path, "scorecard")
    assert html == "<p>Cardiff: PM18=88.9 PM21=601.7 PM27=8.0 88.9 &lt;b&gt;</p>"
    # ...and the shipped helpers stay available to it.
    (tmp_path / "mine.html.j2").write_text(
        '{% import "_macros.html.j2" as ui with context %}{{ ui.fig(measures[0].cells.value) }}',
        encoding="utf-8",
    )
    assert (
        _render_user(definitions, folder, tmp_path, "mine")
        == '<span class="fig" data-src="PM18|2023-24|W06000015||value|1|">88.9</span>'
    )


def test_record_level_files_are_refused(tmp_path: Path, definitions) -> None:  # type: ignore[no-untyped-def]
    rows = small_rows()
    for row in rows:
        row["person_id"] = "P0001234"
    path = write_csv(rows, tmp_path / "trail.csv", columns=[*rows[0].keys()])
    with pytest.raises(InputError, match="record-level columns \\(person_id\\)"):
        write_report(
            ReportRequest(
                results=path, template="scorecard", output=tmp_path / "x.html", area=CARDIFF
            ),
            definitions,
        )
    assert not (tmp_path / "x.html").exists()


def test_no_person_identifier_from_the_sample_extracts_reaches_a_report() -> None:
    ids: set[str] = set()
    for name, column in (
        ("adult_protection_enquiries", "person_id"),
        ("child_assessments", "child_id"),
        ("looked_after_episodes", "child_id"),
        ("care_leavers", "young_person_id"),
    ):
        frame = pd.read_csv(
            REPO_ROOT / "sample_data" / f"{name}.csv", dtype=str, usecols=[column, "la_code"]
        )
        ids |= set(frame.loc[frame.la_code == CARDIFF, column].dropna())
    assert len(ids) > 100
    for template, suffix in (("annual_report", ".html"), ("indicator_page", ".html")):
        text = rendered_sample(template, suffix).read_text(encoding="utf-8")
        leaked = [i for i in ids if f">{i}<" in text or f" {i} " in text or f'"{i}"' in text]
        assert not leaked, leaked[:5]


@pytest.mark.parametrize("suffix", FORMATS)
def test_rendering_twice_gives_identical_bytes(definitions, folder: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    first = _write(definitions, folder, "indicator_page", suffix).read_bytes()
    second = _write(definitions, folder, "indicator_page", suffix).read_bytes()
    assert first == second


def test_a_failing_template_leaves_no_output(definitions, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "broken.html.j2").write_text("ok {{ no_such_variable }}", encoding="utf-8")
    output = tmp_path / "report.html"
    with pytest.raises(PmError, match="broken.html.j2, line 1: 'no_such_variable' is undefined"):
        write_report(
            ReportRequest(
                results=folder / "results.csv",
                template="broken",
                output=output,
                area=CARDIFF,
                templates=tmp_path,
            ),
            definitions,
        )
    assert not output.exists()
    assert not any(tmp_path.glob(".report.html.*"))


def test_an_unknown_template_names_the_ones_there_are(definitions, folder: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(
        UsageError,
        match="there is no 'annual' template.*annual_report, directors_report, exceptions, indicator_page, "
        "scorecard",
    ):
        _write(definitions, folder, "annual", ".html")
