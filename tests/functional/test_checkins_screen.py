"""Screen 4 at 80x24, driven by keys: scenario 1 end to end for a field cadre, every guard as the cadre
meets it (in a form that keeps what was typed), the coordinators' roster, time sheets, headcount and
stationing, and what read-only logins cannot do. Assertions are on what the user sees or on what is
stored; the clock is pinned (``pinned_clock``) and moved by hand."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

import tui.i18n as i18n
from models.assignments import Assignment
from models.checkin import CheckIn
from models.people import CadreCreate
from models.services.cadres import create_cadre, station
from models.services.checkin_match import match_enterprises
from models.services.checkins import check_in, check_out
from models.services.identity import resolve_actor
from models.settings import Settings, install
from tui.checkins.dialogs import CheckOutDialog, TimeReasonDialog
from tui.checkins.screen import CheckInScreen
from tui.checkins.week import CadreWeekScreen
from tui.i18n.translator import MISSING
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog, ReasonDialog
from tui.shell.help import HelpScreen

from .conftest import SAMPLE_NAME, DeskFactory

MONDAY = date(2020, 2, 3)
TOTAL = 61


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm)


@pytest.fixture(autouse=True)
def no_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's once-a-second poll for other sessions' changes is off: these tests make their changes
    in this session (which reloads by itself), and a poll answered while the app shuts down can fail
    (``SupplyDeskApp.on_polled`` posts to a screen stack that is already empty)."""
    install(Settings(poll_seconds=3600.0))


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
            check_out(s, actor=actor, at=end, reason="补记" if overnight else None,
                      note="巡查", categories=["production"])


def visits(desk_db) -> list[CheckIn]:  # type: ignore[no-untyped-def]
    with desk_db.session() as s:
        return list(s.exec(select(CheckIn).order_by(CheckIn.id)))


# --- scenario 1 -------------------------------------------------------------------------------------------


async def test_scenario_one_end_to_end(desk_factory, desk_db, people, pinned_clock) -> None:
    """Arrive 07:50, check in with two keys (4, i), at 23:55 log the licence and check out; 7 days on site."""
    li = people("liqiang")
    chayuan = enterprise_id(desk_db, SAMPLE_NAME)
    for back in range(6, 0, -1):
        day = MONDAY - timedelta(days=back)
        visit(desk_db, pinned_clock, li, chayuan, at(day, 7, 50), at(day, 18))
    pinned_clock.set(at(MONDAY, 7, 50))
    async with desk_factory(login="liqiang") as desk:
        await desk.open("checkins")
        assert isinstance(desk.screen, CheckInScreen) and desk.screen.active_tab == "week"
        assert "Not checked in · stationed at 茶园康护 · i checks in" in desk.text()
        assert "6 days on site" in desk.text()

        await desk.press("i")
        assert "On site at 茶园康护 since 07:50 (0 h 0 min)" in desk.text()
        assert desk.notices()[-1] == "Saved\nChecked in at 茶园康护 at 2020-02-03 07:50"
        assert "7 days on site" in desk.text() and "7 consecutive days" in desk.text()

        pinned_clock.set(at(MONDAY, 23, 55))
        await desk.press("o")
        assert isinstance(desk.screen, CheckOutDialog)
        assert "On site since 07:50 (16 h 5 min)" in desk.text()
        assert "enter the real time" not in desk.text()  # 16 h on the same day: no correction
        await desk.type("外科口罩注册证获批")
        await desk.press("tab", "space", "down", "down", "down", "down", "space")  # production, licence
        await desk.press("enter")
        assert isinstance(desk.screen, CheckInScreen)
        assert desk.notices()[-1] == "Saved\nChecked out of 茶园康护 at 2020-02-03 23:55 (16 h 5 min)"
        assert "Not checked in" in desk.text()
        assert "7 days on site" in desk.text() and "latest finish 02-03 23:55" in desk.text()
        await desk.dismiss_notices()  # the toasts cover the week
        assert re.search(r"02-03 Mon\s+茶园康护\s+07:50\s+23:55\s+16\.1\s+!\s+Production resumption, Licence",
                         desk.text()), desk.text()
    last = visits(desk_db)[-1]
    assert (last.check_in, last.check_out, last.note, last.corrected) == (
        at(MONDAY, 7, 50), at(MONDAY, 23, 55), "外科口罩注册证获批", False)
    assert set(last.categories.split(",")) == {"production", "licence"}


# --- the guards, as the cadre meets them -----------------------------------------------------------------


async def test_a_second_check_in_and_a_check_out_without_one_are_refused(desk_factory, desk_db, people) -> None:
    async with desk_factory(login="liqiang", start="checkins") as desk:
        await desk.press("o")
        assert desk.notices() == ["You are not checked in"]
        await desk.press("i", "i")
        assert desk.notices()[-1] == "You are already checked in; check out first"
        assert isinstance(desk.screen, CheckInScreen)
    assert len(visits(desk_db)) == 1


async def test_overnight_check_out_asks_for_the_real_time_and_keeps_what_was_typed(
        desk_factory, desk_db, people, pinned_clock) -> None:
    visit(desk_db, pinned_clock, people("liqiang"), enterprise_id(desk_db, SAMPLE_NAME),
          at(MONDAY - timedelta(days=1), 20), None)
    pinned_clock.set(at(MONDAY, 7, 50))
    async with desk_factory(login="liqiang", start="checkins") as desk:
        assert "On site at 茶园康护 since 2020-02-02 20:00 (11 h 50 min)" in desk.flat()
        assert "check out with the real time you left and a reason" in desk.flat()
        await desk.press("o")
        dialog = desk.screen
        assert isinstance(dialog, CheckOutDialog)
        warning = dialog.query_one(".form-warning").render().plain
        assert warning == "Checked in since 2020-02-02 20:00: enter the real time you left and a reason"
        await desk.type("夜班协调熔喷布")
        await desk.press("enter")  # no time, no reason: refused by the service, shown in the form
        assert desk.screen is dialog
        assert dialog.query_one("#co-note").value == "夜班协调熔喷布"
        assert desk.focused.id == "co-at"
        assert dialog.query_one("#co-error").render().plain.startswith(
            "Checked in since 2020-02-02 20:00: enter the real time")
        await desk.type("25:99")
        await desk.press("enter", "enter")
        assert "Enter a time as HH:MM or YYYY-MM-DD HH:MM" in desk.text()
        await desk.fill("#co-at", "2020-02-03 00:30")
        await desk.press("enter")  # on to the reason
        assert desk.focused.id == "co-reason"
        await desk.type("忘记签退")
        await desk.press("enter")
        assert isinstance(desk.screen, CheckInScreen)
        assert desk.notices()[-1] == "Saved\nChecked out of 茶园康护 at 2020-02-03 00:30 (4 h 30 min)"
        assert "*" in desk.text()  # corrected, in the week
    [row] = visits(desk_db)
    assert (row.check_out, row.corrected, row.reason, row.note) == (at(MONDAY, 0, 30),
                                                                    True, "忘记签退", "夜班协调熔喷布")


async def test_escape_cancels_the_check_out_and_nothing_is_written(desk_factory, desk_db, people) -> None:
    async with desk_factory(login="liqiang", start="checkins") as desk:
        await desk.press("i", "o")
        await desk.type("半途而废")
        await desk.press("escape")
        assert isinstance(desk.screen, ConfirmDialog)  # something was typed: asks first, as every form does
        await desk.press("y")
        assert isinstance(desk.screen, CheckInScreen)
    assert visits(desk_db)[0].check_out is None


async def test_a_forgotten_check_in_is_back_dated_with_a_reason(desk_factory, desk_db, people, pinned_clock) -> None:
    pinned_clock.set(at(MONDAY, 10))
    async with desk_factory(login="liqiang", start="checkins") as desk:
        await desk.press("I")
        dialog = desk.screen
        assert isinstance(dialog, TimeReasonDialog)
        await desk.type("07:50")
        await desk.press("enter", "enter")  # to the reason, then save without one
        assert "A back-dated check-in needs a reason" in desk.text()
        assert desk.focused.id == "tr-reason" and dialog.query_one("#tr-at").value == "07:50"
        await desk.type("到厂时终端未开")
        await desk.press("enter")
        assert "On site at 茶园康护 since 07:50 (2 h 10 min)" in desk.text()
    [row] = visits(desk_db)
    assert (row.check_in, row.corrected, row.reason) == (at(MONDAY, 7, 50), True, "到厂时终端未开")


async def test_several_stationings_offer_a_choice(desk_factory, desk_db, coord, people) -> None:
    yubei = enterprise_id(desk_db, "重庆渝北防护用品有限公司")
    with desk_db.session() as s:
        station(s, actor=coord, cadre_id=people("liqiang").cadre_id, enterprise_id=yubei)
    async with desk_factory(login="liqiang", start="checkins") as desk:
        await desk.press("i")
        assert isinstance(desk.screen, ChoiceDialog)
        assert "茶园康护 · 南岸区" in desk.text() and "重庆渝北防护用品有限公司 · 渝北区" in desk.text()
        assert "Another enterprise…" in desk.text()
        await desk.answer("yubei")
    assert [(v.enterprise_id, v.reason) for v in visits(desk_db)] == [(yubei, None)]


async def test_another_enterprise_needs_a_reason_that_is_kept(desk_factory, desk_db, people) -> None:
    async with desk_factory(login="wangfang", start="checkins") as desk:
        assert "Not checked in · not stationed anywhere" in desk.text()
        await desk.press("i")
        assert isinstance(desk.screen, ChoiceDialog)
        await desk.answer("wanzhou")
        assert isinstance(desk.screen, ReasonDialog)
        assert "You are not stationed here: why are you there?" in desk.text()
        await desk.answer("")
        assert "Required" in desk.text()
        await desk.answer("协调物流车辆")
        assert "On site at 重庆万州三峡医用敷料有限公司 since 07:50" in desk.text()
    [row] = visits(desk_db)
    assert row.reason == "协调物流车辆"


async def test_a_big_directory_is_narrowed_by_typing_before_picking(desk_factory,
                                                                    desk_db, people, monkeypatch) -> None:
    import tui.checkins.flows as flows

    monkeypatch.setattr(flows, "PICK_LIMIT", 10)  # the test directory has 61 enterprises
    async with desk_factory(login="wangfang", start="checkins") as desk:
        await desk.press("i")
        assert isinstance(desk.screen, ReasonDialog)
        assert "Type part of the name, pinyin or initials" in desk.text()
        await desk.answer("xyzzy")
        assert isinstance(desk.screen, ReasonDialog) and "No enterprise matches xyzzy" in desk.text()
        await desk.answer("wanzhou")
        assert isinstance(desk.screen, ChoiceDialog) and "重庆万州三峡医用敷料有限公司" in desk.text()
        await desk.press("enter")
        await desk.answer("送检测试剂")
    assert [v.reason for v in visits(desk_db)] == ["送检测试剂"]


# --- coordinators ----------------------------------------------------------------------------------------------


@pytest.fixture
def floor(desk_db, people, pinned_clock):  # type: ignore[no-untyped-def]
    """李强 on site at 茶园康护 since Sunday 07:50 (forgotten: flagged); 赵磊 stationed, not in today."""
    visit(desk_db, pinned_clock, people("liqiang"), enterprise_id(desk_db, SAMPLE_NAME),
          at(MONDAY - timedelta(days=1), 7, 50), None)
    pinned_clock.set(at(MONDAY, 9))


async def test_the_coordinators_roster(desk_factory, floor) -> None:
    async with desk_factory(start="checkins") as desk:
        assert desk.screen.active_tab == "onsite"
        assert desk.table("onsite-table").total == 1
        row = desk.rows("onsite-table")[1]
        assert "南岸区" in row and "茶园康护" in row and "李强" in row and "02-02 07:50" in row and "!" in row
        await desk.press("m")
        assert desk.table("absent-table").total == 1 and "赵磊" in desk.rows("absent-table")[1]
        await desk.press("u")
        assert desk.table("unstaffed-table").total == TOTAL - 2
        await desk.press("h")
        assert "As of 02-03 09:00, 1 person has taken part (since 2020-02-02)" in desk.text()
        await desk.press("t")
        # open: 16 h at most
        assert "Total: 1 cadre · 1 day on site · 16.0 h · 1 visit · 1 still open" in desk.text()
        await desk.press("r", "enter")
        assert isinstance(desk.screen, CadreWeekScreen)
        assert "李强" in desk.text() and "On site at 茶园康护 since 2020-02-02 07:50" in desk.text()
        await desk.press("escape")
        assert isinstance(desk.screen, CheckInScreen)


async def test_the_roster_filters_by_pinyin(desk_factory, floor) -> None:
    async with desk_factory(start="checkins") as desk:
        await desk.press("m", "slash")
        await desk.type("zl")
        assert desk.table("absent-table").total == 1
        await desk.type("x")
        assert desk.table("absent-table").total == 0
        await desk.press("escape")
        assert desk.table("absent-table").has_focus


async def test_time_sheets_for_other_dates_and_by_unit(desk_factory, floor) -> None:
    async with desk_factory(start="checkins") as desk:
        await desk.press("t")
        await desk.fill("#sheet-start", "2020-02-03")
        await desk.press("enter")
        assert "Total: 0 cadres" in desk.text()
        await desk.fill("#sheet-start", "2020-02-31")
        await desk.press("enter")
        assert "Enter a date as YYYY-MM-DD" in desk.text()
        await desk.fill("#sheet-start", "2020-02-01")
        await desk.press("enter", "g")
        assert "by unit" in desk.text() and desk.rows("sheet-table")[0].split()[0] == "Unit"
        assert desk.table("sheet-table").total == 1
        await desk.press("enter")  # the unit's cadres
        assert "by cadre" in desk.text() and desk.table("sheet-table").total == 1


async def test_a_coordinator_stations_a_cadre_and_ends_it(desk_factory, desk_db, floor) -> None:
    async with desk_factory(start="checkins") as desk:
        await desk.press("a")
        before = desk.table("assignments-table").total
        await desk.press("n")
        assert isinstance(desk.screen, ChoiceDialog) and "Station which cadre?" in desk.text()
        await desk.answer("wangfang")
        await desk.answer("wanzhou")
        assert isinstance(desk.screen, ReasonDialog)
        await desk.answer("2020-02-30")
        assert "Enter a date as YYYY-MM-DD" in desk.notices()
        assert desk.screen.query_one("#reason").value == "2020-02-30"  # asked again with what was typed
        await desk.answer("2020-02-04")
        assert desk.notices()[-1] == "Saved\n王芳 is stationed at 重庆万州三峡医用敷料有限公司 from 2020-02-04"
        assignments = desk.table("assignments-table")
        assert assignments.total == before + 1
        while assignments.cursor_row.cadre != "王芳":
            await desk.press("down")
        await desk.press("e")
        assert "End the stationing of 王芳 at 重庆万州三峡医用敷料有限公司" in desk.text()
        await desk.answer("2020-02-01")
        assert desk.notices()[-1] == "Nothing saved\nThe end is before the start"
        await desk.answer("2020-02-10")
        assert desk.notices()[-1] == "Saved\nThe stationing of 王芳 at 重庆万州三峡医用敷料有限公司 ends on 2020-02-10"
    with desk_db.session() as s:
        row = s.exec(select(Assignment).order_by(Assignment.id.desc())).first()
        assert (row.start_date, row.end_date, row.created_by) == (date(2020, 2, 4), date(2020, 2, 10), "coord")


async def test_unstaffed_enter_opens_the_card_and_n_stations_there(desk_factory, desk_db, floor) -> None:
    from tui.enterprises.card import EnterpriseCardScreen

    async with desk_factory(start="checkins") as desk:
        await desk.press("u")
        first = desk.table("unstaffed-table").cursor_row
        await desk.press("enter")
        assert isinstance(desk.screen, EnterpriseCardScreen) and first.name in desk.text()
        await desk.press("escape", "n")
        assert f"Station which cadre at {first.short_name or first.name}?" in desk.text()
        await desk.answer("wangfang")
        assert isinstance(desk.screen, ReasonDialog)
        await desk.press("enter")
        assert desk.table("unstaffed-table").total == TOTAL - 3


# --- what a change reloads ------------------------------------------------------------------------------------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each tab asked its service: the lists per block of rows, the headcount per load, the time
    sheet per computation of the whole sheet (rows, count and totals alike)."""
    import models.services.timesheets as timesheets
    import tui.checkins.headcount as headcount
    import tui.checkins.screen as screen

    counted: Counter[str] = Counter()

    def counting(module, name: str) -> None:  # type: ignore[no-untyped-def]
        real = getattr(module, name)

        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            counted[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for name in ("list_on_site", "list_absent", "list_unstaffed", "list_assignments"):
        counting(screen, name)
    counting(headcount, "headcount")
    counting(timesheets, "time_sheet")
    return counted


def someone_checks_in(desk_db, people) -> None:  # type: ignore[no-untyped-def]
    """赵磊 checks in at 渝北 in another session."""
    with desk_db.session() as s:
        check_in(s, actor=people("zhaolei"), enterprise_id=enterprise_id(desk_db, "重庆渝北防护用品有限公司"))


async def test_a_change_reloads_the_tab_on_screen_and_a_hidden_tab_when_it_is_shown(
        desk_factory, desk_db, people, floor, reads) -> None:
    async with desk_factory(start="checkins") as desk:
        before = Counter(reads)
        someone_checks_in(desk_db, people)
        await desk.app.changed_here()
        await desk.settle()
        assert desk.table("onsite-table").total == 2
        assert reads - before == Counter(list_on_site=1)  # the hidden tabs wait
        await desk.press("m")
        assert desk.table("absent-table").total == 0 and "no records" in desk.text()
        await desk.press("r", "m", "t")  # shown again, unchanged: not read again
        assert reads - before == Counter(list_on_site=1, list_absent=1, time_sheet=1)


async def test_the_time_sheet_is_computed_once_per_reload(desk_factory, desk_db, people, floor, reads) -> None:
    async with desk_factory(start="checkins") as desk:
        assert reads["time_sheet"] == 0  # a hidden tab: the sheet (every visit of its days) waits to be shown
        await desk.press("t")
        assert reads["time_sheet"] == 1  # rows, count and totals of the first load
        await desk.press("r", "t")
        assert reads["time_sheet"] == 1
        someone_checks_in(desk_db, people)
        await desk.app.changed_here()
        await desk.settle()
        assert reads["time_sheet"] == 2
        assert "Total: 2 cadres" in desk.text() and desk.table("sheet-table").total == 2
        await desk.press("s")  # sorted again by the marked column: one computation for rows and count
        assert reads["time_sheet"] == 3


# --- who may do what -----------------------------------------------------------------------------------------


async def test_a_read_only_login_gets_no_writing_keys(desk_factory, desk_db, floor) -> None:
    async with desk_factory(login="visitor", start="checkins") as desk:
        assert "Check in" not in desk.footer() and "Check out" not in desk.footer()
        for key in ("i", "o", "I", "a", "n", "e"):
            await desk.press(key)
            assert isinstance(desk.screen, CheckInScreen), key
        await desk.press("question_mark")
        assert isinstance(desk.screen, HelpScreen)
        assert not re.search(r"\b[ioIne] {2}", desk.text()), desk.text()  # no writing key listed
    assert len(visits(desk_db)) == 1  # 李强's, nothing new


async def test_a_field_cadre_cannot_station(desk_factory, desk_db, people) -> None:
    async with desk_factory(login="liqiang", start="checkins") as desk:
        await desk.press("a", "n", "e")
        assert isinstance(desk.screen, CheckInScreen)
        assert "n Station" not in desk.text()
    with desk_db.session() as s:
        assert len(s.exec(select(Assignment)).all()) == 2


# --- 80x24, both languages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("login", ["coord", "liqiang"])
async def test_every_tab_fits_80x24(desk_factory, floor, lang, login) -> None:
    titles = {"en": ("My week", "On site", "Not in today", "Unstaffed", "Time sheets", "Headcount", "Stationing"),
              "zh": ("本人本周", "在岗", "今日未签到", "无人驻厂", "工时表", "参与人数", "驻厂安排")}[lang]
    async with desk_factory(lang=lang, login=login, start="checkins") as desk:
        for key in "wrmutha":
            await desk.press(key)
            shown = desk.text().splitlines()
            assert len(shown) == 24
            tabs = shown[2] if login == "liqiang" else shown[1]
            for title in titles:
                assert title in "".join(shown[:4]), (key, title)
            assert {"en": "q Quit", "zh": "q 退出"}[lang] in desk.footer(), (key, desk.footer())
            assert tabs.strip()


async def test_the_screen_and_its_forms_in_chinese_ask_for_no_missing_id(desk_factory, desk_db, floor,
                                                                         people) -> None:
    MISSING.clear()
    async with desk_factory(lang="zh", login="zhaolei", start="checkins") as desk:
        seen = {"week": desk.text()}
        for key in "rmutha":
            await desk.press(key)
            seen[key] = desk.text()
            await desk.press("question_mark")
            seen[f"help {key}"] = desk.text()
            await desk.press("escape")
        await desk.press("w", "I")
        seen["earlier"] = desk.text()
        await desk.press("escape", "i")
        seen["checked in"] = desk.text()
        await desk.press("o")
        seen["check out"] = desk.text()
        await desk.press("enter")
        seen["required"] = desk.text()
        await desk.press("escape", "r", "enter")
        seen["cadre week"] = desk.text()
    assert i18n.missing() == set()
    assert "在岗：" in seen["checked in"] and "签退：" in seen["check out"] and "必填" in seen["required"]
    assert "截至2月3日9时，已有1人参与" in seen["h"]
    english = {name: re.findall(r"\b(?:Check|Hours|Total|Since|Days|Unit|Cadre|Week|Not|On site)\b", text)
               for name, text in seen.items()}
    assert {name: words for name, words in english.items() if words} == {}


# --- a read that fails ---------------------------------------------------------------------------------------


async def test_a_pane_that_cannot_read_its_data_says_so_once(desk_factory: DeskFactory, people: object,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The week pane's worker fails: the app's one handler shows the error, once, and the screen stays."""
    import tui.checkins.week_view

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the week cannot be read")

    monkeypatch.setattr(tui.checkins.week_view, "week", broken)
    async with desk_factory(login="liqiang") as desk:
        await desk.open("checkins")
        assert isinstance(desk.screen, CheckInScreen)
        assert desk.notices().count("Error\nthe week cannot be read") == 1


async def test_a_list_that_cannot_load_its_rows_says_so_once(desk_factory: DeskFactory, people: object,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The paged table does not show errors itself: its failed load bubbles up to the app, shown once."""
    import tui.checkins.screen

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the roster cannot be read")

    monkeypatch.setattr(tui.checkins.screen, "list_on_site", broken)
    async with desk_factory() as desk:
        await desk.open("checkins")
        assert desk.screen.active_tab == "onsite"
        assert desk.notices().count("Error\nthe roster cannot be read") == 1


async def test_a_flow_that_fails_says_so_once(desk_factory: DeskFactory, people: object,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The check-in flow's read fails: the screen's worker ends in error, shown once (the screen's
    class and its ServiceCalls mixin both see the worker's state message)."""
    import tui.checkins.flows

    async with desk_factory(login="liqiang") as desk:
        await desk.open("checkins")

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("the status cannot be read")

        monkeypatch.setattr(tui.checkins.flows, "cadre_status", broken)
        await desk.press("i")
        assert desk.notices().count("Error\nthe status cannot be read") == 1


@pytest.mark.parametrize(("lang", "header"), [
    ("en", ("Unit", "Cadres", "Days", "Visits", "Hours")),
    ("zh", ("单位", "人数", "天数", "次数", "工时")),
])
async def test_export_this_list_writes_the_time_sheet_as_shown(desk_factory, floor, lang, header) -> None:
    """The tab's dates and grouping go to the workbook; the figures are the sheet's, hours as a number."""
    from openpyxl import load_workbook

    from models import paths

    async def export() -> list[tuple[object, ...]]:
        await desk.press("ctrl+p")
        await desk.type("export: this list")
        await desk.press("enter")
        written = sorted(paths.export_dir().glob(f"timesheets-20200203-0900-{lang}*.xlsx"), key=lambda p: len(p.name))
        return list(load_workbook(written[-1]).active.iter_rows(values_only=True))

    async with desk_factory(start="checkins", lang=lang) as desk:
        await desk.press("t")
        await desk.fill("#sheet-start", "2020-02-03")
        await desk.press("enter")
        assert len(await export()) == 1  # today only: nobody (the week would have 李强)
        await desk.dismiss_notices()
        await desk.fill("#sheet-start", "2020-02-01")
        await desk.press("enter", "g")  # by unit
        rows = await export()
        assert rows[0][:5] == header
        assert [row[1:5] for row in rows[1:]] == [(1, 1, 1, 16)]  # 李强's open visit: 16 h at most
