"""Time zones: which names exist, and when it is too late or too early to send a reminder."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["is_known_zone", "is_quiet_hour"]

QUIET_FROM = 21  # no reminders from 21:00 ...
QUIET_UNTIL = 8  # ... until 08:00, local time


def is_known_zone(name: str) -> bool:
    """Whether the tz database knows ``name``, so settings and /timezone refuse typos."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def is_quiet_hour(now: datetime, timezone: str) -> bool:
    """Night in ``timezone`` (an unknown zone counts as UTC)."""
    zone = ZoneInfo(timezone) if is_known_zone(timezone) else ZoneInfo("UTC")
    hour = now.astimezone(zone).hour
    return hour >= QUIET_FROM or hour < QUIET_UNTIL
