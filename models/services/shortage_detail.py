"""One shortage with everything its page shows (facts, timeline, reserve), and the suppliers to call
for a raw material or catalogue item.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal, or_, select
from sqlmodel import Session

from models.enterprise import Enterprise
from models.errors import NotFoundError
from models.history import ShortageEvent
from models.material_reserves import MaterialReserve
from models.parks import Park
from models.people import Cadre
from models.services.choices import group_choices
from models.services.common import row_id
from models.services.shortage_list import details
from models.services.shortage_views import EventView, ReserveView, ShortageDetail, SupplierView
from models.services.suppliers import origin_order
from models.shortage import Shortage
from models.supply import Material, Supplier, SupplierItem


def shortage_detail(session: Session, *, shortage_id: int) -> ShortageDetail:
    """The shortage, its events oldest first, the suppliers of its material or item, its reserve."""
    rows = details(session, ids=[shortage_id])
    shortage = session.get(Shortage, shortage_id)
    if not rows or shortage is None:
        raise NotFoundError("No {table} with id {id}", table="shortage", id=shortage_id)
    row = rows[0]
    enterprise = session.get(Enterprise, row.enterprise_id)
    park = session.get(Park, enterprise.park_id) if enterprise and enterprise.park_id else None
    names = _names(session)
    events = [
        EventView(id=e.id, at=e.at, by=e.by, by_name=names.get(e.by, ""), action=e.action, note=e.note or "",
                  old_value=e.old_value or "", new_value=e.new_value or "")
        for e in session.execute(
            select(ShortageEvent).where(ShortageEvent.shortage_id == shortage_id)
            .order_by(ShortageEvent.at, ShortageEvent.id)
        ).scalars()
    ]
    reserve = None
    if shortage.reserve_id is not None:
        found = session.get(MaterialReserve, shortage.reserve_id)
        material = session.get(Material, found.material_id) if found else None
        if found is not None:
            reserve = ReserveView(row_id(found), found.quantity, found.daily_use, material.unit if material else "")
    suppliers = (suppliers_for(session, material_id=shortage.material_id, item_id=shortage.item_id)
                 if shortage.material_id or shortage.item_id else [])
    return ShortageDetail(
        row=row, reported_by_name=names.get(row.reported_by, ""), resolution=shortage.resolution or "",
        park=park.name if park else "", contact=(enterprise.contact_person or "") if enterprise else "",
        phone=(enterprise.phone or "") if enterprise else "", reserve=reserve, events=events, suppliers=suppliers,
        groups=group_choices(session), updated_at=shortage.updated_at, updated_by=shortage.updated_by or "",
    )


def _names(session: Session) -> dict[str, str]:
    """Login -> cadre name (a few hundred cadres: cheaper than a join per event)."""
    rows = session.execute(select(Cadre.login, Cadre.name).where(Cadre.login.is_not(None)))
    return {login: name for login, name in rows if login is not None}


def suppliers_for(session: Session, *, material_id: int | None = None,
                  item_id: int | None = None) -> list[SupplierView]:
    """The suppliers of a raw material or catalogue item, domestic first, each with its contact cadre."""
    wanted = []
    if material_id is not None:
        wanted.append(SupplierItem.material_id == material_id)
    if item_id is not None:
        wanted.append(SupplierItem.item_id == item_id)
    if not wanted:
        return []
    ids = select(SupplierItem.supplier_id).where(or_(*wanted))
    return _suppliers(session, Supplier.id.in_(ids))


def all_suppliers(session: Session) -> list[SupplierView]:
    """Every supplier and reserve-task unit (重药集团, 桐君阁), domestic first."""
    return _suppliers(session, literal(True))


def _suppliers(session: Session, where: ColumnElement[bool]) -> list[SupplierView]:
    return [
        SupplierView(id=s.id, name=s.name, foreign=s.foreign, region=s.region or "", contact=name or "",
                     phone=phone or "", notes=s.notes or "", key=s.search_key,
                     reserve_unit=s.reserve_unit)
        for s, name, phone in session.execute(
            select(Supplier, Cadre.name, Cadre.phone)
            .outerjoin(Cadre, Cadre.id == Supplier.contact_cadre_id)
            .where(where, Supplier.archived == False)  # noqa: E712
            .order_by(origin_order(), Supplier.id)
        )
    ]
