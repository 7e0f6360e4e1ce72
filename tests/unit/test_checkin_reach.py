"""The cadres taking part kept by the day their check-ins reach, unit and group equal what a scan of
the check-ins gives, after any sequence of check-ins, check-outs (back-dated and corrected ones
included, refused ones leaving nothing) and moves to another unit or group, on SQLite and
PostgreSQL; and the headcount read from them equals the headcount counted from the check-ins (the
plain query, kept here), since any day and as of now or earlier."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, or_, select, text

from models import checkin_reach
from models.checkin import CheckIn
from models.checkin_reach import CheckinReach, scan_sql
from models.errors import ServiceError
from models.organisation import SpecialGroup, Unit
from models.people import Cadre, CadreUpdate
from models.services import checkins
from models.services.as_of import known
from models.services.cadres import update_cadre
from models.services.checkin_roster import headcount
from models.services.identity import resolve_actor
from models.services.timesheets import day_start

START = datetime(2020, 2, 3, 7, 50)
CADRES = 3

ticked = st.tuples(st.just("tick"), st.integers(0, 40 * 60))  # minutes the clock moves on
arrived = st.tuples(st.just("in"), st.integers(0, CADRES - 1), st.integers(0, 30 * 60))  # minutes back
left = st.tuples(st.just("out"), st.integers(0, CADRES - 1), st.integers(0, 30 * 60))
moved = st.tuples(st.just("move"), st.integers(0, CADRES - 1), st.integers(0, 2), st.integers(0, 2))
steps = st.lists(st.one_of(ticked, arrived, left, left, moved), max_size=25)


def _kept(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(d, u, g, n) for d, u, g, n in session.execute(select(
        CheckinReach.day, CheckinReach.unit, CheckinReach.grp, CheckinReach.cadres).where(CheckinReach.cadres != 0))}


def _scanned(session) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {(d if isinstance(d, date) else date.fromisoformat(d), u, g, n)
            for d, u, g, n in session.execute(text(scan_sql(session.get_bind().dialect.name)))}


def _old_headcount(session, since: date, moment: datetime) -> tuple[int, dict, dict]:  # type: ignore[no-untyped-def]
    """The headcount as the plain query counted it: distinct cadres of the overlapping check-ins."""
    active = select(CheckIn.cadre_id).where(
        CheckIn.check_in <= moment, known(CheckIn, moment),
        or_(CheckIn.check_out.is_(None), CheckIn.check_out >= day_start(since))).distinct()
    total = session.execute(select(func.count()).select_from(active.subquery())).scalar_one()
    by = [dict(session.execute(select(column, func.count()).where(Cadre.id.in_(active)).group_by(column)).all())
          for column in (Cadre.unit_id, Cadre.group_id)]
    return total, by[0], by[1]


def _lines(lines) -> dict:  # type: ignore[no-untyped-def]
    return {line.id: line.count for line in lines if line.count}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_the_kept_reach_equals_the_check_ins_and_gives_the_headcount(session, make, coordinator, frozen_clock,
                                                                      steps) -> None:  # type: ignore[no-untyped-def]
    firm = make.enterprise().id if not session.execute(text("SELECT 1 FROM enterprise")).first() else \
        session.execute(text("SELECT min(id) FROM enterprise")).scalar_one()
    cadres = []
    for i in range(CADRES):  # made by the first example
        if session.execute(select(Cadre.id).where(Cadre.login == f"cadre{i}")).first() is None:
            make.cadre(f"cadre{i}")
        cadres.append(resolve_actor(session, login=f"cadre{i}"))
    units = [None, *session.execute(select(Unit.id).order_by(Unit.id).limit(2)).scalars()]
    groups = [None, *session.execute(select(SpecialGroup.id).order_by(SpecialGroup.id).limit(2)).scalars()]
    latest = [session.execute(select(func.max(column))).scalar()  # the examples go on from the last one's time
              for column in (CheckIn.check_in, CheckIn.check_out, CheckIn.created_at, CheckIn.updated_at)]
    now = max([START, *(datetime.fromisoformat(str(t)) for t in latest if t)]) + timedelta(hours=1)
    frozen_clock.set(now)
    for step in steps:
        try:
            if step[0] == "tick":
                now = frozen_clock.set(now + timedelta(minutes=step[1]))
            elif step[0] == "in":
                checkins.check_in(session, actor=cadres[step[1]], enterprise_id=firm,
                                  at=now - timedelta(minutes=step[2]), reason="test")
            elif step[0] == "out":
                checkins.check_out(session, actor=cadres[step[1]], at=now - timedelta(minutes=step[2]),
                                   reason="test")
            else:
                cadre = session.get(Cadre, cadres[step[1]].cadre_id)
                session.refresh(cadre)
                update_cadre(session, actor=coordinator, cadre_id=cadre.id, expected_version=cadre.version,
                             data=CadreUpdate(unit_id=units[step[2] % len(units)],
                                              group_id=groups[step[3] % len(groups)]))
        except ServiceError:
            pass  # refused (before its check-in, overlapping, ...): nothing kept moves
    assert _kept(session) == _scanned(session)
    assert checkin_reach.answers(session, now)  # as of now the headcount reads the kept counts
    first = session.execute(select(func.min(CheckIn.check_in))).scalar()
    days = {START.date(), now.date(), (now - timedelta(days=1)).date(), *([first.date()] if first else [])}
    for back in (0, 1, 5, 30):
        moment = now - timedelta(hours=back)
        for since in sorted(d for d in days if day_start(d) <= moment):
            got = headcount(session, since=since, as_of=moment)
            total, by_unit, by_group = _old_headcount(session, since, moment)
            assert (got.total, _lines(got.by_unit), _lines(got.by_group)) == (
                total, {k: v for k, v in by_unit.items() if v}, {k: v for k, v in by_group.items() if v}), (since, back)
    kept = _kept(session)
    checkin_reach.rebuild(session)
    assert _kept(session) == kept
