"""The procurement figures the dashboard and the brief show (在途), as of a moment: per item what
arrives this week and what is on the way, consignments on the way and the overdue ones, the order
fill rate, and days of supply counting what is on the way.

- in transit: ``goods_on_the_way`` (loaded less counted in, on consignments that left and are not
  received), rebuilt from the documents' own times for a past moment;
- arriving this week: in transit with an ETA within seven days of the moment (an overdue one included);
- open orders and the fill rate at ``T``: each order's status as it stood then (the audit log),
  accepted ÷ owed (ordered less cancelled then) over the orders confirmed by their supplier, the
  accepted goods those of the consignments' receipts by ``T``; None before any;
- days of supply with what is on the way: the stock figures' ``days_with_expected`` (their
  ``expected`` is the same in-transit figure).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from models import clock
from models.procurement import OPEN_STATUSES, OrderStatus, PurchaseLine, PurchaseOrder
from models.receipts import Receipt, ReceiptLine, ReceiptSource, ReceiptStatus
from models.reference import CatalogueItem
from models.services import as_of as then
from models.services.goods_on_the_way import ItemTransit, Moving, by_item, cancelled_then, departed_by, moving
from models.services.procurement_views import ConsignmentRow
from models.services.stock_figures import item_stock
from models.sites import Site
from models.transport import Consignment, ConsignmentLine, Leg

#: statuses of orders the supplier confirmed (their fill rate counts)
CONFIRMED = (OrderStatus.CONFIRMED.value, OrderStatus.PARTIAL.value, OrderStatus.RECEIVED.value,
             OrderStatus.CLOSED.value, OrderStatus.SHORT_CLOSED.value)
#: lines of catalogue items: raw material goes to the makers, not into the figures of supplies
CATALOGUE_LINE = col(PurchaseLine.item_id).is_not(None)


@dataclass(frozen=True)
class ItemOnTheWay:
    item_id: int
    name: str
    name_en: str
    unit: str
    this_week: int
    in_transit: int
    available: int
    #: days of supply now, and counting what is on the way (None without a demand)
    days: float | None
    days_with_transit: float | None


@dataclass(frozen=True)
class ProcurementFigures:
    as_of: datetime
    items: tuple[ItemOnTheWay, ...]
    in_transit: int
    on_the_way: int  # consignments
    overdue: tuple[ConsignmentRow, ...]
    open_orders: int
    fill_rate: float | None


def procurement_figures(session: Session, *, as_of: datetime | None = None) -> ProcurementFigures:
    """The figures now (``as_of`` None, from the kept columns) or as they stood at ``as_of``."""
    moment = as_of or clock.now()
    stock = {row.item_id: row for row in item_stock(session, as_of=as_of)}
    rows = moving(session, as_of=as_of)
    transit = by_item(rows, moment)
    listed = set(transit) | _on_order(session, moment if as_of is not None else None)
    names = {item.id: item for item in session.execute(
        select(CatalogueItem).where(col(CatalogueItem.id).in_(list(listed)))).scalars()} if listed else {}
    items = []
    for item_id, item in names.items():
        held, moves = stock.get(item_id), transit.get(item_id, ItemTransit())
        items.append(ItemOnTheWay(
            item_id=item_id, name=item.name, name_en=item.name_en, unit=item.unit, this_week=moves.this_week,
            in_transit=moves.in_transit, available=held.available if held else 0,
            days=held.days_of_supply if held else None, days_with_transit=held.days_with_expected if held else None))
    items.sort(key=lambda r: (-r.this_week, -r.in_transit, names[r.item_id].code))
    if as_of is None:  # the dashboard's poll: sums in SQL over the kept columns
        open_orders, owed, accepted = _now(session)
    else:
        statuses = _statuses(session, as_of)
        open_orders = sum(1 for status in statuses.values() if status in OPEN_STATUSES)
        owed, accepted = _filled(session, {oid for oid, status in statuses.items() if status in CONFIRMED}, as_of)
    overdue = _rows(session, [row for row in rows if row.eta is not None and row.eta < moment], moment)
    return ProcurementFigures(
        as_of=moment, items=tuple(items), in_transit=sum(r.in_transit for r in items), on_the_way=len(rows),
        overdue=tuple(sorted(overdue, key=lambda r: (r.eta, r.id))), open_orders=open_orders,
        fill_rate=min(1.0, accepted / owed) if owed else None)


def _now(session: Session) -> tuple[int, int, int]:
    """(open orders, owed, accepted over the confirmed ones) now, from the lines' kept sums."""
    owed, accepted = session.execute(
        select(func.coalesce(func.sum(PurchaseLine.quantity - PurchaseLine.cancelled), 0),
               func.coalesce(func.sum(PurchaseLine.accepted), 0))
        .join(PurchaseOrder, col(PurchaseOrder.id) == PurchaseLine.order_id)
        .where(col(PurchaseOrder.status).in_(CONFIRMED), CATALOGUE_LINE)).one()
    open_orders = session.execute(select(func.count()).select_from(PurchaseOrder).where(
        col(PurchaseOrder.status).in_(OPEN_STATUSES))).scalar_one()
    return int(open_orders), int(owed), int(accepted)


def _statuses(session: Session, as_of: datetime) -> dict[int, str]:
    """{order: its status at ``as_of``} for the orders recorded by then."""
    query = select(PurchaseOrder.id, PurchaseOrder.status)
    changed = then.rewound(session, PurchaseOrder, as_of, ("status",))
    return {oid: changed.get(oid, {}).get("status", status)
            for oid, status in session.execute(query.where(then.known(PurchaseOrder, as_of)))}


def _on_order(session: Session, as_of: datetime | None) -> set[int]:
    """Items still to ship on the orders open at ``as_of`` (None: now): owed less shipped then."""
    if as_of is None:
        return set(session.execute(
            select(PurchaseLine.item_id).distinct().join(PurchaseOrder, col(PurchaseOrder.id) == PurchaseLine.order_id)
            .where(col(PurchaseOrder.status).in_(OPEN_STATUSES), CATALOGUE_LINE,
                   PurchaseLine.quantity - PurchaseLine.cancelled - PurchaseLine.shipped > 0)).scalars())
    open_ids = [oid for oid, status in _statuses(session, as_of).items() if status in OPEN_STATUSES]
    if not open_ids:
        return set()
    lines = session.execute(select(PurchaseLine.id, PurchaseLine.item_id, PurchaseLine.quantity,
                                   PurchaseLine.cancelled, PurchaseLine.shipped)
                            .where(col(PurchaseLine.order_id).in_(open_ids), CATALOGUE_LINE)).all()
    cancelled = cancelled_then(session, as_of)
    left = set(departed_by(session, as_of))
    shipped: dict[int, int] = {}
    if left:
        shipped = {lid: int(q) for lid, q in session.execute(
            select(ConsignmentLine.order_line_id, func.sum(ConsignmentLine.quantity))
            .where(col(ConsignmentLine.consignment_id).in_(list(left)))
            .group_by(col(ConsignmentLine.order_line_id)))}
    return {item for lid, item, quantity, gone, _ in lines
            if quantity - cancelled.get(lid, gone) - shipped.get(lid, 0) > 0}


def _filled(session: Session, confirmed: set[int], as_of: datetime) -> tuple[int, int]:
    """(owed, accepted) over the ``confirmed`` orders at ``as_of``: the cancelled parts then and the
    consignments' receipts by then."""
    if not confirmed:
        return 0, 0
    lines = session.execute(select(PurchaseLine.id, PurchaseLine.quantity, PurchaseLine.cancelled)
                            .where(col(PurchaseLine.order_id).in_(list(confirmed)), CATALOGUE_LINE)).all()
    cancelled = cancelled_then(session, as_of)
    owed = sum(q - cancelled.get(lid, c) for lid, q, c in lines)
    numbers = select(Consignment.number).join(ConsignmentLine, col(ConsignmentLine.consignment_id) == Consignment.id)\
        .join(PurchaseLine, col(PurchaseLine.id) == ConsignmentLine.order_line_id)\
        .where(col(PurchaseLine.order_id).in_(list(confirmed)))
    accepted = session.execute(
        select(func.coalesce(func.sum(ReceiptLine.accepted), 0))
        .join(Receipt, col(Receipt.id) == ReceiptLine.receipt_id)
        .where(Receipt.source == ReceiptSource.PURCHASE.value, col(Receipt.source_ref).in_(numbers),
               Receipt.status != ReceiptStatus.CANCELLED.value, col(Receipt.received_at) <= as_of,
               then.known(Receipt, as_of))).scalar_one()
    return owed, int(accepted)


def _rows(session: Session, rows: list[Moving], moment: datetime) -> list[ConsignmentRow]:
    """The consignments as the screen's rows: their warehouse, the last leg that had left by ``moment``."""
    if not rows:
        return []
    sites = {sid: (name, name_en) for sid, name, name_en in session.execute(
        select(Site.id, Site.name, Site.name_en).where(col(Site.id).in_({r.site_id for r in rows})))}
    legs: dict[int, Leg] = {}
    for leg in session.execute(select(Leg).where(col(Leg.consignment_id).in_([r.id for r in rows]))
                               .order_by(col(Leg.seq))).scalars():
        if (leg.departed_at is not None and leg.departed_at <= moment) or leg.consignment_id not in legs:
            legs[leg.consignment_id] = leg
    out = []
    for r in rows:
        leg, (name, name_en) = legs.get(r.id), sites.get(r.site_id, ("", ""))
        out.append(ConsignmentRow(
            id=r.id, number=r.number, site_name=name, site_name_en=name_en, status=r.status,
            mode=leg.mode if leg else "", vehicle=(leg.vehicle or "") if leg else "", departed_at=r.departed_at,
            eta=r.eta, quantity=r.quantity, overdue=r.eta is not None and r.eta < moment, version=r.version))
    return out
