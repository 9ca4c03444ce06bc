"""What every chart shares: matplotlib set up to give the same bytes each time, the
colours and line styles, the marks of withheld and missing figures, the key, and the
figure written as an inline SVG with its own ids, a title and a text alternative.

matplotlib draws with the Agg backend and writes SVG with a fixed hash salt and no date,
so the same figures always give the same bytes. Every word a chart shows (axis labels,
titles, keys, the text alternative) is looked up in the catalogue of the language being
written (`pm.i18n.current_language()`: a report draws each part's charts inside
`with language(code)`); figures and periods are written the same in Welsh and English.
"""

from __future__ import annotations

import io
import re
from typing import Any

from markupsafe import Markup, escape

from pm.i18n import _, plain

AREA_COLOUR = "#0072B2"  # Okabe-Ito blue: the council
WALES_COLOUR = "#000000"
OTHER_COLOUR = "#BBBBBB"
MARK_COLOUR = "#333333"  # the * of a withheld figure, the .. of a missing one
SUPPRESSED_MARK, MISSING_MARK = "*", ".."
# Target lines: dark enough for 3:1 against white (WCAG non-text contrast), and told apart
# by their dashes as well as their colour.
TARGET_STYLE = {"color": "#006B4F", "linestyle": "dotted", "linewidth": 1.8}
CLOSE_STYLE = {"color": "#8A5A00", "linestyle": "dashdot", "linewidth": 1.3}


def pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "pm-report",
            "svg.fonttype": "none",  # text stays text: searchable and sharp when printed
            "font.family": "DejaVu Sans",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def svg(figure: Any, name: str, title: str, alt: str) -> Markup:
    """The figure as an inline <svg> element with its own ids, a title and a description."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    pyplot().close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML declaration and DOCTYPE
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    prefix = re.sub(r"[^A-Za-z0-9]", "-", name)
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r"#([A-Za-z_][\w.-]*)\)", lambda m: f"#{prefix}-{m.group(1)})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', text)
    text = re.sub(r'\s(width|height)="[\d.]+pt"', "", text, count=2)  # scale with the page
    labels = f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="chart" '
    text = text.replace("<svg ", labels, 1)
    head = (
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(alt)}</desc>'
    )
    text = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + head, text, count=1)
    return Markup(text.strip())


def wrap(*lines: str) -> str:
    """A chart title in lines short enough for the chart's width."""
    import textwrap

    return "\n".join(part for line in lines for part in textwrap.wrap(line, 62))


def unit_words(unit: object) -> str:
    """A measure's unit as the context gives it (already in the page's language: see
    pm.reporting.measure_words), without markup: an English one says so in words."""
    return plain(unit) if unit else ""


def unit_label(measure: dict[str, Any]) -> str:
    """The value axis's label: 'Per cent', the unit, or 'Value'."""
    unit = unit_words(measure.get("unit_noun") or measure["unit"] or "")  # standing alone
    import textwrap

    label = _("Per cent") if unit == "%" else (unit[:1].upper() + unit[1:] if unit else _("Value"))
    return "\n".join(textwrap.wrap(label, 22))


def marker_transform(axes: Any, horizontal: bool) -> Any:
    """x in data and y in axes units (or the reverse): a withheld mark sits on the axis."""
    from matplotlib.transforms import blended_transform_factory

    if horizontal:
        return blended_transform_factory(axes.transAxes, axes.transData)
    return blended_transform_factory(axes.transData, axes.transAxes)


def proxy(label: str, marker: str) -> Any:
    """A legend entry for text drawn on the chart, such as the withheld mark."""
    from matplotlib.lines import Line2D

    return Line2D(
        [], [], linestyle="none", marker=marker, markersize=9, color=MARK_COLOUR, label=label
    )


def legend(figure: Any, axes: Any, marks: list[str], ncol: int) -> None:
    """The key below the chart: only what is drawn (an empty key would warn)."""
    handles, labels = axes.get_legend_handles_labels()
    if SUPPRESSED_MARK in marks:
        handles.append(proxy(_("withheld (small numbers)"), "$*$"))
    if MISSING_MARK in marks:
        handles.append(proxy(_("not available"), "$..$"))
    if handles:
        figure.legend(
            handles=handles,
            loc="lower left",
            fontsize=8,
            frameon=False,
            bbox_to_anchor=(0.0, 0.0),
            ncol=ncol,
        )
