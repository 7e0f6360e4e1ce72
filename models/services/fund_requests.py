"""Fund requests (资金申请): record one for an enterprise or a reserve unit, approve it (all or part,
from a source with the money left) or reject it.

Approving sets the approved amount, the source and the approver; it may be approved again while
nothing more is paid than the new amount (less, more or from another source once nothing is paid).
The source's ``approved`` moves with it in the same transaction, so Σ approved per source never
passes its available amount: the service refuses it, and the table's check stands behind it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from models import clock, validation
from models.base import ShortageKind
from models.errors import TransitionError, ValidationError
from models.funds import FundRequest, FundRequestStatus, FundSource, Purpose
from models.services.common import (
    Actor,
    check_version,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.documents import insert_numbered
from models.services.fund_sources import fen
from models.shortage import Shortage
from models.supply import Supplier

#: the prefix of a fund request's number (资金: ZJ-20200205-001)
PREFIX = "ZJ"
#: the statuses in which a request may still be (re-)approved
OPEN = (FundRequestStatus.SUBMITTED.value, FundRequestStatus.APPROVED.value, FundRequestStatus.PAID.value)


def create_fund_request(
    session: Session, *, actor: Actor, purpose: str, requested: int, enterprise_id: int | None = None,
    reserve_unit_id: int | None = None, order_ref: str | None = None, shortage_id: int | None = None,
    source_id: int | None = None, description: str | None = None, at: datetime | None = None,
) -> int:
    """Record a request for money (ZJ-…); returns its id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        return row_id(insert_fund_request(
            session, actor=actor, at=at, purpose=purpose, requested=requested, enterprise_id=enterprise_id,
            reserve_unit_id=reserve_unit_id, order_ref=order_ref, shortage_id=shortage_id, source_id=source_id,
            description=description))


def insert_fund_request(
    session: Session, *, actor: Actor, at: datetime, purpose: str, requested: int, enterprise_id: int | None,
    reserve_unit_id: int | None, order_ref: str | None, shortage_id: int | None, source_id: int | None,
    description: str | None,
) -> FundRequest:
    """The request, checked and numbered, inside the caller's write transaction."""
    try:
        purpose = Purpose(purpose).value
    except ValueError:
        raise ValidationError("purpose", "Unknown value {value}", value=purpose) from None
    if (enterprise_id is None) == (reserve_unit_id is None):
        raise ValidationError("enterprise_id", "Name an enterprise or a reserve unit")
    if reserve_unit_id is not None:
        unit = session.get(Supplier, reserve_unit_id)
        if unit is None or not unit.reserve_unit:
            raise ValidationError("reserve_unit_id", "Pick a reserve unit")
    if shortage_id is not None:
        shortage = session.get(Shortage, shortage_id)
        if shortage is None or shortage.kind != ShortageKind.FUNDING:
            raise ValidationError("shortage_id", "Pick a funding shortage")
        if shortage.enterprise_id != enterprise_id:
            raise ValidationError("shortage_id", "That shortage is another enterprise's")
    if source_id is not None and session.get(FundSource, source_id) is None:
        raise ValidationError("source_id", "Pick a source of funds")
    row = FundRequest(
        number="",
        enterprise_id=enterprise_id, reserve_unit_id=reserve_unit_id, purpose=purpose,
        order_ref=validation.text(order_ref, field="order_ref", max_len=64), shortage_id=shortage_id,
        source_id=source_id, requested=fen(requested, field="requested"), requested_at=at,
        description=validation.text(description, field="description", max_len=2000),
    )
    return insert_numbered(session, row, actor=actor, at=at, prefix=PREFIX)


def approve_fund_request(session: Session, *, actor: Actor, request_id: int, version: int, approved: int,
                         source_id: int, reason: str | None = None, at: datetime | None = None) -> None:
    """Approve ``approved`` fen of a request from a source (less than asked needs a reason)."""
    require_coordinator(actor)
    at = at or clock.now()
    amount = fen(approved, field="approved")
    text = validation.text(reason, field="reason", max_len=500)
    with write_transaction(session):
        request = get_for_update(session, FundRequest, request_id)
        check_version(request, version)
        if request.status not in OPEN:
            raise TransitionError("Not possible while the request is {status}", status=request.status)
        if amount > request.requested:
            raise ValidationError("approved", "More than was requested")
        if amount < request.requested and not text:
            raise ValidationError("reason", "Say why less than asked")
        if amount < request.disbursed:
            raise ValidationError("approved", "Less than is paid already")
        if request.disbursed and source_id != request.source_id:
            raise ValidationError("source_id", "Money is paid from this request's source already")
        before = request.approved or 0
        # both sources locked in id order (two approvals moving money between the same two sources
        # the other way round would otherwise wait for each other)
        old_id = request.source_id if request.approved is not None else None
        locked = {i: get_for_update(session, FundSource, i) for i in sorted({source_id, *([old_id] if old_id else [])})}
        old, new = (locked[old_id] if old_id else None), locked[source_id]
        if new is not old and new.archived:
            raise ValidationError("source_id", "Pick a source of funds")
        if old is not None and old is not new:  # moved to another source: the old one gets its amount back
            update_row(session, old, {"approved": old.approved - before}, actor=actor, at=at, action="fund_released")
            before = 0
        if amount - before > new.available - new.approved:
            raise ValidationError("approved", "More than the source has left")
        update_row(session, new, {"approved": new.approved - before + amount}, actor=actor, at=at,
                   action="fund_approved")
        status = FundRequestStatus.PAID if request.disbursed == amount else FundRequestStatus.APPROVED
        update_row(session, request, {"approved": amount, "source_id": source_id, "approver": actor.login,
                                      "approved_at": at, "reason": text, "status": status.value},
                   actor=actor, at=at, action="approve")


def reject_fund_request(session: Session, *, actor: Actor, request_id: int, version: int, reason: str,
                        at: datetime | None = None) -> None:
    """Reject a request nothing of which is paid; an approved amount goes back to its source."""
    require_coordinator(actor)
    at = at or clock.now()
    text = validation.text(reason, field="reason", required=True, max_len=500)
    with write_transaction(session):
        request = get_for_update(session, FundRequest, request_id)
        check_version(request, version)
        if request.status not in OPEN or request.disbursed:
            raise TransitionError("Only a request nothing of which is paid can be rejected")
        if request.approved and request.source_id is not None:
            source = get_for_update(session, FundSource, request.source_id)
            update_row(session, source, {"approved": source.approved - request.approved}, actor=actor, at=at,
                       action="fund_released")
        update_row(session, request, {"approved": None, "status": FundRequestStatus.REJECTED.value,
                                      "reason": text, "approver": actor.login, "approved_at": at},
                   actor=actor, at=at, action="reject")
