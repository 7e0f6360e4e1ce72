"""The dashboard's stock panel (key ``k``) at 80×24, in both languages: days of supply with the items
under the warning threshold marked, the pipeline per district and designated hospital, the delivery
unsigned for more than 24 hours, the verbal order owing paper and the oldest unfilled request."""

from __future__ import annotations

from itertools import count

import pytest
from rich.cells import cell_len

from tests.conftest import Factory
from tests.unit.stock_history import AS_OF, build_stock_world

from .conftest import screen_text
from .dashboard_world import shown


@pytest.fixture
def stocked(desk_db, coord, pinned_clock) -> None:  # type: ignore[no-untyped-def]
    pinned_clock.set(AS_OF)
    with desk_db.session() as session:
        build_stock_world(session, coord, Factory(session=session, coordinator=coord, serial=count(1)))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_stock_panel_fits_and_says_what_needs_attention(make_desk_app, stocked, lang: str) -> None:
    app = make_desk_app(start="dashboard", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("k")
        await shown(pilot)
        text = screen_text(app)
        assert all(cell_len(line) <= 80 for line in text.splitlines())
        # what needs doing is on the first screen, no scrolling (the mouse wheel was the only way to it)
        if lang == "en":
            assert "Unsigned: CK-20200202-001" in text and "Paper owed: DB-20200202-001" in text
            assert "Oldest unfilled request: XQ-20200203-001" in text
            assert "Consignments on the way: 0" in text
        else:
            assert "未签收" in text and "XQ-20200203-001" in text
        # the tables below are reached with the keys: the focused table comes into view
        await pilot.press("tab")
        await shown(pilot)
        below = screen_text(app)
        if lang == "en":
            assert "Days of supply · ▼ under 3 days" in below
            assert "▼Protective (N95) mask" in below and "0.3d" in below
        else:
            assert "可供天数" in below and "▼医用防护口罩" in below
        await pilot.press("tab")
        await shown(pilot)
        if lang == "en":  # the pipeline, by district
            assert "Yuzhong" in screen_text(app) or "渝中区" in screen_text(app)
        await pilot.press("k")  # back to the supply figures
        await shown(pilot)
        assert app.screen.query_one("#supply").display
