"""Each enterprise's latest daily report of each item, kept up to date by the transaction that writes it.

The dashboard's stock figure is, per item, the sum over enterprises of their latest report up to a
day. Found by scanning the report history, it grew with every day of history (2.5 s at 100,000
enterprises); read from this table it is one row per enterprise and item, whatever the history.

The table keeps the latest report and the one before it: the dashboard asks for the latest up to
yesterday, and an enterprise that reported today has yesterday's answer in the one before. Reports
are never deleted, and an enterprise's archive leaves its reports counted (the figures say what was
reported), so inserts and corrections are the only moves; ``record`` follows each one, back-dated
entries included. ``REBUILD_SQL`` computes the table from the history (the migration, the demo's
bulk load); a property test checks that ``record`` after any sequence of writes gives the same.

The latest report's output is kept too: the directory filtered by an item and sorted by its output
walks (item, day, output, enterprise) from today's rows (models.services.item_output_sort).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, text
from sqlmodel import Field, Session, select

from models.base import Model
from models.enterprise import DailyReport


class LatestReport(Model, table=True):
    __table_args__ = (
        Index("ix_latestreport_item", "item_id"),
        # the directory filtered by an item and sorted by its output: the day's reports of the item in order
        Index("ix_latestreport_item_output", "item_id", "report_date", "output", "enterprise_id"),
    )
    enterprise_id: int = Field(foreign_key="enterprise.id", primary_key=True)
    item_id: int = Field(foreign_key="catalogueitem.id", primary_key=True)
    #: the report with the latest date
    report_id: int
    report_date: date
    stock: float = Field(default=0)
    #: the latest report's output (the directory's order by an item's output)
    output: float = Field(default=0)
    #: the report before it (None: only one report so far)
    prev_id: int | None = None
    prev_date: date | None = None
    prev_stock: float | None = None


#: the whole table again from the report history, in one pass over it (the same SQL on SQLite and
#: PostgreSQL): per enterprise and item, the latest report and, by LEAD, the one before it
REBUILD_SQL = (
    "INSERT INTO latestreport (enterprise_id, item_id, report_id, report_date, stock, output, prev_id, prev_date, "
    "prev_stock) SELECT enterprise_id, item_id, id, report_date, stock, output, prev_id, prev_date, prev_stock FROM ("
    "SELECT enterprise_id, item_id, id, report_date, stock, output, LEAD(id) OVER w AS prev_id, "
    "LEAD(report_date) OVER w AS prev_date, LEAD(stock) OVER w AS prev_stock, ROW_NUMBER() OVER w AS rn "
    "FROM dailyreport WINDOW w AS (PARTITION BY enterprise_id, item_id ORDER BY report_date DESC)) ranked "
    "WHERE rn = 1"
)


def rebuild(session: Session) -> None:
    """Compute the table again from the history, in the caller's transaction."""
    session.execute(text("DELETE FROM latestreport"))
    session.execute(text(REBUILD_SQL))


def record(session: Session, report: DailyReport) -> None:
    """Follow a report just inserted or corrected (flushed, in the caller's write transaction).

    The row of its enterprise and item is locked first (on PostgreSQL; SQLite's writer holds the
    whole file): two reports of one product saved at once are followed one after the other.
    """
    assert report.id is not None
    _insert_if_missing(session, report)
    row = session.exec(select(LatestReport).where(
        LatestReport.enterprise_id == report.enterprise_id, LatestReport.item_id == report.item_id)
        .with_for_update()).one()
    day, held, made = report.report_date, float(report.stock or 0), float(report.output or 0)
    if row.report_id == report.id:  # the latest, corrected (or just inserted above)
        row.stock, row.output = held, made
    elif day > row.report_date:  # a newer day: the latest becomes the one before
        row.prev_id, row.prev_date, row.prev_stock = row.report_id, row.report_date, row.stock
        row.report_id, row.report_date, row.stock, row.output = report.id, day, held, made
    elif row.prev_id == report.id:  # the one before, corrected
        row.prev_stock = held
    elif row.prev_date is None or day > row.prev_date:  # back-dated, between the two
        row.prev_id, row.prev_date, row.prev_stock = report.id, day, held
    else:
        return  # older than both: neither figure moves
    session.add(row)
    session.flush()


def _insert_if_missing(session: Session, report: DailyReport) -> None:
    """The first report of a product makes its row; one made meanwhile by another writer stays."""
    values = {"enterprise_id": report.enterprise_id, "item_id": report.item_id, "report_id": report.id,
              "report_date": report.report_date, "stock": float(report.stock or 0),
              "output": float(report.output or 0)}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(LatestReport).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(LatestReport).values(**values).on_conflict_do_nothing())
