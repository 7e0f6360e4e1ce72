"""The text filter above a list: the same keys on every screen that has one.

``/`` (the screen's key, calling ``open``) puts the cursor in the box; typing filters the list as
you type; ``enter`` goes back to the list; ``escape`` leaves the box first, so a second ``escape``
is the screen's (back). The box is told what it filters (anything with ``set_query``: a paged
table, the time sheets) and where the cursor goes back to; both may change with the screen's tab.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Protocol

from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input


class Filterable(Protocol):
    def set_query(self, query: str) -> None: ...


class FilterBox(Input):
    """One line, no border; ``hide_empty``: out of sight until ``/``, or while it holds no filter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "escape", "Back", show=False, id="filter-leave")]
    # Textual reads a widget's own styles from DEFAULT_CSS only; they live in the .tcss beside it,
    # and stay defaults that a screen's styles override
    DEFAULT_CSS = Path(__file__).with_name("filter_box.tcss").read_text(encoding="utf-8")

    def __init__(
        self,
        *,
        placeholder: str,
        filters: Callable[[], Filterable | None],
        back: Callable[[], Widget | None] | None = None,
        value: str = "",
        hide_empty: bool = False,
        id: str | None = None,
    ) -> None:
        """``filters``: what the box filters now; ``back``: where enter and escape put the cursor
        (by default the filtered list itself)."""
        super().__init__(value=value, placeholder=placeholder, id=id, classes="-hide-empty" if hide_empty else "")
        self._filters = filters
        self._back = back
        self.set_class(bool(value), "-open")

    def open(self) -> None:
        """``/``: the cursor into the box; typed in a box, a ``/`` is text.

        Bind ``/`` with ``priority=True``: the app then runs it before passing on the keys after it,
        so letters typed right after it (a fast typist, a paste, keys batched by a slow link) land in
        the box. Without priority the app hands them to the list, which still has the focus.
        """
        focused = self.screen.focused
        if isinstance(focused, Input):  # in a box (this one, or a date on the same screen) it is text,
            focused.post_message(events.Key("slash", "/"))  # queued behind the keys it has yet to take
        else:
            self.add_class("-open")
            self.screen.set_focus(self)

    def show_query(self, query: str) -> None:
        """Show the filter of the list now in view (another tab), without filtering again."""
        with self.prevent(Input.Changed):
            self.value = query
        self.set_class(bool(query), "-open")

    class Escaped(Message):
        """Escape left the box: the list stays filtered by ``query`` (a user may think escape cleared it)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def action_escape(self) -> None:
        """Back to the list, and the screen told what still filters it."""
        self.action_leave()
        self.post_message(self.Escaped(self.value))

    def action_leave(self) -> None:
        """Back to the list (enter and escape)."""
        if not self.value:
            self.remove_class("-open")
        back = self._back() if self._back is not None else self._filters()
        if isinstance(back, Widget):
            back.focus()

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        if event.input is self:
            target = self._filters()
            if target is not None:
                target.set_query(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input is self:
            self.action_leave()
