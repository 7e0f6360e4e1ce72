"""Receiving a consignment into stock: each part counted in becomes a posted receipt (入库单).

Per line what was accepted and what was rejected, with a reason for every rejection; a consignment
is received in as many parts as it arrives in. Nothing is counted beyond what was loaded on the
line; taking in more than an order line owes (received + rejected beyond ordered less cancelled)
needs a reason, kept on the order line. The last part (``final``) ends the consignment: what was
never counted is lost on the way and stays owed on its order. The receipt is written by the stock
ledger's own command (``models.services.receipts``), inside this transaction: all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from models import clock
from models.errors import TransitionError, ValidationError
from models.procurement import PurchaseLine, PurchaseOrder
from models.receipts import ReceiptSource
from models.services.common import (
    Actor,
    check_version,
    commands_inside,
    get_for_update,
    require_coordinator,
    update_row,
    write_transaction,
)
from models.services.consignments import follow_orders, refresh
from models.services.order_status import owed
from models.services.receipts import ReceiptLineIn, create_receipt
from models.transport import ON_THE_WAY, Consignment, ConsignmentLine


@dataclass(frozen=True)
class CountIn:
    """One consignment line as counted at the warehouse door."""

    line_id: int
    accepted: int
    rejected: int = 0
    reject_reason: str | None = None
    lot_code: str | None = None  # the consignment's number when the goods carry none
    expiry: date | None = None


def receive_consignment(
    session: Session, *, actor: Actor, consignment_id: int, version: int, voucher_no: str,
    counts: Sequence[CountIn], final: bool = False, over_reason: str | None = None,
    received_by: str | None = None, at: datetime | None = None,
) -> int | None:
    """Count a part of a consignment into its warehouse; the receipt's id (None: nothing counted,
    only the consignment ended by ``final``)."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        consignment = get_for_update(session, Consignment, consignment_id)
        check_version(consignment, version)
        if consignment.status not in ON_THE_WAY:
            raise TransitionError("Consignment {number} is {status}: only goods on the way are received",
                                  number=consignment.number, status=consignment.status)
        lines = {line.id: line for line in session.exec(
            select(ConsignmentLine).where(ConsignmentLine.consignment_id == consignment_id)
            .order_by(col(ConsignmentLine.id)).with_for_update().execution_options(populate_existing=True)).all()}
        counted = [count for count in counts if count.accepted or count.rejected]
        if not counted and not final:
            raise ValidationError("lines", "Nothing counted: type what was accepted or rejected")
        receipt_lines, suppliers = [], set()
        for number, count in enumerate(counted, start=1):
            line = lines.get(count.line_id)
            if line is None:
                raise ValidationError("lines", "Line {line}: not on this consignment", line=number)
            if count.accepted < 0 or count.rejected < 0:
                raise ValidationError("lines", "Line {line}: quantities cannot be negative", line=number)
            left = line.quantity - line.accepted - line.rejected
            if count.accepted + count.rejected > left:
                raise ValidationError("lines", "Line {line}: only {left} more were loaded", line=number, left=left)
            order_line = session.get(PurchaseLine, line.order_line_id)
            assert order_line is not None  # a foreign key
            if (order_line.accepted + order_line.rejected + count.accepted + count.rejected > owed(order_line)):
                if not (over_reason or "").strip():
                    raise ValidationError("over_reason", "Line {line}: more than was ordered; say why it is "
                                          "taken in", line=number)
                order_line.over_reason = (over_reason or "").strip()[:200]
                session.add(order_line)
            order = session.get(PurchaseOrder, order_line.order_id)
            assert order is not None
            suppliers.add(order.supplier_id)
            line.accepted += count.accepted
            line.rejected += count.rejected
            session.add(line)
            receipt_lines.append(ReceiptLineIn(
                item_id=line.item_id, lot_code=(count.lot_code or "").strip() or consignment.number,
                accepted=count.accepted, rejected=count.rejected, reject_reason=count.reject_reason,
                expiry=count.expiry))
        receipt_id = None
        if receipt_lines:
            with commands_inside(session, source=consignment.number):
                receipt_id = create_receipt(
                    session, actor=actor, site_id=consignment.site_id, source=ReceiptSource.PURCHASE.value,
                    voucher_no=voucher_no, lines=receipt_lines, source_ref=consignment.number,
                    supplier_id=next(iter(suppliers)) if len(suppliers) == 1 else None,
                    received_by=received_by, received_at=at, at=at)
        session.flush()
        if final or all(line.accepted + line.rejected == line.quantity for line in lines.values()):
            update_row(session, consignment, {"finished": True, "received_at": at}, actor=actor, at=at,
                       action="finish")
        refresh(session, actor=actor, at=at, consignment=consignment, action="receive")
        follow_orders(session, actor=actor, at=at, consignment=consignment, action="receive")
        return receipt_id
