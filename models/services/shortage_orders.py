"""From a shortage to an order: the suppliers of the short catalogue item or raw material, and the
purchase orders of the item still open, for the shortage's "order from this supplier" step."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from models.errors import NotFoundError
from models.procurement import OPEN_STATUSES, PurchaseLine, PurchaseOrder
from models.shortage import Shortage
from models.supply import Supplier, SupplierItem


@dataclass(frozen=True)
class OpenOrder:
    id: int
    number: str
    supplier: str
    status: str
    remainder: int  # owed less accepted, of the item


@dataclass(frozen=True)
class ShortageProcurement:
    shortage_id: int
    item_id: int | None
    material_id: int | None
    suppliers: tuple[tuple[int, str, str], ...]  # id, name, origin: abroad and out of the city first
    open_orders: tuple[OpenOrder, ...]


def shortage_procurement(session: Session, *, shortage_id: int) -> ShortageProcurement:
    shortage = session.get(Shortage, shortage_id)
    if shortage is None:
        raise NotFoundError("No {table} with id {id}", table="shortage", id=shortage_id)
    wanted = [col(SupplierItem.item_id) == shortage.item_id] if shortage.item_id else []
    wanted += [col(SupplierItem.material_id) == shortage.material_id] if shortage.material_id else []
    suppliers: list[tuple[int, str, str]] = []
    if wanted:
        rows = session.execute(select(Supplier.id, Supplier.name, Supplier.origin).distinct()
                               .join(SupplierItem, col(SupplierItem.supplier_id) == Supplier.id)
                               .where(or_(*wanted), col(Supplier.archived).is_(False),
                                      col(Supplier.reserve_unit).is_(False))).all()
        rank = {"overseas": 0, "out_of_city": 1}
        suppliers = sorted(((i or 0, n, o) for i, n, o in rows), key=lambda r: (rank.get(r[2], 2), r[1]))
    orders: list[OpenOrder] = []
    if shortage.item_id:
        left = func.sum(PurchaseLine.quantity - PurchaseLine.cancelled - PurchaseLine.accepted)
        orders = [OpenOrder(i, number, supplier, status, int(remainder or 0)) for i, number, supplier, status, remainder
                  in session.execute(
                      select(PurchaseOrder.id, PurchaseOrder.number, Supplier.name, PurchaseOrder.status, left)
                      .join(PurchaseLine, col(PurchaseLine.order_id) == PurchaseOrder.id)
                      .join(Supplier, col(Supplier.id) == PurchaseOrder.supplier_id)
                      .where(PurchaseLine.item_id == shortage.item_id, col(PurchaseOrder.status).in_(OPEN_STATUSES))
                      .group_by(col(PurchaseOrder.id), col(PurchaseOrder.number), col(Supplier.name),
                                col(PurchaseOrder.status))
                      .order_by(col(PurchaseOrder.id))).all()]
    return ShortageProcurement(shortage_id=shortage_id, item_id=shortage.item_id, material_id=shortage.material_id,
                               suppliers=tuple(suppliers), open_orders=tuple(orders))
