"""Keys typed while a screen opens reach the new screen: ``enter`` on the directory then ``r`` at
once opens today's report of that enterprise (the card was on screen, its record still being read,
and ``r`` found nothing to report on: the key was lost). The same for a shortage and its steps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

import tui.enterprises.card as card_screen
import tui.shortages.detail as detail_screen
from models.services.choices import reportable_enterprises
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.report import ReportFormScreen
from tui.shell.dialogs import ChoiceDialog
from tui.shortages.detail import ShortageDetailScreen

from .conftest import SAMPLE_NAME
from .driver import Desk


@pytest.fixture
def slow_card(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The card's record is read only once the test lets it (a busy database, a slow link): the
    card is on screen and still loading while the keys after ``enter`` arrive."""
    let_go = threading.Event()
    read = card_screen.card

    def held_read(session: Any, **kwargs: Any) -> Any:
        let_go.wait(10)
        return read(session, **kwargs)

    monkeypatch.setattr(card_screen, "card", held_read)
    yield let_go
    let_go.set()


async def loaded(desk: Desk, let_go: threading.Event) -> None:
    assert isinstance(desk.screen, EnterpriseCardScreen) and desk.screen.card is None  # still loading
    let_go.set()
    await desk.wait_until(lambda: not isinstance(desk.screen, EnterpriseCardScreen) or desk.screen.card is not None,
                          5)
    await desk.settle()


async def test_a_key_right_after_enter_reaches_the_card(desk: Desk, slow_card: threading.Event) -> None:
    async with desk:
        await desk.filter("cykh")
        await desk.pilot.press("enter", "r")  # no wait between them: the card is still loading
        await loaded(desk, slow_card)
        assert isinstance(desk.screen, ReportFormScreen), type(desk.screen)
        assert SAMPLE_NAME in desk.text()
        await desk.press("escape")
        assert isinstance(desk.screen, EnterpriseCardScreen)


async def test_keys_typed_while_the_card_loads_are_read_in_order(desk: Desk, slow_card: threading.Event) -> None:
    async with desk:
        await desk.filter("cykh")
        await desk.pilot.press("enter", "end", "home", "r")
        await loaded(desk, slow_card)
        assert isinstance(desk.screen, ReportFormScreen), type(desk.screen)


async def test_escape_while_the_card_loads_goes_back_at_once(desk: Desk, slow_card: threading.Event) -> None:
    async with desk:
        await desk.filter("cykh")
        await desk.pilot.press("enter", "escape")
        slow_card.set()
        await desk.settle()
        assert not isinstance(desk.screen, EnterpriseCardScreen), type(desk.screen)
        assert desk.table().cursor_row.name == SAMPLE_NAME


async def test_a_card_that_is_read_takes_keys_at_once(desk: Desk) -> None:
    async with desk:
        await desk.open_card("cykh")
        assert isinstance(desk.screen, EnterpriseCardScreen) and desk.screen.card is not None
        assert not desk.screen._holding
        await desk.press("r")
        assert isinstance(desk.screen, ReportFormScreen)


async def test_a_step_key_right_after_enter_reaches_the_shortage(desk: Desk, desk_db: Any, coord: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with desk_db.session() as session:
        enterprise = reportable_enterprises(session, actor=coord, query="cykh")[0].id
        report_shortage(session, actor=coord, data=ShortageCreate(
            enterprise_id=enterprise, kind="labour", quantity=30, unit="人", severity="high", description="缺工人"))
    let_go = threading.Event()
    read = detail_screen.shortage_detail

    def held_read(session: Any, **kwargs: Any) -> Any:
        let_go.wait(10)
        return read(session, **kwargs)

    monkeypatch.setattr(detail_screen, "shortage_detail", held_read)
    async with desk:
        await desk.open("shortages")
        await desk.pilot.press("enter", "a")  # assign, typed while the shortage is read
        assert isinstance(desk.screen, ShortageDetailScreen) and desk.screen.detail is None
        let_go.set()
        await desk.wait_until(lambda: isinstance(desk.screen, ChoiceDialog), 5)
        await desk.settle()
        assert isinstance(desk.screen, ChoiceDialog)
