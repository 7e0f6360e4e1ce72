"""The funds screen's lists, read from the tables: sources, fund requests, the key-supply list and
the interest-subsidy applications; and the choices its forms offer.

Each list is a window in SQL of plain rows; a source's approved and paid figures are the columns
the commands keep. The text filter matches a number and a name (an enterprise's pinyin key too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlmodel import Session, col

from models.base import ShortageKind
from models.enterprise import Enterprise
from models.funds import FundRequest, FundRequestStatus, FundSource
from models.rules import ACTIVE_SHORTAGE
from models.search import like_pattern, query_terms
from models.services.paging import Page, PageRequest
from models.shortage import Shortage
from models.subsidies import KeySupplyEnterprise, SubsidyApplication
from models.supply import Supplier


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    name_en: str
    kind: str
    available: int  # fen
    approved: int
    disbursed: int
    document: str
    version: int

    @property
    def left(self) -> int:
        return self.available - self.approved


@dataclass(frozen=True)
class FundRequestRow:
    id: int
    number: str
    beneficiary: str
    reserve_unit: bool
    purpose: str
    requested: int
    approved: int | None
    disbursed: int
    status: str
    source_id: int | None
    source: str
    source_en: str
    shortage_id: int | None
    order_ref: str | None
    requested_at: datetime
    version: int


@dataclass(frozen=True)
class KeySupplyRow:
    id: int
    enterprise_id: int
    enterprise: str
    level: str
    category: str
    listed_on: date
    active: bool
    version: int


@dataclass(frozen=True)
class SubsidyRow:
    id: int
    number: str
    enterprise: str
    lender: str
    principal: int
    rate_bp: int
    start: date
    end: date
    expected: int
    status: str
    version: int


def _terms(query: str) -> list[str]:
    return [like_pattern(term) for term in query_terms(query)]


def _like(column: Any, pattern: str) -> ColumnElement[bool]:
    return func.lower(column).like(pattern, escape="\\")


# ---- sources -----------------------------------------------------------------------------------------


def _source_where(request: PageRequest) -> list[ColumnElement[bool]]:
    return [col(FundSource.archived).is_(False),
            *(or_(_like(FundSource.name, p), _like(FundSource.name_en, p), _like(FundSource.document, p))
              for p in _terms(request.query))]


def count_sources(session: Session, *, request: PageRequest) -> int:
    return int(session.execute(select(func.count()).select_from(FundSource).where(*_source_where(request)))
               .scalar_one())


def list_sources(session: Session, *, request: PageRequest) -> Page[SourceRow]:
    """Sources in the order they were recorded."""
    rows = session.execute(select(FundSource).where(*_source_where(request)).order_by(FundSource.id)
                           .offset(request.offset).limit(request.limit)).scalars()
    return Page(rows=[SourceRow(id=r.id, name=r.name, name_en=r.name_en, kind=r.kind,
                                available=r.available, approved=r.approved, disbursed=r.disbursed,
                                document=r.document, version=r.version) for r in rows], offset=request.offset)


# ---- requests ----------------------------------------------------------------------------------------

_BENEFICIARY = func.coalesce(Enterprise.name, Supplier.name)


def _request_base() -> Any:
    return (select(FundRequest, _BENEFICIARY, FundSource.name, FundSource.name_en)
            .outerjoin(Enterprise, Enterprise.id == FundRequest.enterprise_id)
            .outerjoin(Supplier, Supplier.id == FundRequest.reserve_unit_id)
            .outerjoin(FundSource, FundSource.id == FundRequest.source_id))


def _request_where(request: PageRequest) -> list[ColumnElement[bool]]:
    clauses = [or_(_like(FundRequest.number, p), _like(Enterprise.name, p), Enterprise.search_key.like(p, escape="\\"),
                   _like(Supplier.name, p), _like(func.coalesce(FundRequest.order_ref, ""), p))
               for p in _terms(request.query)]
    if request.filters.get("pending"):
        clauses.append(col(FundRequest.status).in_((FundRequestStatus.SUBMITTED.value,
                                                    FundRequestStatus.APPROVED.value)))
    return clauses


def count_fund_requests(session: Session, *, request: PageRequest) -> int:
    stmt = (select(func.count()).select_from(FundRequest)
            .outerjoin(Enterprise, Enterprise.id == FundRequest.enterprise_id)
            .outerjoin(Supplier, Supplier.id == FundRequest.reserve_unit_id).where(*_request_where(request)))
    return int(session.execute(stmt).scalar_one())


#: waiting for approval first, then waiting for payment, then the rest; the oldest first
_PENDING_FIRST = case({FundRequestStatus.SUBMITTED.value: 0, FundRequestStatus.APPROVED.value: 1},
                      value=FundRequest.status, else_=2)


def list_fund_requests(session: Session, *, request: PageRequest) -> Page[FundRequestRow]:
    rows = session.execute(_request_base().where(*_request_where(request))
                           .order_by(_PENDING_FIRST, FundRequest.requested_at, FundRequest.id)
                           .offset(request.offset).limit(request.limit)).all()
    return Page(rows=[_request_row(r, name, source, source_en) for r, name, source, source_en in rows],
                offset=request.offset)


def _request_row(r: FundRequest, name: str | None, source: str | None, source_en: str | None) -> FundRequestRow:
    return FundRequestRow(
        id=r.id, number=r.number, beneficiary=name or "", reserve_unit=r.reserve_unit_id is not None,  # type: ignore[arg-type]
        purpose=r.purpose, requested=r.requested, approved=r.approved, disbursed=r.disbursed, status=r.status,
        source_id=r.source_id, source=source or "", source_en=source_en or "", shortage_id=r.shortage_id,
        order_ref=r.order_ref, requested_at=r.requested_at, version=r.version)


def fund_request(session: Session, *, request_id: int) -> FundRequestRow | None:
    """One request as its row (the forms read it fresh)."""
    found = session.execute(_request_base().where(FundRequest.id == request_id)).first()
    return _request_row(*found) if found else None


def last_payment(session: Session, *, request_id: int) -> int | None:
    """The id of the request's latest payment not reversed (what ``r`` offers to reverse)."""
    from sqlalchemy.orm import aliased

    from models.funds import Disbursement

    reversal = aliased(Disbursement)
    return session.execute(
        select(Disbursement.id).outerjoin(reversal, reversal.reverses_id == Disbursement.id)
        .where(Disbursement.request_id == request_id, Disbursement.amount > 0, col(reversal.id).is_(None))
        .order_by(col(Disbursement.id).desc()).limit(1)).scalar()


# ---- the key-supply list and the subsidies -------------------------------------------------------------


def count_key_supply(session: Session, *, request: PageRequest) -> int:
    stmt = select(func.count()).select_from(KeySupplyEnterprise).join(
        Enterprise, Enterprise.id == KeySupplyEnterprise.enterprise_id).where(*_key_where(request))
    return int(session.execute(stmt).scalar_one())


def _key_where(request: PageRequest) -> list[ColumnElement[bool]]:
    return [or_(_like(Enterprise.name, p), Enterprise.search_key.like(p, escape="\\"),
                _like(KeySupplyEnterprise.category, p)) for p in _terms(request.query)]


def list_key_supply(session: Session, *, request: PageRequest) -> Page[KeySupplyRow]:
    """Listed enterprises first, national before local, then by name."""
    rows = session.execute(
        select(KeySupplyEnterprise, Enterprise.name)
        .join(Enterprise, Enterprise.id == KeySupplyEnterprise.enterprise_id)
        .where(*_key_where(request))
        .order_by(col(KeySupplyEnterprise.active).desc(), KeySupplyEnterprise.level, Enterprise.sort_key)
        .offset(request.offset).limit(request.limit)).all()
    return Page(rows=[KeySupplyRow(id=k.id, enterprise_id=k.enterprise_id, enterprise=name, level=k.level,
                                   category=k.category, listed_on=k.listed_on, active=k.active, version=k.version)
                      for k, name in rows], offset=request.offset)


def _subsidy_where(request: PageRequest) -> list[ColumnElement[bool]]:
    return [or_(_like(SubsidyApplication.number, p), _like(Enterprise.name, p),
                Enterprise.search_key.like(p, escape="\\"), _like(SubsidyApplication.lender, p))
            for p in _terms(request.query)]


def count_subsidies(session: Session, *, request: PageRequest) -> int:
    stmt = select(func.count()).select_from(SubsidyApplication).join(
        Enterprise, Enterprise.id == SubsidyApplication.enterprise_id).where(*_subsidy_where(request))
    return int(session.execute(stmt).scalar_one())


def list_subsidies(session: Session, *, request: PageRequest) -> Page[SubsidyRow]:
    rows = session.execute(
        select(SubsidyApplication, Enterprise.name).join(Enterprise, Enterprise.id == SubsidyApplication.enterprise_id)
        .where(*_subsidy_where(request)).order_by(col(SubsidyApplication.id).desc())
        .offset(request.offset).limit(request.limit)).all()
    return Page(rows=[SubsidyRow(id=a.id, number=a.number, enterprise=name, lender=a.lender,
                                 principal=a.principal, rate_bp=a.rate_bp, start=a.start_date, end=a.end_date,
                                 expected=a.expected, status=a.status, version=a.version)
                      for a, name in rows], offset=request.offset)


# ---- choices -------------------------------------------------------------------------------------------


def source_choices(session: Session) -> list[tuple[int, str, str, int]]:
    """(id, name, English name, fen left) of the sources money may be approved from."""
    rows = session.execute(select(FundSource.id, FundSource.name, FundSource.name_en,
                                  FundSource.available - FundSource.approved)
                           .where(col(FundSource.archived).is_(False)).order_by(FundSource.id)).all()
    return [(int(i), name, en, int(left)) for i, name, en, left in rows]


def funding_shortages(session: Session) -> list[tuple[int, int, str, str]]:
    """(shortage id, enterprise id, enterprise name, description) of the open funding shortages."""
    rows = session.execute(
        select(Shortage.id, Shortage.enterprise_id, Enterprise.name, func.coalesce(Shortage.description, ""))
        .join(Enterprise, Enterprise.id == Shortage.enterprise_id)
        .where(Shortage.kind == ShortageKind.FUNDING.value, col(Shortage.status).in_(ACTIVE_SHORTAGE))
        .order_by(Shortage.reported_at)).all()
    return [(int(s), int(e), name, text) for s, e, name, text in rows]


def reserve_units(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(select(Supplier.id, Supplier.name).where(col(Supplier.reserve_unit).is_(True),
                                                                    col(Supplier.archived).is_(False))
                           .order_by(Supplier.id)).all()
    return [(int(i), name) for i, name in rows]


@dataclass(frozen=True)
class PaymentRow:
    id: int
    voucher_no: str
    amount: int  # negative: a reversal
    reverses_id: int | None
    paid_at: datetime
    by: str
    note: str | None


@dataclass(frozen=True)
class FundRequestDetail:
    row: FundRequestRow
    description: str | None
    reason: str | None
    approver: str | None
    approved_at: datetime | None
    shortage_status: str | None
    payments: tuple[PaymentRow, ...]


def fund_request_detail(session: Session, *, request_id: int) -> FundRequestDetail | None:
    """A request in full: its row, who approved it, its funding shortage's status, every payment."""
    from models.funds import Disbursement

    row = fund_request(session, request_id=request_id)
    request = session.get(FundRequest, request_id)
    if row is None or request is None:
        return None
    shortage = session.get(Shortage, request.shortage_id) if request.shortage_id else None
    payments = session.execute(select(Disbursement).where(Disbursement.request_id == request_id)
                               .order_by(Disbursement.id)).scalars()
    return FundRequestDetail(
        row=row, description=request.description, reason=request.reason, approver=request.approver,
        approved_at=request.approved_at, shortage_status=shortage.status if shortage else None,
        payments=tuple(PaymentRow(id=p.id, voucher_no=p.voucher_no, amount=p.amount,
                                  reverses_id=p.reverses_id, paid_at=p.paid_at, by=p.created_by or "", note=p.note)
                       for p in payments))
