"""The districts and their industrial parks as lists: the 38 districts are fixed (seeded by the
first migration), each with how many parks and enterprises it has; the parks of one district,
with how many enterprises are in each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from models.enterprise import Enterprise
from models.parks import Park
from models.reference import District
from models.services.paging import Page, PageRequest, text_filter


@dataclass(frozen=True)
class DistrictRow:
    id: int
    name: str
    kind: str
    pinyin: str
    parks: int
    enterprises: int


@dataclass(frozen=True)
class ParkRow:
    id: int
    version: int
    name: str
    district_id: int
    district: str
    enterprises: int


def count_districts(session: Session, *, request: PageRequest) -> int:
    stmt = select(func.count()).select_from(District)
    typed = text_filter(func.lower(District.name + "|" + District.pinyin), request.query)
    count: int = session.execute(stmt.where(typed) if typed is not None else stmt).scalar_one()
    return count


def list_districts(session: Session, *, request: PageRequest) -> Page[DistrictRow]:
    """The districts in their official order, matched by name or pinyin."""
    parks = (select(Park.district_id, func.count().label("n")).where(Park.archived == False)  # noqa: E712
             .group_by(Park.district_id).subquery())
    firms = (select(Enterprise.district_id, func.count().label("n")).where(Enterprise.archived == False)  # noqa: E712
             .group_by(Enterprise.district_id).subquery())
    stmt = (select(District, func.coalesce(parks.c.n, 0), func.coalesce(firms.c.n, 0))
            .outerjoin(parks, parks.c.district_id == District.id)
            .outerjoin(firms, firms.c.district_id == District.id))
    typed = text_filter(func.lower(District.name + "|" + District.pinyin), request.query)
    if typed is not None:
        stmt = stmt.where(typed)
    stmt = stmt.order_by(District.id.desc() if request.descending else District.id).offset(request.offset)
    rows = [DistrictRow(id=d.id, name=d.name, kind=d.kind, pinyin=d.pinyin, parks=p, enterprises=e)
            for d, p, e in session.execute(stmt.limit(request.limit)).all()]
    return Page(rows=rows, offset=request.offset)


def _parks_where(request: PageRequest) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [Park.archived == False]  # noqa: E712
    if request.filters.get("district_id") is not None:
        clauses.append(Park.district_id == request.filters["district_id"])
    typed = text_filter(func.lower(Park.name), request.query)
    if typed is not None:
        clauses.append(typed)
    return clauses


def count_parks(session: Session, *, request: PageRequest) -> int:
    count: int = session.execute(select(func.count()).select_from(Park).where(*_parks_where(request))).scalar_one()
    return count


def list_parks(session: Session, *, request: PageRequest) -> Page[ParkRow]:
    """Parks (filter ``district_id``), by name, with how many enterprises are in each."""
    firms = (select(Enterprise.park_id, func.count().label("n")).where(Enterprise.archived == False)  # noqa: E712
             .group_by(Enterprise.park_id).subquery())
    stmt = (select(Park, District.name, func.coalesce(firms.c.n, 0))
            .join(District, District.id == Park.district_id)
            .outerjoin(firms, firms.c.park_id == Park.id)
            .where(*_parks_where(request))
            .order_by(Park.name.desc() if request.descending else Park.name, Park.id)
            .offset(request.offset).limit(request.limit))
    rows = [ParkRow(id=p.id, version=p.version, name=p.name, district_id=p.district_id, district=district,
                    enterprises=n) for p, district, n in session.execute(stmt).all()]
    return Page(rows=rows, offset=request.offset)
