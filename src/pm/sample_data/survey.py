"""The national citizen survey: one row per answer to one question.

Each council surveys adults, carers, children and parents every year; each respondent
answers the questions of their group (a few questions only apply to some respondents).
Small councils get few respondents, so some of their questions fall under the
10-valid-responses disclosure threshold.
"""

from __future__ import annotations

import numpy as np

from pm.sample_data._context import Context, expit, logit
from pm.sample_data._table import Table, cat_col, concat, id_col

GROUPS = ("adult", "carer", "child", "parent")
RESPONSES = ("yes", "sometimes", "no", "dont_know")

# group -> (respondents per year in Wales at scale 1, floor per council, questions)
# question -> (share of respondents asked, Wales share of "yes" among valid answers)
SURVEY = {
    "adult": (2_400, 11, {
        "feel_safe": (1.0, 0.82),
        "right_home": (1.0, 0.86),
        "language_of_choice": (1.0, 0.89),
        "do_what_matters": (1.0, 0.71),
        "part_of_community": (1.0, 0.70),
        "satisfied_social_networks": (1.0, 0.73),
        "chose_residential": (0.2, 0.76),
    }),
    "carer": (700, 10, {
        "supported_to_care": (1.0, 0.72),
        "right_information": (1.0, 0.76),
        "satisfied_care_support": (1.0, 0.82),
    }),
    "child": (650, 10, {
        "happy_with_who_live": (1.0, 0.89),
        "dignity_respect": (1.0, 0.85),
        "prepared_for_adulthood": (0.35, 0.70),
    }),
    "parent": (450, 10, {
        "right_information": (1.0, 0.75),
        "involved_in_decisions": (1.0, 0.78),
    }),
}  # fmt: skip
QUESTIONS = tuple(sorted({q for _, _, qs in SURVEY.values() for q in qs}))


def survey_responses(ctx: Context) -> Table:
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("survey_responses", code)
        for yi in range(len(ctx.years)):
            t = ctx.t(np.array([ctx.snapshots[yi]]))
            for gi, group in enumerate(GROUPS):
                per_year, floor, questions = SURVEY[group]
                vol = ctx.annual_volume(f"survey_{group}", "general", per_year, floor)[ci]
                # a designed sample: close to the target, a little short in some councils
                n_resp = int(round(vol * rng.uniform(0.75, 1.15)))
                resp_rows, q_rows, answers = [], [], []
                for q, (asked, yes) in questions.items():
                    qi = QUESTIONS.index(q)
                    who = np.nonzero(rng.random(n_resp) < asked)[0]
                    m = len(who)
                    p_yes = expit(
                        logit(yes) + ctx.effect(f"survey:{group}:{q}", ci, t, 0.35, 0.10)
                    )[0]
                    u = rng.random(m)
                    ans = np.where(u < p_yes, 0, np.where(rng.random(m) < 0.55, 1, 2))
                    v = rng.random(m)
                    ans = np.where(v < 0.04, 3, np.where(v > 0.98, -1, ans))  # don't know, blank
                    resp_rows.append(who)
                    q_rows.append(np.full(m, qi))
                    answers.append(ans)
                r = np.concatenate(resp_rows)
                qq = np.concatenate(q_rows)
                a = np.concatenate(answers)
                order = np.lexsort((qq, r))
                n = len(r)
                parts.append(
                    {
                        "response_id": id_col(np.zeros(n), 10),
                        "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                        "survey_year": cat_col(np.full(n, yi), tuple(ctx.years)),
                        "respondent_group": cat_col(np.full(n, gi), GROUPS),
                        "question_code": cat_col(qq[order], QUESTIONS),
                        "response": cat_col(a[order], RESPONSES),
                    }
                )
    return concat("survey_responses", parts)
