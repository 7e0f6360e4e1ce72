"""Interest-subsidy applications (贴息申请): a listed enterprise applies for one loan; the terms are
checked and the expected subsidy computed (``subsidy_rules``). Approving one makes the fund request
that pays it (purpose interest subsidy, the expected amount requested), to be approved and paid as
any other."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from models import clock, validation
from models.errors import TransitionError, ValidationError
from models.funds import Purpose
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
from models.services.fund_requests import insert_fund_request
from models.services.fund_sources import fen
from models.services.key_supply import is_listed
from models.services.subsidy_rules import expected_subsidy, term_problem
from models.subsidies import SubsidyApplication, SubsidyStatus

#: the prefix of an application's number (贴息: TX-20200205-001)
PREFIX = "TX"


def apply_subsidy(session: Session, *, actor: Actor, enterprise_id: int, lender: str, principal: int, rate_bp: int,
                  start: date, end: date, contract_no: str | None = None, at: datetime | None = None) -> int:
    """Record an application (TX-…) of a listed enterprise; returns its id."""
    require_coordinator(actor)
    at = at or clock.now()
    money = fen(principal, field="principal")
    if not 0 < rate_bp < 10_000:
        raise ValidationError("rate_bp", "A rate between 0.01 % and 99.99 %")
    problem = term_problem(start, end)
    if problem:
        raise ValidationError("end_date" if start >= date(2020, 1, 1) else "start_date", problem)
    row = SubsidyApplication(
        number="",
        enterprise_id=enterprise_id, lender=validation.text(lender, field="lender", required=True, max_len=200),
        contract_no=validation.text(contract_no, field="contract_no", max_len=64), principal=money, rate_bp=rate_bp,
        start_date=start, end_date=end, expected=expected_subsidy(principal=money, rate_bp=rate_bp, start=start,
                                                                  end=end))
    with write_transaction(session):
        if not is_listed(session, enterprise_id):
            raise ValidationError("enterprise_id", "Only enterprises on the key-supply list may apply")
        return row_id(insert_numbered(session, row, actor=actor, at=at, prefix=PREFIX))


def approve_subsidy(session: Session, *, actor: Actor, application_id: int, version: int,
                    at: datetime | None = None) -> int:
    """Approve an application: the fund request that pays it is made; returns the request's id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        application = get_for_update(session, SubsidyApplication, application_id)
        check_version(application, version)
        if application.status != SubsidyStatus.SUBMITTED:
            raise TransitionError("Not possible while the application is {status}", status=application.status)
        if not is_listed(session, application.enterprise_id):
            raise ValidationError("enterprise_id", "Only enterprises on the key-supply list may apply")
        request = insert_fund_request(
            session, actor=actor, at=at, purpose=Purpose.INTEREST_SUBSIDY.value, requested=application.expected,
            enterprise_id=application.enterprise_id, reserve_unit_id=None, order_ref=application.number,
            shortage_id=None, source_id=None, description=application.lender)
        update_row(session, application, {"status": SubsidyStatus.APPROVED.value, "fund_request_id": row_id(request)},
                   actor=actor, at=at, action="approve")
        return row_id(request)


def reject_subsidy(session: Session, *, actor: Actor, application_id: int, version: int, reason: str,
                   at: datetime | None = None) -> None:
    require_coordinator(actor)
    at = at or clock.now()
    text = validation.text(reason, field="reason", required=True, max_len=500)
    with write_transaction(session):
        application = get_for_update(session, SubsidyApplication, application_id)
        check_version(application, version)
        if application.status != SubsidyStatus.SUBMITTED:
            raise TransitionError("Not possible while the application is {status}", status=application.status)
        update_row(session, application, {"status": SubsidyStatus.REJECTED.value, "reason": text}, actor=actor,
                   at=at, action="reject")
