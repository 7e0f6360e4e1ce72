"""The status of a purchase order, derived from its stage and its lines' sums, and kept on the order.

``shipped``, ``accepted`` and ``rejected`` of an order line are summed from its consignment lines
(shipped: on consignments that left) whenever those change, in the same transaction, never typed;
the order's status follows: a confirmed order with goods accepted is partially received, with
everything still owed accepted it is received. Closed, short-closed and cancelled orders keep theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.procurement import OrderStage, OrderStatus, PurchaseLine, PurchaseOrder
from models.services.common import Actor, audit
from models.transport import Consignment, ConsignmentLine, ConsignmentStatus


def owed(line: PurchaseLine) -> int:
    """What the line still asks for: ordered less cancelled."""
    return line.quantity - line.cancelled


def remainder(line: PurchaseLine) -> int:
    """What is still to come in: owed less accepted (a rejected carton is still owed)."""
    return max(0, owed(line) - line.accepted)


def derived_status(order: PurchaseOrder, lines: Sequence[PurchaseLine]) -> str:
    """The status the stage and the lines say."""
    if order.stage != OrderStage.CONFIRMED:
        return order.stage
    if lines and all(remainder(line) == 0 for line in lines):
        return OrderStatus.RECEIVED.value
    if any(line.accepted > 0 for line in lines):
        return OrderStatus.PARTIAL.value
    return OrderStatus.CONFIRMED.value


def locked_lines(session: Session, order_id: int) -> list[PurchaseLine]:
    """The lines of an order, locked, in id order (every command locks them in that order)."""
    query = select(PurchaseLine).where(PurchaseLine.order_id == order_id).order_by(col(PurchaseLine.id))
    return list(session.exec(query.with_for_update().execution_options(populate_existing=True)).all())


def resum_lines(session: Session, line_ids: Iterable[int]) -> set[int]:
    """Sum shipped, accepted and rejected of these order lines from their consignment lines; the
    ids of the orders whose lines changed."""
    ids = sorted(set(line_ids))
    if not ids:
        return set()
    left = col(Consignment.status) != ConsignmentStatus.PLANNED.value
    rows = session.exec(
        select(ConsignmentLine.order_line_id,
               func.coalesce(func.sum(ConsignmentLine.quantity).filter(left), 0),
               func.coalesce(func.sum(ConsignmentLine.accepted), 0),
               func.coalesce(func.sum(ConsignmentLine.rejected), 0))
        .join(Consignment, col(Consignment.id) == ConsignmentLine.consignment_id)
        .where(col(ConsignmentLine.order_line_id).in_(ids)).group_by(col(ConsignmentLine.order_line_id))
    ).all()
    sums = {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in rows}
    changed: set[int] = set()
    query = select(PurchaseLine).where(col(PurchaseLine.id).in_(ids)).order_by(col(PurchaseLine.id))
    for line in session.exec(query.with_for_update().execution_options(populate_existing=True)).all():
        shipped, accepted, rejected = sums.get(line.id or 0, (0, 0, 0))
        if (line.shipped, line.accepted, line.rejected) != (shipped, accepted, rejected):
            line.shipped, line.accepted, line.rejected = shipped, accepted, rejected
            session.add(line)
            changed.add(line.order_id)
    session.flush()
    return changed


def refresh_status(session: Session, *, actor: Actor, at: datetime, order: PurchaseOrder, action: str,
                   changes: dict[str, Any] | None = None) -> None:
    """Bump the locked order after its stage or lines changed, with the status they now say."""
    lines = locked_lines(session, order.id or 0)
    status = derived_status(order, lines)
    changes = dict(changes or {})
    if status != order.status:
        changes = {"status": [order.status, status], **changes}
    order.status = status
    order.version += 1
    order.updated_at, order.updated_by = at, actor.login
    session.add(order)
    audit(session, actor=actor, at=at, row=order, action=action, changes=changes)
