"""Reference lists: districts, parks, units and groups as picker entries (``alt``: pinyin or English
name), the catalogue and the raw materials as rows; adding and renaming a park; a district by its name."""

from __future__ import annotations

from sqlmodel import Session, select

from models import clock, validation
from models.errors import NotFoundError, ValidationError
from models.organisation import SpecialGroup, Unit
from models.parks import Park
from models.reference import CatalogueItem, District
from models.services.choices import Choice
from models.services.common import (
    Actor,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    require_writer,
    row_id,
    update_row,
    write_transaction,
)
from models.supply import Material


def districts(session: Session) -> list[Choice]:
    return [Choice(row_id(d), d.name, d.pinyin) for d in session.exec(select(District).order_by(District.id))]


def parks(session: Session, *, district_id: int | None = None) -> list[Choice]:
    stmt = select(Park).where(Park.archived == False)  # noqa: E712
    if district_id is not None:
        stmt = stmt.where(Park.district_id == district_id)
    return [Choice(row_id(p), p.name) for p in session.exec(stmt.order_by(Park.name))]


def units(session: Session) -> list[Choice]:
    return [Choice(row_id(u), u.name, u.name_en, u.search_key) for u in session.exec(select(Unit).order_by(Unit.id))]


def groups(session: Session) -> list[Choice]:
    stmt = select(SpecialGroup).order_by(SpecialGroup.id)
    return [Choice(row_id(g), g.name, g.name_en, g.search_key) for g in session.exec(stmt)]


def catalogue(session: Session) -> list[CatalogueItem]:
    return list(session.exec(select(CatalogueItem).order_by(CatalogueItem.id)))


def materials(session: Session) -> list[Material]:
    return list(session.exec(select(Material).order_by(Material.id)))


def add_park(session: Session, *, actor: Actor, district_id: int, name: str) -> Choice:
    """Add a park to a district (or return the existing one of that name)."""
    require_writer(actor)
    clean = validation.name(name, field="park", required=True, max_len=64)
    with write_transaction(session):
        if session.get(District, district_id) is None:
            raise ValidationError("district", "Pick one of the 38 districts")
        existing = session.exec(select(Park).where(Park.district_id == district_id, Park.name == clean)).first()
        park = existing or create_row(session, Park(district_id=district_id, name=clean), actor=actor, at=clock.now())
    return Choice(row_id(park), park.name)


def rename_park(session: Session, *, actor: Actor, park_id: int, expected_version: int, name: str) -> Choice:
    """Rename a park (its enterprises keep it); a name another park of its district has is refused."""
    require_coordinator(actor)
    clean = validation.name(name, field="park", required=True, max_len=64)
    with write_transaction(session):
        park = get_for_update(session, Park, park_id)
        check_version(park, expected_version)
        clash = session.exec(select(Park.id).where(Park.district_id == park.district_id, Park.name == clean,
                                                   Park.id != park_id)).first()
        if clash is not None:
            raise ValidationError("park", "This district already has a park of that name")
        update_row(session, park, {"name": clean}, actor=actor, at=clock.now(), action="rename")
    return Choice(row_id(park), park.name)


def district_by_name(session: Session, name: str) -> District:
    row = session.exec(select(District).where(District.name == name)).first()
    if row is None:
        raise NotFoundError("No district named {name}", name=name)
    return row
