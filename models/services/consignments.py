"""Consignments (运输批次) and their legs (运输段): what is loaded, and each part of the journey.

A consignment carries lines of confirmed orders going to its warehouse (one or more orders); its
legs say how it travels (air to Chongqing, road to the warehouse). Recording a leg's departure,
ETA, arrival or damage derives the consignment's times and status: it left when its first leg left,
its ETA and arrival are its last leg's. When it leaves, its lines count as shipped on their orders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from models import clock, validation
from models.errors import TransitionError, ValidationError
from models.procurement import OrderStage, PurchaseLine, PurchaseOrder
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    update_row,
    write_transaction,
)
from models.services.documents import contact_phone, insert_numbered, positive_quantity
from models.services.numbering import CONSIGNMENT
from models.services.order_status import refresh_status, resum_lines
from models.sites import Site, SiteKind
from models.transport import Consignment, ConsignmentLine, ConsignmentStatus, Leg, Mode


@dataclass(frozen=True)
class LegIn:
    mode: str
    origin: str | None = None
    destination: str | None = None
    carrier: str | None = None
    waybill: str | None = None
    vehicle: str | None = None
    driver: str | None = None
    driver_phone: str | None = None
    green_pass: str | None = None
    planned_departure: datetime | None = None
    eta: datetime | None = None
    loaded: int = 0


_TEXT = {"origin": 64, "destination": 64, "carrier": 200, "waybill": 64, "vehicle": 32, "driver": 64,
         "green_pass": 64}


def _leg_fields(leg: LegIn) -> dict[str, Any]:
    if leg.mode not in set(Mode):
        raise ValidationError("mode", "Pick how it travels: air, road, rail or sea")
    values: dict[str, Any] = {f.name: getattr(leg, f.name) for f in fields(leg)}
    for name, most in _TEXT.items():
        values[name] = validation.text(values[name], field=name, max_len=most)
    values["driver_phone"] = contact_phone(leg.driver_phone, field="driver_phone", required=False)
    if leg.loaded < 0:
        raise ValidationError("loaded", "A whole number")
    return values


def create_consignment(session: Session, *, actor: Actor, site_id: int, lines: Mapping[int, int],
                       legs: Sequence[LegIn] = (), notes: str | None = None, at: datetime | None = None) -> int:
    """A consignment (YS-…) to a warehouse: ``lines`` maps order line ids to the quantity loaded."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        site = session.get(Site, site_id)
        if site is None or site.kind != SiteKind.WAREHOUSE or site.archived:
            raise ValidationError("site_id", "Pick the warehouse the goods go to")
        if not lines:
            raise ValidationError("lines", "A consignment carries at least one order line")
        order_lines = []
        for line_id in sorted(lines):
            positive_quantity(lines[line_id], field="lines")
            line = session.get(PurchaseLine, line_id)
            order = session.get(PurchaseOrder, line.order_id) if line else None
            if line is None or order is None:
                raise ValidationError("lines", "No such order line")
            if line.material_id is not None:
                raise ValidationError("lines", "Raw material of order {number} goes to the maker: record its "
                                      "delivery on the order", number=order.number)
            if order.stage != OrderStage.CONFIRMED:
                raise TransitionError("Order {number} is not confirmed by its supplier: nothing of it ships",
                                      number=order.number)
            if order.site_id != site_id:
                raise ValidationError("lines", "Order {number} goes to another warehouse", number=order.number)
            order_lines.append(line)
        consignment = Consignment(number="", site_id=site_id, status=ConsignmentStatus.PLANNED.value,
                                  notes=validation.text(notes, field="notes", max_len=2000))
        insert_numbered(session, consignment, actor=actor, at=at, prefix=CONSIGNMENT)
        for line in order_lines:
            assert line.item_id is not None  # raw material refused above
            session.add(ConsignmentLine(consignment_id=row_id(consignment), order_line_id=row_id(line),
                                        item_id=line.item_id, quantity=lines[row_id(line)]))
        for seq, leg in enumerate(legs, start=1):
            create_row(session, Leg(consignment_id=row_id(consignment), seq=seq, **_leg_fields(leg)),
                       actor=actor, at=at)
        refresh(session, actor=actor, at=at, consignment=consignment, action="legs")
        return row_id(consignment)


def add_leg(session: Session, *, actor: Actor, consignment_id: int, version: int, leg: LegIn,
            at: datetime | None = None) -> int:
    """Add the next leg of the journey; its id."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        consignment = get_for_update(session, Consignment, consignment_id)
        check_version(consignment, version)
        if consignment.finished:
            raise TransitionError("Consignment {number} is received", number=consignment.number)
        last = session.exec(select(func.max(Leg.seq)).where(Leg.consignment_id == consignment_id)).one()
        row = create_row(session, Leg(consignment_id=consignment_id, seq=(last or 0) + 1, **_leg_fields(leg)),
                         actor=actor, at=at)
        refresh(session, actor=actor, at=at, consignment=consignment, action="legs")
        return row_id(row)


def record_leg(session: Session, *, actor: Actor, leg_id: int, version: int, departed_at: datetime | None = None,
               arrived_at: datetime | None = None, eta: datetime | None = None, damaged: int | None = None,
               loaded: int | None = None, at: datetime | None = None) -> None:
    """Record what happened on a leg: departure, new ETA, arrival, quantities loaded and damaged."""
    require_coordinator(actor)
    at = at or clock.now()
    with write_transaction(session):
        leg = get_for_update(session, Leg, leg_id)
        check_version(leg, version)
        consignment = get_for_update(session, Consignment, leg.consignment_id)
        if consignment.finished:
            raise TransitionError("Consignment {number} is received", number=consignment.number)
        changes: dict[str, Any] = {}
        for name, value in (("departed_at", departed_at), ("arrived_at", arrived_at), ("eta", eta),
                            ("damaged", damaged), ("loaded", loaded)):
            if value is not None:
                if isinstance(value, int) and value < 0:
                    raise ValidationError(name, "A whole number")
                changes[name] = value
        if (changes.get("arrived_at") or leg.arrived_at) and not (changes.get("departed_at") or leg.departed_at):
            raise ValidationError("arrived_at", "A leg arrives after it departed: record the departure first")
        update_row(session, leg, changes, actor=actor, at=at, action="leg")
        refresh(session, actor=actor, at=at, consignment=consignment, action="leg")


def refresh(session: Session, *, actor: Actor, at: datetime, consignment: Consignment, action: str) -> None:
    """Derive the consignment's times and status from its legs and lines; its orders follow."""
    session.flush()
    legs = session.exec(select(Leg).where(Leg.consignment_id == consignment.id).order_by(col(Leg.seq))).all()
    departed = legs[0].departed_at if legs else None
    values: dict[str, Any] = {
        "departed_at": departed, "eta": legs[-1].eta if legs else None,
        "arrived_at": legs[-1].arrived_at if legs else None,
        "status": derived_status(session, consignment, departed=departed is not None),
    }
    before = consignment.status
    update_row(session, consignment, values, actor=actor, at=at, action=action, always=True)
    if (before == ConsignmentStatus.PLANNED) != (consignment.status == ConsignmentStatus.PLANNED):
        follow_orders(session, actor=actor, at=at, consignment=consignment, action="shipped")


def derived_status(session: Session, consignment: Consignment, *, departed: bool) -> str:
    """Planned, in transit, partially received or received, from the legs and the counted lines."""
    if consignment.finished:
        return ConsignmentStatus.RECEIVED.value
    counted = session.exec(select(func.coalesce(func.sum(ConsignmentLine.accepted + ConsignmentLine.rejected), 0))
                           .where(ConsignmentLine.consignment_id == consignment.id)).one()
    if counted:
        return ConsignmentStatus.PARTIAL.value
    return ConsignmentStatus.IN_TRANSIT.value if departed else ConsignmentStatus.PLANNED.value


def follow_orders(session: Session, *, actor: Actor, at: datetime, consignment: Consignment, action: str) -> None:
    """Sum the consignment's order lines again and refresh the orders whose lines changed."""
    session.flush()
    line_ids = session.exec(select(ConsignmentLine.order_line_id)
                            .where(ConsignmentLine.consignment_id == consignment.id)).all()
    for order_id in sorted(resum_lines(session, line_ids)):
        order = get_for_update(session, PurchaseOrder, order_id)
        refresh_status(session, actor=actor, at=at, order=order, action=action,
                       changes={"consignment": consignment.number})
