"""When a screen reads its data: once when first shown, again on coming back from a card or form
that may have saved, and again when data changed while it was away; never twice for one showing.

Each list's service is wrapped to count the blocks of rows asked for.
"""

from __future__ import annotations

import pytest

import tui.dashboard.screen as dashboard_screen
import tui.enterprises.screen as enterprises_screen
import tui.shortages.screen as shortages_screen
from tui.dashboard.screen import DashboardScreen
from tui.enterprises.card import EnterpriseCardScreen
from tui.shortages.screen import ShortageListScreen

from .conftest import settle

SIZE = (80, 24)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often each list read a block of rows."""
    counted = {"enterprises": 0, "shortages": 0, "dashboard": 0}

    def counting(module, name: str, key: str) -> None:  # type: ignore[no-untyped-def]
        real = getattr(module, name)

        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            counted[key] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(enterprises_screen, "list_enterprises", "enterprises")
    counting(shortages_screen, "list_shortages", "shortages")
    counting(dashboard_screen, "dashboard", "dashboard")
    return counted


async def test_a_list_first_shown_after_changes_reads_its_rows_once(app, loads) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.data_generation += 3  # other sessions changed data while the shortages were never shown
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ShortageListScreen)
        assert loads["shortages"] == 1


async def test_the_directory_reads_once_at_start_and_once_back_from_a_card(app, loads) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert loads["enterprises"] == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EnterpriseCardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert loads["enterprises"] == 2  # what the card saved shows at once


async def test_a_screen_reads_again_on_return_only_when_data_changed_while_away(app, loads) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and loads["dashboard"] == 1
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")  # back, nothing changed: the figures on screen are current
        await settle(pilot)
        assert loads["dashboard"] == 1
        await pilot.press("2")
        await settle(pilot)
        app.data_generation += 1  # changed while the dashboard was away
        await pilot.press("1")
        await settle(pilot)
        assert loads["dashboard"] == 2
