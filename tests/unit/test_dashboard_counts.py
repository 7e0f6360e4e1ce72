"""The enterprises kept per district and status (with those making something) and per day reported,
and the open check-ins and cadres checked in kept per day, and the enterprises stationed as day-by-day
changes, equal what a scan gives, after any sequence
of enterprises made, edited, their status changed, archived and restored, products added and stopped,
cadres stationed and their stationings ended (back-dated and ahead),
reports (back-dated and corrected), check-ins and check-outs (back-dated, refused ones leaving
nothing), on SQLite and PostgreSQL; and the dashboard's figures read from them equal those counted
from the directory, the reports and the check-ins, as the lists count them."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from models import enterprise_counts, open_visits, staffing
from models.assignments import Assignment
from models.checkin import CheckIn
from models.enterprise import DailyReport, Enterprise, EnterpriseUpdate, Product
from models.enterprise_counts import COUNT_SCAN_SQL, DAY_SCAN_SQL, EnterpriseCount, ReportedDay
from models.errors import ServiceError
from models.open_visits import CheckinDay, OpenVisitDay, cadres_scan_sql, open_scan_sql
from models.people import Cadre
from models.reference import CatalogueItem
from models.services import checkins, enterprise_list
from models.services.cadres import end_station, station
from models.services.checkin_roster import _unstaffed as _roster_unstaffed
from models.services.dashboard import enterprise_figures, people_figures, unstaffed
from models.services.enterprise_products import ProductInput, set_product, set_products
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprises import set_archived, set_status, update_enterprise
from models.services.identity import resolve_actor
from models.services.paging import PageRequest
from models.services.roster_paging import count_rows
from models.services.site_hours import _visit_seconds, hours_between
from models.staffing import StaffingChange

TODAY = date(2020, 2, 10)
ENTERPRISES, ITEMS = 3, 2
DISTRICTS = ("南岸区", "江北区")
STATUSES = ("not_resumed", "partial", "full")

made = st.tuples(st.just("make"), st.integers(0, 1))
status = st.tuples(st.just("status"), st.integers(0, ENTERPRISES - 1), st.integers(0, 2))
moved = st.tuples(st.just("move"), st.integers(0, ENTERPRISES - 1), st.integers(0, 1))
archived = st.tuples(st.just("archive"), st.integers(0, ENTERPRISES - 1))
product = st.tuples(st.just("product"), st.integers(0, ENTERPRISES - 1), st.integers(0, ITEMS - 1), st.booleans())
reported = st.tuples(st.just("report"), st.integers(0, ENTERPRISES - 1), st.integers(0, ITEMS - 1),
                     st.integers(0, 3))
directory_steps = st.lists(st.one_of(made, status, moved, archived, product, product, reported, reported),
                           max_size=25)


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _kept_counts(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {tuple(row) for row in session.execute(select(
        EnterpriseCount.district_id, EnterpriseCount.status, EnterpriseCount.enterprises, EnterpriseCount.making)
        .where((EnterpriseCount.enterprises != 0) | (EnterpriseCount.making != 0)))}


def _kept_days(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), n) for d, n in session.execute(
        select(ReportedDay.day, ReportedDay.enterprises).where(ReportedDay.enterprises != 0))}


def _scanned_counts(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(d, s, n, int(m)) for d, s, n, m in session.execute(text(COUNT_SCAN_SQL))}


def _scanned_days(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), n) for d, n in session.execute(text(DAY_SCAN_SQL))}


def _firms(session, make, items=()) -> list[int]:  # type: ignore[no-untyped-def]
    firms = list(session.execute(select(Enterprise.id).order_by(Enterprise.id)).scalars())
    while len(firms) < ENTERPRISES:  # the first example makes them; the next ones go on from there
        firms.append(make.enterprise().id)
        for item in items:  # making everything, so most reports are taken
            set_product(session, actor=make.coordinator, enterprise_id=firms[-1], item_id=item, daily_capacity=5)
    return firms


def _step(session, make, coordinator, firms, items, step) -> None:  # type: ignore[no-untyped-def]
    kind = step[0]
    if kind == "make":
        firms.append(make.enterprise(district=DISTRICTS[step[1]], park=None).id)
        set_product(session, actor=coordinator, enterprise_id=firms[-1], item_id=items[0], daily_capacity=5)
        return
    firm = session.get(Enterprise, firms[step[1] % len(firms)])
    session.refresh(firm)
    if kind == "status":
        set_status(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                   status=STATUSES[step[2]])
    elif kind == "move":
        update_enterprise(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                          data=EnterpriseUpdate(district_id=make.district_id(DISTRICTS[step[2]]), park_id=None))
    elif kind == "archive":
        set_archived(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                     archived=not firm.archived, reason="test")
    elif kind == "product":  # add (or change) one, or stop it on the products form
        if step[3]:
            set_product(session, actor=coordinator, enterprise_id=firm.id, item_id=items[step[2]], daily_capacity=5)
        else:
            line = session.execute(select(Product).where(Product.enterprise_id == firm.id,
                                                         Product.item_id == items[step[2]])).scalars().first()
            if line is not None:
                session.refresh(line)
                set_products(session, actor=coordinator, enterprise_id=firm.id, lines=[
                    ProductInput(item_id=line.item_id, daily_capacity=None, expected_version=line.version)])
    else:  # a report, back-dated or a correction of the day's
        day = TODAY - timedelta(days=step[3])
        found = session.execute(select(DailyReport.version).where(
            DailyReport.enterprise_id == firm.id, DailyReport.item_id == items[step[2]],
            DailyReport.report_date == day)).scalar()
        submit_report(session, actor=coordinator, enterprise_id=firm.id, report_date=day,
                      reason="late" if step[3] else None,
                      lines=[ReportLine(item_id=items[step[2]], output=1, stock=2, expected_version=found)])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=directory_steps)
def test_the_kept_enterprise_counts_equal_a_scan(session, make, coordinator, frozen_clock,
                                                 steps) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12))
    items = list(session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id).limit(ITEMS)).scalars())
    firms = _firms(session, make, items)
    for step in steps:
        with contextlib.suppress(ServiceError):  # refused (an item not made, ...): nothing kept moves
            _step(session, make, coordinator, firms, items, step)
    assert _kept_counts(session) == _scanned_counts(session)
    assert _kept_days(session) == _scanned_days(session)
    figures = enterprise_figures(session, today=TODAY)
    listed = dict(list(session.execute(select(Enterprise.status, func.count()).where(
        Enterprise.archived == False).group_by(Enterprise.status))))  # noqa: E712
    assert {s: n for s, n in figures.by_status.items() if n} == listed
    for back in range(4):  # the directory's quick filter counts the same
        day = TODAY - timedelta(days=back)
        assert enterprise_counts.not_reported(session, day=day) == session.execute(
            select(func.count()).select_from(Enterprise).where(
                Enterprise.archived == False, *enterprise_list.not_reported_clauses(day))).scalar_one()  # noqa: E712
    kept = (_kept_counts(session), _kept_days(session))
    enterprise_counts.rebuild(session)
    assert (_kept_counts(session), _kept_days(session)) == kept
    session.rollback()


# --- open check-ins ------------------------------------------------------------------------------------

CADRES = 2
START = datetime(2020, 2, 3, 7, 50)
ticked = st.tuples(st.just("tick"), st.integers(0, 40 * 60))  # minutes the clock moves on
arrived = st.tuples(st.just("in"), st.integers(0, CADRES - 1), st.integers(-3, 30 * 60))  # minutes back
left = st.tuples(st.just("out"), st.integers(0, CADRES - 1), st.integers(-3, 30 * 60))
visit_steps = st.lists(st.one_of(ticked, arrived, arrived, left), max_size=25)


def _kept_open(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), n, int(s)) for d, n, s in session.execute(select(
        OpenVisitDay.day, OpenVisitDay.visits, OpenVisitDay.seconds).where(OpenVisitDay.visits != 0))}


def _scanned_open(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), n, int(s)) for d, n, s in session.execute(text(open_scan_sql(session.get_bind().dialect.name)))}


def _kept_cadres(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), n) for d, n in session.execute(select(CheckinDay.day, CheckinDay.cadres))}


def _scanned_cadres(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), n) for d, n in session.execute(text(cadres_scan_sql(session.get_bind().dialect.name)))}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=visit_steps)
def test_the_kept_open_visits_equal_a_scan(session, make, frozen_clock, steps) -> None:  # type: ignore[no-untyped-def]
    firm = _firms(session, make)[0]
    cadres = []
    for i in range(CADRES):  # made by the first example
        if session.execute(select(Cadre.id).where(Cadre.login == f"cadre{i}")).first() is None:
            make.cadre(f"cadre{i}")
        cadres.append(resolve_actor(session, login=f"cadre{i}"))
    latest = session.execute(select(func.max(func.coalesce(CheckIn.check_out, CheckIn.check_in)))).scalar()
    now = max(START, datetime.fromisoformat(str(latest)) if latest else START) + timedelta(hours=1)
    frozen_clock.set(now)
    for step in steps:
        try:
            if step[0] == "tick":
                now = frozen_clock.set(now + timedelta(minutes=step[1]))
            elif step[0] == "in":  # a few minutes ahead of the clock too (its slack)
                checkins.check_in(session, actor=cadres[step[1]], enterprise_id=firm,
                                  at=now - timedelta(minutes=step[2]), reason="test")
            else:
                checkins.check_out(session, actor=cadres[step[1]], at=now - timedelta(minutes=step[2]),
                                   reason="test")
        except ServiceError:
            pass  # refused (before its check-in, overlapping, ahead of the clock, ...): nothing kept moves
    assert _kept_open(session) == _scanned_open(session)
    assert _kept_cadres(session) == _scanned_cadres(session)
    figures = people_figures(session, now=now)
    assert figures.on_site_now == session.execute(select(func.count()).select_from(CheckIn).where(
        CheckIn.check_out.is_(None))).scalar_one()
    for back in (0, 1, 5, 17, 30):  # the cadres checked in from midnight to a moment
        moment = now - timedelta(hours=back)
        midnight = datetime.combine(moment.date(), datetime.min.time())
        assert open_visits.cadres_checked_in(session, now=moment) == session.execute(
            select(func.count(func.distinct(CheckIn.cadre_id))).where(
                CheckIn.check_in >= midnight, CheckIn.check_in <= moment)).scalar_one(), moment
        for days in (0, 1, 3):  # the hours from a midnight, open visits from the kept days, as time sheets count
            start = midnight - timedelta(days=days)
            assert hours_between(session, start=start, now=moment) == round(
                _visit_seconds(session, start=start, now=moment, open_at_now=False)) / 3600, (start, moment)
    kept = (_kept_open(session), _kept_cadres(session))
    open_visits.rebuild(session)
    assert (_kept_open(session), _kept_cadres(session)) == kept
    session.rollback()


# --- enterprises stationed -------------------------------------------------------------------------------

stationed_step = st.tuples(st.just("station"), st.integers(0, CADRES - 1), st.integers(0, ENTERPRISES - 1),
                           st.integers(-3, 6))
ended = st.tuples(st.just("end"), st.integers(0, 20), st.integers(-3, 6))
staffing_steps = st.lists(st.one_of(stationed_step, stationed_step, ended, ended, archived), max_size=25)


def _kept_changes(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), n) for d, n in session.execute(
        select(StaffingChange.day, StaffingChange.delta).where(StaffingChange.delta != 0))}


def _scanned_changes(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(_day(d), int(n)) for d, n in session.execute(text(staffing.scan_sql(session.get_bind().dialect.name)))
            if n}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=staffing_steps)
def test_the_kept_stationed_enterprises_equal_a_scan(session, make, coordinator, frozen_clock,
                                                     steps) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12))
    firms = _firms(session, make)
    cadres = []
    for i in range(CADRES):  # made by the first example
        if session.execute(select(Cadre.id).where(Cadre.login == f"cadre{i}")).first() is None:
            make.cadre(f"cadre{i}")
        cadres.append(resolve_actor(session, login=f"cadre{i}").cadre_id)
    for step in steps:
        with contextlib.suppress(ServiceError):  # refused (an end before the start): nothing kept moves
            if step[0] == "station":
                station(session, actor=coordinator, cadre_id=cadres[step[1]], enterprise_id=firms[step[2]],
                        start=TODAY - timedelta(days=step[3]))
            elif step[0] == "end":
                ids = list(session.execute(select(Assignment.id).order_by(Assignment.id)).scalars())
                if ids:
                    row = session.get(Assignment, ids[step[1] % len(ids)])
                    session.refresh(row)
                    end_station(session, actor=coordinator, assignment_id=row.id, expected_version=row.version,
                                end=TODAY - timedelta(days=step[2]))
            else:
                _step(session, make, coordinator, firms, [], step)
    assert _kept_changes(session) == _scanned_changes(session)
    for back in range(-4, 8):  # the roster's "nobody stationed" counts the same, any day
        day = TODAY - timedelta(days=back)
        scanned = count_rows(session, _roster_unstaffed(PageRequest(filters={"day": day})))
        assert unstaffed(session, day=day) == scanned, day
    kept = _kept_changes(session)
    staffing.rebuild(session)
    assert _kept_changes(session) == kept
    session.rollback()
