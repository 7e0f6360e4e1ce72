"""The allocation screen's lists, read from the tables: requests, allocation orders, deliveries waiting
for their signature.

Each list is a window in SQL (``PageRequest`` → ``Page``) of plain rows; the sums a row shows
(allocated, dispatched, signed for) are read from the columns kept by the commands (``allocated`` on
a request line, ``dispatched`` on an allocation line) or summed over the few lines of the rows in the
window, never over a whole table. The text filter matches a document's number and the site's name
(Chinese, English, and its pinyin key once sites carry one). The details of one document are in
``allocation_detail``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from models import clock
from models.allocation import AllocationLine, AllocationOrder, AllocationStatus
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.reference import CatalogueItem
from models.requests import PRIORITY_RANK, Request, RequestLine, RequestStatus
from models.rules import UNSIGNED_AFTER
from models.search import like_pattern, query_terms
from models.services.paging import Page, PageRequest
from models.sites import Site

OPEN_REQUEST = (RequestStatus.SUBMITTED.value, RequestStatus.APPROVED.value)
_FROM, _TO = aliased(Site), aliased(Site)
PRIORITY_ORDER = case({p.value: -rank for p, rank in PRIORITY_RANK.items()}, value=Request.priority, else_=0)


@dataclass(frozen=True)
class ItemName:
    """An item as a row names it: Chinese and English name, and its unit."""

    name: str
    name_en: str
    unit: str


@dataclass(frozen=True)
class RequestRow:
    id: int
    number: str
    site_name: str
    site_name_en: str
    district: str
    priority: str
    status: str
    requested_at: datetime
    need_by: date | None
    verbal: bool
    items: tuple[ItemName, ...]
    requested: int
    approved: int | None  # None: nothing approved yet
    allocated: int  # by live orders (gross: what was rejected at delivery included)
    dispatched: int
    signed: int  # accepted at signed deliveries
    #: approved (or asked, before approval) less (allocated − rejected at delivery), on open
    #: requests: ``RequestLine.outstanding`` summed
    outstanding: int
    age_minutes: int
    version: int


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    request_number: str
    from_name: str
    from_name_en: str
    to_name: str
    to_name_en: str
    status: str
    issued_at: datetime
    verbal: bool
    paper_due: datetime | None
    paper_no: str | None
    overdue: bool  # a verbal order whose written order is late
    items: tuple[ItemName, ...]
    quantity: int
    dispatched: int
    version: int


@dataclass(frozen=True)
class DispatchRow:
    id: int
    number: str
    order_number: str
    from_name: str
    from_name_en: str
    to_name: str
    to_name_en: str
    status: str
    dispatched_at: datetime
    delivered_by: str
    vehicle: str | None
    items: tuple[ItemName, ...]
    shipped: int
    age_minutes: int
    late: bool  # not signed for UNSIGNED_AFTER after it left
    version: int


def _site_matches(site: Any, pattern: str) -> ColumnElement[bool]:
    return or_(func.lower(site.name).like(pattern, escape="\\"), func.lower(site.name_en).like(pattern, escape="\\"),
               site.search_key.like(pattern, escape="\\"))


def _number(column: Any, pattern: str) -> ColumnElement[bool]:
    return func.lower(column).like(pattern, escape="\\")


def _minutes(since: datetime, now: datetime) -> int:
    return max(0, int((now - since).total_seconds() // 60))


def _items(session: Session, model: Any, key: Any, ids: list[int]) -> dict[int, tuple[ItemName, ...]]:
    """The items of the lines of each document in ``ids`` (once each, in line order)."""
    found: dict[int, list[ItemName]] = {i: [] for i in ids}
    if not ids:
        return {}
    rows = session.execute(
        select(key, CatalogueItem.name, CatalogueItem.name_en, CatalogueItem.unit)
        .join(CatalogueItem, CatalogueItem.id == model.item_id).where(key.in_(ids)).order_by(key, model.id))
    for doc_id, name, name_en, unit in rows:
        item = ItemName(name, name_en, unit)
        if item not in found[doc_id]:
            found[doc_id].append(item)
    return {i: tuple(v) for i, v in found.items()}


# ---- requests ----------------------------------------------------------------------------------------


def _request_where(request: PageRequest) -> list[ColumnElement[bool]]:
    clauses = [or_(_number(Request.number, p), _site_matches(Site, p))
               for p in map(like_pattern, query_terms(request.query))]
    if request.filters.get("open"):
        clauses.append(col(Request.status).in_(OPEN_REQUEST))
    return clauses


def count_requests(session: Session, *, request: PageRequest) -> int:
    stmt = select(func.count()).select_from(Request).join(Site, Site.id == Request.site_id).where(
        *_request_where(request))
    return int(session.execute(stmt).scalar_one())


def list_requests(session: Session, *, request: PageRequest) -> Page[RequestRow]:
    """Open requests first, the most pressing priority first (emergency, urgent, routine), then the
    oldest. Filter ``open``: only those still waiting (submitted or approved)."""
    from models.reference import District

    now = clock.now()
    open_first = case((col(Request.status).in_(OPEN_REQUEST), 0), else_=1)
    ids = list(session.execute(
        select(Request.id).join(Site, Site.id == Request.site_id).where(*_request_where(request))
        .order_by(open_first, PRIORITY_ORDER, Request.requested_at, Request.id)
        .offset(request.offset).limit(request.limit)).scalars())
    if not ids:
        return Page(rows=[], offset=request.offset)
    sums = {row[0]: row[1:] for row in session.execute(
        select(RequestLine.request_id, func.sum(RequestLine.requested), func.sum(RequestLine.approved),
               func.count(RequestLine.approved), func.sum(RequestLine.allocated),
               func.sum(func.coalesce(RequestLine.approved, RequestLine.requested) - RequestLine.allocated))
        .where(col(RequestLine.request_id).in_(ids)).group_by(RequestLine.request_id))}
    dispatched = dict(session.execute(
        select(AllocationOrder.request_id, func.sum(AllocationLine.dispatched))
        .join(AllocationLine, AllocationLine.order_id == AllocationOrder.id)
        .where(col(AllocationOrder.request_id).in_(ids), AllocationOrder.status != AllocationStatus.CANCELLED.value)
        .group_by(AllocationOrder.request_id)).all())
    signed = {rid: (accepted, rejected) for rid, accepted, rejected in session.execute(
        select(AllocationOrder.request_id, func.sum(DispatchLine.accepted), func.sum(DispatchLine.rejected))
        .join(Dispatch, Dispatch.order_id == AllocationOrder.id)
        .join(DispatchLine, DispatchLine.dispatch_id == Dispatch.id)
        .where(col(AllocationOrder.request_id).in_(ids), Dispatch.status == DispatchStatus.SIGNED.value)
        .group_by(AllocationOrder.request_id)).all()}
    items = _items(session, RequestLine, RequestLine.request_id, ids)
    heads = {r.id: (r, site, district) for r, site, district in session.execute(
        select(Request, Site, District.name).join(Site, Site.id == Request.site_id)
        .outerjoin(District, District.id == Site.district_id).where(col(Request.id).in_(ids)))}
    rows = []
    for id_ in ids:
        r, site, district = heads[id_]
        requested, approved, n_approved, allocated, left = sums.get(id_, (0, None, 0, 0, 0))
        accepted, rejected = signed.get(id_, (0, 0))
        rows.append(RequestRow(
            id=id_, number=r.number, site_name=site.name, site_name_en=site.name_en, district=district or "",
            priority=r.priority, status=r.status, requested_at=r.requested_at, need_by=r.need_by, verbal=r.verbal,
            items=items.get(id_, ()), requested=int(requested or 0),
            approved=int(approved or 0) if n_approved else None,
            allocated=int(allocated or 0) + int(rejected or 0),
            dispatched=int(dispatched.get(id_) or 0), signed=int(accepted or 0),
            outstanding=max(0, int(left or 0)) if r.status in OPEN_REQUEST else 0,
            age_minutes=_minutes(r.requested_at, now), version=r.version))
    return Page(rows=rows, offset=request.offset)


# ---- allocation orders -------------------------------------------------------------------------------


def _order_where(request: PageRequest) -> list[ColumnElement[bool]]:
    clauses = [or_(_number(AllocationOrder.number, p), _number(func.coalesce(AllocationOrder.paper_no, ""), p),
                   _site_matches(_FROM, p), _site_matches(_TO, p))
               for p in map(like_pattern, query_terms(request.query))]
    if request.filters.get("paper_missing"):
        clauses.append(and_(AllocationOrder.verbal == True, col(AllocationOrder.paper_no).is_(None)))  # noqa: E712
    return clauses


def _order_joins(stmt: Any) -> Any:
    return (stmt.join(_FROM, _FROM.id == AllocationOrder.from_site_id)
            .join(_TO, _TO.id == AllocationOrder.to_site_id))


def count_orders(session: Session, *, request: PageRequest) -> int:
    stmt = _order_joins(select(func.count()).select_from(AllocationOrder)).where(*_order_where(request))
    return int(session.execute(stmt).scalar_one())


def list_orders(session: Session, *, request: PageRequest) -> Page[OrderRow]:
    """Orders still to leave first, then the newest; a verbal order whose paper is missing says when
    it is due and whether it is overdue."""
    now = clock.now()
    live = case((col(AllocationOrder.status) == AllocationStatus.ISSUED.value, 0), else_=1)
    ids = list(session.execute(
        _order_joins(select(AllocationOrder.id)).where(*_order_where(request))
        .order_by(live, AllocationOrder.issued_at.desc(), AllocationOrder.id.desc())
        .offset(request.offset).limit(request.limit)).scalars())
    if not ids:
        return Page(rows=[], offset=request.offset)
    sums = {row[0]: row[1:] for row in session.execute(
        select(AllocationLine.order_id, func.sum(AllocationLine.quantity), func.sum(AllocationLine.dispatched))
        .where(col(AllocationLine.order_id).in_(ids)).group_by(AllocationLine.order_id))}
    items = _items(session, AllocationLine, AllocationLine.order_id, ids)
    heads = {o.id: (o, number, f, t) for o, number, f, t in session.execute(
        _order_joins(select(AllocationOrder, Request.number, _FROM, _TO))
        .join(Request, Request.id == AllocationOrder.request_id).where(col(AllocationOrder.id).in_(ids)))}
    rows = []
    for id_ in ids:
        o, number, f, to = heads[id_]
        quantity, dispatched = sums.get(id_, (0, 0))
        rows.append(OrderRow(
            id=id_, number=o.number, request_number=number, from_name=f.name, from_name_en=f.name_en,
            to_name=to.name, to_name_en=to.name_en, status=o.status, issued_at=o.issued_at, verbal=o.verbal,
            paper_due=o.paper_due, paper_no=o.paper_no, overdue=paper_overdue(o, now), items=items.get(id_, ()),
            quantity=int(quantity or 0), dispatched=int(dispatched or 0), version=o.version))
    return Page(rows=rows, offset=request.offset)


def paper_overdue(order: AllocationOrder, now: datetime) -> bool:
    """A verbal order not cancelled whose written order has not come by its due time."""
    return (order.verbal and order.paper_no is None and order.paper_due is not None and now > order.paper_due
            and order.status != AllocationStatus.CANCELLED.value)


# ---- deliveries waiting for a signature ------------------------------------------------------------------


def _dispatch_where(request: PageRequest) -> list[ColumnElement[bool]]:
    clauses = [or_(_number(Dispatch.number, p), _number(AllocationOrder.number, p), _site_matches(_FROM, p),
                   _site_matches(_TO, p), func.lower(Dispatch.delivered_by).like(p, escape="\\"))
               for p in map(like_pattern, query_terms(request.query))]
    if not request.filters.get("signed_too"):
        clauses.append(col(Dispatch.status) == DispatchStatus.IN_TRANSIT.value)
    return clauses


def _dispatch_joins(stmt: Any) -> Any:
    return _order_joins(stmt.join(AllocationOrder, AllocationOrder.id == Dispatch.order_id))


def count_unsigned(session: Session, *, request: PageRequest) -> int:
    stmt = _dispatch_joins(select(func.count()).select_from(Dispatch)).where(*_dispatch_where(request))
    return int(session.execute(stmt).scalar_one())


def list_unsigned(session: Session, *, request: PageRequest) -> Page[DispatchRow]:
    """Deliveries in transit, the longest on the road first; ``late`` past ``rules.UNSIGNED_AFTER``.
    Filter ``signed_too``: the signed ones as well."""
    now = clock.now()
    ids = list(session.execute(
        _dispatch_joins(select(Dispatch.id)).where(*_dispatch_where(request))
        .order_by(Dispatch.dispatched_at, Dispatch.id).offset(request.offset).limit(request.limit)).scalars())
    if not ids:
        return Page(rows=[], offset=request.offset)
    shipped = dict(session.execute(
        select(DispatchLine.dispatch_id, func.sum(DispatchLine.shipped))
        .where(col(DispatchLine.dispatch_id).in_(ids)).group_by(DispatchLine.dispatch_id)).all())
    items = _items(session, DispatchLine, DispatchLine.dispatch_id, ids)
    heads = {d.id: (d, number, f, to) for d, number, f, to in session.execute(
        _dispatch_joins(select(Dispatch, AllocationOrder.number, _FROM, _TO)).where(col(Dispatch.id).in_(ids)))}
    rows = []
    for id_ in ids:
        d, number, f, to = heads[id_]
        in_transit = d.status == DispatchStatus.IN_TRANSIT.value
        rows.append(DispatchRow(
            id=id_, number=d.number, order_number=number, from_name=f.name, from_name_en=f.name_en,
            to_name=to.name, to_name_en=to.name_en, status=d.status, dispatched_at=d.dispatched_at,
            delivered_by=d.delivered_by, vehicle=d.vehicle, items=items.get(id_, ()),
            shipped=int(shipped.get(id_) or 0), age_minutes=_minutes(d.dispatched_at, now),
            late=in_transit and now - d.dispatched_at > UNSIGNED_AFTER, version=d.version))
    return Page(rows=rows, offset=request.offset)


__all__ = ["DispatchRow", "ItemName", "OrderRow", "RequestRow", "count_orders", "count_requests", "count_unsigned",
           "list_orders", "list_requests", "list_unsigned", "paper_overdue"]
