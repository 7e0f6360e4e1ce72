"""One definition of each derived stock figure (both databases):

- available: ``models.stock.available`` and its SQL ``available_sql`` agree on any figures, and the
  four readers (the ledger's picking, the allocation form's ``available_at``, the stock screen, the
  dashboard and brief) give the same number for the same stock;
- 入 / 出 / 调整: the daily close and the brief count a day alike — goods refused at delivery lessen
  出 instead of adding to 入 — and both keep 期初 + 入 − 出 ± 调整 = 结存.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, literal, select
from sqlmodel import col

from models.lots import Lot
from models.services import ledger
from models.services.allocation_detail import available_at
from models.services.dispatches import dispatch, sign_delivery
from models.services.stock_counts import CountLineIn, create_count, day_sheet
from models.services.stock_figures import item_stock, movements
from models.services.stock_views import stock_overview
from models.stock import StockBalance, available, available_sql
from tests.unit.alloc_world import TODAY, AllocWorld


@pytest.fixture
def world(session, coordinator, frozen_clock) -> AllocWorld:
    return AllocWorld(session=session, actor=coordinator)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(on_hand=st.integers(0, 1_000), quarantine=st.integers(0, 1_000), reserved=st.integers(0, 1_000),
       expiry=st.one_of(st.none(), st.integers(-3, 3)))
def test_the_rule_and_its_sql_agree(session, on_hand, quarantine, reserved, expiry) -> None:  # type: ignore[no-untyped-def]
    day = None if expiry is None else TODAY + timedelta(days=expiry)
    sql = available_sql(TODAY, on_hand=literal(on_hand), quarantine=literal(quarantine), reserved=literal(reserved),
                        expiry=literal(day, Date))
    got = session.execute(select(sql)).scalar_one()
    session.rollback()
    assert int(got) == available(on_hand=on_hand, quarantine=quarantine, reserved=reserved, expiry=day, today=TODAY)


def test_the_four_readers_of_available_agree(world: AllocWorld) -> None:
    w = world
    w.stock("MASK-N95", "OK", 100, quarantine=30)
    w.stock("MASK-N95", "OLD", 50, expiry=TODAY - timedelta(days=1))  # expired: none of it available
    w.stock("MASK-N95", "LAST-DAY", 20, expiry=TODAY)  # still good today
    request_id, ids = w.request({"MASK-N95": 25})
    w.issue(request_id, {ids["MASK-N95"]: 25})  # reserves 20 of LAST-DAY, then 5 of OK
    mask = w.items["MASK-N95"]
    expected = 100 - 30 + 20 - 25
    in_hand = sum(ledger.available(b, lot, TODAY) for b, lot in w.rows(
        select(StockBalance, Lot).join(Lot, col(Lot.id) == StockBalance.lot_id)
        .where(StockBalance.site_id == w.warehouse, StockBalance.item_id == mask)))
    assert in_hand == expected
    assert available_at(w.session, site_id=w.warehouse, item_ids=[mask], today=TODAY) == {mask: expected}
    (row,) = stock_overview(w.session, site_id=w.warehouse, item_id=mask, today=TODAY).rows
    assert row.available == expected
    (figure,) = [i for i in item_stock(w.session) if i.item_id == mask]
    assert figure.available == expected


def test_the_daily_close_and_the_brief_count_a_day_alike(world: AllocWorld) -> None:
    w = world
    lot = w.stock("MASK-N95", "L1", 500)
    request_id, ids = w.request({"MASK-N95": 200})
    order = w.issue(request_id, {ids["MASK-N95"]: 200})
    sent = dispatch(w.session, actor=w.actor, order_id=order, delivered_by="王师傅")
    (line,) = w.dispatch_lines(sent)
    sign_delivery(w.session, actor=w.actor, dispatch_id=sent, version=w.dispatch_row(sent).version,
                  received_by="李护士长", counted_together=True, lines={line.id: (170, 30, "破损")})
    create_count(w.session, actor=w.actor, site_id=w.warehouse, counted_by="王刚、刘敏", post_now=True,
                 lines=[CountLineIn(lot, 500 - 200 + 30 - 4, reason="破损 4 只")])
    (sheet,) = day_sheet(w.session, site_id=w.warehouse, day=TODAY, at=datetime(2020, 2, 4, 8, 0))
    (book,) = movements(w.session, since=datetime(2020, 2, 2, 23, 59), until=datetime(2020, 2, 3, 23, 59))
    assert (sheet.opening, sheet.received, sheet.issued, sheet.adjusted, sheet.closing) == (0, 500, 170, -4, 326)
    assert (book.opening, book.received, book.issued, book.adjusted, book.closing) == (
        sheet.opening, sheet.received, sheet.issued, sheet.adjusted, sheet.closing)
    assert sheet.opening + sheet.received - sheet.issued + sheet.adjusted == sheet.closing == sheet.books
