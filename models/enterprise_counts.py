"""The enterprises on the directory per district and status, those of them making something, and per
day those making something that reported, kept up to date by the transaction that changes them.

The dashboard counted the enterprises by district and status, and "not reported today" checked every
enterprise for an active product and a report of the day (160 ms at 100,000 enterprises). Here they
are a few rows: ``not reported today`` is the enterprises making something less those of them that
reported today (``ReportedDay``).

An enterprise counts in ``EnterpriseCount`` while it is not archived, in the row of its district and
status, and in ``making`` too while it has a product not archived; it counts in a day's
``ReportedDay`` while it counts in ``making`` and has a report of that day. The moves: an enterprise
made, edited (district), its status changed, archived or restored, a product added, changed or
stopped (``follow`` with the state before, taken by ``state``), a report saved (``follow_report``).
Each writer holds the enterprise's row (``get_for_update``), so two writers of one enterprise follow
one after the other. ``rebuild`` computes both tables from the directory and the reports.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select, text, update
from sqlmodel import Field, Session

from models.base import Model
from models.enterprise import DailyReport, Enterprise, Product


class EnterpriseCount(Model, table=True):
    district_id: int = Field(foreign_key="district.id", primary_key=True)
    status: str = Field(primary_key=True, max_length=16)
    #: enterprises not archived
    enterprises: int = Field(default=0)
    #: of them, those with a product not archived
    making: int = Field(default=0)


class ReportedDay(Model, table=True):
    day: date = Field(primary_key=True)
    #: enterprises not archived, with a product not archived, with a report of the day
    enterprises: int = Field(default=0)


_MAKING = "EXISTS (SELECT 1 FROM product p WHERE p.enterprise_id = e.id AND NOT p.archived)"
COUNT_SCAN_SQL = (
    f"SELECT e.district_id, e.status, COUNT(*), SUM(CASE WHEN {_MAKING} THEN 1 ELSE 0 END) "
    "FROM enterprise e WHERE NOT e.archived GROUP BY e.district_id, e.status")
DAY_SCAN_SQL = (
    "SELECT r.report_date, COUNT(DISTINCT r.enterprise_id) FROM dailyreport r JOIN enterprise e "
    f"ON e.id = r.enterprise_id WHERE NOT e.archived AND {_MAKING} GROUP BY r.report_date")


def rebuild(session: Session) -> None:
    """Compute both tables again from the directory and the reports, in the caller's transaction."""
    session.execute(text("DELETE FROM enterprisecount"))
    session.execute(text("DELETE FROM reportedday"))
    session.execute(text(f"INSERT INTO enterprisecount (district_id, status, enterprises, making) {COUNT_SCAN_SQL}"))
    session.execute(text(f"INSERT INTO reportedday (day, enterprises) {DAY_SCAN_SQL}"))


class State(NamedTuple):
    district_id: int
    status: str
    #: on the directory (not archived)
    listed: bool
    making: bool


def state(session: Session, enterprise_id: int) -> State | None:
    """What the counts hold of an enterprise (None: not made yet)."""
    session.flush()
    row = session.execute(select(Enterprise.district_id, Enterprise.status, Enterprise.archived)
                          .where(Enterprise.id == enterprise_id)).first()
    if row is None:
        return None
    making = session.execute(select(Product.id).where(
        Product.enterprise_id == enterprise_id, Product.archived == False).limit(1)).first()  # noqa: E712
    return State(row[0], row[1], not row[2], making is not None)


def follow(session: Session, *, enterprise_id: int, before: State | None) -> None:
    """Follow a change of an enterprise or its products, given its ``state`` before it (None: new)."""
    after = state(session, enterprise_id)
    if after == before:
        return
    moves: dict[tuple[int, str], tuple[int, int]] = {}
    for held, sign in ((before, -1), (after, 1)):
        if held is not None and held.listed:
            key = (held.district_id, held.status)
            n, m = moves.get(key, (0, 0))
            moves[key] = (n + sign, m + sign * held.making)
    for (district, status), (n, m) in sorted(moves.items()):  # one order for every writer
        if n or m:
            _insert_if_missing(session, EnterpriseCount,
                               {"district_id": district, "status": status, "enterprises": 0, "making": 0})
            session.execute(update(EnterpriseCount).where(
                EnterpriseCount.district_id == district, EnterpriseCount.status == status).values(
                enterprises=EnterpriseCount.enterprises + n, making=EnterpriseCount.making + m))
    was = before is not None and before.listed and before.making
    now = after is not None and after.listed and after.making
    if was != now:  # every day it reported gains or loses it
        days = session.execute(select(DailyReport.report_date).where(
            DailyReport.enterprise_id == enterprise_id).distinct()).scalars().all()
        for day in sorted(days):  # one row at a time, in day order: no deadlock between two writers
            _insert_if_missing(session, ReportedDay, {"day": day, "enterprises": 0})
            session.execute(update(ReportedDay).where(ReportedDay.day == day).values(
                enterprises=ReportedDay.enterprises + (1 if now else -1)))


def reported(session: Session, *, enterprise_id: int, day: date) -> bool:
    """Whether the enterprise has a report of ``day`` (asked before saving one)."""
    return session.execute(select(DailyReport.id).where(
        DailyReport.enterprise_id == enterprise_id, DailyReport.report_date == day).limit(1)).first() is not None


def follow_report(session: Session, *, enterprise_id: int, day: date, first: bool) -> None:
    """Follow a report just saved: the enterprise's ``first`` of the day counts it that day, if it is on
    the directory and makes something. The caller holds the enterprise's row."""
    held = state(session, enterprise_id)
    if first and held is not None and held.listed and held.making:
        _insert_if_missing(session, ReportedDay, {"day": day, "enterprises": 0})
        session.execute(update(ReportedDay).where(ReportedDay.day == day).values(
            enterprises=ReportedDay.enterprises + 1))


def _insert_if_missing(session: Session, table: type[Model], values: dict[str, object]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())


# --- the figures read from them ------------------------------------------------------------------------


def by_district_and_status(session: Session) -> list[tuple[int, str, int]]:
    """(district, status, enterprises not archived), the rows that hold any."""
    return [(d, s, n) for d, s, n in session.execute(
        select(EnterpriseCount.district_id, EnterpriseCount.status, EnterpriseCount.enterprises)
        .where(EnterpriseCount.enterprises != 0))]


def listed(session: Session) -> int:
    """Enterprises not archived."""
    return int(session.execute(select(func.sum(EnterpriseCount.enterprises))).scalar_one() or 0)


def not_reported(session: Session, *, day: date) -> int:
    """Enterprises not archived that make something and have no report of ``day``."""
    making = session.execute(select(func.sum(EnterpriseCount.making))).scalar_one() or 0
    reported = session.execute(select(ReportedDay.enterprises).where(ReportedDay.day == day)).scalar() or 0
    return int(making - reported)
