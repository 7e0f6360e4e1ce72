"""A screen left is let go: nothing of it stays held after it closes, however many are opened in a day.

Each header watched the app's connection and role, and Textual drops a closed widget's watchers only
when the value watched next changes (seldom): every card opened and left stayed held by the app, its
header and the header's widgets, 20 to 40 KB each (tui/widgets/header.py ``on_unmount``).
"""

from __future__ import annotations

from tui.enterprises.card import EnterpriseCardScreen
from tui.widgets.header import AppHeader


def watching(app: object, name: str) -> list[object]:
    """The widgets watching the app's ``name`` (Textual keeps them in the app's ``__watchers``)."""
    lists: dict[str, list[tuple[object, object]]] = getattr(app, "__watchers", {})
    return [node for node, _ in lists.get(name, [])]


async def test_cards_opened_and_left_are_not_held_by_the_app(desk) -> None:
    async with desk:
        before = {name: watching(desk.app, name) for name in ("connection", "actor")}
        assert before["connection"] and before["actor"]  # the list's own header
        for _ in range(8):
            await desk.press("enter")
            assert isinstance(desk.screen, EnterpriseCardScreen)
            assert desk.screen.query_one(AppHeader) in watching(desk.app, "connection")
            await desk.press("escape")
        await desk.settle()
        assert {name: watching(desk.app, name) for name in ("connection", "actor")} == before
