"""The two consoles every command shares: results on stdout, messages on stderr.

Rich styling appears only on a terminal; piped output is plain text.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)
if not out.is_terminal:  # piped tables stay one line per row so grep and cut work
    out.width = 1000


def error(message: str) -> None:
    """Print a one-line error for the user."""
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False)


def warning(message: str) -> None:
    err.print(f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False)


def info(message: str) -> None:
    err.print(message, markup=False, highlight=False)
