"""Sites as coordinators keep them: the reserve warehouses, the hospitals and the front-line units
that hold or ask for supplies, with their district, the reserve unit running a warehouse and their
contacts. Everyone reads; only coordinators write (versioned, audited).

The text filter runs in SQL on the stored ``search_key`` (code, name, English name, district,
operator, contact: as written, in full pinyin and in initials), as the directory's does, so a
cadre finds 重庆市公共卫生医疗救治中心 by typing ``gwzx``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from models import clock, validation
from models.errors import NotFoundError, ValidationError
from models.reference import District
from models.search import search_key, sort_key
from models.services.choices import Choice
from models.services.common import (
    Actor,
    apply_changes,
    audit,
    check_version,
    create_row,
    get_for_update,
    require_coordinator,
    row_id,
    write_transaction,
)
from models.services.paging import Page, PageRequest, text_filter
from models.sites import Site, SiteKind
from models.supply import Supplier

KINDS: tuple[str, ...] = tuple(kind.value for kind in SiteKind)


@dataclass(frozen=True)
class SiteRow:
    id: int
    code: str
    name: str
    name_en: str
    kind: str
    district_id: int | None
    district: str
    operator_id: int | None
    operator: str
    designated: bool
    fever_clinic: bool
    capacity: int | None
    address: str
    contact_person: str
    phone: str
    notes: str
    archived: bool
    version: int


@dataclass(frozen=True)
class SiteInput:
    code: str
    name: str
    kind: str = SiteKind.WAREHOUSE.value
    name_en: str = ""
    district_id: int | None = None
    operator_id: int | None = None
    designated: bool = False
    fever_clinic: bool = False
    capacity: int | None = None
    address: str = ""
    contact_person: str = ""
    phone: str = ""
    notes: str = ""
    archived: bool = False


# --- reading -----------------------------------------------------------------------------------------

_operator = aliased(Supplier)
_KIND_ORDER = case({kind: rank for rank, kind in enumerate(KINDS)}, value=Site.kind, else_=len(KINDS))


def _select() -> Any:
    return (select(Site, District.name, _operator.name)
            .outerjoin(District, col(District.id) == Site.district_id)
            .outerjoin(_operator, col(_operator.id) == Site.operator_id))


def _row(site: Site, district: str | None, operator: str | None) -> SiteRow:
    return SiteRow(
        id=row_id(site), code=site.code, name=site.name, name_en=site.name_en, kind=site.kind,
        district_id=site.district_id, district=district or "", operator_id=site.operator_id, operator=operator or "",
        designated=site.designated, fever_clinic=site.fever_clinic, capacity=site.capacity,
        address=site.address or "", contact_person=site.contact_person or "", phone=site.phone or "",
        notes=site.notes or "", archived=site.archived, version=site.version)


def _where(request: PageRequest) -> list[Any]:
    f = request.filters
    where: list[Any] = []
    if not f.get("archived"):
        where.append(Site.archived == False)  # noqa: E712
    if f.get("kind"):
        where.append(Site.kind == f["kind"])
    if f.get("district_id"):
        where.append(Site.district_id == f["district_id"])
    if f.get("designated"):
        where.append(Site.designated == True)  # noqa: E712
    matched = text_filter(col(Site.search_key), request.query)
    if matched is not None:
        where.append(matched)
    return where


def list_sites(session: Session, *, request: PageRequest) -> Page[SiteRow]:
    """A window of the sites: warehouses (the reserve units' first), hospitals, units, by district.

    Filters: ``kind``, ``district_id``, ``designated``, ``archived`` (shown too); the text filter
    matches code, names, district, operator and contact (pinyin and initials too)."""
    order: list[Any] = [_KIND_ORDER, col(Site.operator_id).is_(None), col(District.id), col(Site.code)]
    if request.sort in ("code", "name"):
        column = col(getattr(Site, request.sort))
        order = [column.desc() if request.descending else column, col(Site.id)]
    rows = session.execute(_select().where(*_where(request)).order_by(*order)
                           .offset(request.offset).limit(request.limit)).all()
    return Page([_row(*row) for row in rows], request.offset)


def count_sites(session: Session, *, request: PageRequest) -> int:
    count: int = session.execute(select(func.count()).select_from(Site).where(*_where(request))).scalar_one()
    return count


def site_card(session: Session, *, site_id: int) -> SiteRow:
    row = session.execute(_select().where(Site.id == site_id)).first()
    if row is None:
        raise NotFoundError("No {table} with id {id}", table="site", id=site_id)
    return _row(*row)


def _choices(session: Session, *where: Any) -> list[Choice]:
    rows = session.execute(columns(Site.id, Site.name, Site.name_en, Site.search_key, District.name)
                           .outerjoin(District, col(District.id) == Site.district_id)
                           .where(Site.archived == False, *where)  # noqa: E712
                           .order_by(func.coalesce(District.pinyin, ""), Site.sort_key, Site.id)).all()
    return [Choice(sid, name, alt=en, key=key, extra=district or "") for sid, name, en, key, district in rows]


def warehouse_choices(session: Session) -> list[Choice]:
    """The warehouses stock is received into and allocated from (pickers of the stock screens)."""
    return _choices(session, Site.kind == SiteKind.WAREHOUSE.value)


def requesting_site_choices(session: Session) -> list[Choice]:
    """The hospitals and units that ask for supplies (district depots ask too: they are warehouses
    run by a district, without an operator)."""
    return _choices(session, (Site.kind != SiteKind.WAREHOUSE.value) | col(Site.operator_id).is_(None))


# --- writes ------------------------------------------------------------------------------------------


def site_keys(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """The search and sort keys of a site's values (names of its district and operator read here)."""
    district = session.get(District, values["district_id"]) if values.get("district_id") else None
    operator = session.get(Supplier, values["operator_id"]) if values.get("operator_id") else None
    return {"search_key": search_key([values["code"].lower(), values["name"], (values.get("name_en") or "").lower(),
                                      district.name if district else None, operator.name if operator else None,
                                      values.get("contact_person")]),
            "sort_key": sort_key(values["name"])}


def rekey_sites_run_by(session: Session, operator_id: int) -> None:
    """The search keys of the warehouses ``operator_id`` runs, built again: they hold its name (a
    reserve unit's rename calls this, in its transaction). A derived column: no version moves."""
    for site in session.exec(select(Site).where(Site.operator_id == operator_id)):
        site.search_key = site_keys(session, {"code": site.code, "name": site.name, "name_en": site.name_en,
                                              "district_id": site.district_id, "operator_id": site.operator_id,
                                              "contact_person": site.contact_person})["search_key"]
        session.add(site)


def _clean(session: Session, data: SiteInput) -> dict[str, Any]:
    if data.kind not in KINDS:
        raise ValidationError("kind", "Unknown value {value}", value=data.kind)
    if data.district_id is not None and session.get(District, data.district_id) is None:
        raise ValidationError("district_id", "Pick a district")
    if data.operator_id is not None:
        operator = session.get(Supplier, data.operator_id)
        if operator is None or not operator.reserve_unit:
            raise ValidationError("operator_id", "Pick a reserve unit")
        if data.kind != SiteKind.WAREHOUSE.value:
            raise ValidationError("operator_id", "Only a warehouse is run by a reserve unit")
    if data.capacity is not None and data.capacity < 0:
        raise ValidationError("capacity", "The quantity must not be negative")
    code = validation.name(data.code, field="code", required=True, max_len=32)
    return {
        "code": code.upper(),
        "name": validation.name(data.name, field="name", required=True, max_len=200),
        "name_en": validation.name(data.name_en, field="name_en", max_len=200) or "",
        "kind": data.kind,
        "district_id": data.district_id,
        "operator_id": data.operator_id,
        "designated": bool(data.designated) and data.kind == SiteKind.HOSPITAL.value,
        "fever_clinic": bool(data.fever_clinic) and data.kind == SiteKind.HOSPITAL.value,
        "capacity": data.capacity if data.kind == SiteKind.WAREHOUSE.value else None,
        "address": validation.text(data.address, field="address", max_len=200),
        "contact_person": validation.name(data.contact_person, field="contact_person", max_len=64),
        "phone": validation.enterprise_phone(data.phone, field="phone"),
        "notes": validation.text(data.notes, field="notes", max_len=2000),
        "archived": bool(data.archived),
    }


def _free(session: Session, values: dict[str, Any], site_id: int | None) -> None:
    taken = session.exec(select(Site.id).where(func.upper(Site.code) == values["code"])).first()
    if taken is not None and taken != site_id:
        raise ValidationError("code", "Another site has this code")
    taken = session.exec(select(Site.id).where(func.lower(Site.name) == values["name"].lower())).first()
    if taken is not None and taken != site_id:
        raise ValidationError("name", "Another site has this name")


def create_site(session: Session, *, actor: Actor, data: SiteInput) -> int:
    """Add a warehouse, a hospital or a unit."""
    require_coordinator(actor)
    with write_transaction(session):
        values = _clean(session, data)
        _free(session, values, None)
        site = validation.build(Site, **values, **site_keys(session, values))
        return row_id(create_row(session, site, actor=actor, at=clock.now()))


def update_site(session: Session, *, actor: Actor, site_id: int, expected_version: int, data: SiteInput) -> int:
    """Change a site (versioned); returns the new version."""
    require_coordinator(actor)
    with write_transaction(session):
        site = get_for_update(session, Site, site_id)
        check_version(site, expected_version)
        values = _clean(session, data)
        _free(session, values, site_id)
        at = clock.now()
        diff = apply_changes(site, values, actor, at)
        if diff:
            for name, key in site_keys(session, values).items():
                setattr(site, name, key)
            session.add(site)
            audit(session, actor=actor, at=at, row=site, action="update", changes=diff)
        return site.version


__all__ = ["KINDS", "SiteInput", "SiteRow", "count_sites", "create_site", "list_sites", "rekey_sites_run_by",
           "requesting_site_choices", "site_card", "site_keys", "update_site", "warehouse_choices"]
