"""Local time for the working group.

All times are stored as naive local times of the group's city (the ``timezone`` setting, Asia/Shanghai
unless set), the way the group speaks of them ("截至2月3日12时"): "now" is read in that zone whatever
the machine's own, so every time shown, parsed or stored is one of the group's. Keeping one clock
function lets tests pass a fixed time.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from models import settings

DISPLAY_FORMAT = "%Y-%m-%d %H:%M"


def now() -> datetime:
    """The current local time, naive, to the second."""
    return datetime.now(ZoneInfo(settings.current().timezone)).replace(tzinfo=None, microsecond=0)


def today() -> date:
    return now().date()


def fmt(value: datetime | None) -> str:
    """Format a time as the group writes it: ``2020-02-03 12:00``."""
    return value.strftime(DISPLAY_FORMAT) if value else ""
