"""From a shortage to an order: the suppliers of the short catalogue item or raw material, and the
purchase orders still open for it, for the shortage's "order from this supplier" step. A short item's
open orders are every open order of the item; a short raw material's are the orders of it going to
the maker short of it (the shortage's enterprise), with their progress (accepted of owed)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from models.base import Severity
from models.enterprise import Enterprise
from models.errors import NotFoundError
from models.procurement import OPEN_STATUSES, PurchaseLine, PurchaseOrder
from models.reference import CatalogueItem
from models.shortage import Shortage
from models.supply import Material, Supplier, SupplierItem


@dataclass(frozen=True)
class OpenOrder:
    id: int
    number: str
    supplier: str
    status: str
    remainder: int  # owed less accepted, of the item
    owed: int = 0  # ordered less cancelled, of the item or material
    accepted: int = 0
    unit: str = ""


@dataclass(frozen=True)
class ShortageProcurement:
    shortage_id: int
    item_id: int | None
    material_id: int | None
    suppliers: tuple[tuple[int, str, str], ...]  # id, name, origin: abroad and out of the city first
    open_orders: tuple[OpenOrder, ...]
    enterprise_id: int = 0  # the maker short of it (where raw material goes)
    enterprise_name: str = ""
    #: what the shortage asks for, for the order's first line: whole units of the item or material,
    #: None when the shortage names no quantity or counts it in another unit than the goods'
    quantity: int | None = None
    need_by: date | None = None
    urgent: bool = False  # a critical shortage's order is urgent


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
        orders = _open_orders(session, PurchaseLine.item_id == shortage.item_id)
    elif shortage.material_id:
        orders = _open_orders(session, PurchaseLine.material_id == shortage.material_id,
                              PurchaseOrder.enterprise_id == shortage.enterprise_id)
    maker = session.get(Enterprise, shortage.enterprise_id)
    return ShortageProcurement(shortage_id=shortage_id, item_id=shortage.item_id, material_id=shortage.material_id,
                               suppliers=tuple(suppliers), open_orders=tuple(orders),
                               enterprise_id=shortage.enterprise_id, enterprise_name=maker.name if maker else "",
                               quantity=_whole_quantity(session, shortage), need_by=shortage.need_by,
                               urgent=shortage.severity == Severity.CRITICAL)


def _whole_quantity(session: Session, shortage: Shortage) -> int | None:
    """The shortage's quantity in whole units of its goods (rounded up: an order covers the need)."""
    goods = (session.get(CatalogueItem, shortage.item_id) if shortage.item_id
             else session.get(Material, shortage.material_id) if shortage.material_id else None)
    if goods is None or not shortage.quantity or shortage.quantity <= 0:
        return None
    if shortage.unit and shortage.unit.strip() != goods.unit:
        return None
    return math.ceil(shortage.quantity)


def _open_orders(session: Session, *where: ColumnElement[bool]) -> list[OpenOrder]:
    """The open orders with lines matching ``where``, oldest first, with those lines' sums."""
    owed = func.sum(PurchaseLine.quantity - PurchaseLine.cancelled)
    rows = session.execute(
        select(PurchaseOrder.id, PurchaseOrder.number, Supplier.name, PurchaseOrder.status, owed,
               func.sum(PurchaseLine.accepted), func.max(PurchaseLine.unit))
        .join(PurchaseLine, col(PurchaseLine.order_id) == PurchaseOrder.id)
        .join(Supplier, col(Supplier.id) == PurchaseOrder.supplier_id)
        .where(*where, col(PurchaseOrder.status).in_(OPEN_STATUSES))
        .group_by(col(PurchaseOrder.id), col(PurchaseOrder.number), col(Supplier.name), col(PurchaseOrder.status))
        .order_by(col(PurchaseOrder.id))).all()
    return [OpenOrder(i, number, supplier, status, max(0, int(owing or 0) - int(taken or 0)), int(owing or 0),
                      int(taken or 0), unit or "") for i, number, supplier, status, owing, taken, unit in rows]
