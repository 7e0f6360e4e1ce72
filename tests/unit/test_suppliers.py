"""Suppliers and reserve units as coordinators keep them, and the contacts made with them from shortages."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.errors import ConflictError, PermissionDenied, ValidationError
from models.services.paging import PageRequest
from models.services.reference import catalogue, materials
from models.services.shortage_detail import all_suppliers
from models.services.shortages import act, report_shortage
from models.services.suppliers import (
    SupplierInput,
    SupplyLine,
    create_supplier,
    list_suppliers,
    supplier_card,
    update_supplier,
)
from models.shortage import ShortageCreate


def _ids(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    item = next(i.id for i in catalogue(session) if i.code == "MASK-SURG")
    melt = next(m.id for m in materials(session) if m.code == "MELTBLOWN")
    return item, melt


@pytest.fixture
def suppliers(session, coordinator):  # type: ignore[no-untyped-def]
    item, melt = _ids(session)
    return {
        "melt": create_supplier(session, actor=coordinator, data=SupplierInput(
            name="浙江恒远熔喷材料有限公司", origin="out_of_city", region="浙江", contact_person="王经理",
            phone="13900000002", lines=(SupplyLine(material_id=melt, spec="25g/m² BFE99"),))),
        "reserve": create_supplier(session, actor=coordinator, data=SupplierInput(
            name="重药集团", region="重庆", reserve_unit=True, contact_cadre_id=coordinator.cadre_id,
            phone="023-63000000", lines=(SupplyLine(item_id=item, spec="平面型 17.5×9.5cm"),))),
        "abroad": create_supplier(session, actor=coordinator, data=SupplierInput(
            name="Kölner Vliesstoff GmbH", origin="overseas", region="德国", phone="+49 221 1234567",
            lines=(SupplyLine(material_id=melt),))),
    }


def test_lists_in_the_city_first_and_filters(session, suppliers) -> None:
    everyone = list_suppliers(session, request=PageRequest()).rows
    assert [r.name for r in everyone] == ["重药集团", "浙江恒远熔喷材料有限公司", "Kölner Vliesstoff GmbH"]
    reserve = list_suppliers(session, request=PageRequest(filters={"reserve_unit": True})).rows
    assert [r.name for r in reserve] == ["重药集团"]
    assert reserve[0].supplies == "医用外科口罩（平面型 17.5×9.5cm）" and reserve[0].cadre == "zhangwei"
    assert [r.name for r in list_suppliers(session, request=PageRequest(query="rongpen")).rows] == [
        "浙江恒远熔喷材料有限公司", "Kölner Vliesstoff GmbH"]  # by what they supply, in pinyin
    assert [s.foreign for s in all_suppliers(session)] == [False, False, True]


def test_what_they_supply_is_found_by_its_english_name_and_their_region_in_pinyin(session, suppliers) -> None:
    """The English hint of the suppliers' and reserve units' filter boxes works as it reads."""
    def found(query: str) -> list[str]:
        return [r.name for r in list_suppliers(session, request=PageRequest(query=query)).rows]

    assert found("melt-blown") == ["浙江恒远熔喷材料有限公司", "Kölner Vliesstoff GmbH"]
    assert found("Surgical MASK") == ["重药集团"]
    assert found("zhejiang") == ["浙江恒远熔喷材料有限公司"]
    assert found("zhongyao") == ["重药集团"]


def test_only_coordinators_write(session, suppliers, field_cadre, viewer) -> None:
    for who in (field_cadre, viewer):
        with pytest.raises(PermissionDenied):
            create_supplier(session, actor=who, data=SupplierInput(name="某公司"))
        with pytest.raises(PermissionDenied):
            update_supplier(session, actor=who, supplier_id=suppliers["melt"], expected_version=1,
                            data=SupplierInput(name="某公司"))


def test_a_change_of_lines_alone_moves_the_version_and_is_audited(session, coordinator, suppliers) -> None:
    item, melt = _ids(session)
    row = supplier_card(session, supplier_id=suppliers["melt"]).row
    data = SupplierInput(name=row.name, origin=row.origin, region=row.region, contact_person=row.contact_person,
                         phone=row.phone, lines=(SupplyLine(material_id=melt, spec="25g/m² BFE99"),
                                                 SupplyLine(item_id=item)))
    assert update_supplier(session, actor=coordinator, supplier_id=row.id, expected_version=row.version,
                           data=data) == row.version + 1
    after = supplier_card(session, supplier_id=row.id).row
    assert after.supplies == "熔喷布（25g/m² BFE99）、医用外科口罩"
    last = session.exec(select(AuditLog).where(AuditLog.table_name == "supplier").order_by(AuditLog.id.desc())).first()
    assert json.loads(last.changes) == {"lines": [[f"material:{melt} 25g/m² BFE99"],
                                                  [f"material:{melt} 25g/m² BFE99", f"item:{item}"]]}
    with pytest.raises(ConflictError):
        update_supplier(session, actor=coordinator, supplier_id=row.id, expected_version=row.version, data=data)


def test_refusals_name_their_field(session, coordinator, suppliers) -> None:
    item, _ = _ids(session)
    cases = {
        "name": SupplierInput(name="重药集团"),
        "origin": SupplierInput(name="新公司", origin="mars"),
        "phone": SupplierInput(name="新公司", phone="12345"),
        "lines": SupplierInput(name="新公司", lines=(SupplyLine(item_id=item), SupplyLine(item_id=item))),
        "contact_cadre_id": SupplierInput(name="新公司", contact_cadre_id=999),
    }
    for field, data in cases.items():
        with pytest.raises(ValidationError) as refused:
            create_supplier(session, actor=coordinator, data=data)
        assert refused.value.field == field


def test_the_card_lists_the_contacts_made_from_shortages(session, coordinator, enterprise, suppliers) -> None:
    _, melt = _ids(session)
    shortage = report_shortage(session, actor=coordinator, data=ShortageCreate(
        enterprise_id=enterprise.id, kind="raw_material", material_id=melt, severity="high",
        description="熔喷布库存不足"))
    done = act(session, actor=coordinator, shortage_id=shortage.id, expected_version=shortage.version,
               action="supplier_contacted", note="可供2吨", supplier_id=suppliers["melt"])
    act(session, actor=coordinator, shortage_id=shortage.id, expected_version=done.version,
        action="reserve_notified", note="已通知调拨", supplier_id=suppliers["reserve"])
    card = supplier_card(session, supplier_id=suppliers["melt"])
    assert [(c.action, c.shortage_id, c.description, c.note) for c in card.contacts] == [
        ("supplier_contacted", shortage.id, "熔喷布库存不足", "可供2吨")]
    assert [c.action for c in supplier_card(session, supplier_id=suppliers["reserve"]).contacts] == [
        "reserve_notified"]
