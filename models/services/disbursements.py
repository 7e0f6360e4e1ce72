"""Disbursements (拨付): pay an approved request, with the voucher's number, and reverse a payment.

A payment is posted once and never changed; a mistake is reversed by a negative entry naming the
payment it reverses (each at most once), under a voucher of its own. The request's and the source's
``disbursed`` move in the same transaction, never past what is approved. When a payment completes a
request that answers a funding shortage, the shortage is resolved in the same transaction through
the shortage's own step (``shortages.take_step``: its status, its event and its audit row).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from models import clock, validation
from models.errors import TransitionError, ValidationError
from models.funds import Disbursement, FundRequest, FundRequestStatus, FundSource
from models.rules import ACTIVE_SHORTAGE
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
from models.services.fund_sources import fen
from models.services.shortages import take_step
from models.shortage import Shortage


def _voucher(session: Session, value: str) -> str:
    number = validation.text(value, field="voucher_no", required=True, max_len=64)
    if session.exec(select(Disbursement.id).where(Disbursement.voucher_no == number)).first() is not None:
        raise ValidationError("voucher_no", "This voucher number is used already")
    return number


def disburse(session: Session, *, actor: Actor, request_id: int, version: int, amount: int, voucher_no: str,
             note: str | None = None, resolution: str | None = None, at: datetime | None = None) -> int:
    """Pay ``amount`` fen of an approved request under voucher ``voucher_no``; returns the entry's id.

    ``resolution`` is the note of the step that resolves the request's funding shortage once
    everything approved is paid (the request's number and the voucher when not given).
    """
    require_coordinator(actor)
    at = at or clock.now()
    money = fen(amount, field="amount")
    text = validation.text(note, field="note", max_len=500)
    with write_transaction(session):
        request = get_for_update(session, FundRequest, request_id)
        check_version(request, version)
        if request.status != FundRequestStatus.APPROVED or request.approved is None or request.source_id is None:
            raise TransitionError("Only an approved request with something still to pay can be paid")
        if request.disbursed + money > request.approved:
            raise ValidationError("amount", "More than is approved and not yet paid")
        number = _voucher(session, voucher_no)
        source = get_for_update(session, FundSource, request.source_id)
        entry = create_row(session, Disbursement(request_id=request_id, voucher_no=number, amount=money, paid_at=at,
                                                 note=text), actor=actor, at=at, action="disburse")
        _move(session, actor, at, request, source, money)
        if request.status == FundRequestStatus.PAID and request.shortage_id is not None:
            shortage = session.get(Shortage, request.shortage_id)
            if shortage is not None and shortage.status in ACTIVE_SHORTAGE:
                take_step(session, actor=actor, shortage_id=request.shortage_id, expected_version=None,
                          action="resolve", text=validation.text(resolution, field="resolution", max_len=2000)
                          or f"{request.number} {number}")
        return row_id(entry)


def reverse_disbursement(session: Session, *, actor: Actor, disbursement_id: int, voucher_no: str, reason: str,
                         at: datetime | None = None) -> int:
    """Reverse a payment by a negative entry of the same amount (红字冲销); returns the new entry's id.
    A shortage the payment resolved stays resolved: reopening it is a step of its own."""
    require_coordinator(actor)
    at = at or clock.now()
    text = validation.text(reason, field="note", required=True, max_len=500)
    with write_transaction(session):
        original = session.get(Disbursement, disbursement_id)
        if original is None or original.amount <= 0:
            raise ValidationError("disbursement_id", "Pick a payment to reverse")
        request = get_for_update(session, FundRequest, original.request_id)
        reversed_ = session.exec(select(Disbursement.id).where(col(Disbursement.reverses_id) == disbursement_id)
                                 ).first()
        if reversed_ is not None:
            raise TransitionError("This payment is reversed already")
        number = _voucher(session, voucher_no)
        assert request.source_id is not None  # a paid request has its source
        source = get_for_update(session, FundSource, request.source_id)
        entry = create_row(session, Disbursement(request_id=row_id(request), voucher_no=number,
                                                 amount=-original.amount, reverses_id=disbursement_id, paid_at=at,
                                                 note=text), actor=actor, at=at, action="reverse")
        _move(session, actor, at, request, source, -original.amount)
        return row_id(entry)


def _move(session: Session, actor: Actor, at: datetime, request: FundRequest, source: FundSource,
          amount: int) -> None:
    """Add ``amount`` (negative: a reversal) to the request's and the source's disbursed, and the
    request's status with it."""
    disbursed = request.disbursed + amount
    status = FundRequestStatus.PAID if disbursed == request.approved else FundRequestStatus.APPROVED
    update_row(session, request, {"disbursed": disbursed, "status": status.value}, actor=actor, at=at,
               action="disbursed")
    update_row(session, source, {"disbursed": source.disbursed + amount}, actor=actor, at=at, action="disbursed")
