"""Screen 5: stock per warehouse and item, from the balances; ``enter`` opens the stock card.

On hand, reserved, available and quarantined side by side, with the earliest expiry held and the
days the available stock lasts at the city's daily demand. ``/`` filters by item or warehouse
(Chinese, pinyin, initials, code, English); ``w`` keeps one warehouse; ``n`` receives goods and
``z`` closes a warehouse's day (扎账), coordinators only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Static

from models import clock
from models.services.paging import PageRequest
from models.services.stock_views import count_stock, stock_overview, warehouses
from tui.i18n import command_title, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.dialogs import ChoiceDialog
from tui.shell.filtered import FilteredListScreen
from tui.stock.text import STOCK_COLUMNS
from tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from tui.stock.card import StockCardScreen

#: the option of the warehouse filter that shows every warehouse
EVERY = "*"


def _load(ctx: Any, request: Any) -> Any:
    site = request.filters.get("site_id")
    return ctx.run(lambda s: stock_overview(s, site_id=site, filter_text=request.query, offset=request.offset,
                                            limit=request.limit, sort=request.sort, descending=request.descending))


def _count(ctx: Any, request: Any) -> int:
    site = request.filters.get("site_id")
    total: int = ctx.run(lambda s: count_stock(s, site_id=site, filter_text=request.query))
    return total


def near_expiry(row: Any) -> bool:
    return row.near_expiry in ("expired", "red")


class StockScreen(FilteredListScreen):
    HELP = ("Stock per warehouse and item: on hand, reserved, available (less quarantined, reserved and "
            "expired), quarantined. Expiry is the earliest expiry held: !! under 3 months, ! under 9. Supply is "
            "the days the available stock lasts at the city's daily demand. Enter opens the item's stock card; "
            "w keeps one warehouse. Coordinators: n receives goods against a voucher; z closes a day's books (扎账) of "
            "the warehouse under the cursor: opening + in − out ± adjusted = closing per item, a reason where a "
            "count differed; a day is closed once, after it has ended. On the stock card: c count, r release "
            "from quarantine, h hold.")
    BINDINGS = [
        Binding("n", "new_receipt", "Receive", tooltip="Receive goods against a voucher", id="stock-receive"),
        Binding("slash", "filter", "Filter", tooltip="Type Chinese, pinyin or initials", show=False, priority=True,
                id="stock-filter"),
        Binding("z", "close_day", "Close day", tooltip="Close a day's books (扎账) of a warehouse",
                id="stock-close-day"),
        Binding("w", "warehouse", "Warehouse", tooltip="Show one warehouse, or all", id="stock-warehouse"),
        Binding("escape", "back", "Back", show=False, id="stock-back"),
    ]
    CSS_PATH = Path(__file__).with_name("stock.tcss")

    def __init__(self) -> None:
        super().__init__()
        self.sites: list[tuple[int, str, str, str]] = []
        self._card: StockCardScreen | None = None

    def body(self) -> ComposeResult:
        yield self.filter_box(t("/ filter: 口罩, kouzhao, kz, WH-CQ1…"))
        yield Static("", id="stock-quick")
        yield PagedTable(columns=STOCK_COLUMNS, loader=lambda request: _load(self.ctx, request),
                         counter=lambda request: _count(self.ctx, request), request=PageRequest(sort="site"),
                         row_alert=None, id="stock")

    def on_mount(self) -> None:
        self.sub_title = t("Stock")
        self.table.focus()
        self._load_sites()

    @work(exclusive=True, exit_on_error=False, group="stock-sites")
    async def _load_sites(self) -> None:
        self.sites = await self.read(warehouses)
        self._show_quick()

    def reload(self) -> None:
        super().reload()
        self._load_sites()

    # ---- the warehouse filter ------------------------------------------------------------------

    @property
    def site_id(self) -> int | None:
        site: int | None = self.table.request.filters.get("site_id")
        return site

    def _site_label(self, site_id: int | None) -> str:
        site = next((s for s in self.sites if s[0] == site_id), None)
        return "" if site is None else for_tui(fmt.local_name(site[2], site[3]))

    def quick_filters_on(self) -> list[str]:
        return [self._site_label(self.site_id)] if self.site_id is not None else []

    def _show_quick(self) -> None:
        line = self.query_one("#stock-quick", Static)
        if self.site_id is None:
            line.display = False
            return
        line.update(Text(t("Warehouse: {name} (w: all)", name=self._site_label(self.site_id))))
        line.display = True

    @work(exclusive=True, exit_on_error=False, group="stock-warehouse")
    async def action_warehouse(self) -> None:
        if not self.sites:
            self.sites = await self.read(warehouses)
        options = [(EVERY, t("All warehouses"), "all")]
        options += [(str(id_), for_tui(fmt.local_name(name, en)) + fmt.aside(for_tui(code)),
                     f"{code} {name} {en}".lower()) for id_, code, name, en in self.sites]
        current = str(self.site_id) if self.site_id is not None else EVERY
        picked = await self.app.push_screen_wait(ChoiceDialog(t("Warehouse"), options, current=current))
        if picked is None:
            return
        self.set_site(None if picked == EVERY else int(picked))

    def set_site(self, site_id: int | None) -> None:
        self.table.set_filters(site_id=site_id)
        self._show_quick()

    # ---- the card and receipts ---------------------------------------------------------------------

    @on(PagedTable.Selected, "#stock")
    def _open(self, event: PagedTable.Selected) -> None:
        self._open_card(event.row)

    @work(exclusive=True, exit_on_error=False, group="stock-card-open")
    async def _open_card(self, row: Any) -> None:
        """The stock card of the row: built the first time, then kept (installed, so going back does
        not remove it) and shown again once it has read the row's ledger; keys typed meanwhile are
        held for it. A failed read leaves the list on screen (the app says why)."""
        from tui.stock.card import StockCardScreen

        if self._card is None:
            self._card = StockCardScreen(row)
            self.app.install_screen(self._card, name=f"stock-card-{id(self)}")
            self.app.push_screen(self._card)
            return
        self.hold_keys()
        try:
            await self._card.show(row)
            self.app.push_screen(self._card)
        finally:
            self.keys_ready()

    def action_new_receipt(self) -> None:
        from tui.stock.receipt_form import ReceiptFormScreen

        row = self.table.cursor_row
        site = self.site_id if self.site_id is not None else (row.site_id if row is not None else None)
        self.app.push_screen(ReceiptFormScreen(site_id=site, item_id=row.item_id if row is not None else None))

    @work(exclusive=True, exit_on_error=False, group="stock-close-day")
    async def action_close_day(self) -> None:
        """The warehouse and the day (yesterday unless changed), then the day's sheet to close."""
        from tui.stock import dialogs

        if not self.check_action("close_day", ()):
            return
        if not self.sites:
            self.sites = await self.read(warehouses)
        row = self.table.cursor_row
        site = self.site_id if self.site_id is not None else (row.site_id if row is not None else None)
        options = [(str(id_), for_tui(fmt.local_name(name, en)) + fmt.aside(for_tui(code)),
                    f"{code} {name} {en}".lower()) for id_, code, name, en in self.sites]
        yesterday = clock.today() - timedelta(days=1)
        picked = await self.app.push_screen_wait(dialogs.close_which(options, site, yesterday))
        if picked is None:
            return
        site_id, day, sheet = picked
        label = self._site_label(site_id)
        if not sheet:
            self.notify(t("{site} held nothing by {day}: nothing to close", site=label, day=fmt.day(day)),
                        severity="warning", markup=False)
            return
        closed = await self.app.push_screen_wait(dialogs.close_sheet(self.ctx.actor, site_id, label, day, sheet))
        if closed is not None:
            self.notify(t("{day} closed at {site}", day=fmt.day(day), site=label), markup=False)

    def action_back(self) -> None:
        self.app.action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_receipt", "close_day"):
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.ctx.actor.is_coordinator and not self.ctx.read_only:
            yield SystemCommand(command_title("stock", "receive"), t("Receive goods against a voucher"),
                                self.action_new_receipt)
            yield SystemCommand(command_title("stock", "close day"), t("Close a day's books (扎账) of a warehouse"),
                                self.action_close_day)
        yield SystemCommand(command_title("stock", "warehouse"), t("Show one warehouse, or all"),
                            self.action_warehouse)
        if self.site_id is not None:
            yield SystemCommand(command_title("stock", "all warehouses"), t("Show every warehouse"),
                                lambda: self.set_site(None))
