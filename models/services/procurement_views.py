"""The procurement screen's lists: orders by status and need-by, the pipeline by item, consignments
on the way with their ETA, and lead times (order confirmed → first goods in).

Orders are a window in SQL (``PageRequest`` → ``Page``) reading the sums kept on their lines. Goods
are in transit while their consignment left and is not received (loaded less counted); a
consignment is overdue when its ETA has passed by the app's clock (``models.clock``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlmodel import Session, col

from models import clock
from models.procurement import OPEN_STATUSES, OrderStatus, PurchaseLine, PurchaseOrder
from models.reference import CatalogueItem
from models.search import like_pattern, query_terms
from models.services.goods_on_the_way import WEEK, ItemTransit, in_transit_by_item
from models.services.paging import Page, PageRequest
from models.sites import Site
from models.supply import Supplier
from models.transport import ON_THE_WAY, Consignment, ConsignmentLine, Leg


@dataclass(frozen=True)
class OrderRow:
    id: int
    number: str
    supplier: str
    channel: str
    status: str
    need_by: date | None
    urgent: bool
    owed: int  # ordered less cancelled
    shipped: int
    accepted: int
    late: bool  # open past its need-by date
    version: int


@dataclass(frozen=True)
class PipelineRow:
    item_id: int
    code: str
    name: str
    name_en: str
    unit: str
    on_order: int  # owed on open orders, not yet shipped
    in_transit: int
    this_week: int  # in transit with an ETA within a week
    overdue: int  # in transit past its ETA


@dataclass(frozen=True)
class ConsignmentRow:
    id: int
    number: str
    site_name: str
    site_name_en: str
    status: str
    mode: str  # the leg on the way now (the last departed)
    vehicle: str
    departed_at: datetime | None
    eta: datetime | None
    quantity: int  # loaded less counted in
    overdue: bool
    version: int


@dataclass(frozen=True)
class LeadTimeRow:
    supplier: str
    channel: str
    orders: int
    average_days: float
    longest_days: float


_OPEN_FIRST = case((col(PurchaseOrder.status).in_(OPEN_STATUSES), 0), else_=1)


def _order_where(request: PageRequest) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    status = request.filters.get("status")
    if status == "open":
        clauses.append(col(PurchaseOrder.status).in_(OPEN_STATUSES))
    elif status:
        clauses.append(col(PurchaseOrder.status) == status)
    for term in query_terms(request.query):
        pattern = like_pattern(term)
        clauses.append(or_(func.lower(PurchaseOrder.number).like(pattern, escape="\\"),
                           func.lower(Supplier.name).like(pattern, escape="\\")))
    return clauses


def count_orders(session: Session, *, request: PageRequest) -> int:
    query = (select(func.count()).select_from(PurchaseOrder)
             .join(Supplier, col(Supplier.id) == PurchaseOrder.supplier_id).where(*_order_where(request)))
    return int(session.execute(query).scalar_one())


def list_orders(session: Session, *, request: PageRequest) -> Page[OrderRow]:
    """Open orders first, the urgent and the earliest need-by first; then the others, newest first."""
    today = clock.today()
    query = (select(PurchaseOrder, Supplier.name).join(Supplier, col(Supplier.id) == PurchaseOrder.supplier_id)
             .where(*_order_where(request))
             .order_by(_OPEN_FIRST, col(PurchaseOrder.urgent).desc(), col(PurchaseOrder.need_by).is_(None),
                       col(PurchaseOrder.need_by), col(PurchaseOrder.id).desc())
             .offset(request.offset).limit(request.limit))
    heads = list(session.execute(query).all())
    ids = [order.id for order, _ in heads]
    sums: dict[int, Any] = {row[0]: row[1:] for row in session.execute(
        select(PurchaseLine.order_id, func.sum(PurchaseLine.quantity - PurchaseLine.cancelled),
               func.sum(PurchaseLine.shipped), func.sum(PurchaseLine.accepted))
        .where(col(PurchaseLine.order_id).in_(ids)).group_by(col(PurchaseLine.order_id)))} if ids else {}
    rows = []
    for order, supplier in heads:
        owed, shipped, accepted = (int(v or 0) for v in sums.get(order.id, (0, 0, 0)))
        rows.append(OrderRow(
            id=order.id, number=order.number, supplier=supplier, channel=order.channel, status=order.status,
            need_by=order.need_by, urgent=order.urgent, owed=owed, shipped=shipped, accepted=accepted,
            late=order.status in OPEN_STATUSES and order.need_by is not None and order.need_by < today,
            version=order.version))
    return Page(rows=rows, offset=request.offset)


def pipeline_by_item(session: Session) -> list[PipelineRow]:
    """Per catalogue item with anything ordered or on the way: the most arriving this week first."""
    on_order = dict(session.execute(
        select(PurchaseLine.item_id, func.sum(PurchaseLine.quantity - PurchaseLine.cancelled - PurchaseLine.shipped))
        .join(PurchaseOrder, col(PurchaseOrder.id) == PurchaseLine.order_id)
        .where(col(PurchaseOrder.status).in_(OPEN_STATUSES), col(PurchaseLine.item_id).is_not(None))
        .group_by(col(PurchaseLine.item_id))).all())
    transit = in_transit_by_item(session)
    ids = {i for i, q in on_order.items() if (q or 0) > 0} | set(transit)
    if not ids:
        return []
    items = session.execute(select(CatalogueItem).where(col(CatalogueItem.id).in_(ids))).scalars().all()
    rows = []
    for item in items:
        moves = transit.get(item.id or 0, ItemTransit())
        moving, week, late = moves.in_transit, moves.this_week, moves.overdue
        rows.append(PipelineRow(item_id=item.id or 0, code=item.code, name=item.name, name_en=item.name_en,
                                unit=item.unit, on_order=max(0, int(on_order.get(item.id) or 0)), in_transit=moving,
                                this_week=week, overdue=late))
    return sorted(rows, key=lambda r: (-r.this_week, -r.in_transit, r.code))


def consignments_on_way(session: Session, *, limit: int = 200) -> list[ConsignmentRow]:
    """Consignments that left and are not received: the overdue first, then by ETA."""
    now = clock.now()
    left = func.sum(ConsignmentLine.quantity - ConsignmentLine.accepted - ConsignmentLine.rejected)
    rows = session.execute(
        select(Consignment, Site.name, Site.name_en, left)
        .join(Site, col(Site.id) == Consignment.site_id)
        .join(ConsignmentLine, col(ConsignmentLine.consignment_id) == Consignment.id)
        .where(col(Consignment.status).in_(ON_THE_WAY))
        .group_by(col(Consignment.id), col(Site.name), col(Site.name_en))
        .order_by(col(Consignment.eta).is_(None), col(Consignment.eta), col(Consignment.id)).limit(limit)).all()
    ids = [row[0].id for row in rows]
    legs: dict[int, Leg] = {}
    for leg in session.execute(select(Leg).where(col(Leg.consignment_id).in_(ids)).order_by(col(Leg.seq))).scalars():
        if leg.departed_at is not None or leg.consignment_id not in legs:
            legs[leg.consignment_id] = leg  # the last leg that left
    out = []
    for consignment, name, name_en, quantity in rows:
        leg = legs.get(consignment.id)
        out.append(ConsignmentRow(
            id=consignment.id, number=consignment.number, site_name=name, site_name_en=name_en,
            status=consignment.status, mode=leg.mode if leg else "", vehicle=(leg.vehicle or "") if leg else "",
            departed_at=consignment.departed_at, eta=consignment.eta, quantity=int(quantity or 0),
            overdue=consignment.eta is not None and consignment.eta < now, version=consignment.version))
    return sorted(out, key=lambda r: not r.overdue)


def lead_times(session: Session) -> list[LeadTimeRow]:
    """Per supplier and channel: days from the order's confirmation to its first goods counted in."""
    first_in = (select(PurchaseOrder.id, Supplier.name, PurchaseOrder.channel, PurchaseOrder.confirmed_at,
                       func.min(Consignment.received_at))
                .join(Supplier, col(Supplier.id) == PurchaseOrder.supplier_id)
                .join(PurchaseLine, col(PurchaseLine.order_id) == PurchaseOrder.id)
                .join(ConsignmentLine, col(ConsignmentLine.order_line_id) == PurchaseLine.id)
                .join(Consignment, col(Consignment.id) == ConsignmentLine.consignment_id)
                .where(col(ConsignmentLine.accepted) > 0, col(PurchaseOrder.confirmed_at).is_not(None))
                .group_by(col(PurchaseOrder.id), col(Supplier.name), col(PurchaseOrder.channel),
                          col(PurchaseOrder.confirmed_at)))
    days: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _, supplier, channel, confirmed, arrived in session.execute(first_in).all():
        if arrived is not None:
            days[(supplier, channel)].append(max(0.0, (arrived - confirmed).total_seconds() / 86400))
    return sorted((LeadTimeRow(supplier=s, channel=c, orders=len(d), average_days=sum(d) / len(d),
                               longest_days=max(d)) for (s, c), d in days.items()), key=lambda r: -r.average_days)


__all__ = ["WEEK", "OrderStatus"]
