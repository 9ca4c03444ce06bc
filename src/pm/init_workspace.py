"""`pm init`: a new council workspace with every file a performance team starts from.

Nothing existing is ever overwritten: a folder that already holds a `pm.yaml` is refused.
The comparator group starts as the councils of the same kind (rural, urban, valleys) in the
reference data, for the team to edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pm.definitions.reference import Reference
from pm.errors import UsageError
from pm.files import write_files_atomic
from pm.guard import Inputs, refuse_overwriting
from pm.workspace import current_workspace, standard_inputs


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def config_text(reference: Reference, code: str) -> str:
    council = next(c for c in reference.councils if c.code == code)
    kind = council.rurality or "similar"
    members = (
        [c.name for c in reference.councils if c.rurality == council.rurality]
        if council.rurality
        else [council.name]
    )
    group = f"{kind}-councils"
    listed = ", ".join(_quoted(m) for m in members)
    return f"""# pm workspace of {council.name}. pm finds this file from this folder and any folder below it.
council: {code}            # {council.name}
comparator_group: {group}
comparator_groups:         # named groups of similar councils to benchmark against (codes or names)
  {group}: [{listed}]
# measures:                # what 'pm compute' computes when not told (default: every measure)
#   frameworks: [wales-2020, local]   # the current national framework and your own indicators
#   indicators: [PM18]                # former national measures you keep reporting locally
# language: both           # reports in Welsh (cy), English (en) or both, Welsh first; default en
paths:                     # where things live, relative to this file
  data: data               # the extracts (<dataset>.csv)
  targets: targets.yaml    # your targets, checked by 'pm validate'
  commentary: commentary   # commentary/<year>/<indicator>.md, shown under each measure in reports
  indicators: indicators   # your own local indicator definitions
  plans: plans             # service plans: objectives, measures and action plans
  templates: templates     # your own report templates, overriding the shipped ones by name
  guidance: guidance       # 'pm guidance' writes the guidance pages of your indicators here
  output: out
"""


TARGETS = """# Targets for this council. The most specific entry wins: council and year, council,
# year, then the indicator alone, then the default in the indicator's definition.
# A value target can have a tolerance (points, or percent of the target) that makes the
# "close to target" band; a range [lower, upper] gives the close band directly.
targets:
  - {indicator: PM18, value: 95, tolerance: 5}
  - {indicator: PM24, value: 90, tolerance: 5}
  # - {indicator: PM19, range: [3, 5]}                    # lower is better: 3 on target, up to 5 close
  # - {indicator: PM18, year: 2024-25, value: 97}
"""

PLAN = """# An example service plan: replace it with your own. Check it with 'pm validate' and see
# where it stands with 'pm plan --results out/results.csv'.
title: Adult safeguarding service plan
owner: Head of Adult Services
year: {year}
objectives:
  - id: SAF1
    title: Every adult protection enquiry completed within seven working days
    kind: process                      # input, process, output or outcome
    rationale: >-
      Adults at risk are safer when enquiries are completed promptly; we were off target last year.
    indicators: [PM18]
    monitoring: Monthly report to the safeguarding team meeting; quarterly to the Director.
    actions:
      - {{action: Add a duty social worker to the enquiry rota, owner: Safeguarding team manager, due: {first_due}, status: done}}
      - action: Weekly list of enquiries open five working days or more
        owner: Performance officer
        due: {second_due}
        status: in_progress
      - {{action: Review the enquiry recording screens with the system team, owner: Principal social worker, due: {third_due}}}
    support: [Training on the enquiry threshold for new staff, Peer review with a neighbouring council]
  - id: REA1
    title: More people regain their independence after reablement
    kind: outcome
    rationale: People who leave reablement needing no care and support are better off, and it frees capacity.
    indicators: [PM20b]
    monitoring: Quarterly figures to the adult services management team; review of every case that needed more care.
    actions:
      - {{action: Therapy assessment within two days of starting reablement, owner: Reablement team manager, due: {second_due}}}
"""

READMES = {
    "data": "Put the extracts here, one <dataset>.csv per dataset (see technical_guidance/datasets/).\n",
    "commentary": (
        "Commentary for reports: one Markdown file per indicator and year, such as\n"
        "commentary/2024-25/PM18.md. pm report names the measures without commentary; with --draft,\n"
        "the report marks each of them with the file to write.\n"
    ),
    "indicators": (
        "Your own local indicators, one YAML file each, written like the national ones\n"
        "(see 'pm show PM18 --format json' and the README). 'pm validate' checks them.\n"
    ),
    "templates": "Report templates with the same name as a shipped one replace it for this workspace.\n",
}


def create_workspace(
    folder: Path,
    reference: Reference,
    code: str,
    year: str,
    *,
    inputs: Callable[[], Inputs] | None = None,
) -> list[Path]:
    """Write the workspace files; returns what was written, in order. `inputs` gives the
    files no workspace file may replace (default: those of the current workspace); it is
    called once the folder is known to be free."""
    from pm.calendar import parse_period

    if (folder / "pm.yaml").exists():
        raise UsageError(
            f"{folder / 'pm.yaml'} already exists: pm init never overwrites a workspace; choose an empty folder"
        )
    start = parse_period(year).year_start_year
    files = {
        folder / "pm.yaml": config_text(reference, code),
        folder / "targets.yaml": TARGETS,
        folder / "plans" / "service-plan.yaml": PLAN.format(
            year=year,
            first_due=f"{start}-06-30",
            second_due=f"{start}-09-30",
            third_due=f"{start + 1}-01-31",
        ),
        **{folder / name / "README.md": text for name, text in READMES.items()},
    }
    existing = [path for path in files if path.exists()]
    if existing:
        raise UsageError(
            f"{existing[0]} already exists: pm init never overwrites files; choose an empty folder"
        )
    known = inputs() if inputs is not None else standard_inputs(current_workspace())
    refuse_overwriting(list(files), known, option="folder")
    write_files_atomic({path: text.encode("utf-8") for path, text in files.items()})
    (folder / "out").mkdir(exist_ok=True)
    return list(files)
