"""`pm test`: run the worked test cases written in the definitions, like pytest does."""

from __future__ import annotations

import typer
from rich.markup import escape

from pm.cli.app import app
from pm.cli.console import out


@app.command("test")
def test_command(
    indicator: list[str] = typer.Argument(
        None, metavar="[ID]...", help="Only these indicators; default all."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="List every case, not only failures."
    ),
) -> None:
    """Run the `tests:` cases of every definition against the engine.

    Each case gives a few input rows and the numerator and denominator worked out by hand;
    a case fails when the engine gives anything else. Exit code 1 when any case fails.
    """
    from pm.api.testing import run_tests

    results = run_tests(indicator or None)
    failed = [r for r in results if not r.passed]
    for result in results:
        if verbose or not result.passed:
            mark = "[green]PASS[/]" if result.passed else "[red]FAIL[/]"
            out.print(
                f"{mark} {escape(result.indicator)}: {escape(result.case)}",
                markup=True,
                highlight=False,
            )
            if not result.passed:
                out.print(
                    f"     {result.file}:{result.line}: {result.message}",
                    markup=False,
                    highlight=False,
                )
    indicators = len({r.indicator for r in results})
    colour = "red" if failed else "green"
    out.print(
        f"[{colour}]{len(results) - len(failed)} passed, {len(failed)} failed[/] "
        f"({len(results)} cases in {indicators} definitions)",
        markup=True,
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)
