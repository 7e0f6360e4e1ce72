"""The coordinators' roster: who is on site now, assigned cadres not checked in today, enterprises
with nobody stationed, the stationing itself, and the headcount as of a time.

The four lists are paged in SQL like the directory (filter, sort, count, a window of rows); the
text filter matches enterprise and cadre names in Chinese, pinyin or initials.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, Subquery, func, or_, select
from sqlmodel import Session

from models import checkin_reach, clock
from models.assignments import Assignment
from models.checkin import CheckIn
from models.enterprise import Enterprise
from models.errors import ValidationError
from models.organisation import SpecialGroup, Unit
from models.parks import Park
from models.people import Cadre
from models.reference import District
from models.services.as_of import known
from models.services.checkins import is_flagged, minutes, needs_correction
from models.services.enterprise_list import STATUS_ORDER
from models.services.paging import Page, PageRequest, text_filter
from models.services.roster_paging import (
    active_on,
    count_rows,
    current_stationings,
    people_filter,
    walks,
    window,
    with_enterprises,
)
from models.services.timesheets import day_start

# --- on site now -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OnSiteRow:
    id: int  # the check-in
    cadre_id: int
    cadre: str
    unit: str
    unit_en: str
    phone: str
    enterprise_id: int
    enterprise: str
    district: str
    since: datetime
    corrected: bool
    now: datetime

    @property
    def minutes(self) -> int:
        return minutes(self.now - self.since)

    @property
    def flagged(self) -> bool:
        return is_flagged(self.since, self.now)

    @property
    def needs_correction(self) -> bool:
        return needs_correction(self.since, self.now)


ON_SITE_SORTS = {
    # Enterprise.district_id equals District.id in every row; the walk below reads it from an index
    "district": (Enterprise.district_id, Enterprise.sort_key, Cadre.name),
    "enterprise": (Enterprise.sort_key, Cadre.name),
    "cadre": (Cadre.name,),
    "unit": (Cadre.unit_id, Cadre.name),
    "since": (CheckIn.check_in,),
}


def _on_site(request: PageRequest, *, walk: bool = False) -> Select[*tuple[Any, ...]]:
    open_here = (CheckIn.enterprise_id == Enterprise.id) & CheckIn.check_out.is_(None)
    columns = (CheckIn.id, Cadre.id, Cadre.name, Unit.name, Unit.name_en, Cadre.phone, Enterprise.id,
               Enterprise.name, Enterprise.short_name, District.name, CheckIn.check_in, CheckIn.corrected)
    stmt = with_enterprises(columns, CheckIn, open_here, walk=walk)  # (district, name key), open check-ins
    return (stmt.join(District, District.id == Enterprise.district_id).join(Cadre, Cadre.id == CheckIn.cadre_id)
            .outerjoin(Unit, Unit.id == Cadre.unit_id).where(*people_filter(request)))


def list_on_site(session: Session, *, request: PageRequest) -> Page[OnSiteRow]:
    """Cadres checked in now, by district and enterprise unless sorted otherwise."""
    now = clock.now()
    stmt = _on_site(request, walk=walks(request, ON_SITE_SORTS, "district", "district"))
    rows = window(session, stmt, request, ON_SITE_SORTS, "district", CheckIn.id)
    return Page([OnSiteRow(r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6], r[8] or r[7], r[9], r[10],
                           r[11], now) for r in rows], request.offset)


def count_on_site(session: Session, *, request: PageRequest) -> int:
    if not people_filter(request):  # every open check-in has its cadre, enterprise and district (foreign keys)
        count: int = session.execute(select(func.count()).where(CheckIn.check_out.is_(None))).scalar_one()
        return count
    return count_rows(session, _on_site(request))


# --- assigned, not checked in today -------------------------------------------------------------------


@dataclass(frozen=True)
class AbsentRow:
    id: int  # the assignment
    cadre_id: int
    cadre: str
    unit: str
    unit_en: str
    phone: str
    enterprise_id: int
    enterprise: str
    district: str
    last_seen: datetime | None


def _absent(request: PageRequest, *, walk: bool = False) -> Select[*tuple[Any, ...]]:
    today = request.filters.get("day") or clock.today()
    # not "came today or is on site": two lookups of the cadre's check-ins, a range and the open ones
    came_today = select(CheckIn.id).where(CheckIn.cadre_id == Cadre.id, CheckIn.check_in >= day_start(today))
    on_site = select(CheckIn.id).where(CheckIn.cadre_id == Cadre.id, CheckIn.check_out.is_(None))
    last = (select(func.max(CheckIn.check_in)).where(CheckIn.cadre_id == Cadre.id).correlate(Cadre)
            .scalar_subquery().label("last_seen"))
    columns = (Assignment.id, Cadre.id, Cadre.name, Unit.name, Unit.name_en, Cadre.phone, Enterprise.id,
               Enterprise.name, Enterprise.short_name, District.name, last)
    stationed = Enterprise.id == Assignment.enterprise_id
    stmt = with_enterprises(columns, Assignment, stationed, walk=walk)  # (district, name key), stationings
    return (stmt.join(Cadre, Cadre.id == Assignment.cadre_id).outerjoin(Unit, Unit.id == Cadre.unit_id)
            .join(District, District.id == Enterprise.district_id)
            .where(active_on(today), Cadre.active == True, ~came_today.exists(), ~on_site.exists(),  # noqa: E712
                   Enterprise.archived == False, *people_filter(request)))  # noqa: E712


ABSENT_SORTS = {
    "district": (Enterprise.district_id, Enterprise.sort_key, Cadre.name),
    "enterprise": (Enterprise.sort_key, Cadre.name),
    "cadre": (Cadre.name,),
    "unit": (Cadre.unit_id, Cadre.name),
    "last_seen": (func.coalesce(select(func.max(CheckIn.check_in)).where(CheckIn.cadre_id == Cadre.id)
                                .correlate(Cadre).scalar_subquery(), datetime(1900, 1, 1)),),
}


def list_absent(session: Session, *, request: PageRequest) -> Page[AbsentRow]:
    """Cadres stationed today who have not checked in today (and are not on site from yesterday)."""
    stmt = _absent(request, walk=walks(request, ABSENT_SORTS, "district", "district"))
    rows = window(session, stmt, request, ABSENT_SORTS, "district", Assignment.id)
    return Page([AbsentRow(r[0], r[1], r[2], r[3] or "", r[4] or "", r[5] or "", r[6], r[8] or r[7], r[9], r[10])
                 for r in rows], request.offset)


def count_absent(session: Session, *, request: PageRequest) -> int:
    """Without the columns and joins that change no count (a unit is optional, a district always there)."""
    today = request.filters.get("day") or clock.today()
    came = select(CheckIn.cadre_id).where(or_(CheckIn.check_in >= day_start(today), CheckIn.check_out.is_(None)))
    stmt = (select(func.count()).select_from(Assignment).join(Enterprise, Enterprise.id == Assignment.enterprise_id)
            .join(Cadre, Cadre.id == Assignment.cadre_id)
            .where(active_on(today), Cadre.active == True, Cadre.id.not_in(came),  # noqa: E712
                   Enterprise.archived == False, *people_filter(request)))  # noqa: E712
    count: int = session.execute(stmt).scalar_one()
    return count


# --- nobody stationed ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnstaffedRow:
    id: int  # the enterprise
    name: str
    short_name: str
    district: str
    park: str
    status: str
    last_visit: datetime | None


_LAST_VISIT = (select(func.max(CheckIn.check_in)).where(CheckIn.enterprise_id == Enterprise.id)
               .correlate(Enterprise).scalar_subquery())
UNSTAFFED_SORTS = {
    "name": (Enterprise.sort_key,),
    "district": (District.id, Enterprise.sort_key),
    "status": (STATUS_ORDER, Enterprise.sort_key),
    "last_visit": (func.coalesce(_LAST_VISIT, datetime(1900, 1, 1)), Enterprise.sort_key),
}


def _unstaffed(request: PageRequest) -> Select[*tuple[Any, ...]]:
    today = request.filters.get("day") or clock.today()
    staffed = select(Assignment.enterprise_id).where(active_on(today))
    clauses = [Enterprise.archived == False, Enterprise.id.not_in(staffed)]  # noqa: E712
    matched = text_filter(Enterprise.search_key, request.query)
    if matched is not None:
        clauses.append(matched)
    return (select(Enterprise.id, Enterprise.name, Enterprise.short_name, District.name, Park.name, Enterprise.status,
                   _LAST_VISIT.label("last_visit"))
            .join(District, District.id == Enterprise.district_id).outerjoin(Park, Park.id == Enterprise.park_id)
            .where(*clauses))


def list_unstaffed(session: Session, *, request: PageRequest) -> Page[UnstaffedRow]:
    """Enterprises (not archived) with no cadre stationed today."""
    if not request.query and request.offset >= count_unstaffed(session, request=request):
        return Page([], request.offset)  # past the last (often: none at all), without walking every enterprise
    rows = window(session, _unstaffed(request), request, UNSTAFFED_SORTS, "name", Enterprise.id)
    return Page([UnstaffedRow(r[0], r[1], r[2] or "", r[3], r[4] or "", r[5], r[6]) for r in rows], request.offset)


def count_unstaffed(session: Session, *, request: PageRequest) -> int:
    if not request.query:  # the dashboard's figure, from the tables the writers keep
        from models import enterprise_counts, staffing

        day = request.filters.get("day") or clock.today()
        return enterprise_counts.listed(session) - staffing.stationed(session, day=day)
    return count_rows(session, _unstaffed(request))


# --- stationing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    version: int
    cadre_id: int
    cadre: str
    unit: str
    unit_en: str
    enterprise_id: int
    enterprise: str
    district: str
    start_date: date
    end_date: date | None


ASSIGNMENT_SORTS = {
    "cadre": (Cadre.name, Assignment.start_date),
    "enterprise": (Enterprise.sort_key, Assignment.start_date),
    "district": (District.id, Enterprise.sort_key),
    "start": (Assignment.start_date,),
    "end": (func.coalesce(Assignment.end_date, date(9999, 12, 31)),),
}


def _assignments(request: PageRequest, *, walk: bool = False) -> Select[*tuple[Any, ...]]:
    columns = (Assignment.id, Assignment.version, Cadre.id, Cadre.name, Unit.name, Unit.name_en, Enterprise.id,
               Enterprise.name, Enterprise.short_name, District.name, Assignment.start_date, Assignment.end_date)
    stationed = Enterprise.id == Assignment.enterprise_id
    stmt = with_enterprises(columns, Assignment, stationed, walk=walk)  # (name key), stationings
    return (stmt.join(Cadre, Cadre.id == Assignment.cadre_id).outerjoin(Unit, Unit.id == Cadre.unit_id)
            .join(District, District.id == Enterprise.district_id)
            .where(*people_filter(request), *current_stationings(request)))


def list_assignments(session: Session, *, request: PageRequest) -> Page[AssignmentRow]:
    stmt = _assignments(request, walk=walks(request, ASSIGNMENT_SORTS, "enterprise", "enterprise"))
    rows = window(session, stmt, request, ASSIGNMENT_SORTS, "enterprise", Assignment.id)
    return Page([AssignmentRow(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6], r[8] or r[7], r[9], r[10], r[11])
                 for r in rows], request.offset)


def count_assignments(session: Session, *, request: PageRequest) -> int:
    if not people_filter(request):  # each stationing has its cadre, enterprise and district (foreign keys)
        stmt = select(func.count()).select_from(Assignment).where(*current_stationings(request))
        count: int = session.execute(stmt).scalar_one()
        return count
    return count_rows(session, _assignments(request))


# --- headcount -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadcountLine:
    id: int | None
    name: str
    name_en: str
    count: int


@dataclass(frozen=True)
class Headcount:
    """Distinct cadres on site at some time between ``since`` (00:00) and ``as_of``."""

    since: date
    as_of: datetime
    total: int
    by_unit: list[HeadcountLine]
    by_group: list[HeadcountLine]


def headcount(session: Session, *, since: date, as_of: datetime | None = None) -> Headcount:
    """The figure behind "截至2月3日12时，已有138人参与": cadres active since ``since``, by unit and group.

    Every unit and group is listed (with 0 where nobody was active); cadres without one are counted
    on a line of their own (``id`` None) when there are any.
    """
    moment = as_of or clock.now()
    if moment < day_start(since):
        raise ValidationError("as_of", "The end is before the start")

    def lines(counts: dict[int | None, int], table: type[Unit] | type[SpecialGroup]) -> list[HeadcountLine]:
        result = [HeadcountLine(i, n, e, counts.get(i, 0)) for i, n, e in
                  session.execute(select(table.id, table.name, table.name_en).order_by(table.id))]
        if counts.get(None):
            result.append(HeadcountLine(None, "", "", counts[None]))
        return result

    if checkin_reach.answers(session, moment):  # every check-in began and was entered by then: the kept counts
        by_unit: dict[int | None, int] = {}
        by_group: dict[int | None, int] = {}
        for unit, group, n in checkin_reach.counts(session, since=since):
            by_unit[unit] = by_unit.get(unit, 0) + n
            by_group[group] = by_group.get(group, 0) + n
        return Headcount(since, moment, sum(by_unit.values()), lines(by_unit, Unit), lines(by_group, SpecialGroup))
    active = select(taking_part(moment, since=since).c.cadre_id)
    total = session.execute(select(func.count()).select_from(active.subquery())).scalar_one()

    def scanned(column: SQLColumnExpression[int | None]) -> dict[int | None, int]:
        return dict(session.execute(select(column, func.count()).where(Cadre.id.in_(active)).group_by(column)).all())

    return Headcount(since, moment, total, lines(scanned(Cadre.unit_id), Unit),
                     lines(scanned(Cadre.group_id), SpecialGroup))


def taking_part(as_of: datetime, *, since: date | None = None) -> Subquery:
    """The cadres taking part ("已有138人参与"): those on site at some time from ``since`` (00:00;
    from the start of the work when None) up to ``as_of``, as recorded by then. One column, ``cadre_id``.

    The one definition of the figure: the brief and the headcount tab both count it. A check-in entered
    after ``as_of`` (even one dated earlier) does not count.
    """
    clauses = [CheckIn.check_in <= as_of, known(CheckIn, as_of)]
    if since is not None:
        clauses.append(or_(CheckIn.check_out.is_(None), CheckIn.check_out >= day_start(since)))
    return select(CheckIn.cadre_id).where(*clauses).distinct().subquery()


def first_checkin_day(session: Session) -> date | None:
    """The day of the first check-in on record: where "since the start of the work" begins."""
    first = session.execute(select(func.min(CheckIn.check_in))).scalar_one()
    return first.date() if first else None
