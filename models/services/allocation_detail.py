"""One allocation document in full: a request with its lines and orders, an order with its lines, the
lots picked for them and its dispatches, a dispatch with what each line shipped and what was accepted
or refused. Also what the allocation forms pick from: sites, and what a warehouse has available.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from models import clock
from models.allocation import AllocationLine, AllocationOrder, AllocationPick, AllocationStatus
from models.delivery import Dispatch, DispatchLine, DispatchStatus
from models.errors import NotFoundError
from models.lots import Lot
from models.reference import CatalogueItem, District
from models.requests import Request, RequestLine
from models.rules import UNSIGNED_AFTER
from models.search import like_pattern, query_terms
from models.services.allocation_views import ItemName, paper_overdue
from models.services.choices import Choice
from models.services.donation_direction import barred_lines
from models.sites import Site, SiteKind
from models.stock import StockBalance, available_sql


@dataclass(frozen=True)
class SiteName:
    id: int
    name: str
    name_en: str
    district: str
    kind: str
    designated: bool


@dataclass(frozen=True)
class RequestLineView:
    id: int
    item_id: int
    item: ItemName
    spec: str | None
    requested: int
    approved: int | None
    approve_reason: str | None
    allocated: int

    @property
    def to_allocate(self) -> int:
        """What is still to allocate: the approved quantity (the asked one before approval) less what
        was allocated and not rejected at delivery (``RequestLine.outstanding``) — the request
        list's "to fill" summed per line."""
        return max(0, (self.requested if self.approved is None else self.approved) - self.allocated)


@dataclass(frozen=True)
class DocRef:
    """Another document a detail lists: its id, number and status."""

    id: int
    number: str
    status: str


@dataclass(frozen=True)
class RequestDetail:
    id: int
    number: str
    site: SiteName
    priority: str
    status: str
    requested_at: datetime
    need_by: date | None
    contact_person: str | None
    phone: str | None
    verbal: bool
    reason: str | None
    notes: str | None
    lines: tuple[RequestLineView, ...]
    orders: tuple[DocRef, ...]
    version: int


@dataclass(frozen=True)
class PickView:
    lot_code: str
    expiry: date | None
    grade: str | None
    quantity: int
    dispatched: int


@dataclass(frozen=True)
class OrderLineView:
    id: int
    item: ItemName
    quantity: int
    dispatched: int
    picks: tuple[PickView, ...]


@dataclass(frozen=True)
class OrderDetail:
    id: int
    number: str
    request_id: int
    request_number: str
    source: SiteName
    target: SiteName
    place: str | None
    receiver: str
    receiver_phone: str
    sender: str
    sender_phone: str
    status: str
    issued_at: datetime
    verbal: bool
    paper_due: datetime | None
    paper_no: str | None
    overdue: bool
    reason: str | None
    lines: tuple[OrderLineView, ...]
    dispatches: tuple[DocRef, ...]
    version: int


@dataclass(frozen=True)
class DispatchLineView:
    id: int
    item: ItemName
    lot_code: str
    expiry: date | None
    shipped: int
    accepted: int | None
    rejected: int
    reason: str | None


@dataclass(frozen=True)
class DispatchDetail:
    id: int
    number: str
    order_id: int
    order_number: str
    source: SiteName
    target: SiteName
    status: str
    dispatched_at: datetime
    delivered_by: str
    vehicle: str | None
    phone: str | None
    signed_at: datetime | None
    received_by: str | None
    counted_together: bool
    late: bool
    lines: tuple[DispatchLineView, ...]
    version: int


def _site(session: Session, site_id: int) -> SiteName:
    row = session.execute(select(Site, District.name).outerjoin(District, District.id == Site.district_id)
                          .where(Site.id == site_id)).first()
    if row is None:
        raise NotFoundError("No {table} with id {id}", table="site", id=site_id)
    site, district = row
    return SiteName(site_id, site.name, site.name_en, district or "", site.kind, site.designated)


def _item(item: CatalogueItem) -> ItemName:
    return ItemName(item.name, item.name_en, item.unit)


def request_detail(session: Session, *, request_id: int) -> RequestDetail:
    r = session.get(Request, request_id, populate_existing=True)
    if r is None:
        raise NotFoundError("No {table} with id {id}", table="request", id=request_id)
    lines = tuple(RequestLineView(line.id or 0, line.item_id, _item(item), line.spec, line.requested, line.approved,
                                  line.approve_reason, line.allocated)
                  for line, item in session.execute(
                      select(RequestLine, CatalogueItem).join(CatalogueItem, CatalogueItem.id == RequestLine.item_id)
                      .where(RequestLine.request_id == request_id).order_by(RequestLine.id)))
    orders = tuple(DocRef(o.id or 0, o.number, o.status) for o in session.execute(
        select(AllocationOrder).where(AllocationOrder.request_id == request_id).order_by(AllocationOrder.id)).scalars())
    return RequestDetail(request_id, r.number, _site(session, r.site_id), r.priority, r.status, r.requested_at,
                         r.need_by, r.contact_person, r.phone, r.verbal, r.reason, r.notes, lines, orders, r.version)


def order_detail(session: Session, *, order_id: int) -> OrderDetail:
    o = session.get(AllocationOrder, order_id, populate_existing=True)
    if o is None:
        raise NotFoundError("No {table} with id {id}", table="allocationorder", id=order_id)
    request_number = session.execute(select(Request.number).where(Request.id == o.request_id)).scalar_one()
    picks: dict[int, list[PickView]] = {}
    for pick, lot in session.execute(
            select(AllocationPick, Lot).join(Lot, Lot.id == AllocationPick.lot_id)
            .join(AllocationLine, AllocationLine.id == AllocationPick.line_id)
            .where(AllocationLine.order_id == order_id).order_by(AllocationPick.id)):
        picks.setdefault(pick.line_id, []).append(
            PickView(lot.code, lot.expiry, lot.grade, pick.quantity, pick.dispatched))
    lines = tuple(OrderLineView(line.id or 0, _item(item), line.quantity, line.dispatched,
                                tuple(picks.get(line.id or 0, ())))
                  for line, item in session.execute(
                      select(AllocationLine, CatalogueItem)
                      .join(CatalogueItem, CatalogueItem.id == AllocationLine.item_id)
                      .where(AllocationLine.order_id == order_id).order_by(AllocationLine.id)))
    dispatches = tuple(DocRef(d.id or 0, d.number, d.status) for d in session.execute(
        select(Dispatch).where(Dispatch.order_id == order_id).order_by(Dispatch.id)).scalars())
    return OrderDetail(order_id, o.number, o.request_id, request_number, _site(session, o.from_site_id),
                       _site(session, o.to_site_id), o.place, o.receiver, o.receiver_phone, o.sender, o.sender_phone,
                       o.status, o.issued_at, o.verbal, o.paper_due, o.paper_no, paper_overdue(o, clock.now()),
                       o.reason, lines, dispatches, o.version)


def dispatch_detail(session: Session, *, dispatch_id: int) -> DispatchDetail:
    d = session.get(Dispatch, dispatch_id, populate_existing=True)
    if d is None:
        raise NotFoundError("No {table} with id {id}", table="dispatch", id=dispatch_id)
    o = session.get(AllocationOrder, d.order_id)
    assert o is not None  # a dispatch's order is never deleted
    lines = tuple(DispatchLineView(line.id or 0, _item(item), lot.code, lot.expiry, line.shipped, line.accepted,
                                   line.rejected, line.reject_reason)
                  for line, item, lot in session.execute(
                      select(DispatchLine, CatalogueItem, Lot)
                      .join(CatalogueItem, CatalogueItem.id == DispatchLine.item_id)
                      .join(Lot, Lot.id == DispatchLine.lot_id)
                      .where(DispatchLine.dispatch_id == dispatch_id).order_by(DispatchLine.id)))
    late = d.status == DispatchStatus.IN_TRANSIT.value and clock.now() - d.dispatched_at > UNSIGNED_AFTER
    return DispatchDetail(dispatch_id, d.number, o.id or 0, o.number, _site(session, o.from_site_id),
                          _site(session, o.to_site_id), d.status, d.dispatched_at, d.delivered_by, d.vehicle, d.phone,
                          d.signed_at, d.received_by, d.counted_together, late, lines, d.version)


# ---- what the forms pick from --------------------------------------------------------------------------


def site_choices(session: Session, *, query: str = "", warehouses: bool | None = None, limit: int = 20) -> list[Choice]:
    """Sites matching ``query`` (name, English name, code, pinyin key), for a picker; ``warehouses``
    True: only warehouses, False: only the sites that receive (hospitals and units)."""
    stmt = (select(Site.id, Site.name, Site.name_en, Site.search_key, District.name)
            .outerjoin(District, District.id == Site.district_id).where(Site.archived == False))  # noqa: E712
    if warehouses is not None:
        kind = col(Site.kind) == SiteKind.WAREHOUSE.value
        stmt = stmt.where(kind if warehouses else ~kind)
    for term in query_terms(query):
        p = like_pattern(term)
        stmt = stmt.where(or_(func.lower(Site.name).like(p, escape="\\"), func.lower(Site.name_en).like(p, escape="\\"),
                              func.lower(Site.code).like(p, escape="\\"), Site.search_key.like(p, escape="\\")))
    rows = session.execute(stmt.order_by(Site.name).limit(limit)).all()
    return [Choice(id_, name, name_en, key, district or "") for id_, name, name_en, key, district in rows]


def available_at(session: Session, *, site_id: int, item_ids: list[int], today: date | None = None,
                 for_site_id: int | None = None) -> dict[int, int]:
    """What the warehouse may still allocate of each item: on hand less quarantined and reserved,
    nothing of a lot expired by ``today`` (default the clock's; ``models.stock.available_sql``);
    for ``for_site_id``, nothing of a directed gift to another recipient (``donation_direction``)."""
    today = today or clock.today()
    query = (select(StockBalance.item_id, func.sum(available_sql(today)))
             .join(Lot, Lot.id == StockBalance.lot_id)
             .where(StockBalance.site_id == site_id, col(StockBalance.item_id).in_(item_ids)))
    if for_site_id is not None:
        query = query.where(or_(col(Lot.donation_line_id).is_(None),
                                col(Lot.donation_line_id).not_in(barred_lines(for_site_id))))
    rows = session.execute(query.group_by(StockBalance.item_id)).all()
    found = {item_id: int(total or 0) for item_id, total in rows}
    return {item_id: found.get(item_id, 0) for item_id in item_ids}


def warehouses_for(session: Session, *, site_id: int, item_ids: list[int]) -> list[Choice]:
    """The warehouses a request may be allocated from, the one with the most available of its items
    first (by name among equals), never the requesting site itself (a district depot asking)."""
    choices = [c for c in site_choices(session, warehouses=True, limit=200) if c.id != site_id]
    stock = {c.id: sum(available_at(session, site_id=c.id, item_ids=item_ids, for_site_id=site_id or None).values())
             for c in choices}
    return sorted(choices, key=lambda c: -stock[c.id])


def item_choices(session: Session) -> list[tuple[int, str, str, str]]:
    """Catalogue items as (id, name, English name, unit), for the lines of a new request."""
    return [(id_ or 0, name, name_en, unit) for id_, name, name_en, unit in session.execute(
        select(CatalogueItem.id, CatalogueItem.name, CatalogueItem.name_en, CatalogueItem.unit)
        .order_by(CatalogueItem.code))]


def live_order(status: str) -> bool:
    return status == AllocationStatus.ISSUED.value


__all__ = ["DispatchDetail", "DispatchLineView", "DocRef", "OrderDetail", "OrderLineView", "PickView", "RequestDetail",
           "RequestLineView", "SiteName", "available_at", "dispatch_detail", "item_choices", "order_detail",
           "request_detail", "site_choices"]
