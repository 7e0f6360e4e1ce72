"""Per catalogue item and day, the output reported and the change of the summed stock, kept up to date
by the transaction that writes a report.

The dashboard shows, per item, the output of each of the last seven days (summed over enterprises)
and the stock: each enterprise's latest report up to yesterday, summed. Summed from the report
history they grew with every enterprise and every day (the output of a week alone was 1.3 s at
100,000 enterprises); here they are one row per item and day, whatever the number of enterprises.

The stock is kept as a change: for a day, the summed "latest stock up to that day" minus the same
for the day before. A report on day ``d`` whose enterprise's report before it (of the item) held
``p`` adds ``stock - p`` to ``d``; the summed stock up to a day is the sum of the changes up to it, a
few rows per item. A report written between two others changes its own day and the day of the
report after it (whose "before" it becomes); a correction moves both by the difference. Reports are
never deleted and an archive leaves them counted (the figures say what was reported), so inserts
and corrections are the only moves; ``record`` follows each, back-dated entries included.
``REBUILD_SQL`` computes the table from the history; a property test checks that ``record`` after
any sequence of writes gives the same.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Field, Session, select

from models.base import Model
from models.enterprise import DailyReport


class ItemDayTotal(Model, table=True):
    item_id: int = Field(foreign_key="catalogueitem.id", primary_key=True)
    report_date: date = Field(primary_key=True)
    #: the output reported for the day, summed over enterprises (archived since or not)
    output: float = Field(default=0)
    #: the summed stock of each enterprise's latest report up to this day, minus the same up to the day before
    stock_change: float = Field(default=0)


#: the history's answer: per item and day, the summed output and the stock changes (the same SQL on
#: SQLite and PostgreSQL; LAG is the enterprise's report of the item before this one)
SCAN_SQL = (
    "SELECT item_id, report_date, SUM(output), SUM(stock - COALESCE(prev, 0)) FROM (SELECT item_id, report_date, "
    "output, stock, LAG(stock) OVER (PARTITION BY enterprise_id, item_id ORDER BY report_date) AS prev "
    "FROM dailyreport) r GROUP BY item_id, report_date"
)
REBUILD_SQL = f"INSERT INTO itemdaytotal (item_id, report_date, output, stock_change) {SCAN_SQL}"


def rebuild(session: Session) -> None:
    """Compute the table again from the history, in the caller's transaction."""
    session.execute(text("DELETE FROM itemdaytotal"))
    session.execute(text(REBUILD_SQL))


def record(session: Session, report: DailyReport, *, before: tuple[float, float] | None) -> None:
    """Follow a report just inserted (``before`` None) or corrected (``before``: its output and stock
    until now), flushed, in the caller's write transaction.

    The rows are changed by one upsert each, which locks them on PostgreSQL until the transaction
    ends (SQLite's writer holds the whole file); a writer takes them in (item, day) order, so two
    writers saving reports of the same items wait for each other instead of deadlocking.
    """
    day, stock = report.report_date, float(report.stock or 0)
    same = (DailyReport.enterprise_id == report.enterprise_id, DailyReport.item_id == report.item_id)
    if before is None:
        held = session.execute(select(DailyReport.stock).where(*same, DailyReport.report_date < day)
                               .order_by(DailyReport.report_date.desc()).limit(1)).scalar()
        was_output, was_stock = 0.0, float(held or 0)  # the day held the report before it
    else:
        was_output, was_stock = float(before[0] or 0), float(before[1] or 0)
    _add(session, report.item_id, day, float(report.output or 0) - was_output, stock - was_stock)
    after = session.execute(select(DailyReport.report_date).where(*same, DailyReport.report_date > day)
                            .order_by(DailyReport.report_date).limit(1)).scalar()
    if after is not None and stock != was_stock:  # the next report's "before" is now this one
        _add(session, report.item_id, after, 0.0, was_stock - stock)


def _add(session: Session, item_id: int, day: date, output: float, stock_change: float) -> None:
    values = {"item_id": item_id, "report_date": day, "output": output, "stock_change": stock_change}
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        insert = pg_insert(ItemDayTotal).values(**values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        insert = sqlite_insert(ItemDayTotal).values(**values)  # type: ignore[assignment]
    table = ItemDayTotal.__table__.c  # type: ignore[attr-defined]
    session.execute(insert.on_conflict_do_update(
        index_elements=["item_id", "report_date"],
        set_={"output": table.output + insert.excluded.output,
              "stock_change": table.stock_change + insert.excluded.stock_change}))
