"""The procurement figures the dashboard and the brief show (在途): per item what arrives this week
and what is on the way, consignments on the way and the overdue ones, the order fill rate, and days
of supply counting what is on the way.

- in transit: loaded less counted in, on consignments that left and are not received;
- arriving this week: in transit with an ETA within seven days of now (an overdue one included);
- fill rate: accepted ÷ owed (ordered less cancelled) over the orders confirmed by their supplier,
  cancelled ones left out; None before any;
- days of supply with what is on the way: (available + in transit) ÷ the daily demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from models import clock
from models.procurement import OrderStatus, PurchaseLine, PurchaseOrder
from models.services.procurement_views import ConsignmentRow, consignments_on_way, pipeline_by_item
from models.services.stock_figures import item_stock

#: statuses of orders the supplier confirmed (their fill rate counts)
CONFIRMED = (OrderStatus.CONFIRMED.value, OrderStatus.PARTIAL.value, OrderStatus.RECEIVED.value,
             OrderStatus.CLOSED.value, OrderStatus.SHORT_CLOSED.value)


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


def procurement_figures(session: Session) -> ProcurementFigures:
    now = clock.now()
    stock = {row.item_id: row for row in item_stock(session)}
    items = []
    for row in pipeline_by_item(session):
        held = stock.get(row.item_id)
        available = held.available if held else 0
        daily = held.daily_demand if held else 0.0
        items.append(ItemOnTheWay(
            item_id=row.item_id, name=row.name, name_en=row.name_en, unit=row.unit, this_week=row.this_week,
            in_transit=row.in_transit, available=available, days=available / daily if daily > 0 else None,
            days_with_transit=(available + row.in_transit) / daily if daily > 0 else None))
    moving = consignments_on_way(session)
    owed, accepted = session.execute(
        select(func.coalesce(func.sum(PurchaseLine.quantity - PurchaseLine.cancelled), 0),
               func.coalesce(func.sum(PurchaseLine.accepted), 0))
        .join(PurchaseOrder, col(PurchaseOrder.id) == PurchaseLine.order_id)
        .where(col(PurchaseOrder.status).in_(CONFIRMED))).one()
    open_orders = session.execute(select(func.count()).select_from(PurchaseOrder).where(
        col(PurchaseOrder.status).in_((OrderStatus.SUBMITTED.value, OrderStatus.APPROVED.value,
                                       OrderStatus.CONFIRMED.value, OrderStatus.PARTIAL.value)))).scalar_one()
    return ProcurementFigures(
        as_of=now, items=tuple(items), in_transit=sum(r.in_transit for r in items), on_the_way=len(moving),
        overdue=tuple(r for r in moving if r.overdue), open_orders=int(open_orders),
        fill_rate=min(1.0, int(accepted) / int(owed)) if owed else None)
