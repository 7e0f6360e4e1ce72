"""Who may do what: the first login becomes coordinator, unknown logins only read, field cadres
write only where they are stationed, and a deactivated cadre is a viewer again."""

from __future__ import annotations

import json
import pwd
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import select

from models import clock
from models.assignments import Assignment
from models.audit import AuditLog
from models.base import Role
from models.enterprise import Enterprise, EnterpriseCreate, EnterpriseUpdate
from models.errors import PermissionDenied, ValidationError
from models.people import Cadre, CadreCreate
from models.services import cadres, checkins, enterprises, identity, reference, shortages
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprise_reserves import set_reserve
from models.shortage import ShortageCreate


def cadre_rows(session) -> list[Cadre]:
    session.rollback()
    return list(session.exec(select(Cadre).order_by(Cadre.id)))


# --- identity -------------------------------------------------------------------------------------


def test_first_login_on_an_empty_database_becomes_coordinator(session) -> None:
    assert cadre_rows(session) == []
    actor = identity.resolve_actor(session, login="zhangwei")
    assert (actor.login, actor.role, actor.can_write,
            actor.is_coordinator) == ("zhangwei", Role.COORDINATOR, True, True)
    [cadre] = cadre_rows(session)
    assert (cadre.id, cadre.login, cadre.role, cadre.active, cadre.created_by) == (
        actor.cadre_id, "zhangwei", "coordinator", True, "zhangwei")
    [entry] = session.exec(select(AuditLog).where(AuditLog.table_name == "cadre")).all()
    assert (entry.row_id, entry.action, entry.login) == (cadre.id, "create", "zhangwei")
    assert json.loads(entry.changes)["role"] == [None, "coordinator"]


def test_the_same_login_again_is_the_same_coordinator(session, coordinator) -> None:
    again = identity.resolve_actor(session, login=coordinator.login)
    assert again == coordinator
    assert len(cadre_rows(session)) == 1


def test_a_second_unknown_login_only_reads(session, coordinator) -> None:
    actor = identity.resolve_actor(session, login="visitor")
    assert (actor.role, actor.cadre_id, actor.can_write) == (Role.VIEWER, None, False)
    assert [c.login for c in cadre_rows(session)] == [coordinator.login]


def test_a_mapped_login_gets_its_cadres_role(session, make) -> None:
    cadre = make.cadre("liqiang", name="李强")
    assert (cadre.role, cadre.name, cadre.can_write, cadre.is_coordinator) == (Role.FIELD_CADRE, "李强", True, False)
    lead = make.cadre("wangfang", role="coordinator")
    assert lead.role == Role.COORDINATOR


def test_a_deactivated_cadre_is_a_viewer(session, coordinator, field_cadre, enterprise, row_counts) -> None:
    cadres.set_role(session, actor=coordinator, cadre_id=field_cadre.cadre_id, expected_version=1,
                    role="field_cadre", active=False)
    actor = identity.resolve_actor(session, login=field_cadre.login)
    assert (actor.role, actor.cadre_id, actor.can_write) == (Role.VIEWER, field_cadre.cadre_id, False)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        enterprises.update_enterprise(session, actor=actor, enterprise_id=enterprise.id, expected_version=1,
                                      data=EnterpriseUpdate(notes="离岗后修改"))
    with pytest.raises(PermissionDenied):
        checkins.check_in(session, actor=actor, enterprise_id=enterprise.id)
    assert row_counts() == before


def test_os_login_comes_from_the_password_database_not_from_user(monkeypatch) -> None:
    import os

    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LOGNAME", "someone-else")
    assert identity.os_login() == pwd.getpwuid(os.geteuid()).pw_name


# --- every write, by someone who may not make it --------------------------------------------------


@dataclass
class World:
    """Ids the write operations below act on."""

    enterprise_id: int
    cadre_id: int
    assignment_id: int
    shortage_id: int
    today: date


Write = Callable[[object, object, World], object]

WRITES: dict[str, Write] = {
    "create enterprise": lambda s, a, w: enterprises.create_enterprise(
        s, actor=a, data=EnterpriseCreate(name="新厂", district_id=9)),
    "update enterprise": lambda s, a, w: enterprises.update_enterprise(
        s, actor=a, enterprise_id=w.enterprise_id, expected_version=1, data=EnterpriseUpdate(notes="x")),
    "set status": lambda s, a, w: enterprises.set_status(
        s, actor=a, enterprise_id=w.enterprise_id, expected_version=1, status="resumed"),
    "archive": lambda s, a, w: enterprises.set_archived(
        s, actor=a, enterprise_id=w.enterprise_id, expected_version=1, archived=True, reason="x"),
    "set product": lambda s, a, w: set_product(
        s, actor=a, enterprise_id=w.enterprise_id, item_id=2, daily_capacity=10),
    "submit report": lambda s, a, w: submit_report(
        s, actor=a, enterprise_id=w.enterprise_id, report_date=w.today,
        lines=[ReportLine(item_id=2, output=1, stock=1)]),
    "set reserve": lambda s, a, w: set_reserve(
        s, actor=a, enterprise_id=w.enterprise_id, material_id=2, quantity=1, daily_use=1),
    "create cadre": lambda s, a, w: cadres.create_cadre(s, actor=a, data=CadreCreate(name="新人", login="xinren")),
    "set role": lambda s, a, w: cadres.set_role(
        s, actor=a, cadre_id=w.cadre_id, expected_version=1, role="coordinator"),
    "station": lambda s, a, w: cadres.station(s, actor=a, cadre_id=w.cadre_id, enterprise_id=w.enterprise_id),
    "end station": lambda s, a, w: cadres.end_station(s, actor=a, assignment_id=w.assignment_id, expected_version=1),
    "check in": lambda s, a, w: checkins.check_in(s, actor=a, enterprise_id=w.enterprise_id, reason="x"),
    "check out": lambda s, a, w: checkins.check_out(s, actor=a),
    "report shortage": lambda s, a, w: shortages.report_shortage(
        s, actor=a, data=ShortageCreate(enterprise_id=w.enterprise_id, kind="labour")),
    "note on shortage": lambda s, a, w: shortages.act(
        s, actor=a, shortage_id=w.shortage_id, expected_version=1, action="note", note="x"),
    "assign shortage": lambda s, a, w: shortages.act(
        s, actor=a, shortage_id=w.shortage_id, expected_version=1, action="assign", group_id=3),
    "add park": lambda s, a, w: reference.add_park(s, actor=a, district_id=9, name="新园区"),
}

COORDINATOR_ONLY = ["create enterprise", "archive", "create cadre", "set role", "station", "end station",
                    "assign shortage"]
ENTERPRISE_WRITES = ["update enterprise", "set status", "set product", "submit report", "set reserve",
                     "report shortage"]


@pytest.fixture
def world(session, make, coordinator, enterprise, field_cadre) -> World:
    """One enterprise making item 2, with 李强 stationed there and a shortage he reported."""
    set_product(session, actor=coordinator, enterprise_id=enterprise.id, item_id=2, daily_capacity=100)
    assignment = session.exec(select(Assignment).where(Assignment.cadre_id == field_cadre.cadre_id)).one()
    shortage = shortages.report_shortage(session, actor=field_cadre,
                                         data=ShortageCreate(enterprise_id=enterprise.id, kind="labour"))
    return World(enterprise_id=enterprise.id, cadre_id=field_cadre.cadre_id, assignment_id=assignment.id,
                 shortage_id=shortage.id, today=clock.today())


def assert_refused(session, actor, write: Write, world: World, row_counts) -> None:
    session.rollback()
    before_rows = row_counts()
    before = session.get(Enterprise, world.enterprise_id, populate_existing=True).model_dump()
    assert before["id"] == world.enterprise_id  # loaded, not an expired (empty) object
    with pytest.raises(PermissionDenied):
        write(session, actor, world)
    assert row_counts() == before_rows
    session.rollback()
    assert session.get(Enterprise, world.enterprise_id, populate_existing=True).model_dump() == before


@pytest.mark.parametrize("name", WRITES)
def test_a_viewer_may_not_write(session, world, viewer, row_counts, name) -> None:
    assert viewer.role == Role.VIEWER
    assert_refused(session, viewer, WRITES[name], world, row_counts)


@pytest.mark.parametrize("name", COORDINATOR_ONLY)
def test_a_field_cadre_may_not_do_a_coordinators_work(session, world, field_cadre, row_counts, name) -> None:
    assert_refused(session, field_cadre, WRITES[name], world, row_counts)


@pytest.mark.parametrize("name", ENTERPRISE_WRITES)
def test_a_field_cadre_writes_where_stationed(session, world, field_cadre, row_counts, name) -> None:
    before = row_counts()
    WRITES[name](session, field_cadre, world)
    after = row_counts()
    assert after["auditlog"] > before["auditlog"]
    session.rollback()
    assert session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first().login == field_cadre.login


@pytest.mark.parametrize("name", ENTERPRISE_WRITES)
def test_a_field_cadre_may_not_write_elsewhere(session, world, make, field_cadre, row_counts, name) -> None:
    other = make.enterprise("渝北防护服厂", district="渝北区", park=None)
    elsewhere = World(**{**world.__dict__, "enterprise_id": other.id})
    assert_refused(session, field_cadre, WRITES[name], elsewhere, row_counts)


def test_stationing_ends_with_its_end_date(session, world, coordinator, field_cadre, row_counts) -> None:
    cadres.end_station(session, actor=coordinator, assignment_id=world.assignment_id, expected_version=1,
                       end=clock.today() - timedelta(days=1))
    assert_refused(session, field_cadre, WRITES["update enterprise"], world, row_counts)


def test_a_field_cadre_may_not_act_on_a_shortage_where_not_stationed(session, world, make, row_counts) -> None:
    """Notes and progress on any shortage at an enterprise the cadre is stationed at (someone else's
    too); a colleague stationed elsewhere is refused."""
    elsewhere = make.enterprise("重庆渝北防护用品有限公司", district="渝北区", park=None)
    colleague = make.field_cadre("zhaolei", at=elsewhere)
    assert_refused(session, colleague, WRITES["note on shortage"], world, row_counts)
    here = make.field_cadre("liuyang", at=world.enterprise_id)
    assert WRITES["note on shortage"](session, here, world).version == 2


def test_only_coordinators_give_roles(session, coordinator, field_cadre) -> None:
    cadres.set_role(session, actor=coordinator, cadre_id=field_cadre.cadre_id, expected_version=1, role="coordinator")
    assert identity.resolve_actor(session, login=field_cadre.login).role == Role.COORDINATOR
    [row] = [c for c in cadre_rows(session) if c.login == field_cadre.login]
    assert (row.role, row.version, row.updated_by) == ("coordinator", 2, coordinator.login)


def test_stationing_at_an_unknown_enterprise_is_a_validation_error(session, coordinator,
                                                                   field_cadre, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        cadres.station(session, actor=coordinator, cadre_id=field_cadre.cadre_id, enterprise_id=99999)
    assert err.value.field == "enterprise_id"
    assert row_counts() == before
