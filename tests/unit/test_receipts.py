"""Receipts: a voucher is required, every rejection has a reason, quarantine holds, posted receipts
never change, and corrections are reversing entries (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from models.errors import PermissionDenied, TransitionError, ValidationError
from models.lots import Lot
from models.receipts import Receipt, ReceiptLine
from models.services.receipts import (
    ReceiptLineIn,
    create_receipt,
    hold_stock,
    post_receipt,
    release_quarantine,
    reverse_entry,
    update_receipt,
)
from models.services.stock_check import check_ledger
from models.stock import StockBalance, StockEntry
from tests.unit.stock_world import item_id, warehouse


@pytest.fixture
def site(session, coordinator) -> int:
    return warehouse(session, coordinator)


def _balance(session, site: int, code: str = "L1") -> StockBalance:
    session.rollback()
    lot = session.exec(select(Lot).where(Lot.code == code)).one()
    return session.exec(select(StockBalance).where(StockBalance.site_id == site, StockBalance.lot_id == lot.id)).one()


def test_a_posted_receipt_books_accepted_lines_and_keeps_rejections_with_reasons(session, coordinator, site):
    mask = item_id(session)
    receipt_id = create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no="XB-0205-17",
                                lines=[ReceiptLineIn(mask, "L1", accepted=9_500, expected=10_000, rejected=500,
                                                     reject_reason="外包装破损", expiry=date(2022, 1, 1))],
                                at=datetime(2020, 2, 5, 9, 0))
    receipt = session.get(Receipt, receipt_id)
    assert receipt.status == "posted" and receipt.number.startswith("RK-")
    assert _balance(session, site).on_hand == 9_500
    line = session.exec(select(ReceiptLine).where(ReceiptLine.receipt_id == receipt_id)).one()
    assert (line.accepted, line.rejected, line.reject_reason) == (9_500, 500, "外包装破损")
    assert line.lot_id is not None
    entry = session.exec(select(StockEntry)).one()
    assert (entry.kind, entry.quantity, entry.balance_after, entry.doc_no) == ("in", 9_500, 9_500, receipt.number)
    assert check_ledger(session) == []


@pytest.mark.parametrize("voucher", ["", "   "])
def test_goods_without_a_voucher_are_refused(session, coordinator, site, row_counts, voucher):
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no=voucher,
                       lines=[ReceiptLineIn(item_id(session), "L1", accepted=10)])
    assert refused.value.field == "voucher_no"
    assert row_counts() == before


def test_a_rejection_needs_a_reason_and_the_voucher_quantity_must_add_up(session, coordinator, site):
    mask = item_id(session)
    with pytest.raises(ValidationError, match="say why"):
        create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no="V1",
                       lines=[ReceiptLineIn(mask, "L1", accepted=90, rejected=10)])
    with pytest.raises(ValidationError, match="add up"):
        create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no="V1",
                       lines=[ReceiptLineIn(mask, "L1", accepted=90, expected=100)])


def test_a_local_makers_goods_name_the_maker_from_the_directory(session, coordinator, site, enterprise):
    mask = item_id(session)
    with pytest.raises(ValidationError) as refused:
        create_receipt(session, actor=coordinator, site_id=site, source="local_maker", voucher_no="V1",
                       lines=[ReceiptLineIn(mask, "L1", accepted=10)])
    assert refused.value.field == "enterprise_id"
    create_receipt(session, actor=coordinator, site_id=site, source="local_maker", voucher_no="V1",
                   enterprise_id=enterprise.id, lines=[ReceiptLineIn(mask, "L1", accepted=10)])
    assert session.exec(select(Lot)).one().maker_id == enterprise.id


def test_quarantine_lines_are_on_hand_but_not_available_until_released(session, coordinator, site):
    mask = item_id(session)
    create_receipt(session, actor=coordinator, site_id=site, source="donation", voucher_no="JZ-1",
                   lines=[ReceiptLineIn(mask, "L1", accepted=300, quarantine=True)])
    balance = _balance(session, site)
    assert (balance.on_hand, balance.quarantine) == (300, 300)
    assert [e.kind for e in session.exec(select(StockEntry).order_by(StockEntry.id))] == ["in", "hold"]
    with pytest.raises(ValidationError, match="Only 300"):
        release_quarantine(session, actor=coordinator, site_id=site, lot_id=balance.lot_id, quantity=301)
    release_quarantine(session, actor=coordinator, site_id=site, lot_id=balance.lot_id, quantity=200, note="检验合格")
    assert _balance(session, site).quarantine == 100
    hold_stock(session, actor=coordinator, site_id=site, lot_id=balance.lot_id, quantity=50)
    assert _balance(session, site).quarantine == 150
    assert check_ledger(session) == []


def test_a_posted_receipt_cannot_be_edited_or_posted_again(session, coordinator, site):
    mask = item_id(session)
    draft = create_receipt(session, actor=coordinator, site_id=site, source="purchase", voucher_no="CG-1",
                           lines=[ReceiptLineIn(mask, "L1", accepted=10)], post=False)
    assert session.exec(select(StockEntry)).all() == []
    receipt = session.get(Receipt, draft)
    update_receipt(session, actor=coordinator, receipt_id=draft, version=receipt.version, voucher_no="CG-2",
                   lines=[ReceiptLineIn(mask, "L1", accepted=12)])
    session.rollback()
    receipt = session.get(Receipt, draft)
    post_receipt(session, actor=coordinator, receipt_id=draft, version=receipt.version)
    assert _balance(session, site).on_hand == 12
    version = session.get(Receipt, draft).version
    with pytest.raises(TransitionError, match="posted"):
        update_receipt(session, actor=coordinator, receipt_id=draft, version=version, voucher_no="CG-3",
                       lines=[ReceiptLineIn(mask, "L1", accepted=99)])
    with pytest.raises(TransitionError, match="posted"):
        post_receipt(session, actor=coordinator, receipt_id=draft, version=version)
    assert _balance(session, site).on_hand == 12


def test_a_reversal_is_an_opposite_entry_and_an_entry_is_reversed_once(session, coordinator, site):
    create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no="V1",
                   lines=[ReceiptLineIn(item_id(session), "L1", accepted=100)])
    entry = session.exec(select(StockEntry)).one()
    undo = reverse_entry(session, actor=coordinator, entry_id=entry.id, reason="数量录错")
    reversal = session.get(StockEntry, undo)
    assert (reversal.kind, reversal.quantity, reversal.reverses_id) == ("adj", -100, entry.id)
    assert reversal.balance_after == 0
    with pytest.raises(TransitionError, match="reversed already"):
        reverse_entry(session, actor=coordinator, entry_id=entry.id, reason="again")
    with pytest.raises(TransitionError, match="is a reversal"):
        reverse_entry(session, actor=coordinator, entry_id=undo, reason="undo the undo")
    with pytest.raises(ValidationError):
        reverse_entry(session, actor=coordinator, entry_id=entry.id, reason=" ")
    assert _balance(session, site).on_hand == 0
    assert check_ledger(session) == []


def test_a_reversal_that_would_go_below_zero_is_refused(session, coordinator, site):
    mask = item_id(session)
    create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no="V1",
                   lines=[ReceiptLineIn(mask, "L1", accepted=100)])
    lot = _balance(session, site).lot_id
    hold_stock(session, actor=coordinator, site_id=site, lot_id=lot, quantity=40)
    entry = session.exec(select(StockEntry).where(StockEntry.kind == "in")).one()
    with pytest.raises(ValidationError, match="Not enough stock"):
        reverse_entry(session, actor=coordinator, entry_id=entry.id, reason="wrong")


def test_numbers_count_up_within_the_day_and_only_coordinators_receive(session, coordinator, site, make):
    mask = item_id(session)
    numbers = [session.get(Receipt, create_receipt(session, actor=coordinator, site_id=site, source="central",
                                                   voucher_no=f"V{n}", lines=[ReceiptLineIn(mask, "L1", accepted=1)]
                                                   )).number for n in range(3)]
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["001", "002", "003"]
    cadre = make.cadre("liqiang")
    with pytest.raises(PermissionDenied):
        create_receipt(session, actor=cadre, site_id=site, source="central", voucher_no="V9",
                       lines=[ReceiptLineIn(mask, "L1", accepted=1)])


def test_goods_go_into_a_warehouse_only(session, coordinator):
    hospital = warehouse(session, coordinator, code="H1", name="三峡中心医院", kind="hospital")
    with pytest.raises(ValidationError) as refused:
        create_receipt(session, actor=coordinator, site_id=hospital, source="central", voucher_no="V1",
                       lines=[ReceiptLineIn(item_id(session), "L1", accepted=1)])
    assert refused.value.field == "site_id"


def test_an_expired_lot_is_refused_at_the_door_and_may_be_rejected(session, coordinator) -> None:
    site, item = warehouse(session, coordinator), item_id(session)
    stale = ReceiptLineIn(item_id=item, lot_code="OLD-1", accepted=10, expiry=date(2019, 12, 31))
    with pytest.raises(ValidationError, match="expired on 2019-12-31"):
        create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no="V-1", lines=[stale],
                       at=datetime(2020, 2, 3, 9, 0))
    rejected = ReceiptLineIn(item_id=item, lot_code="OLD-1", accepted=0, rejected=10, reject_reason="已过期",
                             expiry=date(2019, 12, 31))
    assert create_receipt(session, actor=coordinator, site_id=site, source="central", voucher_no="V-1",
                          lines=[rejected], at=datetime(2020, 2, 3, 9, 0))
