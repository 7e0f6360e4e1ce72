"""The day's sheet the close dialog shows (what ``close_day`` then writes, figure for figure), a
day refused until it has ended, and the lots a count or the quarantine dialogs start from."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from models.errors import TransitionError, ValidationError
from models.services.receipts import hold_stock
from models.services.stock_counts import CountLineIn, close_day, create_count, day_sheet
from models.services.stock_lots import lots_at
from models.stock import StockClose
from tests.unit.stock_world import item_id, warehouse

from .test_stock_ledger import receive, ship

DAY = date(2020, 2, 3)
MORNING = datetime(2020, 2, 3, 9, 0)


@pytest.fixture
def site(session, coordinator) -> int:
    return warehouse(session, coordinator)


def test_the_sheet_is_what_the_close_writes(session, coordinator, site):
    lot = receive(session, coordinator, site, quantity=1_000, at=MORNING - timedelta(days=1))
    receive(session, coordinator, site, code="L2", quantity=500, at=MORNING)
    ship(session, coordinator, site, lot, 300, MORNING + timedelta(hours=2))
    create_count(session, actor=coordinator, site_id=site, counted_by="王刚", post_now=True,
                 lines=[CountLineIn(lot, 690, reason="破损")], at=MORNING + timedelta(hours=3))
    with pytest.raises(ValidationError, match="not ended"):  # today, even late in the evening
        day_sheet(session, site_id=site, day=DAY, at=datetime(2020, 2, 3, 23, 59))
    with pytest.raises(ValidationError, match="not ended"):
        close_day(session, actor=coordinator, site_id=site, day=DAY, at=datetime(2020, 2, 3, 23, 59))
    [line] = day_sheet(session, site_id=site, day=DAY, at=datetime(2020, 2, 4, 0, 5))
    assert line.item_code == "MASK-SURG" and line.unit
    assert (line.opening, line.received, line.issued, line.adjusted, line.closing, line.books) == (
        1_000, 500, 300, -10, 1_190, 1_190)
    assert (line.variance, line.notes) == (-10, ("破损",))
    close_day(session, actor=coordinator, site_id=site, day=DAY, reasons={line.item_id: "两人复点"},
              at=datetime(2020, 2, 4, 0, 5))
    close = session.exec(select(StockClose)).one()
    assert (close.opening, close.closing, close.reason) == (1_000, 1_190, "两人复点")
    with pytest.raises(TransitionError, match="closed already"):
        day_sheet(session, site_id=site, day=DAY, at=datetime(2020, 2, 4, 0, 5))


def test_the_lots_of_an_item_first_expiry_first(session, coordinator, site):
    late = receive(session, coordinator, site, code="LATE", quantity=50, expiry=date(2021, 1, 1))
    early = receive(session, coordinator, site, code="EARLY", quantity=80, expiry=date(2020, 6, 1), quarantine=True)
    receive(session, coordinator, site, code="SUIT1", quantity=9, item="SUIT")
    hold_stock(session, actor=coordinator, site_id=site, lot_id=late, quantity=5, note="抽检不合格")
    lots = lots_at(session, site_id=site, item_id=item_id(session))
    assert [(lot.lot_id, lot.on_hand, lot.quarantine, lot.free) for lot in lots] == [
        (early, 80, 80, 0), (late, 50, 5, 45)]
