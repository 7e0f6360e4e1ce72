"""The open check-ins per check-in day, and the cadres who checked in each day, kept up to date by the
transaction that opens or closes a check-in.

The dashboard's people figures read every open visit (100,000 at 100,000 enterprises): on site now
counted them, the hours this week summed each one's time up to now, and "checked in today" counted
the distinct cadres of the day's check-ins. Here the open visits of a day are two numbers, how many
and the sum of their check-in times (seconds since 1970-01-01, naive local time): the hours of
those visits up to ``now`` are then ``count·now − Σcheck_in``, read from a handful of rows.

A check-in is opened once (``checkins.check_in``) and closed once (``checkins.check_out``); its
check-in time never changes and it is never deleted, so ``opened`` and ``closed`` are the only moves.
``rebuild`` computes both tables from the check-ins (the migration, the demo's bulk load); a
property test checks that the moves after any sequence of writes give the same.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

from sqlalchemy import BigInteger, Column, func, select, text, update
from sqlalchemy.orm import aliased
from sqlmodel import Field, Session

from models.base import Model
from models.checkin import CheckIn

EPOCH = datetime(1970, 1, 1)


class OpenVisitDay(Model, table=True):
    #: the day the visits began
    day: date = Field(primary_key=True)
    #: check-ins of that day still open
    visits: int = Field(default=0)
    #: the sum of their check-in times, in seconds since 1970-01-01 00:00
    seconds: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class CheckinDay(Model, table=True):
    """How many cadres checked in on a day (a cadre checking in twice counts once)."""

    day: date = Field(primary_key=True)
    cadres: int = Field(default=0)


#: per database: the seconds of a stored time since 1970-01-01 00:00, and its day
_SQL = {
    "sqlite": ("CAST(ROUND((julianday(check_in) - 2440587.5) * 86400) AS INTEGER)", "date(check_in)"),
    "postgresql": ("CAST(EXTRACT(EPOCH FROM check_in) AS BIGINT)", "CAST(check_in AS DATE)"),
}


def open_scan_sql(dialect: str) -> str:
    """Per day, the open check-ins begun that day: how many, and their check-in times summed."""
    seconds, day = _SQL[dialect]
    return (f"SELECT {day} AS day, COUNT(*), SUM({seconds}) FROM checkin WHERE check_out IS NULL "
            f"GROUP BY {day}")


def cadres_scan_sql(dialect: str) -> str:
    """Per day, the distinct cadres with a check-in begun that day."""
    day = _SQL[dialect][1]
    return f"SELECT {day} AS day, COUNT(DISTINCT cadre_id) FROM checkin GROUP BY {day}"


def rebuild(session: Session) -> None:
    """Compute both tables again from the check-ins, in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    session.execute(text("DELETE FROM openvisitday"))
    session.execute(text("DELETE FROM checkinday"))
    session.execute(text(f"INSERT INTO openvisitday (day, visits, seconds) {open_scan_sql(dialect)}"))
    session.execute(text(f"INSERT INTO checkinday (day, cadres) {cadres_scan_sql(dialect)}"))


def epoch_seconds(moment: datetime) -> int:
    return round((moment - EPOCH).total_seconds())


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def opened(session: Session, row: CheckIn) -> None:
    """Follow a check-in just opened (flushed, in the caller's write transaction)."""
    day = row.check_in.date()
    _move_open(session, day, 1, epoch_seconds(row.check_in))
    others = session.execute(select(func.count()).select_from(CheckIn).where(
        CheckIn.cadre_id == row.cadre_id, CheckIn.id != row.id, CheckIn.check_in >= day_start(day),
        CheckIn.check_in < day_start(day + timedelta(days=1)))).scalar_one()
    if not others:  # the cadre's first check-in of that day (the cadre's check-ins are one at a time)
        _insert_if_missing(session, CheckinDay, {"day": day, "cadres": 0})
        session.execute(update(CheckinDay).where(CheckinDay.day == day).values(cadres=CheckinDay.cadres + 1))


def closed(session: Session, *, check_in: datetime) -> None:
    """Follow a check-in begun at ``check_in`` just closed."""
    _move_open(session, check_in.date(), -1, -epoch_seconds(check_in))


def _move_open(session: Session, day: date, visits: int, seconds: int) -> None:
    """One UPDATE, which on PostgreSQL locks the day's row until the transaction ends: two writers add up."""
    _insert_if_missing(session, OpenVisitDay, {"day": day, "visits": 0, "seconds": 0})
    session.execute(update(OpenVisitDay).where(OpenVisitDay.day == day).values(
        visits=OpenVisitDay.visits + visits, seconds=OpenVisitDay.seconds + seconds))


def _insert_if_missing(session: Session, table: type[Model], values: dict[str, object]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())


# --- the figures read from them ------------------------------------------------------------------------


def on_site(session: Session) -> int:
    """Open check-ins now (the roster's "on site")."""
    return int(session.execute(select(func.sum(OpenVisitDay.visits))).scalar_one() or 0)


def cadres_checked_in(session: Session, *, now: datetime) -> int:
    """Distinct cadres with a check-in from midnight to ``now``: the day's kept count, less the cadres
    whose check-ins of the day all begin after ``now`` (a check-in ahead of the clock: few, on the
    check-in index)."""
    today = now.date()
    kept = session.execute(select(CheckinDay.cadres).where(CheckinDay.day == today)).scalar() or 0
    midnight, tomorrow = day_start(today), day_start(today + timedelta(days=1))
    # in the database, not as a list of ids: as of an early hour of a busy past day the cadres
    # checking in later were 100,000, more than PostgreSQL takes as parameters of one statement
    earlier = aliased(CheckIn)
    only_later = session.execute(select(func.count(func.distinct(CheckIn.cadre_id))).where(
        CheckIn.check_in > now, CheckIn.check_in < tomorrow,
        ~select(earlier.id).where(earlier.cadre_id == CheckIn.cadre_id, earlier.check_in >= midnight,
                                  earlier.check_in <= now).exists())).scalar_one()
    return int(kept) - int(only_later)


def open_seconds(session: Session, *, start: datetime, now: datetime, shift: timedelta) -> int:
    """Seconds from ``start`` to ``now`` of the check-ins open now, each counted as time sheets count
    an open visit: up to ``now`` but at most ``shift`` after it began, clipped to the range.

    A visit begun at ``c`` counts ``f(c)``: 0 from ``now`` on; ``now − max(c, start)`` from
    ``now − shift``; ``c + shift − max(c, start)`` before that; 0 up to ``start − shift``. Each piece
    is linear in ``c``, so a day lying within one piece counts from its two kept numbers. A day cut
    by a bound is cut into parts: each part but the one ending at ``now`` (or the last) is counted
    from the open-visit index (the parts are visits ahead of the clock or open longer than a shift:
    few), the remaining part is the day's numbers less theirs.
    """
    s, n, w = epoch_seconds(start), epoch_seconds(now), round(shift.total_seconds())
    first, last = (start - shift).date(), now.date()
    rows = session.execute(select(OpenVisitDay.day, OpenVisitDay.visits, OpenVisitDay.seconds).where(
        OpenVisitDay.day >= first, OpenVisitDay.day <= last, OpenVisitDay.visits != 0)).all()
    bounds = (s - w, s, n - w, n)
    total = 0
    for day, visits, summed in rows:
        low = epoch_seconds(day_start(day))
        high = low + 86400
        cuts = [low, *sorted(b for b in set(bounds) if low < b < high), high]
        parts = list(pairwise(cuts))
        if len(parts) == 1:
            total += _piece(low, high, visits, int(summed), s, n, w)
            continue
        rest = next((p for p in parts if p[1] == n), parts[-1])
        left_visits, left_sum = visits, int(summed)
        for a, b in parts:
            if (a, b) == rest:
                continue
            times = [epoch_seconds(c) for c in session.execute(select(CheckIn.check_in).where(
                CheckIn.check_out.is_(None), CheckIn.check_in >= EPOCH + timedelta(seconds=a),
                CheckIn.check_in < EPOCH + timedelta(seconds=b))).scalars()]
            left_visits, left_sum = left_visits - len(times), left_sum - sum(times)
            total += _piece(a, b, len(times), sum(times), s, n, w)
        total += _piece(*rest, left_visits, left_sum, s, n, w)
    return total


def _piece(a: int, b: int, visits: int, summed: int, s: int, n: int, w: int) -> int:
    """The seconds of ``visits`` open visits begun within [a, b), which lies within one piece of ``f``,
    whose check-in times sum to ``summed``."""
    if not visits:
        return 0
    middle = (a + b) / 2
    if middle >= n or middle <= s - w:
        return 0
    if middle >= n - w:
        return visits * n - summed if middle >= s else visits * (n - s)
    return visits * w if middle >= s else summed + visits * (w - s)
