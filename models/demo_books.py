"""The stock commands driven at given times, for the demo's week and the tests' stock histories.

Each method is one command of ``models.services`` (receipts, requests, allocations, dispatches) with
``at=`` the moment it happened, filling in what a story leaves out: the versions read just before,
the request and dispatch line ids, an approval "as asked" or cut with a reason, a signature that
accepts everything shipped. Nothing is written here but through the commands, so the demo and the
tests keep exactly the rules the screens keep (first expiry first, the grade rule, reservations at
issue, the statuses derived from the lines).

Outside a transaction each command commits on its own; the demo runs them inside its load's write
transaction (``models.services.common.commands_inside``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from models.allocation import AllocationOrder
from models.base import Tracked
from models.delivery import Dispatch, DispatchLine
from models.requests import Request, RequestLine
from models.services import allocations, dispatches, receipts, requests
from models.services.allocation_detail import available_at
from models.services.common import Actor, row_id
from models.services.receipts import ReceiptLineIn

#: why a line is approved for less than asked
CUT_REASON = "库存不足，按比例分配"


@dataclass(frozen=True)
class Sides:
    """Both sides' contacts an allocation order names (the receiving side's and the warehouse's)."""

    receiver: str
    receiver_phone: str
    sender: str
    sender_phone: str


class Books:
    """Records stock documents at given times through the commands."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.s, self.actor = session, actor

    def receive(self, *, site_id: int, at: datetime, voucher_no: str, lines: Sequence[ReceiptLineIn],
                source: str = "central", supplier_id: int | None = None, enterprise_id: int | None = None,
                delivered_by: str | None = None, received_by: str | None = None) -> int:
        """A receipt (入库单), posted at once."""
        return receipts.create_receipt(
            self.s, actor=self.actor, site_id=site_id, source=source, voucher_no=voucher_no, lines=lines,
            enterprise_id=enterprise_id, supplier_id=supplier_id, delivered_by=delivered_by,
            received_by=received_by, at=at)

    def request(self, *, site_id: int, at: datetime, lines: dict[int, int], priority: str = "routine",
                contact: str | None = None, phone: str | None = None, verbal: bool = False) -> int:
        """A request (需求申报): ``lines`` maps items to the quantities asked."""
        return requests.create_request(
            self.s, actor=self.actor, site_id=site_id, priority=priority, contact_person=contact, phone=phone,
            verbal=verbal, at=at, lines=[requests.RequestLineIn(item, quantity) for item, quantity in lines.items()])

    def approve(self, request_id: int, *, at: datetime, cut: dict[int, int] | None = None) -> None:
        """Approve every line as asked, or less for the items in ``cut`` (with a reason)."""
        lines, cut = self._lines(request_id), cut or {}
        approved = {row_id(line): min(line.requested, cut.get(line.item_id, line.requested)) for line in lines}
        reasons = {row_id(line): CUT_REASON for line in lines if approved[row_id(line)] < line.requested}
        requests.approve_request(self.s, actor=self.actor, request_id=request_id,
                                 version=self._version(Request, request_id), approved=approved, reasons=reasons,
                                 at=at)

    def allocate(self, request_id: int, *, from_site_id: int, at: datetime, sides: Sides,
                 verbal: bool = False) -> int:
        """An allocation order (调拨单) for what each approved line still lacks, as far as the warehouse
        has it available then (the command picks the lots and reserves them)."""
        lines = self._lines(request_id)
        free = available_at(self.s, site_id=from_site_id, item_ids=[line.item_id for line in lines],
                            today=at.date())
        wanted: dict[int, int] = {}
        for line in lines:
            take = min((line.approved or 0) - line.allocated, free[line.item_id])
            if take > 0:
                wanted[row_id(line)] = take
                free[line.item_id] -= take
        return allocations.issue_allocation(
            self.s, actor=self.actor, request_id=request_id, from_site_id=from_site_id, lines=wanted,
            receiver=sides.receiver, receiver_phone=sides.receiver_phone, sender=sides.sender,
            sender_phone=sides.sender_phone, verbal=verbal, at=at)

    def dispatch(self, order_id: int, *, at: datetime, delivered_by: str, vehicle: str | None = None,
                 phone: str | None = None) -> int:
        """A dispatch (出库单) of everything the order still has to send."""
        return dispatches.dispatch(self.s, actor=self.actor, order_id=order_id, delivered_by=delivered_by,
                                   vehicle=vehicle, phone=phone, at=at)

    def sign(self, dispatch_id: int, *, at: datetime, received_by: str) -> None:
        """The receiving side counted everything with the carrier and accepted it (签收)."""
        shipped = self.s.execute(select(DispatchLine.id, DispatchLine.shipped)
                                 .where(DispatchLine.dispatch_id == dispatch_id)).all()
        dispatches.sign_delivery(
            self.s, actor=self.actor, dispatch_id=dispatch_id, version=self._version(Dispatch, dispatch_id),
            received_by=received_by, counted_together=True,
            lines={line_id: (quantity, 0, None) for line_id, quantity in shipped}, at=at)

    def paper(self, order_id: int, *, at: datetime, paper_no: str) -> None:
        """The written order of a verbal allocation arrived."""
        allocations.record_paper(self.s, actor=self.actor, order_id=order_id,
                                 version=self._version(AllocationOrder, order_id), paper_no=paper_no, at=at)

    def _lines(self, request_id: int) -> list[RequestLine]:
        query = select(RequestLine).where(RequestLine.request_id == request_id).order_by(col(RequestLine.id))
        return list(self.s.exec(query.execution_options(populate_existing=True)).all())

    def _version(self, model: type[Tracked], row: int) -> int:
        """The row's version now (the command refuses a stale one)."""
        return self.s.get_one(model, row, populate_existing=True).version


__all__ = ["CUT_REASON", "Books", "Sides"]
