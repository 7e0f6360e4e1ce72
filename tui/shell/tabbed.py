"""A list screen of tabs, each a paged list keeping its own filter: allocation, procurement, donations
and funds. ``[`` and ``]`` move between the tabs; the filter box filters the tab shown."""

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

    @on(TabbedContent.TabActivated)
    def _activated(self) -> None:
        self.call_after_refresh(self._focus_table)
