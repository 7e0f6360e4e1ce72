"""Ending a purchase order: closed when received, short-closed with a reason, cancelled before
anything shipped; a quantity cancelled on a line; the remainder raised as a follow-up order.

Cancelling is refused once goods of the order have left (they are on the way or in the books):
short-close it instead. A follow-up short-closes the order and writes a draft for what is still to
come in (ordered less cancelled less accepted: a rejected carton is still owed), in one step.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from models import clock
from models.errors import TransitionError, ValidationError
from models.procurement import OrderStage, OrderStatus, PurchaseOrder
from models.services.common import Actor, check_version, get_for_update, require_coordinator, row_id, write_transaction
from models.services.order_status import locked_lines, refresh_status, remainder
from models.services.purchase_orders import OrderHeader, OrderLineIn, insert_order

#: stages an order is ended in
ENDED = (OrderStage.CLOSED.value, OrderStage.SHORT_CLOSED.value, OrderStage.CANCELLED.value)


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError("reason", "Say why")
    return text[:500]


def _open_order(session: Session, order_id: int, version: int) -> PurchaseOrder:
    order = get_for_update(session, PurchaseOrder, order_id)
    check_version(order, version)
    if order.stage in ENDED:
        raise TransitionError("Order {number} is {status} already", number=order.number, status=order.status)
    return order


def cancel_quantity(session: Session, *, actor: Actor, order_id: int, version: int, line_id: int, cancelled: int,
                    at: datetime | None = None) -> None:
    """Set how much of a line is cancelled (never below what was accepted or shipped)."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        order = _open_order(session, order_id, version)
        line = next((line for line in locked_lines(session, order_id) if line.id == line_id), None)
        if line is None:
            raise ValidationError("line_id", "No such line on order {number}", number=order.number)
        if cancelled < 0 or cancelled > line.quantity - max(line.shipped, line.accepted):
            raise ValidationError("cancelled", "At most {most} can be cancelled: the rest has shipped",
                                  most=line.quantity - max(line.shipped, line.accepted))
        changes = {"line": line_id, "cancelled": [line.cancelled, cancelled]}
        line.cancelled = cancelled
        session.add(line)
        session.flush()
        refresh_status(session, actor=actor, at=at, order=order, action="cancel_quantity", changes=changes)


def close_order(session: Session, *, actor: Actor, order_id: int, version: int, at: datetime | None = None) -> None:
    """Close a received order (everything owed accepted)."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        order = _open_order(session, order_id, version)
        if order.status != OrderStatus.RECEIVED:
            raise TransitionError("Order {number} still awaits goods: short-close it with the reason",
                                  number=order.number)
        _end(session, actor=actor, at=at, order=order, stage=OrderStage.CLOSED, reason=None, action="close")


def short_close(session: Session, *, actor: Actor, order_id: int, version: int, reason: str,
                at: datetime | None = None) -> None:
    """Close an order with less than ordered received (the supplier cannot send the rest)."""
    require_coordinator(actor)
    at = at or clock.now()
    text = _reason(reason)
    with write_transaction(session):
        order = _open_order(session, order_id, version)
        _end(session, actor=actor, at=at, order=order, stage=OrderStage.SHORT_CLOSED, reason=text,
             action="short_close")


def cancel_order(session: Session, *, actor: Actor, order_id: int, version: int, reason: str,
                 at: datetime | None = None) -> None:
    """Cancel an order before anything of it shipped."""
    require_coordinator(actor)
    at = at or clock.now()
    text = _reason(reason)
    with write_transaction(session):
        order = _open_order(session, order_id, version)
        if any(line.shipped or line.accepted or line.rejected for line in locked_lines(session, order_id)):
            raise TransitionError("Goods of order {number} have shipped: it cannot be cancelled; short-close it",
                                  number=order.number)
        _end(session, actor=actor, at=at, order=order, stage=OrderStage.CANCELLED, reason=text, action="cancel")


def _end(session: Session, *, actor: Actor, at: datetime, order: PurchaseOrder, stage: OrderStage,
         reason: str | None, action: str) -> None:
    changes = {"stage": [order.stage, stage.value], "reason": [order.reason, reason]}
    order.stage, order.reason, order.closed_at = stage.value, reason, at
    refresh_status(session, actor=actor, at=at, order=order, action=action, changes=changes)


def follow_up(session: Session, *, actor: Actor, order_id: int, version: int, reason: str | None = None,
              at: datetime | None = None) -> int:
    """Short-close the order and write a draft for its remainder, to the same supplier; the new id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        order = _open_order(session, order_id, version)
        if order.stage != OrderStage.CONFIRMED:
            raise TransitionError("Only a confirmed order is followed up; change this one instead")
        lines = [OrderLineIn(item_id=line.item_id, quantity=remainder(line), spec=line.spec,
                             unit_price_cents=line.unit_price_cents, material_id=line.material_id)
                 for line in locked_lines(session, order_id) if remainder(line) > 0]
        if not lines:
            raise TransitionError("Order {number} has nothing left to come in", number=order.number)
        header = OrderHeader(
            channel=order.channel, supplier_id=order.supplier_id, site_id=order.site_id,
            enterprise_id=order.enterprise_id,
            reserve_unit_id=order.reserve_unit_id, found_by_id=order.found_by_id, need_by=order.need_by,
            urgent=order.urgent, currency=order.currency, rate=order.rate, shortage_id=order.shortage_id,
            customs=order.customs if order.customs == "none" else "pending")
        new = insert_order(session, actor=actor, at=at, header=header, lines=lines, follows_id=order_id)
        _end(session, actor=actor, at=at, order=order, stage=OrderStage.SHORT_CLOSED,
             reason=(reason or "").strip()[:500] or f"→ {new.number}", action="follow_up")
        return row_id(new)
