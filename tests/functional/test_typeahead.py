"""Keys that arrive together (a fast typist, a paste, keys batched by a slow link) land where the
user meant: the letters after ``/`` go into the filter, not to the list that had the cursor."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from tui.widgets import PagedTable

from .conftest import SAMPLE_NAME, settle

SIZE = (80, 24)


def burst(app, keys: str) -> None:  # type: ignore[no-untyped-def]
    """Post every key at once, as a terminal delivers a burst of input (no waiting between keys)."""
    for char in keys:
        key = "slash" if char == "/" else char
        app.post_message(events.Key(key, char))


@pytest.mark.parametrize(("screen_key", "box"), [("2", "#filter"), ("3", "#filter"), ("4", "#checkin-filter")])
async def test_letters_typed_right_after_slash_land_in_the_filter(app, screen_key: str, box: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(screen_key)
        await settle(pilot)
        burst(app, "/cykh")
        await settle(pilot)
        assert app.screen.query_one(box, Input).value == "cykh"


async def test_the_directory_filters_by_a_burst(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "/cykh")
        await settle(pilot)
        table = app.screen.query_one(PagedTable)
        assert table.request.query == "cykh" and table.cursor_row.name == SAMPLE_NAME


async def test_a_slash_typed_in_the_filter_is_text(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "/a/b")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "a/b"


async def test_a_slash_typed_in_a_date_box_of_the_screen_stays_there(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        app.screen.tabs.active = "headcount"
        await settle(pilot)
        box = app.screen.query_one("#hc-since", Input)
        box.focus()
        box.value = ""
        await settle(pilot)
        burst(app, "2020/02/03")
        await settle(pilot)
        assert box.value == "2020/02/03" and app.screen.focused is box


async def open_screen(app, pilot, where: str):  # type: ignore[no-untyped-def]
    if where == "audit":
        app.action_audit()
    else:
        await pilot.press(where)
    await settle(pilot)


@pytest.mark.parametrize(("where", "box"), [("2", "#filter"), ("3", "#filter"), ("4", "#checkin-filter"),
                                            ("audit", "#audit-query")])
async def test_every_filter_box_has_the_same_keys(app, where: str, box: str) -> None:
    """``/`` opens the box, typing filters, ``enter`` goes back to the list, ``escape`` leaves the box
    first (the screen stays), and the next ``escape`` is the screen's."""
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, where)
        screen, table = app.screen, app.screen.focused
        assert isinstance(table, PagedTable)
        await pilot.press("slash", "z")
        await settle(pilot)
        assert app.screen.focused is screen.query_one(box, Input) and table.request.query == "z"
        await pilot.press("enter")
        assert app.screen.focused is table
        await pilot.press("slash", "backspace", "escape")
        await settle(pilot)
        assert app.screen is screen and app.screen.focused is table and table.request.query == ""
        if where == "audit":  # a screen over the others: escape closes it
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is not screen


async def test_the_check_in_box_shows_only_while_it_filters(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        box = app.screen.query_one("#checkin-filter", Input)
        assert not box.display
        await pilot.press("slash", "x", "enter")
        await settle(pilot)
        assert box.display  # it says what the list is filtered by
        await pilot.press("u")  # another tab, not filtered: the box goes
        await settle(pilot)
        assert not box.display and box.value == ""
        await pilot.press("r")  # back: its filter is shown again
        await settle(pilot)
        assert box.display and box.value == "x"
        await pilot.press("slash", "backspace", "escape")
        await settle(pilot)
        assert not box.display
