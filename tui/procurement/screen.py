"""Screen 7: procurement and transport (采购、运输). Four tabs, each a list with the filter box:
purchase orders (open first, urgent and earliest need-by first), the pipeline by item (arriving
this week, in transit, overdue, still on order), consignments on the way with their ETA (overdue
ones first, marked) and lead times per supplier (order confirmed → goods in). ``[`` and ``]`` move
between the tabs, ``/`` filters, ``enter`` opens an order or a consignment; coordinators write a
new order with ``n``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from models.services.procurement_detail import order_choices
from models.services.procurement_pages import (
    count_lead_times,
    count_on_the_way,
    count_pipeline,
    list_lead_times,
    list_on_the_way,
    list_pipeline,
)
from models.services.procurement_views import count_orders, list_orders
from tui.i18n import command_title, n_, t
from tui.procurement import forms
from tui.procurement.columns import CONSIGNMENT_COLUMNS, LEAD_COLUMNS, ORDER_COLUMNS, PIPELINE_COLUMNS
from tui.procurement.detail import ProcurementDetailScreen
from tui.shell.tabbed import TabbedListScreen
from tui.widgets.paged_table import PagedTable

#: tab id -> (title msgid, the kind of document its rows open, list, count, columns)
TABS: dict[str, tuple[str, str, Any, Any, Any]] = {
    "orders": ("Purchase orders", "order", list_orders, count_orders, ORDER_COLUMNS),
    "pipeline": ("Pipeline", "", list_pipeline, count_pipeline, PIPELINE_COLUMNS),
    "transit": ("On the way", "consignment", list_on_the_way, count_on_the_way, CONSIGNMENT_COLUMNS),
    "lead": ("Lead times", "", list_lead_times, count_lead_times, LEAD_COLUMNS),
}


class ProcurementScreen(TabbedListScreen):
    HELP = ("Procurement: purchase orders by status and need-by, the pipeline by item (arriving this week), "
            "consignments on the way with their ETA (⚠ overdue), lead times per supplier. [ and ] move "
            "between the tabs, / filters, enter opens an order or a consignment. Coordinators: n a new order.")
    CSS_PATH = Path(__file__).with_name("procurement.tcss")
    TAB_IDS = tuple(TABS)
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Type a number, a supplier or an item", priority=True,
                id="procurement-filter"),
        Binding("n", "new_order", "New order", tooltip="Write a purchase order (coordinators)",
                id="procurement-new-order"),
        Binding("right_square_bracket", "next_tab(1)", "Tabs", key_display="]", tooltip="The next tab",
                id="procurement-next-tab"),
        Binding("left_square_bracket", "next_tab(-1)", "Previous tab", show=False, key_display="[",
                tooltip="The previous tab", id="procurement-previous-tab"),
    ]

    def __init__(self, tab: str = "orders", start: dict[str, str] | None = None) -> None:
        super().__init__(tab)
        self.start = start

    def body(self) -> ComposeResult:
        yield self.filter_box(t("/ filter: number, supplier, item…"))
        with TabbedContent(initial=f"tab-{self.first_tab}", id="procurement-tabs"):
            for tab, (title, _, rows, count, columns) in TABS.items():
                with TabPane(t(title), id=f"tab-{tab}"):
                    yield self.tab_table(tab, columns, rows, count)

    def on_mount(self) -> None:
        self.sub_title = t("Procurement")
        if self.start is not None:
            self.call_after_refresh(self.action_new_order)

    @on(PagedTable.Selected)
    def _open(self, event: PagedTable.Selected) -> None:
        event.stop()
        kind, row = TABS[self.active_tab][1], self.table.cursor_row
        if kind and row is not None:
            self.app.push_screen(ProcurementDetailScreen(kind, row.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_order":
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        return True

    @work(exclusive=True, group="procurement-new", exit_on_error=False)
    async def action_new_order(self) -> None:
        if not self.check_action("new_order", ()):
            return
        start, self.start = self.start, None
        choices = await self.read(order_choices)
        if not choices.suppliers or not choices.warehouses:
            self.notify(t("Add a supplier and a warehouse first"), severity="warning", markup=False)
            return
        order_id = await self.app.push_screen_wait(forms.new_order(self.ctx.actor, choices, start))
        if order_id is not None:
            self.app.push_screen(ProcurementDetailScreen("order", order_id, notice=n_("Order {number} written")))

    def palette_commands(self) -> Iterable[SystemCommand]:
        for tab, (title, *_) in TABS.items():
            yield SystemCommand(command_title("procurement", tab), t(title), lambda tab=tab: self.show_tab(tab))
        if self.ctx.actor.is_coordinator and not self.ctx.read_only:
            yield SystemCommand(command_title("procurement", "new order"), t("Write a purchase order"),
                                self.action_new_order)
