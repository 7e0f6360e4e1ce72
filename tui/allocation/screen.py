"""Screen 6: allocation (调拨). Three tabs, each a list with the filter box: requests (the most
pressing first), allocation orders (the verbal ones with their paper deadline), deliveries waiting
for a signature (late ones marked). ``[`` and ``]`` move between the tabs, ``/`` filters the list in
view, ``enter`` opens the document. Coordinators add a request (``n``) and take a phoned-in order
all at once (``v``, 先行调拨); everyone else reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from models.services.allocation_views import (
    count_orders,
    count_requests,
    count_unsigned,
    list_orders,
    list_requests,
    list_unsigned,
)
from tui.allocation.columns import DISPATCH_COLUMNS, ORDER_COLUMNS, REQUEST_COLUMNS
from tui.i18n import command_title, t
from tui.i18n import format as fmt
from tui.shell.tabbed import TabbedListScreen
from tui.widgets.paged_table import PagedTable

#: tab id -> (title msgid, the kind of document its rows are, list, count, columns)
TABS: dict[str, tuple[str, str, Any, Any, Any]] = {
    "requests": ("Requests", "request", list_requests, count_requests, REQUEST_COLUMNS),
    "orders": ("Orders", "order", list_orders, count_orders, ORDER_COLUMNS),
    "deliveries": ("Awaiting signature", "dispatch", list_unsigned, count_unsigned, DISPATCH_COLUMNS),
}


class AllocationScreen(TabbedListScreen):
    HELP = ("Allocation: requests by priority, allocation orders, deliveries awaiting a signature. "
            "[ and ] move between the tabs, / filters by number or site, enter opens one. "
            "Coordinators: n a new request, v a verbal order (request, allocation and dispatch at once).")
    CSS_PATH = Path(__file__).with_name("allocation.tcss")
    TAB_IDS = tuple(TABS)
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Type a number or a site: Chinese, pinyin or initials",
                priority=True, id="allocation-filter"),
        Binding("n", "new_request", "New request", tooltip="Record a request (coordinators)",
                id="allocation-new-request"),
        Binding("v", "verbal", "Verbal order", tooltip="先行调拨: request, allocation and dispatch in one form",
                id="allocation-verbal"),
        Binding("right_square_bracket", "next_tab(1)", "Tabs", key_display="]", tooltip="The next tab",
                id="allocation-next-tab"),
        Binding("left_square_bracket", "next_tab(-1)", "Previous tab", show=False, key_display="[",
                tooltip="The previous tab", id="allocation-previous-tab"),
    ]

    def body(self) -> ComposeResult:
        yield self.filter_box(t("/ filter: number, site (茶园, chayuan)…"))
        with TabbedContent(initial=f"tab-{self.first_tab}", id="allocation-tabs"):
            for tab, (title, _, rows, count, columns) in TABS.items():
                with TabPane(t(title), id=f"tab-{tab}"):
                    yield self.tab_table(tab, columns, rows, count)

    def on_mount(self) -> None:
        self.sub_title = t("Allocation")

    # The document screen and the forms (with the form framework) load when first used: the list's
    # first show never waits for them.

    @on(PagedTable.Selected)
    def _open(self, event: PagedTable.Selected) -> None:
        from tui.allocation.detail import AllocationDetailScreen

        event.stop()
        row = self.table.cursor_row
        if row is not None:
            self.app.push_screen(AllocationDetailScreen(TABS[self.active_tab][1], row.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_request", "verbal"):  # from any tab: orders and deliveries start from a request
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        return True

    @work(exclusive=True, group="allocation-new", exit_on_error=False)
    async def action_new_request(self) -> None:
        from models.services.allocation_detail import item_choices, request_detail
        from tui.allocation import forms
        from tui.allocation.detail import AllocationDetailScreen

        if not self.check_action("new_request", ()):
            return
        items = await self.read(item_choices)
        request_id = await self.app.push_screen_wait(forms.new_request(self.ctx.actor, items))
        if request_id is not None:
            request = await self.read(lambda s: request_detail(s, request_id=request_id))
            self.notify(t("Request {number} recorded", number=request.number), markup=False)
            self.app.push_screen(AllocationDetailScreen("request", request_id))

    @work(exclusive=True, group="allocation-new", exit_on_error=False)
    async def action_verbal(self) -> None:
        from models.services.allocation_detail import item_choices, order_detail, warehouses_for
        from tui.allocation import forms
        from tui.allocation.detail import AllocationDetailScreen, warehouse_options

        if not self.check_action("verbal", ()):
            return
        items = await self.read(item_choices)
        ids = [item[0] for item in items]  # the best-stocked warehouse first
        warehouses = warehouse_options(await self.read(lambda s: warehouses_for(s, site_id=0, item_ids=ids)))
        if not warehouses:
            self.notify(t("No warehouse yet: add one first"), severity="warning", markup=False)
            return
        done = await self.app.push_screen_wait(forms.verbal(self.ctx.actor, items, warehouses))
        if done is None:
            return
        order = await self.read(lambda s: order_detail(s, order_id=done.order_id))
        self.notify(t("Sent: {order}; written order due {time}", order=order.number, time=fmt.moment(order.paper_due)),
                    markup=False, timeout=10)
        self.app.push_screen(AllocationDetailScreen("order", done.order_id))

    def palette_commands(self) -> Iterable[SystemCommand]:
        for tab, (title, *_) in TABS.items():
            yield SystemCommand(command_title("allocation", tab), t(title), lambda tab=tab: self.show_tab(tab))
        if self.ctx.actor.is_coordinator and not self.ctx.read_only:
            yield SystemCommand(command_title("allocation", "new request"), t("Record a request"),
                                self._new_from_palette)
            yield SystemCommand(command_title("allocation", "verbal order"),
                                t("先行调拨: request, allocation and dispatch in one form"), self._verbal_from_palette)

    def _new_from_palette(self) -> None:
        self.show_tab("requests")
        self.call_after_refresh(self.action_new_request)

    def _verbal_from_palette(self) -> None:
        self.show_tab("requests")
        self.call_after_refresh(self.action_verbal)
