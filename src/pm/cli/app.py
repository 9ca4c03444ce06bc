"""The `pm` application: registers one command per module and maps errors to exit codes."""

from __future__ import annotations

import os
import sys

import typer

from pm import __version__
from pm.errors import PmError

app = typer.Typer(
    name="pm",
    help=(
        "pm computes, bands and reports the performance indicators of local-authority "
        "social services, from indicator definitions written in YAML."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"pm {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    context: typer.Context,
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version_callback,
        is_eager=True,
        help="Show pm's version and exit.",
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show the full Python traceback when something goes wrong."
    ),
    workspace: str = typer.Option(
        None,
        "--workspace",
        "-w",
        help="The council workspace (folder with pm.yaml); default: found from the current folder.",
    ),
) -> None:
    if debug:
        os.environ["PM_DEBUG"] = "1"
    if workspace:
        os.environ["PM_WORKSPACE"] = workspace
    from pm import guard

    guard.start_command()  # note what the command reads: no output may replace it
    context.call_on_close(guard.end_command)


def _register() -> None:
    """Attach the commands; each module keeps its own options and help."""
    from pm.cli import commands  # noqa: F401  (importing registers the commands)


class Interrupted(PmError):
    """Ctrl-C: raised from the signal handler because typer would otherwise turn the
    KeyboardInterrupt into a silent exit, and the user should hear that nothing changed."""

    exit_code = 130


def _interrupt(_signal: int, _frame: object) -> None:
    raise Interrupted("interrupted; no output was changed")


def main() -> None:
    """Console entry point: run the app, turning pm's own errors into one line on stderr."""
    _register()
    import signal

    if "--debug" not in sys.argv and os.environ.get("PM_DEBUG") != "1":
        import warnings

        # A library's warning (matplotlib, pandas) means nothing to a performance officer:
        # pm says what matters in its own words; --debug shows everything.
        warnings.simplefilter("ignore")

    signal.signal(signal.SIGINT, _interrupt)
    try:
        app()  # standalone: typer handles --help, usage errors (exit 2) and typer.Exit
    except PmError as problem:
        if "--debug" in sys.argv or os.environ.get("PM_DEBUG") == "1":
            raise
        from pm.cli.console import error

        error(str(problem))
        sys.exit(problem.exit_code)
    except KeyboardInterrupt:
        from pm.cli.console import error

        error("interrupted; no output was changed")
        sys.exit(130)
    except Exception as problem:  # a fault in pm itself: still one line, unless --debug
        if "--debug" in sys.argv or os.environ.get("PM_DEBUG") == "1":
            raise
        from pm.cli.console import error

        error(
            f"pm stopped on an unexpected problem ({type(problem).__name__}: {problem}); "
            "no output was changed. Run the same command with --debug after 'pm' and send "
            "what it prints to the pm maintainers."
        )
        sys.exit(1)
