"""Keys mean the same everywhere: a screen's number shows that screen's top, ``/`` on a detail filters
its list, a dialog that asks for a change takes no key typed before it was shown, Ctrl+C quits (asking
first when something typed would be lost)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from models.services.choices import reportable_enterprises
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from tui.brief.screen import BriefScreen
from tui.dashboard.screen import DashboardScreen
from tui.enterprises.card import EnterpriseCardScreen
from tui.enterprises.screen import EnterpriseListScreen
from tui.forms.form import FormScreen
from tui.shell.dialogs import ConfirmDialog, ReasonDialog
from tui.shortages.detail import ShortageDetailScreen
from tui.shortages.screen import ShortageListScreen

from .driver import Desk


@pytest.fixture(autouse=True)
def a_shortage(desk_db, coord) -> None:
    """One open shortage at 茶园康护 (the directory has none)."""
    with desk_db.session() as session:
        enterprise = reportable_enterprises(session, actor=coord, query="cykh")[0].id
        report_shortage(session, actor=coord, data=ShortageCreate(
            enterprise_id=enterprise, kind="labour", quantity=30, unit="人", severity="high", description="缺工人"))



async def drill_into_a_card(desk: Desk) -> None:
    """Dashboard → the enterprises making an item (disposable medical masks) → the first one's card."""
    await desk.open("dashboard")
    await desk.press(*["down"] * 5, "enter")
    assert isinstance(desk.screen, EnterpriseListScreen)
    await desk.press("enter")
    assert isinstance(desk.screen, EnterpriseCardScreen)


async def open_a_shortage(desk: Desk) -> None:
    await desk.open("shortages")
    await desk.press("enter")
    assert isinstance(desk.screen, ShortageDetailScreen)


async def test_a_number_shows_the_top_of_its_screen_not_where_it_was_left(desk) -> None:
    async with desk:
        await drill_into_a_card(desk)
        await desk.open("enterprises")
        await desk.open("dashboard")
        assert isinstance(desk.screen, DashboardScreen) and len(desk.app.screen_stack) == 1
        await desk.press("b")  # the dashboard's own keys work at once
        assert isinstance(desk.screen, BriefScreen)


async def test_the_number_of_the_screen_shown_goes_back_to_its_list_keeping_the_filter(desk) -> None:
    async with desk:
        await desk.open("shortages")
        await desk.filter("cykh")
        shown = desk.table().request.query
        await desk.press("enter")
        assert isinstance(desk.screen, ShortageDetailScreen)
        await desk.open("shortages")
        assert isinstance(desk.screen, ShortageListScreen) and desk.table().request.query == shown == "cykh"


async def test_slash_on_a_shortage_filters_the_list_and_opens_nothing(desk) -> None:
    async with desk:
        await open_a_shortage(desk)
        await desk.burst("/laodongli")
        assert isinstance(desk.screen, ShortageListScreen)
        assert desk.screen.query_one("#filter", Input).value == "laodongli"


async def test_slash_on_a_card_reached_from_the_dashboard_filters_that_list(desk) -> None:
    async with desk:
        await drill_into_a_card(desk)
        await desk.burst("/cykh")
        assert isinstance(desk.screen, EnterpriseListScreen) and desk.app.current_mode == "dashboard"
        assert desk.screen.query_one("#filter", Input).value == "cykh"


async def test_keys_typed_before_a_change_dialog_was_shown_do_not_fill_it(desk) -> None:
    async with desk:
        await open_a_shortage(desk)
        # read with the p (a progress note), before its dialog was on screen, handled after
        typed_ahead = [events.Key(char, char) for char in "dongli"] + [events.Key("enter", "\r")]
        await desk.press("p")
        assert isinstance(desk.screen, ReasonDialog)
        for key in typed_ahead:
            desk.app.post_message(key)
        await desk.settle()
        assert isinstance(desk.screen, ReasonDialog) and desk.screen.query_one(Input).value == ""
        await desk.type("ok")  # what is typed once it is shown goes in
        assert desk.screen.query_one(Input).value == "ok"


async def test_a_number_stops_at_a_form_holding_typed_changes(desk) -> None:
    async with desk:
        await desk.open_card("cykh")
        await desk.press("e")
        assert isinstance(desk.screen, FormScreen)
        desk.screen.set_value("short_name", "茶园康护甲")
        desk.screen.set_focus(None)  # in a box a digit is text
        await desk.press("3")
        await desk.press("2")
        assert isinstance(desk.screen, FormScreen) and desk.screen.dirty
        assert any("typed changes" in notice for notice in desk.notices())


async def test_ctrl_c_quits_when_nothing_typed_would_be_lost(desk) -> None:
    async with desk:
        await desk.press("ctrl+c")
        assert desk.app._exit


async def test_ctrl_c_asks_in_the_users_language_when_a_form_holds_typed_changes(desk_factory) -> None:
    async with desk_factory(lang="zh") as desk:
        await desk.open_card("cykh")
        await desk.press("e")
        desk.screen.set_value("short_name", "茶园康护甲")
        await desk.press("ctrl+c")
        assert isinstance(desk.screen, ConfirmDialog) and "退出并丢弃已输入的内容？" in desk.text()
        assert not desk.app._exit
        await desk.press("y")
        assert desk.app._exit


async def test_keys_typed_right_after_tab_land_in_the_next_box(desk) -> None:
    async with desk:
        await desk.open("reference")
        await desk.press("n")  # a new person: the cursor in the name
        await desk.burst("王芳\t13800000009")
        assert desk.screen.control("name").value == "王芳" and desk.screen.control("phone").value == "13800000009"


async def test_the_arrows_move_between_a_questions_buttons_and_enter_presses_one(desk) -> None:
    async with desk:
        await desk.open_card("cykh")
        await desk.press("e")
        desk.screen.set_value("short_name", "茶园康护甲")
        await desk.press("ctrl+c")
        assert isinstance(desk.screen, ConfirmDialog) and desk.screen.focused.id == "no"  # the safe answer first
        await desk.press("left")
        assert desk.screen.focused.id == "yes"
        await desk.press("right")
        assert desk.screen.focused.id == "no"
        await desk.press("left", "enter")
        assert desk.app._exit
