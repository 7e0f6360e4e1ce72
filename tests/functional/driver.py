"""A driver for the app under Pilot, so that a test reads as the user's steps.

``Desk`` runs the app at 80×24 and offers what a user does (press keys, type, open a screen, filter
the directory, open a card, answer a dialog) and what a user sees (the terminal's text, a table's
rows, the notifications). Every step waits until the app has settled (``conftest.settle``): the
workers it started are done and the messages they posted have been handled, so the next look at the
screen sees the result and never a moment before it.

    async with desk:
        await desk.open_card("cykh")
        assert "茶园康护医疗用品有限公司" in desk.text()

The fixtures ``desk`` (English, the coordinator, the directory) and ``desk_factory(lang=...,
login=..., start=...)`` are in conftest.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from tui.widgets.paged_table import PagedTable

from .conftest import screen_text, settle

SIZE = (80, 24)
#: the number key of each screen (the app's bindings 1–4)
SCREEN_KEYS = {"dashboard": "1", "enterprises": "2", "shortages": "3", "checkins": "4", "stock": "5",
               "allocation": "6", "procurement": "7", "funds": "9", "reference": "0"}


#: how long ``wait_until`` waits at least before it fails
PATIENCE_S = 20.0


async def wait_until(pilot: Pilot, condition: Callable[[], bool], seconds: float) -> float:
    """Let the app run until ``condition()`` holds; returns the seconds it took (or fails).

    For what arrives from outside the app (another process's change, the next poll), which no
    worker of this app is waiting for yet. ``seconds`` is what the app is meant to take; the test
    waits at least ``PATIENCE_S`` before failing, since a busy machine may take longer (how long it
    takes is measured by the benchmarks, never asserted here).
    """
    started = time.monotonic()
    limit = max(seconds, PATIENCE_S)
    while not condition():
        assert time.monotonic() - started < limit, f"not within {limit} s"
        await pilot.pause(0.05)
    return time.monotonic() - started


class Desk:
    """The app at 80×24 driven by keys; an async context manager (``async with desk: ...``)."""

    def __init__(self, app: App, *, size: tuple[int, int] = SIZE, notifications: bool = True) -> None:
        self.app = app
        self.size = size
        self.notifications = notifications
        self._run: Any = None
        self._pilot: Pilot | None = None

    async def __aenter__(self) -> Desk:
        self._run = self.app.run_test(size=self.size, notifications=self.notifications)
        self._pilot = await self._run.__aenter__()
        await self.settle()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        run, self._run, self._pilot = self._run, None, None
        await run.__aexit__(kind, error, trace)

    @property
    def pilot(self) -> Pilot:
        assert self._pilot is not None, "the desk is not running: use `async with desk:`"
        return self._pilot

    # --- what the user does -------------------------------------------------------------------

    async def settle(self) -> None:
        await settle(self.pilot)

    async def press(self, *keys: str) -> None:
        """Press ``keys`` one after the other, then wait until the app has settled."""
        await self.pilot.press(*keys)
        await self.settle()

    async def type(self, text: str) -> None:
        """Type ``text`` one key at a time, as a person would (Chinese characters included)."""
        for char in text:
            await self.pilot.press(char)
        await self.settle()

    async def open(self, screen: str) -> None:
        """Switch to ``screen`` (dashboard, enterprises, shortages, checkins) with its number key."""
        await self.press(SCREEN_KEYS[screen])

    async def clear(self) -> None:
        """Delete what the focused box holds (home, then delete to the end)."""
        await self.press("home", "ctrl+k")

    async def filter(self, text: str) -> None:
        """``/``, the box's old text deleted, ``text`` typed, and ``enter`` back to the list."""
        await self.press("slash")
        await self.clear()
        await self.type(text)
        await self.press("enter")

    async def open_card(self, query: str) -> None:
        """Filter the directory by ``query`` and open the card of the first match."""
        await self.open("enterprises")
        await self.filter(query)
        await self.press("enter")

    async def burst(self, keys: str) -> None:
        """Every key of ``keys`` posted at once, as a terminal or a slow line delivers a burst of
        input (no waiting between keys); ``/`` and a tab by their key names."""
        names = {"/": "slash", "\t": "tab", "\r": "enter"}
        for char in keys:
            self.app.post_message(events.Key(names.get(char, char), char))
        await self.settle()

    async def fill(self, box: str, text: str) -> None:
        """Focus the box ``box`` (a selector) of the screen on top and replace its text by ``text``."""
        self.screen.set_focus(self.screen.query_one(box, Input))
        await self.settle()
        await self.clear()
        await self.type(text)

    async def answer(self, text: str = "", *, box: str | None = None) -> None:
        """Answer the dialog on top: replace the text of its focused box (or ``box``) and press enter."""
        if box is not None:
            await self.fill(box, text)
        else:
            assert isinstance(self.screen.focused, Input), f"no box has the focus on {self.screen}"
            await self.clear()
            await self.type(text)
        await self.press("enter")

    async def dismiss_notices(self) -> None:
        """Clear the notifications (their toasts cover the bottom right of the screen)."""
        self.app.clear_notifications()
        await self.settle()

    async def wait_until(self, condition: Callable[[], bool], seconds: float) -> float:
        return await wait_until(self.pilot, condition, seconds)

    # --- what the user sees -------------------------------------------------------------------

    @property
    def screen(self) -> Any:
        """The screen on top (a dialog while one is open). ``Any``: tests reach its own attributes."""
        return self.app.screen

    @property
    def focused(self) -> Widget | None:
        return self.app.screen.focused

    def text(self) -> str:
        """What the terminal shows now, as plain text (a dialog over the screen under it)."""
        return screen_text(self.app)

    def flat(self) -> str:
        """The terminal's text with every run of spaces and line ends made one space (for phrases
        that may wrap or be padded into columns)."""
        return " ".join(self.text().split())

    def header(self) -> str:
        return self.text().splitlines()[0]

    def footer(self) -> str:
        return self.text().splitlines()[-1]

    def table(self, id: str | None = None) -> PagedTable:
        """The paged table ``#id`` of the screen on top, or its only one."""
        return self.screen.query_one(f"#{id}" if id else PagedTable, PagedTable)

    def rows(self, id: str | None = None) -> list[str]:
        """The lines the table paints (its column header first), as plain text."""
        grid = self.table(id)
        return [grid.render_line(y).text for y in range(grid.scrollable_content_region.height)]

    def notices(self) -> list[str]:
        """The text of the notifications shown now (the toasts, oldest first)."""
        assert self.notifications, "notifications are off for this desk"
        return [str(toast.render()) for toast in self.screen.query("Toast")]
