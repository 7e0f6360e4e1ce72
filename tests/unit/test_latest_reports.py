"""The maintained latest reports equal what a scan of the report history gives, after any sequence of
reports, back-dated entries, corrections, archives and restores, on SQLite and PostgreSQL; and the
dashboard's stock read from them equals the stock read from the history, for any day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from models.enterprise import DailyReport, Enterprise
from models.latest_reports import REBUILD_SQL, LatestReport, rebuild
from models.reference import CatalogueItem
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprises import set_archived
from models.services.latest_stock import stock_from_history, stock_now

TODAY = date(2020, 2, 10)
ENTERPRISES, ITEMS = 3, 2

report = st.tuples(st.just("report"), st.integers(0, ENTERPRISES - 1), st.integers(0, ITEMS - 1),
                   st.integers(0, 12), st.integers(0, 1000))
archive = st.tuples(st.just("archive"), st.integers(0, ENTERPRISES - 1))
operations = st.lists(st.one_of(report, report, report, archive), max_size=25)


def _maintained(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {tuple(row) for row in session.execute(select(
        LatestReport.enterprise_id, LatestReport.item_id, LatestReport.report_id, LatestReport.report_date,
        LatestReport.stock, LatestReport.output, LatestReport.prev_id, LatestReport.prev_date,
        LatestReport.prev_stock))}


def _scanned(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    query = REBUILD_SQL.split(") ", 1)[1]  # the SELECT of the rebuild: the history's answer
    return {(e, i, r, d if isinstance(d, date) else date.fromisoformat(d), s, o, p,
             pd if pd is None or isinstance(pd, date) else date.fromisoformat(pd), ps)
            for e, i, r, d, s, o, p, pd, ps in session.execute(text(query))}


def test_the_rebuild_reads_the_select_it_inserts() -> None:
    assert REBUILD_SQL.split(") ", 1)[1].startswith("SELECT ")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_the_maintained_latest_reports_equal_a_scan_of_history(session, make, coordinator, frozen_clock,
                                                               steps) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12))
    firms = session.execute(select(Enterprise.id).order_by(Enterprise.id)).scalars().all()
    items = session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id).limit(ITEMS)).scalars().all()
    while len(firms) < ENTERPRISES:  # the first example makes them; the next ones go on from there
        firm = make.enterprise().id
        for item in items:
            set_product(session, actor=coordinator, enterprise_id=firm, item_id=item, daily_capacity=100)
        firms.append(firm)
    for step in steps:
        if step[0] == "report":
            _, e, i, back, stock = step
            day = TODAY - timedelta(days=back)
            found = session.execute(select(DailyReport.version).where(
                DailyReport.enterprise_id == firms[e], DailyReport.item_id == items[i],
                DailyReport.report_date == day)).scalar()  # a correction when the day has one
            submit_report(session, actor=coordinator, enterprise_id=firms[e], report_date=day,
                          reason="late" if back else None,
                          lines=[ReportLine(item_id=items[i], output=stock // 2, stock=stock, expected_version=found)])
        else:
            firm = session.get(Enterprise, firms[step[1]])
            session.refresh(firm)
            set_archived(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                         archived=not firm.archived, reason="test")
    assert _maintained(session) == _scanned(session)
    for back in (-1, 0, 1, 2, 5, 13):
        day = TODAY - timedelta(days=back)
        assert stock_now(session, day=day) == stock_from_history(session, day=day), day


def test_the_rebuild_gives_what_was_maintained(session, make, coordinator, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12))
    item = session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id)).scalars().first()
    firm = make.enterprise().id
    set_product(session, actor=coordinator, enterprise_id=firm, item_id=item, daily_capacity=100)
    for back, stock in ((3, 10), (1, 30), (2, 20), (0, 40)):
        submit_report(session, actor=coordinator, enterprise_id=firm, report_date=TODAY - timedelta(days=back),
                      reason="late" if back else None, lines=[ReportLine(item_id=item, output=1, stock=stock)])
    kept = _maintained(session)
    assert {(row[3], row[4], row[5], row[7], row[8]) for row in kept} == {(TODAY, 40.0, 1.0, TODAY - timedelta(days=1),
                                                                          30.0)}
    rebuild(session)
    session.commit()
    assert _maintained(session) == kept
