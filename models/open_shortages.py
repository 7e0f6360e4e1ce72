"""How many shortages are unsolved per enterprise, kind and severity, kept up to date by the
transaction that moves them.

The directory shows and sorts by each enterprise's unsolved shortages and filters by their kind; the
dashboard counts them by kind and severity. Counted from the shortages, these read every unsolved
shortage; read from this table they are one row per enterprise, kind and severity.

A shortage is unsolved while its status is in ``rules.ACTIVE_SHORTAGE``. Its kind and severity are
set when it is reported and never change, and shortages are never deleted; so the moves are a new
report (one more) and a step between an unsolved and a done status (resolve, close: one less;
reopen: one more). An enterprise's archive leaves its shortages counted, as the list does. ``record``
follows each move; ``REBUILD_SQL`` computes the table from the shortages (the migration, the demo's
bulk load). A row whose count falls to 0 stays (readers ask for ``n > 0``): no writer deletes a row
another may be waiting to add to.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Index, func, select, text, update
from sqlmodel import Field, Session

from models.base import Model
from models.rules import ACTIVE_SHORTAGE


class OpenShortageCount(Model, table=True):
    # the dashboard's counts by kind and severity, read from the index alone
    __table_args__ = (Index("ix_openshortagecount_kind", "kind", "severity", "n"),)
    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True)
    kind: str = Field(max_length=16, primary_key=True)
    severity: str = Field(max_length=16, primary_key=True)
    #: unsolved shortages of this enterprise, kind and severity (0 once all are solved)
    n: int = Field(default=0)


class OpenShortageTotal(Model, table=True):
    """The same over all enterprises: the dashboard's counts by kind and severity are a few rows, however
    many enterprises have shortages (summing the table above read one row per enterprise and pair)."""

    kind: str = Field(max_length=16, primary_key=True)
    severity: str = Field(max_length=16, primary_key=True)
    n: int = Field(default=0)


_UNSOLVED = ", ".join(f"'{status}'" for status in ACTIVE_SHORTAGE)
#: the count of the shortages as they stand (the same SQL on SQLite and PostgreSQL)
SCAN_SQL = (f"SELECT enterprise_id, kind, severity, COUNT(*) FROM shortage WHERE status IN ({_UNSOLVED}) "
            "GROUP BY enterprise_id, kind, severity")
#: the whole table again from the shortages
REBUILD_SQL = f"INSERT INTO openshortagecount (enterprise_id, kind, severity, n) {SCAN_SQL}"


#: the totals over all enterprises from the counts
TOTALS_SQL = ("INSERT INTO openshortagetotal (kind, severity, n) "
              "SELECT kind, severity, SUM(n) FROM openshortagecount GROUP BY kind, severity")


def rebuild(session: Session) -> None:
    """Compute both tables again from the shortages, in the caller's transaction."""
    session.execute(text("DELETE FROM openshortagetotal"))
    session.execute(text("DELETE FROM openshortagecount"))
    session.execute(text(REBUILD_SQL))
    session.execute(text(TOTALS_SQL))


def unsolved(status: str | None) -> bool:
    """Whether a shortage in this status is counted (None: not there yet)."""
    return status in ACTIVE_SHORTAGE


def record(session: Session, *, enterprise_id: int, kind: str, severity: str, before: str | None,
           after: str) -> None:
    """Follow a shortage's status from ``before`` (None: just reported) to ``after``, in the caller's
    write transaction. The count moves by one in one UPDATE, which on PostgreSQL locks its row until
    the transaction ends: two writers moving one count add up, one after the other."""
    delta = int(unsolved(after)) - int(unsolved(before))
    if not delta:
        return
    _insert_if_missing(session, OpenShortageCount, {"enterprise_id": enterprise_id, "kind": kind,
                                                    "severity": severity, "n": 0})
    session.execute(update(OpenShortageCount).where(
        OpenShortageCount.enterprise_id == enterprise_id, OpenShortageCount.kind == kind,
        OpenShortageCount.severity == severity).values(n=OpenShortageCount.n + delta))
    # the total after the enterprise's row, by every writer (one lock order)
    _insert_if_missing(session, OpenShortageTotal, {"kind": kind, "severity": severity, "n": 0})
    session.execute(update(OpenShortageTotal).where(
        OpenShortageTotal.kind == kind, OpenShortageTotal.severity == severity).values(n=OpenShortageTotal.n + delta))


def _insert_if_missing(session: Session, table: type[Model], values: dict[str, object]) -> None:
    """The first shortage of an enterprise (or of anyone), kind and severity makes its row; one made
    meanwhile stays."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())


def by_kind_and_severity(session: Session) -> list[tuple[str, str, int]]:
    """(kind, severity, unsolved shortages) for each pair that has any, over all enterprises (the totals)."""
    return [(kind, severity, int(n)) for kind, severity, n in session.execute(
        select(OpenShortageTotal.kind, OpenShortageTotal.severity, OpenShortageTotal.n)
        .where(OpenShortageTotal.n > 0))]


def per_enterprise(enterprise: Any) -> Any:
    """The unsolved shortages of ``enterprise`` (an id column of the outer query), as a subquery: a
    walk of its few rows in the key, whatever the history."""
    return select(func.coalesce(func.sum(OpenShortageCount.n), 0)).where(
        OpenShortageCount.enterprise_id == enterprise).scalar_subquery()


def enterprises_with(kind: str | None = None) -> Any:
    """The ids of the enterprises with an unsolved shortage (of ``kind`` when given), for an IN."""
    of_kind = () if kind is None else (OpenShortageCount.kind == kind,)
    return select(OpenShortageCount.enterprise_id).where(OpenShortageCount.n > 0, *of_kind)
