# placeholder until the commands land
"""Allocation orders (调拨单): issue (reserving lots first expiry first), the written order, cancel.
Thin stand-in with the contract's signatures; replaced by the real commands."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from models import clock, rules
from models.allocation import (
    AllocationLine,
    AllocationOrder,
    AllocationPick,
    AllocationStatus,
    Request,
    RequestLine,
    RequestStatus,
)
from models.errors import ValidationError
from models.services import ledger
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.numbering import ALLOCATION, next_number
from models.stock import Lot, StockBalance


def issue_allocation(session: Session, *, actor: Actor, request_id: int, from_site_id: int, lines: dict[int, int],
                     receiver: str, receiver_phone: str, sender: str, sender_phone: str, place: str | None = None,
                     verbal: bool = False, at: datetime | None = None) -> int:
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        request = get_for_update(session, Request, request_id)
        order = AllocationOrder(
            number=next_number(session, AllocationOrder, ALLOCATION, at.date()), request_id=request_id,
            from_site_id=from_site_id, to_site_id=request.site_id, place=place, receiver=receiver,
            receiver_phone=receiver_phone, sender=sender, sender_phone=sender_phone, issued_at=at, verbal=verbal,
            paper_due=rules.paper_due(at) if verbal else None)
        create_row(session, order, actor=actor, at=at)
        for line_id, quantity in lines.items():
            if quantity <= 0:
                continue
            request_line = session.get(RequestLine, line_id)
            if request_line is None or request_line.approved is None:
                raise ValidationError("quantity", "Approve the request first")
            if request_line.allocated + quantity > request_line.approved:
                raise ValidationError("quantity", "More than approved")
            line = AllocationLine(order_id=row_id(order), request_line_id=line_id, item_id=request_line.item_id,
                                  quantity=quantity)
            session.add(line)
            session.flush()
            left = quantity
            lots = session.exec(select(StockBalance, Lot).join(Lot, Lot.id == StockBalance.lot_id).where(
                StockBalance.site_id == from_site_id, StockBalance.item_id == request_line.item_id)
                .order_by(Lot.expiry, Lot.id)).all()
            for balance, lot in lots:
                take = min(left, ledger.available(balance, lot, at.date()))
                if take <= 0:
                    continue
                ledger.reserve(session, balance=balance, lot=lot, quantity=take, today=at.date())
                session.add(AllocationPick(line_id=row_id(line), lot_id=row_id(lot), quantity=take))
                left -= take
                if not left:
                    break
            if left:
                raise ValidationError("quantity", "Not enough stock: {available} available",
                                      available=quantity - left)
            request_line.allocated += quantity
            session.add(request_line)
        session.flush()
        open_lines = session.exec(select(RequestLine).where(RequestLine.request_id == request_id)).all()
        if all(line.approved is not None and line.allocated >= line.approved for line in open_lines):
            update_row(session, request, {"status": RequestStatus.FILLED.value}, actor=actor, at=at, action="fill")
        return row_id(order)


def record_paper(session: Session, *, actor: Actor, order_id: int, version: int, paper_no: str,
                 at: datetime | None = None) -> None:
    require_coordinator(actor)
    if not paper_no.strip():
        raise ValidationError("paper_no", "Type the written order's number")
    at = at or clock.now()
    with write_transaction(session):
        order = get_for_update(session, AllocationOrder, order_id)
        check_version(order, version)
        update_row(session, order, {"paper_no": paper_no.strip(), "paper_at": at}, actor=actor, at=at, action="paper")


def cancel_allocation(session: Session, *, actor: Actor, order_id: int, version: int, reason: str,
                      at: datetime | None = None) -> None:
    require_coordinator(actor)
    if not reason.strip():
        raise ValidationError("reason", "Give a reason")
    at = at or clock.now()
    with write_transaction(session):
        order = get_for_update(session, AllocationOrder, order_id)
        check_version(order, version)
        for line in session.exec(select(AllocationLine).where(AllocationLine.order_id == order_id)):
            for pick in session.exec(select(AllocationPick).where(AllocationPick.line_id == row_id(line))):
                balance = ledger.balance_for_update(session, site_id=order.from_site_id, item_id=line.item_id,
                                                    lot_id=pick.lot_id, create=False)
                ledger.release(session, balance=balance, quantity=pick.quantity)
            request_line = session.get(RequestLine, line.request_line_id)
            if request_line is not None:
                request_line.allocated -= line.quantity
                session.add(request_line)
        update_row(session, order, {"status": AllocationStatus.CANCELLED.value, "reason": reason.strip()},
                   actor=actor, at=at, action="cancel")
