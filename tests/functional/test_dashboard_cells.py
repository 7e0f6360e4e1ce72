"""A change reaching the dashboard changes the cells that differ: the supply table is not cleared
and refilled, its cursor and scroll stay, the new figure shows (80×24, both languages)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from .conftest import screen_text
from .dashboard_world import B_NAME, World, build_world, elsewhere, shown, supply_lines
from .test_live_updates import wait_until


@pytest.fixture
def world(desk_db, coord, pinned_clock) -> World:  # type: ignore[no-untyped-def]
    return build_world(desk_db, coord, pinned_clock)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_reload_changes_cells_in_place(make_desk_app, world, desk_url, lang: str) -> None:  # type: ignore[no-untyped-def]
    app = make_desk_app(start="dashboard", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        supply = app.screen.query_one("#supply", DataTable)
        await pilot.press("down", "down", "down")
        key = supply.coordinate_to_cell_key(supply.cursor_coordinate).row_key
        scroll = (supply.scroll_x, supply.scroll_y)
        cleared: list[bool] = []
        real_clear = supply.clear

        def clear(columns: bool = False) -> DataTable:  # type: ignore[type-arg]
            cleared.append(columns)
            return real_clear(columns)

        supply.clear = clear  # type: ignore[method-assign]
        before = [line for line in supply_lines(screen_text(app)) if "700" in line]
        assert before  # the suits' stock, yesterday
        await wait_until(pilot, lambda: app.data_marker is not None, 20)
        elsewhere(desk_url, ("report", B_NAME, "SUIT", "2020-02-02", 0, 900))  # 700 → 900, as wide
        await wait_until(pilot, lambda: any("900" in line for line in supply_lines(screen_text(app))), 20)
        await shown(pilot)
        assert cleared == []  # no refill: the cells changed in place
        assert supply.coordinate_to_cell_key(supply.cursor_coordinate).row_key == key and supply.cursor_row == 3
        assert (supply.scroll_x, supply.scroll_y) == scroll
        assert app.focused is supply
        assert all(len(line) <= 80 for line in screen_text(app).splitlines())
