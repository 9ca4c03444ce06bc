"""`pm list`: the indicators, filterable by the golden thread."""

from __future__ import annotations

import json

import typer

from pm.cli.app import app
from pm.cli.console import out, print_csv
from pm.cli.options import FORMAT_OPTION, OutputFormat
from pm.definitions.ordering import indicator_sort_key


@app.command("list")
def list_command(
    quality_standard: str = typer.Option(
        None, "--quality-standard", "--qs", help="Only this quality standard, e.g. QS3."
    ),
    aspect: str = typer.Option(
        None, "--aspect", help="Only this well-being aspect, e.g. protection."
    ),
    rba: str = typer.Option(
        None, "--rba", help="Only this RBA question: how_much, how_well or better_off."
    ),
    framework: str = typer.Option(
        None, "--framework", help="Only this framework, e.g. wales-2016 or local."
    ),
    kind: str = typer.Option(None, "--kind", help="quantitative or qualitative."),
    output_format: OutputFormat = FORMAT_OPTION,
) -> None:
    """List the indicators pm knows, with their quality standard, type and polarity."""
    from pm.definitions.loader import load_definitions
    from pm.workspace import current_workspace, definition_paths

    definitions = load_definitions(definition_paths(current_workspace()), check=False)
    wanted = _filters(definitions, quality_standard, aspect, rba, framework, kind)
    rows = []
    for indicator in sorted(
        definitions.indicators.values(), key=lambda i: indicator_sort_key(i.id)
    ):
        links = indicator.links
        if wanted["qs"] and wanted["qs"] not in links.quality_standards:
            continue
        if wanted["aspect"] and wanted["aspect"] not in links.aspects:
            continue
        if wanted["rba"] and wanted["rba"] != indicator.rba.value:
            continue
        if wanted["framework"] and wanted["framework"] != indicator.framework:
            continue
        if wanted["kind"] and wanted["kind"] != indicator.kind.value:
            continue
        rows.append(
            {
                "id": indicator.id,
                "title": indicator.short_title,
                "type": indicator.type.value,
                "polarity": indicator.polarity.value,
                "quality_standards": ",".join(links.quality_standards),
                "rba": indicator.rba.value,
                "framework": indicator.framework,
                "status": indicator.governance.status.value,
            }
        )
    if output_format is OutputFormat.json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if output_format is OutputFormat.csv:
        import pandas as pd

        print_csv(pd.DataFrame(rows, columns=list(rows[0]) if rows else ["id"]))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} indicator(s)", show_lines=False)
    for heading in ("ID", "Indicator", "Type", "Polarity", "QS", "RBA", "Status"):
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            row["title"],
            row["type"],
            row["polarity"],
            row["quality_standards"],
            row["rba"],
            row["status"],
        )
    out.print(table)


def _filters(definitions, qs, aspect, rba, framework, kind) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    """Each filter given, matched in any case against what exists (a usage error, with
    "did you mean", for a value that matches nothing rather than an empty list)."""
    from pm.choices import choose
    from pm.definitions.vocab import MeasureKind, RbaQuestion

    reference = definitions.reference
    standards = {s.id: s.id for s in reference.quality_standards}
    standards.update({s.id[2:]: s.id for s in reference.quality_standards})  # --qs 3
    aspects = {a.id: a.id for a in reference.aspects}
    aspects.update({a.title: a.id for a in reference.aspects})
    frameworks = {f.id: f.id for f in reference.frameworks}
    frameworks.update({i.framework: i.framework for i in definitions.indicators.values()})
    given = {
        "qs": (qs, "--qs", standards, "a quality standard (QS1 to QS6)"),
        "aspect": (aspect, "--aspect", aspects, "a well-being aspect"),
        "rba": (rba, "--rba", [q.value for q in RbaQuestion], "an RBA question"),
        "framework": (framework, "--framework", frameworks, "a framework"),
        "kind": (kind, "--kind", [k.value for k in MeasureKind], "a kind of measure"),
    }
    return {
        name: choose(text, choices, option, what) if text is not None else None
        for name, (text, option, choices, what) in given.items()
    }
