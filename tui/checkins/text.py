"""How the check-in screens write times, durations, days and names, in the current language."""

from __future__ import annotations

from datetime import date, datetime

from models import clock
from tui.i18n import current_language, pt, t

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local(name: str, name_en: str = "") -> str:
    """A reference name (unit, special group) in the current language: the English one where there is one."""
    return name_en if current_language() != "zh" and name_en else name


def duration(minutes: int) -> str:
    """``6 h 12 min`` / ``6小时12分``."""
    hours, rest = divmod(max(0, minutes), 60)
    return t("{h} h {m} min", h=hours, m=rest)


def hours(minutes: int) -> str:
    """Hours with one decimal: ``10.2``; blank for none."""
    return f"{minutes / 60:.1f}" if minutes else ""


def hhmm(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def since(moment: datetime | None, now: datetime | None = None) -> str:
    """``07:50`` for today, ``2020-02-02 07:50`` for another day."""
    if moment is None:
        return ""
    today = (now or clock.now()).date()
    return hhmm(moment) if moment.date() == today else clock.fmt(moment)


def day(value: date) -> str:
    """``02-03 Mon`` / ``02-03 周一``."""
    return f"{value:%m-%d} {t(WEEKDAYS[value.weekday()])}"


def month_day_time(moment: datetime | None) -> str:
    """``02-02 23:55``: a time within the last days, short."""
    return moment.strftime("%m-%d %H:%M") if moment else ""


def categories(codes: tuple[str, ...] | list[str]) -> str:
    separator = "、" if current_language() == "zh" else ", "
    return separator.join(pt("work category", code) for code in codes)


def as_of_phrase(moment: datetime) -> str:
    """``截至2月3日12时`` / ``As of 2/3 12:00``: the way the morning brief begins."""
    if moment.minute == 0:
        return t("As of {month}/{day} {hour}:00", month=moment.month, day=moment.day, hour=moment.hour)
    return t("As of {month}/{day} {hour}:{minute}", month=moment.month, day=moment.day, hour=moment.hour,
             minute=f"{moment.minute:02d}")


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` (or ``MM-DD`` of this year). Raises ValueError."""
    value = text.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        month, day_ = (int(part) for part in value.split("-"))
        try:
            return date(clock.today().year, month, day_)
        except OverflowError:  # a month of twenty digits: not a date either, and not a crash
            raise ValueError(value) from None
