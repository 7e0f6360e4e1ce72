# placeholder until the commands land
"""Requests (需求申报): create, approve, close, reject. Thin stand-in with the contract's signatures,
writing the tables directly so the allocation screen can be tried; replaced by the real commands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from models import clock
from models.allocation import Request, RequestLine, RequestStatus
from models.errors import ValidationError
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
from models.services.numbering import REQUEST, next_number


@dataclass(frozen=True)
class RequestLineIn:
    item_id: int
    requested: int
    spec: str | None = None


def create_request(session: Session, *, actor: Actor, site_id: int, lines: Sequence[RequestLineIn],
                   priority: str = "routine", need_by: date | None = None, contact_person: str | None = None,
                   phone: str | None = None, notes: str | None = None, verbal: bool = False,
                   at: datetime | None = None) -> int:
    require_coordinator(actor)
    at = at or clock.now()
    if not lines:
        raise ValidationError("lines", "Add at least one line")
    with write_transaction(session):
        request = Request(number=next_number(session, Request, REQUEST, at.date()), site_id=site_id,
                          priority=priority, need_by=need_by, requested_at=at, contact_person=contact_person,
                          phone=phone, notes=notes, verbal=verbal)
        create_row(session, request, actor=actor, at=at)
        for line in lines:
            session.add(RequestLine(request_id=row_id(request), item_id=line.item_id, spec=line.spec,
                                    requested=line.requested))
        return row_id(request)


def approve_request(session: Session, *, actor: Actor, request_id: int, version: int, approved: dict[int, int],
                    reasons: dict[int, str] | None = None, at: datetime | None = None) -> None:
    require_coordinator(actor)
    at, reasons = at or clock.now(), reasons or {}
    with write_transaction(session):
        request = get_for_update(session, Request, request_id)
        check_version(request, version)
        for line in session.exec(select(RequestLine).where(RequestLine.request_id == request_id)):
            quantity = approved.get(row_id(line), line.requested)
            if quantity < line.requested and not (reasons.get(row_id(line)) or "").strip():
                raise ValidationError("reason", "Say why less than asked is approved")
            line.approved, line.approve_reason = quantity, reasons.get(row_id(line))
            session.add(line)
        update_row(session, request, {"status": RequestStatus.APPROVED.value}, actor=actor, at=at, action="approve")


def _end(session: Session, actor: Actor, request_id: int, version: int, reason: str, status: str,
         at: datetime | None) -> None:
    require_coordinator(actor)
    if not reason.strip():
        raise ValidationError("reason", "Give a reason")
    at = at or clock.now()
    with write_transaction(session):
        request = get_for_update(session, Request, request_id)
        check_version(request, version)
        update_row(session, request, {"status": status, "reason": reason.strip()}, actor=actor, at=at, action=status)


def close_request(session: Session, *, actor: Actor, request_id: int, version: int, reason: str,
                  at: datetime | None = None) -> None:
    _end(session, actor, request_id, version, reason, RequestStatus.CLOSED.value, at)


def reject_request(session: Session, *, actor: Actor, request_id: int, version: int, reason: str,
                   at: datetime | None = None) -> None:
    _end(session, actor, request_id, version, reason, RequestStatus.REJECTED.value, at)
