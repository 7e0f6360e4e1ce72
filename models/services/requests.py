"""Requests (需求申报): a site asks, a coordinator approves per line, allocations fill it.

The request's status is derived from its lines and never typed: SUBMITTED until approved, APPROVED
while some approved quantity is still to allocate, FILLED when every approved quantity is allocated
(``RequestLine.allocated`` is kept by the allocation commands in their transaction, net of what was
rejected at a signed delivery, which is outstanding again: see ``RequestLine.outstanding``); CLOSED and
REJECTED are set by a coordinator with a reason. Approval may cut a line (approved < requested) only
with a reason, which the requesting site is told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from models import clock, validation
from models.errors import TransitionError, ValidationError
from models.reference import CatalogueItem
from models.requests import Priority, Request, RequestLine, RequestStatus
from models.services.common import (
    Actor,
    audit,
    check_version,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.documents import contact_phone, insert_numbered, positive_quantity, whole_quantity
from models.services.numbering import REQUEST
from models.sites import Site

#: statuses a coordinator's decision ended: nothing more is approved or allocated against them
ENDED = (RequestStatus.CLOSED.value, RequestStatus.REJECTED.value)


@dataclass(frozen=True)
class RequestLineIn:
    item_id: int
    requested: int
    spec: str | None = None


def derived_status(request: Request, lines: Sequence[RequestLine]) -> str:
    """The status the lines say (an ended request keeps its own)."""
    if request.status in ENDED:
        return request.status
    if any(line.approved is None for line in lines):
        return RequestStatus.SUBMITTED.value
    if all(line.allocated >= (line.approved or 0) for line in lines):
        return RequestStatus.FILLED.value
    return RequestStatus.APPROVED.value


def locked_lines(session: Session, request_id: int) -> list[RequestLine]:
    """The lines of a request, locked, in id order (every command locks them in that order)."""
    query = select(RequestLine).where(RequestLine.request_id == request_id).order_by(col(RequestLine.id))
    return list(session.exec(query.with_for_update().execution_options(populate_existing=True)).all())


def refresh_status(session: Session, *, actor: Actor, at: datetime, request: Request, lines: Sequence[RequestLine],
                   action: str, changes: dict[str, Any]) -> None:
    """Bump the locked request after its lines' ``allocated`` changed, with the status they now say;
    the audit row holds ``changes`` (the order and what it reserved or gave back)."""
    status = derived_status(request, lines)
    if status != request.status:
        changes = {"status": [request.status, status], **changes}
    request.status = status
    request.version += 1
    request.updated_at, request.updated_by = at, actor.login
    session.add(request)
    audit(session, actor=actor, at=at, row=request, action=action, changes=changes)


def give_back(session: Session, *, actor: Actor, at: datetime, request_id: int, returned: dict[int, int],
              dispatch_no: str) -> None:
    """Quantities rejected at a signed delivery (``returned``: RequestLine id → quantity) are
    outstanding again: ``allocated`` is net of them (``RequestLine.outstanding``), so a filled
    request is approved again and can be allocated anew. Inside the caller's write transaction."""
    request = get_for_update(session, Request, request_id)
    lines = locked_lines(session, request_id)
    for line in lines:
        back = returned.get(row_id(line), 0)
        if back:
            line.allocated -= back
            session.add(line)
    session.flush()
    refresh_status(session, actor=actor, at=at, request=request, lines=lines, action="rejected_at_delivery",
                   changes={"dispatch": dispatch_no, "returned": {str(k): v for k, v in returned.items() if v}})


def create_request(
    session: Session, *, actor: Actor, site_id: int, lines: Sequence[RequestLineIn], priority: str = "routine",
    need_by: date | None = None, contact_person: str | None = None, phone: str | None = None,
    notes: str | None = None, verbal: bool = False, at: datetime | None = None,
) -> int:
    """Record what a site asks for (XQ-…); returns the request's id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        return row_id(insert_request(session, actor=actor, site_id=site_id, lines=lines, priority=priority,
                                     need_by=need_by, contact_person=contact_person, phone=phone, notes=notes,
                                     verbal=verbal, at=at))


def insert_request(
    session: Session, *, actor: Actor, site_id: int, lines: Sequence[RequestLineIn], priority: str,
    need_by: date | None, contact_person: str | None, phone: str | None, notes: str | None, verbal: bool,
    at: datetime,
) -> Request:
    """The request and its lines, inside the caller's write transaction."""
    try:
        priority = Priority(priority).value
    except ValueError:
        raise ValidationError("priority", "Unknown value {value}", value=priority) from None
    site = session.get(Site, site_id)
    if site is None or site.archived:
        raise ValidationError("site_id", "Pick the site that asks")
    if not lines:
        raise ValidationError("lines", "Add at least one line")
    for line in lines:
        positive_quantity(line.requested, field="requested")
        if session.get(CatalogueItem, line.item_id) is None:
            raise ValidationError("item_id", "Pick an item of the catalogue")
    request = Request(
        number="", site_id=site_id, priority=priority, need_by=need_by, requested_at=at, verbal=verbal,
        contact_person=validation.text(contact_person, field="contact_person", max_len=64),
        phone=contact_phone(phone, field="phone", required=False),
        notes=validation.text(notes, field="notes", max_len=2000),
    )
    insert_numbered(session, request, actor=actor, at=at, prefix=REQUEST)
    for line in lines:
        row = RequestLine(request_id=row_id(request), item_id=line.item_id, requested=line.requested,
                          spec=validation.text(line.spec, field="spec", max_len=200))
        session.add(row)
    session.flush()
    return request


def approve_request(
    session: Session, *, actor: Actor, request_id: int, version: int, approved: dict[int, int],
    reasons: dict[int, str] | None = None, at: datetime | None = None,
) -> None:
    """Approve every line of a submitted request: ``approved`` maps each RequestLine id to the
    quantity approved (at most the one asked; less needs a reason in ``reasons``)."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        request = get_for_update(session, Request, request_id)
        check_version(request, version)
        approve_lines(session, actor=actor, at=at, request=request, approved=approved, reasons=reasons or {})


def approve_lines(session: Session, *, actor: Actor, at: datetime, request: Request, approved: dict[int, int],
                  reasons: dict[int, str]) -> None:
    """The approval, inside the caller's transaction with the request locked."""
    if request.status != RequestStatus.SUBMITTED:
        raise TransitionError("Only a submitted request can be approved")
    lines = locked_lines(session, row_id(request))
    if set(approved) != {row_id(line) for line in lines}:
        raise ValidationError("approved", "Approve every line of the request (0 for none)")
    changes = {}
    for line in lines:
        quantity = whole_quantity(approved[row_id(line)], field="approved")
        if quantity > line.requested:
            raise ValidationError("approved", "At most the {requested} asked for", requested=line.requested)
        reason = validation.text(reasons.get(row_id(line)), field="reasons", max_len=200)
        if quantity < line.requested and reason is None:
            raise ValidationError("reasons", "Say why less than asked is approved")
        line.approved, line.approve_reason = quantity, reason if quantity < line.requested else None
        session.add(line)
        changes[str(row_id(line))] = [line.requested, quantity]
    if not any(line.approved for line in lines):
        raise ValidationError("approved", "Approve at least one line, or reject the request")
    session.flush()
    request.status = derived_status(request, lines)
    request.version += 1
    request.updated_at, request.updated_by = at, actor.login
    session.add(request)
    audit(session, actor=actor, at=at, row=request, action="approve",
          changes={"status": [RequestStatus.SUBMITTED.value, request.status], "approved": changes})


def close_request(session: Session, *, actor: Actor, request_id: int, version: int, reason: str,
                  at: datetime | None = None) -> None:
    """Close an approved request with what it was given: nothing more is allocated against it."""
    _end(session, actor=actor, request_id=request_id, version=version, reason=reason, at=at,
         status=RequestStatus.CLOSED, allowed=(RequestStatus.APPROVED.value, RequestStatus.FILLED.value))


def reject_request(session: Session, *, actor: Actor, request_id: int, version: int, reason: str,
                   at: datetime | None = None) -> None:
    """Refuse a request that nothing was allocated against."""
    _end(session, actor=actor, request_id=request_id, version=version, reason=reason, at=at,
         status=RequestStatus.REJECTED, allowed=(RequestStatus.SUBMITTED.value, RequestStatus.APPROVED.value))


def _end(session: Session, *, actor: Actor, request_id: int, version: int, reason: str, at: datetime | None,
         status: RequestStatus, allowed: tuple[str, ...]) -> None:
    require_coordinator(actor)
    at = at or clock.now()
    text = validation.text(reason, field="reason", required=True, max_len=500)
    with write_transaction(session):
        request = get_for_update(session, Request, request_id)
        check_version(request, version)
        if request.status not in allowed:
            raise TransitionError("Not possible for a request that is {status}", status=request.status)
        lines = locked_lines(session, request_id)
        if status is RequestStatus.REJECTED and any(line.allocated for line in lines):
            raise TransitionError("Stock is allocated against this request: close it instead")
        update_row(session, request, {"status": status.value, "reason": text}, actor=actor, at=at,
                   action=status.value)
