"""The app shell at 80x24, driven by keys: screens, help, palette, the enterprise list, its card,
the read-only banner and failures of database work. Assertions are on what the user sees (rendered
lines, the status line under the table, the header) or on what is stored.
"""

from __future__ import annotations

import re
import threading

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.command import CommandPalette
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Input, Static

from tui.checkins.screen import CheckInScreen
from tui.dashboard.screen import DashboardScreen
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.screen import EnterpriseListScreen
from tui.shell.help import HelpScreen
from tui.shortages.screen import ShortageListScreen
from tui.widgets import PagedTable

from .conftest import (
    LONG_NAME,
    SAMPLE_CODE,
    SAMPLE_NAME,
    SAMPLE_SHORT,
    SHIZHU_NAME,
    notifications,
    press_text,
    screen_text,
    settle,
)

SIZE = (80, 24)
TOTAL = 61


def table_of(app) -> PagedTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(PagedTable)


def table_lines(table: PagedTable) -> list[str]:
    """The table's rendered lines: the header, then one line per visible row."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def status_line(table: PagedTable) -> str:
    """The status under the table ("1–19 of 61 · sort: Name ↑")."""
    subtitle = table.border_subtitle  # kept as Textual markup: read it the way it is drawn
    return subtitle.plain if isinstance(subtitle, Text) else Content.from_markup(str(subtitle)).plain


def visible_span(table: PagedTable) -> tuple[int, int, int]:
    """(first, last, total) of the status line, 1-based as the user reads it."""
    match = re.match(r"([\d,]+)–([\d,]+) of ([\d,]+)", status_line(table))
    assert match, status_line(table)
    first, last, total = (int(g.replace(",", "")) for g in match.groups())
    return first, last, total


def first_row(table: PagedTable) -> str:
    return table_lines(table)[1]


def help_text(app) -> str:  # type: ignore[no-untyped-def]
    """The help's lines as shown, all of them (those scrolled out of sight too)."""
    text = app.screen.query_one("#help-text", Static)
    return "\n".join(strip.text for strip in text.render_lines(Region(0, 0, *text.size)))


async def filter_by(pilot, text: str) -> PagedTable:  # type: ignore[no-untyped-def]
    """``/`` then the characters one key at a time, as a cadre types them."""
    await pilot.press("slash")
    await press_text(pilot, text)
    return table_of(pilot.app)


# --- navigation -----------------------------------------------------------------------------------


async def test_number_keys_switch_between_the_four_screens(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "enterprises" and isinstance(app.screen, EnterpriseListScreen)
        for key, mode, screen in (
            ("1", "dashboard", DashboardScreen),
            ("3", "shortages", ShortageListScreen),
            ("4", "checkins", CheckInScreen),
            ("2", "enterprises", EnterpriseListScreen),
            ("1", "dashboard", DashboardScreen),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode
            assert isinstance(app.screen, screen)
        assert "Enterprises" in screen_text(app)  # the dashboard's figures arrived
        assert re.search(r"Not resumed\s+46", screen_text(app))
        assert re.search(r"Resumed\s+15", screen_text(app))


async def test_help_lists_the_keys_of_the_current_screen_and_escape_closes_it(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app)
        assert "The directory of makers." in text
        assert re.search(r"/\s+Filter — Type Chinese, pinyin or initials", text)
        assert re.search(r"s\s+Sort — Sort by the marked column; again to reverse", text)
        assert re.search(r"enter\s+Open", text)
        assert re.search(r"q\s+Quit", text)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)

        await pilot.press("1", "question_mark")  # another screen, other keys
        await settle(pilot)
        text = help_text(app)
        assert "The overview" in text
        assert "Filter" not in text and "Sort" not in text
        await pilot.press("question_mark")  # ? again closes too
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_help_is_translated(zh_app) -> None:
    async with zh_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = help_text(zh_app)
        assert "生产企业名录" in text
        assert re.search(r"/\s+筛选 — 输入中文、拼音或首字母", text)
        assert re.search(r"s\s+排序 — 按所选列排序，再按一次反向", text)
        assert "Esc 关闭" in screen_text(zh_app)
        assert "Filter" not in text and "Sort" not in text


async def test_command_palette_offers_the_screens(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await press_text(pilot, "screen")
        shown = screen_text(app)
        for title in ("screen: Dashboard", "screen: Enterprises", "screen: Shortages", "screen: Check-ins"):
            assert title in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)


async def test_a_palette_command_switches_the_screen(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await press_text(pilot, "screen: check")
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "checkins"
        assert isinstance(app.screen, CheckInScreen)


async def test_q_quits(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code in (None, 0)


# --- the enterprise list --------------------------------------------------------------------------


async def test_the_list_opens_with_data_and_a_status_line(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.total == TOTAL
        assert status_line(table) == f"1–19 of {TOTAL} · sort: Name ↑"
        assert table.cursor_row.name == SAMPLE_NAME  # 茶园 (chayuan) sorts before 重庆 (chongqing)
        lines = table_lines(table)
        assert lines[0].startswith("Name ↑")
        assert lines[1].startswith("茶园康护医疗用品")
        assert "南岸区" in lines[1]
        assert all("…" != line.strip() for line in lines[1:]), "placeholders left on screen"
        shown = screen_text(app)
        assert "coord (coordinator) 07:50" in shown.splitlines()[0]  # header: login, role, pinned time
        assert f"1–19 of {TOTAL}" in shown


@pytest.mark.parametrize(
    "query",
    [pytest.param("茶园", id="chinese"), pytest.param("chayuan", id="pinyin"), pytest.param("cykh", id="initials"),
     pytest.param(SAMPLE_CODE, id="credit-code"), pytest.param("CHAYUAN", id="upper-case")],
)
async def test_filter_finds_the_sample_enterprise(app, query: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await filter_by(pilot, query)
        assert app.screen.query_one("#filter", Input).value == query
        assert table.total == 1
        assert table.cursor_row.name == SAMPLE_NAME
        assert table_lines(table)[1].startswith("茶园康护")
        assert status_line(table) == f"1–1 of 1 · filter: {query} · sort: Name ↑"
        await pilot.press("enter")  # leaves the filter box, back on the table
        await settle(pilot)
        assert table.has_focus


async def test_filter_terms_must_all_match(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await filter_by(pilot, "重庆 渝北")
        assert table.total == 7  # six trades and the long name, all in 渝北
        assert all("渝北" in row for row in table_lines(table)[1:8])


async def test_a_query_that_matches_nothing_says_no_records(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await filter_by(pilot, "xyzzy")
        assert table.total == 0
        assert table.cursor_row is None
        assert status_line(table).startswith("no records")
        await pilot.press("escape", "enter")  # enter on an empty list opens nothing
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)


@pytest.mark.parametrize("query", ["[bold]", "[/bold]", "100%", "a_b", "{name}", "\\"])
async def test_markup_and_wildcards_in_the_query_are_taken_literally(app, query: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await filter_by(pilot, query)
        assert app.is_running
        assert table.total == 0
        assert status_line(table) == f"no records · filter: {query} · sort: Name ↑"
        assert f"filter: {query}" in screen_text(app)  # drawn as typed, not read as markup
        await pilot.press("escape", "down", "enter")  # back on the empty table: nothing to open
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, EnterpriseListScreen)


async def test_clearing_the_filter_brings_everything_back(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await filter_by(pilot, "cykh")
        assert table.total == 1
        for _ in "cykh":
            await pilot.press("backspace")
        await settle(pilot)
        assert table.total == TOTAL
        assert status_line(table).startswith(f"1–19 of {TOTAL}")


@pytest.mark.parametrize(("lang", "label"), [("en", "District"), ("zh", "区县")])
@pytest.mark.parametrize(("query", "district"),
                         [("yubei", "渝北区"), ("shizhu", "石柱县")])  # short form of 石柱土家族自治县
async def test_wide_names_are_cut_to_their_columns(make_desk_app, lang, label, query, district) -> None:
    """The long name and the longest district name are cut; every column still starts where its header does."""
    app = make_desk_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await filter_by(pilot, query)
        lines = table_lines(table)
        width = table.scrollable_content_region.width
        assert all(cell_len(line) == width for line in lines)
        column = cell_len(lines[0][: lines[0].index(label)])
        rows = [line for line in lines[1:] if line.strip()]
        assert rows and len(rows) == table.total
        for line in rows:
            assert cell_len(line[: line.rfind(district)]) == column, line
        if query == "yubei":
            assert any(line.startswith("重庆市渝北区两路") for line in rows)  # the long name, cut
            assert LONG_NAME not in "".join(rows)


# --- sorting --------------------------------------------------------------------------------------


async def test_s_reverses_the_sort_of_the_marked_column(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert first_row(table).startswith("茶园康护")
        await pilot.press("s")
        await settle(pilot)
        assert table.request.sort == "name" and table.request.descending is True
        assert table_lines(table)[0].startswith("Name ↓")
        assert first_row(table).startswith(SHIZHU_NAME[:8])  # shizhu… sorts last by pinyin
        assert status_line(table).endswith("sort: Name ↓")
        await pilot.press("s")
        await settle(pilot)
        assert table.request.descending is False
        assert first_row(table).startswith("茶园康护")


async def test_right_and_left_move_the_marked_column(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.columns[table.marked].key == "name"
        await pilot.press("right")
        assert table.columns[table.marked].key == "district"
        await pilot.press("s")
        await settle(pilot)
        assert (table.request.sort, table.request.descending) == ("district", False)
        assert status_line(table).endswith("sort: District ↑")
        assert "万州区" in first_row(table)  # districts in their official order: 万州区 first
        await pilot.press("s")
        await settle(pilot)
        assert (table.request.sort, table.request.descending) == ("district", True)
        assert "石柱土" in first_row(table)  # the autonomous county is the last district here
        await pilot.press("left")
        assert table.columns[table.marked].key == "name"
        await pilot.press("left")  # wraps round to the last column
        assert table.columns[table.marked].key == "last_report"


async def test_every_shown_column_of_the_directory_sorts(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        for column in table._current_layout().columns:
            while table.columns[table.marked] is not column:
                await pilot.press("right")
            await pilot.press("s")
            await settle(pilot)
            assert (table.request.sort, table.request.descending) == (column.sort, column.sort == "name")
        assert notifications(app) == []


async def test_a_column_without_sort_key_says_so(app) -> None:
    from dataclasses import replace

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        output = next(i for i, c in enumerate(table.columns) if c.key == "output")
        table.columns = list(table.columns)  # this table's own copy: the screen's list is shared
        table.columns[output] = replace(table.columns[output], sort=None)  # as a list without that sort
        table._layout = type(table._layout)()  # refit with the changed column
        while table.columns[table.marked].key != "output":
            await pilot.press("right")
        await pilot.press("s")
        await settle(pilot)
        assert [n.message for n in notifications(app)] == ["This column cannot be sorted"]
        assert table.request.sort == "name"


async def test_the_marked_column_is_always_one_that_is_shown(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        for _ in range(len(table.columns)):
            await pilot.press("right")
            header = table.render_line(0)
            marked = [segment.text.strip() for segment in header if segment.style and segment.style.reverse]
            assert marked, f"no marked column in the header after marking {table.columns[table.marked].key!r}"


async def test_a_sort_starts_at_the_top_of_the_new_order(app) -> None:
    """A new order is read from its top; the cursor row is the first one and on screen."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("pagedown")
        await pilot.press("s")  # 茶园康护 moves from first to last
        await settle(pilot)
        assert table.cursor == 0 and table.cursor_row.name != SAMPLE_NAME
        first, last, _ = visible_span(table)
        assert first == 1 <= last


# --- paging ---------------------------------------------------------------------------------------


async def test_pagedown_end_and_home_move_the_cursor(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press("down")
        assert table.cursor == 1
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.cursor > 10
        paged = table.cursor_row
        assert paged is not None and paged.name != SAMPLE_NAME
        first, last, total = visible_span(table)
        assert first <= table.cursor + 1 <= last and total == TOTAL
        await pilot.press("pagedown")
        await settle(pilot)
        assert visible_span(table)[0] > 1  # the view followed the cursor
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == TOTAL - 1
        assert table.cursor_row.name == SHIZHU_NAME
        assert visible_span(table) == (TOTAL - 18, TOTAL, TOTAL)
        assert table_lines(table)[-1].startswith(SHIZHU_NAME[:8])
        await pilot.press("down")  # nothing below the last record
        assert table.cursor == TOTAL - 1
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor == 0 and visible_span(table)[0] == 1
        assert table.cursor_row.name == SAMPLE_NAME


async def test_refresh_keeps_the_cursor_on_its_record_when_a_new_one_sorts_before_it(app, desk_db, coord) -> None:
    from models.enterprise import EnterpriseCreate
    from models.services.enterprises import create_enterprise
    from models.services.reference import district_by_name

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        await pilot.press(*["down"] * 5)
        before = table.cursor_row
        assert table.cursor == 5
        with desk_db.session() as session:
            jiangbei = district_by_name(session, "江北区").id
            create_enterprise(session, actor=coord, data=EnterpriseCreate(
                name="安康医用防护用品有限公司", district_id=jiangbei))  # ankang… sorts before chayuan…
        table.refresh_data()
        await settle(pilot)
        assert table.total == TOTAL + 1
        assert table.cursor_row.id == before.id
        assert table.cursor == 6
        assert first_row(table).startswith("安康医用防护用品")
        assert status_line(table).startswith(f"1–19 of {TOTAL + 1}")


# --- the card -------------------------------------------------------------------------------------


async def test_enter_opens_the_card_and_escape_returns(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = await filter_by(pilot, "cykh")
        await pilot.press("enter", "enter")  # leave the filter, open the row
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        shown = screen_text(app)
        assert SAMPLE_NAME in shown
        assert re.search(rf"Short name\s+{SAMPLE_SHORT}", shown)
        assert re.search(r"Park\s+茶园新区", shown)
        assert re.search(r"Products\s+Disposable medical mask", shown)
        assert re.search(r"Status\s+Not resumed", shown)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseListScreen)
        assert table_of(app) is table and table.total == 1  # the filter is kept


async def test_the_card_shows_a_long_name_whole(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await filter_by(pilot, "konggang")  # 空港, in the long name only
        await pilot.press("enter", "enter")
        await settle(pilot)
        title = str(app.screen.query_one("#card-title", Static).render())
        assert title == LONG_NAME
        assert LONG_NAME[-10:] in screen_text(app).replace("\n", "").replace(" ", "")


# --- who is acting --------------------------------------------------------------------------------


async def test_a_login_that_is_not_a_cadre_sees_the_read_only_banner(make_desk_app) -> None:
    app = make_desk_app(login="visitor")
    assert app.ctx.read_only
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "Read-only: login visitor is not a cadre with write rights" in shown
        assert "visitor (viewer) 07:50" in shown.splitlines()[0]
        assert table_of(app).total == TOTAL  # reading works


async def test_the_coordinator_sees_no_banner(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Read-only" not in screen_text(app)
        assert not app.screen.query("#read-only")


async def test_the_read_only_banner_is_translated(make_desk_app) -> None:
    app = make_desk_app(login="visitor", lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "只读：登录名 visitor 未对应有编辑权限的干部" in screen_text(app)


@pytest.mark.parametrize(("lang", "ending", "path"), [
    ("zh", "coord（协调人员） 07:50", "supplydesk.db"),
    ("en", "coord (coordinator) 07:50", "…"),
])
async def test_the_header_keeps_login_and_time_with_a_long_path(make_desk_app, tmp_path, lang: str, ending: str,
                                                                 path: str) -> None:
    import shutil

    deep = tmp_path / "a-rather-long-folder-name-for-the-working-group" / "shared"
    deep.mkdir(parents=True)
    shutil.copy2(tmp_path / "supplydesk.db", deep / "supplydesk.db")
    make_desk_app.url = f"sqlite:///{deep / 'supplydesk.db'}"
    app = make_desk_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert header.rstrip().endswith(ending)
        assert path in header and "supplydesk.db" in header  # the path is cut at its start, never the file


# --- failures of database work ----------------------------------------------------------------------


def fail_once(table: PagedTable, error: BaseException) -> list:
    """Make the table's loader raise ``error`` on its next call only; returns the calls made."""
    calls: list = []
    loader = table.loader

    def flaky(request):  # type: ignore[no-untyped-def]
        calls.append(request)
        if len(calls) == 1:
            raise error
        return loader(request)

    table.loader = flaky
    return calls


def locked() -> BaseException:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    return OperationalError("SELECT enterprise.id …", {}, sqlite3.OperationalError("database is locked"))


async def test_after_a_failed_load_the_app_keeps_running_and_a_refresh_recovers(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        fail_once(table, locked())
        table.refresh_data()
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, EnterpriseListScreen)
        table.refresh_data()
        await settle(pilot)
        assert table.cursor_row.name == SAMPLE_NAME
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)


async def test_a_failed_load_shows_an_error_notification(app) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        table = table_of(app)
        fail_once(table, locked())
        table.refresh_data()
        await settle(pilot)
        shown = [(n.severity, n.title, n.message) for n in notifications(app)]
        assert ("error", "Error", "The database is busy; try again in a moment") in shown
        assert "The database is busy" in screen_text(app)


async def test_rows_of_a_failed_load_are_asked_for_again(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        calls = fail_once(table, locked())
        table.refresh_data()
        await settle(pilot)
        await pilot.press("down")  # the user moves on the placeholder rows
        table.refresh()
        await settle(pilot)
        assert len(calls) > 1
        assert table.cursor_row is not None


@pytest.mark.parametrize("message", ["plain failure", "[red]coloured[/red]"])
async def test_the_app_shows_its_own_workers_failures(app, message: str) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)

        def broken() -> None:
            raise RuntimeError(message)

        app.run_worker(broken, thread=True, exit_on_error=False)
        await settle(pilot)
        assert app.is_running
        assert [(n.severity, n.title, n.message) for n in notifications(app)] == [("error", "Error", message)]


@pytest.mark.parametrize("message", ["no such column: [/bold]", "[red]coloured[/red]"])
async def test_an_error_text_is_shown_literally_in_the_toast(app, message: str) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)

        def broken() -> None:
            raise RuntimeError(message)

        app.run_worker(broken, thread=True, exit_on_error=False)
        await settle(pilot)
        assert app.is_running
        assert message in screen_text(app)


# --- layout -----------------------------------------------------------------------------------------


async def test_the_columns_fit_the_same_whether_rows_come_early_or_late(make_desk_app, monkeypatch) -> None:
    import tui.enterprises.screen as screen_module

    gate = threading.Event()
    for name in ("list_enterprises", "count_enterprises"):
        real = getattr(screen_module, name)

        def gated(*args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            gate.wait(10)
            return _real(*args, **kwargs)

        monkeypatch.setattr(screen_module, name, gated)
    app = make_desk_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):  # until the table is laid out (and fitted) without any rows
            await pilot.pause()
            if isinstance(app.screen, EnterpriseListScreen) and table_of(app).size.width:
                break
        await pilot.pause()
        assert table_of(app).total is None
        gate.set()
        await settle(pilot)
        table = table_of(app)
        late = table_lines(table)[:3]
        await pilot.resize_terminal(81, 24)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert table_lines(table)[:3] == late
