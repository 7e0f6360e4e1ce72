"""One purchase order or one consignment in full, for the procurement screen, and what its forms
pick from (suppliers, reserve units, warehouses, cadres, confirmed order lines still to ship)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from models.enterprise import Enterprise
from models.errors import NotFoundError
from models.people import Cadre
from models.procurement import OrderStage, PurchaseLine, PurchaseOrder
from models.reference import CatalogueItem
from models.sites import Site, SiteKind
from models.supply import Material, Supplier
from models.transport import Consignment, ConsignmentLine, Leg


@dataclass(frozen=True)
class ItemRef:
    """A catalogue item, or a raw material (``material``) of an order going to a maker."""

    id: int
    name: str
    name_en: str
    unit: str
    material: bool = False


@dataclass(frozen=True)
class OrderLineView:
    id: int
    item: ItemRef
    spec: str | None
    quantity: int
    cancelled: int
    shipped: int
    accepted: int
    rejected: int
    unit_price_cents: int | None
    over_reason: str | None


@dataclass(frozen=True)
class OrderDetail:
    id: int
    number: str
    channel: str
    supplier_id: int
    supplier: str
    reserve_unit: str
    found_by: str
    site_id: int | None
    site_name: str
    site_name_en: str
    need_by: date | None
    urgent: bool
    contract_no: str | None
    contract_date: date | None
    currency: str
    rate: float | None
    customs: str
    stage: str
    status: str
    reason: str | None
    follows: str | None
    lines: tuple[OrderLineView, ...]
    consignments: tuple[tuple[int, str, str], ...]  # id, number, status
    version: int
    enterprise_id: int | None = None  # the maker raw material goes to
    enterprise_name: str = ""
    shortage_id: int | None = None


@dataclass(frozen=True)
class LegView:
    id: int
    seq: int
    mode: str
    origin: str
    destination: str
    carrier: str
    waybill: str
    vehicle: str
    driver: str
    driver_phone: str
    green_pass: str
    planned_departure: datetime | None
    departed_at: datetime | None
    eta: datetime | None
    arrived_at: datetime | None
    loaded: int
    damaged: int
    version: int


@dataclass(frozen=True)
class ConsignmentLineView:
    id: int
    order_number: str
    item: ItemRef
    quantity: int
    accepted: int
    rejected: int


@dataclass(frozen=True)
class ConsignmentDetail:
    id: int
    number: str
    site_id: int
    site_name: str
    site_name_en: str
    status: str
    departed_at: datetime | None
    eta: datetime | None
    arrived_at: datetime | None
    received_at: datetime | None
    lines: tuple[ConsignmentLineView, ...]
    legs: tuple[LegView, ...]
    version: int


def _item(item: CatalogueItem) -> ItemRef:
    return ItemRef(item.id or 0, item.name, item.name_en, item.unit)


def _goods(line: PurchaseLine, item: CatalogueItem | None, material: Material | None) -> ItemRef:
    if material is not None:
        return ItemRef(material.id or 0, material.name, material.name_en, line.unit or material.unit, material=True)
    assert item is not None  # a line names one of the two (a check constraint)
    return _item(item)


def order_detail(session: Session, *, order_id: int) -> OrderDetail:
    order = session.get(PurchaseOrder, order_id)
    if order is None:
        raise NotFoundError("No {table} with id {id}", table="purchaseorder", id=order_id)
    supplier = session.get(Supplier, order.supplier_id)
    unit = session.get(Supplier, order.reserve_unit_id) if order.reserve_unit_id else None
    cadre = session.get(Cadre, order.found_by_id) if order.found_by_id else None
    site = session.get(Site, order.site_id) if order.site_id is not None else None
    maker = session.get(Enterprise, order.enterprise_id) if order.enterprise_id is not None else None
    follows = session.get(PurchaseOrder, order.follows_id) if order.follows_id else None
    lines = tuple(OrderLineView(line.id or 0, _goods(line, item, material), line.spec, line.quantity, line.cancelled,
                                line.shipped, line.accepted, line.rejected, line.unit_price_cents, line.over_reason)
                  for line, item, material in session.execute(
                      select(PurchaseLine, CatalogueItem, Material)
                      .outerjoin(CatalogueItem, col(CatalogueItem.id) == PurchaseLine.item_id)
                      .outerjoin(Material, col(Material.id) == PurchaseLine.material_id)
                      .where(PurchaseLine.order_id == order_id).order_by(col(PurchaseLine.id))).all())
    consignments = tuple((c.id or 0, c.number, c.status) for c in session.execute(
        select(Consignment).distinct().join(ConsignmentLine, col(ConsignmentLine.consignment_id) == Consignment.id)
        .join(PurchaseLine, col(PurchaseLine.id) == ConsignmentLine.order_line_id)
        .where(PurchaseLine.order_id == order_id).order_by(col(Consignment.id))).scalars())
    return OrderDetail(
        id=order_id, number=order.number, channel=order.channel, supplier_id=order.supplier_id,
        supplier=supplier.name if supplier else "", reserve_unit=unit.name if unit else "",
        found_by=cadre.name if cadre else "", site_id=order.site_id, site_name=site.name if site else "",
        site_name_en=site.name_en if site else "", need_by=order.need_by, urgent=order.urgent,
        contract_no=order.contract_no, contract_date=order.contract_date, currency=order.currency, rate=order.rate,
        customs=order.customs, stage=order.stage, status=order.status, reason=order.reason,
        follows=follows.number if follows else None, lines=lines, consignments=consignments, version=order.version,
        enterprise_id=order.enterprise_id, enterprise_name=maker.name if maker else "", shortage_id=order.shortage_id)


def consignment_detail(session: Session, *, consignment_id: int) -> ConsignmentDetail:
    consignment = session.get(Consignment, consignment_id)
    if consignment is None:
        raise NotFoundError("No {table} with id {id}", table="consignment", id=consignment_id)
    site = session.get(Site, consignment.site_id)
    lines = tuple(ConsignmentLineView(line.id or 0, number, _item(item), line.quantity, line.accepted, line.rejected)
                  for line, number, item in session.execute(
                      select(ConsignmentLine, PurchaseOrder.number, CatalogueItem)
                      .join(PurchaseLine, col(PurchaseLine.id) == ConsignmentLine.order_line_id)
                      .join(PurchaseOrder, col(PurchaseOrder.id) == PurchaseLine.order_id)
                      .join(CatalogueItem, col(CatalogueItem.id) == ConsignmentLine.item_id)
                      .where(ConsignmentLine.consignment_id == consignment_id)
                      .order_by(col(ConsignmentLine.id))).all())
    legs = tuple(LegView(leg.id or 0, leg.seq, leg.mode, leg.origin or "", leg.destination or "", leg.carrier or "",
                         leg.waybill or "", leg.vehicle or "", leg.driver or "", leg.driver_phone or "",
                         leg.green_pass or "", leg.planned_departure, leg.departed_at, leg.eta, leg.arrived_at,
                         leg.loaded, leg.damaged, leg.version)
                 for leg in session.execute(select(Leg).where(Leg.consignment_id == consignment_id)
                                            .order_by(col(Leg.seq))).scalars())
    return ConsignmentDetail(
        id=consignment_id, number=consignment.number, site_id=consignment.site_id,
        site_name=site.name if site else "", site_name_en=site.name_en if site else "", status=consignment.status,
        departed_at=consignment.departed_at, eta=consignment.eta, arrived_at=consignment.arrived_at,
        received_at=consignment.received_at, lines=lines, legs=legs, version=consignment.version)


@dataclass(frozen=True)
class OrderChoices:
    """What a new order picks from: suppliers (id, name, origin), reserve units, warehouses, cadres,
    catalogue items and raw materials (id, name, English name, unit)."""

    suppliers: list[tuple[int, str, str]]
    reserve_units: list[tuple[int, str]]
    warehouses: list[tuple[int, str, str]]
    cadres: list[tuple[int, str]]
    items: list[tuple[int, str, str, str]]
    materials: list[tuple[int, str, str, str]] = field(default_factory=list)  # raw material: to a maker only


def order_choices(session: Session) -> OrderChoices:
    suppliers = session.execute(select(Supplier).where(col(Supplier.archived).is_(False))
                                .order_by(col(Supplier.name))).scalars().all()
    warehouses = session.execute(select(Site.id, Site.name, Site.name_en).where(
        Site.kind == SiteKind.WAREHOUSE.value, col(Site.archived).is_(False)).order_by(col(Site.name))).all()
    cadres = session.execute(select(Cadre.id, Cadre.name).order_by(col(Cadre.name)).limit(500)).all()
    items = session.execute(select(CatalogueItem.id, CatalogueItem.name, CatalogueItem.name_en, CatalogueItem.unit)
                            .order_by(col(CatalogueItem.code))).all()
    return OrderChoices(
        suppliers=[(s.id or 0, s.name, s.origin) for s in suppliers if not s.reserve_unit],
        reserve_units=[(s.id or 0, s.name) for s in suppliers if s.reserve_unit],
        warehouses=[(i, n, e) for i, n, e in warehouses], cadres=[(i, n) for i, n in cadres],
        items=[(i, n, e, u) for i, n, e, u in items],
        materials=[(i, n, e, u) for i, n, e, u in session.execute(
            select(Material.id, Material.name, Material.name_en, Material.unit).order_by(col(Material.code))).all()])


def shippable_lines(session: Session, *, site_id: int, limit: int = 20) -> list[tuple[str, OrderLineView]]:
    """Lines of confirmed orders to the warehouse ``site_id`` with something left to ship, with their
    order's number (a consignment may carry several orders), the oldest order first."""
    ids = session.execute(select(PurchaseOrder.id).where(
        PurchaseOrder.site_id == site_id, PurchaseOrder.stage == OrderStage.CONFIRMED.value)
        .order_by(col(PurchaseOrder.id)).limit(limit)).scalars().all()
    out = []
    for order_id in ids:
        detail = order_detail(session, order_id=order_id)
        out += [(detail.number, line) for line in detail.lines if line.quantity - line.cancelled - line.shipped > 0]
    return out
