# placeholder until the commands land
"""Dispatches (出库) and signed delivery (签收), and the verbal fast path (先行调拨). Thin stand-in
with the contract's signatures; replaced by the real commands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from models import clock
from models.allocation import AllocationLine, AllocationOrder, AllocationPick, AllocationStatus
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.errors import ValidationError
from models.services import ledger
from models.services.allocations import issue_allocation
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
from models.services.numbering import DISPATCH, next_number
from models.services.requests import RequestLineIn, approve_request, create_request
from models.stock import EntryKind


@dataclass(frozen=True)
class FastPath:
    request_id: int
    order_id: int
    dispatch_id: int


def dispatch(session: Session, *, actor: Actor, order_id: int, delivered_by: str, vehicle: str | None = None,
             phone: str | None = None, quantities: dict[int, int] | None = None, at: datetime | None = None) -> int:
    require_coordinator(actor)
    if not delivered_by.strip():
        raise ValidationError("delivered_by", "Who delivers it?")
    at = at or clock.now()
    with write_transaction(session):
        order = get_for_update(session, AllocationOrder, order_id)
        d = Dispatch(number=next_number(session, Dispatch, DISPATCH, at.date()), order_id=order_id,
                     dispatched_at=at, delivered_by=delivered_by.strip(), vehicle=vehicle, phone=phone)
        create_row(session, d, actor=actor, at=at)
        lines = session.exec(select(AllocationLine).where(AllocationLine.order_id == order_id)).all()
        for line in lines:
            left = line.quantity - line.dispatched
            wanted = left if quantities is None else quantities.get(row_id(line), 0)
            if wanted > left:
                raise ValidationError("quantity", "More than is left to send")
            line.dispatched += wanted
            session.add(line)
            for pick in session.exec(select(AllocationPick).where(AllocationPick.line_id == row_id(line))):
                take = min(wanted, pick.quantity - pick.dispatched)
                if take <= 0:
                    continue
                balance = ledger.balance_for_update(session, site_id=order.from_site_id, item_id=line.item_id,
                                                    lot_id=pick.lot_id, create=False)
                ledger.post(session, actor=actor, at=at, balance=balance, kind=EntryKind.OUT, quantity=take,
                            reason="dispatch", doc_kind="dispatch", doc_id=row_id(d), doc_no=d.number,
                            from_reserved=take)
                pick.dispatched += take
                session.add(pick)
                session.add(DispatchLine(dispatch_id=row_id(d), pick_id=row_id(pick), item_id=line.item_id,
                                         lot_id=pick.lot_id, shipped=take))
                wanted -= take
        session.flush()
        if all(line.dispatched >= line.quantity for line in lines):
            update_row(session, order, {"status": AllocationStatus.DISPATCHED.value}, actor=actor, at=at,
                       action="dispatch")
        return row_id(d)


def sign_delivery(session: Session, *, actor: Actor, dispatch_id: int, version: int, received_by: str,
                  counted_together: bool, lines: dict[int, tuple[int, int, str | None]],
                  at: datetime | None = None) -> None:
    require_coordinator(actor)
    if not received_by.strip():
        raise ValidationError("received_by", "Who received it?")
    at = at or clock.now()
    with write_transaction(session):
        d = get_for_update(session, Dispatch, dispatch_id)
        check_version(d, version)
        for line in session.exec(select(DispatchLine).where(DispatchLine.dispatch_id == dispatch_id)):
            accepted, rejected, reason = lines.get(row_id(line), (line.shipped, 0, None))
            if accepted + rejected != line.shipped:
                raise ValidationError("accepted", "Accepted and rejected must add up to what was shipped")
            if rejected and not (reason or "").strip():
                raise ValidationError("reason", "Say why goods were rejected")
            line.accepted, line.rejected, line.reject_reason = accepted, rejected, reason
            session.add(line)
        update_row(session, d, {"status": DispatchStatus.SIGNED.value, "signed_at": at,
                                "received_by": received_by.strip(), "counted_together": counted_together},
                   actor=actor, at=at, action="sign")


def fast_path(session: Session, *, actor: Actor, site_id: int, from_site_id: int, lines: Sequence[RequestLineIn],
              caller: str, caller_phone: str, receiver: str, receiver_phone: str, sender: str, sender_phone: str,
              delivered_by: str, vehicle: str | None = None, place: str | None = None,
              at: datetime | None = None) -> FastPath:
    at = at or clock.now()
    request_id = create_request(session, actor=actor, site_id=site_id, lines=lines, priority="emergency",
                                contact_person=caller, phone=caller_phone, verbal=True, at=at)
    from models.allocation import Request, RequestLine

    request = session.get(Request, request_id)
    assert request is not None
    line_ids = {row_id(line): line.requested for line in
                session.exec(select(RequestLine).where(RequestLine.request_id == request_id))}
    approve_request(session, actor=actor, request_id=request_id, version=request.version, approved=line_ids, at=at)
    order_id = issue_allocation(session, actor=actor, request_id=request_id, from_site_id=from_site_id,
                                lines=line_ids, receiver=receiver, receiver_phone=receiver_phone, sender=sender,
                                sender_phone=sender_phone, place=place, verbal=True, at=at)
    dispatch_id = dispatch(session, actor=actor, order_id=order_id, delivered_by=delivered_by, vehicle=vehicle,
                           at=at)
    return FastPath(request_id, order_id, dispatch_id)
