"""Suppliers and reserve units (储备任务承担单位) as coordinators keep them: where they are, what they
supply (or hold in reserve) with its specification, the cadre who is their dedicated contact, their
own contact and phone, and the contacts made with them from shortages. Everyone reads; only
coordinators write.

A reserve unit is a supplier with ``reserve_unit`` set (the shortage steps name either), so both
lists and both forms go through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from models import clock, validation
from models.errors import NotFoundError, ValidationError
from models.history import ShortageEvent
from models.people import Cadre
from models.reference import CatalogueItem
from models.search import joined_keys
from models.services.common import (
    Actor,
    apply_changes,
    audit,
    check_version,
    confirm_actor,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    write_transaction,
)
from models.services.paging import Page, PageRequest, matches
from models.services.sites import rekey_sites_run_by
from models.shortage import Shortage
from models.supply import ORIGINS, Material, Supplier, SupplierItem


def origin_order() -> Any:
    """Suppliers in the city first, then out of it, then abroad (the order they are called in)."""
    return case({origin: rank for rank, origin in enumerate(ORIGINS)}, value=Supplier.origin, else_=len(ORIGINS))


@dataclass(frozen=True)
class SupplyLine:
    """One thing supplied or held: a catalogue item or a raw material, and its specification."""

    item_id: int | None = None
    material_id: int | None = None
    spec: str = ""
    name: str = ""  # the item's or material's name, as read (not written)
    name_en: str = ""  # its English name, as read


@dataclass(frozen=True)
class SupplierRow:
    id: int
    name: str
    origin: str
    region: str
    reserve_unit: bool
    contact_cadre_id: int | None
    cadre: str
    cadre_phone: str
    contact_person: str
    phone: str
    notes: str
    archived: bool
    version: int
    lines: tuple[SupplyLine, ...] = ()
    key: str = ""

    @property
    def supplies(self) -> str:
        """What it supplies, as one line: 熔喷布 (25g/m²), 医用外科口罩."""
        return "、".join(f"{line.name}（{line.spec}）" if line.spec else line.name for line in self.lines)


@dataclass(frozen=True)
class ContactMade:
    """A shortage step that contacted the supplier (or notified the reserve unit)."""

    at: datetime
    by: str
    action: str
    shortage_id: int
    description: str
    note: str


@dataclass(frozen=True)
class SupplierCard:
    row: SupplierRow
    contacts: list[ContactMade] = field(default_factory=list)


@dataclass(frozen=True)
class SupplierInput:
    name: str
    origin: str = "local"
    region: str = ""
    contact_cadre_id: int | None = None
    contact_person: str = ""
    phone: str = ""
    notes: str = ""
    reserve_unit: bool = False
    archived: bool = False
    lines: tuple[SupplyLine, ...] = ()


# --- reading -----------------------------------------------------------------------------------------


def _lines(session: Session) -> tuple[dict[int, list[SupplyLine]], dict[int, list[str]]]:
    """Each supplier's lines, and the stored search keys of their items and materials."""
    lines: dict[int, list[SupplyLine]] = {}
    keys: dict[int, list[str]] = {}
    for supplier_id, item_id, material_id, spec, item, material, item_en, material_en, key in session.execute(
        columns(SupplierItem.supplier_id, SupplierItem.item_id, SupplierItem.material_id, SupplierItem.spec,
                CatalogueItem.name, Material.name, CatalogueItem.name_en, Material.name_en,
                func.coalesce(CatalogueItem.search_key, Material.search_key))
        .outerjoin(CatalogueItem, col(CatalogueItem.id) == SupplierItem.item_id)
        .outerjoin(Material, col(Material.id) == SupplierItem.material_id)
        .order_by(SupplierItem.id)
    ):
        lines.setdefault(supplier_id, []).append(
            SupplyLine(item_id=item_id, material_id=material_id, spec=spec or "", name=item or material or "",
                       name_en=(item_en if item else material_en) or ""))
        keys.setdefault(supplier_id, []).append(key or "")
    return lines, keys


def _rows(session: Session, *where: Any) -> list[SupplierRow]:
    lines, keys = _lines(session)
    rows = []
    for s, cadre, cadre_phone, cadre_key in session.execute(
        select(Supplier, Cadre.name, Cadre.phone, Cadre.search_key)
        .outerjoin(Cadre, col(Cadre.id) == Supplier.contact_cadre_id)
        .where(*where).order_by(origin_order(), Supplier.id)
    ):
        held = tuple(lines.get(row_id(s), ()))
        rows.append(SupplierRow(
            id=row_id(s), name=s.name, origin=s.origin, region=s.region or "", reserve_unit=s.reserve_unit,
            contact_cadre_id=s.contact_cadre_id, cadre=cadre or "", cadre_phone=cadre_phone or "",
            contact_person=s.contact_person or "", phone=s.phone or "", notes=s.notes or "", archived=s.archived,
            version=s.version, lines=held,
            key=joined_keys([s.search_key, cadre_key, *keys.get(row_id(s), ())]),
        ))
    return rows


def _wanted(session: Session, request: PageRequest) -> list[SupplierRow]:
    f = request.filters
    where = []
    if f.get("reserve_unit") is not None:
        where.append(Supplier.reserve_unit == bool(f["reserve_unit"]))
    if not f.get("archived"):
        where.append(Supplier.archived == False)  # noqa: E712
    if f.get("origin"):
        where.append(Supplier.origin == f["origin"])
    rows = [r for r in _rows(session, *where) if matches(r.key, request.query)]
    if f.get("item_id"):
        rows = [r for r in rows if any(line.item_id == f["item_id"] for line in r.lines)]
    if request.sort in ("name", "region", "cadre"):
        rows.sort(key=lambda r: getattr(r, request.sort), reverse=request.descending)
    return rows


def list_suppliers(session: Session, *, request: PageRequest) -> Page[SupplierRow]:
    """A window of the suppliers: text filter on names, region, contacts and what they supply;
    filters ``reserve_unit`` (True / False), ``origin``, ``item_id``, ``archived`` (shown too)."""
    rows = _wanted(session, request)
    return Page(rows[request.offset:request.offset + request.limit], request.offset)


def count_suppliers(session: Session, *, request: PageRequest) -> int:
    return len(_wanted(session, request))


def supplier_card(session: Session, *, supplier_id: int) -> SupplierCard:
    """The supplier and the contacts made with it from shortages, latest first."""
    rows = _rows(session, Supplier.id == supplier_id)
    if not rows:
        raise NotFoundError("No {table} with id {id}", table="supplier", id=supplier_id)
    contacts = [
        ContactMade(at=e.at, by=e.by, action=e.action, shortage_id=e.shortage_id, description=description,
                    note=e.note or "")
        for e, description in session.execute(
            select(ShortageEvent, Shortage.description).join(Shortage, col(Shortage.id) == ShortageEvent.shortage_id)
            .where(ShortageEvent.supplier_id == supplier_id)
            .order_by(col(ShortageEvent.at).desc(), col(ShortageEvent.id).desc())
        )
    ]
    return SupplierCard(row=rows[0], contacts=contacts)


# --- writes ------------------------------------------------------------------------------------------


def _clean(session: Session, data: SupplierInput) -> dict[str, object]:
    if data.origin not in ORIGINS:
        raise ValidationError("origin", "Unknown value {value}", value=data.origin)
    if data.contact_cadre_id is not None and session.get(Cadre, data.contact_cadre_id) is None:
        raise ValidationError("contact_cadre_id", "Pick a cadre")
    return {
        "name": validation.name(data.name, field="name", required=True, max_len=200),
        "origin": data.origin,
        "region": validation.text(data.region, field="region", max_len=64),
        "contact_cadre_id": data.contact_cadre_id,
        "contact_person": validation.name(data.contact_person, field="contact_person", max_len=64),
        "phone": validation.phone(data.phone, field="phone"),
        "notes": validation.text(data.notes, field="notes", max_len=2000),
        "reserve_unit": bool(data.reserve_unit),
        "archived": bool(data.archived),
    }


def _clean_lines(session: Session, lines: tuple[SupplyLine, ...]) -> list[tuple[int | None, int | None, str | None]]:
    clean: list[tuple[int | None, int | None, str | None]] = []
    for line in lines:
        if (line.item_id is None) == (line.material_id is None):
            raise ValidationError("lines", "Pick an item or a raw material")
        if line.item_id is not None and session.get(CatalogueItem, line.item_id) is None:
            raise ValidationError("lines", "Pick an item of the catalogue")
        if line.material_id is not None and session.get(Material, line.material_id) is None:
            raise ValidationError("lines", "Pick a raw material")
        entry = (line.item_id, line.material_id, validation.text(line.spec, field="lines", max_len=200))
        if any(e[:2] == entry[:2] for e in clean):
            raise ValidationError("lines", "The same item is listed twice")
        clean.append(entry)
    return clean


def _name_free(session: Session, name: object, supplier_id: int | None) -> None:
    taken = session.exec(select(Supplier.id).where(func.lower(Supplier.name) == str(name).lower())).first()
    if taken is not None and taken != supplier_id:
        raise ValidationError("name", "Another supplier has this name")


def _held(session: Session, supplier_id: int) -> list[SupplierItem]:
    return list(session.exec(select(SupplierItem).where(SupplierItem.supplier_id == supplier_id)
                             .order_by(col(SupplierItem.id))))


def _plain(entries: list[tuple[int | None, int | None, str | None]]) -> list[str]:
    """Lines as the audit keeps them: ``item:3 25g/m²``, ``material:2``."""
    return [f"{'item' if i is not None else 'material'}:{i if i is not None else m}{' ' + s if s else ''}"
            for i, m, s in entries]


def create_supplier(session: Session, *, actor: Actor, data: SupplierInput) -> int:
    """Add a supplier (or a reserve unit) with what it supplies."""
    require_coordinator(actor)
    with write_transaction(session):
        values = _clean(session, data)
        lines = _clean_lines(session, data.lines)
        _name_free(session, values["name"], None)
        row = create_row(session, validation.build(Supplier, **values), actor=actor, at=clock.now())
        session.add_all(SupplierItem(supplier_id=row_id(row), item_id=i, material_id=m, spec=s) for i, m, s in lines)
        return row_id(row)


def update_supplier(session: Session, *, actor: Actor, supplier_id: int, expected_version: int,
                    data: SupplierInput) -> int:
    """Change a supplier and what it supplies (versioned; the audit row names the lines before and after)."""
    require_coordinator(actor)
    with write_transaction(session):
        row = get_for_update(session, Supplier, supplier_id)
        check_version(row, expected_version)
        values = _clean(session, data)
        lines = _clean_lines(session, data.lines)
        _name_free(session, values["name"], supplier_id)
        confirm_actor(session, actor)
        at = clock.now()
        held = _held(session, supplier_id)
        before = [(h.item_id, h.material_id, h.spec) for h in held]
        diff = apply_changes(row, values, actor, at)
        if before != lines:
            for old in held:
                session.delete(old)
            session.flush()
            session.add_all(SupplierItem(supplier_id=supplier_id, item_id=i, material_id=m, spec=s)
                            for i, m, s in lines)
            diff["lines"] = [_plain(before), _plain(lines)]
            if len(diff) == 1:  # only the lines changed: the version moves all the same
                row.version += 1
                row.updated_at, row.updated_by = at, actor.login
        if diff:
            session.add(row)
            audit(session, actor=actor, at=at, row=row, action="update", changes=diff)
        if "name" in diff:  # the warehouses it runs are found by its name
            rekey_sites_run_by(session, supplier_id)
        return row.version


__all__ = ["ContactMade", "SupplierCard", "SupplierInput", "SupplierRow", "SupplyLine", "count_suppliers",
           "create_supplier", "list_suppliers", "origin_order", "supplier_card", "update_supplier"]
