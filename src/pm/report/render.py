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
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from pm import resources
from pm.errors import InputError, PmError, UsageError
from pm.report.commentary import MarkdownText
from pm.report.formatting import format_figure

FORMATS = {".html": "html", ".htm": "html", ".md": "md"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def markdown_escape(value: Any) -> str:
    """Plain text made inert in Markdown: punctuation escaped, one line (safe in table cells)."""
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, MarkdownText):
        return str(value)
    return markdown_escape(value)


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file-system loader that will not follow a link out of its folders."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        resolved = Path(filename).resolve()
        roots = [Path(p).resolve() for p in self.searchpath]
        if not any(resolved.is_relative_to(root) for root in roots):
            raise jinja2.TemplateNotFound(template)
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


def environment(kind: str, user_folder: Path | None) -> ImmutableSandboxedEnvironment:
    loader = ConfinedLoader([str(p) for p in template_folders(user_folder)])
    options: dict[str, Any] = {
        "loader": loader,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "autoescape": kind == "html",
    }
    if kind == "md":
        options["finalize"] = _markdown_finalize
    env = ImmutableSandboxedEnvironment(**options)
    env.filters["figure"] = format_figure
    env.filters["md"] = markdown_escape
    env.filters["markdown"] = MarkdownText  # "already Markdown": for macro output in .md templates
    return env


def render(context: dict[str, Any], name: str, kind: str, user_folder: Path | None) -> str:
    """The report text; a mistake in a template becomes one line naming the file and line."""
    env = environment(kind, user_folder)
    wanted = normalise_name(name)
    candidates = [f"{wanted}.{kind}.j2", f"{wanted}.{kind}"]
    try:
        template = env.select_template(candidates)
    except jinja2.TemplatesNotFound:
        available = ", ".join(template_names(user_folder))
        raise UsageError(
            f"there is no '{wanted}' template for .{kind} reports; templates: {available}"
        ) from None
    except jinja2.TemplateSyntaxError as problem:
        raise PmError(
            f"{problem.filename or problem.name}, line {problem.lineno}: {problem.message}"
        ) from None
    try:
        return template.render(context)
    except SecurityError as problem:
        raise PmError(
            f"{_where(problem, template)}: the template tried something reports may not do ({problem})"
        ) from None
    except jinja2.TemplateNotFound as problem:
        raise PmError(
            f"{_where(problem, template)}: cannot include '{problem.name}': a template may include only "
            "files inside the template folders"
        ) from None
    except jinja2.TemplateSyntaxError as problem:
        raise PmError(
            f"{problem.filename or problem.name}, line {problem.lineno}: {problem.message}"
        ) from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError) as problem:
        raise PmError(f"{_where(problem, template)}: {problem}") from None


def _where(problem: BaseException, template: jinja2.Template) -> str:
    """The template file and line where rendering failed, from the traceback Jinja rewrote."""
    trace = problem.__traceback__
    found = template.filename or template.name or "template"
    line = 0
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith((".html", ".md")):
            found, line = filename, trace.tb_lineno
        trace = trace.tb_next
    return f"{found}, line {line}" if line else str(found)
