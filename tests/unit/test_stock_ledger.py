"""Counts, the daily close, the stock figures and the ledger check (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from models.counts import StockCount
from models.errors import TransitionError, ValidationError
from models.lots import Lot
from models.services.common import write_transaction
from models.services.ledger import balance_for_update, post, reserve
from models.services.receipts import ReceiptLineIn, create_receipt
from models.services.stock_check import check_ledger
from models.services.stock_counts import CountLineIn, close_day, create_count, post_count
from models.services.stock_views import count_card, count_stock, item_totals, stock_card, stock_overview
from models.stock import EntryKind, StockBalance, StockClose, StockEntry
from tests.unit.stock_world import item_id, warehouse

DAY = date(2020, 2, 3)


@pytest.fixture
def site(session, coordinator) -> int:
    return warehouse(session, coordinator)


def receive(session, actor, site, code="L1", quantity=100, item="MASK-SURG", expiry=None, at=None, quarantine=False):
    # received on the tests' day unless said (a lot already expired then is refused at the door)
    create_receipt(session, actor=actor, site_id=site, source="central", voucher_no="V",
                   at=at or datetime(2020, 2, 3, 8, 0),
                   lines=[ReceiptLineIn(item_id(session, item), code, accepted=quantity, expiry=expiry,
                                        quarantine=quarantine)])
    session.rollback()
    return session.exec(select(Lot).where(Lot.code == code)).one().id


def ship(session, actor, site, lot_id, quantity, at, reserved=0):
    with write_transaction(session):
        lot = session.get(Lot, lot_id)
        balance = balance_for_update(session, site_id=site, item_id=lot.item_id, lot_id=lot_id, create=False)
        post(session, actor=actor, at=at, balance=balance, kind=EntryKind.OUT, quantity=quantity, reason="dispatch",
             from_reserved=reserved)


def test_a_count_books_its_variance_as_an_adjustment_and_needs_a_reason(session, coordinator, site):
    lot = receive(session, coordinator, site)
    with pytest.raises(ValidationError, match="say why"):
        create_count(session, actor=coordinator, site_id=site, counted_by="王刚、刘敏", lines=[CountLineIn(lot, 97)])
    count_id = create_count(session, actor=coordinator, site_id=site, counted_by="王刚、刘敏",
                            lines=[CountLineIn(lot, 97, reason="破损 3 只")])
    count = session.get(StockCount, count_id)
    assert count.number.startswith("PD-") and not count.posted
    post_count(session, actor=coordinator, count_id=count_id, version=count.version)
    adjustment = session.exec(select(StockEntry).where(StockEntry.kind == "adj")).one()
    assert (adjustment.quantity, adjustment.balance_after, adjustment.note) == (-3, 97, "破损 3 只")
    with pytest.raises(TransitionError, match="posted already"):
        post_count(session, actor=coordinator, count_id=count_id, version=session.get(StockCount, count_id).version)
    assert check_ledger(session) == []


def test_the_daily_close_keeps_the_identity_and_closes_once(session, coordinator, site):
    morning = datetime(2020, 2, 3, 9, 0)
    lot = receive(session, coordinator, site, quantity=1_000, at=morning - timedelta(days=1))  # yesterday: opening
    receive(session, coordinator, site, code="L2", quantity=500, at=morning)
    ship(session, coordinator, site, lot, 300, morning + timedelta(hours=2))
    create_count(session, actor=coordinator, site_id=site, counted_by="王刚", post_now=True,
                 lines=[CountLineIn(lot, 690, reason="破损")], at=morning + timedelta(hours=3))
    receive(session, coordinator, site, code="L3", quantity=7, at=datetime(2020, 2, 4, 8))  # tomorrow: not counted
    with pytest.raises(ValidationError, match="not ended"):
        close_day(session, actor=coordinator, site_id=site, day=DAY, at=datetime(2020, 2, 2, 23))
    assert close_day(session, actor=coordinator, site_id=site, day=DAY, at=datetime(2020, 2, 4, 0, 5)) == 1
    close = session.exec(select(StockClose)).one()
    assert (close.opening, close.received, close.issued, close.adjusted, close.closing) == (1_000, 500, 300, -10, 1_190)
    assert (close.variance, close.reason) == (-10, "破损")
    with pytest.raises(TransitionError, match="closed already"):
        close_day(session, actor=coordinator, site_id=site, day=DAY, at=datetime(2020, 2, 4, 0, 5))
    close_day(session, actor=coordinator, site_id=site, day=DAY + timedelta(days=1), at=datetime(2020, 2, 5, 0, 5))
    second = session.exec(select(StockClose).where(StockClose.day == DAY + timedelta(days=1))).one()
    assert (second.opening, second.received, second.closing) == (1_190, 7, 1_197)
    assert check_ledger(session) == []


def test_the_overview_reads_balances_with_available_near_expiry_and_days_of_supply(session, coordinator, site):
    today = date(2020, 2, 3)
    other = warehouse(session, coordinator, code="WH-NA", name="南岸区储备库", name_en="Nan'an depot")
    receive(session, coordinator, site, code="L1", quantity=800_000, expiry=today + timedelta(days=60))
    receive(session, coordinator, site, code="L2", quantity=200_000, expiry=today + timedelta(days=400),
            quarantine=True)
    old = receive(session, coordinator, site, code="L0", quantity=5, expiry=today - timedelta(days=1),
                  at=datetime(2020, 1, 20, 9, 0))  # in date when it came in
    receive(session, coordinator, other, code="N1", quantity=1_000, item="SUIT")
    with write_transaction(session):
        lot = session.exec(select(Lot).where(Lot.code == "L1")).one()
        balance = balance_for_update(session, site_id=site, item_id=lot.item_id, lot_id=lot.id, create=False)
        reserve(session, balance=balance, lot=lot, quantity=100_000, today=today)
    rows = stock_overview(session, today=today).rows
    assert [(r.site_code, r.item_code) for r in rows] == [("WH-CQ1", "MASK-SURG"), ("WH-NA", "SUIT")]
    mask = rows[0]
    assert (mask.on_hand, mask.reserved, mask.quarantine, mask.available) == (1_000_005, 100_000, 200_000, 700_000)
    assert (mask.near_expiry, mask.expiry_days) == ("expired", -1)
    assert mask.days_of_supply == pytest.approx(700_000 / 400_000)
    assert old
    assert [r.item_code for r in stock_overview(session, filter_text="fhf", today=today).rows] == ["SUIT"]  # 防护服
    assert [r.site_code for r in stock_overview(session, filter_text="nanan", today=today).rows] == ["WH-NA"]
    assert [r.site_code for r in stock_overview(session, site_id=other, today=today).rows] == ["WH-NA"]
    assert count_stock(session) == 2 and count_stock(session, filter_text="口罩 yiyuan") == 0
    totals = {t.item_code: t for t in item_totals(session, today=today)}
    assert (totals["MASK-SURG"].on_hand, totals["MASK-SURG"].available, totals["SUIT"].available) == (
        1_000_005, 700_000, 1_000)


def test_the_stock_card_pages_newest_first(session, coordinator, site):
    lot = receive(session, coordinator, site, quantity=1_000)
    for n in range(1, 8):
        ship(session, coordinator, site, lot, n, datetime(2020, 2, 3, 10, n))
    mask = item_id(session)
    assert count_card(session, site_id=site, item_id=mask) == 8
    first = stock_card(session, site_id=site, item_id=mask, offset=0, limit=3).rows
    assert [r.quantity for r in first] == [-7, -6, -5] and first[0].lot_code == "L1"
    last = stock_card(session, site_id=site, item_id=mask, offset=6, limit=3)
    assert [r.quantity for r in last.rows] == [-1, 1_000] and last.offset == 6


def test_check_ledger_finds_a_balance_and_an_entry_that_disagree(session, coordinator, site):
    lot = receive(session, coordinator, site, quantity=100)
    ship(session, coordinator, site, lot, 10, datetime(2020, 2, 3, 11))
    assert check_ledger(session) == []
    with write_transaction(session):  # written behind the ledger's back
        session.execute(update(StockBalance).values(on_hand=StockBalance.on_hand + 5))
    found = check_ledger(session)
    assert [(d.what, d.ledger, d.stored) for d in found] == [("on_hand", 90, 95)]
    with write_transaction(session):
        session.execute(update(StockBalance).values(on_hand=90))
        session.execute(update(StockEntry).where(StockEntry.kind == "out").values(balance_after=91))
    assert [(d.what, d.ledger, d.stored) for d in check_ledger(session)] == [("balance_after", 90, 91)]
