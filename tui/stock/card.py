"""The stock card (货位卡): the ledger of one item at one warehouse, newest first, a page at a time.

The heading says the figures now (on hand, reserved, available, quarantined); each line is one
entry with its voucher and who made it. A coordinator reverses the entry under the cursor with
``x`` and a reason: the books keep the entry and its reversal (↺), never an edit. ``c`` counts the
item's lots here (盘点: a difference becomes an ADJ entry), ``r`` releases a lot from quarantine and
``h`` puts one on hold (tui/stock/dialogs.py), coordinators only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from models.services.paging import PageRequest
from models.services.stock_views import StockRow, count_card, stock_card, stock_row
from tui.i18n import format as fmt
from tui.i18n import n_, t
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.stock.text import CARD_COLUMNS, item_name, site_name
from tui.widgets.paged_table import PagedTable


class StockCardScreen(BaseScreen):
    HELP = ("The stock card: every entry of this item at this warehouse, newest first, with the lot's balance "
            "after it and its voucher. Coordinators: c counts the lots (what differs from the books needs a "
            "reason and is booked as an adjustment), r releases a lot from quarantine, h puts a lot on hold "
            "(with a reason), x reverses the entry under the cursor (with a reason); ↺ marks a reversal. "
            "Escape goes back to the stock list.")
    BINDINGS = [
        Binding("c", "count", "Count", tooltip="Count the lots here against the books", id="stock-card-count"),
        Binding("r", "release", "Release", tooltip="Release a lot from quarantine", id="stock-card-release"),
        Binding("h", "hold", "Hold", tooltip="Put a lot on hold (quarantine), with a reason", id="stock-card-hold"),
        Binding("x", "reverse", "Reverse", tooltip="Reverse the entry under the cursor, with a reason",
                id="stock-card-reverse"),
        Binding("escape", "back", "Back", id="stock-card-back"),
    ]
    CSS_PATH = Path(__file__).with_name("stock.tcss")

    def __init__(self, row: StockRow) -> None:
        super().__init__()
        self.row = row

    def body(self) -> ComposeResult:
        yield Static(self._title(), id="card-title")
        yield Static(self._figures(), id="card-figures")
        # the request names the card's warehouse and item: a card pointed at another item (``show``)
        # never shows a page read for the one before
        yield PagedTable(
            columns=CARD_COLUMNS,
            loader=lambda r: self.ctx.run(lambda s: stock_card(s, **r.filters, offset=r.offset, limit=r.limit)),
            counter=lambda r: self.ctx.run(lambda s: count_card(s, **r.filters)),
            request=_card_request(self.row), id="card")

    def on_mount(self) -> None:
        self.sub_title = t("Stock card")
        self.query_one(PagedTable).focus()

    async def show(self, row: StockRow) -> None:
        """Point this card at another item or warehouse (the stock list keeps one card: opening it
        again costs a read, not a new screen): its ledger from the newest entry is read first, then
        its heading and figures change with it."""
        table = self.query_one(PagedTable)
        await table.start_over(_card_request(row))
        self.row = row
        self.query_one("#card-title", Static).update(self._title())
        self.query_one("#card-figures", Static).update(self._figures())
        table.focus()
        self._seen_generation = getattr(self.app, "data_generation", 0)  # what it read is current

    def _title(self) -> Text:
        unit = fmt.unit(self.row.unit)
        item = t("{name} ({unit})", name=for_tui(item_name(self.row)), unit=unit)
        return Text(f"{for_tui(site_name(self.row))} · {item}")

    def _figures(self) -> Text:
        r = self.row
        return Text(t("On hand {on_hand} · reserved {reserved} · available {available} · quarantined {quarantine}",
                      on_hand=fmt.count(r.on_hand), reserved=fmt.count(r.reserved), available=fmt.count(r.available),
                      quarantine=fmt.count(r.quarantine)))

    def reload(self) -> None:
        super().reload()
        self._refresh_figures()

    @work(exclusive=True, exit_on_error=False, group="stock-card-figures")
    async def _refresh_figures(self) -> None:
        site_id, item_id = self.row.site_id, self.row.item_id
        fresh = await self.read(lambda s: stock_row(s, site_id=site_id, item_id=item_id))
        if fresh is not None:
            self.row = fresh
            self.query_one("#card-figures", Static).update(self._figures())

    @work(exclusive=True, exit_on_error=False, group="stock-card-reverse")
    async def action_reverse(self) -> None:
        # the receipts' service (and its tables) load when first used: opening a card never waits for them
        from models.services.receipts import reverse_entry
        from tui.shell.dialogs import ReasonDialog

        entry: Any = self.query_one(PagedTable).cursor_row
        if entry is None:
            return
        if entry.reverses_id is not None:
            self.notify(t("This entry is a reversal; post the original again instead"), severity="warning",
                        markup=False)
            return
        reason = await self.app.push_screen_wait(ReasonDialog(
            t("Reverse the entry"), t("Why is the entry of {at} reversed?", at=entry.at.strftime("%m-%d %H:%M"))))
        if not reason:
            return
        actor = self.ctx.actor
        await self.command(lambda s: reverse_entry(s, actor=actor, entry_id=entry.id, reason=reason))
        self.notify(t("Entry reversed"), markup=False)

    # ---- counts and quarantine ------------------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="stock-card-dialog")
    async def action_count(self) -> None:
        await self._dialog("count")

    @work(exclusive=True, exit_on_error=False, group="stock-card-dialog")
    async def action_release(self) -> None:
        await self._dialog("release")

    @work(exclusive=True, exit_on_error=False, group="stock-card-dialog")
    async def action_hold(self) -> None:
        await self._dialog("hold")

    async def _dialog(self, which: str) -> None:
        """Read the lots here, then the dialog ``which`` over them; what it did, said once it is done."""
        from models.services.stock_lots import lots_at
        from tui.stock import dialogs

        if not self.check_action(which, ()):
            return
        site_id, item_id = self.row.site_id, self.row.item_id
        lots = await self.read(lambda s: lots_at(s, site_id=site_id, item_id=item_id))
        title = f"{for_tui(site_name(self.row))} · {for_tui(item_name(self.row))}"
        if which == "count" and lots:
            result = await self.app.push_screen_wait(dialogs.count(self.ctx.actor, site_id, title, lots))
            if result is not None:
                self.notify(t("Count posted: variance {n}", n=dialogs.signed(result[1])), markup=False)
        elif which == "release" and any(lot.quarantine for lot in lots):
            if await self.app.push_screen_wait(dialogs.release(self.ctx.actor, site_id, title, lots)) is not None:
                self.notify(t("Released from quarantine"), markup=False)
        elif which == "hold" and any(lot.free for lot in lots):
            if await self.app.push_screen_wait(dialogs.hold(self.ctx.actor, site_id, title, lots)) is not None:
                self.notify(t("Put on hold"), markup=False)
        else:
            self.notify(t(NOTHING[which]), severity="warning", markup=False)

    def action_back(self) -> None:
        self.app.action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reverse", "count", "release", "hold"):
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        return True


def _card_request(row: StockRow) -> PageRequest:
    return PageRequest(filters={"site_id": row.site_id, "item_id": row.item_id})


#: what the card says when there is nothing for a dialog to work on
NOTHING = {"count": n_("Nothing of this item is held here"),
           "release": n_("Nothing of this item is in quarantine here"),
           "hold": n_("Nothing of this item is available to hold here")}
