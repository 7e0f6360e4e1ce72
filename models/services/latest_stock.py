"""The stock every enterprise last reported, summed per item: now from the maintained latest reports,
as of a past time from the report history.

Both answer "each enterprise's latest report of the item up to a day". Now is what every dashboard
shows after every change: it reads ``models.latest_reports``, one row per enterprise and item,
whatever the history. As of a past time (the brief) the figures count what was true then, which
only the history knows; the property test checks the two agree on what is true now.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from models.enterprise import DailyReport
from models.services import as_of as as_of_values


def stock_from_history(session: Session, *, day: date, as_of: datetime | None = None) -> dict[int, float]:
    """Item -> summed stock of each enterprise's latest report up to ``day``, read from the report
    history: as known at ``as_of`` (reports recorded by then, with their values then), or now when
    None. Figures as of a past time count what was true then, so the brief as of a time reads this;
    what is true now is kept in the latest reports (``stock_now``), which must agree with it."""
    from models.services.dashboard import _reports

    late = _reports(session, day, day, as_of)
    late_ids = [row[-1] for row in late]
    recorded = (as_of_values.known(DailyReport, as_of),) if as_of is not None else ()
    # each enterprise's latest report of the item up to the day (the unique key: one row per date)
    latest = (select(DailyReport.enterprise_id, DailyReport.item_id, func.max(DailyReport.report_date).label("last"))
              .where(DailyReport.report_date <= day, *recorded)
              .group_by(DailyReport.enterprise_id, DailyReport.item_id).subquery())
    stock = {item: float(total or 0) for item, total in session.execute(
        select(DailyReport.item_id, func.sum(DailyReport.stock))
        .join(latest, and_(DailyReport.enterprise_id == latest.c.enterprise_id, DailyReport.item_id == latest.c.item_id,
                           DailyReport.report_date == latest.c.last))
        .where(DailyReport.id.not_in(late_ids))
        .group_by(DailyReport.item_id)
    )}
    if late:
        lasts = {(e, i): d for e, i, d in session.execute(select(latest))}
        for enterprise_id, item_id, reported, _, held, _ in late:
            if lasts.get((enterprise_id, item_id)) == reported:
                stock[item_id] = stock.get(item_id, 0.0) + held
    return stock


def stock_now(session: Session, *, day: date) -> dict[int, float]:
    """Item -> summed stock of each enterprise's latest report up to ``day``, as known now, from the
    maintained latest reports (``models.latest_reports``): the latest when it is not after the day,
    else the one before it. Only an enterprise whose two latest reports are both after the day (a
    day asked for long past) has its answer looked up in the history, for its items alone."""
    from models.latest_reports import LatestReport as Latest

    chosen = case((Latest.report_date <= day, Latest.stock), (Latest.prev_date <= day, Latest.prev_stock), else_=None)
    stock = {item: float(total) for item, total in session.execute(  # None: nobody had reported by then
        select(Latest.item_id, func.sum(chosen)).group_by(Latest.item_id)) if total is not None}
    older = session.execute(select(Latest.enterprise_id, Latest.item_id)
                            .where(Latest.report_date > day, Latest.prev_date > day)).all()
    for enterprise_id, item_id in older:  # each from the unique key (enterprise, item, date): one row read
        held = session.execute(
            select(DailyReport.stock).where(DailyReport.enterprise_id == enterprise_id, DailyReport.item_id == item_id,
                                            DailyReport.report_date <= day)
            .order_by(DailyReport.report_date.desc()).limit(1)).scalar()
        if held is not None:
            stock[item_id] = stock.get(item_id, 0.0) + float(held)
    return stock
