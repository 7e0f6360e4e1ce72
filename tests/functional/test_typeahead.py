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
