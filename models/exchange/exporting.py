"""The lists as tables to write out: the rows the app's lists show, filtered as their filter box
filters (the same services, the same ``PageRequest``), with the fields an import reads back.

The directory, the shortage list and the time sheets take the whole request their screen passes
its list service: quick filters, sort column and direction too (``SORTS``); so do the donation
offers and the funds' requests and sources, whose lists keep one order; the other lists read its
text filter only. Money is a number of 10k yuan (万元), exact, as the money lists show it.

A table holds plain values (numbers as numbers, dates as dates) and, for each column, its field and
its kind: ``text``, ``number``, ``date``, ``time``, ``bool`` or ``code:<context>`` (a code the
front end shows in words, through its context).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
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
from models.services.people_list import people_order, people_where

#: rows asked of a list service at a time
PAGE = 500


@dataclass(frozen=True)
class Table:
    kind: str
    fields: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def _pages(lister: Callable[..., Any], session: Session, request: PageRequest) -> Iterator[Any]:
    """Every row of a paged list service, in its order, for ``request`` (its window aside)."""
    offset = 0
    while True:
        page = lister(session, request=replace(request, offset=offset, limit=PAGE))
        yield from page.rows
        if len(page.rows) < PAGE:
            return
        offset += PAGE


ENTERPRISE_FIELDS = (("name", "text"), ("short_name", "text"), ("credit_code", "text"), ("district", "text"),
                     ("park", "text"), ("address", "text"), ("contact_person", "text"), ("phone", "text"),
                     ("notes", "text"), ("status", "code:enterprise status"), ("products", "text"),
                     ("total_capacity", "number"), ("output_today", "number"), ("open_shortages", "number"),
                     ("cadre", "text"), ("last_report", "date"))


def enterprises(session: Session, *, request: PageRequest) -> Table:
    """The directory as its list shows it (name order unless sorted), with each enterprise's own fields."""
    from models.services.enterprise_list import list_enterprises

    listed = list(_pages(list_enterprises, session, request))
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


def cadres(session: Session, *, request: PageRequest) -> Table:
    """The roster as the people list shows it: its filter (text and quick filters) and its order (the
    pinyin of the name unless sorted otherwise)."""
    stmt = (select(Cadre.name, Unit.name, SpecialGroup.name, Cadre.phone, Cadre.login, Cadre.role, Cadre.active)
            .outerjoin(Unit, Unit.id == Cadre.unit_id).outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
            .where(*people_where(request)).order_by(*people_order(request)))
    return _table("cadres", CADRE_FIELDS, [tuple(r) for r in session.execute(stmt)])


SHORTAGE_FIELDS = (("id", "number"), ("enterprise", "text"), ("district", "text"), ("kind", "code:shortage kind"),
                   ("material", "text"), ("quantity", "number"), ("unit", "text"), ("severity", "code:severity"),
                   ("level", "code:level"), ("group", "text"), ("assignee", "text"),
                   ("status", "code:shortage status"), ("reported_at", "time"), ("reported_by", "text"),
                   ("need_by", "date"), ("resolved_at", "time"), ("description", "text"))


def shortages(session: Session, *, request: PageRequest) -> Table:
    """The shortage list in its order (by default unsolved first, most severe first)."""
    from models.services.shortage_list import list_shortages

    rows = [(r.id, r.enterprise_name, r.district, r.kind, r.material or None, r.quantity, r.unit or None, r.severity,
             r.level, r.group or None, r.assignee or None, r.status, r.reported_at, r.reported_by, r.need_by,
             r.resolved_at, r.description) for r in _pages(list_shortages, session, request)]
    return _table("shortages", SHORTAGE_FIELDS, rows)


CHECKIN_FIELDS = (("cadre", "text"), ("unit", "text"), ("enterprise", "text"), ("district", "text"),
                  ("check_in", "time"), ("check_out", "time"), ("categories", "text"), ("note", "text"),
                  ("reason", "text"))


def checkins(session: Session, *, request: PageRequest) -> Table:
    """Every check-in, the latest first, filtered as the check-in screen filters (cadre or enterprise)."""
    place = aliased(District)
    stmt = (select(Cadre.name, Unit.name, Enterprise.name, place.name, CheckIn.check_in, CheckIn.check_out,
                   CheckIn.categories, CheckIn.note, CheckIn.reason)
            .join(Cadre, Cadre.id == CheckIn.cadre_id).outerjoin(Unit, Unit.id == Cadre.unit_id)
            .join(Enterprise, Enterprise.id == CheckIn.enterprise_id)
            .join(place, place.id == Enterprise.district_id)
            .order_by(CheckIn.check_in.desc(), CheckIn.id.desc()))
    matched = text_filter(Enterprise.search_key + "|" + Cadre.search_key, request.query)
    if matched is not None:
        stmt = stmt.where(matched)
    return _table("checkins", CHECKIN_FIELDS, [tuple(r) for r in session.execute(stmt)])


CATALOGUE_FIELDS = (("code", "text"), ("name", "text"), ("name_en", "text"), ("category", "text"), ("unit", "text"),
                    ("daily_demand", "number"), ("severely_short", "bool"))


def catalogue(session: Session, *, request: PageRequest) -> Table:
    """The catalogue list in its order; the filter matches code or name."""
    stmt = select(CatalogueItem).order_by(CatalogueItem.id)
    words = request.query.lower().split()
    rows = [(i.code, i.name, i.name_en or None, i.category, i.unit, i.daily_demand, i.severely_short)
            for i in session.execute(stmt).scalars()
            if all(w in f"{i.code} {i.name} {i.name_en}".lower() for w in words)]
    return _table("catalogue", CATALOGUE_FIELDS, rows)


SUPPLIER_FIELDS = (("name", "text"), ("origin", "text"), ("region", "text"), ("notes", "text"))


def suppliers(session: Session, *, request: PageRequest) -> Table:
    """The suppliers by name; the filter matches name or region."""
    from models.supply import Supplier

    stmt = select(Supplier).where(Supplier.archived == False).order_by(Supplier.name)  # noqa: E712
    words = request.query.lower().split()
    rows = [(s.name, s.origin, s.region, s.notes) for s in session.execute(stmt).scalars()
            if all(w in f"{s.name} {s.region or ''}".lower() for w in words)]
    return _table("suppliers", SUPPLIER_FIELDS, rows)


#: the columns of a time sheet by each grouping: the line's label, then its figures (hours as a number)
_FIGURES = (("days", "number"), ("visits", "number"), ("hours", "number"), ("latest_finish", "time"),
            ("corrected", "number"), ("open", "number"))
TIMESHEET_FIELDS = {
    "cadre": (("cadre", "text"), ("unit", "text"), ("group", "text"), *_FIGURES),
    "unit": (("unit", "text"), ("cadres", "number"), *_FIGURES),
    "group": (("group", "text"), ("cadres", "number"), *_FIGURES),
}


def hours(minutes: int) -> float:
    """Minutes as hours, to the hundredth (a number a spreadsheet sums)."""
    return round(minutes / 60, 2)


def timesheets(session: Session, *, request: PageRequest) -> Table:
    """The time sheet the time sheets tab shows for ``request`` (filters start, end, by; its sort),
    from the same computation (``timesheets.sheet_for``)."""
    from models.services.timesheets import sheet_for

    sheet = sheet_for(session, request=request)
    rows = []
    for r in sheet.rows:
        if sheet.by == "cadre":
            label: tuple[Any, ...] = (r.label or None, r.unit or None, r.group or None)
        else:
            label = (r.label or None, r.cadres)
        rows.append((*label, r.days, r.visits, hours(r.minutes), r.latest_finish, r.corrected, r.open))
    return _table("timesheets", TIMESHEET_FIELDS[sheet.by], rows)


def timesheet_request(*, start: date | None = None, end: date | None = None, by: str = "cadre",
                      query: str = "", sort: str = "", descending: bool = False) -> PageRequest:
    """The request of a time sheet from ``start`` to ``end`` (each None: as the tab opens)."""
    filters = {k: v for k, v in {"start": start, "end": end, "by": by}.items() if v is not None}
    return PageRequest(query=query, filters=filters, sort=sort, descending=descending)


def wan(fen: int | None) -> Decimal | None:
    """A sum kept in fen as the exact number of 10k yuan (万元) the money lists show."""
    return None if fen is None else Decimal(fen) / Decimal(1_000_000)


DONATION_FIELDS = (("number", "text"), ("donor", "text"), ("donor_kind", "code:donor kind"),
                   ("channel", "code:donation channel"), ("directed", "bool"), ("recipient", "text"),
                   ("status", "code:donation status"), ("offered", "number"), ("accepted", "number"),
                   ("received", "number"), ("certificate", "text"))


def donations(session: Session, *, request: PageRequest) -> Table:
    """The offers as the donations screen lists them (newest first), filtered by number or donor."""
    from models.services.donation_views import list_donations

    rows = [(r.number, r.donor or None, r.donor_kind, r.channel, r.directed, r.recipient or None, r.status,
             r.offered, r.accepted, r.received, r.certificate) for r in _pages(list_donations, session, request)]
    return _table("donations", DONATION_FIELDS, rows)


FUND_REQUEST_FIELDS = (("number", "text"), ("beneficiary", "text"), ("reserve_unit", "bool"),
                       ("purpose", "code:fund purpose"), ("requested", "number"), ("approved", "number"),
                       ("disbursed", "number"), ("to_pay", "number"), ("status", "code:fund status"),
                       ("source", "text"), ("order_ref", "text"), ("shortage_id", "number"),
                       ("requested_at", "time"))


def fund_requests(session: Session, *, request: PageRequest) -> Table:
    """The fund requests as the funds screen lists them (waiting for approval, then for payment, then
    the rest), sums in 万元."""
    from models.services.fund_views import list_fund_requests

    rows = [(r.number, r.beneficiary or None, r.reserve_unit, r.purpose, wan(r.requested), wan(r.approved),
             wan(r.disbursed), wan((r.approved or 0) - r.disbursed) if r.approved is not None else None, r.status,
             r.source or None, r.order_ref or None, r.shortage_id, r.requested_at)
            for r in _pages(list_fund_requests, session, request)]
    return _table("fund_requests", FUND_REQUEST_FIELDS, rows)


FUND_SOURCE_FIELDS = (("name", "text"), ("name_en", "text"), ("kind", "code:fund source kind"),
                      ("available", "number"), ("approved", "number"), ("disbursed", "number"), ("left", "number"),
                      ("document", "text"))


def fund_sources(session: Session, *, request: PageRequest) -> Table:
    """The sources of funds in the order recorded, sums in 万元."""
    from models.services.fund_views import list_sources

    rows = [(r.name, r.name_en or None, r.kind, wan(r.available), wan(r.approved), wan(r.disbursed), wan(r.left),
             r.document or None) for r in _pages(list_sources, session, request)]
    return _table("fund_sources", FUND_SOURCE_FIELDS, rows)


EXPORTS: dict[str, Callable[..., Table]] = {
    "enterprises": enterprises, "shortages": shortages, "cadres": cadres, "checkins": checkins,
    "suppliers": suppliers, "catalogue": catalogue, "timesheets": timesheets,
    "donations": donations, "fund_requests": fund_requests, "fund_sources": fund_sources,
}


def sorts(kind: str) -> tuple[str, ...]:
    """The sort columns ``kind``'s export takes (none: it keeps its list's one order)."""
    if kind == "enterprises":
        from models.services.enterprise_list import SORTS as ENTERPRISE_SORTS

        return ENTERPRISE_SORTS
    if kind == "shortages":
        from models.services.shortage_list import SORTS as SHORTAGE_SORTS

        return tuple(SHORTAGE_SORTS)
    if kind == "timesheets":
        from models.services.timesheets import SHEET_SORTS

        return tuple(SHEET_SORTS)
    return ()


__all__ = ["EXPORTS", "Table", "sorts", "timesheet_request"]
