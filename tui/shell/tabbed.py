"""A list screen of tabs, each a paged list keeping its own filter: allocation, procurement, donations
and funds. ``[`` and ``]`` move between the tabs; the filter box filters the tab shown.

A change reloads the tab shown; the hidden tabs are only marked, and each reloads when it is shown
(a hundred sessions on one server each reloading four lists per change, three of them unseen, was
most of what a change cost a session on these screens)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.widgets import TabbedContent

from models.services.paging import PageRequest
from tui.shell.filtered import FilteredListScreen
from tui.widgets.filter_box import FilterBox
from tui.widgets.paged_table import PagedTable


class TabbedListScreen(FilteredListScreen):
    #: the tabs in order; the first is shown when no other is asked for
    TAB_IDS: ClassVar[tuple[str, ...]] = ()
    #: a tab's table id (``{tab}``: the tab's id)
    TABLE_ID: ClassVar[str] = "{tab}-table"

    def __init__(self, tab: str | None = None) -> None:
        super().__init__()
        self.first_tab = tab if tab in self.TAB_IDS else self.TAB_IDS[0]
        #: tabs hidden when data changed: each reloads when it is shown next
        self.stale_tabs: set[str] = set()

    def tab_table(self, tab: str, columns: Any, rows: Callable[..., Any], count: Callable[..., Any]) -> PagedTable:
        """The paged list of ``tab``: its page from ``rows``, its count from ``count`` (services)."""
        return PagedTable(columns=columns, loader=lambda request: self.ctx.run(lambda s: rows(s, request=request)),
                          counter=lambda request, at_most=None: self.ctx.run(lambda s: count(s, request=request)),
                          request=PageRequest(), id=self.TABLE_ID.format(tab=tab))

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("tab-") or self.first_tab

    @property
    def table(self) -> PagedTable:
        return self.query_one(f"#{self.TABLE_ID.format(tab=self.active_tab)}", PagedTable)

    def show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{tab}"
        self.call_after_refresh(self._focus_table)

    def _focus_table(self) -> None:
        table = self.table
        self.query_one(FilterBox).show_query(table.request.query)  # each tab keeps its own filter
        table.focus()
        self.refresh_bindings()

    def action_next_tab(self, step: int) -> None:
        order = list(self.TAB_IDS)
        self.show_tab(order[(order.index(self.active_tab) + step) % len(order)])

    def reload(self) -> None:
        """The tab shown reloads; the others are marked and reload when shown (``_activated``)."""
        shown = self.active_tab
        self.stale_tabs.update(tab for tab in self.TAB_IDS if tab != shown)
        self.stale_tabs.discard(shown)
        self.table.refresh_data()

    @on(TabbedContent.TabActivated)
    def _activated(self) -> None:
        tab = self.active_tab
        if tab in self.stale_tabs:
            self.stale_tabs.discard(tab)
            self.table.refresh_data()
        self.call_after_refresh(self._focus_table)
