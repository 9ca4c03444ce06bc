"""Rendering report templates in a sandbox: HTML auto-escaped, Markdown escaped likewise.

Templates are found by name in the user's folder first, then in the shipped `templates/`,
as `<name>.html.j2` or `<name>.md.j2`. A template runs in Jinja's immutable sandbox: it
cannot reach Python internals (attributes starting with `_`, unsafe methods), cannot
change the data it is given, and can include only files inside the template folders.
Every value a template prints is escaped for its format unless pm marked it as safe
(charts, and commentary already rendered with raw HTML turned off).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from pm import i18n, resources
from pm.definitions.problems import display_path
from pm.errors import InputError, PmError, UsageError
from pm.i18n.texts import Foreign, plain
from pm.reporting.commentary import MarkdownText
from pm.reporting.formatting import format_figure
from pm.reporting.limits import Budget, LimitedSandbox, Limits, TemplateLimit

FORMATS = {".html": "html", ".htm": "html", ".md": "md"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def markdown_escape(value: Any) -> str:
    """Plain text made inert in Markdown: punctuation escaped, one line (safe in table cells)."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Foreign):  # an English title on a Welsh page says so
        return f"{markdown_escape(str(value))} {value.mark}"
    if isinstance(value, MarkdownText):
        return str(value)
    return markdown_escape(value)


class OutsideTemplates(jinja2.TemplateNotFound):
    """A template reached for a file outside the template folders (through a link)."""


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file-system loader that will not follow a link out of its folders."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        resolved = Path(filename).resolve()
        roots = [Path(p).resolve() for p in self.searchpath]
        if not any(resolved.is_relative_to(root) for root in roots):
            raise OutsideTemplates(template)
        return source, filename, uptodate


def template_folders(user_folder: Path | None) -> list[Path]:
    folders = []
    if user_folder is not None:
        if not user_folder.is_dir():
            raise InputError(f"{user_folder}: no such templates folder")
        folders.append(user_folder)
    folders.append(resources.templates_dir())
    return folders


def template_names(user_folder: Path | None) -> list[str]:
    """The report names available: shipped ones and the user's, without helpers (`_*`)."""
    names = set()
    for folder in template_folders(user_folder):
        for path in folder.glob("*.j2"):
            if not path.name.startswith("_"):
                names.add(path.name.split(".")[0])
    return sorted(names)


def normalise_name(name: str) -> str:
    """'annual-report', 'Annual_Report.html.j2' → 'annual_report'."""
    return name.strip().split(".")[0].replace("-", "_").lower()


def environment(
    kind: str, user_folder: Path | None, limits: Limits | None = None
) -> LimitedSandbox:
    loader = ConfinedLoader([str(p) for p in template_folders(user_folder)])
    options: dict[str, Any] = {
        "loader": loader,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "autoescape": kind == "html",
        "extensions": ["jinja2.ext.i18n"],
    }
    if kind == "md":
        options["finalize"] = _markdown_finalize
    env = LimitedSandbox(limits=limits, **options)
    # {{ _("Band") }}: the word in the language being written (pm.i18n), from the catalogue.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.filters["figure"] = format_figure
    env.filters["plain"] = plain  # a text with no markup, for attributes: "(in English)" in words
    env.filters["md"] = markdown_escape
    env.filters["markdown"] = MarkdownText  # "already Markdown": for macro output in .md templates
    env.finish_filters()
    return env


def render(
    context: dict[str, Any],
    name: str,
    kind: str,
    user_folder: Path | None,
    limits: Limits | None = None,
) -> str:
    """The report text; a mistake in a template becomes one line naming the file and line,
    and a template that goes beyond the `Limits` is stopped with one line saying which."""
    env = environment(kind, user_folder, limits)
    wanted = normalise_name(name)
    candidates = [f"{wanted}.{kind}.j2", f"{wanted}.{kind}"]
    shown = _Shown(user_folder)
    try:
        template = env.select_template(candidates)
    except jinja2.TemplatesNotFound:
        available = ", ".join(template_names(user_folder))
        raise UsageError(
            f"there is no '{wanted}' template for .{kind} reports; templates: {available}"
        ) from None
    except jinja2.TemplateSyntaxError as problem:
        raise PmError(f"{shown.syntax(problem)}: {problem.message}") from None
    try:
        return _generate(template, context, env.pm_budget)
    except PmError:
        raise
    except TemplateLimit as problem:
        raise PmError(f"{shown.where(problem, template)}: {problem}") from None
    except SecurityError as problem:
        raise PmError(
            f"{shown.where(problem, template)}: the template tried something reports may not "
            f"do ({problem})"
        ) from None
    except OutsideTemplates as problem:
        raise PmError(
            f"{shown.where(problem, template)}: cannot include or extend '{problem.name}': a "
            "template may use only files inside the template folders"
        ) from None
    except jinja2.TemplateNotFound as problem:
        raise PmError(
            f"{shown.where(problem, template)}: cannot include or extend '{problem.name}': "
            "there is no such template in the template folders (a template may use only files "
            f"inside them); templates: {', '.join(_files(user_folder))}"
        ) from None
    except jinja2.TemplateSyntaxError as problem:
        raise PmError(f"{shown.syntax(problem)}: {problem.message}") from None
    except RecursionError as problem:
        raise PmError(
            f"{shown.where(problem, template)}: the template extends, includes or calls itself "
            "without end"
        ) from None
    except OverflowError as problem:
        raise PmError(
            f"{shown.where(problem, template)}: a number too large to work out ({problem})"
        ) from None
    except MemoryError as problem:
        raise PmError(
            f"{shown.where(problem, template)}: the template needs more memory than there is"
        ) from None
    except Exception as problem:  # anything else a template's code raised is its mistake
        message = str(problem) or type(problem).__name__
        raise PmError(f"{shown.where(problem, template)}: {message}") from None


def _generate(template: jinja2.Template, context: dict[str, Any], budget: Budget) -> str:
    """The rendered text, piece by piece, stopped when it grows beyond the output limit."""
    pieces: list[str] = []
    length = 0
    limit = budget.limits.output_chars
    for piece in template.generate(context):
        length += len(piece)
        if length > limit:
            raise TemplateLimit(
                f"the report grew beyond {limit:,} characters; a loop may repeat too much"
            )
        pieces.append(piece)
        budget.check_time()
    return "".join(pieces)


def _files(user_folder: Path | None) -> list[str]:
    names = set()
    for folder in template_folders(user_folder):
        names.update(path.name for path in folder.glob("*.j2"))
    return sorted(names)


class _Shown:
    """Template files as the user knows them: inside their templates folder (relative to the
    working folder where it is inside it), or pm's own `templates/`; never a machine path."""

    def __init__(self, user_folder: Path | None) -> None:
        self.folders = [
            (root.resolve(), _folder_as_given(root) if root == user_folder else "templates")
            for root in template_folders(user_folder)
        ]

    def file(self, filename: str | None) -> str:
        if not filename:
            return "template"
        path = Path(filename).resolve()
        for root, shown in self.folders:
            if path.is_relative_to(root):
                return str(Path(shown) / path.relative_to(root))
        return path.name

    def syntax(self, problem: jinja2.TemplateSyntaxError) -> str:
        return f"{self.file(problem.filename or problem.name)}, line {problem.lineno}"

    def where(self, problem: BaseException, template: jinja2.Template) -> str:
        """The template file and line where rendering failed, from the traceback Jinja
        rewrote (the innermost template line)."""
        trace = problem.__traceback__
        found = template.filename or template.name
        line = 0
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.endswith((".j2", ".html", ".md")):
                found, line = filename, trace.tb_lineno
            trace = trace.tb_next
        shown = self.file(found)
        return f"{shown}, line {line}" if line else shown


def _folder_as_given(folder: Path) -> str:
    """A templates folder as the user gave it, relative to the working folder if inside."""
    shown = display_path(folder)
    return shown if not Path(shown).is_absolute() else folder.name
