"""When a screen reads its data: once when first shown; again when data changed, here or elsewhere,
at once if it is in view, else when it comes back into view; never twice for one change.

Each screen's service is wrapped to count its reads.
"""

from __future__ import annotations

import pytest

import models.services.dashboard_refresh as dashboard_refresh
import tui.enterprises.card as card_screen
import tui.enterprises.screen as enterprises_screen
import tui.shortages.screen as shortages_screen
from models.settings import Settings, install
from tui.dashboard.screen import DashboardScreen
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.form import EnterpriseFormScreen
from tui.shortages.screen import ShortageListScreen

from .conftest import settle

SIZE = (80, 24)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often each screen read its data (a list: a block of rows)."""
    counted = {"enterprises": 0, "shortages": 0, "dashboard": 0, "card": 0}

    def counting(module, name: str, key: str) -> None:  # type: ignore[no-untyped-def]
        real = getattr(module, name)

        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            counted[key] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(enterprises_screen, "list_enterprises", "enterprises")
    counting(shortages_screen, "list_shortages", "shortages")
    counting(dashboard_refresh, "refresh_view", "dashboard")  # the screen imports it when it reads
    counting(card_screen, "card", "card")
    return counted


async def test_a_list_first_shown_after_changes_reads_its_rows_once(app, loads) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.data_generation += 3  # other sessions changed data while the shortages were never shown
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ShortageListScreen)
        assert loads["shortages"] == 1


async def test_the_directory_reads_again_back_from_a_card_only_when_the_card_changed_something(desk, loads) -> None:
    async with desk:
        assert loads["enterprises"] == 1
        await desk.press("enter")
        assert isinstance(desk.screen, EnterpriseCardScreen)
        await desk.press("escape")  # looked, changed nothing: the rows on screen are current
        assert loads["enterprises"] == 1
        await desk.press("enter", "t")  # the card again, and a new status, without a reason
        await desk.answer("stopped")
        await desk.answer("")
        assert "Stopped ·" in desk.text()
        await desk.press("escape")
        assert loads["enterprises"] == 2  # what the card saved shows at once
        assert "Stopped" in desk.rows()[1]


async def test_a_save_in_a_form_over_the_card_reloads_the_card_once(desk, loads, monkeypatch) -> None:
    """Not once on coming back from the form and again when the next poll sees the change."""
    install(Settings(poll_seconds=3600.0))  # the test polls by hand, at the moments that matter
    async with desk:
        desk.app._poll()  # the first poll: the app knows where the data stands
        await desk.settle()
        await desk.press("enter")
        assert isinstance(desk.screen, EnterpriseCardScreen) and loads["card"] == 1
        await desk.press("e")
        assert isinstance(desk.screen, EnterpriseFormScreen)
        await desk.fill("#field-address", "通江大道 1 号")
        await desk.press("ctrl+s")
        assert isinstance(desk.screen, EnterpriseCardScreen)
        desk.app._poll()  # the next poll finds the change this session made, and shown already
        await desk.settle()
        assert loads["card"] == 2
        assert "通江大道 1 号" in desk.text()


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
