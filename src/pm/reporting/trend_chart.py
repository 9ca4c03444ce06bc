"""The trend chart of an indicator page: the council's value each year with its interval,
the Wales value, each year's target and close-band edge, and a mark on each year whose
figure is withheld (*) or not available (..), so no year silently drops out. Where the
national framework changed between two years (`page["breaks"]`), the lines stop, a dashed
vertical line marks the break with the words "Framework changed", and the text
alternative says what changed: never colour alone. Its words are in the language being
written (`pm.i18n`)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from pm.i18n import _, plain
from pm.reporting.chart_svg import (
    AREA_COLOUR,
    CLOSE_STYLE,
    MARK_COLOUR,
    MISSING_MARK,
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


def trend_chart(page: dict[str, Any], area_name: str, interval: str = "95%") -> Markup:
    """The council's value each year with its 95% interval, the Wales value, the target and
    the edge of the close band where there is one, and a * on each withheld year."""
    measure = page["measure"]
    periods = [p["period"] for p in page["trend"]]
    title = wrap(
        f"{measure['id']}: {plain(measure['short_title'])}",
        _("%(area)s and Wales, %(first)s to %(last)s")
        % {"area": plain(area_name), "first": periods[0], "last": periods[-1]},
    )
    figure, axes = _figure(title)
    position = {period: n for n, period in enumerate(periods)}
    breaks = page.get("breaks", [])
    segments = _segments(page["trend"], breaks)
    for n, segment in enumerate(segments):
        label = (
            _("%(area)s (bars: %(interval)s CI)") % {"area": plain(area_name), "interval": interval}
            if n == 0
            else None
        )
        _draw_council(axes, segment, position, label)
        _draw_wales(axes, segment, position, first=n == 0)
    _draw_breaks(axes, breaks, position)
    _draw_targets(axes, page["trend"], position)
    marks = _mark_gaps(axes, page["trend"], position)
    axes.set_xticks(range(len(periods)), periods)
    axes.set_xlim(-0.5, len(periods) - 0.5)
    axes.set_xlabel(_("Reporting year"))
    axes.set_ylabel(unit_label(measure))
    figure.suptitle(title, fontsize=10.5, x=0.02, ha="left", y=0.98, fontweight="bold")
    axes.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    legend(figure, axes, marks, ncol=2)
    alt = _trend_alt(page, area_name, measure)
    return svg(figure, f"trend-{measure['id']}", title, alt)


def _figure(title: str) -> tuple[Any, Any]:
    """A figure tall enough for the title's lines, with room below for the key."""
    plt = pyplot()
    height = 2.9 + 0.2 * title.count("\n")
    figure, axes = plt.subplots(figsize=(5.6, height))
    figure.subplots_adjust(
        left=0.14, right=0.98, top=1 - (0.3 + 0.2 * title.count("\n")) / height, bottom=1.1 / height
    )
    return figure, axes


def _segments(trend: list[dict[str, Any]], breaks: list[dict[str, Any]]) -> list[list[dict]]:
    """The years between breaks: each drawn as its own line, so no line runs across one."""
    starts = {b["after"] for b in breaks}
    segments: list[list[dict[str, Any]]] = [[]]
    for point in trend:
        if point["period"] in starts and segments[-1]:
            segments.append([])
        segments[-1].append(point)
    return segments


def _draw_breaks(axes: Any, breaks: list[dict[str, Any]], position: dict[str, int]) -> None:
    """A dashed vertical line between the two years of each break, with words on it."""
    for n, item in enumerate(breaks):
        x = position[item["before"]] + 0.5
        axes.axvline(
            x,
            color=MARK_COLOUR,
            linestyle=(0, (4, 3)),
            linewidth=1.4,
            label=_("Change of national framework") if n == 0 else None,
        )
        axes.text(
            x,
            0.98,
            " " + _("Framework changed"),
            transform=marker_transform(axes, horizontal=False),
            ha="left",
            va="top",
            fontsize=7.5,
            color=MARK_COLOUR,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
        )


def _draw_council(
    axes: Any, trend: list[dict[str, Any]], position: dict[str, int], label: str | None
) -> None:
    """The council's shown values, each with its confidence interval as an error bar."""
    points = [p for p in trend if p["value"]["number"] is not None]
    if not points:
        return
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
        label=label,
    )


def _draw_wales(
    axes: Any, trend: list[dict[str, Any]], position: dict[str, int], first: bool = True
) -> None:
    wales = [p for p in trend if p["wales_value"]["number"] is not None]
    if wales:
        axes.plot(
            [position[p["period"]] for p in wales],
            [p["wales_value"]["number"] for p in wales],
            color=WALES_COLOUR,
            linestyle="--",
            marker="s",
            markersize=4,
            linewidth=1.2,
            label=_("Wales") if first else None,
        )


def _draw_targets(axes: Any, trend: list[dict[str, Any]], position: dict[str, int]) -> None:
    """One short line per year: a target can change from year to year."""
    for column, style, label in (
        ("target", TARGET_STYLE, _("Target")),
        ("close_limit", CLOSE_STYLE, _("Edge of the close band")),
    ):
        known = [p for p in trend if p.get(column, {}).get("number") is not None]
        if known:
            xs = [position[p["period"]] for p in known]
            axes.hlines(
                [p[column]["number"] for p in known],
                [x - 0.42 for x in xs],
                [x + 0.42 for x in xs],
                colors=style["color"],
                linestyles=style["linestyle"],
                linewidth=style["linewidth"],
                label=label,
            )


def _mark_gaps(axes: Any, trend: list[dict[str, Any]], position: dict[str, int]) -> list[str]:
    """A * on each withheld year and .. on each year without a figure; the marks drawn."""
    marks = []
    for point in trend:
        if point["value"]["number"] is None:
            mark = SUPPRESSED_MARK if point["suppressed"] else MISSING_MARK
            axes.text(
                position[point["period"]],
                0.04,
                mark,
                transform=marker_transform(axes, horizontal=False),
                ha="center",
                va="bottom",
                fontsize=13 if mark == SUPPRESSED_MARK else 10,
                fontweight="bold",
                color=MARK_COLOUR,
            )
            marks.append(mark)
    return marks


def _targets_words(page: dict[str, Any]) -> str:
    """The target (and close-band edge) in words, once if it never changed, else per year."""
    known = [p for p in page["trend"] if p.get("target", {}).get("number") is not None]
    if not known:
        return ""

    def one(point: dict[str, Any]) -> str:
        close = point.get("close_limit", {})
        if close.get("number") is None:
            return str(point["target"]["text"])
        return _("%(target)s (close to target from %(close)s)") % {
            "target": point["target"]["text"],
            "close": close["text"],
        }

    shown = {one(p) for p in known}
    if len(shown) == 1:
        return " " + _("Target: %(targets)s.") % {"targets": one(known[0])}
    each = "; ".join(f"{p['period']} {one(p)}" for p in known)
    return " " + _("Target: %(targets)s.") % {"targets": each}


def _trend_alt(page: dict[str, Any], area_name: str, measure: dict[str, Any]) -> str:
    parts = []
    for point in page["trend"]:
        if point["suppressed"]:
            parts.append(_("%(period)s withheld") % {"period": point["period"]})
        else:
            text = point["value"]["text"]
            parts.append(f"{point['period']} {text}")
    wales = [
        f"{p['period']} {p['wales_value']['text']}"
        for p in page["trend"]
        if p["wales_value"]["number"] is not None
    ]
    alt = _("Line chart of %(measure)s (%(unit)s) for %(area)s: %(values)s.") % {
        "measure": measure["id"],
        "unit": unit_words(measure["unit"] or ""),
        "area": plain(area_name),
        "values": "; ".join(parts),
    }
    if wales:
        alt += " " + _("Wales: %(values)s.") % {"values": "; ".join(wales)}
    notes = "".join(f" {plain(item['note'])}" for item in page.get("breaks", []))
    return alt + _targets_words(page) + notes
