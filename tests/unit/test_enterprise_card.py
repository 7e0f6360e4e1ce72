"""The card read model, the report sheet, city-wide supply of an item, and the directory's quick
filters and sorts: what the enterprise screens show, computed from data written through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models.enterprise import EnterpriseUpdate
from models.errors import NotFoundError
from models.reference import CatalogueItem
from models.services import enterprise_card as read
from models.services import enterprises as svc
from models.services.enterprise_licences import add_qualification
from models.services.enterprise_list import count_enterprises, list_enterprises
from models.services.enterprise_plans import set_holiday_plan
from models.services.enterprise_products import item_supply, set_product
from models.services.enterprise_reports import ReportLine, report_sheet, submit_report
from models.services.enterprise_reserves import set_reserve
from models.services.paging import PageRequest
from models.supply import Material


def item(session, code: str) -> int:
    return session.exec(select(CatalogueItem.id).where(CatalogueItem.code == code)).one()


def material(session, code: str) -> int:
    return session.exec(select(Material.id).where(Material.code == code)).one()


@pytest.fixture
def chayuan(frozen_clock, session, coordinator, enterprise, field_cadre):
    """茶园康护 as in the case: masks at full load, a week of reports, melt-blown fabric for 2 days,
    two licences in the green channel, a holiday plan, its cadre on site and an open shortage."""
    from models.services.checkins import check_in
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate

    disp, surg = item(session, "MASK-DISP"), item(session, "MASK-SURG")
    set_product(session, actor=coordinator, enterprise_id=enterprise.id, item_id=disp, daily_capacity=250_000)
    today = frozen_clock.today()
    for back in range(6, 0, -1):  # six days up to yesterday; today not reported yet
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id,
                          report_date=today - timedelta(days=back),
                          lines=[ReportLine(item_id=disp, output=200_000 + back * 1000, stock=50_000 + back,
                                            shipped=190_000)], reason="补录")
    svc.set_status(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=enterprise.version,
                   status="full_load", reason="满负荷生产")
    set_reserve(session, actor=coordinator, enterprise_id=enterprise.id, material_id=material(session, "MELTBLOWN"),
                    quantity=0.5, daily_use=0.25)
    set_reserve(session, actor=coordinator, enterprise_id=enterprise.id, material_id=material(session, "NONWOVEN"),
                    quantity=30, daily_use=2)
    for code in ("MASK-SURG", "GLOVE"):
        add_qualification(session, actor=coordinator, enterprise_id=enterprise.id, item_id=item(session, code),
                              kind="医疗器械注册证（应急审批）", status="green_channel",
                              applied_on=today - timedelta(days=3))
    set_holiday_plan(session, actor=coordinator, enterprise_id=enterprise.id, start_date=today - timedelta(days=9),
                         end_date=today + timedelta(days=7), shifts=3, workers=180, notes="三班倒")
    check_in(session, actor=field_cadre, enterprise_id=enterprise.id)
    report_shortage(session, actor=field_cadre, data=ShortageCreate(
        enterprise_id=enterprise.id, kind="raw_material", material_id=material(session, "MELTBLOWN"), quantity=5,
        unit="吨", severity="critical", description="熔喷布库存仅够2天生产"))
    return enterprise, disp, surg


def test_the_card_of_chayuan(session, chayuan, field_cadre, frozen_clock) -> None:
    enterprise, disp, _ = chayuan
    today = frozen_clock.today()
    got = read.card(session, enterprise_id=enterprise.id)
    assert (got.identity.name, got.identity.short_name, got.identity.district, got.identity.park) == (
        "茶园康护医疗用品有限公司", "茶园康护", "南岸区", "茶园新区")
    assert (got.identity.contact_person, got.identity.phone,
            got.identity.status) == ("刘敏", "13800000001", "full_load")
    assert [(h.old, h.new, h.reason) for h in got.history] == [("not_resumed", "full_load", "满负荷生产"),
                                                                 (None, "not_resumed", "")]
    [product] = got.products
    assert (product.item_id, product.capacity, product.latest_date,
            product.output) == (disp, 250_000, today - timedelta(days=1), 201_000)
    assert product.trend == (206_000, 205_000, 204_000, 203_000, 202_000, 201_000, None)
    assert (product.city_demand, product.city_capacity, product.severely_short) == (600_000, 250_000, False)
    melt, nonwoven = got.reserves  # scarcest first
    assert (melt.name, melt.cover_days, melt.low) == ("熔喷布", 2.0, True)
    assert (nonwoven.cover_days, nonwoven.low) == (15.0, False)
    assert [(lic.item, lic.status, lic.pending) for lic in got.licences] == [
        ("医用外科口罩", "green_channel", True), ("医用手套", "green_channel", True)]
    [plan] = got.plans
    assert (plan.shifts, plan.workers, plan.notes) == (3, 180, "三班倒")
    assert [c.name for c in got.cadres] == ["liqiang"] and got.stationed_ids == {field_cadre.cadre_id}
    assert [(v.cadre, v.check_out) for v in got.on_site] == [("liqiang", None)]
    assert len(got.visits) == 1
    [shortage] = got.shortages
    assert (shortage.kind, shortage.what, shortage.severity,
            shortage.status) == ("raw_material", "熔喷布", "critical", "open")


def test_the_card_reads_the_latest_report_before_the_trend(session, coordinator, enterprise, frozen_clock) -> None:
    """The card reads the trend's days by (enterprise, item, date); a product last reported before them
    still shows that report, one reported after ``today`` (back-dated entry of a later day) is not shown."""
    disp, suit = item(session, "MASK-DISP"), item(session, "SUIT")
    today = frozen_clock.today()
    for code in (disp, suit):
        set_product(session, actor=coordinator, enterprise_id=enterprise.id, item_id=code, daily_capacity=1000)
    for back, line in ((40, ReportLine(item_id=suit, output=7, stock=70, shipped=1)),
                       (30, ReportLine(item_id=suit, output=8, stock=80, shipped=2)),
                       (2, ReportLine(item_id=disp, output=9, stock=90, shipped=3))):
        submit_report(session, actor=coordinator, enterprise_id=enterprise.id,
                      report_date=today - timedelta(days=back), lines=[line], reason="补录")
    products = {p.item_id: p for p in read.card(session, enterprise_id=enterprise.id).products}
    assert (products[suit].latest_date, products[suit].stock, products[suit].trend) == (
        today - timedelta(days=30), 80, (None,) * 7)
    assert (products[disp].latest_date, products[disp].output) == (today - timedelta(days=2), 9)
    assert products[disp].trend == (None, None, None, None, 9, None, None)
    earlier = read.card(session, enterprise_id=enterprise.id, today=today - timedelta(days=35))
    assert {p.item_id: p.latest_date for p in earlier.products} == {suit: today - timedelta(days=40), disp: None}


def test_a_card_of_an_unknown_enterprise_is_not_found(session) -> None:
    with pytest.raises(NotFoundError):
        read.card(session, enterprise_id=4242)


def test_the_report_sheet_is_prefilled_from_the_last_report(session, chayuan, coordinator, frozen_clock) -> None:
    enterprise, disp, _ = chayuan
    today = frozen_clock.today()
    sheet = report_sheet(session, enterprise_id=enterprise.id, report_date=today)
    [line] = sheet.lines
    assert (line.output, line.stock, line.shipped, line.version, line.source) == (
        201_000, 50_001, 190_000, None, today - timedelta(days=1))
    assert not sheet.reported
    submit_report(session, actor=coordinator, enterprise_id=enterprise.id, report_date=today,
                      lines=[ReportLine(item_id=disp, output=240_000, stock=60_000, shipped=230_000)])
    [line] = report_sheet(session, enterprise_id=enterprise.id, report_date=today).lines
    assert (line.output, line.version, line.source) == (240_000, 1, today)


def test_the_report_sheet_of_a_new_maker_starts_at_zero(session, coordinator, enterprise, frozen_clock) -> None:
    set_product(session, actor=coordinator, enterprise_id=enterprise.id, item_id=item(session, "SUIT"),
                    daily_capacity=1000)
    [line] = report_sheet(session, enterprise_id=enterprise.id, report_date=frozen_clock.today()).lines
    assert (line.output, line.stock, line.shipped, line.version, line.source) == (0, 0, 0, None, None)


def test_item_supply_sums_capacity_against_demand(session, chayuan, make, coordinator) -> None:
    _, _, surg = chayuan
    other = make.enterprise("重庆双福医疗用品有限公司", district="江津区", park=None)
    set_product(session, actor=coordinator, enterprise_id=other.id, item_id=surg, daily_capacity=150_000)
    archived = make.enterprise("重庆旧厂", park=None)
    set_product(session, actor=coordinator, enterprise_id=archived.id, item_id=surg, daily_capacity=99_000)
    svc.set_archived(session, actor=coordinator, enterprise_id=archived.id, expected_version=archived.version,
                     archived=True, reason="重复")
    supply = item_supply(session, item_id=surg)
    assert (supply.name, supply.demand, supply.capacity, supply.makers, supply.severely_short) == (
        "医用外科口罩", 400_000, 150_000, 1, True)


def test_item_supply_counts_todays_output_of_a_maker_archived_since(session, directory, coordinator) -> None:
    """The filter line's output today agrees with the dashboard's: an enterprise archived after it
    reported still counts for the day it reported; its capacity no longer does."""
    _, yubei, _ = directory  # reported 1,900 suits today
    suit = item(session, "SUIT")
    svc.set_archived(session, actor=coordinator, enterprise_id=yubei.id, expected_version=yubei.version,
                     archived=True, reason="并入他厂")
    supply = item_supply(session, item_id=suit)
    assert (supply.output_today, supply.capacity, supply.makers) == (1900, 0, 0)


# --- the directory's quick filters and sorts -----------------------------------------------------


def names(session, **request) -> list[str]:
    page = list_enterprises(session, request=PageRequest(limit=100, **request))
    assert count_enterprises(session, request=PageRequest(**request)) == len(page.rows)
    return [row.name for row in page.rows]


@pytest.fixture
def directory(session, chayuan, make, coordinator):
    """茶园康护 and two others: 渝北 makes suits and reported today; 江津 is short of labour."""
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate

    yubei = make.enterprise("重庆两江瑞康防护用品有限公司", district="渝北区", park=None)
    set_product(session, actor=coordinator, enterprise_id=yubei.id,
                    item_id=item(session, "SUIT"), daily_capacity=2000)
    submit_report(session, actor=coordinator, enterprise_id=yubei.id, report_date=make_today(),
                      lines=[ReportLine(item_id=item(session, "SUIT"), output=1900, stock=300)])
    jiangjin = make.enterprise("重庆双福医疗用品有限公司", district="江津区", park=None)
    report_shortage(session, actor=coordinator, data=ShortageCreate(enterprise_id=jiangjin.id, kind="labour",
                                                                     quantity=30, description="缺熟练工人"))
    return chayuan[0], yubei, jiangjin


def make_today():  # type: ignore[no-untyped-def]
    from models import clock

    return clock.today()


def test_quick_filters(session, directory, make) -> None:
    chayuan, yubei, jiangjin = directory
    assert names(session, filters={"district_id": make.district_id("渝北区")}) == [yubei.name]
    assert names(session, filters={"status": "full_load"}) == [chayuan.name]
    assert names(session, filters={"item_id": item(session, "SUIT")}) == [yubei.name]
    assert names(session, filters={"has_shortage": True}) == [chayuan.name, jiangjin.name]
    assert names(session, filters={"shortage_kind": "labour"}) == [jiangjin.name]
    assert names(session, filters={"not_reported": True}) == [chayuan.name]  # 江津 makes nothing: nothing to report
    assert names(session, filters={"licence_pending": True}) == [chayuan.name]
    assert names(session, filters={"low_cover": True}) == [chayuan.name]
    assert names(session, filters={"has_shortage": True, "district_id": make.district_id("江津区")}) == [jiangjin.name]


def test_archived_enterprises_leave_the_list_unless_asked_for(session, directory, coordinator) -> None:
    _, yubei, _ = directory
    svc.set_archived(session, actor=coordinator, enterprise_id=yubei.id,
                     expected_version=yubei.version + 0, archived=True,
                     reason="重复录入")
    assert yubei.name not in names(session)
    assert yubei.name in names(session, filters={"archived": True})


@pytest.mark.parametrize(("sort", "descending", "first"), [
    ("output", True, "重庆两江瑞康防护用品有限公司"),  # the only one with output today
    ("cover", False, "茶园康护医疗用品有限公司"),  # 2 days; the others have no reserves and sort last
    ("shortages", False, "重庆两江瑞康防护用品有限公司"),  # the only one without
    ("products", False, "茶园康护医疗用品有限公司"),  # disposable masks come first in the catalogue
    ("reported", True, "重庆两江瑞康防护用品有限公司"),
    ("cadre", False, "茶园康护医疗用品有限公司"),  # the only one with a stationed cadre
])
def test_every_figure_sorts(session, directory, sort, descending, first) -> None:
    assert names(session, sort=sort, descending=descending)[0] == first


def test_products_are_found_by_their_english_names(session, directory) -> None:
    chayuan, yubei, _ = directory
    assert names(session, query="mask") == [chayuan.name]
    assert names(session, query="protective") == [yubei.name]  # a protective suit


def test_filtered_by_an_item_each_row_shows_that_items_output_and_capacity(session, directory, coordinator,
                                                                            frozen_clock) -> None:
    """The drill-down from an item: the figures beside each name are the item's, not the maker's total."""
    chayuan, _, _ = directory
    disp, surg = item(session, "MASK-DISP"), item(session, "MASK-SURG")
    set_product(session, actor=coordinator, enterprise_id=chayuan.id, item_id=surg, daily_capacity=150_000)
    submit_report(session, actor=coordinator, enterprise_id=chayuan.id, report_date=frozen_clock.today(),
                  lines=[ReportLine(item_id=disp, output=200_000, stock=0), ReportLine(item_id=surg, output=90_000,
                                                                                         stock=0)])

    def figures(**filters):  # type: ignore[no-untyped-def]
        [row] = [r for r in list_enterprises(session, request=PageRequest(filters=filters)).rows if r.id == chayuan.id]
        return row.output_today, row.capacity

    assert figures() == (290_000, 400_000)  # the whole enterprise
    assert figures(item_id=surg) == (90_000, 150_000)
    assert figures(item_id=disp) == (200_000, 250_000)
    first = list_enterprises(session, request=PageRequest(filters={"item_id": surg}, sort="output",
                                                          descending=True)).rows[0]
    assert first.id == chayuan.id


def test_the_identity_follows_edits(session, coordinator, enterprise) -> None:
    svc.update_enterprise(session, actor=coordinator, enterprise_id=enterprise.id, expected_version=1,
                          data=EnterpriseUpdate(address="茶园新区通江大道 1 号"))
    got = read.identity(session, enterprise_id=enterprise.id)
    assert (got.address, got.version, got.updated_by) == ("茶园新区通江大道 1 号", 2, coordinator.login)
