"""The footer shows the keys of the screen as they change, and is rebuilt only when they do.

A rebuild of the footer removes and mounts every key and restyles it; keys typed into the filter
change nothing it shows, so they must not rebuild it. On a narrow terminal it drops keys, never quit.
"""

from __future__ import annotations

import pytest
from textual.widget import Widget

from tui.checkins.screen import TABS
from tui.widgets.footer import AppFooter

from .driver import Desk
from .test_both_languages import stationed  # noqa: F401  (the fixture: 李强 stationed at 茶园康护)


def footer_keys(desk: Desk) -> list[Widget]:
    """The footer's key widgets (Textual's FooterKey, found by its type name)."""
    return list(desk.screen.query_one(AppFooter).query("FooterKey"))


async def test_typing_in_the_filter_does_not_rebuild_the_footer(desk) -> None:
    async with desk:
        await desk.press("slash")
        before, shown = footer_keys(desk), desk.footer()
        await desk.type("chayuan")
        assert footer_keys(desk) == before  # the very same widgets
        assert desk.footer() == shown
        assert desk.footer().split() == ["/", "Filter", "▏^p", "Commands"]  # the bar: the palette, on the right


async def test_a_quick_filter_brings_the_clear_key_and_clearing_takes_it_away(desk) -> None:
    async with desk:
        assert "Clear filters" not in desk.footer()
        await desk.press("f")  # before the choices have loaded: the dialog waits for them
        await desk.answer("status")  # narrowed by typing, enter picks the first match
        await desk.answer("full")
        assert "x Clear filters" in desk.footer()
        await desk.press("x")
        assert "Clear filters" not in desk.footer()


@pytest.mark.usefixtures("stationed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("login", ["coord", "liqiang"])
async def test_at_60_columns_every_tab_shows_quit_whole(desk_factory, lang, login) -> None:
    """The footer drops the less important keys rather than cutting the last ones (help and quit)."""
    words = {"en": ("q Quit", "? Help", "^p Commands", "] Tabs"), "zh": ("q 退出", "? 帮助", "^p 命令", "] 页签")}[lang]
    async with Desk(desk_factory.apps(lang=lang, start="checkins", login=login), size=(60, 20)) as desk:
        for _ in range(len(TABS)):
            footer = desk.footer()
            assert all(word in footer for word in words), (desk.screen.active_tab, footer)
            if login == "liqiang":  # stationed: checking in and out stay in the footer on every tab
                assert {"en": "i Check in", "zh": "i 签到"}[lang] in footer, footer
            await desk.press("right_square_bracket")
