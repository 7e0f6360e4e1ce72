"""The directory and the card at 80×24, driven by keys: scenario 3 (filter by ``cy`` or ``口罩``,
capacity against city demand, who is short of labour), the quick filters, the card's sections, its
open shortages one key away, status, archive and licence steps, and who may do what.

``chayuan`` fills 茶园康护 the way the case has it (also used by the form and snapshot tests).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from models.settings import Settings, install
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.screen import EnterpriseListScreen

from .conftest import SAMPLE_NAME, notifications, press_text, screen_text, settle

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the screens, not live updates (tests/functional/test_live_updates.py):
    no poll of the change marker lands at a random moment, such as while the app shuts down."""
    install(Settings(poll_seconds=3600.0))
SUPPLIER = "重庆江北防护用品有限公司"  # one of the directory's makers; it makes surgical masks here


def fill_chayuan(db, coord) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """茶园康护 as on 3 Feb 2020: a week of output, melt-blown fabric for 2 days, two licences in the
    green channel, a holiday plan, 李强 stationed and on site, a critical and a labour shortage.
    Another maker makes surgical masks. Returns the ids the tests need."""
    from models import clock
    from models.enterprise import Enterprise
    from models.people import CadreCreate
    from models.reference import CatalogueItem
    from models.services import enterprises as svc
    from models.services.cadres import create_cadre, station
    from models.services.checkins import check_in
    from models.services.enterprise_licences import add_qualification
    from models.services.enterprise_plans import set_holiday_plan
    from models.services.enterprise_products import set_product
    from models.services.enterprise_reports import ReportLine, submit_report
    from models.services.enterprise_reserves import ReserveInput, set_reserves
    from models.services.identity import resolve_actor
    from models.services.shortages import report_shortage
    from models.shortage import ShortageCreate
    from models.supply import Material

    with db.session() as s:
        ent = s.exec(select(Enterprise).where(Enterprise.name == SAMPLE_NAME)).one()
        other = s.exec(select(Enterprise).where(Enterprise.name == SUPPLIER)).one()
        item = dict(s.exec(select(CatalogueItem.code, CatalogueItem.id)).all())
        mat = dict(s.exec(select(Material.code, Material.id)).all())
        disp, today = item["MASK-DISP"], clock.today()
        set_product(s, actor=coord, enterprise_id=ent.id, item_id=disp, daily_capacity=250_000)
        set_product(s, actor=coord, enterprise_id=other.id, item_id=item["MASK-SURG"], daily_capacity=150_000)
        for back, out in zip(range(6, 0, -1), (150_000, 180_000, 240_000, 248_000, 245_000, 250_000), strict=True):
            submit_report(s, actor=coord, enterprise_id=ent.id, report_date=today - timedelta(days=back),
                              lines=[ReportLine(item_id=disp, output=out, stock=60_000, shipped=out - 2_000)],
                              reason="补录")
        svc.set_status(s, actor=coord, enterprise_id=ent.id, expected_version=s.get(Enterprise, ent.id).version,
                       status="full_load", reason="满负荷生产")
        set_reserves(s, actor=coord, enterprise_id=ent.id, lines=[
            ReserveInput(material_id=mat["NONWOVEN"], quantity=7.5, daily_use=0.75),
            ReserveInput(material_id=mat["MELTBLOWN"], quantity=0.5, daily_use=0.25),
            ReserveInput(material_id=mat["NOSE-STRIP"], quantity=250, daily_use=25)])
        licences = [add_qualification(s, actor=coord, enterprise_id=ent.id, item_id=item[code],
                                          kind="医疗器械注册证（应急审批）", status="green_channel",
                                          applied_on=today - timedelta(days=3)).id for code in ("MASK-SURG", "GLOVE")]
        set_holiday_plan(s, actor=coord, enterprise_id=ent.id, start_date=today - timedelta(days=9),
                             end_date=today + timedelta(days=7), shifts=3, workers=180,
                             notes="春节假期连续生产，三班倒")
        create_cadre(s, actor=coord, data=CadreCreate(name="李强", login="liqiang", role="field_cadre",
                                                      phone="13900000002"))
        create_cadre(s, actor=coord, data=CadreCreate(name="王芳", login="wangfang", role="field_cadre"))
        liqiang = resolve_actor(s, login="liqiang")
        station(s, actor=coord, cadre_id=liqiang.cadre_id, enterprise_id=ent.id, start=today - timedelta(days=10))
        station(s, actor=coord, cadre_id=resolve_actor(s, login="wangfang").cadre_id, enterprise_id=other.id,
                start=today - timedelta(days=10))
        check_in(s, actor=liqiang, enterprise_id=ent.id)
        melt = report_shortage(s, actor=liqiang, data=ShortageCreate(
            enterprise_id=ent.id, kind="raw_material", material_id=mat["MELTBLOWN"], quantity=5, unit="吨",
            severity="critical", need_by=today + timedelta(days=2),
            description="熔喷布库存仅够2天生产，需紧急协调采购"))
        report_shortage(s, actor=liqiang, data=ShortageCreate(
            enterprise_id=ent.id, kind="labour", quantity=30, unit="人", severity="high",
            description="缺熟练工人30名，影响满负荷生产"))
        return {"enterprise": ent.id, "other": other.id, "shortage": melt.id, "licence": licences[0]}


@pytest.fixture
def chayuan(desk_db, coord) -> dict[str, int]:
    return fill_chayuan(desk_db, coord)


def table_of(app):  # type: ignore[no-untyped-def]
    from tui.widgets import PagedTable

    return app.screen.query_one(PagedTable)


async def open_card(pilot, query: str = "cykh") -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    await press_text(pilot, query)
    await pilot.press("enter", "enter")  # leave the filter, open the row
    await settle(pilot)
    assert isinstance(pilot.app.screen, EnterpriseCardScreen)


async def whole_card(pilot) -> str:  # type: ignore[no-untyped-def]
    """Everything on the card, page by page, as the user scrolls it (80×24)."""
    seen = [screen_text(pilot.app)]
    for _ in range(4):
        await pilot.press("pagedown")
        await settle(pilot)
        seen.append(screen_text(pilot.app))
    return "\n".join(seen)


async def pick(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """In an open ChoiceDialog: type to narrow, enter picks the first match."""
    await press_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


# --- scenario 3 -----------------------------------------------------------------------------------


async def test_cy_finds_chayuan_and_its_card_shows_every_section(app, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await press_text(pilot, "cy")  # 茶园 and a few others (永川: cqYCylqx…, a credit code ending in cy)
        assert table_of(app).total < 10 and table_of(app).cursor_row.name == SAMPLE_NAME
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        first = screen_text(app)
        assert SAMPLE_NAME in first.splitlines()[1]
        assert "Full load · 南岸区 · 茶园新区 · 2 open shortages · reserves under 3 days" in first
        shown = await whole_card(pilot)
    assert re.search(r"Contact person\s+刘敏 13800000001", shown)
    assert re.search(r"Not resumed → Full load\s+coord\s+满负荷生产", shown)
    assert re.search(r"Disposable medical mask\s+250k\s+250k\s+60k\s+▅▆████·", shown)  # 7 days; today not in yet
    assert "City: demand 600k/day, capacity 250k/day  last report 02-02" in shown
    assert re.search(r"Melt-blown fabric\s+0\.5\s+0\.25\s+t\s+2\.0d\s+under 3 days", shown)  # the unit a column
    assert re.search(r"● Green channel\s+Surgical mask", shown)
    assert re.search(r"● Green channel\s+Medical gloves", shown)
    assert "2020-01-25 – 2020-02-10  3 shifts, 180 workers  春节假期连续生产，三班倒" in shown
    assert re.search(r"Stationed\s+李强\s+13900000002\s+since 01-24", shown)
    assert re.search(r"On site now\s+李强 since 02-03 07:50", shown)
    assert "● Critical  Raw material Melt-blown fabric  Open" in shown and "● High  Labour  Open" in shown


async def test_typing_kouzhao_lists_the_mask_makers(app, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await press_text(pilot, "口罩")
        table = table_of(app)
        assert table.total == 2
        assert {table._row_at(0).name, table._row_at(1).name} == {SAMPLE_NAME, SUPPLIER}


@pytest.mark.parametrize(("lang", "makes", "filters", "city_wide", "short"), [
    ("en", "makes", "Filters: makes Surgical mask",
     "Surgical mask city-wide: capacity 150k/day against demand 400k/day", "severely short"),
    ("zh", "sc", "筛选：生产医用外科口罩", "医用外科口罩全市：日产能 15万，日需求 40万", "严重紧缺"),
])
async def test_the_item_filter_shows_capacity_against_city_demand(make_desk_app, chayuan, lang, makes, filters,
                                                                   city_wide, short) -> None:
    app = make_desk_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pick(pilot, makes)
        await pick(pilot, "wkkz")  # 医用外科口罩, by the initials of 外科口罩, in either language
        shown = screen_text(app)
        assert table_of(app).total == 1 and table_of(app).cursor_row.name == SUPPLIER
        assert filters in shown
        assert city_wide in shown
        assert short in shown


async def test_quick_filters_find_who_is_short_of_labour_and_x_clears(app, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = table_of(app).total
        await pilot.press("f")
        await settle(pilot)
        await pick(pilot, "open shortages")
        await pick(pilot, "labour")
        table = table_of(app)
        assert table.total == 1 and table.cursor_row.name == SAMPLE_NAME
        assert "Filters: short of: Labour" in screen_text(app)
        for label, expected in (("licence pending", 1), ("not reported", 1)):
            await pilot.press("f")
            await settle(pilot)
            await pick(pilot, label)
            assert table.total == expected
        assert "short of: Labour · Licence pending · Not reported today" in screen_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert table.total == total
        assert "Filters" not in screen_text(app)


async def test_the_district_and_status_filters(zh_app, chayuan) -> None:
    async with zh_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pick(pilot, "qx")  # 区县
        await pick(pilot, "naq")  # 南岸区
        table = table_of(zh_app)
        assert table.total == 4 and table.cursor_row.name == SAMPLE_NAME  # and three 重庆南岸… makers
        await pilot.press("f")
        await settle(pilot)
        await pick(pilot, "zt")  # 状态
        await pick(pilot, "wfg")  # 未复工: the three others (茶园康护 runs at full load)
        shown = screen_text(zh_app)
        assert "筛选：南岸区 · 未复工" in shown
        rows = [line for line in shown.splitlines() if line.startswith(("重庆", "茶园"))]
        assert len(rows) == table.total == 3
        assert all("南岸区" in row and "未复工" in row for row in rows)


# --- the card's keys --------------------------------------------------------------------------------


async def test_an_open_shortage_is_one_key_away(app, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("enter")  # the first open shortage
        await settle(pilot)
        assert type(app.screen).__name__ == "ShortageDetailScreen"
        assert app.screen.shortage_id == chayuan["shortage"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "tab", "enter")  # the second one, through the focus
        await settle(pilot)
        assert type(app.screen).__name__ == "ShortageDetailScreen"
        assert app.screen.shortage_id != chayuan["shortage"]


async def test_a_missing_shortage_screen_is_reported_not_raised(app, chayuan, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "tui.shortages.detail", None)  # import fails
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        assert "The shortage screen is not available in this version" in [n.message for n in notifications(app)]


async def test_status_change_keeps_its_history(app, chayuan, desk_db) -> None:
    from models.enterprise import Enterprise
    from models.history import EnterpriseStatusChange

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pick(pilot, "stopped")
        await press_text(pilot, "熔喷布断供")
        await pilot.press("enter")
        await settle(pilot)
        assert "Stopped · 南岸区" in screen_text(app)
    with desk_db.session() as s:
        assert s.get(Enterprise, chayuan["enterprise"]).status == "stopped"
        last = s.exec(select(EnterpriseStatusChange).order_by(EnterpriseStatusChange.id.desc())).first()
        assert (last.old_status, last.new_status, last.reason, last.changed_by) == ("full_load",
                                                                                    "stopped", "熔喷布断供", "coord")


async def test_a_step_on_a_card_changed_meanwhile_saves_nothing_and_shows_it_as_it_is(desk, chayuan, desk_db,
                                                                                       coord) -> None:
    from models.enterprise import Enterprise
    from models.services.enterprises import set_status

    async with desk:
        await desk.open_card("cykh")
        with desk_db.session() as s:  # another session sets it resumed while the card is on screen
            set_status(s, actor=coord, enterprise_id=chayuan["enterprise"],
                       expected_version=s.get(Enterprise, chayuan["enterprise"]).version, status="resumed")
        await desk.press("t")
        await desk.answer("stopped")
        await desk.answer("")  # no reason
        assert isinstance(desk.screen, EnterpriseCardScreen)
        assert "Someone else changed this enterprise meanwhile; nothing was saved." in " ".join(desk.notices())
        assert "Resumed · 南岸区" in desk.text()
    with desk_db.session() as s:
        assert s.get(Enterprise, chayuan["enterprise"]).status == "resumed"


async def test_a_licence_moves_from_the_green_channel_to_held(app, chayuan, desk_db) -> None:
    from models.licences import Qualification

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pick(pilot, "surgical")
        await pick(pilot, "held")
        await press_text(pilot, "渝械注准20202140001")
        await pilot.press("enter")
        await settle(pilot)
        assert re.search(r"● Held\s+Surgical mask", await whole_card(pilot))
    with desk_db.session() as s:
        row = s.get(Qualification, chayuan["licence"])
        assert (row.status, str(row.granted_on), row.number) == ("held", "2020-02-03", "渝械注准20202140001")


async def test_archive_takes_it_off_the_list_until_asked_for(app, chayuan) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("enter")  # no reason: refused by the dialog
        await settle(pilot)
        assert "Required" in screen_text(app)
        await press_text(pilot, "重复录入")
        await pilot.press("enter")
        await settle(pilot)
        assert screen_text(app).splitlines()[2].startswith(" Archived · Full load")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        table = table_of(app)
        assert table.total == 0  # the "cykh" filter: the only match is archived
        await pilot.press("f")
        await settle(pilot)
        await pick(pilot, "archived")
        assert table.total == 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")  # restore
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "Full load · 南岸区" in screen_text(app).splitlines()[2]
        await pilot.press("escape", "x")
        await settle(pilot)
        assert table.total == 1 and table.request.filters == {}  # back in the list without asking


# --- who may do what --------------------------------------------------------------------------------


def footer_keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {active.binding.action for active in app.screen.active_bindings.values()}


async def test_a_viewer_gets_no_write_keys(make_desk_app, chayuan, desk_db) -> None:
    app = make_desk_app(login="visitor")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "new" not in footer_keys(app) and "edit" not in footer_keys(app)
        await open_card(pilot)
        keys = footer_keys(app)
        assert not keys & {"edit", "report", "reserves", "licences", "holiday", "status", "archive", "new_shortage"}
        for key in "ertmlhan":
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, EnterpriseCardScreen), key
        assert "e Edit" not in screen_text(app)


async def test_a_field_cadre_edits_only_where_stationed(make_desk_app, chayuan) -> None:
    app = make_desk_app(login="wangfang")  # stationed at the other maker, not at 茶园康护
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert "new" not in footer_keys(app) and "archive" not in footer_keys(app)
        await open_card(pilot)
        assert "e Edit" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        assert [n.message for n in notifications(app)] == ["You are not stationed at this enterprise"]
        app.clear_notifications()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # from the list, too
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        assert [n.message for n in notifications(app)] == ["You are not stationed at this enterprise"]


async def test_a_stationed_field_cadre_may_report(make_desk_app, chayuan) -> None:
    from tui.enterprises.report import ReportFormScreen

    app = make_desk_app(login="liqiang")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReportFormScreen)


# --- layout ---------------------------------------------------------------------------------------------


async def test_a_wide_terminal_shows_the_sections_side_by_side(app, chayuan) -> None:
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(pilot)
        await open_card(pilot)
        lines = screen_text(app).splitlines()
        assert app.screen.has_class("-wide")
        assert any(re.search(r"Identity\s{20,}Production", line) for line in lines)
        assert any("Open shortages" in line for line in lines)  # all of it on one screen


async def test_a_chinese_card_asks_for_no_missing_id(zh_app, chayuan) -> None:
    import tui.i18n as i18n

    i18n._missing.clear()
    async with zh_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_card(pilot)
        shown = await whole_card(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
    assert i18n.missing() == set()
    assert "满负荷 · 南岸区 · 茶园新区 · 2 条未解决短缺 · 原料不足 3 天" in shown
    assert re.search(r"熔喷布\s+0\.5\s+0\.25\s+吨\s+2\.0天\s+不足 3 天", shown)
