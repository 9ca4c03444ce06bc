"""Time-zone names, checked without loading pandas (definitions are validated at start-up)."""

from __future__ import annotations

import zoneinfo


def is_time_zone(name: str) -> bool:
    """Whether `name` is an IANA time-zone name such as Europe/London."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
