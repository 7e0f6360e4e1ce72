"""Screen 4 at 80x24, driven by keys: scenario 1 end to end for a field cadre, every guard as the cadre
meets it (in a form that keeps what was typed), the coordinators' roster, time sheets, headcount and
stationing, and what read-only logins cannot do. Assertions are on what the user sees or on what is
stored; the clock is pinned (``pinned_clock``) and moved by hand."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

import tui.i18n as i18n
from models.people import Assignment, CadreCreate, CheckIn
from models.services.cadres import create_cadre, station
from models.services.checkin_match import match_enterprises
from models.services.checkins import check_in, check_out
from models.services.identity import resolve_actor
from tui.checkins.dialogs import CheckOutDialog, TimeReasonDialog
from tui.checkins.week import CadreWeekScreen
from tui.checkins.screen import CheckInScreen
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog, ReasonDialog
from tui.shell.help import HelpScreen
from tui.checkins.sheets import TimeSheetView
from tui.widgets.paged_table import PagedTable

from .conftest import SAMPLE_NAME, notifications, press_text, screen_text, settle

SIZE = (80, 24)
MONDAY = date(2020, 2, 3)
TOTAL = 61


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm)


@pytest.fixture(autouse=True)
def no_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's once-a-second poll for other sessions' changes is off: these tests make their changes
    in this session (which reloads by itself), and a poll answered while the app shuts down can fail
    (``SupplyDeskApp.on_polled`` posts to a screen stack that is already empty)."""
    import tui.app

    monkeypatch.setattr(tui.app, "POLL_S", 3600, raising=False)


# --- data, made through the services -------------------------------------------------------------------


@pytest.fixture
def people(desk_db, coord):  # type: ignore[no-untyped-def]
    """李强 (liqiang) stationed at 茶园康护 and 赵磊 (zhaolei) at 渝北 since 24 January; 王芳 (wangfang)
    stationed nowhere. Returns a function making actors by login."""
    with desk_db.session() as s:
        for login, name in (("liqiang", "李强"), ("zhaolei", "赵磊"), ("wangfang", "王芳")):
            create_cadre(s, actor=coord, data=CadreCreate(name=name, login=login, unit_id=1, group_id=3))
        for login, query in (("liqiang", SAMPLE_NAME), ("zhaolei", "重庆渝北防护用品有限公司")):
            station(s, actor=coord, cadre_id=resolve_actor(s, login=login).cadre_id,
                    enterprise_id=match_enterprises(s, query=query).found.id, start=date(2020, 1, 24))

    def actor(login: str):  # type: ignore[no-untyped-def]
        with desk_db.session() as s:
            return resolve_actor(s, login=login)

    return actor


def enterprise_id(desk_db, query: str) -> int:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        return match_enterprises(s, query=query).found.id


def visit(desk_db, clock, actor, where: int, start: datetime, end: datetime | None) -> None:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        clock.set(start)
        check_in(s, actor=actor, enterprise_id=where)
        if end is not None:
            overnight = end.date() != start.date()
            clock.set(end + timedelta(minutes=20) if overnight else end)
            check_out(s, actor=actor, at=end, reason="补记" if overnight else None, note="巡查", categories=["production"])


def visits(desk_db) -> list[CheckIn]:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        return list(s.exec(select(CheckIn).order_by(CheckIn.id)))


def texts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in notifications(app)]


def table(app, id: str) -> PagedTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{id}", PagedTable)


def lines(grid: PagedTable) -> list[str]:
    return [grid.render_line(y).text for y in range(grid.scrollable_content_region.height)]


async def keys(pilot, *pressed: str) -> str:  # type: ignore[no-untyped-def]
    await pilot.press(*pressed)
    await settle(pilot)
    return screen_text(pilot.app)


# --- scenario 1 -------------------------------------------------------------------------------------------


async def test_scenario_one_end_to_end(make_desk_app, desk_db, people, pinned_clock) -> None:
    """Arrive 07:50, check in with two keys (4, i), at 23:55 log the licence and check out; 7 days on site."""
    li = people("liqiang")
    chayuan = enterprise_id(desk_db, SAMPLE_NAME)
    for back in range(6, 0, -1):
        day = MONDAY - timedelta(days=back)
        visit(desk_db, pinned_clock, li, chayuan, at(day, 7, 50), at(day, 18))
    pinned_clock.set(at(MONDAY, 7, 50))
    app = make_desk_app(login="liqiang")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        shown = await keys(pilot, "4")
        assert isinstance(app.screen, CheckInScreen) and app.screen.active_tab == "week"
        assert "Not checked in · stationed at 茶园康护 · i checks in" in shown
        assert "6 days on site" in shown

        shown = await keys(pilot, "i")
        assert "On site at 茶园康护 since 07:50 (0 h 0 min)" in shown
        assert texts(app)[-1] == "Checked in at 茶园康护 at 2020-02-03 07:50"
        assert "7 days on site" in shown and "7 consecutive days" in shown

        pinned_clock.set(at(MONDAY, 23, 55))
        await keys(pilot, "o")
        assert isinstance(app.screen, CheckOutDialog)
        assert "On site since 07:50 (16 h 5 min)" in screen_text(app)
        assert "enter the real time" not in screen_text(app)  # 16 h on the same day: no correction
        await press_text(pilot, "外科口罩注册证获批")
        await pilot.press("tab", "space", "down", "down", "down", "down", "space")  # production, licence
        shown = await keys(pilot, "enter")
        assert isinstance(app.screen, CheckInScreen)
        assert texts(app)[-1] == "Checked out of 茶园康护 at 2020-02-03 23:55 (16 h 5 min)"
        assert "Not checked in" in shown
        assert "7 days on site" in shown and "latest finish 02-03 23:55" in shown
        app.clear_notifications()  # the toasts cover the week
        await settle(pilot)
        shown = screen_text(app)
        assert re.search(r"02-03 Mon\s+茶园康护\s+07:50\s+23:55\s+16\.1\s+Production resumption, Licence", shown), shown
    last = visits(desk_db)[-1]
    assert (last.check_in, last.check_out, last.note, last.corrected) == (
        at(MONDAY, 7, 50), at(MONDAY, 23, 55), "外科口罩注册证获批", False)
    assert set(last.categories.split(",")) == {"production", "licence"}


# --- the guards, as the cadre meets them -----------------------------------------------------------------


async def test_a_second_check_in_and_a_check_out_without_one_are_refused(make_desk_app, desk_db, people) -> None:
    app = make_desk_app(login="liqiang", start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "o")
        assert texts(app) == ["You are not checked in"]
        await keys(pilot, "i", "i")
        assert texts(app)[-1] == "You are already checked in; check out first"
        assert isinstance(app.screen, CheckInScreen)
    assert len(visits(desk_db)) == 1


async def test_overnight_check_out_asks_for_the_real_time_and_keeps_what_was_typed(
        make_desk_app, desk_db, people, pinned_clock) -> None:
    visit(desk_db, pinned_clock, people("liqiang"), enterprise_id(desk_db, SAMPLE_NAME), at(MONDAY - timedelta(days=1), 20),
          None)
    pinned_clock.set(at(MONDAY, 7, 50))
    app = make_desk_app(login="liqiang", start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert "On site at 茶园康护 since 2020-02-02 20:00 (11 h 50 min)" in shown
        assert "check out with the real time you left and a reason" in shown
        await keys(pilot, "o")
        dialog = app.screen
        assert isinstance(dialog, CheckOutDialog)
        warning = dialog.query_one(".form-warning").render().plain
        assert warning == "Checked in since 2020-02-02 20:00: enter the real time you left and a reason"
        await press_text(pilot, "夜班协调熔喷布")
        shown = await keys(pilot, "enter")  # no time, no reason: refused by the service, shown in the form
        assert app.screen is dialog
        assert dialog.query_one("#co-note").value == "夜班协调熔喷布"
        assert dialog.focused.id == "co-at"
        assert "Checked in since 2020-02-02 20:00: enter the real time" in dialog.query_one("#co-error").render().plain
        await press_text(pilot, "25:99")
        await keys(pilot, "enter", "enter")
        assert "Enter a time as HH:MM or YYYY-MM-DD HH:MM" in screen_text(app)
        dialog.query_one("#co-at").value = ""
        dialog.set_focus(dialog.query_one("#co-at"))
        await press_text(pilot, "2020-02-03 00:30")
        await keys(pilot, "enter")  # on to the reason
        assert dialog.focused.id == "co-reason"
        await press_text(pilot, "忘记签退")
        await keys(pilot, "enter")
        assert isinstance(app.screen, CheckInScreen)
        assert texts(app)[-1] == "Checked out of 茶园康护 at 2020-02-03 00:30 (4 h 30 min)"
        assert "*" in screen_text(app)  # corrected, in the week
    [row] = visits(desk_db)
    assert (row.check_out, row.corrected, row.reason, row.note) == (at(MONDAY, 0, 30), True, "忘记签退", "夜班协调熔喷布")


async def test_escape_cancels_the_check_out_and_nothing_is_written(make_desk_app, desk_db, people) -> None:
    app = make_desk_app(login="liqiang", start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "i", "o")
        await press_text(pilot, "半途而废")
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)  # something was typed: asks first, as every form does
        await keys(pilot, "y")
        assert isinstance(app.screen, CheckInScreen)
    assert visits(desk_db)[0].check_out is None


async def test_a_forgotten_check_in_is_back_dated_with_a_reason(make_desk_app, desk_db, people, pinned_clock) -> None:
    pinned_clock.set(at(MONDAY, 10))
    app = make_desk_app(login="liqiang", start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "I")
        dialog = app.screen
        assert isinstance(dialog, TimeReasonDialog)
        await press_text(pilot, "07:50")
        await keys(pilot, "enter", "enter")  # to the reason, then save without one
        assert "A back-dated check-in needs a reason" in screen_text(app)
        assert dialog.focused.id == "tr-reason" and dialog.query_one("#tr-at").value == "07:50"
        await press_text(pilot, "到厂时终端未开")
        shown = await keys(pilot, "enter")
        assert "On site at 茶园康护 since 07:50 (2 h 10 min)" in shown
    [row] = visits(desk_db)
    assert (row.check_in, row.corrected, row.reason) == (at(MONDAY, 7, 50), True, "到厂时终端未开")


async def test_several_stationings_offer_a_choice(make_desk_app, desk_db, coord, people) -> None:
    yubei = enterprise_id(desk_db, "重庆渝北防护用品有限公司")
    with desk_db.session() as s:
        station(s, actor=coord, cadre_id=people("liqiang").cadre_id, enterprise_id=yubei)
    app = make_desk_app(login="liqiang", start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = await keys(pilot, "i")
        assert isinstance(app.screen, ChoiceDialog)
        assert "茶园康护 · 南岸区" in shown and "重庆渝北防护用品有限公司 · 渝北区" in shown
        assert "Another enterprise…" in shown
        await press_text(pilot, "yubei")
        await keys(pilot, "enter")
    assert [(v.enterprise_id, v.reason) for v in visits(desk_db)] == [(yubei, None)]


async def test_another_enterprise_needs_a_reason_that_is_kept(make_desk_app, desk_db, people) -> None:
    app = make_desk_app(login="wangfang", start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Not checked in · not stationed anywhere" in screen_text(app)
        await keys(pilot, "i")
        assert isinstance(app.screen, ChoiceDialog)
        await press_text(pilot, "wanzhou")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReasonDialog)
        assert "You are not stationed here: why are you there?" in screen_text(app)
        await keys(pilot, "enter")
        assert "Required" in screen_text(app)
        await press_text(pilot, "协调物流车辆")
        shown = await keys(pilot, "enter")
        assert "On site at 重庆万州三峡医用敷料有限公司 since 07:50" in shown
    [row] = visits(desk_db)
    assert row.reason == "协调物流车辆"


async def test_a_big_directory_is_narrowed_by_typing_before_picking(make_desk_app, desk_db, people, monkeypatch) -> None:
    import tui.checkins.flows as flows

    monkeypatch.setattr(flows, "PICK_LIMIT", 10)  # the test directory has 61 enterprises
    app = make_desk_app(login="wangfang", start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "i")
        assert isinstance(app.screen, ReasonDialog)
        assert "Type part of the name, pinyin or initials" in screen_text(app)
        await press_text(pilot, "xyzzy")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReasonDialog) and "No enterprise matches xyzzy" in screen_text(app)
        app.screen.query_one("#reason").value = "wanzhou"
        await keys(pilot, "enter")
        assert isinstance(app.screen, ChoiceDialog) and "重庆万州三峡医用敷料有限公司" in screen_text(app)
        await keys(pilot, "enter")
        await press_text(pilot, "送检测试剂")
        await keys(pilot, "enter")
    assert [v.reason for v in visits(desk_db)] == ["送检测试剂"]


# --- coordinators ----------------------------------------------------------------------------------------------


@pytest.fixture
def floor(desk_db, people, pinned_clock):  # type: ignore[no-untyped-def]
    """李强 on site at 茶园康护 since Sunday 07:50 (forgotten: flagged); 赵磊 stationed, not in today."""
    visit(desk_db, pinned_clock, people("liqiang"), enterprise_id(desk_db, SAMPLE_NAME),
          at(MONDAY - timedelta(days=1), 7, 50), None)
    pinned_clock.set(at(MONDAY, 9))


async def test_the_coordinators_roster(make_desk_app, floor) -> None:
    app = make_desk_app(start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.active_tab == "onsite"
        onsite = table(app, "onsite-table")
        assert onsite.total == 1
        row = lines(onsite)[1]
        assert "南岸区" in row and "茶园康护" in row and "李强" in row and "02-02 07:50" in row and "!" in row
        await keys(pilot, "m")
        absent = table(app, "absent-table")
        assert absent.total == 1 and "赵磊" in lines(absent)[1]
        await keys(pilot, "u")
        assert table(app, "unstaffed-table").total == TOTAL - 2
        shown = await keys(pilot, "h")
        assert "As of 2/3 9:00, 1 people have taken part (since 2020-02-02)" in shown
        shown = await keys(pilot, "t")
        assert "Total: 1 cadres · 1 days on site · 16.0 h · 1 visits · 1 still open" in shown  # open: 16 h at most
        await keys(pilot, "r", "enter")
        assert isinstance(app.screen, CadreWeekScreen)
        assert "李强" in screen_text(app) and "On site at 茶园康护 since 2020-02-02 07:50" in screen_text(app)
        await keys(pilot, "escape")
        assert isinstance(app.screen, CheckInScreen)


async def test_the_roster_filters_by_pinyin(make_desk_app, floor) -> None:
    app = make_desk_app(start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m", "slash")
        await press_text(pilot, "zl")
        assert table(app, "absent-table").total == 1
        await press_text(pilot, "x")
        assert table(app, "absent-table").total == 0
        await keys(pilot, "escape")
        assert table(app, "absent-table").has_focus


async def test_time_sheets_for_other_dates_and_by_unit(make_desk_app, floor) -> None:
    app = make_desk_app(start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "t")
        view = app.screen.query_one(TimeSheetView)
        start = view.query_one("#sheet-start")
        start.value = "2020-02-03"
        app.screen.set_focus(start)
        shown = await keys(pilot, "enter")
        assert "Total: 0 cadres" in shown
        start.value = "2020-02-31"
        app.screen.set_focus(start)
        shown = await keys(pilot, "enter")
        assert "Enter a date as YYYY-MM-DD" in shown
        start.value = "2020-02-01"
        app.screen.set_focus(start)
        await keys(pilot, "enter")
        shown = await keys(pilot, "g")
        assert "by unit" in shown and view.table.columns[0].label == "Unit"
        assert view.table.total == 1
        await keys(pilot, "enter")  # the unit's cadres
        assert "by cadre" in screen_text(app) and view.table.total == 1


async def test_a_coordinator_stations_a_cadre_and_ends_it(make_desk_app, desk_db, floor) -> None:
    app = make_desk_app(start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "a")
        before = table(app, "assignments-table").total
        await keys(pilot, "n")
        assert isinstance(app.screen, ChoiceDialog) and "Station which cadre?" in screen_text(app)
        await press_text(pilot, "wangfang")
        await keys(pilot, "enter")
        await press_text(pilot, "wanzhou")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReasonDialog)
        app.screen.query_one("#reason").value = "2020-02-30"
        await keys(pilot, "enter")
        assert "Enter a date as YYYY-MM-DD" in texts(app)
        assert app.screen.query_one("#reason").value == "2020-02-30"  # asked again with what was typed
        app.screen.query_one("#reason").value = "2020-02-04"
        await keys(pilot, "enter")
        assert texts(app)[-1] == "王芳 is stationed at 重庆万州三峡医用敷料有限公司 from 2020-02-04"
        assignments = table(app, "assignments-table")
        assert assignments.total == before + 1
        while assignments.cursor_row.cadre != "王芳":
            await pilot.press("down")
        await keys(pilot, "e")
        assert "End the stationing of 王芳 at 重庆万州三峡医用敷料有限公司" in screen_text(app)
        app.screen.query_one("#reason").value = "2020-02-01"
        await keys(pilot, "enter")
        assert texts(app)[-1] == "The end is before the start"
        app.screen.query_one("#reason").value = "2020-02-10"
        await keys(pilot, "enter")
        assert texts(app)[-1] == "The stationing of 王芳 at 重庆万州三峡医用敷料有限公司 ends on 2020-02-10"
    with desk_db.session() as s:
        row = s.exec(select(Assignment).order_by(Assignment.id.desc())).first()
        assert (row.start_date, row.end_date, row.created_by) == (date(2020, 2, 4), date(2020, 2, 10), "coord")


async def test_unstaffed_enter_opens_the_card_and_n_stations_there(make_desk_app, desk_db, floor) -> None:
    from tui.enterprises.card import EnterpriseCardScreen

    app = make_desk_app(start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "u")
        first = table(app, "unstaffed-table").cursor_row
        await keys(pilot, "enter")
        assert isinstance(app.screen, EnterpriseCardScreen) and first.name in screen_text(app)
        await keys(pilot, "escape", "n")
        assert f"Station which cadre at {first.short_name or first.name}?" in screen_text(app)
        await press_text(pilot, "wangfang")
        await keys(pilot, "enter")
        assert isinstance(app.screen, ReasonDialog)
        await keys(pilot, "enter")
        assert table(app, "unstaffed-table").total == TOTAL - 3


# --- who may do what -----------------------------------------------------------------------------------------


async def test_a_read_only_login_gets_no_writing_keys(make_desk_app, desk_db, floor) -> None:
    app = make_desk_app(login="visitor", start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Check in" not in footer and "Check out" not in footer
        for key in ("i", "o", "I", "a", "n", "e"):
            await keys(pilot, key)
            assert isinstance(app.screen, CheckInScreen), key
        await keys(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        helped = screen_text(app)
        assert not re.search(r"\b[ioIne] {2}", helped), helped  # no writing key listed
    assert len(visits(desk_db)) == 1  # 李强's, nothing new


async def test_a_field_cadre_cannot_station(make_desk_app, desk_db, people) -> None:
    app = make_desk_app(login="liqiang", start="checkins")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "a", "n", "e")
        assert isinstance(app.screen, CheckInScreen)
        assert "n Station" not in screen_text(app)
    with desk_db.session() as s:
        assert len(s.exec(select(Assignment)).all()) == 2


# --- 80x24, both languages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("login", ["coord", "liqiang"])
async def test_every_tab_fits_80x24(make_desk_app, floor, lang, login) -> None:
    app = make_desk_app(lang=lang, login=login, start="checkins")
    titles = ("My week", "On site", "Not in today", "Unstaffed", "Time sheets", "Headcount", "Stationing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in "wrmutha":
            shown = (await keys(pilot, key)).splitlines()
            assert len(shown) == 24
            tabs = shown[2] if login == "liqiang" else shown[1]
            for title in titles:
                assert i18n.t(title) in "".join(shown[:4]), (key, title)
            footer = shown[-1]
            assert ("q Quit" if lang == "en" else "q 退出") in footer, (key, footer)
            assert tabs.strip()


async def test_the_screen_and_its_forms_in_chinese_ask_for_no_missing_id(make_desk_app, desk_db, floor, people) -> None:
    i18n._missing.clear()
    app = make_desk_app(lang="zh", login="zhaolei", start="checkins")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        seen = {"week": screen_text(app)}
        for key in "rmutha":
            seen[key] = await keys(pilot, key)
            seen[f"help {key}"] = await keys(pilot, "question_mark")
            await keys(pilot, "escape")
        await keys(pilot, "w", "I")
        seen["earlier"] = screen_text(app)
        await keys(pilot, "escape", "i")
        seen["checked in"] = screen_text(app)
        await keys(pilot, "o")
        seen["check out"] = screen_text(app)
        await keys(pilot, "enter")
        seen["required"] = screen_text(app)
        await keys(pilot, "escape", "r", "enter")
        seen["cadre week"] = screen_text(app)
    assert i18n.missing() == set()
    assert "在岗：" in seen["checked in"] and "签退：" in seen["check out"] and "必填" in seen["required"]
    assert "截至2月3日9时，已有1人参与" in seen["h"]
    english = {name: re.findall(r"\b(?:Check|Hours|Total|Since|Days|Unit|Cadre|Week|Not|On site)\b", text)
               for name, text in seen.items()}
    assert {name: words for name, words in english.items() if words} == {}
