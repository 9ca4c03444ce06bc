"""The order people expect indicators in: PM18 < PM20a < PM20b < PM29a < PM35."""

from __future__ import annotations

import re


def indicator_sort_key(indicator_id: str) -> tuple[str, int, str]:
    match = re.match(r"^([A-Za-z_]+?)(\d+)(.*)$", indicator_id)
    if match:
        return (match.group(1), int(match.group(2)), match.group(3))
    return (indicator_id, 0, "")
