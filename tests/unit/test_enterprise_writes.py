"""The enterprise commands added for the card: a new park named in the form, licences through their
steps, holiday plans, several reserves at once; versions, audit, and who may do what."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.enterprise import EnterpriseCreate, EnterpriseUpdate
from models.errors import ConflictError, PermissionDenied, TransitionError, ValidationError
from models.holiday_plans import HolidayPlan
from models.licences import Qualification
from models.material_reserves import MaterialReserve
from models.parks import Park
from models.reference import CatalogueItem
from models.services import enterprises as svc
from models.services.enterprise_licences import add_qualification, advance_qualification
from models.services.enterprise_plans import set_holiday_plan
from models.services.enterprise_products import set_products
from models.services.enterprise_reserves import ReserveInput, set_reserves


def item(session, code: str = "MASK-SURG") -> int:
    return session.exec(select(CatalogueItem.id).where(CatalogueItem.code == code)).one()


def parks_named(session, name: str) -> list[Park]:
    session.rollback()
    return list(session.exec(select(Park).where(Park.name == name)))


# --- a park named in the form ---------------------------------------------------------------------


def test_a_new_park_is_made_with_the_enterprise(session, make, coordinator) -> None:
    made = svc.create_enterprise(session, actor=coordinator, park_name="  长生桥工业园 ", data=EnterpriseCreate(
        name="重庆长生桥防护用品有限公司", district_id=make.district_id("南岸区")))
    [park] = parks_named(session, "长生桥工业园")
    assert made.park_id == park.id and park.district_id == make.district_id("南岸区")
    assert "csqgyy" in made.search_key


def test_an_existing_park_name_is_reused(session, make, coordinator) -> None:
    chayuan = make.park_id("茶园新区")
    made = svc.create_enterprise(session, actor=coordinator, park_name="茶园新区", data=EnterpriseCreate(
        name="重庆茶园防护用品有限公司", district_id=make.district_id("南岸区")))
    assert made.park_id == chayuan and len(parks_named(session, "茶园新区")) == 1


def test_a_refused_enterprise_leaves_no_new_park_behind(session, make, coordinator, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        svc.create_enterprise(session, actor=coordinator, park_name="新园区", data=EnterpriseCreate.model_construct(
            name="重庆测试厂", district_id=make.district_id("南岸区"), phone="12345"))
    assert err.value.field == "phone"
    assert row_counts() == before


def test_an_edit_may_name_a_new_park_in_the_new_district(session, make, coordinator, enterprise) -> None:
    yubei = make.district_id("渝北区")
    svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(district_id=yubei), park_name="空港工业园区")
    [park] = parks_named(session, "空港工业园区")
    session.rollback()
    assert park.district_id == yubei


# --- licences -------------------------------------------------------------------------------------


def licence(session, qualification_id: int) -> Qualification:
    session.rollback()
    return session.get(Qualification, qualification_id)


def test_a_licence_goes_applying_green_channel_held(session, field_cadre, enterprise, frozen_clock) -> None:
    today = frozen_clock.today()
    made = add_qualification(session, actor=field_cadre, enterprise_id=enterprise.id, item_id=item(session),
                                 kind="医疗器械注册证（应急审批）", applied_on=today - timedelta(days=3))
    assert (made.status, made.applied_on, made.version) == ("applying", today - timedelta(days=3), 1)
    advance_qualification(session, actor=field_cadre, qualification_id=made.id, expected_version=1,
                              status="green_channel")
    frozen_clock.set(frozen_clock.moment.replace(hour=23, minute=55))
    advance_qualification(session, actor=field_cadre, qualification_id=made.id, expected_version=2, status="held",
                              number="渝械注准20202140001")
    row = licence(session, made.id)
    assert (row.status, row.granted_on, row.number, row.version, row.updated_by) == (
        "held", today, "渝械注准20202140001", 3, field_cadre.login)
    actions = [a.action for a in session.exec(select(AuditLog).where(
        AuditLog.table_name == "qualification", AuditLog.row_id == made.id).order_by(AuditLog.id))]
    assert actions == ["create", "licence_green_channel", "licence_held"]


def test_a_held_licence_cannot_move_and_a_refused_one_may_apply_again(session, coordinator, enterprise) -> None:
    held = add_qualification(session, actor=coordinator, enterprise_id=enterprise.id, kind="医疗器械注册证",
                                 status="held", applied_on=date(2019, 5, 1), granted_on=date(2019, 7, 1))
    with pytest.raises(TransitionError) as err:
        advance_qualification(session, actor=coordinator, qualification_id=held.id, expected_version=1,
                                  status="refused")
    assert err.value.params == {"status": "held"}
    refused = add_qualification(session, actor=coordinator, enterprise_id=enterprise.id, kind="生产许可证",
                                    status="refused")
    advance_qualification(session, actor=coordinator, qualification_id=refused.id, expected_version=1,
                              status="applying")
    assert licence(session, refused.id).status == "applying"


@pytest.mark.parametrize(("values", "field"), [
    ({"kind": " "}, "kind"),
    ({"status": "granted"}, "status"),
    ({"applied_on": date(2020, 2, 4)}, "applied_on"),  # tomorrow
    ({"item_id": 4242}, "item_id"),
    ({"status": "held", "applied_on": date(2020, 2, 1), "granted_on": date(2020, 1, 1)}, "granted_on"),
])
def test_bad_licences_are_refused(session, coordinator, enterprise, frozen_clock, row_counts, values, field) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        add_qualification(session, actor=coordinator, enterprise_id=enterprise.id,
                              **({"kind": "医疗器械注册证"} | values))
    assert err.value.field == field
    assert row_counts() == before


def test_a_stale_licence_step_is_a_conflict(session, coordinator, field_cadre, enterprise) -> None:
    made = add_qualification(session, actor=coordinator, enterprise_id=enterprise.id, kind="医疗器械注册证")
    advance_qualification(session, actor=coordinator, qualification_id=made.id, expected_version=1,
                              status="green_channel")
    with pytest.raises(ConflictError) as err:
        advance_qualification(session, actor=field_cadre, qualification_id=made.id, expected_version=1,
                                  status="refused")
    assert err.value.current["status"] == "green_channel"
    assert licence(session, made.id).status == "green_channel"


# --- holiday plans --------------------------------------------------------------------------------


def test_a_holiday_plan_is_added_and_changed(session, field_cadre, enterprise, frozen_clock) -> None:
    today = frozen_clock.today()
    plan = set_holiday_plan(session, actor=field_cadre, enterprise_id=enterprise.id, start_date=today,
                                end_date=today + timedelta(days=7), shifts="3", workers="180", notes="三班倒")
    assert (plan.shifts, plan.workers, plan.version) == (3, 180, 1)
    set_holiday_plan(session, actor=field_cadre, enterprise_id=enterprise.id, start_date=today,
                         end_date=today + timedelta(days=9), shifts=2, workers=120, plan_id=plan.id, expected_version=1)
    session.rollback()
    row = session.get(HolidayPlan, plan.id)
    assert (row.end_date, row.shifts, row.workers, row.version) == (today + timedelta(days=9), 2, 120, 2)
    with pytest.raises(ConflictError):
        set_holiday_plan(session, actor=field_cadre, enterprise_id=enterprise.id, start_date=today,
                             end_date=today, shifts=1, workers=1, plan_id=plan.id, expected_version=1)


@pytest.mark.parametrize(("values", "field"), [
    ({"end_date": date(2020, 1, 1)}, "end_date"),
    ({"start_date": None}, "start_date"),
    ({"shifts": 0}, "shifts"),
    ({"shifts": 1.5}, "shifts"),
    ({"workers": -3}, "workers"),
    ({"workers": "many"}, "workers"),
])
def test_bad_holiday_plans_are_refused(session, coordinator, enterprise, row_counts, values, field) -> None:
    before = row_counts()
    good = {"start_date": date(2020, 1, 24), "end_date": date(2020, 2, 9), "shifts": 2, "workers": 100}
    with pytest.raises(ValidationError) as err:
        set_holiday_plan(session, actor=coordinator, enterprise_id=enterprise.id, **(good | values))
    assert err.value.field == field
    assert row_counts() == before


# --- reserves -------------------------------------------------------------------------------------


def test_reserves_are_saved_together_or_not_at_all(session, field_cadre, enterprise, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        set_reserves(session, actor=field_cadre, enterprise_id=enterprise.id, lines=[
            ReserveInput(material_id=1, quantity=30, daily_use=2),
            ReserveInput(material_id=2, quantity=-1, daily_use=1)])
    assert err.value.field == "quantity"
    assert row_counts() == before
    saved = set_reserves(session, actor=field_cadre, enterprise_id=enterprise.id, lines=[
        ReserveInput(material_id=1, quantity=30, daily_use=2),
        ReserveInput(material_id=2, quantity="0.5", daily_use=0.25)])
    assert [(r.quantity, r.daily_use, r.version) for r in saved] == [(30, 2, 1), (0.5, 0.25, 1)]
    with pytest.raises(ConflictError):
        set_reserves(session, actor=field_cadre, enterprise_id=enterprise.id, lines=[
            ReserveInput(material_id=1, quantity=29, daily_use=2, expected_version=1),
            ReserveInput(material_id=2, quantity=0.4, daily_use=0.25, expected_version=7)])
    session.rollback()
    rows = session.exec(select(MaterialReserve).where(MaterialReserve.enterprise_id == enterprise.id)
                        .order_by(MaterialReserve.material_id)).all()
    assert [r.quantity for r in rows] == [30, 0.5]


# --- who may do what ------------------------------------------------------------------------------


@pytest.fixture
def elsewhere(make):
    """An enterprise the field cadre is not stationed at."""
    return make.enterprise("重庆璧山佳禾卫生材料有限公司", district="璧山区", park=None)


def attempts(session, enterprise_id: int):  # type: ignore[no-untyped-def]
    return {
        "licence": lambda actor: add_qualification(session, actor=actor,
                                                       enterprise_id=enterprise_id, kind="许可证"),
        "plan": lambda actor: set_holiday_plan(session, actor=actor, enterprise_id=enterprise_id,
                                                   start_date=date(2020, 1, 24), end_date=date(2020, 2, 9), shifts=1,
                                                   workers=10),
        "reserves": lambda actor: set_reserves(session, actor=actor, enterprise_id=enterprise_id,
                                                   lines=[ReserveInput(material_id=1, quantity=1, daily_use=1)]),
        "edit": lambda actor: svc.update_enterprise(session, actor=actor,
                                                    enterprise_id=enterprise_id, expected_version=1,
                                                    data=EnterpriseUpdate(notes="x"), park_name="新园区"),
    }


@pytest.mark.parametrize("what", ["licence", "plan", "reserves", "edit"])
def test_a_field_cadre_may_not_write_to_another_enterprise(session, field_cadre, elsewhere, row_counts, what) -> None:
    before = row_counts()
    with pytest.raises(PermissionDenied) as err:
        attempts(session, elsewhere.id)[what](field_cadre)
    assert err.value.message == "You are not stationed at this enterprise"
    assert row_counts() == before


@pytest.mark.parametrize("what", ["licence", "plan", "reserves", "edit"])
def test_a_viewer_writes_nothing(session, viewer, enterprise, row_counts, what) -> None:
    before = row_counts()
    with pytest.raises(PermissionDenied):
        attempts(session, enterprise.id)[what](viewer)
    assert row_counts() == before


def test_a_viewer_cannot_advance_a_licence(session, coordinator, viewer, enterprise) -> None:
    made = add_qualification(session, actor=coordinator, enterprise_id=enterprise.id, kind="医疗器械注册证")
    with pytest.raises(PermissionDenied):
        advance_qualification(session, actor=viewer, qualification_id=made.id, expected_version=1,
                                  status="green_channel")


def test_only_coordinators_create_enterprises(session, make, field_cadre) -> None:
    with pytest.raises(PermissionDenied):
        svc.create_enterprise(session, actor=field_cadre, data=EnterpriseCreate(
            name="重庆测试厂", district_id=make.district_id("南岸区")))


def test_every_new_command_is_audited_with_who(session, field_cadre, enterprise) -> None:
    set_holiday_plan(session, actor=field_cadre, enterprise_id=enterprise.id, start_date=date(2020, 1, 24),
                         end_date=date(2020, 2, 9), shifts=2, workers=100)
    session.rollback()
    [entry] = session.exec(select(AuditLog).where(AuditLog.table_name == "holidayplan")).all()
    assert (entry.login, entry.action) == (field_cadre.login, "create")
    assert json.loads(entry.changes)["workers"] == [None, 100]


# --- products ---------------------------------------------------------------------------------------


def test_products_are_added_changed_and_stopped_together(session, field_cadre, enterprise, row_counts) -> None:
    from models.enterprise import Enterprise, Product
    from models.services.enterprise_products import ProductInput, product_choices

    disp, surg = item(session, "MASK-DISP"), item(session)
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        set_products(session, actor=field_cadre, enterprise_id=enterprise.id, lines=[
            ProductInput(item_id=disp, daily_capacity=250_000), ProductInput(item_id=surg, daily_capacity="-1")])
    assert err.value.field == "daily_capacity"
    assert row_counts() == before
    set_products(session, actor=field_cadre, enterprise_id=enterprise.id, lines=[
        ProductInput(item_id=disp, daily_capacity="250,000"), ProductInput(item_id=surg, daily_capacity=None)])
    choices = {c.item_id: c for c in product_choices(session, enterprise_id=enterprise.id)}
    assert (choices[disp].capacity, choices[disp].version) == (250_000, 1)
    assert choices[surg].capacity is None and choices[surg].version is None  # blank and new: nothing made
    set_products(session, actor=field_cadre, enterprise_id=enterprise.id, lines=[
        ProductInput(item_id=disp, daily_capacity=None, expected_version=1)])
    session.rollback()
    row = session.exec(select(Product).where(Product.enterprise_id == enterprise.id)).one()
    assert (row.archived, row.version) == (True, 2)  # stopped, kept in history
    assert "kouzhao" not in session.get(Enterprise, enterprise.id).search_key
    with pytest.raises(ConflictError):  # the form saw no line, but one exists now
        set_products(session, actor=field_cadre, enterprise_id=enterprise.id, lines=[
            ProductInput(item_id=disp, daily_capacity=1, expected_version=0)])
