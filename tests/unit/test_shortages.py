"""Shortages: reporting one with its first event, and every step of its life — who may take it,
from which status, with which note — kept as an ordered history of events."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models.base import ShortageStatus
from models.errors import ConflictError, PermissionDenied, TransitionError, ValidationError
from models.history import ShortageEvent
from models.services import shortages as svc
from models.shortage import Shortage, ShortageCreate

OPEN, COORDINATING, RESOLVED, CLOSED = (s.value for s in ShortageStatus)

#: where each action may start from, written out here rather than read from svc.ACTIONS
ALLOWED_FROM = {
    "assign": {OPEN, COORDINATING},
    "escalate": {OPEN, COORDINATING},
    "note": {OPEN, COORDINATING, RESOLVED, CLOSED},
    "coordinating": {OPEN},
    "supplier_contacted": {OPEN, COORDINATING},
    "reserve_notified": {OPEN, COORDINATING},
    "resolve": {OPEN, COORDINATING},
    "close": {OPEN, COORDINATING},
    "reopen": {RESOLVED, CLOSED},
}
#: the status an action leaves behind (None: unchanged)
LEADS_TO = {"coordinating": COORDINATING, "resolve": RESOLVED, "close": CLOSED, "reopen": OPEN}
COORDINATOR_ONLY = {"assign", "escalate", "resolve", "close", "reopen"}
PRODUCTION_GROUP = 3  # 医疗物资生产组, the third seeded special group


@pytest.fixture(autouse=True)
def case_time(frozen_clock):
    return frozen_clock


def melt_blown_short(session, actor, enterprise_id: int) -> Shortage:
    """The case's shortage: melt-blown fabric for 2 days left."""
    return svc.report_shortage(session, actor=actor, data=ShortageCreate(
        enterprise_id=enterprise_id, kind="raw_material", material_id=2, quantity=3.5, unit="吨",
        severity="critical", description="熔喷布仅够 2 天"))


def step(session, actor, shortage: Shortage, action: str, *, note: str | None = "ok", **kwargs) -> Shortage:
    current = fresh(session, shortage.id)
    if action == "assign":
        kwargs.setdefault("group_id", PRODUCTION_GROUP)
    return svc.act(session, actor=actor, shortage_id=shortage.id, expected_version=current.version, action=action,
                   note=note, **kwargs)


def fresh(session, shortage_id: int) -> Shortage:
    session.rollback()
    return session.exec(select(Shortage).where(Shortage.id == shortage_id)).one()


def events(session, shortage_id: int) -> list[ShortageEvent]:
    session.rollback()
    return list(session.exec(select(ShortageEvent).where(ShortageEvent.shortage_id == shortage_id)
                             .order_by(ShortageEvent.id)))


def in_status(session, coordinator, shortage: Shortage, status: str) -> Shortage:
    """Drive a new shortage to ``status`` through the service."""
    path = {OPEN: [], COORDINATING: ["coordinating"], RESOLVED: ["resolve"], CLOSED: ["close"]}[status]
    for action in path:
        step(session, coordinator, shortage, action, note="到达该状态")
    row = fresh(session, shortage.id)
    assert row.status == status
    return row


# --- reporting ------------------------------------------------------------------------------------


def test_report_stores_the_shortage_and_its_first_event(session, field_cadre, enterprise, frozen_clock) -> None:
    shortage = melt_blown_short(session, field_cadre, enterprise.id)
    row = fresh(session, shortage.id)
    assert (row.enterprise_id, row.kind, row.material_id, row.quantity, row.unit, row.severity) == (
        enterprise.id, "raw_material", 2, 3.5, "吨", "critical")
    assert (row.status, row.level, row.version) == (OPEN, "district", 1)
    assert (row.reported_by, row.reported_at, row.created_by) == (field_cadre.login,
                                                                  frozen_clock.moment, field_cadre.login)
    [event] = events(session, shortage.id)
    assert (event.action, event.by, event.at, event.note) == ("reported", field_cadre.login,
                                                              frozen_clock.moment, "熔喷布仅够 2 天")


def test_report_and_first_event_are_one_transaction(session, field_cadre, enterprise, row_counts, monkeypatch) -> None:
    def broken_event(*args, **kwargs):
        raise RuntimeError("disk full")

    before = row_counts()
    monkeypatch.setattr(svc, "_event", broken_event)
    with pytest.raises(RuntimeError):
        melt_blown_short(session, field_cadre, enterprise.id)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"kind": "weather"}, "kind"), ({"severity": "extreme"}, "severity"), ({"quantity": -2}, "quantity"),
     ({"material_id": None}, "material_id"), ({"material_id": 999}, "material_id"), ({"item_id": 999}, "item_id"),
     ({"description": "急\x00"}, "description")],
)
def test_invalid_report_writes_nothing(session, field_cadre, enterprise, row_counts, changes, field) -> None:
    values = {"enterprise_id": enterprise.id, "kind": "raw_material", "material_id": 2, **changes}
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        svc.report_shortage(session, actor=field_cadre, data=ShortageCreate(**values))
    assert err.value.field == field
    assert row_counts() == before


# --- the steps ------------------------------------------------------------------------------------


def test_the_table_of_actions_is_the_one_tested() -> None:
    assert set(svc.ACTIONS) == set(ALLOWED_FROM)
    assert {a for a, (_, coordinator_only, _) in svc.ACTIONS.items() if coordinator_only} == COORDINATOR_ONLY


CASES = [(action, status) for action in ALLOWED_FROM for status in (OPEN, COORDINATING, RESOLVED, CLOSED)]


@pytest.mark.parametrize(("action", "status"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_each_action_from_each_status(session, coordinator, enterprise, frozen_clock, action, status) -> None:
    shortage = in_status(session, coordinator, melt_blown_short(session, coordinator, enterprise.id), status)
    version = shortage.version  # a plain int: the row object itself is refreshed by later reads
    history = events(session, shortage.id)
    frozen_clock.advance(minutes=5)
    if status in ALLOWED_FROM[action]:
        step(session, coordinator, shortage, action, note="处理")
        row = fresh(session, shortage.id)
        assert row.status == LEADS_TO.get(action, status)
        assert row.version > version
        new = events(session, shortage.id)
        assert [e.id for e in new[:-1]] == [e.id for e in history]
        assert (new[-1].action, new[-1].by, new[-1].at,
                new[-1].note) == (action, coordinator.login, frozen_clock.moment, "处理")
    else:
        with pytest.raises(TransitionError) as err:
            step(session, coordinator, shortage, action, note="处理")
        assert err.value.params == {"status": status}
        row = fresh(session, shortage.id)
        assert (row.status, row.version) == (status, version)
        assert [e.id for e in events(session, shortage.id)] == [e.id for e in history]


@pytest.mark.parametrize("action", sorted(COORDINATOR_ONLY))
def test_coordinator_only_steps_are_refused_to_a_field_cadre(session, field_cadre,
                                                             coordinator, enterprise, action) -> None:
    shortage = melt_blown_short(session, field_cadre, enterprise.id)
    if action == "reopen":
        shortage = in_status(session, coordinator, shortage, RESOLVED)
    before, history = fresh(session, shortage.id).model_dump(), events(session, shortage.id)
    with pytest.raises(PermissionDenied):
        step(session, field_cadre, shortage, action)
    assert fresh(session, shortage.id).model_dump() == before
    assert [e.id for e in events(session, shortage.id)] == [e.id for e in history]


@pytest.mark.parametrize("action", ["note", "coordinating", "supplier_contacted", "reserve_notified"])
def test_a_field_cadre_works_their_own_shortage(session, field_cadre, enterprise, action) -> None:
    shortage = melt_blown_short(session, field_cadre, enterprise.id)
    step(session, field_cadre, shortage, action, note="已联系供应商")
    last = events(session, shortage.id)[-1]
    assert (last.action, last.by) == (action, field_cadre.login)


def test_a_field_cadre_notes_any_shortage_where_stationed_and_none_elsewhere(session, coordinator, field_cadre,
                                                                           enterprise, make) -> None:
    """Notes and progress on a shortage someone else reported, at an enterprise the cadre is stationed
    at; elsewhere nothing (the database holds the same line: tests/unit/test_pg_roles.py)."""
    shortage = melt_blown_short(session, coordinator, enterprise.id)
    step(session, field_cadre, shortage, "note", note="已联系供应商")
    assert events(session, shortage.id)[-1].by == field_cadre.login
    elsewhere = make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    far = melt_blown_short(session, coordinator, elsewhere.id)
    before = fresh(session, far.id).model_dump()
    with pytest.raises(PermissionDenied):
        step(session, field_cadre, far, "note", note="已联系供应商")
    assert fresh(session, far.id).model_dump() == before


@pytest.mark.parametrize("action", ["resolve", "close", "escalate", "reopen", "note", "supplier_contacted"])
@pytest.mark.parametrize("note", [None, "", "   "])
def test_steps_that_need_a_note_refuse_without_one(session, coordinator, enterprise, action, note) -> None:
    shortage = melt_blown_short(session, coordinator, enterprise.id)
    if action == "reopen":
        shortage = in_status(session, coordinator, shortage, CLOSED)
    before, history = fresh(session, shortage.id).model_dump(), events(session, shortage.id)
    with pytest.raises(ValidationError) as err:
        step(session, coordinator, shortage, action, note=note)
    assert (err.value.field, err.value.message) == ("note", "Required")
    assert fresh(session, shortage.id).model_dump() == before
    assert len(events(session, shortage.id)) == len(history)


def test_resolve_records_the_resolution_and_reopen_clears_it(session, coordinator, enterprise, frozen_clock) -> None:
    shortage = melt_blown_short(session, coordinator, enterprise.id)
    solved_at = frozen_clock.advance(hours=6)
    step(session, coordinator, shortage, "resolve", note="供应商送达 5 吨")
    row = fresh(session, shortage.id)
    assert (row.status, row.resolved_at, row.resolution) == (RESOLVED, solved_at, "供应商送达 5 吨")
    step(session, coordinator, shortage, "reopen", note="到货不合格")
    row = fresh(session, shortage.id)
    assert (row.status, row.resolved_at, row.resolution) == (OPEN, None, None)


def test_escalating_twice_is_refused(session, coordinator, enterprise) -> None:
    shortage = melt_blown_short(session, coordinator, enterprise.id)
    step(session, coordinator, shortage, "escalate", note="区里无货源")
    escalated = fresh(session, shortage.id).model_dump()
    assert (escalated["level"], escalated["version"]) == ("city", 2)
    with pytest.raises(TransitionError) as err:
        step(session, coordinator, shortage, "escalate", note="再次上报")
    assert err.value.message == "Already escalated to city level"
    assert fresh(session, shortage.id).model_dump() == escalated
    assert [e.action for e in events(session, shortage.id)] == ["reported", "escalate"]


def test_a_stale_version_is_a_conflict_and_adds_no_event(session, coordinator, field_cadre,
                                                         enterprise, frozen_clock) -> None:
    shortage = melt_blown_short(session, field_cadre, enterprise.id)
    frozen_clock.advance(minutes=1)
    svc.act(session, actor=coordinator, shortage_id=shortage.id, expected_version=1, action="assign",
            group_id=PRODUCTION_GROUP)
    frozen_clock.advance(minutes=1)
    with pytest.raises(ConflictError) as err:
        svc.act(session, actor=field_cadre, shortage_id=shortage.id, expected_version=1,
                action="resolve", note="已到货")
    assert (err.value.table, err.value.row_id) == ("shortage", shortage.id)
    assert (err.value.current["version"], err.value.current["group_id"]) == (2, PRODUCTION_GROUP)
    row = fresh(session, shortage.id)
    assert (row.status, row.version) == (OPEN, 2)
    assert [e.action for e in events(session, shortage.id)] == ["reported", "assign"]


def test_assign_needs_a_known_group_or_cadre(session, coordinator, enterprise) -> None:
    shortage = melt_blown_short(session, coordinator, enterprise.id)
    for kwargs, field in (({"group_id": None}, "group_id"), ({"group_id": 99}, "group_id"),
                          ({"assignee_id": 99}, "assignee_id")):
        with pytest.raises(ValidationError) as err:
            svc.act(session, actor=coordinator, shortage_id=shortage.id, expected_version=1, action="assign", **kwargs)
        assert err.value.field == field
    assert len(events(session, shortage.id)) == 1


def test_unknown_action_is_refused(session, coordinator, enterprise) -> None:
    shortage = melt_blown_short(session, coordinator, enterprise.id)
    with pytest.raises(ValidationError) as err:
        svc.act(session, actor=coordinator, shortage_id=shortage.id, expected_version=1, action="delete")
    assert err.value.field == "action"
    assert len(events(session, shortage.id)) == 1


def test_the_history_keeps_order_who_and_when(session, coordinator, field_cadre, enterprise, frozen_clock) -> None:
    """Scenario 2 of the case, step by step."""
    shortage = melt_blown_short(session, field_cadre, enterprise.id)
    expected = [("reported", field_cadre.login, frozen_clock.moment, None, OPEN)]
    for actor, action, kwargs, old, new in (
        (coordinator, "assign", {"group_id": PRODUCTION_GROUP}, "/", "production/"),
        (field_cadre, "coordinating", {}, OPEN, COORDINATING),
        (coordinator, "escalate", {"note": "全市统筹"}, "district", "city"),
        (field_cadre, "supplier_contacted", {"note": "已联系河南供应商"}, None, None),
        (coordinator, "resolve", {"note": "5 吨熔喷布送达"}, COORDINATING, RESOLVED),
    ):
        at = frozen_clock.advance(minutes=37)
        step(session, actor, shortage, action, **({"note": None} | kwargs))
        expected.append((action, actor.login, at, old, new))
    history = events(session, shortage.id)
    assert [(e.action, e.by, e.at, e.old_value, e.new_value) for e in history] == expected
    assert [e.note for e in history][-1] == "5 吨熔喷布送达"
    assert fresh(session, shortage.id).version == 1 + 5


def test_every_step_moves_the_version_even_within_one_second(session, coordinator, field_cadre, enterprise) -> None:
    shortage = melt_blown_short(session, field_cadre, enterprise.id)  # the clock stands still
    svc.act(session, actor=field_cadre, shortage_id=shortage.id, expected_version=1, action="note", note="已电话联系")
    assert fresh(session, shortage.id).version == 2
    with pytest.raises(ConflictError):  # a second user still holding version 1
        svc.act(session, actor=coordinator, shortage_id=shortage.id, expected_version=1,
                action="close", note="无需处理")
