"""How the check-in screens write times, durations, days and names, in the current language.

The formatters are the shared ones of ``tui.i18n.format``, under the names these screens use; only
the work categories' list is the check-ins' own.
"""

from __future__ import annotations

from tui.i18n import current_language, pt
from tui.i18n.format import as_of_short as as_of_phrase
from tui.i18n.format import duration, hhmm, hours, since
from tui.i18n.format import local_name as local
from tui.i18n.format import weekday as day
from tui.i18n.format import when as month_day_time


def categories(codes: tuple[str, ...] | list[str]) -> str:
    separator = "、" if current_language() == "zh" else ", "
    return separator.join(pt("work category", code) for code in codes)


__all__ = ["as_of_phrase", "categories", "day", "duration", "hhmm", "hours", "local", "month_day_time", "since"]
