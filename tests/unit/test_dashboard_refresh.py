"""The dashboard read again in part after a change equals the whole dashboard read again, after any
sequence of enterprises made, their status changed, moved and archived, products added and stopped,
reports (back-dated and corrected), shortages reported and their steps, cadres stationed, check-ins
and check-outs — on SQLite and PostgreSQL. The areas come from the change marker as a session gets
them, so a write that reaches a figure through a table its part does not name fails here."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models.dashboard_view import PART_AREAS
from models.errors import ServiceError
from models.people import Cadre
from models.reference import CatalogueItem
from models.services import checkins
from models.services.cadres import station
from models.services.changes import change_marker, changed_areas
from models.services.dashboard import dashboard
from models.services.dashboard_refresh import parts_for, refresh
from models.services.identity import resolve_actor
from models.services.shortages import act, report_shortage
from models.shortage import Shortage, ShortageCreate
from tests.unit.test_dashboard_counts import (
    ENTERPRISES,
    ITEMS,
    TODAY,
    _firms,
    _step,
    archived,
    made,
    moved,
    product,
    reported,
    status,
)

directory = st.one_of(made, status, moved, archived, product, reported)
shortage = st.tuples(st.just("shortage"), st.integers(0, ENTERPRISES - 1), st.sampled_from(["critical", "low"]))
step_taken = st.tuples(st.just("step"), st.integers(0, 5), st.sampled_from(["coordinating", "escalate", "resolve",
                                                                            "reopen"]))
stationed = st.tuples(st.just("station"), st.integers(0, ENTERPRISES - 1))
came = st.tuples(st.just("in"), st.integers(0, ENTERPRISES - 1), st.integers(0, 300))
went = st.tuples(st.just("out"), st.integers(0, 300))
steps = st.lists(st.one_of(directory, shortage, step_taken, stationed, came, went), max_size=20)


def _other(session, coordinator, cadre, firms, step) -> None:  # type: ignore[no-untyped-def]
    kind, now = step[0], datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12)
    if kind == "shortage":
        report_shortage(session, actor=coordinator, data=ShortageCreate(
            enterprise_id=firms[step[1] % len(firms)], kind="gas", severity=step[2]))
    elif kind == "step":
        found = session.execute(select(Shortage).order_by(Shortage.id).offset(step[1]).limit(1)).scalar()
        if found is not None:
            act(session, actor=coordinator, shortage_id=found.id, expected_version=found.version, action=step[2],
                note="test")
    elif kind == "station":
        station(session, actor=coordinator, cadre_id=cadre.cadre_id, enterprise_id=firms[step[1] % len(firms)],
                start=TODAY)
    elif kind == "in":
        checkins.check_in(session, actor=cadre, enterprise_id=firms[step[1] % len(firms)],
                          at=now - timedelta(minutes=step[2]), reason="test")
    else:
        checkins.check_out(session, actor=cadre, at=now - timedelta(minutes=step[1]), reason="test")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_a_dashboard_read_in_part_equals_one_read_whole(session, make, coordinator, frozen_clock,
                                                        steps) -> None:  # type: ignore[no-untyped-def]
    now = frozen_clock.set(datetime.combine(TODAY, datetime.min.time()) + timedelta(hours=12))
    items = list(session.execute(select(CatalogueItem.id).order_by(CatalogueItem.id).limit(ITEMS)).scalars())
    firms = _firms(session, make, items)
    if session.execute(select(Cadre.id).where(Cadre.login == "onsite")).first() is None:  # the first example
        make.cadre("onsite")
    cadre = resolve_actor(session, login="onsite")
    session.rollback()
    shown = dashboard(session, now=now)
    for step in steps:
        known = change_marker(session)
        session.rollback()
        with contextlib.suppress(ServiceError):  # refused: nothing changed, nothing to read
            if step[0] in ("make", "status", "move", "archive", "product", "report"):
                _step(session, make, coordinator, firms, items, step)
            else:
                _other(session, coordinator, cadre, firms, step)
        session.rollback()
        marker = change_marker(session)
        areas = changed_areas(session, known=known, marker=marker)
        shown = refresh(session, before=shown, areas=areas, now=now)
        assert shown == dashboard(session, now=now), (step, sorted(areas))
    session.rollback()


def test_a_change_reads_only_the_parts_that_read_its_areas() -> None:
    assert parts_for({"shortages"}) == {"shortages"}
    assert parts_for({"checkins"}) == {"people", "unstaffed"}
    assert parts_for({"enterprises"}) == {"items", "enterprises", "shortages", "unstaffed"}
    assert parts_for({"reports"}) == {"items", "enterprises"}
    assert parts_for({"stock", "funds"}) == frozenset()
    assert parts_for(None) == set(PART_AREAS)
