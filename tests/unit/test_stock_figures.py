"""The stock figures of the dashboard and the brief, as of a moment, from the ledger and the documents."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from models.allocation import AllocationOrder
from models.services.allocations import cancel_allocation
from models.services.receipts import ReceiptLineIn
from models.services.stock_figures import item_stock, movements, stock_figures
from models.stock import StockBalance

from .stock_history import AS_OF, StockWorld, at, build_stock_world, contacts


@pytest.fixture
def stock_world(session, coordinator, make) -> StockWorld:  # type: ignore[no-untyped-def]
    return build_stock_world(session, coordinator, make)


def n95(rows):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.code == "MASK-N95")


def test_stock_as_of_now_and_then(session, stock_world, frozen_clock) -> None:
    now = n95(item_stock(session, as_of=AS_OF))
    assert (now.on_hand, now.quarantine, now.reserved, now.available) == (21_000, 5_000, 0, 16_000)
    assert now.days_of_supply == pytest.approx(16_000 / 60_000)
    assert now.expected == 0 and now.expected_recorded and now.days_with_expected == now.days_of_supply
    allocated = n95(item_stock(session, as_of=at(1, 13)))  # the hospital's order reserved, not yet sent
    assert (allocated.on_hand, allocated.reserved, allocated.available) == (38_000, 12_000, 21_000)
    assert n95(item_stock(session, as_of=at(1, 8))).on_hand == 0
    frozen_clock.set(AS_OF)
    assert n95(item_stock(session)) == now  # the balances say what the ledger says
    rows = item_stock(session, as_of=AS_OF)
    assert [r.days_of_supply for r in rows] == sorted(r.days_of_supply for r in rows)  # the fewest days first
    assert rows[0].available == 0 and [r.code for r in rows if r.available] == ["MASK-N95"]


def test_an_expired_lot_is_not_available(session, stock_world) -> None:
    later = n95(item_stock(session, as_of=datetime(2020, 4, 2, 12)))  # lot A expired (all of it went out)
    assert later.available == 16_000
    assert n95(item_stock(session, as_of=datetime(2022, 1, 2))).available == 3_000  # only the KN95 lot is left


def test_pipeline_late_deliveries_paper_and_the_oldest_request(session, stock_world) -> None:
    figures = stock_figures(session, as_of=AS_OF)
    by_district = {p.name: (p.requested, p.approved, p.allocated, p.dispatched, p.signed) for p in figures.districts}
    assert by_district == {"南岸区": (12_000,) * 5, "渝中区": (8_000, 5_000, 5_000, 5_000, 0)}
    assert [(h.name, h.signed) for h in figures.hospitals] == [("重庆市公共卫生医疗救治中心", 12_000)]
    assert [(d.dispatch_id, round(d.hours, 1)) for d in figures.late] == [(stock_world.ids["d2"], 24.5)]
    assert [(p.order_id, p.overdue) for p in figures.paper] == [(stock_world.ids["o2"], False)]
    assert figures.oldest is not None and figures.oldest.request_id == stock_world.ids["r3"]
    early = stock_figures(session, as_of=at(2, 8))
    assert {p.name: p.signed for p in early.districts} == {"南岸区": 0}
    assert early.late == () and early.paper == () and early.oldest is None  # r1 was filled at 12:00 of 02-01
    assert stock_figures(session, as_of=at(4, 12)).paper[0].overdue


def test_movements_over_a_period(session, stock_world) -> None:
    [book] = movements(session, since=at(1, 12), until=at(2, 12))
    assert (book.opening, book.received, book.issued, book.adjusted, book.closing) == (38_000, 0, 17_000, 0, 21_000)
    [first] = movements(session, since=at(1, 0), until=at(1, 12))
    assert (first.opening, first.received, first.closing) == (0, 38_000, 38_000)


def test_later_documents_leave_the_figures_as_of_a_moment_alone(session, stock_world, frozen_clock,
                                                                 coordinator) -> None:
    before = stock_figures(session, as_of=AS_OF), movements(session, since=at(2, 12), until=AS_OF)
    books, w = stock_world.books, stock_world
    n95_id = w.items["MASK-N95"]
    books.sign(w.ids["d2"], at=at(3, 13), received_by="陈科长")
    books.paper(w.ids["o2"], at=at(3, 14), paper_no="渝防指〔2020〕12号")
    books.receive(site_id=w.sites["W1"], at=at(3, 15), voucher_no="SH-002", lines=[ReceiptLineIn(n95_id, "C", 9_000)])
    books.approve(w.ids["r3"], at=at(3, 16))
    order = books.allocate(w.ids["r3"], from_site_id=w.sites["W1"], at=at(3, 17), sides=contacts())
    # the order cancelled at 18:00: its reservation given back, its status audited then
    version = session.get_one(AllocationOrder, order).version
    cancel_allocation(session, actor=coordinator, order_id=order, version=version, reason="改由区库供应", at=at(3, 18))
    assert (stock_figures(session, as_of=AS_OF), movements(session, since=at(2, 12), until=AS_OF)) == before
    assert n95(item_stock(session, as_of=at(3, 17, 30))).reserved == 2_000
    assert n95(item_stock(session, as_of=at(3, 19))).reserved == 0
    frozen_clock.set(at(3, 19))
    assert item_stock(session) == item_stock(session, as_of=at(3, 19))
    ledger_sum = sum(b.on_hand for b in session.exec(select(StockBalance)))
    assert ledger_sum == n95(item_stock(session)).on_hand == 30_000


def test_goods_refused_at_delivery_come_back_as_less_issued_not_as_received(session, coordinator) -> None:
    """The brief's 入库 matches the receipts' vouchers: 100 refused by a hospital and returned lessen
    what went out (出库/调拨) and the books still balance."""
    from models.services.allocation_detail import dispatch_detail, request_detail
    from models.services.allocations import issue_allocation
    from models.services.dispatches import dispatch, sign_delivery
    from models.services.requests import approve_request
    from tests.functional.allocation_world import build

    world = build(session, coordinator)
    start = datetime(2020, 2, 3, 7, 0)
    detail = request_detail(session, request_id=world.unit_request)
    surgical = detail.lines[0]
    approve_request(session, actor=coordinator, request_id=world.unit_request, version=detail.version,
                    approved={line.id: line.requested for line in detail.lines}, at=start)
    order = issue_allocation(session, actor=coordinator, request_id=world.unit_request, from_site_id=world.warehouse,
                             lines={surgical.id: 1_000}, receiver="何主任", receiver_phone="13800000003",
                             sender="陈刚", sender_phone="13900000001", at=start)
    sent = dispatch(session, actor=coordinator, order_id=order, delivered_by="王师傅", at=start)
    signed = dispatch_detail(session, dispatch_id=sent)
    sign_delivery(session, actor=coordinator, dispatch_id=sent, version=signed.version, received_by="何主任",
                  counted_together=True, lines={signed.lines[0].id: (900, 100, "破损")}, at=start)
    [book] = [m for m in movements(session, since=start - timedelta(hours=1), until=start + timedelta(hours=1))
              if m.item_id == world.surgical]
    assert (book.received, book.issued, book.closing - book.opening) == (0, 900, -900)
