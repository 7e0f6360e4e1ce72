"""The check-in roster's reads, rewritten to walk indexes at 100,000 enterprises, give what the plain
queries they replace gave: the same rows in the same order (every sort, both directions, any
window), the same counts and the same headcount, on SQLite and PostgreSQL, over any check-ins
(open ones, several open for one cadre, corrected, entered later), stationings that start and end,
archived enterprises and cadres no longer active. The plain queries are kept here as the reference.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Select, delete, func, insert, or_, select, update

from models import enterprise_counts, staffing
from models.assignments import Assignment
from models.checkin import CheckIn
from models.enterprise import Enterprise
from models.organisation import Unit
from models.people import Cadre
from models.reference import District
from models.services import checkin_roster as roster
from models.services.paging import PageRequest
from models.services.roster_paging import active_on as _active_on
from models.services.roster_paging import people_filter as _people_filter
from models.services.timesheets import day_start

NOW = datetime(2020, 2, 10, 15, 30)
TODAY = NOW.date()
ENTERPRISES, CADRES = 5, 5
#: names with equal sort keys across enterprises, so the ties between them are ordered by the later keys
NAMES = ("甲企业", "乙企业", "甲企业", "丙企业", "乙企业")


def _old_on_site(request: PageRequest) -> Select[Any]:
    return (select(CheckIn.id, Cadre.id, Cadre.name, Unit.name, Unit.name_en, Cadre.phone, Enterprise.id,
                   Enterprise.name, Enterprise.short_name, District.name, CheckIn.check_in, CheckIn.corrected)
            .join(Cadre, Cadre.id == CheckIn.cadre_id).outerjoin(Unit, Unit.id == Cadre.unit_id)
            .join(Enterprise, Enterprise.id == CheckIn.enterprise_id).join(District,
                                                                           District.id == Enterprise.district_id)
            .where(CheckIn.check_out.is_(None), *_people_filter(request)))


OLD_ON_SITE_SORTS = {**roster.ON_SITE_SORTS, "district": (District.id, Enterprise.sort_key, Cadre.name)}


def _old_absent(request: PageRequest) -> Select[Any]:
    today = request.filters.get("day") or TODAY
    came = select(CheckIn.cadre_id).where(or_(CheckIn.check_in >= day_start(today), CheckIn.check_out.is_(None)))
    last = (select(func.max(CheckIn.check_in)).where(CheckIn.cadre_id == Cadre.id).correlate(Cadre)
            .scalar_subquery().label("last_seen"))
    return (select(Assignment.id, Cadre.id, Cadre.name, Unit.name, Unit.name_en, Cadre.phone, Enterprise.id,
                   Enterprise.name, Enterprise.short_name, District.name, last)
            .join(Cadre, Cadre.id == Assignment.cadre_id).outerjoin(Unit, Unit.id == Cadre.unit_id)
            .join(Enterprise, Enterprise.id == Assignment.enterprise_id)
            .join(District, District.id == Enterprise.district_id)
            .where(_active_on(today), Cadre.active == True, Cadre.id.not_in(came),  # noqa: E712
                   Enterprise.archived == False, *_people_filter(request)))  # noqa: E712


OLD_ABSENT_SORTS = {**roster.ABSENT_SORTS, "district": (District.id, Enterprise.sort_key, Cadre.name)}


def _old_assignments(request: PageRequest) -> Select[Any]:
    clauses = _people_filter(request)
    if not request.filters.get("ended"):
        clauses.append(or_(Assignment.end_date.is_(None), Assignment.end_date >= (request.filters.get("day") or TODAY)))
    return (select(Assignment.id, Assignment.version, Cadre.id, Cadre.name, Unit.name, Unit.name_en, Enterprise.id,
                   Enterprise.name, Enterprise.short_name, District.name, Assignment.start_date, Assignment.end_date)
            .join(Cadre, Cadre.id == Assignment.cadre_id).outerjoin(Unit, Unit.id == Cadre.unit_id)
            .join(Enterprise, Enterprise.id == Assignment.enterprise_id)
            .join(District, District.id == Enterprise.district_id).where(*clauses))


def _old_page(session, stmt, request: PageRequest, sorts, default: str, tie) -> list[tuple]:  # type: ignore[no-untyped-def]
    keys = sorts.get(request.sort) or sorts[default]
    order = [k.desc() if request.descending else k.asc() for k in (*keys, tie)]
    return [tuple(r) for r in session.execute(stmt.order_by(*order).offset(request.offset).limit(request.limit))]


def _old_count(session, stmt) -> int:  # type: ignore[no-untyped-def]
    return session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


# --- the data: made once through the services, then rewritten per example -------------------------------


def _world(session, make) -> tuple[list[int], list[int], list[int]]:  # type: ignore[no-untyped-def]
    firms = list(session.execute(select(Enterprise.id).order_by(Enterprise.id)).scalars())
    for i in range(len(firms), ENTERPRISES):
        firms.append(make.enterprise(NAMES[i], district="南岸区" if i % 2 else "渝中区", park=None).id)
    cadres = list(session.execute(select(Cadre.id).where(Cadre.login.like("c%")).order_by(Cadre.id)).scalars())
    for i in range(len(cadres), CADRES):
        make.cadre(f"c{i}", name=("王伟", "李娜", "王伟", "张敏", "刘洋")[i])
        cadres.append(session.execute(select(Cadre.id).where(Cadre.login == f"c{i}")).scalar_one())
    units = [None, *session.execute(select(Unit.id).order_by(Unit.id).limit(2)).scalars()]
    return firms, cadres, units


visit = st.fixed_dictionaries({
    "cadre": st.integers(0, CADRES - 1), "firm": st.integers(0, ENTERPRISES - 1),
    "start": st.integers(-4 * 24 * 60, 60),  # minutes from now: days back, a few ahead (a clock's slack)
    "length": st.one_of(st.none(), st.integers(1, 3 * 24 * 60)),  # None: still open
    "entered": st.one_of(st.none(), st.integers(-60, 3 * 24 * 60)),  # minutes after the check-in, or None
    "corrected": st.booleans(),
})
stationing = st.fixed_dictionaries({
    "cadre": st.integers(0, CADRES - 1), "firm": st.integers(0, ENTERPRISES - 1),
    "start": st.integers(-5, 2), "end": st.one_of(st.none(), st.integers(-3, 3)),
})
world = st.fixed_dictionaries({
    "visits": st.lists(visit, max_size=14), "stationings": st.lists(stationing, max_size=8),
    "archived": st.lists(st.booleans(), min_size=ENTERPRISES, max_size=ENTERPRISES),
    "inactive": st.lists(st.booleans(), min_size=CADRES, max_size=CADRES),
    "units": st.lists(st.integers(0, 2), min_size=CADRES, max_size=CADRES),
})


def _rewrite(session, make, data: dict[str, Any]) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    """Replace the check-ins and stationings with the example's (straight rows: states the services
    would refuse, such as two open check-ins of one cadre, must read the same too)."""
    firms, cadres, units = _world(session, make)
    session.execute(delete(CheckIn))
    session.execute(delete(Assignment))
    for i, firm in enumerate(firms):
        session.execute(update(Enterprise).where(Enterprise.id == firm).values(archived=data["archived"][i]))
    for i, cadre in enumerate(cadres):
        session.execute(update(Cadre).where(Cadre.id == cadre).values(
            active=not data["inactive"][i], unit_id=units[data["units"][i] % len(units)]))
    for v in data["visits"]:
        start = NOW + timedelta(minutes=v["start"])
        session.execute(insert(CheckIn).values(
            cadre_id=cadres[v["cadre"]], enterprise_id=firms[v["firm"]], check_in=start,
            check_out=None if v["length"] is None else start + timedelta(minutes=v["length"]),
            created_at=None if v["entered"] is None else start + timedelta(minutes=v["entered"]),
            corrected=v["corrected"], categories="", version=1))
    for s in data["stationings"]:
        begin = TODAY + timedelta(days=s["start"])
        session.execute(insert(Assignment).values(
            cadre_id=cadres[s["cadre"]], enterprise_id=firms[s["firm"]], start_date=begin, version=1,
            end_date=None if s["end"] is None else begin + timedelta(days=abs(s["end"]))))
    session.flush()
    enterprise_counts.rebuild(session)  # the figures "nobody stationed" reads, as the writers would keep them
    staffing.rebuild(session)
    return firms, cadres


def _requests(sorts, units: list[int | None]) -> list[PageRequest]:  # type: ignore[no-untyped-def]
    out = [PageRequest(sort=sort, descending=down, offset=offset, limit=limit)
           for sort in ("", *sorts) for down in (False, True) for offset, limit in ((0, 50), (2, 3))]
    out += [PageRequest(query="wang"), PageRequest(filters={"unit_id": units[-1]}),
            PageRequest(filters={"day": TODAY - timedelta(days=1)}, descending=True)]
    return out


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=world)
def test_on_site_and_absent_read_as_the_plain_queries(session, make, frozen_clock, data) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(NOW)
    _rewrite(session, make, data)
    units = list(session.execute(select(Unit.id).order_by(Unit.id).limit(1)).scalars()) or [None]
    for request in _requests(roster.ON_SITE_SORTS, units):
        new = [(r.id, r.cadre_id, r.enterprise_id, r.since, r.corrected)
               for r in roster.list_on_site(session, request=request).rows]
        old = [(r[0], r[1], r[6], r[10], r[11])
               for r in _old_page(session, _old_on_site(request), request, OLD_ON_SITE_SORTS, "district", CheckIn.id)]
        assert new == old, request
        assert roster.count_on_site(session, request=request) == _old_count(session, _old_on_site(request))
    for request in _requests(roster.ABSENT_SORTS, units):
        new = [(r.id, r.cadre_id, r.enterprise_id, r.last_seen)
               for r in roster.list_absent(session, request=request).rows]
        old = [(r[0], r[1], r[6], r[10])
               for r in _old_page(session, _old_absent(request), request, OLD_ABSENT_SORTS, "district", Assignment.id)]
        assert new == old, request
        assert roster.count_absent(session, request=request) == _old_count(session, _old_absent(request))


def test_the_default_pages_walk_the_enterprises_on_sqlite(session) -> None:  # type: ignore[no-untyped-def]
    """The plan, not only the rows: SQLite starts from the enterprises' index and stops after the page."""
    if session.get_bind().dialect.name != "sqlite":
        return
    for stmt in (roster._on_site(PageRequest(), walk=True), roster._absent(PageRequest(), walk=True)):
        compiled = stmt.compile(session.get_bind())
        assert " CROSS JOIN " in str(compiled)


@SETTINGS
@given(data=world)
def test_stationing_and_nobody_stationed_read_as_the_plain_queries(session, make, frozen_clock, data) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(NOW)
    _rewrite(session, make, data)
    units = list(session.execute(select(Unit.id).order_by(Unit.id).limit(1)).scalars()) or [None]
    for request in [*_requests(roster.ASSIGNMENT_SORTS, units), PageRequest(filters={"ended": True})]:
        new = [(r.id, r.cadre_id, r.enterprise_id, r.start_date, r.end_date)
               for r in roster.list_assignments(session, request=request).rows]
        old = [(r[0], r[2], r[6], r[10], r[11]) for r in _old_page(
            session, _old_assignments(request), request, roster.ASSIGNMENT_SORTS, "enterprise", Assignment.id)]
        assert new == old, request
        assert roster.count_assignments(session, request=request) == _old_count(session, _old_assignments(request))
    for request in _requests(roster.UNSTAFFED_SORTS, units):
        new = [(r.id, r.last_visit) for r in roster.list_unstaffed(session, request=request).rows]
        old = [(r[0], r[6]) for r in _old_page(
            session, roster._unstaffed(request), request, roster.UNSTAFFED_SORTS, "name", Enterprise.id)]
        assert new == old, request
        assert roster.count_unstaffed(session, request=request) == _old_count(session, roster._unstaffed(request))
