"""The dashboard's shortage counts of the day and its marks, kept per day by the transaction that
reports or steps a shortage.

The dashboard counted the shortages reported today, solved today, overdue (unsolved, needed before
today: the list's ``!``) and due for escalation (unsolved at district level for more than
``rules.escalate_after()``: the list's ``^``) on the shortage indexes: each a walk of every entry it
counts (4.5 ms together at 100,000 enterprises on PostgreSQL, the largest part of the dashboard's
read). Here each is a few rows of ``ShortageDay``, one row per day:

- ``reported``: shortages reported that day (whatever they became);
- ``resolved``: shortages resolved (status resolved) with ``resolved_at`` that day;
- ``needed``: unsolved shortages needed by that day (``need_by``);
- ``district``: unsolved shortages at district level reported that day.

A shortage's contribution is a function of its state (``State``: reported_at, status, level,
need_by, resolved_at): ``record`` adds the state after a write and takes away the one before, so
every move (a report, a step between statuses, an escalation) follows in the writer's transaction.
``rebuild`` computes the table from the shortages (the demo's bulk load); ``scan_sql`` is the same
count, which the property tests compare with the table. A row that falls to 0 stays.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Date, DateTime, ScalarSelect, Select, bindparam, func, select, text, update
from sqlmodel import Field, Session

from models.base import Level, Model, ShortageStatus
from models.rules import ACTIVE_SHORTAGE
from models.shortage import Shortage

COLUMNS = ("reported", "resolved", "needed", "district")


class ShortageDay(Model, table=True):
    day: date = Field(primary_key=True)
    #: shortages reported that day
    reported: int = Field(default=0)
    #: shortages resolved, with resolved_at that day
    resolved: int = Field(default=0)
    #: unsolved shortages needed by that day
    needed: int = Field(default=0)
    #: unsolved shortages at district level reported that day
    district: int = Field(default=0)


class State(NamedTuple):
    reported_at: datetime
    status: str
    level: str
    need_by: date | None
    resolved_at: datetime | None


def state(shortage: Shortage) -> State:
    return State(shortage.reported_at, shortage.status, shortage.level, shortage.need_by, shortage.resolved_at)


def counts(held: State) -> Counter[tuple[date, str]]:
    """(day, column) -> 1 for each count a shortage in this state is in."""
    found: Counter[tuple[date, str]] = Counter({(held.reported_at.date(), "reported"): 1})
    if held.status == ShortageStatus.RESOLVED.value and held.resolved_at is not None:
        found[(held.resolved_at.date(), "resolved")] += 1
    if held.status in ACTIVE_SHORTAGE:
        if held.need_by is not None:
            found[(held.need_by, "needed")] += 1
        if held.level == Level.DISTRICT.value:
            found[(held.reported_at.date(), "district")] += 1
    return found


def record(session: Session, *, before: State | None, after: State) -> None:
    """Follow a shortage from ``before`` (None: just reported) to ``after``, in the caller's
    transaction: one UPDATE per day that moves, which on PostgreSQL holds the row until the end."""
    moves: dict[date, dict[str, int]] = {}
    change = counts(after)
    change.subtract(counts(before) if before is not None else Counter())
    for (day, column), delta in sorted(change.items()):
        if delta:
            moves.setdefault(day, {})[column] = delta
    for day, columns in moves.items():  # in day order: every writer locks the rows in one order
        _insert_if_missing(session, day)
        session.execute(update(ShortageDay).where(ShortageDay.day == day).values(
            **{c: getattr(ShortageDay, c) + d for c, d in columns.items()}))


def _insert_if_missing(session: Session, day: date) -> None:
    values = {"day": day, **dict.fromkeys(COLUMNS, 0)}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(ShortageDay).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(ShortageDay).values(**values).on_conflict_do_nothing())


_UNSOLVED = ", ".join(f"'{status}'" for status in ACTIVE_SHORTAGE)
_DAY = {"sqlite": "date({})", "postgresql": "CAST({} AS DATE)"}


def scan_sql(dialect: str) -> str:
    """Per day, the four counts as the shortages stand (days with any)."""
    day = _DAY[dialect]
    return (
        "SELECT day, SUM(reported), SUM(resolved), SUM(needed), SUM(district) FROM ("
        f"SELECT {day.format('reported_at')} AS day, 1 AS reported, 0 AS resolved, 0 AS needed, "
        f"CASE WHEN status IN ({_UNSOLVED}) AND level = '{Level.DISTRICT.value}' THEN 1 ELSE 0 END AS district "
        "FROM shortage "
        f"UNION ALL SELECT {day.format('resolved_at')}, 0, 1, 0, 0 FROM shortage "
        f"WHERE status = '{ShortageStatus.RESOLVED.value}' AND resolved_at IS NOT NULL "
        f"UNION ALL SELECT need_by, 0, 0, 1, 0 FROM shortage WHERE status IN ({_UNSOLVED}) AND need_by IS NOT NULL"
        ") AS counted GROUP BY day")


def rebuild(session: Session) -> None:
    """Compute the table again from the shortages, in the caller's transaction."""
    session.execute(text("DELETE FROM shortageday"))
    session.execute(text(f"INSERT INTO shortageday (day, reported, resolved, needed, district) "
                         f"{scan_sql(session.get_bind().dialect.name)}"))


# --- the figures read from it ------------------------------------------------------------------------


def _count(*where: Any) -> ScalarSelect[Any]:
    return select(func.count()).select_from(Shortage).where(*where).scalar_subquery()


def _kept(column: str, *where: Any) -> ScalarSelect[Any]:
    return select(func.coalesce(func.sum(getattr(ShortageDay, column)), 0)).where(*where).scalar_subquery()


@cache
def _statement(morning: bool) -> Select[Any]:
    """The four counts in one statement, with the times as parameters: built once, so each read skips
    building it again (and SQLAlchemy its cache key). ``morning``: the escalation cutoff lies in the
    first half of its day, whose part before it is walked; else the part after it is taken away."""
    now, tomorrow, cutoff, cut_day, cut_next = (bindparam(name, type_=DateTime())
                                                for name in ("now", "tomorrow", "cutoff", "cut_day", "cut_next"))
    today, cut_date = bindparam("today", type_=Date()), bindparam("cut_date", type_=Date())
    unsolved_district = (Shortage.status.in_(ACTIVE_SHORTAGE), Shortage.level == Level.DISTRICT.value)
    if morning:  # the days before, and the morning up to the cutoff
        due = (_kept("district", ShortageDay.day < cut_date)
               + _count(*unsolved_district, Shortage.reported_at >= cut_day, Shortage.reported_at < cutoff))
    else:  # the days up to the cutoff's, less its evening
        due = (_kept("district", ShortageDay.day <= cut_date)
               - _count(*unsolved_district, Shortage.reported_at >= cutoff, Shortage.reported_at < cut_next))
    resolved = Shortage.status == ShortageStatus.RESOLVED.value
    return select(
        _kept("reported", ShortageDay.day == today)
        - _count(Shortage.reported_at > now, Shortage.reported_at < tomorrow),
        _kept("resolved", ShortageDay.day == today)
        - _count(resolved, Shortage.resolved_at > now, Shortage.resolved_at < tomorrow),
        _kept("needed", ShortageDay.day < today),
        due,
    )


def figures(session: Session, *, now: datetime, escalate_after: timedelta) -> tuple[int, int, int, int]:
    """(reported today, solved today, overdue, due for escalation) as of ``now``, in one statement.

    Reported and solved today are the day's rows less the shortages of the day after ``now`` (a time
    ahead of the clock: few, on the (reported_at) and (status, resolved_at) indexes); overdue is the
    days before today; due for escalation the days before the cutoff's day and the part of that day
    before the cutoff, walked on the (status, level, reported_at) index from whichever end of the
    day is nearer (at most half a day's reports)."""
    today = now.date()
    cutoff = now - escalate_after
    cut_day = datetime.combine(cutoff.date(), datetime.min.time())
    cut_next = cut_day + timedelta(days=1)
    row = session.execute(_statement(cutoff - cut_day <= cut_next - cutoff), {
        "now": now, "today": today, "tomorrow": datetime.combine(today + timedelta(days=1), datetime.min.time()),
        "cutoff": cutoff, "cut_day": cut_day, "cut_next": cut_next, "cut_date": cutoff.date(),
    }).one()
    opened, solved, overdue, escalation = (int(n) for n in row)
    return opened, solved, overdue, escalation
