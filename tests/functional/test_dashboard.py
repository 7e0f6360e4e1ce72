"""Screen 1, the dashboard, at 80×24 driven by keys: the figures of four days of work worked out by
hand (tests/functional/dashboard_world.py), in English and in Chinese with the supply table's
columns aligned; every figure one key from its list and back with the cursor kept; the
enterprises making an item; the districts on a wide terminal.

Live updates, the idle dashboard and the header are in test_dashboard_live.py.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Static

from models.settings import Settings, install
from tui.brief.screen import BriefScreen
from tui.checkins.screen import CheckInScreen
from tui.dashboard.screen import DashboardScreen
from tui.enterprises.screen import EnterpriseListScreen
from tui.shortages.detail import ShortageDetailScreen
from tui.shortages.screen import ShortageListScreen

from .conftest import screen_text
from .dashboard_world import (
    FIGURES_EN,
    FIGURES_ZH,
    SUPPLY_EN,
    SUPPLY_ZH,
    World,
    build_world,
    shown,
    squash,
    supply_lines,
)

SIZE = (80, 24)
WIDE = (160, 40)


@pytest.fixture
def world(desk_db, coord, pinned_clock) -> World:  # type: ignore[no-untyped-def]
    return build_world(desk_db, coord, pinned_clock)


@pytest.fixture
def no_change_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the tests about the screen itself: no poll lands at a random moment."""
    install(Settings(poll_seconds=3600.0))


def tokens(line: str) -> list[tuple[int, int, str]]:
    """(first cell, cell after the last, text) of each word of a screen line; CJK characters take two cells."""
    return [(cell_len(line[:m.start()]), cell_len(line[:m.end()]), m.group()) for m in re.finditer(r"\S+", line)]


def right_panel(text: str) -> str:
    """What a wide terminal shows right of the dashboard's divider (the districts)."""
    return "\n".join(line.split("▊", 1)[1] for line in text.splitlines() if "▊" in line)


# --- 1. the figures -------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_change_polling")
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_figures_are_those_worked_out_by_hand(make_desk_app, world, lang: str) -> None:
    app = make_desk_app(start="dashboard", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        text = screen_text(app)
    title = "Supply against demand · output of 02-02" if lang == "en" else "供需对比 · 02-02 产量"
    assert title in text
    # the figures below the table, in their order (the terminal wraps the long ones)
    assert squash("".join(FIGURES_EN if lang == "en" else FIGURES_ZH)) in squash(text)

    header, *rows = supply_lines(text)
    head = tokens(header)
    if lang == "en":
        assert [word for *_, word in head] == ["Item", "Capacity", "Output", "Stock", "Demand", "7", "days"]
    else:
        assert [word for *_, word in head] == ["目录物资", "日产能", "产量", "库存", "需求", "近7天"]
    item_start, number_ends, trend_start = head[0][0], [end for _, end, _ in head[1:5]], head[5][0]
    for line, (name, *figures) in zip(rows, SUPPLY_EN if lang == "en" else SUPPLY_ZH, strict=True):
        words = tokens(line)
        assert " ".join(word for *_, word in words[:-5]) == name, line
        assert [word for *_, word in words[-5:-1]] == figures, line
        # right-aligned under their titles, whatever the width of the item's name
        assert [end for _, end, _ in words[-5:-1]] == number_ends, f"misaligned: {line!r} under {header!r}"
        assert words[0][0] == item_start + (0 if name.startswith("★") else 1), line
        trend = words[-1]
        assert trend[0] == trend_start and trend[1] - trend[0] == 7 and set(trend[2]) <= set("▁▂▃▄▅▆▇█"), line


@pytest.mark.usefixtures("no_change_polling")
async def test_only_severely_short_items_are_marked_red(make_desk_app, world) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        supply = app.screen.query_one("#supply", DataTable)
        await pilot.press("end")  # the cursor's highlight off the first rows

        def style_of(row: int, word: str):  # type: ignore[no-untyped-def]
            """The style the terminal paints ``word`` of table row ``row`` with (line 0 is the header)."""
            return next(s.style for s in supply.render_line(row + 1) if word in s.text)

        star = style_of(0, "★")  # surgical masks: severely short
        assert style_of(0, "Surgical").bold  # a severely short item's name is bold…
        for row, word in ((5, "Disposable"), (6, "gloves")):  # …the others' are plain
            assert style_of(row, word).color != star.color and not style_of(row, word).bold, word


# --- 2. every figure one key from its list --------------------------------------------------------

#: key -> (the screen it opens, what that screen must show); the counts are the dashboard's figures
DRILL_DOWN = {
    "r": (EnterpriseListScreen, ["Filters: Not reported today", "1–2 of 2", "茶园康护医疗", "重庆渝北防护用品"]),
    "c": (ShortageListScreen, ["Filters: Severity: Critical · Status: Unsolved (open or coordinating)", "1–1 of 1",
                               "Crit", "茶园康护", "Melt-blown"]),
    "exclamation_mark": (ShortageListScreen, ["Filters: Overdue (!)", "1–1 of 1", "茶园康护", "Labour", "City"]),
    "circumflex_accent": (ShortageListScreen, ["Filters: Due for escalation (^)", "1–1 of 1",
                                               "^ {S2} Med 46 h 重庆江北", "Transp."]),
    "o": (ShortageDetailScreen, ["{S1} 茶园康护医疗用品有限公司", "Need by 2020-02-01", "Past its need-by date"]),
    "p": (CheckInScreen, ["1–1 of 1", "南岸区 茶园康护 李强", "06:50 1.0"]),
    "m": (CheckInScreen, ["1–1 of 1", "渝北区 重庆渝北防护用品", "王芳", "Last in", "02-02 20:00"]),
    "u": (CheckInScreen, ["of 59", "重庆巴南防护用品有限公司"]),
    "b": (BriefScreen, ["Saved:", "Medical supplies guarantee: daily brief"]),
}
CHECKIN_TAB = {"p": "onsite", "m": "absent", "u": "unstaffed"}


@pytest.mark.usefixtures("no_change_polling")
async def test_every_figure_opens_its_list_and_escape_comes_back(make_desk_app, world) -> None:
    """One session through every key (a fresh app per key would double the run time); the supply
    table's cursor is on another row before each key, and must be there again after escape."""
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        dashboard = app.screen
        supply = dashboard.query_one("#supply", DataTable)
        for row, (key, (screen_type, shows)) in enumerate(DRILL_DOWN.items()):
            await pilot.press("home", *["down"] * row)
            assert supply.cursor_row == row
            await pilot.press(key)
            await shown(pilot)
            assert isinstance(app.screen, screen_type), key
            text = squash(screen_text(app))
            for expected in shows:
                assert squash(expected.format(**world.shortages)) in text, (key, expected, screen_text(app))
            if key in CHECKIN_TAB:
                assert app.screen.query_one("#checkin-tabs").active == CHECKIN_TAB[key]
            await pilot.press("escape")
            await shown(pilot)
            assert app.screen is dashboard, key
            assert supply.cursor_row == row and app.focused is supply, key


# --- 3. the enterprises making an item; the districts on a wide terminal --------------------------


@pytest.mark.usefixtures("no_change_polling")
async def test_enter_on_an_item_lists_the_enterprises_making_it(make_desk_app, world) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        await pilot.press(*["down"] * 6)  # medical gloves
        await pilot.press("enter")
        await shown(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        text = squash(screen_text(app))
        assert squash("Filters: makes Medical gloves") in text and squash("1–1 of 1") in text
        assert "重庆江北医疗器械" in text
        assert app.screen.table.cursor_row.id == world.enterprises["C"]
        await pilot.press("escape")
        await shown(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#supply", DataTable).cursor_row == 6


@pytest.mark.usefixtures("no_change_polling")
@pytest.mark.parametrize(("lang", "item_only", "whole"), [("en", "—/100k", "—/150k"), ("zh", "—/10万", "—/15万")])
async def test_the_list_of_an_items_makers_shows_that_items_capacity(make_desk_app, world, lang, item_only,
                                                                      whole) -> None:
    """A makes disposable masks (50,000/day) and surgical masks (100,000/day): from the surgical
    masks' row, its line shows the surgical masks' figures, not the maker's total."""
    app = make_desk_app(lang=lang, start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        await pilot.press("home", "enter")  # surgical masks: severely short, the largest gap
        await shown(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        [line] = [line for line in screen_text(app).splitlines() if "茶园康护" in line]
        assert item_only in line and whole not in line
        app.screen.table.set_filters(item_id=None)  # the whole directory: the maker's total again
        await shown(pilot)
        [line] = [line for line in screen_text(app).splitlines() if "茶园康护" in line]
        assert whole in line


@pytest.mark.usefixtures("no_change_polling")
async def test_the_districts_show_on_a_wide_terminal_and_filter_the_list(make_desk_app, world) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=WIDE) as pilot:
        await shown(pilot)
        text = right_panel(screen_text(app))
        assert "Enterprises by district" in text
        # most enterprises first, then in pinyin order; 渝北区 has B resumed and D stopped
        assert squash("District All Not resumed Resumed Full load Stopped 渝北区 7 3 3 0 1 巴南区 6 4 2 0 0 "
                      "璧山区 6 5 1 0 0") in squash(text)
        assert squash("南岸区 4 3 0 1 0 石柱县 1 1 0 0 0 万州区 1 1 0 0 0") in squash(text)
        districts = app.screen.query_one("#districts", DataTable)
        await pilot.press("tab")
        assert app.focused is districts
        await pilot.press("down", "down", "enter")  # 璧山区
        await shown(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        text = squash(screen_text(app))
        assert squash("Filters: 璧山区") in text and squash("1–6 of 6") in text
        assert text.count("璧山区") == 7  # the filter line and the six rows
        await pilot.press("escape")
        await shown(pilot)
        assert isinstance(app.screen, DashboardScreen) and districts.cursor_row == 2
        # narrowed to 80 columns the districts go, and come back when there is room again
        await pilot.resize_terminal(*SIZE)
        await shown(pilot)
        assert "Enterprises by district" not in screen_text(app) and not districts.region.width
        await pilot.resize_terminal(*WIDE)
        await shown(pilot)
        assert "Enterprises by district" in screen_text(app)


@pytest.mark.usefixtures("no_change_polling")
async def test_district_names_stay_whole_when_a_repaint_comes_before_the_rows_are_measured(
        make_desk_app, world, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.dashboard.screen as dashboard_screen

    fill = dashboard_screen._fill

    def fill_then_paint(table: DataTable, header, rows, **how) -> None:  # type: ignore[no-untyped-def]
        fill(table, header, rows, **how)
        for y in range(table.row_count + 1):  # the repaint that, left to chance, comes first now and then
            table.render_line(y)

    monkeypatch.setattr(dashboard_screen, "_fill", fill_then_paint)
    app = make_desk_app(start="dashboard", lang="zh")
    async with app.run_test(size=WIDE) as pilot:
        await shown(pilot)
        await pilot.resize_terminal(WIDE[0] + 1, WIDE[1])
        await pilot.resize_terminal(*WIDE)
        await shown(pilot)
        text = right_panel(screen_text(app))
        for name in ("渝北区", "九龙坡区", "沙坪坝区", "石柱县", "万州区"):
            assert name in text, text


@pytest.mark.usefixtures("no_change_polling")
async def test_no_districts_at_80_columns(make_desk_app, world) -> None:
    app = make_desk_app(start="dashboard")
    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot)
        text = screen_text(app)
        assert "Enterprises by district" not in text and "璧山区" not in text
        assert not app.screen.query_one("#wide").has_class("-shown")
        await pilot.press("tab")  # nothing hidden takes the focus
        assert app.focused is app.screen.query_one("#supply")


@pytest.mark.usefixtures("no_change_polling")
async def test_the_brief_as_of_another_time_and_not_of_the_future(desk_factory, world) -> None:
    async with desk_factory(start="dashboard") as desk:
        await desk.press("b")
        assert isinstance(desk.screen, BriefScreen) and "brief-20200203-0750" in desk.text()
        await desk.press("a")
        await desk.answer("07:00")
        assert "brief-20200203-0700" in desk.text()
        await desk.press("a")
        await desk.answer("08:00")  # the clock says 07:50
        assert "2020-02-03 08:00 is in the future: a brief is of what has happened" in " ".join(desk.notices())
        assert "brief-20200203-0700" in desk.text()


@pytest.mark.parametrize(("lang", "saved", "between"), [("en", "Saved: ", ".md, "), ("zh", "已保存：", ".md、")])
async def test_the_brief_names_the_files_saved_as_the_language_writes_a_list(desk_factory, world, lang, saved,
                                                                             between) -> None:
    async with desk_factory(start="dashboard", lang=lang) as desk:
        await desk.press("b")
        assert isinstance(desk.screen, BriefScreen)
        line = str(desk.screen.query_one("#brief-saved", Static).render())
        assert line.startswith(saved) and between in line and line.endswith(".xlsx"), line


@pytest.mark.usefixtures("no_change_polling")
async def test_the_brief_reflows_when_the_terminal_is_resized(desk_factory, world) -> None:
    def lines() -> list[str]:
        return str(desk.screen.query_one("#brief-text", Static).content).splitlines()

    async with desk_factory(start="dashboard") as desk:
        await desk.press("b")
        await desk.wait_until(lambda: len(lines()) > 3, 10)
        narrow = lines()
        assert max(cell_len(line) for line in narrow[:4]) <= 78
        await desk.pilot.resize_terminal(160, 30)
        await desk.wait_until(lambda: len(lines()) < len(narrow), 10)
        assert max(cell_len(line) for line in lines()) > 80  # the sentences take the room there is
        await desk.pilot.resize_terminal(80, 24)
        await desk.wait_until(lambda: lines() == narrow, 10)
