"""The funds' figures of a period, for the dashboard (today) and the brief (the 24 hours to its time):
approved and paid in the period, requests pending, and per source what is available, approved and
paid.

Paid is summed from the disbursements, which are never changed (a reversal is a negative entry of
its own moment), so a period's payments and a source's paid-by-then are exact at any time. Approved
in the period counts the requests whose latest approval falls in it (an approval changed later
counts at its new moment and amount); a source's approved by then is its current figure less the
approvals made after.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from models import clock
from models.dashboard_view import FundFigures, SourceFigure
from models.funds import Disbursement, FundRequest, FundRequestStatus, FundSource


def fund_figures(session: Session, *, since: datetime, until: datetime) -> FundFigures:
    live = FundRequest.status != FundRequestStatus.REJECTED.value
    approved_then = and_(live, col(FundRequest.approved_at).is_not(None), col(FundRequest.approved_at) <= until)
    in_period = and_(approved_then, col(FundRequest.approved_at) > since)
    approved, approved_requests = session.execute(
        select(func.coalesce(func.sum(FundRequest.approved), 0), func.count()).where(in_period)).one()
    paid_in = and_(col(Disbursement.paid_at) > since, col(Disbursement.paid_at) <= until)
    paid, payments = session.execute(select(func.coalesce(func.sum(Disbursement.amount), 0),
                                            func.count()).where(paid_in)).one()
    made = col(FundRequest.requested_at) <= until
    pending = session.execute(select(func.count()).select_from(FundRequest).where(
        made, live, or_(col(FundRequest.approved_at).is_(None), col(FundRequest.approved_at) > until))).scalar_one()
    to_pay = session.execute(select(func.count()).select_from(FundRequest).where(
        approved_then, FundRequest.disbursed < FundRequest.approved)).scalar_one()
    return FundFigures(approved=int(approved), approved_requests=int(approved_requests), paid=int(paid),
                       payments=int(payments), pending=int(pending), to_pay=int(to_pay),
                       by_source=tuple(_by_source(session, since, until)))


def funds_today(session: Session) -> FundFigures:
    """The figures since midnight (the dashboard's)."""
    now = clock.now()
    return fund_figures(session, since=datetime.combine(now.date(), time()), until=now)


def _by_source(session: Session, since: datetime, until: datetime) -> list[SourceFigure]:
    live = FundRequest.status != FundRequestStatus.REJECTED.value
    approved = dict(session.execute(
        select(FundRequest.source_id, func.sum(FundRequest.approved))
        .where(live, col(FundRequest.approved_at) <= until).group_by(FundRequest.source_id)).all())
    approved_in = dict(session.execute(
        select(FundRequest.source_id, func.sum(FundRequest.approved))
        .where(live, col(FundRequest.approved_at) <= until, col(FundRequest.approved_at) > since)
        .group_by(FundRequest.source_id)).all())
    paid = dict(session.execute(
        select(FundRequest.source_id, func.sum(Disbursement.amount))
        .join(FundRequest, FundRequest.id == Disbursement.request_id)
        .where(col(Disbursement.paid_at) <= until).group_by(FundRequest.source_id)).all())
    paid_in = dict(session.execute(
        select(FundRequest.source_id, func.sum(Disbursement.amount))
        .join(FundRequest, FundRequest.id == Disbursement.request_id)
        .where(col(Disbursement.paid_at) <= until, col(Disbursement.paid_at) > since)
        .group_by(FundRequest.source_id)).all())
    sources = session.execute(select(FundSource).where(col(FundSource.created_at) <= until)
                              .order_by(FundSource.id)).scalars().all()
    return [SourceFigure(name=s.name, name_en=s.name_en, kind=s.kind, available=s.available,
                         approved=int(approved.get(s.id) or 0), paid=int(paid.get(s.id) or 0),
                         approved_in_period=int(approved_in.get(s.id) or 0), paid_in_period=int(paid_in.get(s.id) or 0))
            for s in sources if not s.archived]
