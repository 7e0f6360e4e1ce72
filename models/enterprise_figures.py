"""Each enterprise's sortable figures, one row per enterprise, kept up to date by the transaction that
changes them.

The directory sorted by a figure (output, cover, products, shortages, cadre, last report, status)
computed that figure for every enterprise before it could show a page (seconds at 100,000); read from
this table a page walks an (archived, figure, id) index and stops after its rows.

Every key is stored as the directory sorts by it, a missing figure as the value that sorts it last
(no product: 1,000,000; no reserve in use: 1e12; never reported: 1900-01-01; nobody stationed:
U+FFFF). What depends on the day is stored so that it does not go stale at midnight:

- the output is that of the latest report day (``reported``) and counts as today's output only when
  that day is today (the directory decides at read);
- the stationed cadre is the one of the day of the write, with the days it holds for
  (``cadre_from`` .. ``cadre_until``, the next start or end of a stationing); outside them the
  directory computes the cadre of the rows concerned itself.

``refresh`` computes an enterprise's row again from the sources, after its row is locked (two
writers of one enterprise follow one after the other); each writer calls it in its transaction.
``rebuild`` computes the whole table (the migration, the demo's bulk load). A property test checks
that after any sequence of writes the table equals ``compute`` over everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Index, delete, func, insert, select, update
from sqlmodel import Field, Session

from models import clock
from models.assignments import Assignment
from models.base import EnterpriseStatus, Model
from models.enterprise import DailyReport, Enterprise, Product
from models.latest_reports import LatestReport
from models.material_reserves import MaterialReserve
from models.open_shortages import OpenShortageCount
from models.people import Cadre

#: the keys of missing figures: each sorts last in ascending order, as the directory always did
NO_PRODUCT = 1_000_000
NO_COVER = 1e12
NEVER_REPORTED = date(1900, 1, 1)
NO_OUTPUT = -1.0
NO_CADRE = "\uffff"
ALWAYS = date(1900, 1, 1)
FOREVER = date(9999, 12, 31)
#: statuses sort in the order of an enterprise's life
STATUS_ORDER = {s.value: i for i, s in enumerate(EnterpriseStatus)}
OTHER_STATUS = 99


class EnterpriseFigure(Model, table=True):
    __table_args__ = (
        Index("ix_enterprisefigure_status", "archived", "status_order", "enterprise_id"),
        Index("ix_enterprisefigure_products", "archived", "products", "enterprise_id"),
        Index("ix_enterprisefigure_reported", "archived", "reported", "enterprise_id"),
        Index("ix_enterprisefigure_output", "archived", "reported", "output", "enterprise_id"),
        Index("ix_enterprisefigure_cover", "archived", "cover", "enterprise_id"),
        Index("ix_enterprisefigure_shortages", "archived", "shortages", "enterprise_id"),
        Index("ix_enterprisefigure_cadre", "archived", "cadre", "enterprise_id"),
        Index("ix_enterprisefigure_cadre_until", "archived", "cadre_until"),
        Index("ix_enterprisefigure_cadre_from", "archived", "cadre_from"),
    )
    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True)
    archived: bool = Field(default=False)
    status_order: int = Field(default=OTHER_STATUS)
    #: the smallest item id made (the directory's order of products)
    products: int = Field(default=NO_PRODUCT)
    #: the latest report day, and the output reported on it (all items)
    reported: date = Field(default=NEVER_REPORTED)
    output: float = Field(default=NO_OUTPUT)
    #: the fewest days of supply of a raw material in use
    cover: float = Field(default=NO_COVER)
    #: unsolved shortages
    shortages: int = Field(default=0)
    #: the first name (in the database's order) of the cadres stationed, on the days from .. until (excluded)
    cadre: str = Field(default=NO_CADRE, max_length=200)
    cadre_from: date = Field(default=ALWAYS)
    cadre_until: date = Field(default=FOREVER)


def _within(column: Any, ids: list[int] | None) -> tuple[Any, ...]:
    return () if ids is None else (column.in_(ids),)


def compute(session: Session, ids: Iterable[int] | None = None, *,
            today: date | None = None) -> dict[int, dict[str, Any]]:
    """The figures of these enterprises (all when None) from the sources, as the table's rows would hold them."""
    day = today or clock.today()
    only = None if ids is None else sorted(set(ids))
    rows: dict[int, dict[str, Any]] = {}
    for eid, archived, status in session.execute(
            select(Enterprise.id, Enterprise.archived, Enterprise.status).where(*_within(Enterprise.id, only))):
        rows[eid] = {"enterprise_id": eid, "archived": bool(archived),
                     "status_order": STATUS_ORDER.get(status, OTHER_STATUS), "products": NO_PRODUCT,
                     "reported": NEVER_REPORTED, "output": NO_OUTPUT, "cover": NO_COVER, "shortages": 0,
                     "cadre": NO_CADRE, "cadre_from": ALWAYS, "cadre_until": FOREVER}

    def put(field: str, statement: Any) -> None:
        for eid, value in session.execute(statement):
            if eid in rows and value is not None:
                rows[eid][field] = value

    put("products", select(Product.enterprise_id, func.min(Product.item_id)).where(
        Product.archived == False, *_within(Product.enterprise_id, only))  # noqa: E712
        .group_by(Product.enterprise_id))
    latest = (select(LatestReport.enterprise_id, func.max(LatestReport.report_date).label("day"))
              .where(*_within(LatestReport.enterprise_id, only)).group_by(LatestReport.enterprise_id).subquery())
    put("reported", select(latest.c.enterprise_id, latest.c.day))
    # every item reported on an enterprise's latest day has that day as its own latest
    put("output", select(LatestReport.enterprise_id, func.sum(DailyReport.output))
        .join(latest, (latest.c.enterprise_id == LatestReport.enterprise_id)
              & (latest.c.day == LatestReport.report_date))
        .join(DailyReport, DailyReport.id == LatestReport.report_id).where(*_within(LatestReport.enterprise_id, only))
        .group_by(LatestReport.enterprise_id))
    put("cover", select(MaterialReserve.enterprise_id, func.min(MaterialReserve.quantity / MaterialReserve.daily_use))
        .where(MaterialReserve.daily_use > 0, *_within(MaterialReserve.enterprise_id, only))
        .group_by(MaterialReserve.enterprise_id))
    put("shortages", select(OpenShortageCount.enterprise_id, func.sum(OpenShortageCount.n))
        .where(*_within(OpenShortageCount.enterprise_id, only)).group_by(OpenShortageCount.enterprise_id))
    put("cadre", select(Assignment.enterprise_id, func.min(Cadre.name)).join(Cadre, Cadre.id == Assignment.cadre_id)
        .where(Assignment.start_date <= day, (Assignment.end_date.is_(None)) | (Assignment.end_date >= day),
               *_within(Assignment.enterprise_id, only)).group_by(Assignment.enterprise_id))
    # the days the stationed cadres hold for: between the last start or end up to today and the next after it
    for eid, start, end in session.execute(select(Assignment.enterprise_id, Assignment.start_date, Assignment.end_date)
                                           .where(*_within(Assignment.enterprise_id, only))):
        if eid not in rows:
            continue
        row = rows[eid]
        for change in (start, None if end is None else end + timedelta(days=1)):
            if change is None:
                continue
            if change <= day:
                row["cadre_from"] = max(row["cadre_from"], change)
            else:
                row["cadre_until"] = min(row["cadre_until"], change)
    for row in rows.values():
        row["output"] = float(row["output"])
        row["cover"] = float(row["cover"])
        row["shortages"] = int(row["shortages"])
    return rows


def rebuild(session: Session) -> None:
    """Compute the table again from the sources, in the caller's transaction."""
    session.execute(delete(EnterpriseFigure))
    rows = list(compute(session).values())
    for start in range(0, len(rows), 5000):
        session.execute(insert(EnterpriseFigure), rows[start:start + 5000])


def refresh(session: Session, *enterprise_ids: int | None) -> None:
    """Follow a write that may move these enterprises' figures (flushed, in the caller's write transaction).

    Each row is made if missing and locked (on PostgreSQL; SQLite's writer holds the whole file) before
    its figures are read: two writers of one enterprise follow one after the other, the second
    reading what the first committed.
    """
    ids = sorted({i for i in enterprise_ids if i is not None})
    if not ids:
        return
    session.flush()
    _insert_if_missing(session, ids)
    session.execute(select(EnterpriseFigure.enterprise_id).where(EnterpriseFigure.enterprise_id.in_(ids))
                    .order_by(EnterpriseFigure.enterprise_id).with_for_update())
    for eid, values in compute(session, ids).items():
        session.execute(update(EnterpriseFigure).where(EnterpriseFigure.enterprise_id == eid).values(
            **{k: v for k, v in values.items() if k != "enterprise_id"}))


def stationed(session: Session, cadre_id: int) -> list[int]:
    """The enterprises a cadre was ever stationed at (their cadre key follows the cadre's name)."""
    return list(session.execute(select(Assignment.enterprise_id).where(Assignment.cadre_id == cadre_id)
                                .distinct()).scalars())


def _insert_if_missing(session: Session, ids: list[int]) -> None:
    values = [{"enterprise_id": i} for i in ids]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(EnterpriseFigure).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(EnterpriseFigure).values(values).on_conflict_do_nothing())
