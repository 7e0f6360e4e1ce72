"""All cadres' hours on site per day, and each cadre's (``models.cadre_hours``), of the check-ins
closed so far, kept up to date by the transaction that closes one.

The dashboard's hours this week summed every visit of the week, and the sum grew with the visits;
read from the days' totals (``CheckinDayHours``, kept beside each cadre's days) it is one row per
day. A visit is split at midnight, as time sheets split it (20:00 to 02:00 gives 4 h to its first
day and 2 h to the next). Open check-ins are not here: one counts up to the moment it is read, and
there are few (one per cadre on site), so the reader adds them from the check-ins.

A check-in is closed once (``checkins.check_out``, back-dated or corrected times included) and
never deleted or reopened, so closing is the only move; ``record`` follows it, and is written to
follow a change of either time as well (the old span out, the new one in). ``rebuild`` computes
both tables from the check-ins (the migration, the demo's bulk load). Times are whole seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, text, update
from sqlmodel import Field, Session

from models.base import Model
from models.checkin import CheckIn

DAY = 86400


class CheckinDayHours(Model, table=True):
    """Each day's seconds on site of all cadres together (``models.cadre_hours.CheckinHours`` keeps each
    cadre's): the dashboard's hours of a week are seven rows, however many cadres there are (a table
    per cadre and day holds one row per cadre on site each day)."""

    day: date = Field(primary_key=True)
    seconds: float = Field(default=0)


#: per database: seconds since 1970-01-01 00:00 of a stored (naive, local) time, and its day number
_EPOCH = {
    "sqlite": ("CAST(ROUND((julianday({0}) - 2440587.5) * 86400) AS INTEGER)",
               "CAST(julianday(date({0})) - 2440587.5 AS INTEGER)",
               "date({0} * 86400, 'unixepoch')"),
    "postgresql": ("CAST(EXTRACT(EPOCH FROM {0}) AS BIGINT)",
                   "CAST(CAST({0} AS DATE) - DATE '1970-01-01' AS BIGINT)",
                   "DATE '1970-01-01' + CAST({0} AS INTEGER)"),
}


def scan_sql(dialect: str) -> str:
    """Each cadre's seconds per day from the closed check-ins: each visit's days walked one by one
    from its first (a recursive query), its piece on each day being the part between that day's
    midnights. Only the three conversions of a time differ between SQLite and PostgreSQL."""
    seconds, day_number, day_of = _EPOCH[dialect]
    until = "CASE WHEN e < (d + 1) * 86400 THEN e ELSE (d + 1) * 86400 END"
    since = "CASE WHEN s > d * 86400 THEN s ELSE d * 86400 END"
    return (
        "WITH RECURSIVE visit (cadre_id, s, e, d) AS ("
        f"SELECT cadre_id, {seconds.format('check_in')}, {seconds.format('check_out')}, "
        f"{day_number.format('check_in')} FROM checkin WHERE check_out IS NOT NULL AND check_out > check_in), "
        "piece (cadre_id, s, e, d) AS (SELECT cadre_id, s, e, d FROM visit "
        "UNION ALL SELECT cadre_id, s, e, d + 1 FROM piece WHERE (d + 1) * 86400 < e) "
        f"SELECT cadre_id, {day_of.format('d')}, SUM({until} - {since}) FROM piece GROUP BY cadre_id, d"
    )


def rebuild_sql(dialect: str) -> str:
    """The whole table again from the check-ins."""
    return f"INSERT INTO checkinhours (cadre_id, day, seconds) {scan_sql(dialect)}"


#: the days' totals from the cadres' days
DAYS_SQL = "INSERT INTO checkindayhours (day, seconds) SELECT day, SUM(seconds) FROM checkinhours GROUP BY day"


def rebuild(session: Session) -> None:
    """Compute both tables again from the check-ins, in the caller's transaction."""
    session.execute(text("DELETE FROM checkindayhours"))
    session.execute(text("DELETE FROM checkinhours"))
    session.execute(text(rebuild_sql(session.get_bind().dialect.name)))
    session.execute(text(DAYS_SQL))


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day``."""
    return datetime(day.year, day.month, day.day)


def split_by_day(start: datetime, end: datetime) -> Iterator[tuple[date, datetime, datetime]]:
    """The pieces of ``start``–``end`` on each calendar day: (day, piece start, piece end)."""
    current = start
    while current < end:
        stop = min(end, day_start(current.date() + timedelta(days=1)))
        yield current.date(), current, stop
        current = stop


def closed_seconds(session: Session, *, start: date, now: datetime) -> float:
    """Seconds on site of the visits closed by ``now``, from midnight of ``start`` on: the days kept
    from ``start`` to ``now``'s day, less what they hold of the visits closed after ``now`` (a time
    as of the past, a check-out ahead of the clock: few, those that span ``now`` or begin later that
    day; on the check-out index)."""
    last = now.date()
    held = session.execute(select(func.sum(CheckinDayHours.seconds)).where(
        CheckinDayHours.day >= start, CheckinDayHours.day <= last)).scalar_one() or 0.0
    # on the check-out alone: the check-in index would walk every visit begun before the day's end
    for check_in, check_out in session.execute(select(CheckIn.check_in, CheckIn.check_out).where(
            CheckIn.check_out > now)):
        held -= sum((finish - begin).total_seconds() for day, begin, finish in split_by_day(check_in, check_out)
                    if start <= day <= last)
    return float(held)


Span = tuple[datetime, datetime]


def record(session: Session, *, cadre_id: int, before: Span | None, after: Span | None) -> None:
    """Follow a check-in of ``cadre_id`` whose closed span went from ``before`` to ``after`` (None:
    open, not counted), in the caller's write transaction. Each day's seconds move in one UPDATE,
    which on PostgreSQL locks the row until the transaction ends: two writers add up."""
    from models.cadre_hours import CheckinHours  # imported here: the dashboard reads only the days' totals

    moves: dict[date, float] = {}
    for span, sign in ((before, -1), (after, 1)):
        for day, begin, finish in split_by_day(*span) if span else ():
            moves[day] = moves.get(day, 0.0) + sign * (finish - begin).total_seconds()
    for day, delta in sorted(moves.items()):  # one order for every writer: no deadlock between two
        if delta:
            _insert_if_missing(session, CheckinHours, {"cadre_id": cadre_id, "day": day, "seconds": 0.0})
            session.execute(update(CheckinHours).where(CheckinHours.cadre_id == cadre_id, CheckinHours.day == day)
                            .values(seconds=CheckinHours.seconds + delta))
    for day, delta in sorted(moves.items()):  # the days' totals after the cadre's rows, by every writer
        if delta:
            _insert_if_missing(session, CheckinDayHours, {"day": day, "seconds": 0.0})
            session.execute(update(CheckinDayHours).where(CheckinDayHours.day == day)
                            .values(seconds=CheckinDayHours.seconds + delta))


def _insert_if_missing(session: Session, table: type[Model], values: dict[str, object]) -> None:
    """The first closed visit of a cadre (or of anyone) on a day makes its row; one made meanwhile stays."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())
