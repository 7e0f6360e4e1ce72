"""Stock documents written as rows for the demo (and for tests that need a history of them).

The demo tells a week of receipts, requests, allocation orders, dispatches and signatures at the
times they happened. It writes the documents as rows with consistent sums and moves stock only
through ``models.services.ledger`` (``post``, ``reserve``), so every invariant the commands keep
holds here too: balances equal the ledger, a request line's ``allocated`` is the sum of its live
allocation lines, an allocation line's ``dispatched`` the sum of its picks', and what is reserved
is what the picks have not yet sent. Status changes are audited at their own time, so figures as
of an earlier moment read the status of then. Lots are picked first expiry first (FEFO), skipping
quarantined and expired stock and, for a designated hospital, every lot not of medical-protective
grade (``rules.grade_allowed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from models import rules
from models.allocation import AllocationLine, AllocationOrder, AllocationPick, AllocationStatus, Request, RequestLine
from models.allocation import RequestStatus as Status
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.receipts import Receipt, ReceiptLine, ReceiptStatus
from models.services import ledger, numbering
from models.services.common import Actor, create_row, row_id, update_row
from models.sites import Site
from models.stock import EntryKind, Lot, StockBalance


@dataclass(frozen=True)
class LotIn:
    """A receipt line: the lot and how much was accepted into stock."""

    item_id: int
    code: str
    quantity: int
    expiry: date | None = None
    grade: str | None = None
    maker: str | None = None
    quarantine: bool = False


@dataclass(frozen=True)
class Sides:
    """Both sides' contacts an allocation order names (the receiving side's and the warehouse's)."""

    receiver: str
    receiver_phone: str
    sender: str
    sender_phone: str


class Books:
    """Writes stock documents at given times, as the commands would have written them then."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.s, self.actor = session, actor

    def receive(self, *, site_id: int, at: datetime, voucher_no: str, lines: Sequence[LotIn], source: str = "central",
                supplier_id: int | None = None, enterprise_id: int | None = None, delivered_by: str | None = None,
                received_by: str | None = None) -> int:
        """A posted receipt (入库单): one IN per line, and a HOLD for a line received into quarantine."""
        number = numbering.next_number(self.s, Receipt, numbering.RECEIPT, at.date())
        receipt = create_row(self.s, Receipt(
            number=number, site_id=site_id, source=source, supplier_id=supplier_id, enterprise_id=enterprise_id,
            voucher_no=voucher_no, status=ReceiptStatus.POSTED.value, received_at=at, delivered_by=delivered_by,
            received_by=received_by, posted_at=at, posted_by=self.actor.login), actor=self.actor, at=at)
        rid = row_id(receipt)
        for line in lines:
            lot = ledger.find_lot(self.s, actor=self.actor, at=at, item_id=line.item_id, code=line.code,
                                  expiry=line.expiry, maker_name=line.maker, grade=line.grade)
            self.s.add(ReceiptLine(receipt_id=rid, item_id=line.item_id, lot_code=line.code, expiry=line.expiry,
                                   maker_name=line.maker, grade=line.grade, expected=line.quantity,
                                   accepted=line.quantity, quarantine=line.quarantine, lot_id=lot.id))
            balance = ledger.balance_for_update(self.s, site_id=site_id, item_id=line.item_id, lot_id=row_id(lot),
                                                create=True)
            ledger.post(self.s, actor=self.actor, at=at, balance=balance, kind=EntryKind.IN, quantity=line.quantity,
                        reason="receipt", doc_kind="receipt", doc_id=rid, doc_no=number)
            if line.quarantine:
                ledger.post(self.s, actor=self.actor, at=at, balance=balance, kind=EntryKind.HOLD,
                            quantity=line.quantity, reason="quarantine", doc_kind="receipt", doc_id=rid, doc_no=number)
        return rid

    def request(self, *, site_id: int, at: datetime, lines: dict[int, int], priority: str = "routine",
                contact: str | None = None, phone: str | None = None, verbal: bool = False) -> int:
        """A request (需求申报), submitted."""
        number = numbering.next_number(self.s, Request, numbering.REQUEST, at.date())
        request = create_row(self.s, Request(number=number, site_id=site_id, priority=priority, requested_at=at,
                                             contact_person=contact, phone=phone, verbal=verbal),
                             actor=self.actor, at=at)
        self.s.add_all(RequestLine(request_id=row_id(request), item_id=item, requested=quantity)
                       for item, quantity in lines.items())
        self.s.flush()
        return row_id(request)

    def approve(self, request_id: int, *, at: datetime, cut: dict[int, int] | None = None) -> None:
        """Approve every line as asked, or less for the items in ``cut`` (with a reason)."""
        for line in self._lines(request_id):
            line.approved = min(line.requested, (cut or {}).get(line.item_id, line.requested))
            line.approve_reason = "库存不足，按比例分配" if line.approved < line.requested else None
            self.s.add(line)
        self._status(self.s.get_one(Request, request_id), Status.APPROVED.value, at, "approve")

    def allocate(self, request_id: int, *, from_site_id: int, at: datetime, sides: Sides, verbal: bool = False,
                 share: float = 1.0) -> int:
        """An allocation order (调拨单) for ``share`` of what each approved line still lacks, lots
        picked first expiry first and reserved."""
        request = self.s.get_one(Request, request_id)
        designated = self.s.get_one(Site, request.site_id).designated
        number = numbering.next_number(self.s, AllocationOrder, numbering.ALLOCATION, at.date())
        order = create_row(self.s, AllocationOrder(
            number=number, request_id=request_id, from_site_id=from_site_id, to_site_id=request.site_id,
            receiver=sides.receiver, receiver_phone=sides.receiver_phone, sender=sides.sender,
            sender_phone=sides.sender_phone,
            issued_at=at, verbal=verbal, paper_due=rules.paper_due(at) if verbal else None), actor=self.actor, at=at)
        for line in self._lines(request_id):
            wanted = int(((line.approved or 0) - line.allocated) * share)
            picks = self._fefo(from_site_id, line.item_id, wanted, at.date(), designated)
            total = sum(quantity for _, _, quantity in picks)
            if not total:
                continue
            allocation = AllocationLine(order_id=row_id(order), request_line_id=row_id(line), item_id=line.item_id,
                                        quantity=total)
            self.s.add(allocation)
            self.s.flush()
            for balance, lot, quantity in picks:
                ledger.reserve(self.s, balance=balance, lot=lot, quantity=quantity, today=at.date())
                self.s.add(AllocationPick(line_id=row_id(allocation), lot_id=row_id(lot), quantity=quantity))
            line.allocated += total
            self.s.add(line)
        self.s.flush()
        if all(line.allocated >= (line.approved or 0) for line in self._lines(request_id)):
            self._status(request, Status.FILLED.value, at, "fill")
        return row_id(order)

    def dispatch(self, order_id: int, *, at: datetime, delivered_by: str, vehicle: str | None = None,
                 phone: str | None = None) -> int:
        """A dispatch (出库单) of everything the order still has to send: an OUT per pick, from reserved."""
        order = self.s.get_one(AllocationOrder, order_id)
        number = numbering.next_number(self.s, Dispatch, numbering.DISPATCH, at.date())
        dispatch = create_row(self.s, Dispatch(number=number, order_id=order_id, dispatched_at=at,
                                               delivered_by=delivered_by, vehicle=vehicle, phone=phone),
                              actor=self.actor, at=at)
        for line, pick in self.s.execute(
            select(AllocationLine, AllocationPick)
            .join(AllocationPick, col(AllocationPick.line_id) == AllocationLine.id)
            .where(AllocationLine.order_id == order_id).order_by(col(AllocationPick.id))
        ):
            left = pick.quantity - pick.dispatched
            if left <= 0:
                continue
            self.s.add(DispatchLine(dispatch_id=row_id(dispatch), pick_id=row_id(pick), item_id=line.item_id,
                                    lot_id=pick.lot_id, shipped=left))
            balance = ledger.balance_for_update(self.s, site_id=order.from_site_id, item_id=line.item_id,
                                                lot_id=pick.lot_id, create=False)
            ledger.post(self.s, actor=self.actor, at=at, balance=balance, kind=EntryKind.OUT, quantity=left,
                        reason="dispatch", doc_kind="dispatch", doc_id=row_id(dispatch), doc_no=number,
                        from_reserved=left)
            pick.dispatched += left
            line.dispatched += left
            self.s.add_all((pick, line))
        self.s.flush()
        self._status(order, AllocationStatus.DISPATCHED.value, at, "dispatch")
        return row_id(dispatch)

    def sign(self, dispatch_id: int, *, at: datetime, received_by: str) -> None:
        """The receiving side counted everything with the carrier and accepted it (签收)."""
        dispatch = self.s.get_one(Dispatch, dispatch_id)
        for line in self.s.exec(select(DispatchLine).where(DispatchLine.dispatch_id == dispatch_id)):
            line.accepted, line.rejected = line.shipped, 0
            self.s.add(line)
        update_row(self.s, dispatch, {"status": DispatchStatus.SIGNED.value, "signed_at": at,
                                      "received_by": received_by, "counted_together": True},
                   actor=self.actor, at=at, action="sign")
        order = self.s.get_one(AllocationOrder, dispatch.order_id)
        unsigned = self.s.exec(select(Dispatch.id).where(Dispatch.order_id == order.id,
                                                         Dispatch.status != DispatchStatus.SIGNED.value)).first()
        if unsigned is None and order.status == AllocationStatus.DISPATCHED.value:
            self._status(order, AllocationStatus.DELIVERED.value, at, "deliver")

    def paper(self, order_id: int, *, at: datetime, paper_no: str) -> None:
        """The written order of a verbal allocation arrived."""
        update_row(self.s, self.s.get_one(AllocationOrder, order_id), {"paper_no": paper_no, "paper_at": at},
                   actor=self.actor, at=at, action="record_paper")

    # --- helpers -------------------------------------------------------------------------------------

    def _lines(self, request_id: int) -> list[RequestLine]:
        return list(self.s.exec(select(RequestLine).where(RequestLine.request_id == request_id)
                                .order_by(col(RequestLine.id))))

    def _status(self, row: Any, status: str, at: datetime, action: str) -> None:
        update_row(self.s, row, {"status": status}, actor=self.actor, at=at, action=action)

    def _fefo(self, site_id: int, item_id: int, wanted: int, today: date,
              designated: bool) -> list[tuple[StockBalance, Lot, int]]:
        """(balance, lot, quantity) covering ``wanted`` as far as stock allows, first expiry first."""
        picks: list[tuple[StockBalance, Lot, int]] = []
        rows = self.s.execute(
            select(StockBalance, Lot).join(Lot, col(Lot.id) == StockBalance.lot_id)
            .where(StockBalance.site_id == site_id, StockBalance.item_id == item_id)
            .order_by(col(Lot.expiry).is_(None), col(Lot.expiry), col(Lot.id))).all()
        for balance, lot in rows:
            if wanted <= 0:
                break
            if not rules.grade_allowed(lot.grade, designated=designated):
                continue
            take = min(wanted, ledger.available(balance, lot, today))
            if take > 0:
                picks.append((balance, lot, take))
                wanted -= take
        return picks


__all__ = ["Books", "LotIn", "Sides"]
