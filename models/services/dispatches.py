"""Dispatches (出库单): the reserved stock of an order leaves the warehouse, all at once or in parts.

Each dispatch takes, per allocation line, a quantity still to go from the line's picks, first expiry
first, and posts one OUT entry per lot drawn on the reservation (``ledger.post(from_reserved=…)``);
what has left is kept on the picks and lines. The order is DISPATCHED once everything has left.

The receiving side counts with the carrier and signs (签收): per line accepted + rejected = shipped,
every rejection with its reason; rejected goods go back to the warehouse into quarantine (an IN entry
"return", then a HOLD) and their quantity is outstanding again on the request (``requests.give_back``).
A signed dispatch is final. The order is DELIVERED when it has all left and every dispatch of it is
signed.

The fast path (先行调拨): a phoned request, approved as asked, allocated by a verbal order and sent,
in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from models import clock, validation
from models.allocation import AllocationLine, AllocationOrder, AllocationPick, AllocationStatus
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.errors import TransitionError, ValidationError
from models.lots import Lot
from models.requests import Priority
from models.services import ledger
from models.services.allocations import contacts, issue
from models.services.common import (
    Actor,
    apply_changes,
    audit,
    check_version,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.documents import contact_name, contact_phone, insert_numbered, whole_quantity
from models.services.numbering import DISPATCH
from models.services.picking import fefo_key, locked_stock
from models.services.requests import RequestLineIn, approve_lines, give_back, insert_request, locked_lines
from models.stock import RETURN, EntryKind


def dispatch(
    session: Session, *, actor: Actor, order_id: int, delivered_by: str, vehicle: str | None = None,
    phone: str | None = None, quantities: dict[int, int] | None = None, at: datetime | None = None,
) -> int:
    """Send (part of) an order (CK-…): ``quantities`` maps AllocationLine ids to what leaves now,
    None for everything still to go. Returns the dispatch's id."""
    require_coordinator(actor)
    at = at or clock.now()
    carrier = carrier_fields(delivered_by=delivered_by, vehicle=vehicle, phone=phone)
    with write_transaction(session):
        return row_id(send(session, actor=actor, at=at, order_id=order_id, carrier=carrier, quantities=quantities))


def carrier_fields(*, delivered_by: str, vehicle: str | None, phone: str | None) -> dict[str, str | None]:
    return {
        "delivered_by": contact_name(delivered_by, field="delivered_by"),
        "vehicle": validation.text(vehicle, field="vehicle", max_len=32),
        "phone": contact_phone(phone, field="phone", required=False),
    }


def send(session: Session, *, actor: Actor, at: datetime, order_id: int, carrier: dict[str, str | None],
         quantities: dict[int, int] | None) -> Dispatch:
    """The dispatch, its lines and OUT entries, inside the caller's write transaction."""
    order = get_for_update(session, AllocationOrder, order_id)
    if order.status != AllocationStatus.ISSUED:
        raise TransitionError("Nothing of this order is left to dispatch")
    lines = list(session.exec(select(AllocationLine).where(AllocationLine.order_id == order_id)
                              .order_by(col(AllocationLine.id)).with_for_update()).all())
    going = _going(lines, quantities)
    picks = list(session.exec(select(AllocationPick).where(col(AllocationPick.line_id).in_(list(going)))
                              .order_by(col(AllocationPick.id)).with_for_update()).all())
    lots = {row_id(lot): lot for lot in session.exec(select(Lot).where(col(Lot.id).in_([p.lot_id for p in picks])))}
    balances = {balance.lot_id: balance for balance, _ in locked_stock(
        session, site_id=order.from_site_id, lot_ids=list(lots))}
    sent = Dispatch(number="", order_id=order_id, dispatched_at=at, **carrier)  # type: ignore[arg-type]
    insert_numbered(session, sent, actor=actor, at=at, prefix=DISPATCH)
    for line in lines:
        wanted = going.get(row_id(line), 0)
        mine = sorted((p for p in picks if p.line_id == line.id), key=lambda p: (fefo_key(lots[p.lot_id]), p.id))
        for pick in mine:
            take = min(wanted, pick.quantity - pick.dispatched)
            if take <= 0:
                continue
            session.add(DispatchLine(dispatch_id=row_id(sent), pick_id=row_id(pick), item_id=line.item_id,
                                     lot_id=pick.lot_id, shipped=take))
            ledger.post(session, actor=actor, at=at, balance=balances[pick.lot_id], kind=EntryKind.OUT, quantity=take,
                        reason="dispatch", doc_kind="dispatch", doc_id=row_id(sent), doc_no=sent.number,
                        from_reserved=take)
            pick.dispatched += take
            session.add(pick)
            wanted -= take
        line.dispatched += going.get(row_id(line), 0)
        session.add(line)
    session.flush()
    done = all(line.dispatched == line.quantity for line in lines)
    update_row(session, order, {"status": AllocationStatus.DISPATCHED.value if done else order.status}, actor=actor,
               at=at, action="dispatch", always=True)
    return sent


def _going(lines: list[AllocationLine], quantities: dict[int, int] | None) -> dict[int, int]:
    """What leaves now per allocation line id (positive only), each within what is still to go."""
    left = {row_id(line): line.quantity - line.dispatched for line in lines}
    if quantities is None:
        going = {line_id: n for line_id, n in left.items() if n > 0}
    else:
        going = {}
        for line_id, quantity in quantities.items():
            if line_id not in left:
                raise ValidationError("quantities", "That line is not this order's")
            whole_quantity(quantity, field="quantities")
            if quantity > left[line_id]:
                raise ValidationError("quantities", "At most the {left} still to dispatch", left=left[line_id])
            if quantity:
                going[line_id] = quantity
    if not going:
        raise ValidationError("quantities", "Dispatch at least one line")
    return going



def sign_delivery(
    session: Session, *, actor: Actor, dispatch_id: int, version: int, received_by: str, counted_together: bool,
    lines: dict[int, tuple[int, int, str | None]], at: datetime | None = None,
) -> None:
    """Record the receiving side's signature: ``lines`` maps every DispatchLine id to (accepted,
    rejected, reason); rejected goods return to the warehouse's quarantine. Final once saved."""
    require_coordinator(actor)
    at = at or clock.now()
    signer = contact_name(received_by, field="received_by")
    with write_transaction(session):
        sent = get_for_update(session, Dispatch, dispatch_id)
        if sent.status != DispatchStatus.IN_TRANSIT:
            raise TransitionError("This delivery is signed for already: it cannot be changed")
        check_version(sent, version)
        order = get_for_update(session, AllocationOrder, sent.order_id)
        rows = list(session.exec(select(DispatchLine).where(DispatchLine.dispatch_id == dispatch_id)
                                 .order_by(col(DispatchLine.id)).with_for_update()).all())
        counted = _counted(rows, lines)
        returned = [row for row in rows if row.rejected]
        if returned:  # the request before the stock, as issuing and cancelling lock them
            line_of = dict(session.exec(
                select(AllocationPick.id, AllocationLine.request_line_id)
                .join(AllocationLine, col(AllocationLine.id) == AllocationPick.line_id)
                .where(col(AllocationPick.id).in_([row.pick_id for row in returned]))).all())
            back: dict[int, int] = {}
            for row in returned:
                back[line_of[row.pick_id]] = back.get(line_of[row.pick_id], 0) + row.rejected
            give_back(session, actor=actor, at=at, request_id=order.request_id, returned=back,
                      dispatch_no=sent.number)
        balances = {balance.lot_id: balance for balance, _ in locked_stock(
            session, site_id=order.from_site_id, lot_ids=[row.lot_id for row in returned])}
        for row in returned:
            for kind in (EntryKind.IN, EntryKind.HOLD):  # back on hand, and at once into quarantine
                ledger.post(session, actor=actor, at=at, balance=balances[row.lot_id], kind=kind,
                            quantity=row.rejected, reason=RETURN, doc_kind="dispatch", doc_id=dispatch_id,
                            doc_no=sent.number, note=row.reject_reason)
        diff = apply_changes(sent, {"status": DispatchStatus.SIGNED.value, "signed_at": at, "received_by": signer,
                                    "counted_together": bool(counted_together)}, actor, at)
        session.add(sent)
        audit(session, actor=actor, at=at, row=sent, action="sign", changes={**diff, "lines": counted})
        session.flush()
        unsigned = session.exec(select(func.count()).select_from(Dispatch).where(
            Dispatch.order_id == order.id, Dispatch.status != DispatchStatus.SIGNED)).one()
        if order.status == AllocationStatus.DISPATCHED and not unsigned:
            update_row(session, order, {"status": AllocationStatus.DELIVERED.value}, actor=actor, at=at,
                       action="delivered")


def _counted(rows: list[DispatchLine], lines: dict[int, tuple[int, int, str | None]]) -> dict[str, list[object]]:
    """Set every line's accepted, rejected and reason from the count; returns them for the audit row."""
    if set(lines) != {row_id(row) for row in rows}:
        raise ValidationError("lines", "Count every line of the delivery")
    counted: dict[str, list[object]] = {}
    for row in rows:
        accepted, rejected, reason = lines[row_id(row)]
        whole_quantity(accepted, field="lines"), whole_quantity(rejected, field="lines")
        if accepted + rejected != row.shipped:
            raise ValidationError("lines", "Accepted and rejected must add up to the {shipped} shipped",
                                  shipped=row.shipped)
        text = validation.text(reason, field="lines", max_len=200) if rejected else None
        if rejected and text is None:
            raise ValidationError("lines", "Say why goods are rejected")
        row.accepted, row.rejected, row.reject_reason = accepted, rejected, text
        counted[str(row_id(row))] = [row.shipped, accepted, rejected, text]
    return counted


@dataclass(frozen=True)
class FastPath:
    request_id: int
    order_id: int
    dispatch_id: int


def fast_path(
    session: Session, *, actor: Actor, site_id: int, from_site_id: int, lines: Sequence[RequestLineIn], caller: str,
    caller_phone: str, receiver: str, receiver_phone: str, sender: str, sender_phone: str, delivered_by: str,
    vehicle: str | None = None, place: str | None = None, at: datetime | None = None,
) -> FastPath:
    """A phoned request (先行调拨), in one transaction: recorded as verbal, approved as asked, allocated
    by a verbal order (its written order due in 48 hours) and sent. All or nothing."""
    require_coordinator(actor)
    at = at or clock.now()
    caller = contact_name(caller, field="caller")
    number = contact_phone(caller_phone, field="caller_phone")
    people = contacts(receiver=receiver, receiver_phone=receiver_phone, sender=sender, sender_phone=sender_phone,
                      place=place)
    carrier = carrier_fields(delivered_by=delivered_by, vehicle=vehicle, phone=None)
    with write_transaction(session):
        request = insert_request(session, actor=actor, site_id=site_id, lines=lines, priority=Priority.EMERGENCY,
                                 need_by=at.date(), contact_person=caller, phone=number, notes=None, verbal=True,
                                 at=at)
        asked = {row_id(line): line.requested for line in locked_lines(session, row_id(request))}
        approve_lines(session, actor=actor, at=at, request=request, approved=asked, reasons={})
        order = issue(session, actor=actor, at=at, request_id=row_id(request), from_site_id=from_site_id,
                      lines=asked, people=people, verbal=True)
        sent = send(session, actor=actor, at=at, order_id=row_id(order), carrier=carrier, quantities=None)
        return FastPath(request_id=row_id(request), order_id=row_id(order), dispatch_id=row_id(sent))
