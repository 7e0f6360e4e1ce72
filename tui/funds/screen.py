"""Screen 9: funds (资金保障). Four tabs, each a list with the filter box: the sources of money (what
is available, approved, paid and left), the fund requests (waiting for approval first, then for
payment), the key-supply enterprise list and the interest-subsidy applications. ``[`` and ``]`` move
between the tabs, ``/`` filters. Coordinators add (``n``), approve (``a``), pay (``p``), reverse a
payment (``r``) and reject (``x``); everyone else reads. Amounts are in 万元 (10k yuan).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from models.services import fund_views as views
from models.services.fund_requests import reject_fund_request
from models.services.key_supply import delist
from models.services.paging import PageRequest
from models.services.subsidies import approve_subsidy, reject_subsidy
from tui.funds import forms, text
from tui.funds.columns import KEY_SUPPLY_COLUMNS, REQUEST_COLUMNS, SOURCE_COLUMNS, SUBSIDY_COLUMNS
from tui.i18n import command_title, t
from tui.shell.base import list_request
from tui.shell.dialogs import ConfirmDialog, ReasonDialog
from tui.shell.tabbed import TabbedListScreen
from tui.widgets.paged_table import PagedTable

#: tab id -> (title msgid, list, count, columns)
TABS: dict[str, tuple[str, Any, Any, Any]] = {
    "sources": ("Sources", views.list_sources, views.count_sources, SOURCE_COLUMNS),
    "requests": ("Fund requests", views.list_fund_requests, views.count_fund_requests, REQUEST_COLUMNS),
    "keysupply": ("Key-supply list", views.list_key_supply, views.count_key_supply, KEY_SUPPLY_COLUMNS),
    "subsidies": ("Interest subsidies", views.list_subsidies, views.count_subsidies, SUBSIDY_COLUMNS),
}
#: tab -> the kind ``export: this list`` writes it as (``models.exchange.exporting``)
EXPORTED = {"sources": "fund_sources", "requests": "fund_requests"}
#: action -> the tabs where it applies
WHERE = {"new": tuple(TABS), "approve": ("requests", "subsidies"), "pay": ("requests",),
         "reverse": ("requests",), "reject": ("requests", "subsidies", "keysupply"), "available": ("sources",)}


class FundsScreen(TabbedListScreen):
    HELP = ("Funds: sources of money, fund requests, the key-supply list and interest subsidies; amounts in "
            "10k yuan. [ and ] move between the tabs, / filters. Coordinators: n adds to the list in view, a "
            "approves (a request: amount and source; a subsidy: makes its fund request), p pays with the "
            "voucher number, r reverses the last payment, x rejects (or takes an enterprise off the list), e on a "
            "source changes its amount available with the document that changes it (never below what is "
            "approved). enter opens a request with its payments, or a source with its requests.")
    CSS_PATH = Path(__file__).with_name("funds.tcss")
    TAB_IDS = tuple(TABS)
    TABLE_ID = "funds-{tab}-table"
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Type a number or a name: Chinese, pinyin or initials",
                priority=True, id="funds-filter"),
        Binding("n", "new", "New", tooltip="Add to the list in view (coordinators)", id="funds-new"),
        Binding("a", "approve", "Approve", tooltip="Approve the request or subsidy under the cursor",
                id="funds-approve"),
        Binding("p", "pay", "Pay", tooltip="Pay the approved request under the cursor, with its voucher",
                id="funds-pay"),
        Binding("r", "reverse", "Reverse", show=False, tooltip="Reverse the last payment by a negative entry",
                id="funds-reverse"),
        Binding("x", "reject", "Reject", show=False, tooltip="Reject, or take an enterprise off the list",
                id="funds-reject"),
        Binding("e", "available", "Amount", tooltip="Change the source's amount available, with its document",
                id="funds-available"),
        Binding("right_square_bracket", "next_tab(1)", "Tabs", key_display="]", tooltip="The next tab",
                id="funds-next-tab"),
        Binding("left_square_bracket", "next_tab(-1)", "Previous tab", show=False, key_display="[",
                tooltip="The previous tab", id="funds-previous-tab"),
    ]

    def body(self) -> ComposeResult:
        yield self.filter_box(t("/ filter: number, enterprise (茶园, chayuan)…"))
        with TabbedContent(initial=f"tab-{self.first_tab}", id="funds-tabs"):
            for tab, (title, rows, count, columns) in TABS.items():
                with TabPane(t(title), id=f"tab-{tab}"):
                    yield self.tab_table(tab, columns, rows, count)

    def on_mount(self) -> None:
        self.sub_title = t("Funds")

    @on(PagedTable.Selected)
    def _open(self, event: PagedTable.Selected) -> None:
        event.stop()
        row = self.table.cursor_row
        if isinstance(row, views.FundRequestRow):
            from tui.funds.detail import FundRequestScreen

            self.app.push_screen(FundRequestScreen(row.id))
        elif isinstance(row, views.SourceRow):
            from tui.funds.source_detail import FundSourceScreen

            self.app.push_screen(FundSourceScreen(row.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in WHERE:
            return True
        return self.ctx.actor.is_coordinator and not self.ctx.read_only and self.active_tab in WHERE[action]

    def _row(self) -> Any:
        return self.table.cursor_row

    # ---- the steps ------------------------------------------------------------------------------------

    @work(exclusive=True, group="funds-step", exit_on_error=False)
    async def action_new(self) -> None:
        if not self.check_action("new", ()):
            return
        actor, tab = self.ctx.actor, self.active_tab
        if tab == "sources":
            dialog = forms.new_source(actor)
        elif tab == "requests":
            shortages = await self.read(views.funding_shortages)
            units = await self.read(views.reserve_units)
            dialog = forms.new_request(actor, shortages, units, await self.read(views.source_choices))
        elif tab == "keysupply":
            dialog = forms.list_key_supply(actor)
        else:
            dialog = forms.subsidy(actor)
        if await self.app.push_screen_wait(dialog) is not None:
            self.notify(t("Saved"), markup=False)

    @work(exclusive=True, group="funds-step", exit_on_error=False)
    async def action_available(self) -> None:
        row = self._row()
        if not self.check_action("available", ()) or not isinstance(row, views.SourceRow):
            return
        if await self.app.push_screen_wait(forms.change_available(self.ctx.actor, row)) is not None:
            self.notify(t("Saved"), markup=False)

    @work(exclusive=True, group="funds-step", exit_on_error=False)
    async def action_approve(self) -> None:
        row = self._row()
        if not self.check_action("approve", ()) or row is None:
            return
        actor = self.ctx.actor
        if isinstance(row, views.SubsidyRow):
            if row.status != "submitted" or not await self.app.push_screen_wait(ConfirmDialog(t(
                    "Approve {number}: a fund request of {amount} is made for it?", number=row.number,
                    amount=text.money(row.expected)))):
                return
            await self.command(lambda s: approve_subsidy(s, actor=actor, application_id=row.id, version=row.version))
            self.notify(t("Approved: its fund request is in the requests tab"), markup=False)
            return
        if row.status == "rejected":
            self.notify(t("This request is rejected"), severity="warning", markup=False)
            return
        sources = await self.read(views.source_choices)
        if not sources:
            self.notify(t("No source of funds yet: add one first"), severity="warning", markup=False)
            return
        if await self.app.push_screen_wait(forms.approve(actor, row, sources)) is not None:
            self.notify(t("Approved"), markup=False)

    @work(exclusive=True, group="funds-step", exit_on_error=False)
    async def action_pay(self) -> None:
        row = self._row()
        if not self.check_action("pay", ()) or row is None:
            return
        if row.status != "approved":
            self.notify(t("Only an approved request with something still to pay can be paid"), severity="warning",
                        markup=False)
            return
        if await self.app.push_screen_wait(forms.pay(self.ctx.actor, row)) is not None:
            done = await self.read(lambda s: views.fund_request(s, request_id=row.id))
            if done is not None and done.status == "paid" and done.shortage_id is not None:
                self.notify(t("{number} is paid in full: its funding shortage is resolved", number=row.number),
                            markup=False, timeout=10)
            elif done is not None:
                self.notify(t("Payment recorded: {amount} of {number} still to pay", number=row.number,
                              amount=text.money((done.approved or 0) - done.disbursed)), markup=False)

    @work(exclusive=True, group="funds-step", exit_on_error=False)
    async def action_reverse(self) -> None:
        row = self._row()
        if not self.check_action("reverse", ()) or row is None:
            return
        payment = await self.read(lambda s: views.last_payment(s, request_id=row.id))
        if payment is None:
            self.notify(t("Nothing of this request is paid"), severity="warning", markup=False)
            return
        if await self.app.push_screen_wait(forms.reverse(self.ctx.actor, row, payment)) is not None:
            self.notify(t("Reversed"), markup=False)

    @work(exclusive=True, group="funds-step", exit_on_error=False)
    async def action_reject(self) -> None:
        row = self._row()
        if not self.check_action("reject", ()) or row is None:
            return
        actor = self.ctx.actor
        if isinstance(row, views.KeySupplyRow):
            if row.active and await self.app.push_screen_wait(ConfirmDialog(t(
                    "Take {name} off the key-supply list?", name=row.enterprise))):
                await self.command(lambda s: delist(s, actor=actor, row_id_=row.id, version=row.version))
                self.notify(t("Taken off the list"), markup=False)
            return
        reason = await self.app.push_screen_wait(ReasonDialog(t("Reject {number}", number=row.number),
                                                              t("Why? (the applicant is told this)")))
        if not reason:
            return
        if isinstance(row, views.SubsidyRow):
            await self.command(lambda s: reject_subsidy(s, actor=actor, application_id=row.id, version=row.version,
                                                        reason=reason))
        else:
            await self.command(lambda s: reject_fund_request(s, actor=actor, request_id=row.id, version=row.version,
                                                             reason=reason))
        self.notify(t("Request rejected"), markup=False)

    def export_list(self) -> tuple[str, PageRequest] | None:
        kind = EXPORTED.get(self.active_tab)
        return (kind, list_request(self.table.request)) if kind else None

    def palette_commands(self) -> Iterable[SystemCommand]:
        for tab, (title, *_) in TABS.items():
            yield SystemCommand(command_title("funds", tab), t(title), lambda tab=tab: self.show_tab(tab))
