"""One allocation document in full (a request, an order, a delivery), and what a coordinator does
with it: approve, close or reject, allocate a request; dispatch, record the written order, cancel an
order; sign for a delivery. The keys are offered only to coordinators, and only where the document's
state allows the step; the services refuse anyway."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.allocation import AllocationStatus
from models.delivery import DispatchStatus
from models.requests import RequestStatus
from models.services.allocation_detail import (
    DispatchDetail,
    OrderDetail,
    RequestDetail,
    dispatch_detail,
    order_detail,
    request_detail,
    warehouses_for,
)
from models.services.allocations import cancel_allocation, record_paper
from models.services.choices import Choice
from models.services.requests import close_request, reject_request
from tui.allocation import forms
from tui.allocation.render import render_dispatch, render_order, render_request
from tui.allocation.text import name
from tui.i18n import t
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ChoiceDialog, ReasonDialog

Detail = RequestDetail | OrderDetail | DispatchDetail
#: action -> (the kind of document it acts on, whether its state allows it)
STEPS: dict[str, tuple[type, Any]] = {
    "approve": (RequestDetail, lambda d: d.status == RequestStatus.SUBMITTED.value),
    "end": (RequestDetail, lambda d: d.status in (RequestStatus.SUBMITTED.value, RequestStatus.APPROVED.value)),
    "allocate": (RequestDetail, lambda d: d.status == RequestStatus.APPROVED.value
                 and any(line.to_allocate for line in d.lines)),
    "send": (OrderDetail, lambda d: d.status == AllocationStatus.ISSUED.value
             and any(line.quantity > line.dispatched for line in d.lines)),
    "paper": (OrderDetail, lambda d: d.verbal and not d.paper_no and d.status != AllocationStatus.CANCELLED.value),
    "cancel": (OrderDetail, lambda d: d.status == AllocationStatus.ISSUED.value
               and not any(line.dispatched for line in d.lines)),
    "sign": (DispatchDetail, lambda d: d.status == DispatchStatus.IN_TRANSIT.value),
}


class AllocationDetailScreen(BaseScreen):
    HELP = ("A request, an allocation order or a delivery in full. Coordinators act on it with the keys "
            "below; escape goes back to the list.")
    BINDINGS = [
        Binding("a", "approve", "Approve", tooltip="Approve the request, line by line", id="allocation-approve"),
        Binding("x", "end", "Close/reject", tooltip="Close or reject the request, with a reason",
                id="allocation-end"),
        Binding("l", "allocate", "Allocate", tooltip="Allocate from a warehouse", id="allocation-allocate"),
        Binding("d", "send", "Dispatch", tooltip="Send the goods out", id="allocation-dispatch"),
        Binding("p", "paper", "Paper arrived", tooltip="The written order arrived: its number",
                id="allocation-paper"),
        Binding("c", "cancel", "Cancel order", tooltip="Cancel the order, with a reason", id="allocation-cancel"),
        Binding("s", "sign", "Sign", tooltip="Sign for the delivery, line by line", id="allocation-sign"),
        Binding("escape", "back", "Back", id="allocation-back"),
    ]

    def __init__(self, kind: str, doc_id: int) -> None:
        super().__init__()
        self.kind, self.doc_id = kind, doc_id
        self.detail: Detail | None = None

    def body(self) -> ComposeResult:
        with VerticalScroll(id="allocation-detail"):
            yield Static(t("Loading…"), id="allocation-detail-text")

    def on_mount(self) -> None:
        self.sub_title = t("Allocation")
        self.reload()

    def reload(self) -> None:
        self._load()

    def _read(self) -> Any:
        if self.kind == "request":
            return lambda s: request_detail(s, request_id=self.doc_id)
        if self.kind == "order":
            return lambda s: order_detail(s, order_id=self.doc_id)
        return lambda s: dispatch_detail(s, dispatch_id=self.doc_id)

    @work(exclusive=True, group="allocation-detail", exit_on_error=False)
    async def _load(self) -> None:
        detail = await self.read(self._read())
        self.detail = detail
        if isinstance(detail, RequestDetail):
            text = render_request(detail)
        elif isinstance(detail, OrderDetail):
            text = render_order(detail)
        else:
            text = render_dispatch(detail)
        self.query_one("#allocation-detail-text", Static).update(text)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in STEPS:
            return True
        kind, allowed = STEPS[action]
        actor = self.ctx.actor
        return (actor.is_coordinator and not self.ctx.read_only and isinstance(self.detail, kind)
                and bool(allowed(self.detail)))

    def _can(self, action: str) -> Any:
        return self.detail if self.check_action(action, ()) else None

    # ---- requests -------------------------------------------------------------------------------------

    @work(exclusive=True, group="allocation-step", exit_on_error=False)
    async def action_approve(self) -> None:
        detail = self._can("approve")
        if isinstance(detail, RequestDetail) and await self._form(forms.approve(self.ctx.actor, detail)) is not None:
            self.notify(t("Request {number} approved", number=detail.number), markup=False)

    @work(exclusive=True, group="allocation-step", exit_on_error=False)
    async def action_end(self) -> None:
        detail = self._can("end")
        if not isinstance(detail, RequestDetail):
            return
        how = await self.app.push_screen_wait(ChoiceDialog(
            t("End {number}", number=detail.number),
            [("close", t("Close with what was given"), "close"), ("reject", t("Reject"), "reject")]))
        if how is None:
            return
        reason = await self.app.push_screen_wait(ReasonDialog(
            t("Close {number}", number=detail.number) if how == "close" else t("Reject {number}", number=detail.number),
            t("Why? (the requesting site is told this)")))
        if reason is None:
            return
        end = close_request if how == "close" else reject_request
        actor, version = self.ctx.actor, detail.version
        await self.command(lambda s: end(s, actor=actor, request_id=detail.id, version=version, reason=reason))
        self.notify(t("Request {number} closed", number=detail.number) if how == "close"
                    else t("Request {number} rejected", number=detail.number), markup=False)

    @work(exclusive=True, group="allocation-step", exit_on_error=False)
    async def action_allocate(self) -> None:
        if isinstance(detail := self._can("allocate"), RequestDetail):
            items = [line.item_id for line in detail.lines]
            warehouses = warehouse_options(
                await self.read(lambda s: warehouses_for(s, site_id=detail.site.id, item_ids=items)))
            if not warehouses:
                self.notify(t("No warehouse yet: add one first"), severity="warning", markup=False)
                return
            order_id = await self._form(forms.allocate(self.ctx.actor, detail, warehouses))
            if order_id is not None:
                order = await self.read(lambda s: order_detail(s, order_id=order_id))
                self.notify(t("Allocation order {number} issued", number=order.number), markup=False)

    # ---- orders and deliveries ------------------------------------------------------------------------

    @work(exclusive=True, group="allocation-step", exit_on_error=False)
    async def action_send(self) -> None:
        if isinstance(detail := self._can("send"), OrderDetail):
            dispatch_id = await self._form(forms.send(self.ctx.actor, detail))
            if dispatch_id is not None:
                sent = await self.read(lambda s: dispatch_detail(s, dispatch_id=dispatch_id))
                self.notify(t("Dispatch {number} sent", number=sent.number), markup=False)

    @work(exclusive=True, group="allocation-step", exit_on_error=False)
    async def action_paper(self) -> None:
        detail = self._can("paper")
        if not isinstance(detail, OrderDetail):
            return
        paper_no = await self.app.push_screen_wait(ReasonDialog(
            t("Written order for {number}", number=detail.number), t("The written order's number"), max_len=64))
        if paper_no:
            actor, version = self.ctx.actor, detail.version
            await self.command(lambda s: record_paper(s, actor=actor, order_id=detail.id, version=version,
                                                      paper_no=paper_no))
            self.notify(t("Written order {paper} recorded for {number}", paper=paper_no, number=detail.number),
                        markup=False)

    @work(exclusive=True, group="allocation-step", exit_on_error=False)
    async def action_cancel(self) -> None:
        detail = self._can("cancel")
        if not isinstance(detail, OrderDetail):
            return
        reason = await self.app.push_screen_wait(ReasonDialog(
            t("Cancel {number}", number=detail.number), t("Why? The reserved stock is released.")))
        if reason:
            actor, version = self.ctx.actor, detail.version
            await self.command(lambda s: cancel_allocation(s, actor=actor, order_id=detail.id, version=version,
                                                           reason=reason))
            self.notify(t("Allocation order {number} cancelled", number=detail.number), markup=False)

    @work(exclusive=True, group="allocation-step", exit_on_error=False)
    async def action_sign(self) -> None:
        detail = self._can("sign")
        if isinstance(detail, DispatchDetail) and await self._form(forms.sign(self.ctx.actor, detail)) is not None:
            self.notify(t("Delivery {number} signed for", number=detail.number), markup=False)

    async def _form(self, dialog: Any) -> Any:
        """The form's result: what its command returned (a document's id), None when it was left."""
        return await self.app.push_screen_wait(dialog)

    def action_back(self) -> None:
        self.app.pop_screen()


def warehouse_options(choices: list[Choice]) -> list[tuple[str, str, str]]:
    """The warehouses a form offers, as (id, name, search key) for a choice."""
    return [(str(c.id), name(c.name, c.alt), c.key) for c in choices]
