"""The base of the list screens with a text filter box (``#filter``) above their table.

``/`` puts the cursor in the box, typing filters the table as you type, ``enter`` goes back to the
list, and ``escape`` leaves the box first and the screen only when pressed again.
"""

from __future__ import annotations

from textual import events, on
from textual.screen import Screen
from textual.widgets import Input

from tui.shell.base import BaseScreen
from tui.widgets.paged_table import PagedTable


def focus_filter(screen: Screen, box: Input) -> None:
    """``/``: the cursor into the filter box; typed in a box, a ``/`` is text.

    Bind ``/`` with ``priority=True``: the app then runs it before passing on the keys after it,
    so letters typed right after it (a fast typist, a paste, keys batched by a slow link) land in
    the box. Without priority the app hands them to the list, which still has the focus.
    """
    focused = screen.focused
    if isinstance(focused, Input):  # in a box (this one, or a date on the same screen) it is text,
        focused.post_message(events.Key("slash", "/"))  # queued behind the keys it has yet to take
    else:
        screen.set_focus(box)


class FilteredListScreen(BaseScreen):
    @property
    def table(self) -> PagedTable:
        """The table the box filters (the screen's visible list)."""
        return self.query_one(PagedTable)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_query(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        focus_filter(self, self.query_one("#filter", Input))

    def leave_filter(self) -> bool:
        """Escape in the box goes back to the list; True when that is what it did."""
        if self.query_one("#filter", Input).has_focus:
            self.table.focus()
            return True
        return False
