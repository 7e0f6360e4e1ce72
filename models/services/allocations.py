"""Allocation orders (调拨单): issued against an approved request, they reserve the stock at once.

An order names the warehouse, the receiving site, the place, and both sides' contacts; its lines say
how much of each approved request line it allocates (never more than is still to allocate), and its
picks the lots reserved, first expiry first (``models.services.picking``). ``RequestLine.allocated``
and the request's status are kept in the same transaction. A verbal order (先行调拨, by phone) is
flagged with its paper due 48 hours after issue until the written order's number is recorded. An
order is cancelled only while nothing of it has left: its reservations are released and its
quantities return to the request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from models import clock, validation
from models.allocation import AllocationLine, AllocationOrder, AllocationPick, AllocationStatus
from models.errors import TransitionError, ValidationError
from models.reference import CatalogueItem
from models.requests import Request, RequestStatus
from models.rules import paper_due
from models.services import ledger
from models.services.common import (
    Actor,
    check_version,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.documents import contact_name, contact_phone, insert_numbered, whole_quantity
from models.services.donation_direction import refuse_directed, within_direction
from models.services.numbering import ALLOCATION
from models.services.picking import Pick, locked_stock, pick_lots
from models.services.requests import locked_lines, refresh_status
from models.sites import Site, SiteKind


def contacts(*, receiver: str, receiver_phone: str, sender: str, sender_phone: str,
             place: str | None) -> dict[str, Any]:
    """The order's contacts, checked (both sides' names and phones are required)."""
    return {
        "receiver": contact_name(receiver, field="receiver"),
        "receiver_phone": contact_phone(receiver_phone, field="receiver_phone"),
        "sender": contact_name(sender, field="sender"),
        "sender_phone": contact_phone(sender_phone, field="sender_phone"),
        "place": validation.text(place, field="place", max_len=200),
    }


def issue_allocation(
    session: Session, *, actor: Actor, request_id: int, from_site_id: int, lines: dict[int, int], receiver: str,
    receiver_phone: str, sender: str, sender_phone: str, place: str | None = None, verbal: bool = False,
    at: datetime | None = None,
) -> int:
    """Issue an order (DB-…) from a warehouse against an approved request, reserving its lots;
    ``lines`` maps RequestLine ids to the quantity allocated now. Returns the order's id."""
    require_coordinator(actor)
    at = at or clock.now()
    people = contacts(receiver=receiver, receiver_phone=receiver_phone, sender=sender, sender_phone=sender_phone,
                      place=place)
    with write_transaction(session):
        return row_id(issue(session, actor=actor, at=at, request_id=request_id, from_site_id=from_site_id,
                            lines=lines, people=people, verbal=verbal))


def issue(session: Session, *, actor: Actor, at: datetime, request_id: int, from_site_id: int,
          lines: dict[int, int], people: dict[str, Any], verbal: bool) -> AllocationOrder:
    """The order, its lines, picks and reservations, inside the caller's write transaction."""
    request = get_for_update(session, Request, request_id)
    if request.status != RequestStatus.APPROVED:
        raise TransitionError("Only an approved request with something still to allocate can be allocated")
    warehouse = session.get(Site, from_site_id)
    if warehouse is None or warehouse.kind != SiteKind.WAREHOUSE or warehouse.archived:
        raise ValidationError("from_site_id", "Pick the warehouse the goods leave from")
    if from_site_id == request.site_id:
        raise ValidationError("from_site_id", "A warehouse cannot allocate to itself")
    to_site = session.get(Site, request.site_id)
    request_lines = {row_id(line): line for line in locked_lines(session, request_id)}
    wanted = _wanted(lines, request_lines)
    today = at.date()
    stock = locked_stock(session, site_id=from_site_id, item_ids=[request_lines[i].item_id for i in wanted])
    held = stock
    stock = within_direction(session, stock, to_site_id=request.site_id)  # a directed gift: its recipient only
    picked: list[tuple[int, list[Pick]]] = []
    for line_id, quantity in wanted.items():
        item = session.get(CatalogueItem, request_lines[line_id].item_id)
        assert item is not None  # a request line's item is a foreign key
        try:
            picks = pick_lots(stock, item=item, quantity=quantity, designated=bool(to_site and to_site.designated),
                              today=today)
        except ValidationError:
            refuse_directed(held, stock, item=item, today=today)  # say so when a directed gift was held back
            raise
        for pick in picks:  # reserved at once: a later line of the same item picks what is left
            ledger.reserve(session, balance=pick.balance, lot=pick.lot, quantity=pick.quantity, today=today)
            pick.balance.updated_at, pick.balance.updated_by = at, actor.login
        picked.append((line_id, picks))
    # numbered once the stock is locked and picked: a concurrent order waits for the stock, not the number
    order = AllocationOrder(number="", request_id=request_id, from_site_id=from_site_id, to_site_id=request.site_id,
                            issued_at=at, verbal=verbal, paper_due=paper_due(at) if verbal else None, **people)
    insert_numbered(session, order, actor=actor, at=at, prefix=ALLOCATION)
    reserved: dict[str, list[Any]] = {}
    for line_id, picks in picked:
        request_line = request_lines[line_id]
        line = AllocationLine(order_id=row_id(order), request_line_id=line_id, item_id=request_line.item_id,
                              quantity=wanted[line_id])
        session.add(line)
        session.flush()
        for pick in picks:
            session.add(AllocationPick(line_id=row_id(line), lot_id=row_id(pick.lot), quantity=pick.quantity))
            reserved.setdefault(str(line_id), []).append([pick.lot.code, pick.quantity])
        request_line.allocated += wanted[line_id]
        session.add(request_line)
    session.flush()
    refresh_status(session, actor=actor, at=at, request=request, lines=list(request_lines.values()),
                   action="allocate", changes={"order": order.number, "reserved": reserved})
    return order


def _wanted(lines: dict[int, int], request_lines: dict[int, Any]) -> dict[int, int]:
    """The positive quantities to allocate per request line (in line order), each within what is left."""
    wanted: dict[int, int] = {}
    for line_id in sorted(lines):
        if line_id not in request_lines:
            raise ValidationError("lines", "That line is not this request's")
        quantity = whole_quantity(lines[line_id], field="lines")
        line = request_lines[line_id]
        left = (line.approved or 0) - line.allocated
        if quantity > left:
            raise ValidationError("lines", "At most the {left} still to allocate", left=left)
        if quantity:
            wanted[line_id] = quantity
    if not wanted:
        raise ValidationError("lines", "Allocate at least one line")
    return wanted


def record_paper(session: Session, *, actor: Actor, order_id: int, version: int, paper_no: str,
                 at: datetime | None = None) -> None:
    """Record the written order (its number) of a verbal order: the paper is no longer due."""
    require_coordinator(actor)
    at = at or clock.now()
    number = validation.text(paper_no, field="paper_no", required=True, max_len=64)
    with write_transaction(session):
        order = get_for_update(session, AllocationOrder, order_id)
        check_version(order, version)
        if not order.verbal:
            raise TransitionError("Only a verbal order waits for its written order")
        if order.paper_no is not None:
            raise TransitionError("The written order is recorded already")
        if order.status == AllocationStatus.CANCELLED:
            raise TransitionError("This order is cancelled")
        update_row(session, order, {"paper_no": number, "paper_at": at, "paper_due": None}, actor=actor, at=at,
                   action="paper")


def cancel_allocation(session: Session, *, actor: Actor, order_id: int, version: int, reason: str,
                      at: datetime | None = None) -> None:
    """Cancel an order nothing of which has left: release its reservations, give its quantities back
    to the request."""
    require_coordinator(actor)
    at = at or clock.now()
    text = validation.text(reason, field="reason", required=True, max_len=500)
    with write_transaction(session):
        order = get_for_update(session, AllocationOrder, order_id)
        check_version(order, version)
        lines = list(session.exec(select(AllocationLine).where(AllocationLine.order_id == order_id)
                                  .order_by(col(AllocationLine.id)).with_for_update()).all())
        if order.status != AllocationStatus.ISSUED or any(line.dispatched for line in lines):
            raise TransitionError("Only an order nothing of which has left can be cancelled")
        request = get_for_update(session, Request, order.request_id)
        request_lines = {row_id(line): line for line in locked_lines(session, order.request_id)}
        picks = list(session.exec(select(AllocationPick).where(
            col(AllocationPick.line_id).in_([row_id(line) for line in lines]))).all())
        balances = {balance.lot_id: balance for balance, _ in locked_stock(
            session, site_id=order.from_site_id, lot_ids=[pick.lot_id for pick in picks])}
        for pick in picks:
            balance = balances[pick.lot_id]
            ledger.release(session, balance=balance, quantity=pick.quantity)
            balance.updated_at, balance.updated_by = at, actor.login
        for line in lines:
            request_lines[line.request_line_id].allocated -= line.quantity
            session.add(request_lines[line.request_line_id])
        update_row(session, order, {"status": AllocationStatus.CANCELLED.value, "reason": text}, actor=actor, at=at,
                   action="cancel")
        session.flush()
        refresh_status(session, actor=actor, at=at, request=request, lines=list(request_lines.values()),
                       action="cancel_allocation", changes={"order": order.number})
