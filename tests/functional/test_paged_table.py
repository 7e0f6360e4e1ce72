"""The paged table over a long list: a capped count ("1,000+"), the exact count on `end`, rows past
the cap, and the cells it paints (cut and padded by terminal cells, never half a wide character).

The list is 2,500 made-up rows, so the figures are known; the loader and counter record what the
table asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from models.services.paging import Page, PageRequest
from tui.widgets.paged_table import BLOCK, KEEP_STRIPS, Column, PagedTable, fit_plain

from .driver import Desk

CAP = 1000


@dataclass(frozen=True)
class Row:
    id: int
    name: str


class Rows:
    """A list of ``size`` rows (those containing ``request.query``), and what was asked of it."""

    def __init__(self, size: int) -> None:
        self.rows = [Row(i, f"企业{i:05d}") for i in range(size)]
        self.counts: list[int | None] = []  # the at_most of each count (None: exact)

    def matching(self, request: PageRequest) -> list[Row]:
        return [r for r in self.rows if request.query in r.name]

    def load(self, request: PageRequest) -> Page[Row]:
        return Page(self.matching(request)[request.offset:request.offset + request.limit], request.offset)

    def count(self, request: PageRequest, at_most: int | None = None) -> int:
        self.counts.append(at_most)
        found = len(self.matching(request))
        return found if at_most is None else min(found, at_most + 1)


class TableApp(App[None]):
    def __init__(self, rows: Rows, count_cap: int | Callable[[PageRequest], int | None] | None = CAP) -> None:
        super().__init__()
        self.rows = rows
        self.count_cap = count_cap
        self.highlighted: list[Row | None] = []  # the row of each Highlighted message, in order

    def on_paged_table_highlighted(self, message: PagedTable.Highlighted) -> None:
        self.highlighted.append(message.row)

    def compose(self) -> ComposeResult:
        yield PagedTable(columns=[Column("id", "Id", 6, align="right"), Column("name", "Name", 20, flex=1)],
                         loader=self.rows.load, counter=self.rows.count, request=PageRequest(),
                         count_cap=self.count_cap)


def subtitle(desk: Desk) -> str:
    return str(desk.table().border_subtitle)


async def test_a_long_list_counts_to_the_cap_and_says_so() -> None:
    rows = Rows(2500)
    async with Desk(TableApp(rows)) as desk:
        assert subtitle(desk).startswith("1–22 of 1,000+")
        assert rows.counts == [CAP]  # never the exact count of every row
        assert desk.table().more and desk.table().cursor_row == rows.rows[0]


async def test_a_short_list_shows_its_exact_count() -> None:
    rows = Rows(2500)
    async with Desk(TableApp(rows)) as desk:
        desk.table().set_query("企业012")  # 企业01200 … 企业01299: 100 rows
        await desk.settle()
        assert subtitle(desk).startswith("1–22 of 100 ")
        assert not desk.table().more


async def test_end_asks_for_the_exact_count_and_goes_to_the_last_row() -> None:
    rows = Rows(2500)
    async with Desk(TableApp(rows)) as desk:
        await desk.press("end")
        table = desk.table()
        assert rows.counts[-1] is None
        assert table.cursor_row == rows.rows[-1] and table.total == 2500 and not table.more
        assert subtitle(desk).startswith("2,479–2,500 of 2,500")
        await desk.press("home")
        assert table.cursor_row == rows.rows[0]


async def test_rows_past_the_cap_can_be_reached_and_raise_the_floor() -> None:
    rows = Rows(2500)
    async with Desk(TableApp(rows)) as desk:
        table = desk.table()
        for _ in range(50):  # 21 rows a page: past row 1,000 after 48 pages
            await desk.press("pagedown")
        assert table.cursor > CAP and table.cursor_row == rows.rows[table.cursor]
        assert table.more and table.total >= table.cursor + 1
        floor = int(subtitle(desk).split(" of ")[1].split("+")[0].replace(",", ""))
        assert CAP < floor <= table.total and floor % BLOCK == 0  # the rows known to exist, by blocks
        assert None not in rows.counts  # still no exact count


async def test_the_floor_becomes_exact_at_the_end_of_the_rows() -> None:
    rows = Rows(1050)  # the cap is passed, the next block is the last
    async with Desk(TableApp(rows)) as desk:
        table = desk.table()
        assert table.more
        for _ in range(52):
            await desk.press("pagedown")
        assert table.total == 1050 and not table.more
        assert table.cursor_row == rows.rows[-1]
        assert "of 1,050" in subtitle(desk) and "+" not in subtitle(desk)


async def test_without_a_cap_the_count_is_exact() -> None:
    rows = Rows(2500)
    async with Desk(TableApp(rows, count_cap=None)) as desk:
        assert subtitle(desk).startswith("1–22 of 2,500")
        assert rows.counts == [None]


async def test_the_cap_may_depend_on_the_request() -> None:
    """The directory counts exactly until a text filter is typed, then up to the cap."""
    rows = Rows(2500)
    async with Desk(TableApp(rows, count_cap=lambda request: CAP if request.query else None)) as desk:
        assert subtitle(desk).startswith("1–22 of 2,500") and rows.counts == [None]
        desk.table().set_query("企业")
        await desk.settle()
        assert subtitle(desk).startswith("1–22 of 1,000+") and rows.counts[-1] == CAP


async def test_a_changed_row_is_painted_anew() -> None:
    """Painted lines are kept per row; a row whose data changed must not show its old line."""
    rows = Rows(50)
    async with Desk(TableApp(rows)) as desk:
        assert "企业00000" in desk.rows()[1]
        rows.rows[0] = Row(0, "茶园康护")
        desk.table().refresh_data()
        await desk.settle()
        assert "茶园康护" in desk.rows()[1] and "企业00000" not in desk.rows()[1]


async def test_the_cursor_says_which_record_it_highlights() -> None:
    """``Highlighted`` comes when another record is under the cursor: a key, or the rows of a filter."""
    rows = Rows(200)
    app = TableApp(rows)
    async with Desk(app) as desk:
        table = desk.table()
        assert app.highlighted == [rows.rows[0]]  # the first rows arrived under the cursor
        await desk.press("down", "down")
        assert table.cursor == 2 and app.highlighted[-2:] == [rows.rows[1], rows.rows[2]]
        await desk.press("up", "up", "up")  # the third "up" stays on the first row: no message
        assert table.cursor == 0 and app.highlighted[-2:] == [rows.rows[1], rows.rows[0]]
        count = len(app.highlighted)
        table.set_query("企业0015")  # 企业00150 … 企业00159
        await desk.settle()
        assert app.highlighted[count:][-1] == rows.rows[150]
        table.set_query("nothing matches")
        await desk.settle()
        assert app.highlighted[-1] is None and table.cursor_row is None


async def test_the_end_moves_the_cursor_and_scrolls_its_row_into_view() -> None:
    rows = Rows(200)
    app = TableApp(rows)
    async with Desk(app) as desk:
        table = desk.table()
        await desk.press("end")
        assert table.cursor == 199 and app.highlighted[-1] == rows.rows[199]
        assert "企业00199" in desk.rows()[-1]  # the last line of the table
        table.cursor = 5  # set from outside, like DataTable's cursor_coordinate
        await desk.settle()
        assert table.scroll_offset.y == 5 and app.highlighted[-1] == rows.rows[5]


class SlowRows(Rows):
    """Rows whose loads for the query "slow" wait until ``release`` is set."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.release = threading.Event()

    def load(self, request: PageRequest) -> Page[Row]:
        if request.query == "slow":
            self.release.wait(10)
        return super().load(request)


async def test_rows_of_a_replaced_request_never_show() -> None:
    """A load that comes back after a newer request (the next key typed) is dropped."""
    rows = SlowRows(200)
    async with Desk(TableApp(rows)) as desk:
        table = desk.table()
        table.set_query("slow")
        await desk.pilot.pause()
        table.set_query("企业0010")
        await desk.settle()
        rows.release.set()  # the older load ends after the newer one
        await desk.settle()
        assert table.request.query == "企业0010" and table.total == 10
        assert table.cursor_row == rows.rows[100] and "企业00100" in desk.rows()[1]


@given(st.text(max_size=40), st.integers(min_value=1, max_value=30), st.sampled_from(["left", "right"]))
def test_a_cell_is_exactly_its_width_with_no_control_characters(value: str, width: int, align: str) -> None:
    cell = fit_plain(value, width, align)
    assert cell_len(cell) == width
    assert not any(ord(c) < 32 or ord(c) == 127 for c in cell)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40), st.integers(min_value=1, max_value=30))
def test_a_cut_cell_is_a_prefix_and_an_ellipsis(value: str, width: int) -> None:
    cell = fit_plain(value, width)
    if cell_len(value) > width:
        shown = cell.rstrip(" ")
        assert shown.endswith("…") and value.startswith(shown[:-1])
    else:
        assert cell.startswith(value)


async def test_a_reload_that_reads_the_same_rows_paints_nothing() -> None:
    """Another session's change reloads every list shown: one that reads what it shows already
    neither repaints nor says "counting…" meanwhile; a row that changed is painted."""
    rows = Rows(100)
    async with Desk(TableApp(rows, count_cap=None)) as desk:
        table = desk.table()
        painted: list[None] = []
        real = table.refresh
        table.refresh = lambda *a, **k: painted.append(None) or real(*a, **k)  # type: ignore[method-assign]
        said: list[str] = []
        real_subtitle = type(table)._update_subtitle

        def saying(self: PagedTable) -> None:
            real_subtitle(self)
            said.append(str(self.border_subtitle))

        table._update_subtitle = saying.__get__(table)  # type: ignore[method-assign]
        before = subtitle(desk)
        table.refresh_data()
        await desk.settle()
        assert painted == [] and subtitle(desk) == before
        assert all("counting" not in line for line in said)
        rows.rows[3] = Row(3, "企业00003（已改名）")
        table.refresh_data()
        await desk.settle()
        assert painted and "已改名" in desk.text()


async def test_a_reload_paints_again_when_the_clock_moved_the_cells() -> None:
    """A list whose cells move with the clock (a shortage's age) says so with a stamp: a reload
    that reads the same rows paints them again once the stamp moved (the minute), not before."""
    rows, minute = Rows(30), ["10:00"]
    app = TableApp(rows, count_cap=None)
    async with Desk(app) as desk:
        table = desk.table()
        table.stamp = lambda: minute[0]
        table.refresh_data()
        await desk.settle()
        painted: list[None] = []
        real = table.refresh
        table.refresh = lambda *a, **k: painted.append(None) or real(*a, **k)  # type: ignore[method-assign]
        table.refresh_data()
        await desk.settle()
        assert painted == []
        minute[0] = "10:01"
        table.refresh_data()
        await desk.settle()
        assert painted


async def test_a_long_session_keeps_the_lines_of_its_screen_not_of_every_minute() -> None:
    """Lines painted at a minute that has passed are never shown again: they are let go when the
    stamp moves (2,000 of them were 9 MB of a shortage list open for two hours), and however far the
    cursor travels, at most ``KEEP_STRIPS`` lines are kept."""
    rows, minute = Rows(2 * KEEP_STRIPS), [0]
    async with Desk(TableApp(rows, count_cap=None)) as desk:
        table = desk.table()
        table.stamp = lambda: minute[0]
        for minute[0] in range(1, 30):
            table.refresh()
            await desk.settle()
        on_screen = table.size.height - 1  # the header line is not a row's
        assert 0 < len(table._strips) <= on_screen  # the lines of the last minute only
        for _ in range(KEEP_STRIPS // on_screen + 3):
            await desk.press("pagedown")
        assert len(table._strips) <= KEEP_STRIPS
        assert f"企业{table.cursor:05d}" in desk.text()  # the screen still shows the rows it is at
