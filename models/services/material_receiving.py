"""Raw material delivered to the maker short of it: recorded on the order, not in a warehouse's books.

An order of raw material (熔喷布 for a mask maker) goes to the maker (``PurchaseOrder.enterprise_id``);
each delivery adds what was accepted and rejected to its lines (a reason for every rejection), and
both to what shipped. The same rules as a consignment's receipt: as many deliveries as it comes in,
taking in more than a line owes (received + rejected beyond ordered less cancelled) needs a reason,
the order's status derived from the lines' sums. The shortage the order answers gets a delivery
step in its timeline, so its page shows the progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from models import clock
from models.errors import TransitionError, ValidationError
from models.history import ShortageEvent
from models.procurement import OrderStage, PurchaseOrder
from models.services.common import (
    Actor,
    check_version,
    get_for_update,
    require_coordinator,
    row_id,
    write_transaction,
)
from models.services.order_status import locked_lines, owed, refresh_status
from models.shortage import Shortage


@dataclass(frozen=True)
class MaterialCount:
    """One raw-material line of an order as counted at the maker's door."""

    line_id: int
    accepted: int
    rejected: int = 0
    reject_reason: str | None = None


def receive_material(session: Session, *, actor: Actor, order_id: int, version: int, counts: Sequence[MaterialCount],
                     over_reason: str | None = None, at: datetime | None = None) -> None:
    """Record a delivery of the order's raw material at the maker."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        order = get_for_update(session, PurchaseOrder, order_id)
        check_version(order, version)
        if order.stage != OrderStage.CONFIRMED:
            raise TransitionError("Order {number} is {status}: only goods of a confirmed order are received",
                                  number=order.number, status=order.status)
        lines = {line.id: line for line in locked_lines(session, order_id)}
        counted = [count for count in counts if count.accepted or count.rejected]
        if not counted:
            raise ValidationError("lines", "Nothing counted: type what was accepted or rejected")
        delivered = []
        for number, count in enumerate(counted, start=1):
            line = lines.get(count.line_id)
            if line is None or line.material_id is None:
                raise ValidationError("lines", "Line {line}: no raw material of this order", line=number)
            if count.accepted < 0 or count.rejected < 0:
                raise ValidationError("lines", "Line {line}: quantities cannot be negative", line=number)
            reason = (count.reject_reason or "").strip()
            if count.rejected and not reason:
                raise ValidationError("lines", "Line {line}: say why it was rejected", line=number)
            if line.accepted + line.rejected + count.accepted + count.rejected > owed(line):
                if not (over_reason or "").strip():
                    raise ValidationError("over_reason", "Line {line}: more than was ordered; say why it is "
                                          "taken in", line=number)
                line.over_reason = (over_reason or "").strip()[:200]
            line.accepted += count.accepted
            line.rejected += count.rejected
            line.shipped += count.accepted + count.rejected
            session.add(line)
            delivered.append({"line": line.id, "accepted": count.accepted, "rejected": count.rejected,
                              "reason": reason[:200] or None})
            if order.shortage_id is not None:
                _progress(session, actor=actor, at=at, order=order, unit=line.unit or "", count=count, reason=reason)
        session.flush()
        refresh_status(session, actor=actor, at=at, order=order, action="receive_material",
                       changes={"delivered": delivered})


def _progress(session: Session, *, actor: Actor, at: datetime, order: PurchaseOrder, unit: str,
              count: MaterialCount, reason: str) -> None:
    """A delivery step in the timeline of the shortage the order answers: the order's number, then
    ``accepted/rejected/unit`` (the screen words it), the reason for a rejection as the note."""
    shortage = session.get(Shortage, order.shortage_id)
    if shortage is None:
        return
    session.add(ShortageEvent(shortage_id=row_id(shortage), action="delivery", at=at, by=actor.login,
                              note=reason[:2000] or None, old_value=order.number,
                              new_value=f"{count.accepted}/{count.rejected}/{unit}"[:200]))
