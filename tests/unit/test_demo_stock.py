"""The demo's stock keeps every invariant of the ledger and the documents, and tells its story."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from models.allocation import AllocationLine, AllocationOrder, AllocationPick
from models.delivery import Dispatch, DispatchLine
from models.demo import load_demo
from models.lots import Lot
from models.receipts import ReceiptLine
from models.requests import RequestLine
from models.services.stock_figures import item_stock, stock_figures
from models.sites import Site
from models.stock import EntryKind, StockBalance, StockEntry


def test_the_demo_stock_keeps_the_ledger_and_the_documents_in_step(db, session, coordinator, frozen_clock) -> None:
    summary = load_demo(db, actor=coordinator, today=frozen_clock.today())
    assert summary.stock_entries > 0
    session.rollback()
    # every balance is the sum of its ledger entries, and the last entry's balance_after
    ledger: dict[tuple[int, int, int], list[int]] = defaultdict(lambda: [0, 0])
    for site, item, lot, kind, quantity in session.execute(select(
            StockEntry.site_id, StockEntry.item_id, StockEntry.lot_id, StockEntry.kind, StockEntry.quantity)):
        figures = ledger[(site, item, lot)]
        if kind in (EntryKind.IN, EntryKind.OUT, EntryKind.ADJ):
            figures[0] += quantity
        elif kind == EntryKind.HOLD:
            figures[1] += quantity
        else:
            figures[1] -= quantity
    balances = session.execute(select(StockBalance)).scalars().all()
    assert {(b.site_id, b.item_id, b.lot_id): [b.on_hand, b.quarantine] for b in balances} == dict(ledger)
    for b in balances:
        last = session.get(StockEntry, b.last_entry_id)
        assert last is not None and last.balance_after == b.on_hand
    # reserved = what the picks have not yet sent, lot by lot
    unsent: dict[tuple[int, int], int] = defaultdict(int)
    for site, lot, quantity, sent in session.execute(
            select(AllocationOrder.from_site_id, AllocationPick.lot_id, AllocationPick.quantity,
                   AllocationPick.dispatched)
            .join(AllocationLine, AllocationLine.id == AllocationPick.line_id)
            .join(AllocationOrder, AllocationOrder.id == AllocationLine.order_id)):
        unsent[(site, lot)] += quantity - sent
    assert {(b.site_id, b.lot_id): b.reserved for b in balances if b.reserved} == {k: v for k, v in unsent.items() if v}
    # the documents' sums agree
    for line in session.execute(select(RequestLine)).scalars():
        allocated = session.execute(select(func.coalesce(func.sum(AllocationLine.quantity), 0))
                                    .where(AllocationLine.request_line_id == line.id)).scalar_one()
        assert line.allocated == allocated and line.allocated <= (line.approved or 0)
    for line in session.execute(select(AllocationLine)).scalars():
        picks = session.execute(select(func.sum(AllocationPick.quantity), func.sum(AllocationPick.dispatched))
                                .where(AllocationPick.line_id == line.id)).one()
        assert (line.quantity, line.dispatched) == tuple(picks)
    for pick in session.execute(select(AllocationPick)).scalars():
        shipped = session.execute(select(func.coalesce(func.sum(DispatchLine.shipped), 0))
                                  .where(DispatchLine.pick_id == pick.id)).scalar_one()
        assert pick.dispatched == shipped
    received = session.execute(select(func.sum(ReceiptLine.accepted))).scalar_one()
    assert received == session.execute(select(func.sum(StockEntry.quantity))
                                       .where(StockEntry.kind == EntryKind.IN)).scalar_one()
    shipped = session.execute(select(func.sum(DispatchLine.shipped))).scalar_one()
    assert -shipped == session.execute(select(func.sum(StockEntry.quantity))
                                       .where(StockEntry.kind == EntryKind.OUT)).scalar_one()
    # the story: reserve units' warehouses, a designated city hospital, graded and quarantined lots, work in hand
    sites = {s.code: s for s in session.execute(select(Site)).scalars()}
    assert sites["CQ-ZY"].operator_id and sites["CQ-TJG"].operator_id and sites["GW"].designated
    assert session.execute(select(Lot).where(Lot.grade == "non_medical")).scalars().first() is not None
    assert any(b.quarantine for b in balances) and any(b.reserved for b in balances)
    figures = stock_figures(session)
    assert len(figures.late) == 1 and len(figures.paper) == 1 and figures.paper[0].overdue
    assert figures.oldest is not None and figures.districts and figures.hospitals
    assert session.execute(select(func.count()).select_from(Dispatch).where(Dispatch.status == "in_transit")
                           ).scalar_one() == 2
    # the figures of now from the balances are those rebuilt from the ledger
    assert item_stock(session) == item_stock(session, as_of=frozen_clock.moment)
