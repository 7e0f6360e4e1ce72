"""Purchase orders (采购订单): written, submitted, approved and confirmed by the supplier.

An order names the channel (市外, 境外, 兜底收储), the supplier, the reserve unit that signs and pays,
the cadre who found the supplier, the destination warehouse, the need-by date, the contract, the
currency and rate of an overseas order and its customs status; its lines the item, specification,
quantity and unit price. An order of raw material (熔喷布 for a mask maker short of it) goes to the
maker, not to a warehouse: its lines name the material, and all of its lines do. The stage moves
DRAFT → SUBMITTED → APPROVED → CONFIRMED by command; what the goods did (partially received,
received) is derived from the lines (``order_status``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from models import clock, validation
from models.enterprise import Enterprise
from models.errors import TransitionError, ValidationError
from models.people import Cadre
from models.procurement import Channel, Customs, OrderStage, OrderStatus, PurchaseLine, PurchaseOrder
from models.reference import CatalogueItem
from models.services.common import Actor, check_version, get_for_update, require_coordinator, row_id, write_transaction
from models.services.documents import insert_numbered, positive_quantity
from models.services.numbering import PURCHASE
from models.services.order_status import refresh_status
from models.sites import Site, SiteKind
from models.supply import Material, Supplier

#: the stage each step moves an order from, and to
STEPS = {"submit": (OrderStage.DRAFT, OrderStage.SUBMITTED), "approve": (OrderStage.SUBMITTED, OrderStage.APPROVED),
         "confirm": (OrderStage.APPROVED, OrderStage.CONFIRMED)}


@dataclass(frozen=True)
class OrderLineIn:
    """A catalogue item (``item_id``) or a raw material (``material_id``): exactly one."""

    item_id: int | None
    quantity: int
    spec: str | None = None
    unit_price_cents: int | None = None
    material_id: int | None = None


@dataclass(frozen=True)
class OrderHeader:
    """What an order says besides its lines (a form fills it; a follow-up copies it)."""

    channel: str
    supplier_id: int
    site_id: int | None  # the warehouse catalogue items go to
    reserve_unit_id: int | None = None
    found_by_id: int | None = None
    need_by: date | None = None
    urgent: bool = False
    contract_no: str | None = None
    contract_date: date | None = None
    currency: str = "CNY"
    rate: float | None = None
    customs: str | None = None
    shortage_id: int | None = None
    notes: str | None = None
    enterprise_id: int | None = None  # the maker raw material goes to


def _check_header(session: Session, header: OrderHeader) -> dict[str, Any]:
    if header.channel not in set(Channel):
        raise ValidationError("channel", "Pick the channel: out of the city, overseas or local buy-up")
    supplier = session.get(Supplier, header.supplier_id)
    if supplier is None or supplier.archived:
        raise ValidationError("supplier_id", "Pick the supplier")
    if header.reserve_unit_id is not None:
        unit = session.get(Supplier, header.reserve_unit_id)
        if unit is None or not unit.reserve_unit:
            raise ValidationError("reserve_unit_id", "Pick a reserve unit (重药集团, 桐君阁)")
    if header.found_by_id is not None and session.get(Cadre, header.found_by_id) is None:
        raise ValidationError("found_by_id", "Pick the cadre who found the supplier")
    if header.enterprise_id is not None:
        if header.site_id is not None:
            raise ValidationError("site_id", "Raw material goes to the maker, not to a warehouse")
        maker = session.get(Enterprise, header.enterprise_id)
        if maker is None or maker.archived:
            raise ValidationError("enterprise_id", "Pick the maker the raw material goes to")
    else:
        site = session.get(Site, header.site_id) if header.site_id is not None else None
        if site is None or site.archived or site.kind != SiteKind.WAREHOUSE:
            raise ValidationError("site_id", "Pick the warehouse the goods go to")
    currency = (header.currency or "CNY").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError("currency", "A currency is three letters (CNY, USD, EUR)")
    if header.rate is not None and header.rate <= 0:
        raise ValidationError("rate", "The rate must be more than 0")
    if currency != "CNY" and header.rate is None:
        raise ValidationError("rate", "Type the rate: yuan for one {currency}", currency=currency)
    customs = header.customs or (Customs.PENDING if header.channel == Channel.OVERSEAS else Customs.NONE)
    if customs not in set(Customs):
        raise ValidationError("customs", "Unknown customs status: {customs}", customs=customs)
    return {
        "channel": header.channel, "supplier_id": header.supplier_id, "reserve_unit_id": header.reserve_unit_id,
        "found_by_id": header.found_by_id, "site_id": header.site_id, "enterprise_id": header.enterprise_id,
        "need_by": header.need_by,
        "urgent": header.urgent, "contract_no": validation.text(header.contract_no, field="contract_no", max_len=64),
        "contract_date": header.contract_date, "currency": currency,
        "rate": header.rate if currency != "CNY" else None, "customs": str(customs),
        "shortage_id": header.shortage_id, "notes": validation.text(header.notes, field="notes", max_len=2000),
    }


def _check_lines(session: Session, lines: Sequence[OrderLineIn], *, to_maker: bool) -> list[str]:
    """Refuse what no line may say; the unit of each line (its item's or material's)."""
    if not lines:
        raise ValidationError("lines", "An order needs at least one line")
    units = []
    for number, line in enumerate(lines, start=1):
        if (line.item_id is None) == (line.material_id is None):
            raise ValidationError("lines", "Line {line}: name a catalogue item or a raw material", line=number)
        if line.material_id is not None:
            if not to_maker:
                raise ValidationError("lines", "Line {line}: raw material goes to the maker short of it, not to "
                                      "a warehouse", line=number)
            material = session.get(Material, line.material_id)
            if material is None:
                raise ValidationError("lines", "Line {line}: no such raw material", line=number)
            units.append(material.unit)
        else:
            item = session.get(CatalogueItem, line.item_id)
            if item is None:
                raise ValidationError("lines", "Line {line}: no such catalogue item", line=number)
            if to_maker:
                raise ValidationError("lines", "Line {line}: catalogue items go to a warehouse", line=number)
            units.append(item.unit)
        positive_quantity(line.quantity, field="lines")
        if line.unit_price_cents is not None and line.unit_price_cents < 0:
            raise ValidationError("lines", "Line {line}: the price cannot be negative", line=number)
    return units


def create_order(session: Session, *, actor: Actor, header: OrderHeader, lines: Sequence[OrderLineIn],
                 at: datetime | None = None) -> int:
    """Write a draft order (CG-…) with its lines; its id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        return row_id(insert_order(session, actor=actor, at=at, header=header, lines=lines))


def insert_order(session: Session, *, actor: Actor, at: datetime, header: OrderHeader,
                 lines: Sequence[OrderLineIn], follows_id: int | None = None) -> PurchaseOrder:
    """The order and its lines, inside the caller's write transaction."""
    fields = _check_header(session, header)
    units = _check_lines(session, lines, to_maker=header.enterprise_id is not None)
    order = PurchaseOrder(number="", follows_id=follows_id, stage=OrderStage.DRAFT.value,
                          status=OrderStatus.DRAFT.value, **fields)
    insert_numbered(session, order, actor=actor, at=at, prefix=PURCHASE)
    for line, unit in zip(lines, units, strict=True):
        session.add(PurchaseLine(order_id=row_id(order), item_id=line.item_id, material_id=line.material_id, unit=unit,
                                 spec=validation.text(line.spec, field="spec", max_len=200),
                                 quantity=line.quantity, unit_price_cents=line.unit_price_cents))
    session.flush()
    return order


def step_order(session: Session, *, actor: Actor, order_id: int, version: int, step: str,
               at: datetime | None = None) -> None:
    """Move an order one stage on: ``submit``, ``approve`` or ``confirm`` (the supplier confirmed)."""
    require_coordinator(actor)
    at = at or clock.now()
    if step not in STEPS:
        raise ValidationError("step", "Unknown step: {step}", step=step)
    before, after = STEPS[step]
    with write_transaction(session):
        order = get_for_update(session, PurchaseOrder, order_id)
        check_version(order, version)
        if order.stage != before:
            raise TransitionError("Order {number} is {status}; it cannot be {step} now", number=order.number,
                                  status=order.status, step=step)
        changes: dict[str, Any] = {"stage": [order.stage, after.value]}
        order.stage = after.value
        if after is OrderStage.CONFIRMED:
            order.confirmed_at = at
        refresh_status(session, actor=actor, at=at, order=order, action=step, changes=changes)


def set_customs(session: Session, *, actor: Actor, order_id: int, version: int, customs: str,
                at: datetime | None = None) -> None:
    """Record the order's customs status (pending, cleared)."""
    require_coordinator(actor)
    at = at or clock.now()
    if customs not in set(Customs):
        raise ValidationError("customs", "Unknown customs status: {customs}", customs=customs)
    with write_transaction(session):
        order = get_for_update(session, PurchaseOrder, order_id)
        check_version(order, version)
        changes = {"customs": [order.customs, customs]}
        order.customs = customs
        refresh_status(session, actor=actor, at=at, order=order, action="customs", changes=changes)
