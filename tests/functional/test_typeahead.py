"""Keys that arrive together (a fast typist, a paste, keys batched by a slow link) land where the
user meant: the letters after ``/`` go into the filter, not to the list that had the cursor."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tui.widgets import PagedTable

from .conftest import SAMPLE_NAME
from .driver import Desk


def box(desk: Desk, selector: str) -> Input:
    return desk.screen.query_one(selector, Input)


@pytest.mark.parametrize(("screen", "selector"), [("enterprises", "#filter"), ("shortages", "#filter"),
                                                  ("checkins", "#checkin-filter")])
async def test_letters_typed_right_after_slash_land_in_the_filter(desk, screen: str, selector: str) -> None:
    async with desk:
        await desk.open(screen)
        await desk.burst("/cykh")
        assert box(desk, selector).value == "cykh"


async def test_the_directory_filters_by_a_burst(desk) -> None:
    async with desk:
        await desk.burst("/cykh")
        assert desk.table().request.query == "cykh" and desk.table().cursor_row.name == SAMPLE_NAME


async def test_a_slash_typed_in_the_filter_is_text(desk) -> None:
    async with desk:
        await desk.burst("/a/b")
        assert box(desk, "#filter").value == "a/b"


async def test_a_slash_typed_in_a_date_box_of_the_screen_stays_there(desk) -> None:
    async with desk:
        await desk.open("checkins")
        await desk.press("h")  # the headcount
        await desk.fill("#hc-since", "")
        await desk.burst("2020/02/03")
        assert box(desk, "#hc-since").value == "2020/02/03" and desk.focused is box(desk, "#hc-since")


async def open_screen(desk: Desk, where: str) -> None:
    if where == "audit":
        await desk.press("ctrl+p")
        await desk.type("audit")
        await desk.press("enter")
    else:
        await desk.open(where)


@pytest.mark.parametrize(("where", "selector"), [("enterprises", "#filter"), ("shortages", "#filter"),
                                                 ("checkins", "#checkin-filter"), ("audit", "#audit-query")])
async def test_every_filter_box_has_the_same_keys(desk, where: str, selector: str) -> None:
    """``/`` opens the box, typing filters, ``enter`` goes back to the list, ``escape`` leaves the box
    first (the screen stays), and the next ``escape`` is the screen's."""
    async with desk:
        await open_screen(desk, where)
        screen, table = desk.screen, desk.focused
        assert isinstance(table, PagedTable)
        await desk.press("slash", "z")
        assert desk.focused is box(desk, selector) and table.request.query == "z"
        await desk.press("enter")
        assert desk.focused is table
        await desk.press("slash", "backspace", "escape")
        assert desk.screen is screen and desk.focused is table and table.request.query == ""
        if where == "audit":  # a screen over the others: escape closes it
            await desk.press("escape")
            assert desk.screen is not screen


async def test_the_check_in_box_shows_only_while_it_filters(desk) -> None:
    async with desk:
        await desk.open("checkins")
        assert not box(desk, "#checkin-filter").display
        await desk.filter("x")
        assert box(desk, "#checkin-filter").display  # it says what the list is filtered by
        await desk.press("u")  # another tab, not filtered: the box goes
        assert not box(desk, "#checkin-filter").display and box(desk, "#checkin-filter").value == ""
        await desk.press("r")  # back: its filter is shown again
        assert box(desk, "#checkin-filter").display and box(desk, "#checkin-filter").value == "x"
        await desk.press("slash", "backspace", "escape")
        assert not box(desk, "#checkin-filter").display
