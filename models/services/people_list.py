"""The list of people (cadres): filtered by name, pinyin, initials or login as typed, and by unit,
special group, role and whether active; sorted, paged and counted in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from models.organisation import SpecialGroup, Unit
from models.people import Cadre
from models.services.paging import Page, PageRequest, text_filter


@dataclass(frozen=True)
class PersonRow:
    id: int
    version: int
    name: str
    unit: str
    unit_en: str
    group: str
    group_en: str
    phone: str
    login: str
    role: str
    active: bool


#: sort key -> the column it orders by (then by id)
SORTS: dict[str, Any] = {
    # by the name's pinyin, as a Chinese directory is ordered (张 among the z, not by code point)
    "name": Cadre.sort_key,
    "unit": func.coalesce(Cadre.unit_id, 9999),
    "group": func.coalesce(Cadre.group_id, 9999),
    "role": Cadre.role,
    "login": func.coalesce(Cadre.login, ""),
    "phone": func.coalesce(Cadre.phone, ""),
    "active": Cadre.active,
}


def people_where(request: PageRequest) -> list[ColumnElement[bool]]:
    """The people list's filter: the typed text and the quick filters (the list, its count and its export)."""
    clauses: list[ColumnElement[bool]] = []
    typed = text_filter(Cadre.search_key, request.query)
    if typed is not None:
        clauses.append(typed)
    f = request.filters
    for key, column in (("unit_id", Cadre.unit_id), ("group_id", Cadre.group_id), ("role", Cadre.role)):
        if f.get(key) not in (None, ""):
            clauses.append(column == f[key])
    if f.get("status") in ("active", "inactive"):
        clauses.append(Cadre.active == (f["status"] == "active"))
    return clauses


def people_order(request: PageRequest) -> list[ColumnElement[Any]]:
    """The people list's order: its sort column (the pinyin of the name by default), then a tie-break."""
    column = SORTS.get(request.sort or "name", SORTS["name"])
    columns = [column, Cadre.name, Cadre.id] if column is Cadre.sort_key else [column, Cadre.id]
    return [c.desc() if request.descending else c.asc() for c in columns]


def count_people(session: Session, *, request: PageRequest) -> int:
    count: int = session.execute(select(func.count()).select_from(Cadre).where(*people_where(request))).scalar_one()
    return count


def list_people(session: Session, *, request: PageRequest) -> Page[PersonRow]:
    """The window ``request.offset`` .. ``+limit``. Filters: ``unit_id``, ``group_id``, ``role``,
    ``status`` (``active`` or ``inactive``; absent: both)."""
    stmt = (
        select(Cadre, Unit.name, Unit.name_en, SpecialGroup.name, SpecialGroup.name_en)
        .outerjoin(Unit, Unit.id == Cadre.unit_id)
        .outerjoin(SpecialGroup, SpecialGroup.id == Cadre.group_id)
        .where(*people_where(request)).order_by(*people_order(request)).offset(request.offset).limit(request.limit)
    )
    rows = [
        PersonRow(id=c.id, version=c.version, name=c.name, unit=unit or "", unit_en=unit_en or "", group=group or "",
                  group_en=group_en or "", phone=c.phone or "", login=c.login or "", role=c.role, active=c.active)
        for c, unit, unit_en, group, group_en in session.execute(stmt).all()
    ]
    return Page(rows=rows, offset=request.offset)
