"""The footer shows the keys of the screen as they change, and is rebuilt only when they do.

A rebuild of the footer removes and mounts every key and restyles it; keys typed into the filter
change nothing it shows, so they must not rebuild it.
"""

from __future__ import annotations

from textual.widget import Widget

from tui.widgets.footer import AppFooter

from .driver import Desk


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
