"""Working a shortage, beyond tests/unit/test_shortages.py: what each role may do in each state
(and that the screen's list of steps agrees with what the service accepts), the supplier steps,
the need-by date, scenario 2 with its marks, and two coordinators at once never losing a step."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from models.base import ShortageStatus
from models.errors import ConflictError, PermissionDenied, ServiceError, TransitionError, ValidationError
from models.history import ShortageEvent
from models.services import shortage_list as sl
from models.services import shortages as svc
from models.services.access import stationed_at
from models.services.paging import PageRequest
from models.services.shortage_detail import shortage_detail
from models.shortage import Shortage, ShortageCreate
from models.supply import Supplier, SupplierItem

OPEN, COORDINATING, RESOLVED, CLOSED = (s.value for s in ShortageStatus)
PRODUCTION = 3
MELT_BLOWN = 2
#: how a test drives a new shortage to a status (and level)
PATHS = {OPEN: [], COORDINATING: ["coordinating"], RESOLVED: ["resolve"], CLOSED: ["close"]}


@pytest.fixture(autouse=True)
def case_time(frozen_clock):
    return frozen_clock


def report(session, actor, enterprise_id: int, **fields) -> Shortage:
    values = {"kind": "raw_material", "material_id": MELT_BLOWN, "severity": "critical",
              "description": "熔喷布仅够 2 天",
              **fields}
    return svc.report_shortage(session, actor=actor, data=ShortageCreate(enterprise_id=enterprise_id, **values))


def fresh(session, shortage_id: int) -> Shortage:
    session.rollback()
    return session.exec(select(Shortage).where(Shortage.id == shortage_id)).one()


def events(session, shortage_id: int) -> list[ShortageEvent]:
    session.rollback()
    return list(session.exec(select(ShortageEvent).where(ShortageEvent.shortage_id == shortage_id)
                             .order_by(ShortageEvent.id)))


def take(session, actor, shortage_id: int, action: str, **kwargs) -> Shortage:
    kwargs.setdefault("note", "处理")
    if action == "assign":
        kwargs.setdefault("group_id", PRODUCTION)
    return svc.act(session, actor=actor, shortage_id=shortage_id, expected_version=fresh(session, shortage_id).version,
                   action=action, **kwargs)


def in_state(session, coordinator, shortage: Shortage, status: str, level: str) -> Shortage:
    if level == "city":
        take(session, coordinator, shortage.id, "escalate", note="全市统筹")
    for action in PATHS[status]:
        take(session, coordinator, shortage.id, action)
    row = fresh(session, shortage.id)
    assert (row.status, row.level) == (status, level)
    return row


# --- every role, every state, every action --------------------------------------------------------

ROLES = ("coordinator", "owner", "other_cadre", "viewer")
STATES = [(status, level) for status in (OPEN, COORDINATING, RESOLVED, CLOSED) for level in ("district", "city")]
GRID = [(role, status, level) for role in ROLES for status, level in STATES]


@pytest.fixture
def people(coordinator, field_cadre, make, enterprise):
    return {"coordinator": coordinator, "owner": field_cadre,
            "other_cadre": make.field_cadre("zhaolei", at=enterprise), "viewer": make.viewer()}


@pytest.mark.parametrize(("role", "status", "level"), GRID, ids=[f"{r}-on-{s}-{lv}" for r, s, lv in GRID])
def test_the_offered_steps_are_exactly_the_accepted_ones(session, people, enterprise, role, status, level) -> None:
    """``allowed_actions`` (what the screen offers) and ``act`` (what is stored) agree for every
    action, taken by ``role`` on a shortage in this status at this level (a fresh one each time)."""
    actor = people[role]
    offered_somewhere = False
    for action in svc.ACTIONS:
        shortage = in_state(session, people["coordinator"],
                            report(session, people["owner"], enterprise.id), status, level)
        offered = action in svc.allowed_actions(actor, status=shortage.status, level=shortage.level,
                                                stationed=stationed_at(session, actor=actor,
                                                                       enterprise_id=enterprise.id))
        before, history = fresh(session, shortage.id).model_dump(), events(session, shortage.id)
        if offered:
            offered_somewhere = True
            take(session, actor, shortage.id, action)
            assert events(session, shortage.id)[-1].action == action, action
            assert fresh(session, shortage.id).version == before["version"] + 1, action
        else:
            with pytest.raises((PermissionDenied, TransitionError)):
                take(session, actor, shortage.id, action)
            assert fresh(session, shortage.id).model_dump() == before, action
            assert len(events(session, shortage.id)) == len(history), action
    assert offered_somewhere == (role != "viewer")


def test_what_each_role_is_offered_on_an_open_district_shortage(session, people, enterprise) -> None:
    report(session, people["owner"], enterprise.id)
    offered = {role: svc.allowed_actions(actor, status=OPEN, level="district",
                                         stationed=stationed_at(session, actor=actor, enterprise_id=enterprise.id))
               for role, actor in people.items()}
    assert offered["coordinator"] == {"assign", "escalate", "note", "coordinating", "supplier_contacted",
                                      "reserve_notified", "resolve", "close"}
    # a field cadre stationed there: notes and progress on any shortage at the enterprise, not only
    # their own; assign, escalate, resolve and close stay with coordinators
    assert offered["owner"] == offered["other_cadre"] == {"note", "coordinating", "supplier_contacted",
                                                          "reserve_notified"}
    assert offered["viewer"] == set()
    assert svc.allowed_actions(people["owner"], status=OPEN, level="district", stationed=False) == set()
    assert svc.allowed_actions(people["coordinator"], status=CLOSED, level="city",
                               stationed=True) == {"note", "reopen"}


def test_a_viewer_may_not_report(session, viewer, enterprise, row_counts) -> None:
    before = row_counts()
    with pytest.raises(PermissionDenied):
        report(session, viewer, enterprise.id)
    assert row_counts() == before


def test_a_field_cadre_reports_only_where_stationed(session, field_cadre, make, row_counts) -> None:
    elsewhere = make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    before = row_counts()
    with pytest.raises(PermissionDenied) as err:
        report(session, field_cadre, elsewhere.id)
    assert err.value.message == "You are not stationed at this enterprise"
    assert row_counts() == before


def test_a_coordinator_reports_for_any_enterprise(session, coordinator, make) -> None:
    elsewhere = make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    assert fresh(session, report(session, coordinator, elsewhere.id).id).reported_by == coordinator.login


# --- fields of a report and of a step -------------------------------------------------------------


def test_the_need_by_date_may_be_today_not_before(session, coordinator, enterprise, frozen_clock, row_counts) -> None:
    assert fresh(session, report(session, coordinator, enterprise.id,
                                 need_by=frozen_clock.today()).id).need_by == date(2020, 2, 3)
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        report(session, coordinator, enterprise.id, need_by=date(2020, 2, 2))
    assert (err.value.field, err.value.message) == ("need_by", "The need-by date cannot be in the past")
    assert row_counts() == before


@pytest.fixture
def suppliers(session):
    """A domestic supplier of melt-blown fabric and a reserve-task unit (no service writes suppliers yet)."""
    made = [Supplier(name="浙江恒远熔喷材料有限公司", region="浙江", version=1),
            Supplier(name="重药集团", region="重庆", version=1)]
    session.add_all(made)
    session.flush()
    session.add(SupplierItem(supplier_id=made[0].id, material_id=MELT_BLOWN))
    session.commit()
    return made


@pytest.mark.parametrize(("action", "index"), [("supplier_contacted", 0), ("reserve_notified", 1)])
def test_supplier_steps_name_the_supplier(session, coordinator, enterprise, suppliers, action, index) -> None:
    shortage = report(session, coordinator, enterprise.id)
    take(session, coordinator, shortage.id, action, note="明日发货 2 吨", supplier_id=suppliers[index].id)
    last = events(session, shortage.id)[-1]
    assert (last.action, last.new_value, last.note) == (action, suppliers[index].name, "明日发货 2 吨")
    detail = shortage_detail(session, shortage_id=shortage.id)
    assert [s.name for s in detail.suppliers] == ["浙江恒远熔喷材料有限公司"]


def test_a_supplier_step_without_a_listed_supplier(session, coordinator, enterprise, row_counts) -> None:
    shortage = report(session, coordinator, enterprise.id)
    take(session, coordinator, shortage.id, "supplier_contacted", note="电话联系本地经销商")
    assert events(session, shortage.id)[-1].new_value is None
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        take(session, coordinator, shortage.id, "supplier_contacted", note="联系", supplier_id=999)
    assert err.value.field == "supplier_id"
    assert row_counts() == before


# --- scenario 2 -----------------------------------------------------------------------------------


def test_scenario_2_every_step_with_who_and_when(session, coordinator, field_cadre, enterprise, frozen_clock) -> None:
    """Melt-blown fabric for 2 days: the cadre reports it, a coordinator sees it on top, assigns it to
    the production group, escalates it to the city, and closes it when the supplier delivers."""
    frozen_clock.set(datetime(2020, 2, 3, 9, 10))
    shortage = report(session, field_cadre, enterprise.id, quantity=5, unit="吨", need_by=date(2020, 2, 5))
    top = sl.list_shortages(session, request=PageRequest(limit=5)).rows[0]
    assert (top.id, top.escalation_due, top.overdue) == (shortage.id, False, False)

    frozen_clock.set(datetime(2020, 2, 3, 9, 30))
    take(session, coordinator, shortage.id, "assign", note=None, group_id=PRODUCTION)
    frozen_clock.set(datetime(2020, 2, 4, 9, 11))  # a day on, still unsolved at district level
    assert sl.list_shortages(session, request=PageRequest()).rows[0].escalation_due is True
    take(session, coordinator, shortage.id, "escalate", note="区里无货源，全市统筹")
    assert sl.list_shortages(session, request=PageRequest()).rows[0].escalation_due is False
    frozen_clock.set(datetime(2020, 2, 4, 15, 0))
    take(session, coordinator, shortage.id, "resolve", note="浙江恒远送达 5 吨")

    history = [(e.action, e.by, e.at, e.old_value, e.new_value, e.note) for e in events(session, shortage.id)]
    assert history == [
        ("reported", "liqiang", datetime(2020, 2, 3, 9, 10), None, "open", "熔喷布仅够 2 天"),
        ("assign", "zhangwei", datetime(2020, 2, 3, 9, 30), "/", "production/", None),
        ("escalate", "zhangwei", datetime(2020, 2, 4, 9, 11), "district", "city", "区里无货源，全市统筹"),
        ("resolve", "zhangwei", datetime(2020, 2, 4, 15, 0), "open", "resolved", "浙江恒远送达 5 吨"),
    ]
    row = fresh(session, shortage.id)
    assert (row.status, row.level, row.group_id, row.resolution, row.version) == (
        RESOLVED, "city", PRODUCTION, "浙江恒远送达 5 吨", 4)


# --- two coordinators at once ---------------------------------------------------------------------


def test_the_second_coordinator_sees_the_first_ones_step_and_retries(db, session, coordinator, make, enterprise,
                                                                     frozen_clock) -> None:
    second = make.cadre("wangfang", role="coordinator")
    shortage = report(session, coordinator, enterprise.id)
    seen = fresh(session, shortage.id).version  # both screens show this version
    with db.session() as first_session:
        svc.act(first_session, actor=coordinator, shortage_id=shortage.id, expected_version=seen, action="escalate",
                note="区里无货源")
    frozen_clock.advance(minutes=1)
    with db.session() as second_session:
        with pytest.raises(ConflictError) as err:
            svc.act(second_session, actor=second, shortage_id=shortage.id, expected_version=seen, action="note",
                    note="已联系河南供应商")
        current = err.value.current
        assert (current["level"], current["updated_by"], current["version"]) == ("city", coordinator.login, seen + 1)
        # the screen reloads, shows the escalation, and takes the note on the new version
        svc.act(second_session, actor=second, shortage_id=shortage.id, expected_version=current["version"],
                action="note", note="已联系河南供应商")
    assert [(e.action, e.by) for e in events(session, shortage.id)] == [
        ("reported", coordinator.login), ("escalate", coordinator.login), ("note", "wangfang")]


def test_many_steps_at_once_lose_none(db, session, coordinator, enterprise) -> None:
    """Eight sessions each add notes at the same time, retrying on conflicts: every note is kept."""
    shortage = report(session, coordinator, enterprise.id)
    workers, notes, failures = 8, 3, []
    start = threading.Barrier(workers)

    def work(n: int) -> None:
        try:
            with db.session() as own:
                start.wait()
                for k in range(notes):
                    while True:
                        own.rollback()
                        version = own.get(Shortage, shortage.id, populate_existing=True).version
                        try:
                            svc.act(own, actor=coordinator, shortage_id=shortage.id, expected_version=version,
                                    action="note", note=f"worker {n} note {k}")
                            break
                        except ConflictError:
                            continue
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    kept = [e.note for e in events(session, shortage.id) if e.action == "note"]
    assert sorted(kept) == sorted(f"worker {n} note {k}" for n in range(workers) for k in range(notes))
    assert fresh(session, shortage.id).version == 1 + workers * notes


def test_a_refused_step_is_a_service_error_with_a_message(session, coordinator, enterprise) -> None:
    """Whatever is refused reaches the screen as a ServiceError with a translatable message."""
    shortage = in_state(session, coordinator, report(session, coordinator, enterprise.id), RESOLVED, "district")
    with pytest.raises(ServiceError) as err:
        take(session, coordinator, shortage.id, "escalate")
    assert err.value.message == "Not possible while the shortage is {status}"
    assert fresh(session, shortage.id).resolved_at == datetime(2020, 2, 3, 7, 50) + timedelta(0)
