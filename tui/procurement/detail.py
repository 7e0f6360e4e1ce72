"""One purchase order or consignment in full, and what a coordinator does with it. An order: the
next step (submit, approve, the supplier confirmed), ship its lines, short-close or follow it up,
cancel part of a line or the whole order, customs cleared. A consignment: record a leg's
departure, ETA, arrival or damage, add the next leg, and receive a part of it. Keys are offered
only to coordinators and only where the state allows; the services refuse anyway."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.procurement import OPEN_STATUSES, OrderStage
from models.services.order_closing import cancel_order, follow_up, short_close
from models.services.procurement_detail import (
    ConsignmentDetail,
    OrderDetail,
    consignment_detail,
    order_detail,
    shippable_lines,
)
from models.services.purchase_orders import set_customs, step_order
from models.transport import ON_THE_WAY
from tui.i18n import n_, t
from tui.procurement import forms, text
from tui.procurement.render import render_consignment, render_order
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ChoiceDialog, ReasonDialog

Detail = OrderDetail | ConsignmentDetail
#: the step each order stage takes next
NEXT_STEP = {OrderStage.DRAFT.value: "submit", OrderStage.SUBMITTED.value: "approve",
             OrderStage.APPROVED.value: "confirm"}
STEPS: dict[str, tuple[Any, Any]] = {
    "advance": (OrderDetail, lambda d: d.stage in NEXT_STEP),
    "ship": (OrderDetail, lambda d: d.stage == OrderStage.CONFIRMED.value and d.site_id is not None
             and any(x.quantity - x.cancelled - x.shipped > 0 for x in d.lines)),
    "end": (OrderDetail, lambda d: d.status in OPEN_STATUSES),
    "cancel": (OrderDetail, lambda d: d.status in ("draft", *OPEN_STATUSES)
               and not any(x.shipped or x.accepted for x in d.lines)),
    "customs": (OrderDetail, lambda d: d.customs == "pending"),
    "cancel_part": (OrderDetail, lambda d: d.status in ("draft", *OPEN_STATUSES) and bool(cancellable(d))),
    "leg": (ConsignmentDetail, lambda d: d.status != "received" and bool(d.legs)),
    "add_leg": (ConsignmentDetail, lambda d: d.status != "received"),
    "receive": (ConsignmentDetail, lambda d: d.status in ON_THE_WAY),
    # raw material is delivered to the maker, recorded on the order
    "deliver": (OrderDetail, lambda d: d.stage == OrderStage.CONFIRMED.value and any(x.item.material for x in d.lines)),
}


class ProcurementDetailScreen(BaseScreen):
    HELP = ("A purchase order or a consignment in full. Orders: a the next step (submit, approve, "
            "confirmed by the supplier), t ship on a consignment, x short-close or follow up, c cancel, "
            "p cancel part of a line (what has not shipped), k customs cleared, o its latest consignment, "
            "r a delivery of raw material at the maker. "
            "Consignments: l a leg's departure, ETA or arrival, + add the next leg (the road leg once the "
            "plane has landed), r receive a part. escape goes back.")
    BINDINGS = [
        Binding("a", "advance", "Next step", tooltip="Submit, approve, or record the supplier's confirmation",
                id="procurement-advance"),
        Binding("t", "ship", "Ship", tooltip="Load the order's lines on a consignment", id="procurement-ship"),
        Binding("x", "end", "Short-close", tooltip="Short-close, or raise a follow-up order for the rest",
                id="procurement-end"),
        Binding("c", "cancel", "Cancel", tooltip="Cancel the order before anything shipped", id="procurement-cancel"),
        Binding("p", "cancel_part", "Cancel part", tooltip="Cancel part of a line that has not shipped",
                id="procurement-cancel-part"),
        Binding("k", "customs", "Customs cleared", tooltip="The goods cleared customs", id="procurement-customs"),
        Binding("o", "consignment", "Consignment", tooltip="Open the order's latest consignment",
                id="procurement-consignment"),
        Binding("l", "leg", "Leg", tooltip="A leg left, arrived, or has a new ETA", id="procurement-leg"),
        Binding("plus", "add_leg", "Add leg", key_display="+", tooltip="Add the next leg of the journey",
                id="procurement-add-leg"),
        Binding("r", "receive", "Receive", tooltip="Count a part of the consignment in", id="procurement-receive"),
        # the same key on an order of raw material: a delivery at the maker (one of the two is offered)
        Binding("r", "deliver", "Goods arrived", tooltip="Record a delivery of raw material at the maker",
                id="procurement-deliver"),
        Binding("escape", "back", "Back", id="procurement-back"),
    ]

    def __init__(self, kind: str, doc_id: int, *, notice: str | None = None, **params: str) -> None:
        """``notice``: a toast (a msgid with ``{number}``, the document's) said once it is read."""
        super().__init__()
        self.kind, self.doc_id = kind, doc_id
        self.detail: Detail | None = None
        self.notice, self.params = notice, params

    def body(self) -> ComposeResult:
        with VerticalScroll(id="procurement-detail"):
            yield Static(t("Loading…"), id="procurement-detail-text")

    def on_mount(self) -> None:
        self.sub_title = t("Procurement")
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="procurement-detail", exit_on_error=False)
    async def _load(self) -> None:
        shown: RenderableType
        if self.kind == "order":
            order = await self.read(lambda s: order_detail(s, order_id=self.doc_id))
            self.detail, shown = order, render_order(order)
        else:
            from models import clock

            consignment = await self.read(lambda s: consignment_detail(s, consignment_id=self.doc_id))
            overdue = consignment.eta is not None and consignment.eta < clock.now()
            self.detail, shown = consignment, render_consignment(consignment, overdue=overdue)
        self.query_one("#procurement-detail-text", Static).update(shown)
        self.refresh_bindings()
        if self.notice:
            self.notify(t(self.notice, number=self.detail.number, **self.params), markup=False)
            self.notice = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "consignment":  # reading: everyone
            return isinstance(self.detail, OrderDetail) and bool(self.detail.consignments)
        if action not in STEPS:
            return True
        kind, allowed = STEPS[action]
        return (self.ctx.actor.is_coordinator and not self.ctx.read_only and isinstance(self.detail, kind)
                and bool(allowed(self.detail)))

    def _can(self, action: str) -> Any:
        return self.detail if self.check_action(action, ()) else None

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_advance(self) -> None:
        if isinstance(d := self._can("advance"), OrderDetail):
            step, actor = NEXT_STEP[d.stage], self.ctx.actor
            await self.command(lambda s: step_order(s, actor=actor, order_id=d.id, version=d.version, step=step))
            self.notify(t(STEP_TOASTS[step], number=d.number), markup=False)

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_ship(self) -> None:
        if isinstance(d := self._can("ship"), OrderDetail) and (site_id := d.site_id) is not None:
            others = await self.read(lambda s: shippable_lines(s, site_id=site_id))
            consignment_id = await self.app.push_screen_wait(forms.ship(self.ctx.actor, d, others))
            if consignment_id is not None:
                shipped = await self.read(lambda s: consignment_detail(s, consignment_id=consignment_id))
                self.notify(t("Consignment {number} recorded for {order}", number=shipped.number, order=d.number),
                            markup=False)

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_end(self) -> None:
        d = self._can("end")
        if not isinstance(d, OrderDetail):
            return
        how = await self.app.push_screen_wait(ChoiceDialog(t("End {number}", number=d.number), [
            ("follow", t("Follow-up order for the rest"), "follow"), ("short", t("Short-close"), "short")]))
        if how is None:
            return
        reason = await self.app.push_screen_wait(ReasonDialog(t("Short-close {number}", number=d.number),
                                                              t("Why?"), required=how == "short"))
        if reason is None:
            return
        actor, version = self.ctx.actor, d.version
        if how == "follow":
            new = await self.command(lambda s: follow_up(s, actor=actor, order_id=d.id, version=version,
                                                         reason=reason or None))
            self.app.push_screen(ProcurementDetailScreen(
                "order", new, notice=n_("Follow-up order {number} written for the rest of {order}"), order=d.number))
        else:
            await self.command(lambda s: short_close(s, actor=actor, order_id=d.id, version=version, reason=reason))
            self.notify(t("Order {number} short-closed", number=d.number), markup=False)

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_cancel(self) -> None:
        d = self._can("cancel")
        if isinstance(d, OrderDetail):
            reason = await self.app.push_screen_wait(ReasonDialog(t("Cancel {number}", number=d.number), t("Why?")))
            if reason:
                actor, version = self.ctx.actor, d.version
                await self.command(lambda s: cancel_order(s, actor=actor, order_id=d.id, version=version,
                                                          reason=reason))
                self.notify(t("Order {number} cancelled", number=d.number), markup=False)

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_cancel_part(self) -> None:
        d = self._can("cancel_part")
        if not isinstance(d, OrderDetail):
            return
        lines = cancellable(d)
        pick = lines[0] if len(lines) == 1 else None
        if pick is None:
            chosen = await self.app.push_screen_wait(ChoiceDialog(t("Which line?"), [
                (line.id, f"{text.name(line.item.name, line.item.name_en)} · {line.quantity}", line.item.name)
                for line in lines]))
            pick = next((line for line in lines if line.id == chosen), None)
        if pick is not None:
            await self._form(forms.cancel_part(self.ctx.actor, d, pick),
                             t("Cancelled part of {number} recorded", number=d.number))

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_customs(self) -> None:
        if isinstance(d := self._can("customs"), OrderDetail):
            actor = self.ctx.actor
            await self.command(lambda s: set_customs(s, actor=actor, order_id=d.id, version=d.version,
                                                     customs="cleared"))
            self.notify(t("Order {number}: customs cleared", number=d.number), markup=False)

    def action_consignment(self) -> None:
        if self.check_action("consignment", ()) and isinstance(d := self.detail, OrderDetail):
            self.app.push_screen(ProcurementDetailScreen("consignment", d.consignments[-1][0]))

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_leg(self) -> None:
        d = self._can("leg")
        if not isinstance(d, ConsignmentDetail):
            return
        legs = d.legs
        pick = legs[0] if len(legs) == 1 else None
        if pick is None:
            chosen = await self.app.push_screen_wait(ChoiceDialog(t("Which leg?"), [
                (leg.seq, f"{leg.seq}. {text.mode(leg.mode)} {leg.origin} → {leg.destination}", str(leg.seq))
                for leg in legs], current=next((leg.seq for leg in legs if not leg.arrived_at), None)))
            pick = next((leg for leg in legs if leg.seq == chosen), None)
        if pick is not None:
            await self._form(forms.leg_event(self.ctx.actor, pick),
                             t("Leg {n} of {number} recorded", n=pick.seq, number=d.number))

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_add_leg(self) -> None:
        if isinstance(d := self._can("add_leg"), ConsignmentDetail):
            await self._form(forms.next_leg(self.ctx.actor, d),
                             t("Leg {n} added to {number}", n=len(d.legs) + 1, number=d.number))

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_receive(self) -> None:
        if isinstance(d := self._can("receive"), ConsignmentDetail):
            await self._form(forms.receive(self.ctx.actor, d), t("{number} received into stock", number=d.number))

    @work(exclusive=True, group="procurement-step", exit_on_error=False)
    async def action_deliver(self) -> None:
        if isinstance(d := self._can("deliver"), OrderDetail):
            await self._form(forms.receive_material(self.ctx.actor, d),
                             t("Delivery of {number} recorded at {maker}", number=d.number,
                               maker=text.name(d.enterprise_name)))

    async def _form(self, dialog: Any, done: str) -> None:
        result = await self.app.push_screen_wait(dialog)
        if result is not None:
            self.notify(done, markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()


def cancellable(d: OrderDetail) -> list[Any]:
    """The lines with something not shipped (nor accepted) that could be cancelled, or un-cancelled."""
    return [line for line in d.lines if line.quantity - max(line.shipped, line.accepted) > 0]


#: the toast after each step, naming the order
STEP_TOASTS = {"submit": n_("Order {number} submitted"), "approve": n_("Order {number} approved"),
               "confirm": n_("Order {number} confirmed by the supplier")}
