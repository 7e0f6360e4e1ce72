"""The keymap of the settings file, applied by Textual: a remapped key opens its screen, the key it
had does nothing any more, and a clash only a running widget can see is told, not ignored."""

from __future__ import annotations

from types import MappingProxyType

from models.settings import Settings, install


def keymap(**keys: str) -> Settings:
    return Settings(poll_seconds=3600.0, keymap=MappingProxyType({name.replace("_", "-"): key
                                                                  for name, key in keys.items()}))


async def test_a_remapped_key_switches_the_screen(desk_factory) -> None:
    install(keymap(screen_shortages="f3"))
    desk = desk_factory()
    async with desk:
        await desk.press("3")
        assert desk.app.current_mode == "enterprises"  # the key it had is free now
        await desk.press("f3")
        assert desk.app.current_mode == "shortages"
        await desk.press("2")
        assert desk.app.current_mode == "enterprises"  # the others keep theirs


async def test_a_clash_textual_reports_while_running_is_told_once(desk_factory) -> None:
    """Textual reports a clash when a key is looked up (each time), and only with a binding without
    an id; the command line refuses the others before start. The app says it once, as a warning."""
    from textual.binding import Binding

    desk = desk_factory()
    async with desk:
        lost = {Binding("s", "sort", "Sort")}
        desk.app.handle_bindings_clash(lost, desk.app.screen)
        desk.app.handle_bindings_clash(lost, desk.app.screen)
        await desk.settle()
        told = [notice for notice in desk.notices() if "keymap" in notice]
        assert told == ["The keymap gives s to another binding: sort lost it"]
