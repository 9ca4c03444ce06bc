"""The councils chart of an indicator page: every council's value this year as a bar, highest
first, the council picked out, Wales and the council's target marked; a council whose figure
is withheld (*) or not available (..) keeps its row, so none silently drops out. Its words
are in the language being written (`pm.i18n`)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from pm.i18n import _, plain
from pm.reporting.chart_svg import (
    AREA_COLOUR,
    CLOSE_STYLE,
    MARK_COLOUR,
    MISSING_MARK,
    OTHER_COLOUR,
    SUPPRESSED_MARK,
    TARGET_STYLE,
    WALES_COLOUR,
    legend,
    marker_transform,
    pyplot,
    svg,
    unit_label,
    unit_words,
    wrap,
)

Rows = list[dict[str, Any]]


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
    title = wrap(
        f"{measure['id']}: {plain(measure['short_title'])}",
        _("Councils of Wales, %(year)s") % {"year": year},
    )
    figure, axes, height = _figure(title, measure, len(rows))
    _draw_bars(axes, shown, len(rows))
    marks = _mark_gaps(axes, withheld + missing)
    _name_councils(axes, rows)
    if wales_number is not None:
        axes.axvline(
            wales_number,
            color=WALES_COLOUR,
            linestyle="--",
            linewidth=1.2,
            label=_("Wales %(value)s") % {"value": wales_text},
        )
    cells = measure.get("cells", {})
    _draw_target(axes, cells, area_name)
    axes.set_xlabel(unit_label(measure))
    axes.set_ylabel(_("Council"))
    figure.suptitle(title, fontsize=10.5, x=0.02, ha="left", y=1 - 0.08 / height, fontweight="bold")
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    legend(figure, axes, marks, ncol=3)
    alt = _councils_alt(measure, year, shown)
    if wales_number is not None:
        alt += " " + _("Wales %(value)s.") % {"value": wales_text}
    alt += _target_words(cells, area_name) + _gaps_words(shown, withheld, missing, area_name)
    return svg(figure, f"councils-{measure['id']}", title, alt)


def _figure(title: str, measure: dict[str, Any], rows: int) -> tuple[Any, Any, float]:
    """A figure tall enough for a row per council, the title and the unit's lines."""
    plt = pyplot()
    unit_lines = unit_label(measure).count("\n")
    height = 1.5 + 0.2 * (title.count("\n") + unit_lines) + 0.17 * max(rows, 1)
    figure, axes = plt.subplots(figsize=(7.0, height))
    figure.subplots_adjust(
        left=1.9 / 7.0,
        right=0.97,
        top=1 - (0.3 + 0.2 * title.count("\n")) / height,
        bottom=(0.85 + 0.2 * unit_lines) / height,
    )
    return figure, axes, height


def _draw_bars(axes: Any, shown: Rows, rows: int) -> None:
    """The shown values as bars above the unmarked rows; the council's own bar hatched."""
    values = [c["value"]["number"] or 0 for c in shown][::-1]
    offset = rows - len(shown)
    colours = [AREA_COLOUR if c["selected"] else OTHER_COLOUR for c in shown][::-1]
    bars = axes.barh(range(offset, rows), values, color=colours, height=0.7)
    for bar, council in zip(bars, shown[::-1], strict=True):
        if council["selected"]:
            bar.set_hatch("///")
            bar.set_edgecolor("#003F63")


def _mark_gaps(axes: Any, unshown: Rows) -> list[str]:
    """A * on each withheld council's row and .. on each without a figure; the marks drawn."""
    marks = []
    for number, council in enumerate(unshown[::-1]):
        mark = SUPPRESSED_MARK if council["suppressed"] else MISSING_MARK
        axes.text(
            0.01,
            number,
            mark,
            transform=marker_transform(axes, horizontal=True),
            ha="left",
            va="center",
            fontsize=12 if mark == SUPPRESSED_MARK else 9,
            fontweight="bold",
            color=MARK_COLOUR,
        )
        marks.append(mark)
    return marks


def _name_councils(axes: Any, rows: Rows) -> None:
    """A council's name on each row, the selected council's marked ▶ and in bold."""
    names = [f"▶ {plain(c['area_name'])}" if c["selected"] else plain(c["area_name"]) for c in rows]
    names = names[::-1]
    axes.set_yticks(range(len(names)), names)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.tick_params(axis="y", labelsize=8.5)
    for label, council in zip(axes.get_yticklabels(), rows[::-1], strict=True):
        if council["selected"]:
            label.set_fontweight("bold")


def _draw_target(axes: Any, cells: dict[str, Any], area_name: str) -> None:
    for column, style, words in (
        ("target", TARGET_STYLE, _("%(area)s's target %(value)s")),
        ("close_limit", CLOSE_STYLE, _("close to target from %(value)s")),
    ):
        cell = cells.get(column, {})
        if cell.get("number") is not None:
            label = words % {"area": plain(area_name), "value": cell["text"]}
            axes.axvline(cell["number"], **dict(style, label=label))


def _councils_alt(measure: dict[str, Any], year: str, shown: Rows) -> str:
    return _(
        "Bar chart of %(measure)s (%(unit)s) for %(count)s councils in %(year)s, highest first: "
        "%(values)s."
    ) % {
        "measure": measure["id"],
        "unit": unit_words(measure["unit"] or ""),
        "count": len(shown),
        "year": year,
        "values": "; ".join(f"{plain(c['area_name'])} {c['value']['text']}" for c in shown),
    }


def _target_words(cells: dict[str, Any], area_name: str) -> str:
    target = cells.get("target", {})
    if target.get("number") is None:
        return ""
    close = cells.get("close_limit", {})
    values = {"area": plain(area_name), "value": target["text"], "close": close.get("text")}
    if close.get("number") is None:
        return " " + _("%(area)s's target %(value)s.") % values
    return " " + _("%(area)s's target %(value)s, close to target from %(close)s.") % values


def _gaps_words(shown: Rows, withheld: Rows, missing: Rows, area_name: str) -> str:
    """The councils without a shown figure, by name, and whether the council is among them."""
    words = ""
    if withheld:
        words += " " + _(
            "%(count)s council figure(s) withheld or not available: %(names)s (shown as *)."
        ) % {"count": len(withheld), "names": ", ".join(plain(c["area_name"]) for c in withheld)}
    if missing:
        words += " " + _("No figure for: %(names)s (shown as ..).") % {
            "names": ", ".join(plain(c["area_name"]) for c in missing)
        }
    if not any(c["selected"] for c in shown):
        words += " " + _("%(area)s's figure is not shown.") % {"area": plain(area_name)}
    return words
