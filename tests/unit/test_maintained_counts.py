"""The unsolved shortages kept per enterprise, kind and severity, the shortages' counts kept per
day, and the check-in hours kept per cadre and day, equal what a scan of the history gives, after
any sequence of reports, steps (resolve, close, reopen, ...), archives, check-ins and check-outs
(back-dated ones included, refused ones leaving nothing), on SQLite and PostgreSQL; and the figures
read from them equal the figures computed from the history, as of now and as of earlier times."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from models import open_shortages, rules, shortage_days
from models.base import Level, Severity, ShortageKind, ShortageStatus
from models.cadre_hours import CheckinHours
from models.checkin import CheckIn
from models.checkin_hours import CheckinDayHours, day_start, scan_sql
from models.enterprise import Enterprise
from models.errors import ServiceError
from models.open_shortages import SCAN_SQL, OpenShortageCount, OpenShortageTotal
from models.people import Cadre
from models.rules import ACTIVE_SHORTAGE
from models.services import checkins, enterprise_list
from models.services.dashboard import shortage_figures
from models.services.enterprises import set_archived
from models.services.identity import resolve_actor
from models.services.shortages import act, report_shortage
from models.services.site_hours import _visit_seconds, hours_between
from models.shortage import Shortage, ShortageCreate

START = datetime(2020, 2, 3, 7, 50)
ENTERPRISES, CADRES = 2, 2
KINDS = [k.value for k in ShortageKind if k != ShortageKind.RAW_MATERIAL][:3]
SEVERITIES = [s.value for s in Severity][:2]
STEPS = ("coordinating", "resolve", "close", "reopen", "escalate", "note")

reported = st.tuples(st.just("report"), st.integers(0, ENTERPRISES - 1), st.sampled_from(KINDS),
                     st.sampled_from(SEVERITIES))
stepped = st.tuples(st.just("step"), st.integers(0, 20), st.sampled_from(STEPS))
archived = st.tuples(st.just("archive"), st.integers(0, ENTERPRISES - 1))
shortage_steps = st.lists(st.one_of(reported, stepped, stepped, archived), max_size=25)


def _kept_counts(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {tuple(row) for row in session.execute(select(
        OpenShortageCount.enterprise_id, OpenShortageCount.kind, OpenShortageCount.severity, OpenShortageCount.n)
        .where(OpenShortageCount.n != 0))}


def _scanned_counts(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {tuple(row) for row in session.execute(text(SCAN_SQL))}


def _firms(session, make) -> list[int]:  # type: ignore[no-untyped-def]
    firms = list(session.execute(select(Enterprise.id).order_by(Enterprise.id)).scalars())
    while len(firms) < ENTERPRISES:  # the first example makes them; the next ones go on from there
        firms.append(make.enterprise().id)
    return firms


def _act_on_nth(session, coordinator, n: int, action: str) -> None:  # type: ignore[no-untyped-def]
    """Take ``action`` on the n-th shortage (counted round), if there is any."""
    ids = list(session.execute(select(Shortage.id).order_by(Shortage.id)).scalars())
    if ids:
        shortage = session.get(Shortage, ids[n % len(ids)])
        session.refresh(shortage)
        act(session, actor=coordinator, shortage_id=shortage.id, expected_version=shortage.version,
            action=action, note="test")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=shortage_steps)
def test_the_kept_unsolved_shortages_equal_a_count_of_the_shortages(session, make, coordinator, frozen_clock,
                                                                    steps) -> None:  # type: ignore[no-untyped-def]
    firms = _firms(session, make)
    for step in steps:
        try:
            if step[0] == "report":
                _, e, kind, severity = step
                report_shortage(session, actor=coordinator, data=ShortageCreate(
                    enterprise_id=firms[e], kind=kind, severity=severity, description="test"))
            elif step[0] == "step":
                _act_on_nth(session, coordinator, step[1], step[2])
            else:
                firm = session.get(Enterprise, firms[step[1]])
                session.refresh(firm)
                set_archived(session, actor=coordinator, enterprise_id=firm.id, expected_version=firm.version,
                             archived=not firm.archived, reason="test")
        except ServiceError:
            pass  # a refused step (reopen an open one, ...) leaves the counts as they were
    assert _kept_counts(session) == _scanned_counts(session)
    totals: dict[tuple, int] = {}  # the totals over all enterprises, likewise
    for _, kind, severity, n in _scanned_counts(session):
        totals[(kind, severity)] = totals.get((kind, severity), 0) + n
    kept_totals = session.execute(select(OpenShortageTotal.kind, OpenShortageTotal.severity, OpenShortageTotal.n)
                                  .where(OpenShortageTotal.n != 0))
    assert {(k, s): n for k, s, n in kept_totals} == totals
    # the figures the screens read from the table equal those counted from the shortages
    figures = shortage_figures(session, now=frozen_clock.moment)
    by_kind = dict(list(session.execute(select(Shortage.kind, func.count()).where(
        Shortage.status.in_(ACTIVE_SHORTAGE)).group_by(Shortage.kind))))
    assert figures.open_by_kind == by_kind
    rows = enterprise_list.details(session, ids=firms)
    for row in rows:
        assert row.open_shortages == session.execute(select(func.count()).select_from(Shortage).where(
            Shortage.enterprise_id == row.id, Shortage.status.in_(ACTIVE_SHORTAGE))).scalar_one()
    for kind in KINDS:
        assert set(session.execute(open_shortages.enterprises_with(kind)).scalars()) == set(session.execute(
            select(Shortage.enterprise_id).where(Shortage.kind == kind, Shortage.status.in_(ACTIVE_SHORTAGE)))
            .scalars())


# --- the shortages' counts per day -------------------------------------------------------------------

dated = st.tuples(st.just("report"), st.integers(0, ENTERPRISES - 1), st.sampled_from(KINDS),
                  st.sampled_from(SEVERITIES), st.one_of(st.none(), st.integers(0, 3)))  # need-by: days on
waited = st.tuples(st.just("tick"), st.integers(0, 30 * 60))  # minutes the clock moves on
day_steps = st.lists(st.one_of(dated, stepped, stepped, waited), max_size=25)


def _scanned_days(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    rows = session.execute(text(shortage_days.scan_sql(session.get_bind().dialect.name)))
    return {(d if not isinstance(d, str) else datetime.fromisoformat(d).date(), *map(int, n)) for d, *n in rows}


def _counted_from_the_shortages(session, now: datetime) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    midnight = day_start(now.date())
    unsolved = Shortage.status.in_(ACTIVE_SHORTAGE)
    return tuple(session.execute(select(func.count()).select_from(Shortage).where(*where)).scalar_one() for where in (
        (Shortage.reported_at >= midnight, Shortage.reported_at <= now),
        (Shortage.status == ShortageStatus.RESOLVED.value, Shortage.resolved_at >= midnight,
         Shortage.resolved_at <= now),
        (unsolved, Shortage.need_by < now.date()),
        (unsolved, Shortage.level == Level.DISTRICT.value, Shortage.reported_at < now - rules.escalate_after()),
    ))  # type: ignore[return-value]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=day_steps)
def test_the_kept_shortage_days_equal_a_count_of_the_shortages(session, make, coordinator, frozen_clock,
                                                               steps) -> None:  # type: ignore[no-untyped-def]
    firms = _firms(session, make)
    now = frozen_clock.set(START)  # each example from the same start: earlier ones' shortages lie ahead
    for step in steps:
        try:
            if step[0] == "tick":
                now = frozen_clock.set(now + timedelta(minutes=step[1]))
            elif step[0] == "report":
                _, e, kind, severity, days = step
                report_shortage(session, actor=coordinator, data=ShortageCreate(
                    enterprise_id=firms[e], kind=kind, severity=severity, description="test",
                    need_by=None if days is None else now.date() + timedelta(days=days)))
            else:
                _act_on_nth(session, coordinator, step[1], step[2])
        except ServiceError:
            pass  # a refused step leaves the counts as they were
    kept = {(d, *n) for d, *n in session.execute(select(
        shortage_days.ShortageDay.day, *(getattr(shortage_days.ShortageDay, c) for c in shortage_days.COLUMNS)))
        if any(n)}
    assert kept == {row for row in _scanned_days(session) if any(row[1:])}
    # the dashboard's counts read from it equal those counted from the shortages, now and at other
    # times (shortages then ahead of the clock, the escalation cutoff in either half of its day)
    for hours in (-30, -7, 0, 5, 13, 26, 50, 75):
        moment = now + timedelta(hours=hours)
        assert shortage_days.figures(session, now=moment, escalate_after=rules.escalate_after()) == \
            _counted_from_the_shortages(session, moment), moment
    figures = shortage_figures(session, now=now)
    assert (figures.opened_today, figures.solved_today, figures.overdue, figures.escalation_due) == \
        _counted_from_the_shortages(session, now)


# --- check-in hours -----------------------------------------------------------------------------------

ticked = st.tuples(st.just("tick"), st.integers(0, 40 * 60))  # minutes the clock moves on
arrived = st.tuples(st.just("in"), st.integers(0, CADRES - 1), st.integers(0, 30 * 60))  # minutes back
left = st.tuples(st.just("out"), st.integers(0, CADRES - 1), st.integers(0, 30 * 60))
visit_steps = st.lists(st.one_of(ticked, arrived, left, left), max_size=25)


def _kept_hours(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(c, d, round(s)) for c, d, s in session.execute(select(
        CheckinHours.cadre_id, CheckinHours.day, CheckinHours.seconds).where(CheckinHours.seconds != 0))}


def _scanned_hours(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    sql = scan_sql(session.get_bind().dialect.name)
    return {(c, d if not isinstance(d, str) else datetime.fromisoformat(d).date(), round(s))
            for c, d, s in session.execute(text(sql))}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=visit_steps)
def test_the_kept_hours_equal_the_check_ins_split_by_day(session, make, frozen_clock, steps) -> None:  # type: ignore[no-untyped-def]
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
            elif step[0] == "in":
                checkins.check_in(session, actor=cadres[step[1]], enterprise_id=firm,
                                  at=now - timedelta(minutes=step[2]), reason="test")
            else:
                checkins.check_out(session, actor=cadres[step[1]], at=now - timedelta(minutes=step[2]),
                                   reason="test")
        except ServiceError:
            pass  # refused (before its check-in, overlapping, ...): nothing kept moves
    scanned = _scanned_hours(session)
    assert _kept_hours(session) == scanned
    totals: dict[object, int] = {}
    for _, day, seconds in scanned:
        totals[day] = totals.get(day, 0) + seconds
    assert {(d, round(s)) for d, s in session.execute(select(CheckinDayHours.day, CheckinDayHours.seconds).where(
        CheckinDayHours.seconds != 0))} == set(totals.items())
    # the dashboard's hours from a midnight, read from the kept days, equal the visits' own sum:
    # as of now, and as of earlier times (closed visits then still open, check-ins not yet made)
    for back in (0, 1, 5, 17, 30, 49):
        moment = now - timedelta(hours=back)
        for days in (0, 1, 3):
            start = day_start(moment.date() - timedelta(days=days))
            assert hours_between(session, start=start, now=moment) == round(
                _visit_seconds(session, start=start, now=moment, open_at_now=False)) / 3600, (start, moment)
