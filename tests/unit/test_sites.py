"""Sites as reference data: coordinators write them (versioned, audited), everyone lists and picks them."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.errors import ConflictError, PermissionDenied, ValidationError
from models.services.paging import PageRequest
from models.services.sites import (
    SiteInput,
    count_sites,
    create_site,
    list_sites,
    requesting_site_choices,
    site_card,
    update_site,
    warehouse_choices,
)
from models.services.suppliers import SupplierInput, create_supplier


@pytest.fixture
def sites(session, coordinator, make):  # type: ignore[no-untyped-def]
    reserve = create_supplier(session, actor=coordinator, data=SupplierInput(name="重药集团", reserve_unit=True))
    nanan, yuzhong = make.district_id("南岸区"), make.district_id("渝中区")
    return {
        "city": create_site(session, actor=coordinator, data=SiteInput(
            code="cq-wh-1", name="重药集团市级储备库", kind="warehouse", district_id=yuzhong, operator_id=reserve,
            capacity=800, contact_person="刘主任", phone="023-63000000")),
        "depot": create_site(session, actor=coordinator, data=SiteInput(
            code="NA-DEPOT", name="南岸区物资中转库", kind="warehouse", district_id=nanan)),
        "hospital": create_site(session, actor=coordinator, data=SiteInput(
            code="GW", name="重庆市公共卫生医疗救治中心", kind="hospital", district_id=nanan, designated=True)),
        "unit": create_site(session, actor=coordinator, data=SiteInput(
            code="NA-CMD", name="南岸区疫情防控指挥部", kind="unit", district_id=nanan)),
        "reserve": reserve,
    }


def test_lists_filter_and_find_by_pinyin(session, sites, make) -> None:
    everyone = list_sites(session, request=PageRequest()).rows
    assert [r.kind for r in everyone] == ["warehouse", "warehouse", "hospital", "unit"]
    assert (everyone[0].code, everyone[0].operator) == ("CQ-WH-1", "重药集团")
    found = list_sites(session, request=PageRequest(query="cqsggwsyljzzx")).rows
    assert [r.name for r in found] == ["重庆市公共卫生医疗救治中心"]
    assert [r.code for r in list_sites(session, request=PageRequest(query="zyjt")).rows] == ["CQ-WH-1"]  # operator
    hospitals = PageRequest(filters={"kind": "hospital"})
    assert [r.code for r in list_sites(session, request=hospitals).rows] == ["GW"]
    nanan = PageRequest(filters={"district_id": make.district_id("南岸区")})
    assert count_sites(session, request=nanan) == 3
    assert site_card(session, site_id=sites["hospital"]).designated


def test_choices_for_the_pickers(session, sites) -> None:
    assert {c.id for c in warehouse_choices(session)} == {sites["city"], sites["depot"]}
    assert {c.id for c in requesting_site_choices(session)} == {sites["depot"], sites["hospital"], sites["unit"]}


def test_checks_names_codes_and_operators(session, coordinator, sites) -> None:
    with pytest.raises(ValidationError) as taken:
        create_site(session, actor=coordinator, data=SiteInput(code="gw", name="另一个", kind="hospital"))
    assert taken.value.field == "code"
    with pytest.raises(ValidationError) as named:
        create_site(session, actor=coordinator, data=SiteInput(code="X1", name="南岸区物资中转库"))
    assert named.value.field == "name"
    with pytest.raises(ValidationError) as invisible:
        create_site(session, actor=coordinator, data=SiteInput(code="X2", name="仓库\u202e"))
    assert invisible.value.field == "name"
    plain = create_supplier(session, actor=coordinator, data=SupplierInput(name="某贸易公司"))
    with pytest.raises(ValidationError) as operator:
        create_site(session, actor=coordinator, data=SiteInput(code="X3", name="仓库三", operator_id=plain))
    assert operator.value.field == "operator_id"
    with pytest.raises(ValidationError):
        create_site(session, actor=coordinator, data=SiteInput(code="X4", name="仓库四", kind="depot"))


def test_only_coordinators_write_and_changes_are_versioned_and_audited(session, coordinator, sites, make) -> None:
    cadre = make.cadre("liqiang")
    data = SiteInput(code="NA-CMD", name="南岸区疫情防控指挥部", kind="unit", contact_person="陈科长")
    with pytest.raises(PermissionDenied):
        update_site(session, actor=cadre, site_id=sites["unit"], expected_version=1, data=data)
    with pytest.raises(PermissionDenied):
        create_site(session, actor=cadre, data=SiteInput(code="Y", name="Y"))
    version = update_site(session, actor=coordinator, site_id=sites["unit"], expected_version=1, data=data)
    assert version == 2
    with pytest.raises(ConflictError):
        update_site(session, actor=coordinator, site_id=sites["unit"], expected_version=1, data=data)
    log = session.exec(select(AuditLog).where(AuditLog.table_name == "site", AuditLog.row_id == sites["unit"],
                                              AuditLog.action == "update")).one()
    assert json.loads(log.changes)["contact_person"] == [None, "陈科长"]
    assert [r.code for r in list_sites(session, request=PageRequest(query="chenkezhang")).rows] == ["NA-CMD"]
