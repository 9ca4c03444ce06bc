"""Charts as inline SVG: the trend of a measure, the 22 councils, and pictograms.

Every chart carries a title, axis labels and a text alternative (alt text) that says what
the chart shows in words and figures, and gives the same bytes for the same figures
(`chart_svg`). Charts are drawn from the published figures only: a withheld figure is never
drawn; its year (or council) keeps its place with a * instead, and the alt text says it was
withheld. Where a council has a target, the target and the edge of its close band are drawn
too. A chart's words are in the language of the part being rendered (`pm.i18n`). The
trend (`trend_chart`) and the councils (`councils_chart`) each have their module.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from pm.i18n import _
from pm.reporting.chart_svg import AREA_COLOUR
from pm.reporting.councils_chart import councils_chart
from pm.reporting.formatting import format_figure
from pm.reporting.trend_chart import trend_chart
from pm.reporting.words import TONE_COLOURS

__all__ = ["Charts", "councils_chart", "pictogram", "trend_chart"]

PICTOGRAM_LIMIT = 40  # a denominator up to this is drawn one figure per person or case


def pictogram(measure: dict[str, Any]) -> Markup:
    """One figure per case when the count is small: filled for the numerator, hollow for the rest.

    Only for percentages whose denominator is at most PICTOGRAM_LIMIT and not withheld;
    otherwise empty.
    """
    numerator = measure["cells"]["numerator"]["number"]
    denominator = measure["cells"]["denominator"]["number"]
    if (
        measure["suppressed"]
        or measure["unit"] != "%"
        or numerator is None
        or denominator is None
        or not 0 < denominator <= PICTOGRAM_LIMIT
        or numerator > denominator
    ):
        return Markup("")
    count, filled = int(denominator), int(numerator)
    per_row = 20
    size = 14
    rows = (count + per_row - 1) // per_row
    width, height = per_row * size, rows * (size + 4)
    num_text = format_figure(numerator, 0)
    den_text = format_figure(denominator, 0)
    figures = {"measure": measure["id"], "numerator": num_text, "denominator": den_text}
    title = _("%(measure)s: %(numerator)s of %(denominator)s") % figures
    alt = (
        _("Pictogram: %(numerator)s of %(denominator)s shown as filled figures, the rest hollow.")
        % figures
    )
    prefix = f"pict-{measure['id']}"
    shapes = []
    colour = TONE_COLOURS["neutral"]["strong"]
    for n in range(count):
        x = (n % per_row) * size + size / 2
        y = (n // per_row) * (size + 4) + 4
        fill, stroke = (AREA_COLOUR, AREA_COLOUR) if n < filled else ("none", colour)
        shapes.append(
            f'<g transform="translate({x:g} {y:g})" fill="{fill}" stroke="{stroke}" stroke-width="1">'
            '<circle cx="0" cy="0" r="2.6"/><path d="M-4 11 L-4 5 Q0 2 4 5 L4 11 Z"/></g>'
        )
    return Markup(
        f'<svg role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="pictogram" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(alt)}</desc>'
        + "".join(shapes)
        + "</svg>"
    )


class Charts:
    """What templates call to draw: `charts.trend(page)`, `charts.councils(page)`,
    `charts.pictogram(measure)`. Drawing happens only when a template asks."""

    def __init__(self, context: dict[str, Any]) -> None:
        self._report = context["report"]

    def trend(self, page: dict[str, Any]) -> Markup:
        if not page["trend"]:
            return Markup("")
        return trend_chart(page, self._report["area_name"], self._report.get("interval", "95%"))

    def councils(self, page: dict[str, Any]) -> Markup:
        if not page["councils"]:
            return Markup("")
        wales = page["measure"]["cells"]["wales_value"]
        return councils_chart(
            page, self._report["area_name"], self._report["year"], wales["text"], wales["number"]
        )

    def pictogram(self, measure: dict[str, Any]) -> Markup:
        return pictogram(measure)
