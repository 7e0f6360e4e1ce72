"""People and parks as reference data: the list of people with its filters, a person's card, edit
and deactivate through the versioned, audited services (coordinators only, and never the last
active coordinator); the districts and their parks, a park renamed."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.base import Role
from models.errors import ConflictError, PermissionDenied, ValidationError
from models.organisation import SpecialGroup, Unit
from models.people import CadreUpdate
from models.services import cadres, checkins, identity, reference
from models.services.paging import PageRequest
from models.services.park_list import count_districts, count_parks, list_districts, list_parks
from models.services.people_list import count_people, list_people
from models.services.person_card import person_card


def _names(session, **request) -> list[str]:
    return [row.name for row in list_people(session, request=PageRequest(**request)).rows]


def test_people_are_found_by_pinyin_initials_and_login_and_filtered(session, coordinator, make) -> None:
    make.cadre("wangfang", name="王芳", role="coordinator")
    make.cadre("liqiang", name="李强")
    unit = session.exec(select(Unit).order_by(Unit.id)).first()
    cadres.update_cadre(session, actor=coordinator, cadre_id=identity.resolve_actor(session, login="liqiang").cadre_id,
                        expected_version=1, data=CadreUpdate(unit_id=unit.id))
    assert _names(session, query="wangfang") == ["王芳"]
    assert _names(session, query="wf") == ["王芳"]
    assert _names(session, query="李") == ["李强"]
    assert _names(session, filters={"role": "coordinator"}, sort="login") == ["王芳", "zhangwei"]
    assert _names(session, filters={"unit_id": unit.id}) == ["李强"]
    assert count_people(session, request=PageRequest(filters={"unit_id": unit.id})) == 1
    row = list_people(session, request=PageRequest(query="liqiang")).rows[0]
    assert (row.unit, row.role, row.active) == (unit.name, "field_cadre", True)


def test_people_sort_by_the_pinyin_of_their_name(session, coordinator, make) -> None:
    """As a Chinese directory: 艾 (ai), 李 (li), 王 (wang), 张 (zhang), whatever their code points
    (张 comes first by them); a renamed person moves to the new name's place."""
    for login, name in (("zw", "张伟"), ("lq", "李强"), ("wf", "王芳"), ("al", "艾丽")):
        make.cadre(login, name=name)
    expected = ["艾丽", "李强", "王芳", "zhangwei", "张伟"]  # the same pinyin: then by the name
    assert _names(session) == expected
    assert _names(session, sort="name", descending=True) == expected[::-1]
    renamed = identity.resolve_actor(session, login="al")
    cadres.update_cadre(session, actor=coordinator, cadre_id=renamed.cadre_id, expected_version=1,
                        data=CadreUpdate(name="赵丽"))
    assert _names(session) == ["李强", "王芳", "zhangwei", "张伟", "赵丽"]



def test_the_roster_export_is_the_people_list_as_shown(session, coordinator, make) -> None:
    """`export: this list` on the people tab: its quick filters and its order, not only its text."""
    from models.exchange.exporting import cadres as roster

    for login, name, role in (("zw", "张伟", "coordinator"), ("lq", "李强", "field_cadre"),
                              ("wf", "王芳", "coordinator"), ("al", "艾丽", "field_cadre")):
        make.cadre(login, name=name, role=role)
    request = PageRequest(filters={"role": "coordinator"}, sort="name", descending=True)
    shown = [row.name for row in list_people(session, request=request).rows]
    assert [row[0] for row in roster(session, request=request).rows] == shown
    assert "李强" not in shown and shown.index("张伟") < shown.index("王芳")


def test_edit_maps_a_login_and_a_role_and_is_audited(session, coordinator, make) -> None:
    lead = make.cadre("wangfang", name="王芳")
    group = session.exec(select(SpecialGroup).order_by(SpecialGroup.id)).first()
    cadres.update_cadre(session, actor=coordinator, cadre_id=lead.cadre_id, expected_version=1,
                        data=CadreUpdate(login="wf2", role="coordinator", phone="13912345678", group_id=group.id))
    assert identity.current_actor(session, login="wf2").role == Role.COORDINATOR
    assert identity.current_actor(session, login="wangfang").cadre_id is None  # the old login maps to nobody
    assert _names(session, query="wf2") == ["王芳"]  # the search key follows the login
    entry = session.exec(select(AuditLog).where(AuditLog.table_name == "cadre", AuditLog.action == "update")).one()
    assert json.loads(entry.changes)["login"] == ["wangfang", "wf2"]
    with pytest.raises(ConflictError):  # a stale version
        cadres.update_cadre(session, actor=coordinator, cadre_id=lead.cadre_id, expected_version=1,
                            data=CadreUpdate(name="王芳芳"))


@pytest.mark.parametrize(("data", "field"), [
    (CadreUpdate(login="zhangwei"), "login"),
    (CadreUpdate(phone="12345"), "phone"),
    (CadreUpdate(name=" "), "name"),
    (CadreUpdate(role="boss"), "role"),
    (CadreUpdate(unit_id=9999), "unit_id"),
    (CadreUpdate(group_id=9999), "group_id"),
])
def test_a_bad_edit_names_its_field_and_changes_nothing(session, make, coordinator, data, field) -> None:
    lead = make.cadre("wangfang")
    with pytest.raises(ValidationError) as refused:
        cadres.update_cadre(session, actor=coordinator, cadre_id=lead.cadre_id, expected_version=1, data=data)
    assert refused.value.field == field
    assert person_card(session, cadre_id=lead.cadre_id).version == 1


def test_only_coordinators_edit_or_deactivate(session, make, field_cadre) -> None:
    other = make.cadre("wangfang")
    with pytest.raises(PermissionDenied):
        cadres.update_cadre(session, actor=field_cadre, cadre_id=other.cadre_id, expected_version=1,
                            data=CadreUpdate(name="x"))
    with pytest.raises(PermissionDenied):
        cadres.set_active(session, actor=field_cadre, cadre_id=other.cadre_id, expected_version=1, active=False)


def test_deactivated_a_login_only_reads_and_active_again_writes(session, coordinator, make) -> None:
    lead = make.cadre("wangfang")
    cadres.set_active(session, actor=coordinator, cadre_id=lead.cadre_id, expected_version=1, active=False)
    assert identity.current_actor(session, login="wangfang").role == Role.VIEWER
    assert _names(session, filters={"status": "inactive"}) == ["wangfang"]
    cadres.set_active(session, actor=coordinator, cadre_id=lead.cadre_id, expected_version=2, active=True)
    assert identity.current_actor(session, login="wangfang").role == Role.FIELD_CADRE
    actions = session.exec(select(AuditLog.action).where(AuditLog.row_id == lead.cadre_id,
                                                         AuditLog.table_name == "cadre")).all()
    assert list(actions) == ["create", "deactivate", "activate"]


def test_the_last_active_coordinator_cannot_step_down_or_be_deactivated(session, coordinator, make) -> None:
    with pytest.raises(ValidationError, match="coordinator"):
        cadres.set_active(session, actor=coordinator, cadre_id=coordinator.cadre_id, expected_version=1, active=False)
    with pytest.raises(ValidationError):
        cadres.update_cadre(session, actor=coordinator, cadre_id=coordinator.cadre_id, expected_version=1,
                            data=CadreUpdate(role="viewer"))
    assert identity.current_actor(session, login="zhangwei").is_coordinator
    make.cadre("wangfang", role="coordinator")  # with a second one, the first may step down
    cadres.set_active(session, actor=coordinator, cadre_id=coordinator.cadre_id, expected_version=1, active=False)
    assert identity.current_actor(session, login="zhangwei").role == Role.VIEWER


def test_the_card_shows_stationings_and_the_last_check_ins(session, coordinator, field_cadre, enterprise,
                                                           frozen_clock) -> None:
    checkins.check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    frozen_clock.advance(hours=3)
    checkins.check_out(session, actor=field_cadre)
    card = person_card(session, cadre_id=field_cadre.cadre_id)
    assert (card.name, card.login, card.role, card.active) == ("liqiang", "liqiang", "field_cadre", True)
    assert [s.enterprise for s in card.stationings] == ["茶园康护"]
    assert card.stationings[0].end is None
    assert len(card.checkins) == 1 and card.checkins[0].check_out is not None


def test_the_38_districts_and_their_parks(session, coordinator, make, enterprise) -> None:
    assert count_districts(session, request=PageRequest()) == 38
    nanan = make.district_id("南岸区")
    [row] = list_districts(session, request=PageRequest(query="nanan")).rows
    assert (row.name, row.parks, row.enterprises) == ("南岸区", 1, 1)
    parks = list_parks(session, request=PageRequest(filters={"district_id": nanan})).rows
    assert [(p.name, p.enterprises) for p in parks] == [("茶园新区", 1)]
    assert count_parks(session, request=PageRequest(filters={"district_id": nanan})) == 1


def test_a_park_renamed_keeps_its_enterprises_and_refuses_a_name_taken(session, coordinator, make, enterprise,
                                                                       field_cadre) -> None:
    nanan = make.district_id("南岸区")
    park = list_parks(session, request=PageRequest(filters={"district_id": nanan})).rows[0]
    make.park_id("经开区")
    with pytest.raises(ValidationError) as refused:
        reference.rename_park(session, actor=coordinator, park_id=park.id, expected_version=park.version, name="经开区")
    assert refused.value.field == "park"
    with pytest.raises(PermissionDenied):
        reference.rename_park(session, actor=field_cadre, park_id=park.id, expected_version=park.version, name="茶园")
    reference.rename_park(session, actor=coordinator, park_id=park.id, expected_version=park.version, name="茶园片区")
    renamed = list_parks(session, request=PageRequest(filters={"district_id": nanan}, query="茶园")).rows
    assert [(p.name, p.enterprises) for p in renamed] == [("茶园片区", 1)]
    with pytest.raises(ConflictError):
        reference.rename_park(session, actor=coordinator, park_id=park.id, expected_version=park.version, name="x")
