"""Enterprise commands: create and edit with validation, versions and audit, status history,
archiving, daily reports and reserves, and the pinyin search key."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from models.audit import AuditLog
from models.enterprise import DailyReport, Enterprise, EnterpriseCreate, EnterpriseUpdate
from models.errors import ConflictError, ValidationError
from models.history import EnterpriseStatusChange
from models.rules import days_of_cover
from models.services import enterprises as svc
from models.services.enterprise_products import set_product
from models.services.enterprise_reports import ReportLine, submit_report
from models.services.enterprise_reserves import set_reserve
from models.validation import credit_check_char


def stored(session, enterprise_id: int) -> Enterprise:
    """The enterprise as committed (a fresh read, not the object the service returned)."""
    session.rollback()
    return session.exec(select(Enterprise).where(Enterprise.id == enterprise_id)).one()


def audit_of(session, table: str, row_id: int) -> list[AuditLog]:
    session.rollback()
    return list(
        session.exec(
            select(AuditLog).where(AuditLog.table_name == table, AuditLog.row_id == row_id).order_by(AuditLog.id)
        )
    )


def item_id(session, code: str = "MASK-SURG") -> int:
    from models.reference import CatalogueItem

    return session.exec(select(CatalogueItem.id).where(CatalogueItem.code == code)).one()


# --- create ---------------------------------------------------------------------------------------


def test_create_stores_the_enterprise_its_status_and_audit(session, make, coordinator, frozen_clock) -> None:
    first17 = "91500108MA5UXY7K1"
    code = first17 + credit_check_char(first17)
    created = make.enterprise("茶园康护医疗用品有限公司", credit_code=code.lower(), phone="138-0000-0001")
    row = stored(session, created.id)
    assert (row.name, row.credit_code, row.phone) == ("茶园康护医疗用品有限公司", code.upper(), "13800000001")
    assert (row.status, row.version, row.archived) == ("not_resumed", 1, False)
    assert (row.created_by, row.created_at, row.updated_by) == (coordinator.login,
                                                                frozen_clock.moment, coordinator.login)
    history = session.exec(select(EnterpriseStatusChange).where(EnterpriseStatusChange.enterprise_id == row.id)).all()
    assert [(h.old_status, h.new_status, h.changed_by) for h in history] == [(None, "not_resumed", coordinator.login)]
    [entry] = audit_of(session, "enterprise", row.id)
    assert (entry.action, entry.login, entry.at) == ("create", coordinator.login, frozen_clock.moment)
    changes = json.loads(entry.changes)
    assert changes["name"] == [None, "茶园康护医疗用品有限公司"]
    assert changes["credit_code"] == [None, code.upper()]
    assert "version" not in changes and "search_key" not in changes


def create_data(make, **overrides) -> EnterpriseCreate:
    """Form data; built without pydantic's checks so that the service's own validation is what is tested."""
    values = {"name": "重庆测试口罩厂", "district_id": make.district_id("南岸区"), "credit_code": None}
    values.update(overrides)
    return EnterpriseCreate.model_construct(**values)


BAD_INPUT = {
    "wrong check character": ({"credit_code": "91350100M000100Y44"}, "credit_code"),
    "letter I in the credit code": ({"credit_code": "91350100M000100I43"}, "credit_code"),
    "short credit code": ({"credit_code": "91350100M0"}, "credit_code"),
    "bad phone": ({"phone": "2380000000"}, "phone"),
    "phone too short": ({"phone": "1380000"}, "phone"),
    "phone abroad too long for the card": ({"phone": "+44 20 7946 0958 123 456"}, "phone"),
    "empty name": ({"name": ""}, "name"),
    "blank name": ({"name": "   "}, "name"),
    "name with NUL": ({"name": "口罩\x00厂"}, "name"),
    "name too long": ({"name": "厂" * 201}, "name"),
    "district not one of the 38": ({"district_id": 9999}, "district_id"),
    "unknown status": ({"status": "flying"}, "status"),
}


@pytest.mark.parametrize(("overrides", "field"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_invalid_enterprise_is_refused_and_nothing_is_written(session, make, coordinator,
                                                              row_counts, overrides, field) -> None:
    data = create_data(make, **overrides)
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        svc.create_enterprise(session, actor=coordinator, data=data)
    assert err.value.field == field
    assert row_counts() == before


@pytest.mark.parametrize(("typed", "stored"), [("023-63000000", "023-63000000"), ("(023) 6300 0000", "02363000000"),
                                               ("138 0000 0001", "13800000001"), ("+49 30 1234567", "+49 30 1234567")])
def test_a_factory_office_is_reached_on_a_landline_too(session, make, coordinator, typed: str, stored: str) -> None:
    made = svc.create_enterprise(session, actor=coordinator, data=create_data(make, phone=typed))
    assert made.phone == stored


def test_credit_code_of_another_enterprise_is_refused(session, make, coordinator, enterprise, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        svc.create_enterprise(session, actor=coordinator,
                              data=create_data(make, credit_code=enterprise.credit_code.lower()))
    assert (err.value.field, err.value.message) == ("credit_code", "Another enterprise already has this credit code")
    assert row_counts() == before


def test_park_of_another_district_is_refused(session, make, coordinator, row_counts) -> None:
    liangjiang = make.park_id("两江新区", "渝北区")
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        svc.create_enterprise(session, actor=coordinator, data=create_data(make, park_id=liangjiang))
    assert (err.value.field, err.value.message) == ("park_id", "The park is not in this district")
    assert row_counts() == before


@pytest.mark.parametrize(
    "value",
    ["熔喷布 2 天 😷🧤", "Chayuan 茶园 Чайюань تشايوان", "'; DROP TABLE enterprise; --", "[bold red]急[/] {x} %s"],
)
def test_odd_text_is_stored_back_exactly(session, make, value) -> None:
    created = make.enterprise(value, notes=value, address=value[:200])
    row = stored(session, created.id)
    assert (row.name, row.notes, row.address) == (value, value, value)
    assert session.exec(select(Enterprise).where(Enterprise.name == value)).one().id == created.id


def test_lone_surrogate_is_refused_as_invalid_input(session, coordinator, enterprise, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                              data=EnterpriseUpdate(notes="bad \udcff byte"))
    assert err.value.field == "notes"
    assert row_counts() == before


# --- update ---------------------------------------------------------------------------------------


def test_update_bumps_the_version_and_audits_old_and_new(session, coordinator, enterprise, frozen_clock) -> None:
    later = frozen_clock.advance(hours=2)
    svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(phone="13900000002", contact_person="王芳"))
    row = stored(session, enterprise.id)
    assert (row.phone, row.contact_person, row.version, row.updated_at) == ("13900000002", "王芳", 2, later)
    entry = audit_of(session, "enterprise", enterprise.id)[-1]
    assert (entry.action, entry.login, entry.at) == ("update", coordinator.login, later)
    assert json.loads(entry.changes) == {"phone": ["13800000001", "13900000002"], "contact_person": ["刘敏", "王芳"]}


def test_update_with_a_stale_version_is_refused_with_the_current_values(session, coordinator, enterprise) -> None:
    svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(address="茶园新区通江大道 1 号"))
    audits = len(audit_of(session, "enterprise", enterprise.id))
    with pytest.raises(ConflictError) as err:
        svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                              data=EnterpriseUpdate(address="另一个地址"))
    assert (err.value.table, err.value.row_id) == ("enterprise", enterprise.id)
    assert err.value.current["version"] == 2
    assert err.value.current["address"] == "茶园新区通江大道 1 号"
    row = stored(session, enterprise.id)
    assert (row.address, row.version) == ("茶园新区通江大道 1 号", 2)
    assert len(audit_of(session, "enterprise", enterprise.id)) == audits


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"name": None}, "name"), ({"phone": "12345"}, "phone"), ({"district_id": None}, "district_id"),
     ({"credit_code": "91350100M000100Y44"}, "credit_code")],
)
def test_invalid_update_changes_nothing(session, coordinator, enterprise, row_counts, changes, field) -> None:
    before, row_before = row_counts(), stored(session, enterprise.id).model_dump()
    with pytest.raises(ValidationError) as err:
        svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                              data=EnterpriseUpdate(**changes))
    assert err.value.field == field
    assert row_counts() == before
    assert stored(session, enterprise.id).model_dump() == row_before


def test_update_keeping_its_own_credit_code_is_allowed(session, coordinator, enterprise) -> None:
    svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(credit_code=enterprise.credit_code, notes="核对"))
    assert stored(session, enterprise.id).notes == "核对"


def test_update_to_a_park_of_another_district_is_refused(session, make, coordinator, enterprise) -> None:
    chayuan = stored(session, enterprise.id).park_id
    elsewhere = make.park_id("两江新区", "渝北区")
    with pytest.raises(ValidationError) as err:
        svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                              data=EnterpriseUpdate(park_id=elsewhere))
    assert err.value.field == "park_id"
    assert stored(session, enterprise.id).park_id == chayuan != elsewhere


def test_moving_to_another_district_does_not_keep_the_old_park(session, make, coordinator, enterprise) -> None:
    yubei = make.district_id("渝北区")
    try:
        svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                              data=EnterpriseUpdate(district_id=yubei))
    except ValidationError as err:
        assert err.field == "park_id"
        return
    row = stored(session, enterprise.id)
    from models.parks import Park

    assert row.park_id is None or session.get(Park, row.park_id).district_id == yubei


# --- status and archive ---------------------------------------------------------------------------


def test_status_changes_keep_their_history(session, coordinator, field_cadre, enterprise, frozen_clock) -> None:
    svc.set_status(session, actor=field_cadre, enterprise_id=enterprise.id, expected_version=1, status="resumed")
    noon = frozen_clock.advance(hours=4)
    svc.set_status(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=2, status="full_load",
                   reason="三班倒")
    svc.set_status(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=3, status="full_load")
    row = stored(session, enterprise.id)
    assert (row.status, row.status_changed_at, row.version) == ("full_load", noon, 3)
    history = session.exec(
        select(EnterpriseStatusChange).where(EnterpriseStatusChange.enterprise_id == enterprise.id)
        .order_by(EnterpriseStatusChange.id)
    ).all()
    assert [(h.old_status, h.new_status, h.changed_by, h.reason) for h in history] == [
        (None, "not_resumed", coordinator.login, None),
        ("not_resumed", "resumed", field_cadre.login, None),
        ("resumed", "full_load", coordinator.login, "三班倒"),
    ]
    assert history[-1].changed_at == noon
    assert [a.action for a in audit_of(session, "enterprise", enterprise.id)] == ["create", "status", "status"]


def test_unknown_status_is_refused(session, coordinator, enterprise) -> None:
    with pytest.raises(ValidationError) as err:
        svc.set_status(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1, status="FULL")
    assert err.value.field == "status"
    assert stored(session, enterprise.id).status == "not_resumed"


def test_archive_needs_a_reason(session, coordinator, enterprise, row_counts) -> None:
    before = row_counts()
    for reason in (None, "  "):
        with pytest.raises(ValidationError) as err:
            svc.set_archived(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                             archived=True, reason=reason)
        assert (err.value.field, err.value.message) == ("reason", "Required")
    assert row_counts() == before
    assert stored(session, enterprise.id).archived is False


def test_archive_and_restore_are_audited_and_nothing_is_deleted(session, coordinator, enterprise) -> None:
    svc.set_archived(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1, archived=True,
                     reason="重复录入")
    row = stored(session, enterprise.id)
    assert (row.archived, row.archived_reason, row.version) == (True, "重复录入", 2)
    svc.set_archived(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=2, archived=False)
    assert stored(session, enterprise.id).archived is False
    entries = audit_of(session, "enterprise", enterprise.id)
    assert [e.action for e in entries] == ["create", "archive", "restore"]
    assert json.loads(entries[1].changes) == {"archived": [False, True], "archived_reason": [None, "重复录入"]}


# --- daily reports and reserves -------------------------------------------------------------------


@pytest.fixture
def makes_masks(session, coordinator, enterprise) -> None:
    """The sample enterprise makes surgical and disposable masks (reports are per product)."""
    for code in ("MASK-SURG", "MASK-DISP"):
        set_product(session, actor=coordinator, enterprise_id=enterprise.id, item_id=item_id(session, code),
                        daily_capacity=100_000)


def reports(session, enterprise_id: int) -> list[DailyReport]:
    session.rollback()
    return list(session.exec(select(DailyReport).where(DailyReport.enterprise_id == enterprise_id)
                             .order_by(DailyReport.id)))


def test_report_for_today_is_stored(makes_masks, session, field_cadre, enterprise, frozen_clock) -> None:
    surgical = item_id(session)
    submit_report(session, actor=field_cadre, enterprise_id=enterprise.id, report_date=frozen_clock.today(),
                      lines=[ReportLine(item_id=surgical, output="120,000", stock=30000, shipped=90000)])
    [row] = reports(session, enterprise.id)
    assert (row.item_id, row.report_date, row.output, row.stock, row.shipped) == (
        surgical, frozen_clock.today(), 120_000, 30_000, 90_000)
    assert (row.late_reason, row.created_by) == (None, field_cadre.login)


def test_report_for_an_earlier_date_needs_a_reason(makes_masks, session, field_cadre, enterprise,
                                                   frozen_clock, row_counts) -> None:
    yesterday = frozen_clock.today() - timedelta(days=1)
    line = ReportLine(item_id=item_id(session), output=100, stock=10)
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        submit_report(session, actor=field_cadre, enterprise_id=enterprise.id, report_date=yesterday, lines=[line])
    assert (err.value.field, err.value.message) == ("reason", "Required")
    assert row_counts() == before
    submit_report(session, actor=field_cadre, enterprise_id=enterprise.id, report_date=yesterday, lines=[line],
                      reason="昨晚断网")
    [row] = reports(session, enterprise.id)
    assert (row.report_date, row.late_reason) == (yesterday, "昨晚断网")


def test_report_for_a_future_date_is_refused(makes_masks, session, coordinator, enterprise,
                                             frozen_clock, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id,
                          report_date=frozen_clock.today() + timedelta(days=1), reason="提前",
                          lines=[ReportLine(item_id=item_id(session), output=1, stock=1)])
    assert err.value.field == "report_date"
    assert row_counts() == before


@pytest.mark.parametrize("field", ["output", "stock", "shipped"])
def test_negative_figures_are_refused_and_no_line_is_saved(makes_masks, session, coordinator, enterprise,
                                                           frozen_clock, row_counts, field) -> None:
    good = ReportLine(item_id=item_id(session, "MASK-DISP"), output=10, stock=10, shipped=0)
    bad = ReportLine(item_id=item_id(session), output=10, stock=10, shipped=0)
    setattr(bad, field, -1)
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id, report_date=frozen_clock.today(),
                          lines=[good, bad])
    assert (err.value.field, err.value.message) == (field, "Must not be negative")
    assert row_counts() == before


def test_resubmitting_a_report_from_a_stale_form_is_a_conflict(makes_masks, session, coordinator, field_cadre,
                                                               enterprise, frozen_clock) -> None:
    surgical, today = item_id(session), frozen_clock.today()
    [first] = submit_report(session, actor=field_cadre, enterprise_id=enterprise.id, report_date=today,
                                lines=[ReportLine(item_id=surgical, output=100, stock=10)])
    submit_report(session, actor=coordinator, enterprise_id=enterprise.id, report_date=today,
                      lines=[ReportLine(item_id=surgical, output=150, stock=10, expected_version=1)])
    with pytest.raises(ConflictError) as err:
        submit_report(session, actor=field_cadre, enterprise_id=enterprise.id, report_date=today,
                          lines=[ReportLine(item_id=surgical, output=120, stock=10, expected_version=1)])
    assert err.value.current["output"] == 150
    [row] = reports(session, enterprise.id)
    assert (row.id, row.output, row.version) == (first.id, 150, 2)


def test_report_for_an_unknown_item_is_a_validation_error(session, coordinator, enterprise, frozen_clock) -> None:
    with pytest.raises(ValidationError) as err:
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id, report_date=frozen_clock.today(),
                          lines=[ReportLine(item_id=99999, output=1, stock=1)])
    assert err.value.field == "item_id"


def test_report_for_an_item_the_enterprise_does_not_make_is_refused(makes_masks, session, coordinator, enterprise,
                                                                    frozen_clock, row_counts) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id, report_date=frozen_clock.today(),
                          lines=[ReportLine(item_id=item_id(session, "SUIT"), output=1, stock=1)])
    assert (err.value.field, err.value.message) == ("item_id", "This enterprise does not make that item")
    assert row_counts() == before


@pytest.mark.parametrize(("quantity", "daily_use", "field"), [(-1, 1, "quantity"), (5, "-0.5", "daily_use"),
                                                              ("abc", 1, "quantity")])
def test_reserve_figures_are_validated(session, coordinator, enterprise, row_counts,
                                       quantity, daily_use, field) -> None:
    before = row_counts()
    with pytest.raises(ValidationError) as err:
        set_reserve(session, actor=coordinator, enterprise_id=enterprise.id, material_id=2, quantity=quantity,
                        daily_use=daily_use)
    assert err.value.field == field
    assert row_counts() == before


def test_reserve_is_stored_and_gives_days_of_cover(session, field_cadre, enterprise) -> None:
    reserve = set_reserve(session, actor=field_cadre, enterprise_id=enterprise.id, material_id=2, quantity=4,
                              daily_use=2)
    session.rollback()
    assert (reserve.quantity, reserve.daily_use, reserve.version) == (4, 2, 1)
    assert days_of_cover(reserve.quantity, reserve.daily_use) == 2
    assert days_of_cover(5, 0) is None


# --- search key -----------------------------------------------------------------------------------


def test_search_key_holds_pinyin_and_initials(session, enterprise) -> None:
    row = stored(session, enterprise.id)
    key = row.search_key.split("|")
    assert "茶园康护" in key
    assert "chayuankanghu" in key and "cykh" in key
    assert "chayuan" in row.search_key
    assert enterprise.credit_code.lower() in key
    assert "南岸区" in key and "nananqu" in key and "cyxq" in key
    assert row.sort_key.startswith("chayuankanghu")


def test_search_key_follows_renames_and_products(session, coordinator, enterprise) -> None:
    svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(name="渝康防护用品厂", short_name=None))
    set_product(session, actor=coordinator, enterprise_id=enterprise.id, item_id=item_id(session),
                    daily_capacity=50_000)
    row = stored(session, enterprise.id)
    assert "ykfhypc" in row.search_key and "yikangfanghu" not in row.search_key
    assert "cykh" not in row.search_key
    assert "yiyongwaikekouzhao" in row.search_key  # 医用外科口罩, the product
    assert "surgical mask" in row.search_key  # and its English name
    assert row.sort_key == "yukangfanghuyongpinchang"


@pytest.mark.parametrize(("lang", "shown"), [
    # the larger capacity first; equal capacities in catalogue order, the same on every database
    ("en", "Disposable medical mask, Surgical mask"), ("zh", "一次性使用医用口罩、医用外科口罩")])
def test_the_directory_names_the_products_in_the_language_shown(makes_masks, session, enterprise, lang, shown) -> None:
    from models.services.enterprise_list import details
    from tui import i18n
    from tui.enterprises.screen import COLUMNS

    [row] = details(session, ids=[enterprise.id])
    products = next(c for c in COLUMNS if c.key == "products")
    i18n.set_language(lang)
    try:
        text = str(products.render(row))
    finally:
        i18n.set_language("en")
    assert text == shown
