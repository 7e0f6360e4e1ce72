"""The lists as tables to write out: the rows the app's lists show, filtered as their filter box
filters (the same services, the same ``PageRequest``), with the fields an import reads back.

A table holds plain values (numbers as numbers, dates as dates) and, for each column, its field and
its kind: ``text``, ``number``, ``date``, ``time``, ``bool`` or ``code:<context>`` (a code the
front end shows in words, through its context).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from models.checkin import CheckIn
from models.enterprise import Enterprise
from models.organisation import SpecialGroup, Unit
from models.people import Cadre
from models.reference import CatalogueItem, District
from models.services.paging import PageRequest, text_filter

#: rows asked of a list service at a time
PAGE = 500


@dataclass(frozen=True)
class Table:
    kind: str
    fields: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _pages(lister: Callable[..., Any], session: Session, query: str, sort: str = "") -> Iterator[Any]:
    """Every row of a paged list service, in its order, for the filter ``query``."""
    offset = 0
    while True:
        page = lister(session, request=PageRequest(query=query, sort=sort, offset=offset, limit=PAGE))
        yield from page.rows
        if len(page.rows) < PAGE:
            return
        offset += PAGE


ENTERPRISE_FIELDS = (("name", "text"), ("short_name", "text"), ("credit_code", "text"), ("district", "text"),
                     ("park", "text"), ("address", "text"), ("contact_person", "text"), ("phone", "text"),
                     ("notes", "text"), ("status", "code:enterprise status"), ("products", "text"),
                     ("total_capacity", "number"), ("output_today", "number"), ("open_shortages", "number"),
                     ("cadre", "text"), ("last_report", "date"))


def enterprises(session: Session, *, query: str = "") -> Table:
    """The directory as its list shows it (name order), with each enterprise's own fields."""
    from models.services.enterprise_list import list_enterprises

    listed = list(_pages(list_enterprises, session, query))
    stored = {e.id: e for e in _chunked(session, Enterprise, [r.id for r in listed])}
    rows = []
    for line in listed:
        e = stored[line.id]
        rows.append((e.name, e.short_name, e.credit_code, line.district, line.park or None, e.address,
                     e.contact_person, e.phone, e.notes, e.status, line.products or None, line.capacity,
                     line.output_today, line.open_shortages, line.cadre or None, line.last_report))
    return _table("enterprises", ENTERPRISE_FIELDS, rows)


def _chunked(session: Session, model: Any, ids: list[int]) -> list[Any]:
    found: list[Any] = []
    for start in range(0, len(ids), PAGE):
        found += session.execute(select(model).where(model.id.in_(ids[start:start + PAGE]))).scalars().all()
    return found


def _table(kind: str, spec: tuple[tuple[str, str], ...], rows: list[tuple[Any, ...]]) -> Table:
    return Table(kind, tuple(f for f, _ in spec), tuple(k for _, k in spec), rows)


CADRE_FIELDS = (("name", "text"), ("unit", "text"), ("group", "text"), ("phone", "text"), ("login", "text"),
                ("role", "code:role"), ("active", "bool"))


def cadres(session: Session, *, query: str = "") -> Table:
    """The roster by the pinyin of the name (as the people list), filtered by the people filter's key
    (name, pinyin, login)."""
    stmt = (select(Cadre.name, Unit.name, SpecialGroup.name, Cadre.phone, Cadre.login, Cadre.role, Cadre.active)
            .outerjoin(Unit, Unit.id == Cadre.unit_id).outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
            .order_by(Cadre.sort_key, Cadre.name, Cadre.id))
    matched = text_filter(Cadre.search_key, query)
    if matched is not None:
        stmt = stmt.where(matched)
    return _table("cadres", CADRE_FIELDS, [tuple(r) for r in session.execute(stmt)])


SHORTAGE_FIELDS = (("id", "number"), ("enterprise", "text"), ("district", "text"), ("kind", "code:shortage kind"),
                   ("material", "text"), ("quantity", "number"), ("unit", "text"), ("severity", "code:severity"),
                   ("level", "code:level"), ("group", "text"), ("assignee", "text"),
                   ("status", "code:shortage status"), ("reported_at", "time"), ("reported_by", "text"),
                   ("need_by", "date"), ("resolved_at", "time"), ("description", "text"))


def shortages(session: Session, *, query: str = "") -> Table:
    """The shortage list in its default order (unsolved first, most severe first)."""
    from models.services.shortage_list import list_shortages

    rows = [(r.id, r.enterprise_name, r.district, r.kind, r.material or None, r.quantity, r.unit or None, r.severity,
             r.level, r.group or None, r.assignee or None, r.status, r.reported_at, r.reported_by, r.need_by,
             r.resolved_at, r.description) for r in _pages(list_shortages, session, query, "default")]
    return _table("shortages", SHORTAGE_FIELDS, rows)


CHECKIN_FIELDS = (("cadre", "text"), ("unit", "text"), ("enterprise", "text"), ("district", "text"),
                  ("check_in", "time"), ("check_out", "time"), ("categories", "text"), ("note", "text"),
                  ("reason", "text"))


def checkins(session: Session, *, query: str = "") -> Table:
    """Every check-in, the latest first, filtered as the check-in screen filters (cadre or enterprise)."""
    place = aliased(District)
    stmt = (select(Cadre.name, Unit.name, Enterprise.name, place.name, CheckIn.check_in, CheckIn.check_out,
                   CheckIn.categories, CheckIn.note, CheckIn.reason)
            .join(Cadre, Cadre.id == CheckIn.cadre_id).outerjoin(Unit, Unit.id == Cadre.unit_id)
            .join(Enterprise, Enterprise.id == CheckIn.enterprise_id)
            .join(place, place.id == Enterprise.district_id)
            .order_by(CheckIn.check_in.desc(), CheckIn.id.desc()))
    matched = text_filter(Enterprise.search_key + "|" + Cadre.search_key, query)
    if matched is not None:
        stmt = stmt.where(matched)
    return _table("checkins", CHECKIN_FIELDS, [tuple(r) for r in session.execute(stmt)])


CATALOGUE_FIELDS = (("code", "text"), ("name", "text"), ("name_en", "text"), ("category", "text"), ("unit", "text"),
                    ("daily_demand", "number"), ("severely_short", "bool"))


def catalogue(session: Session, *, query: str = "") -> Table:
    """The catalogue list in its order; the filter matches code or name."""
    stmt = select(CatalogueItem).order_by(CatalogueItem.id)
    words = query.lower().split()
    rows = [(i.code, i.name, i.name_en or None, i.category, i.unit, i.daily_demand, i.severely_short)
            for i in session.execute(stmt).scalars()
            if all(w in f"{i.code} {i.name} {i.name_en}".lower() for w in words)]
    return _table("catalogue", CATALOGUE_FIELDS, rows)


SUPPLIER_FIELDS = (("name", "text"), ("origin", "text"), ("region", "text"), ("notes", "text"))


def suppliers(session: Session, *, query: str = "") -> Table:
    """The suppliers by name; the filter matches name or region."""
    from models.supply import Supplier

    stmt = select(Supplier).where(Supplier.archived == False).order_by(Supplier.name)  # noqa: E712
    words = query.lower().split()
    rows = [(s.name, s.origin, s.region, s.notes) for s in session.execute(stmt).scalars()
            if all(w in f"{s.name} {s.region or ''}".lower() for w in words)]
    return _table("suppliers", SUPPLIER_FIELDS, rows)


EXPORTS: dict[str, Callable[..., Table]] = {
    "enterprises": enterprises, "shortages": shortages, "cadres": cadres, "checkins": checkins,
    "suppliers": suppliers, "catalogue": catalogue,
}

__all__ = ["EXPORTS", "Table"]
