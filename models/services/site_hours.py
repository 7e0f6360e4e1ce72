"""Hours on site of all cadres over a range, counted as time sheets count them: the dashboard's
"hours this week" (``hours_between``), read from the hours the writing transactions keep per day
and the open visits kept per check-in day, with the visits those do not settle summed in one
statement built once per database (``_visit_statement``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Executable,
    Float,
    SQLColumnExpression,
    bindparam,
    case,
    extract,
    func,
    select,
)
from sqlmodel import Session

from models import rules
from models.checkin import CheckIn
from models.checkin_hours import day_start

#: the Julian day number of 1970-01-01 00:00, to turn a time into SQLite's julianday() in Python
_UNIX_EPOCH_JD = 2440587.5


def hours_between(session: Session, *, start: datetime, now: datetime) -> float:
    """Hours on site of all cadres from ``start`` to ``now``, counted as time sheets count them.

    A visit is clipped to the range; an open one counts up to now but at most ``rules.long_shift()`` after
    it began (``timesheets.effective_end``), so a forgotten check-out does not inflate the figure.
    From a midnight, the visits closed by ``now`` are the hours kept per cadre and day
    (``models.checkin_hours``: one row per cadre and day, whatever the history); the visits open now
    from the open ones kept per check-in day (``models.open_visits``); those closed after ``now`` (a
    time as of the past, a check-out ahead of the clock) from the check-ins, taken back out of the
    kept days and counted as open. Otherwise one pass over the visits.
    """
    if start == day_start(start.date()) and now >= start:
        from models import open_visits
        from models.checkin_hours import closed_seconds

        kept = closed_seconds(session, start=start.date(), now=now)
        held = open_visits.open_seconds(session, start=start, now=now, shift=rules.long_shift())
        return round(kept + held + _visit_seconds(session, start=start, now=now, open_at_now=True)) / 3600
    return round(_visit_seconds(session, start=start, now=now, open_at_now=False)) / 3600


def _visit_seconds(session: Session, *, start: datetime, now: datetime, open_at_now: bool) -> float:
    """Seconds on site from ``start`` to ``now`` of every visit, or (``open_at_now``) of those not
    closed by ``now`` (the statement: ``_visit_statement``, built once, the times passed)."""
    shift = rules.long_shift()
    origin_jd = (start - datetime(1970, 1, 1)).total_seconds() / 86400 + _UNIX_EPOCH_JD
    seconds = session.execute(_visit_statement(session.get_bind().dialect.name, open_at_now), {
        "start": start, "now": now, "start_jd": origin_jd, "until": (now - start).total_seconds(),
        "open_since": now - shift, "open_before": start - shift, "shift_s": shift.total_seconds(),
    }).scalar_one()
    # times are whole seconds; the caller's rounding drops the float error of the sum
    return float(seconds or 0)


@cache
def _visit_statement(dialect: str, open_at_now: bool) -> Executable:
    """The sum of ``_visit_seconds``, built once per database and case (building it cost more than
    running it), with the times as parameters. The branches are chosen by comparing the stored times
    with bounds computed in Python, so a time is turned into seconds only in the branch that needs it."""
    start, now, open_since, open_before = (bindparam(name, type_=DateTime())
                                           for name in ("start", "now", "open_since", "open_before"))
    until, shift_s = bindparam("until", type_=Float()), bindparam("shift_s", type_=Float())

    def seconds_after_start(column: SQLColumnExpression[datetime | None]) -> ColumnElement[Any]:
        if dialect == "sqlite":  # julianday() is the cheapest parse of SQLite's stored text
            return (func.julianday(column) - bindparam("start_jd", type_=Float())) * 86400.0
        return extract("epoch", column - start)

    began = seconds_after_start(CheckIn.check_in)
    finish = case(
        (CheckIn.check_out.is_(None), case(
            (CheckIn.check_in >= open_since, until),  # open, counted up to now
            (CheckIn.check_in <= open_before, 0.0),  # open, its counted part ended before the range
            else_=began + shift_s)),
        (CheckIn.check_out > now, until),
        else_=seconds_after_start(CheckIn.check_out))
    begin = case((CheckIn.check_in < start, 0.0), else_=began)
    # coalesce rather than "open or left after the start": SQLite would otherwise fetch the
    # rows one by one through the check-out index instead of reading them in one pass
    which = [CheckIn.check_in < now, func.coalesce(CheckIn.check_out, now) > start]
    counted = finish - begin
    if open_at_now:  # those closed after now (few), found on the check-out index alone
        which = [CheckIn.check_out > now]
        counted = case((CheckIn.check_in < now, counted), else_=0.0)
    return select(func.sum(counted)).where(*which)
