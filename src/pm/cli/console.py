"""The two consoles every command shares: results on stdout, messages on stderr.

Rich styling appears only on a terminal; piped output is plain text.

Whatever pm prints may hold text from extracts, definitions and workspace files (team
names, area names, titles, cell values), so the consoles print text as it is: never read
as rich markup or emoji codes (`[/bold]Duty` and `Adults [east]` print as written), and
never passing a terminal control through — escape sequences (colours, cursor moves,
OSC 8 links), other C0 and C1 controls, DEL and bidirectional overrides are removed from
everything printed, tables and JSON included. A command that wants styling passes
`markup=True` and puts data in with :func:`safe`.
"""

from __future__ import annotations

import json as json_module
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape
from rich.segment import Segment

if TYPE_CHECKING:
    import pandas as pd

# A whole escape sequence (CSI, OSC such as an OSC 8 link, or a two-character escape),
# in its 7-bit or 8-bit form, then any single control character left over.
_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC … BEL or ST
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -~]?"
)
# C0 but line feed, DEL, C1, and the bidirectional marks, embeddings, overrides, isolates.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def strip_controls(text: str) -> str:
    """`text` without terminal controls; a tab becomes a space, line feeds are kept."""
    if not (_SEQUENCE.search(text) or _CONTROL.search(text)):
        return text
    return _CONTROL.sub("", _SEQUENCE.sub("", text.replace("\t", " ")))


def clean(text: object) -> str:
    """A value from the data as one printable line: no controls, line breaks as spaces."""
    return strip_controls(_LINE_BREAKS.sub(" ", str(text)))


def safe(text: object) -> str:
    """A value from the data to put inside a markup string: cleaned, then escaped."""
    return escape(clean(text))


class SafeConsole(Console):
    """A rich console that never takes data for markup, emoji or terminal controls."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("markup", False)
        options.setdefault("emoji", False)
        options.setdefault("highlight", False)
        super().__init__(**options)

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        """Every segment printed passes here (tables render their cells through it too):
        controls are removed from its text, and links from its style."""
        for segment in super().render(renderable, options):
            text, style, control = segment
            if control:  # rich's own cursor movements (progress bars), not data
                yield segment
                continue
            if style is not None and style.link:
                style = style.update_link(None)
            yield Segment(strip_controls(text), style, control)

    def print_json(  # type: ignore[override]
        self, json: str | None = None, *, data: Any = None, highlight: bool = True, **_: Any
    ) -> None:
        """JSON with controls, DEL, C1 and bidirectional characters written as \\u escapes,
        so the data stays whole and the JSON valid."""
        from rich.highlighter import JSONHighlighter
        from rich.text import Text

        value = json_module.loads(json) if json is not None else data
        text = json_module.dumps(value, indent=2, ensure_ascii=False)
        text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        shown = JSONHighlighter()(Text(text)) if highlight else Text(text)
        self.print(shown, soft_wrap=True)


out = SafeConsole(soft_wrap=True)
err = SafeConsole(stderr=True, soft_wrap=True)
if not out.is_terminal:  # piped tables stay one line per row so grep and cut work
    out.width = 1000


def error(message: str) -> None:
    """Print a one-line error for the user."""
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False)


def warning(message: str) -> None:
    err.print(f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False)


def info(message: str) -> None:
    err.print(message, markup=False, highlight=False)


def print_csv(frame: pd.DataFrame) -> None:
    """A table as CSV on stdout, for a pipe or a file opened in Excel: text cells that could
    run as formulas are neutralised (pm.cells) and terminal controls removed."""
    from pm.cells import csv_bytes

    out.file.write(strip_controls(csv_bytes(frame).decode("utf-8")))
    out.file.flush()
