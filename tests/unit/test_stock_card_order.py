"""The stock card is in the order of the movements: by time, the recording order breaking ties, with
the lot's balance after each entry read in that order — back-dated entries included (both databases)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models.services.common import write_transaction
from models.services.ledger import balance_for_update, find_lot, post
from models.services.stock_check import check_ledger
from models.services.stock_counts import day_sheet
from models.services.stock_views import stock_card
from models.stock import EntryKind
from tests.unit.stock_world import item_id, warehouse


@pytest.fixture
def site(session, coordinator) -> int:
    return warehouse(session, coordinator)


def move(session, actor, site, lot, kind, quantity, at):  # type: ignore[no-untyped-def]
    item = item_id(session)
    with write_transaction(session):
        row = find_lot(session, actor=actor, at=at, item_id=item, code=lot)
        balance = balance_for_update(session, site_id=site, item_id=item, lot_id=row.id, create=True)
        post(session, actor=actor, at=at, balance=balance, kind=kind, quantity=quantity, reason="receipt")


def test_a_back_dated_entry_takes_its_place_by_time_and_the_balances_follow(session, coordinator, site):
    move(session, coordinator, site, "L1", EntryKind.IN, 100, datetime(2020, 2, 3, 10, 0))
    move(session, coordinator, site, "L1", EntryKind.OUT, 30, datetime(2020, 2, 3, 12, 0))
    move(session, coordinator, site, "L2", EntryKind.IN, 7, datetime(2020, 2, 3, 12, 0))  # same time: by record
    move(session, coordinator, site, "L1", EntryKind.IN, 50, datetime(2020, 2, 3, 9, 0))  # recorded last, moved first
    move(session, coordinator, site, "L1", EntryKind.HOLD, 5, datetime(2020, 2, 3, 11, 0))  # back-dated too
    rows = stock_card(session, site_id=site, item_id=item_id(session)).rows
    assert [(r.at.hour, r.lot_code, r.kind, r.quantity, r.balance_after) for r in rows] == [
        (12, "L2", "in", 7, 7),
        (12, "L1", "out", -30, 120),
        (11, "L1", "hold", 5, 150),
        (10, "L1", "in", 100, 150),
        (9, "L1", "in", 50, 50),
    ]
    # page by page the same figures (each window works its balances out on its own)
    paged = [r for k in range(5) for r in stock_card(session, site_id=site, item_id=item_id(session), offset=k,
                                                      limit=1).rows]
    assert [(r.id, r.balance_after) for r in paged] == [(r.id, r.balance_after) for r in rows]
    assert check_ledger(session) == []  # the stored figures (recording order) hold as well


def test_the_books_at_a_day_end_count_a_back_dated_entry_on_its_day(session, coordinator, site):
    move(session, coordinator, site, "L1", EntryKind.IN, 100, datetime(2020, 2, 3, 10, 0))
    move(session, coordinator, site, "L1", EntryKind.OUT, 30, datetime(2020, 2, 4, 10, 0))
    move(session, coordinator, site, "L1", EntryKind.IN, 50, datetime(2020, 2, 3, 18, 0))  # recorded on the 4th
    (line,) = day_sheet(session, site_id=site, day=date(2020, 2, 3), at=datetime(2020, 2, 5, 8, 0))
    assert (line.opening, line.received, line.issued, line.closing, line.books) == (0, 150, 0, 150, 150)
