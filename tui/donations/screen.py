"""Screen 8: donations (捐赠). Two tabs: the offers (newest first, with what was accepted and
received) and the publication batches (公示). ``[`` and ``]`` move between them, ``/`` filters the
offers by number or donor, ``enter`` opens one. Coordinators register an offer (``n``) and publish
the next batch (``p``): everything received or signed for since the last one, and the corrections."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import Static, TabbedContent, TabPane

from models.rules import PUBLISH_WITHIN_DAYS
from models.services.allocation_detail import item_choices
from models.services.donation_figures import donation_figures
from models.services.donation_views import count_batches, count_donations, list_batches, list_donations
from models.services.paging import PageRequest
from models.services.publication import publish_batch
from tui.donations import forms
from tui.donations.batch import BatchScreen
from tui.donations.columns import BATCH_COLUMNS, DONATION_COLUMNS
from tui.donations.detail import DonationDetailScreen
from tui.i18n import command_title, t
from tui.i18n import format as fmt
from tui.shell.base import list_request
from tui.shell.dialogs import ConfirmDialog
from tui.shell.tabbed import TabbedListScreen
from tui.widgets.paged_table import PagedTable

#: tab id -> (title msgid, list, count, columns)
TABS: dict[str, tuple[str, Any, Any, Any]] = {
    "offers": ("Offers", list_donations, count_donations, DONATION_COLUMNS),
    "published": ("Published", list_batches, count_batches, BATCH_COLUMNS),
}


class DonationsScreen(TabbedListScreen):
    HELP = ("Donations: the offers, newest first, with what was accepted and received, and the publication "
            "batches (公示). [ and ] move between the tabs, / filters the offers by number or donor, enter opens "
            "one. Coordinators: n registers an offer, p publishes the next batch. The line on top: pledged, "
            "accepted, received, allocated, delivered, published; received and not published for too long; "
            "certificates owed.")
    CSS_PATH = Path(__file__).with_name("donations.tcss")
    TAB_IDS = tuple(TABS)
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Type a number or a donor", priority=True,
                id="donations-filter"),
        Binding("n", "new_offer", "New offer", tooltip="Register a donation (coordinators)", id="donations-new"),
        Binding("p", "publish", "Publish", tooltip="Publish the next batch (公示)", id="donations-publish"),
        Binding("right_square_bracket", "next_tab(1)", "Tabs", key_display="]", tooltip="The next tab",
                id="donations-next-tab"),
        Binding("left_square_bracket", "next_tab(-1)", "Previous tab", show=False, key_display="[",
                tooltip="The previous tab", id="donations-previous-tab"),
    ]

    def body(self) -> ComposeResult:
        yield Static("", id="donation-figures")
        yield self.filter_box(t("/ filter: number, donor…"))
        with TabbedContent(initial=f"tab-{self.first_tab}", id="donation-tabs"):
            for tab, (title, rows, count, columns) in TABS.items():
                with TabPane(t(title), id=f"tab-{tab}"):
                    yield self.tab_table(tab, columns, rows, count)

    def on_mount(self) -> None:
        self.sub_title = t("Donations")
        self._figures()

    def reload(self) -> None:
        super().reload()
        self._figures()

    @work(exclusive=True, group="donation-figures", exit_on_error=False)
    async def _figures(self) -> None:
        f = await self.read(donation_figures)
        line = Text(t("Pledged {pledged} · accepted {accepted} · received {received} (receipts: {receipts}) · "
                      "allocated {allocated} · delivered {delivered} · rows published {rows}",
                      pledged=fmt.count(f.pledged), accepted=fmt.count(f.accepted), received=fmt.count(f.received),
                      receipts=fmt.count(f.receipts), allocated=fmt.count(f.allocated),
                      delivered=fmt.count(f.delivered), rows=fmt.count(f.published_rows)))
        if f.unpublished_late or f.certificates_owed:
            line.append("\n")
            if f.unpublished_late:
                line.append("⚠ " + t("{n} received, unpublished for over {days} days", n=f.unpublished_late,
                                     days=PUBLISH_WITHIN_DAYS) + "  ", style="bold red")
            if f.certificates_owed:
                line.append(t("{n} certificates owed", n=f.certificates_owed), style="yellow")
        self.query_one("#donation-figures", Static).update(line)

    @on(PagedTable.Selected)
    def _open(self, event: PagedTable.Selected) -> None:
        event.stop()
        row = self.table.cursor_row
        if row is None:
            return
        if self.active_tab == "offers":
            self.app.push_screen(DonationDetailScreen(row.id))
        else:
            self.app.push_screen(BatchScreen(row.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_offer", "publish"):
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        return True

    @work(exclusive=True, group="donations-new", exit_on_error=False)
    async def action_new_offer(self) -> None:
        if not self.check_action("new_offer", ()):
            return
        items = await self.read(item_choices)
        donation_id = await self.app.push_screen_wait(forms.new_offer(self.ctx.actor, items))
        if donation_id is not None:
            self.notify(t("Donation registered"), markup=False)
            self.app.push_screen(DonationDetailScreen(donation_id))

    @work(exclusive=True, group="donations-new", exit_on_error=False)
    async def action_publish(self) -> None:
        if not self.check_action("publish", ()):
            return
        if not await self.app.push_screen_wait(ConfirmDialog(
                t("Publish everything received and signed for since the last batch? Published rows never change."))):
            return
        actor = self.ctx.actor
        batch_id = await self.command(lambda s: publish_batch(s, actor=actor))
        self.show_tab("published")
        self.app.push_screen(BatchScreen(batch_id))

    def export_list(self) -> tuple[str, PageRequest] | None:
        # the batches are written as published (公示) by their own screen's export
        return ("donations", list_request(self.table.request)) if self.active_tab == "offers" else None

    def palette_commands(self) -> Iterable[SystemCommand]:
        for tab, (title, *_) in TABS.items():
            yield SystemCommand(command_title("donations", tab), t(title), lambda tab=tab: self.show_tab(tab))
        if self.ctx.actor.is_coordinator and not self.ctx.read_only:
            yield SystemCommand(command_title("donations", "new offer"), t("Register a donation (coordinators)"),
                                self.action_new_offer)
