"""Charts as inline SVG: the trend of a measure, the 22 councils, and pictograms.

matplotlib draws with the Agg backend and writes SVG with a fixed hash salt and no date,
so the same figures always give the same bytes. Every chart carries a title, axis labels
and a text alternative (alt text) that says what the chart shows in words and figures.
Charts are drawn from the published figures only: a withheld figure is never drawn; its
year (or council) keeps its place with a * instead, and the alt text says it was withheld.
Where a council has a target, the target and the edge of its close band are drawn too.
"""

from __future__ import annotations

import io
import re
from typing import Any

from markupsafe import Markup, escape

from pm.report.formatting import format_figure
from pm.report.words import TONE_COLOURS

AREA_COLOUR = "#0072B2"  # Okabe-Ito blue: the council
WALES_COLOUR = "#000000"
OTHER_COLOUR = "#BBBBBB"
MARK_COLOUR = "#333333"  # the * of a withheld figure, the .. of a missing one
SUPPRESSED_MARK, MISSING_MARK = "*", ".."
# Target lines: dark enough for 3:1 against white (WCAG non-text contrast), and told apart
# by their dashes as well as their colour.
TARGET_STYLE = {"color": "#006B4F", "linestyle": "dotted", "linewidth": 1.8}
CLOSE_STYLE = {"color": "#8A5A00", "linestyle": "dashdot", "linewidth": 1.3}
PICTOGRAM_LIMIT = 40  # a denominator up to this is drawn one figure per person or case


def _pyplot():  # type: ignore[no-untyped-def]
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


def _svg(figure: Any, name: str, title: str, alt: str) -> Markup:
    """The figure as an inline <svg> element with its own ids, a title and a description."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    _pyplot().close(figure)
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


def _wrap(*lines: str) -> str:
    """A chart title in lines short enough for the chart's width."""
    import textwrap

    return "\n".join(part for line in lines for part in textwrap.wrap(line, 62))


def _unit_label(measure: dict[str, Any]) -> str:
    unit = measure["unit"] or ""
    import textwrap

    label = "Per cent" if unit == "%" else (unit[:1].upper() + unit[1:] if unit else "Value")
    return "\n".join(textwrap.wrap(label, 22))


def _marker_transform(axes: Any, horizontal: bool) -> Any:
    """x in data and y in axes units (or the reverse): a withheld mark sits on the axis."""
    from matplotlib.transforms import blended_transform_factory

    if horizontal:
        return blended_transform_factory(axes.transAxes, axes.transData)
    return blended_transform_factory(axes.transData, axes.transAxes)


def _proxy(label: str, marker: str) -> Any:
    """A legend entry for text drawn on the chart, such as the withheld mark."""
    from matplotlib.lines import Line2D

    return Line2D(
        [], [], linestyle="none", marker=marker, markersize=9, color=MARK_COLOUR, label=label
    )


def trend_chart(page: dict[str, Any], area_name: str, interval: str = "95%") -> Markup:
    """The council's value each year with its 95% interval, the Wales value, the target and
    the edge of the close band where there is one, and a * on each withheld year."""
    measure = page["measure"]
    points = [p for p in page["trend"] if p["value"]["number"] is not None]
    wales = [p for p in page["trend"] if p["wales_value"]["number"] is not None]
    periods = [p["period"] for p in page["trend"]]
    title = _wrap(
        f"{measure['id']}: {measure['short_title']}",
        f"{area_name} and Wales, {periods[0]} to {periods[-1]}",
    )
    plt = _pyplot()
    height = 2.9 + 0.2 * title.count("\n")
    figure, axes = plt.subplots(figsize=(5.6, height))
    figure.subplots_adjust(
        left=0.14, right=0.98, top=1 - (0.3 + 0.2 * title.count("\n")) / height, bottom=1.1 / height
    )
    position = {period: n for n, period in enumerate(periods)}
    if points:
        xs = [position[p["period"]] for p in points]
        ys = [p["value"]["number"] for p in points]
        lower = [
            y - p["lower_ci"]["number"] if p["lower_ci"]["number"] is not None else 0
            for y, p in zip(ys, points, strict=True)
        ]
        upper = [
            p["upper_ci"]["number"] - y if p["upper_ci"]["number"] is not None else 0
            for y, p in zip(ys, points, strict=True)
        ]
        axes.errorbar(
            xs,
            ys,
            yerr=[lower, upper],
            color=AREA_COLOUR,
            marker="o",
            capsize=4,
            linewidth=2,
            label=f"{area_name} (bars: {interval} CI)",
        )
    if wales:
        axes.plot(
            [position[p["period"]] for p in wales],
            [p["wales_value"]["number"] for p in wales],
            color=WALES_COLOUR,
            linestyle="--",
            marker="s",
            markersize=4,
            linewidth=1.2,
            label="Wales",
        )
    for column, style, label in (
        ("target", TARGET_STYLE, "Target"),
        ("close_limit", CLOSE_STYLE, "Edge of the close band"),
    ):
        known = [p for p in page["trend"] if p.get(column, {}).get("number") is not None]
        if known:
            xs = [position[p["period"]] for p in known]
            axes.hlines(  # one short line per year: a target can change from year to year
                [p[column]["number"] for p in known],
                [x - 0.42 for x in xs],
                [x + 0.42 for x in xs],
                colors=style["color"],
                linestyles=style["linestyle"],
                linewidth=style["linewidth"],
                label=label,
            )
    extra = []
    for point in page["trend"]:
        if point["value"]["number"] is None:
            mark = SUPPRESSED_MARK if point["suppressed"] else MISSING_MARK
            axes.text(
                position[point["period"]],
                0.04,
                mark,
                transform=_marker_transform(axes, horizontal=False),
                ha="center",
                va="bottom",
                fontsize=13 if mark == SUPPRESSED_MARK else 10,
                fontweight="bold",
                color=MARK_COLOUR,
            )
            extra.append(mark)
    axes.set_xticks(range(len(periods)), periods)
    axes.set_xlim(-0.5, len(periods) - 0.5)
    axes.set_xlabel("Reporting year")
    axes.set_ylabel(_unit_label(measure))
    figure.suptitle(title, fontsize=10.5, x=0.02, ha="left", y=0.98, fontweight="bold")
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    _legend(figure, axes, extra, ncol=2)
    alt = _trend_alt(page, area_name, measure)
    return _svg(figure, f"trend-{measure['id']}", title, alt)


def _legend(figure: Any, axes: Any, marks: list[str], ncol: int) -> None:
    """The key below the chart: only what is drawn (an empty key would warn)."""
    handles, labels = axes.get_legend_handles_labels()
    if SUPPRESSED_MARK in marks:
        handles.append(_proxy("withheld (small numbers)", "$*$"))
    if MISSING_MARK in marks:
        handles.append(_proxy("not available", "$..$"))
    if handles:
        figure.legend(
            handles=handles,
            loc="lower left",
            fontsize=8,
            frameon=False,
            bbox_to_anchor=(0.0, 0.0),
            ncol=ncol,
        )


def _targets_words(page: dict[str, Any]) -> str:
    """The target (and close-band edge) in words, once if it never changed, else per year."""
    known = [p for p in page["trend"] if p.get("target", {}).get("number") is not None]
    if not known:
        return ""

    def one(point: dict[str, Any]) -> str:
        close = point.get("close_limit", {})
        edge = f" (close to target from {close['text']})" if close.get("number") is not None else ""
        return f"{point['target']['text']}{edge}"

    shown = {one(p) for p in known}
    if len(shown) == 1:
        return f" Target: {one(known[0])}."
    return " Target: " + "; ".join(f"{p['period']} {one(p)}" for p in known) + "."


def _trend_alt(page: dict[str, Any], area_name: str, measure: dict[str, Any]) -> str:
    parts = []
    for point in page["trend"]:
        if point["suppressed"]:
            parts.append(f"{point['period']} withheld")
        else:
            text = point["value"]["text"]
            parts.append(f"{point['period']} {text}")
    wales = [
        f"{p['period']} {p['wales_value']['text']}"
        for p in page["trend"]
        if p["wales_value"]["number"] is not None
    ]
    alt = (
        f"Line chart of {measure['id']} ({measure['unit']}) for {area_name}: "
        + "; ".join(parts)
        + "."
    )
    if wales:
        alt += " Wales: " + "; ".join(wales) + "."
    return alt + _targets_words(page)


def councils_chart(
    page: dict[str, Any], area_name: str, year: str, wales_text: str, wales_number: float | None
) -> Markup:
    """Every council's value this year as a bar, the council picked out, Wales and the
    council's target marked; a council whose figure is withheld keeps its row, with a *."""
    measure = page["measure"]
    shown = [c for c in page["councils"] if c["value"]["number"] is not None]
    withheld = [c for c in page["councils"] if c["value"]["number"] is None and c["suppressed"]]
    missing = [c for c in page["councils"] if c["value"]["number"] is None and not c["suppressed"]]
    rows = shown + withheld + missing  # drawn top to bottom
    title = _wrap(f"{measure['id']}: {measure['short_title']}", f"Councils of Wales, {year}")
    plt = _pyplot()
    unit_lines = _unit_label(measure).count("\n")
    height = 1.5 + 0.2 * (title.count("\n") + unit_lines) + 0.17 * max(len(rows), 1)
    figure, axes = plt.subplots(figsize=(7.0, height))
    figure.subplots_adjust(
        left=1.9 / 7.0,
        right=0.97,
        top=1 - (0.3 + 0.2 * title.count("\n")) / height,
        bottom=(0.85 + 0.2 * unit_lines) / height,
    )
    names = [f"▶ {c['area_name']}" if c["selected"] else c["area_name"] for c in rows][::-1]
    values = [c["value"]["number"] or 0 for c in shown][::-1]
    offset = len(rows) - len(shown)  # the bars sit above the unmarked rows
    colours = [AREA_COLOUR if c["selected"] else OTHER_COLOUR for c in shown][::-1]
    bars = axes.barh(range(offset, len(rows)), values, color=colours, height=0.7)
    for bar, council in zip(bars, shown[::-1], strict=True):
        if council["selected"]:
            bar.set_hatch("///")
            bar.set_edgecolor("#003F63")
    marks = []
    for number, council in enumerate((withheld + missing)[::-1]):
        mark = SUPPRESSED_MARK if council["suppressed"] else MISSING_MARK
        axes.text(
            0.01,
            number,
            mark,
            transform=_marker_transform(axes, horizontal=True),
            ha="left",
            va="center",
            fontsize=12 if mark == SUPPRESSED_MARK else 9,
            fontweight="bold",
            color=MARK_COLOUR,
        )
        marks.append(mark)
    axes.set_yticks(range(len(names)), names)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.tick_params(axis="y", labelsize=8.5)
    for label, council in zip(axes.get_yticklabels(), rows[::-1], strict=True):
        if council["selected"]:
            label.set_fontweight("bold")
    if wales_number is not None:
        axes.axvline(
            wales_number,
            color=WALES_COLOUR,
            linestyle="--",
            linewidth=1.2,
            label=f"Wales {wales_text}",
        )
    cells = measure.get("cells", {})
    for column, style, words in (
        ("target", TARGET_STYLE, f"{area_name}'s target"),
        ("close_limit", CLOSE_STYLE, "close to target from"),
    ):
        cell = cells.get(column, {})
        if cell.get("number") is not None:
            axes.axvline(cell["number"], **dict(style, label=f"{words} {cell['text']}"))
    axes.set_xlabel(_unit_label(measure))
    axes.set_ylabel("Council")
    figure.suptitle(title, fontsize=10.5, x=0.02, ha="left", y=1 - 0.08 / height, fontweight="bold")
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    _legend(figure, axes, marks, ncol=3)
    alt = (
        f"Bar chart of {measure['id']} ({measure['unit']}) for {len(shown)} councils in {year}, "
        f"highest first: "
        + "; ".join(f"{c['area_name']} {c['value']['text']}" for c in shown)
        + "."
    )
    if wales_number is not None:
        alt += f" Wales {wales_text}."
    target = cells.get("target", {})
    if target.get("number") is not None:
        close = cells.get("close_limit", {})
        edge = f", close to target from {close['text']}" if close.get("number") is not None else ""
        alt += f" {area_name}'s target {target['text']}{edge}."
    if withheld:
        alt += (
            f" {len(withheld)} council figure(s) withheld or not available: "
            + ", ".join(c["area_name"] for c in withheld)
            + " (shown as *)."
        )
    if missing:
        alt += " No figure for: " + ", ".join(c["area_name"] for c in missing) + " (shown as ..)."
    if not any(c["selected"] for c in shown):
        alt += f" {area_name}'s figure is not shown."
    return _svg(figure, f"councils-{measure['id']}", title, alt)


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
    title = f"{measure['id']}: {num_text} of {den_text}"
    alt = f"Pictogram: {num_text} of {den_text} shown as filled figures, the rest hollow."
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
