"""The maintained output and stock changes per item and day equal what a scan of the report history
gives, after any sequence of reports, back-dated entries, corrections, archives and restores, on
SQLite and PostgreSQL; and the dashboard's output and stock read from them equal those read from the
history (and from the latest reports), for any day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from models.enterprise import DailyReport, Enterprise, Product
from models.item_day_totals import REBUILD_SQL, SCAN_SQL, ItemDayTotal, rebuild
from models.reference import CatalogueItem
from models.services.dashboard import supply_by_item
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprises import set_archived
from models.services.latest_stock import (
    output_from_history,
    output_now,
    stock_from_history,
    stock_from_latest_reports,
    stock_now,
)

TODAY = date(2020, 2, 10)
ENTERPRISES, ITEMS = 3, 2

report = st.tuples(st.just("report"), st.integers(0, ENTERPRISES - 1), st.lists(st.integers(0, ITEMS - 1),
                   min_size=1, max_size=ITEMS, unique=True), st.integers(0, 12), st.integers(0, 1000),
                   st.integers(0, 1000))
archive = st.tuples(st.just("archive"), st.integers(0, ENTERPRISES - 1))
operations = st.lists(st.one_of(report, report, report, archive), max_size=25)


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _maintained(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(i, _day(d), o, s) for i, d, o, s in session.execute(select(
        ItemDayTotal.item_id, ItemDayTotal.report_date, ItemDayTotal.output, ItemDayTotal.stock_change))}


def _scanned(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(i, _day(d), float(o), float(s)) for i, d, o, s in session.execute(text(SCAN_SQL))}


def test_the_rebuild_inserts_the_scan() -> None:
    assert REBUILD_SQL.endswith(SCAN_SQL)


def _world(session, make, coordinator) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    firms = list(session.execute(select(Product.enterprise_id).distinct().order_by(Product.enterprise_id)).scalars())
    items = session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id).limit(ITEMS)).scalars().all()
    while len(firms) < ENTERPRISES:  # the first example makes them; the next ones go on from there
        firm = make.enterprise().id
        for item in items:
            set_product(session, actor=coordinator, enterprise_id=firm, item_id=item, daily_capacity=100)
        firms.append(firm)
    return firms[:ENTERPRISES], list(items)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_the_maintained_item_day_totals_equal_a_scan_of_history(session, make, coordinator, frozen_clock,
                                                                steps) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12))
    firms, items = _world(session, make, coordinator)
    for step in steps:
        if step[0] == "report":  # several items at once, a correction where the day has a report
            _, e, chosen, back, output, stock = step
            day = TODAY - timedelta(days=back)
            lines = []
            for n, i in enumerate(chosen):
                found = session.execute(select(DailyReport.version).where(
                    DailyReport.enterprise_id == firms[e], DailyReport.item_id == items[i],
                    DailyReport.report_date == day)).scalar()
                lines.append(ReportLine(item_id=items[i], output=output + n, stock=stock + 3 * n,
                                        expected_version=found))
            submit_report(session, actor=coordinator, enterprise_id=firms[e], report_date=day,
                          reason="late" if back else None, lines=lines[::-1] if back % 2 else lines)
        else:
            firm = session.get(Enterprise, firms[step[1]])
            session.refresh(firm)
            set_archived(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                         archived=not firm.archived, reason="test")
    assert _maintained(session) == _scanned(session)
    for back in (-1, 0, 1, 2, 5, 13):
        day = TODAY - timedelta(days=back)
        scanned = stock_from_history(session, day=day)
        assert stock_now(session, day=day) == scanned == stock_from_latest_reports(session, day=day), day
        first = day - timedelta(days=6)
        assert output_now(session, first=first, day=day) == output_from_history(session, first=first, day=day), day


def test_the_rebuild_gives_what_was_maintained(session, make, coordinator, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12))
    item = session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id)).scalars().first()
    firm = make.enterprise().id
    set_product(session, actor=coordinator, enterprise_id=firm, item_id=item, daily_capacity=100)
    for back, stock in ((3, 10), (1, 30), (2, 20), (0, 40)):
        submit_report(session, actor=coordinator, enterprise_id=firm, report_date=TODAY - timedelta(days=back),
                      reason="late" if back else None, lines=[ReportLine(item_id=item, output=back, stock=stock)])
    kept = _maintained(session)
    assert {row[1:] for row in kept if row[0] == item} == {
        (TODAY - timedelta(days=3), 3.0, 10.0), (TODAY - timedelta(days=2), 2.0, 10.0),
        (TODAY - timedelta(days=1), 1.0, 10.0), (TODAY, 0.0, 10.0)}
    rebuild(session)
    session.commit()
    assert _maintained(session) == kept
    yesterday = supply_by_item(session, day=TODAY - timedelta(days=1))
    mine = next(line for line in yesterday if line.item_id == item)
    assert (mine.output, mine.stock, mine.trend[-3:]) == (1.0, 30.0, (3.0, 2.0, 1.0))
