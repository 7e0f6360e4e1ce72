"""The footer shows the keys of the screen as they change, and is rebuilt only when they do.

A rebuild of the footer removes and mounts every key and restyles it; keys typed into the filter
change nothing it shows, so they must not rebuild it.
"""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from tui.widgets.footer import AppFooter

from .conftest import press_text, settle
from .test_enterprise_card import pick

SIZE = (80, 24)


def footer_keys(app) -> list[FooterKey]:  # type: ignore[no-untyped-def]
    return list(app.screen.query_one(AppFooter).query(FooterKey))


def footer_text(app) -> str:  # type: ignore[no-untyped-def]
    return " ".join(f"{key.key_display} {key.description}".strip() for key in footer_keys(app))


async def test_typing_in_the_filter_does_not_rebuild_the_footer(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        before, shown = footer_keys(app), footer_text(app)
        await press_text(pilot, "chayuan")
        await settle(pilot)
        assert footer_keys(app) == before  # the very same widgets
        assert footer_text(app) == shown == "/ Filter ^p Commands"


async def test_a_quick_filter_brings_the_clear_key_and_clearing_takes_it_away(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Clear filters" not in footer_text(app)
        await pilot.press("f")  # before the choices have loaded: the dialog waits for them
        await settle(pilot)
        await pick(pilot, "status")
        await pick(pilot, "full")
        assert "x Clear filters" in footer_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert "Clear filters" not in footer_text(app)
