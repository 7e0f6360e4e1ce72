"""The scaled demo's longer history (``days``): every product reports every day, its stock follows its
output and shipments, the latest reports equal a scan of the history, the demo week is as before."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from itertools import pairwise

import pytest
from sqlalchemy import func, select

from models.demo import DAYS, load_demo
from models.enterprise import DailyReport, Product
from models.latest_reports import LatestReport
from models.tables import CheckIn, Enterprise, EnterpriseStatusChange


def test_a_longer_history_is_whole_and_consistent(db, session, coordinator, frozen_clock) -> None:
    today = frozen_clock.today() - timedelta(days=1)  # as of 12:00 that day: every report is in
    summary = load_demo(db, actor=coordinator, scale=50, days=30, today=today)
    session.rollback()
    products = session.execute(select(Product.enterprise_id, Product.item_id)).all()
    assert summary.daily_reports == len(products) * 30
    history: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in session.execute(select(DailyReport.enterprise_id, DailyReport.item_id, DailyReport.report_date,
                                      DailyReport.output, DailyReport.stock, DailyReport.shipped, DailyReport.id)
                               .order_by(DailyReport.report_date)):
        history[(row[0], row[1])].append(row[2:])
    assert set(history) == set(products)
    days = [today - timedelta(days=29 - n) for n in range(30)]
    for reports in history.values():
        assert [r[0] for r in reports] == days  # one report a day, none missing, none after today
        for before, after in pairwise(reports):
            assert after[2] == before[2] + after[1] - after[3]  # stock = yesterday's + output - shipped
        assert all(r[2] >= 0 and r[1] >= 0 and r[3] >= 0 for r in reports)
        assert all(r[1] == 0 for r in reports[:-DAYS])  # before the demo week: not resumed, no output
    # the maintained latest reports are what the history says
    latest = {(r.enterprise_id, r.item_id): (r.report_id, r.report_date, r.stock, r.prev_id, r.prev_date, r.prev_stock)
              for r in session.execute(select(LatestReport)).scalars()}
    assert latest == {key: (r[-1][4], r[-1][0], r[-1][2], r[-2][4], r[-2][0], r[-2][2]) for key, r in history.items()}
    # the directory was set up before the first report, the status history starts then
    first = session.execute(select(func.min(EnterpriseStatusChange.changed_at))).scalar_one()
    assert first.date() < days[0]
    assert session.execute(select(func.min(Enterprise.created_at))).scalar_one() == first
    # check-ins stay the demo week's
    assert session.execute(select(func.min(CheckIn.check_in))).scalar_one().date() == days[-DAYS]


def test_the_default_week_is_unchanged_by_the_option(tmp_path, frozen_clock) -> None:
    from models.db import Database
    from models.migrate import ensure_schema
    from models.services.identity import resolve_actor

    rows = []
    for name, days in (("a", None), ("b", DAYS)):
        database = Database.open(f"sqlite:///{tmp_path / name}.db")
        try:
            ensure_schema(database)
            with database.session() as session:
                actor = resolve_actor(session, login="zhangwei")
            load_demo(database, actor=actor, scale=30, days=days, today=frozen_clock.today())
            with database.session() as session:
                rows.append((session.execute(select(DailyReport.enterprise_id, DailyReport.item_id,
                                                    DailyReport.report_date, DailyReport.output, DailyReport.stock)
                                             .order_by(DailyReport.id)).all(),
                             session.execute(select(CheckIn.cadre_id, CheckIn.check_in).order_by(CheckIn.id)).all()))
        finally:
            database.dispose()
    assert rows[0] == rows[1] and rows[0][0]


@pytest.mark.parametrize(("scale", "days"), [(None, 30), (10, DAYS - 1)])
def test_days_needs_a_scale_and_at_least_the_week(db, coordinator, scale, days) -> None:
    with pytest.raises(ValueError, match="days"):
        load_demo(db, actor=coordinator, scale=scale, days=days)
