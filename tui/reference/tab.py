"""What a tab of the reference screen is: a widget with its own keys, help text and palette
commands, reloading what it shows when data changed.

A tab is named in ``tui.reference.screen.TABS`` and imported the first time it is shown. Its keys
are offered while the focus is inside it (``check_action`` hides those the login may not use); the
screen asks the tab on show for its ``HELP`` (the intro of ``?``) and its ``palette_commands``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.widget import Widget

from tui.shell.calls import ServiceCalls

if TYPE_CHECKING:
    from models.services.paging import PageRequest


class ReferenceTab(ServiceCalls, Widget):
    """The content of one tab. ``HELP`` is a msgid; ``focus_first`` puts the cursor in the tab."""

    HELP = ""
    DEFAULT_CSS = """
    ReferenceTab {
        height: 1fr;
    }
    """

    def palette_commands(self) -> Iterable[SystemCommand]:
        return ()

    def export_list(self) -> tuple[str, PageRequest] | None:
        """The tab's list as ``supplydesk export`` writes it (kind, its list request), None if it has none."""
        return None

    def reload(self) -> None:
        """Data changed: show it as it is now (by default every paged table of the tab reloads)."""
        from tui.widgets.paged_table import PagedTable

        for table in self.query(PagedTable):
            table.refresh_data()

    def focus_first(self) -> None:
        """Where the cursor goes when the tab is shown (by default its first focusable widget)."""
        first = next((w for w in self.query("*") if w.focusable), None)
        if first is not None:
            first.focus()
