"""The cadres who took part, counted by the last day their check-ins reach and by unit and special
group, kept up to date by the transaction that checks in, checks out or moves a cadre to another
unit or group.

The headcount ("已有138人参与") counted the distinct cadres of every check-in overlapping the days
from its start (1.2 s at 1,000,000 check-ins). A cadre took part since a day when one of their
check-ins is open or was checked out on or after it; so each cadre counts once, on the day their
check-ins reach (the latest check-out's day, or ``OPEN_DAY`` while one is open), with their unit and
group, and the headcount since a day is the sum from that day on: a few rows.

That holds for the headcount as of a moment after every check-in's time and entry (``answers``
says when); as of an earlier moment the headcount reads the check-ins themselves.

The writers call ``before`` (which takes the cadre's turn, so two writers of one cadre follow one
after the other) ahead of their change and ``follow`` after it. ``rebuild`` computes the table from
the check-ins (the migration, the demo's bulk load); a property test checks the moves against it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, text, update
from sqlmodel import Field, Session

from models.base import Model
from models.checkin import CheckIn
from models.people import Cadre

#: the day a cadre with an open check-in reaches: after every other
OPEN_DAY = date(9999, 12, 31)

Key = tuple[date, int, int]


class CheckinReach(Model, table=True):
    #: the last day the cadres' check-ins reach
    day: date = Field(primary_key=True)
    #: the cadres' unit and special group; 0 for none
    unit: int = Field(primary_key=True, default=0)
    grp: int = Field(primary_key=True, default=0)
    cadres: int = Field(default=0)


#: per database: the day of the latest check-out, and the open day
_SQL = {
    "sqlite": ("date(MAX(check_out))", "'9999-12-31'"),
    "postgresql": ("CAST(MAX(check_out) AS DATE)", "DATE '9999-12-31'"),
}


def scan_sql(dialect: str) -> str:
    """Per day reached, unit and group: the cadres, from the check-ins."""
    last, open_day = _SQL[dialect]
    reach = (f"SELECT cadre_id, CASE WHEN COUNT(*) > COUNT(check_out) THEN {open_day} ELSE {last} END AS day "
             "FROM checkin GROUP BY cadre_id")
    return ("SELECT r.day, COALESCE(c.unit_id, 0) AS unit, COALESCE(c.group_id, 0) AS grp, COUNT(*) "
            f"FROM ({reach}) r JOIN cadre c ON c.id = r.cadre_id "
            "GROUP BY r.day, COALESCE(c.unit_id, 0), COALESCE(c.group_id, 0)")


def rebuild(session: Session) -> None:
    """Compute the table again from the check-ins, in the caller's transaction."""
    session.execute(text("DELETE FROM checkinreach"))
    session.execute(text(f"INSERT INTO checkinreach (day, unit, grp, cadres) "
                         f"{scan_sql(session.get_bind().dialect.name)}"))


def key_of(session: Session, cadre_id: int) -> Key | None:
    """Where the cadre counts: the day their check-ins reach, their unit and group (None: no check-ins)."""
    if session.execute(select(CheckIn.id).where(CheckIn.cadre_id == cadre_id, CheckIn.check_out.is_(None))
                       .limit(1)).first() is not None:
        day = OPEN_DAY
    else:
        last: datetime | None = session.execute(select(func.max(CheckIn.check_out))
                                                .where(CheckIn.cadre_id == cadre_id)).scalar_one()
        if last is None:
            return None
        day = last.date()
    unit, group = session.execute(select(Cadre.unit_id, Cadre.group_id).where(Cadre.id == cadre_id)).one()
    return day, unit or 0, group or 0


#: the first key of PostgreSQL's advisory locks this module takes, the cadre's id the second
_LOCKS = 23_0001
_LOCK = text("SELECT pg_advisory_xact_lock(CAST(:kind AS integer), CAST(:id AS integer))")


def before(session: Session, cadre_id: int) -> Key | None:
    """Take the cadre's turn and say where they count, ahead of a change (see ``follow``): two writers of
    one cadre (their check-out, a coordinator moving them to another unit) follow one after the other.
    PostgreSQL: a transaction's advisory lock (a field cadre may not lock the cadre's row); SQLite holds
    the write lock already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_LOCK, {"kind": _LOCKS, "id": cadre_id})
    return key_of(session, cadre_id)


def follow(session: Session, *, cadre_id: int, before: Key | None) -> None:
    """Follow a change of the cadre's check-ins, unit or group, given where they counted ``before`` it."""
    after = key_of(session, cadre_id)
    if after == before:
        return
    moves = {key: sign for key, sign in ((before, -1), (after, 1)) if key is not None}
    for (day, unit, grp), sign in sorted(moves.items()):  # one order for every writer
        _insert_if_missing(session, day, unit, grp)
        session.execute(update(CheckinReach).where(CheckinReach.day == day, CheckinReach.unit == unit,
                                                   CheckinReach.grp == grp)
                        .values(cadres=CheckinReach.cadres + sign))


def _insert_if_missing(session: Session, day: date, unit: int, grp: int) -> None:
    values = {"day": day, "unit": unit, "grp": grp, "cadres": 0}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(CheckinReach).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(CheckinReach).values(**values).on_conflict_do_nothing())


def answers(session: Session, as_of: datetime) -> bool:
    """Whether the kept counts give the headcount as of ``as_of``: every check-in began and was entered
    by then (two index reads)."""
    latest_in = session.execute(select(func.max(CheckIn.check_in))).scalar_one()
    latest_entered = session.execute(select(func.max(CheckIn.created_at))).scalar_one()
    return (latest_in is None or latest_in <= as_of) and (latest_entered is None or latest_entered <= as_of)


def counts(session: Session, *, since: date) -> list[tuple[int | None, int | None, int]]:
    """The cadres whose check-ins reach ``since`` or later, per unit and group (None for none)."""
    rows = session.execute(select(CheckinReach.unit, CheckinReach.grp, func.sum(CheckinReach.cadres))
                           .where(CheckinReach.day >= since).group_by(CheckinReach.unit, CheckinReach.grp))
    return [(unit or None, grp or None, int(n)) for unit, grp, n in rows if n]
