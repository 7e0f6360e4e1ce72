"""Days and moments as people type them: one grammar for every form, dialog and command.

A day is ``2020-02-05`` (also ``2020-2-5``, and the other ISO 8601 forms such as ``20200205``),
``02-05`` (this year) or ``+2`` (days from today). A moment is a day and a time, ``2020-02-05 08:30``
(or with a ``T``, or with seconds), or a time alone, ``8:30`` (today); where a form says so, a day
alone is a moment too, at the hour it names (the brief's ``2020-02-05`` means 12:00).

Days before 1900 are refused (``EARLY_MESSAGE``): they are typing mistakes, and a figure that
looks back from year 1 would overflow. What cannot be read raises ``DateError``: a field error
(``ValidationError``) naming the field, so a form shows it under its control; it is a ``ValueError``
too, for callers that catch that. Blank input is ``None`` where the field is optional, a "Required"
error where it is not.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar, overload

from models import clock
from models.errors import ValidationError

DAY_MESSAGE = "Not a date: type 2020-02-05, 02-05 or +2"
MOMENT_MESSAGE = "Enter a time as HH:MM or YYYY-MM-DD HH:MM"
EARLY_MESSAGE = "Too early: dates start at {earliest}"
#: the furthest ``+N`` reaches, in days
MAX_AHEAD = 999
#: the earliest day accepted: long before any record of the group, far enough from ``date.min``
EARLIEST = date(1900, 1, 1)
D = TypeVar("D", date, datetime)

_AHEAD = re.compile(r"\+(\d{1,3})")
_DAY = re.compile(r"(?:(\d{4})-)?(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?")
_MOMENT = re.compile(r"(\S+?)(?:\s+|T)(\S+)")


class DateError(ValidationError, ValueError):
    """A day or a time that cannot be read; ``field`` names the control."""


def _day(text: str, today: date) -> date:
    """Raises ValueError (OverflowError included) for what is not a day."""
    if ahead := _AHEAD.fullmatch(text):
        return today + timedelta(days=int(ahead.group(1)))
    if parts := _DAY.fullmatch(text):
        year, month, day = parts.groups()
        return date(int(year) if year else today.year, int(month), int(day))
    return date.fromisoformat(text)


def _time(text: str) -> time:
    parts = _TIME.fullmatch(text)
    if parts is None:
        raise ValueError(text)
    hour, minute, second = parts.groups()
    return time(int(hour), int(minute), int(second or 0))


@overload
def parse_day(text: str | None, *, field: str, required: Literal[True] = True, today: date | None = None) -> date: ...
@overload
def parse_day(text: str | None, *, field: str, required: bool, today: date | None = None) -> date | None: ...
def parse_day(text: str | None, *, field: str, required: bool = True, today: date | None = None) -> date | None:
    """The day ``text`` names; None for blank input when not ``required``. Raises DateError."""
    value = (text or "").strip()
    if not value:
        if required:
            raise DateError(field, "Required")
        return None
    try:
        day = _day(value, today or clock.today())
    except (ValueError, OverflowError):
        raise DateError(field, DAY_MESSAGE) from None
    return _from_earliest(day, field)


@overload
def parse_moment(text: str | None, *, field: str, required: Literal[True] = True, today: date | None = None,
                 day_at: time | None = None) -> datetime: ...
@overload
def parse_moment(text: str | None, *, field: str, required: bool, today: date | None = None,
                 day_at: time | None = None) -> datetime | None: ...
def parse_moment(text: str | None, *, field: str, required: bool = True, today: date | None = None,
                 day_at: time | None = None) -> datetime | None:
    """The moment ``text`` names, to the second; a day alone only where ``day_at`` says at what time.
    None for blank input when not ``required``. Raises DateError."""
    value = (text or "").strip()
    if not value:
        if required:
            raise DateError(field, "Required")
        return None
    base = today or clock.today()
    moment = None
    try:
        if both := _MOMENT.fullmatch(value):
            moment = datetime.combine(_day(both.group(1), base), _time(both.group(2)))
        elif _TIME.fullmatch(value):
            moment = datetime.combine(base, _time(value))
        elif day_at is not None:
            moment = datetime.combine(_day(value, base), day_at)
    except (ValueError, OverflowError):
        pass
    if moment is None:
        raise DateError(field, MOMENT_MESSAGE)
    return _from_earliest(moment, field)


def _from_earliest(value: D, field: str) -> D:
    """``value`` if on or after ``EARLIEST``. Year 1 is a date to Python, but a day before it is not:
    figures that look back from a day (the brief's "since yesterday") would overflow."""
    if value.toordinal() < EARLIEST.toordinal():  # the day of a moment, or the day itself
        raise DateError(field, EARLY_MESSAGE, earliest=EARLIEST.isoformat())
    return value


__all__ = ["DAY_MESSAGE", "EARLIEST", "EARLY_MESSAGE", "MOMENT_MESSAGE", "DateError", "parse_day", "parse_moment"]
