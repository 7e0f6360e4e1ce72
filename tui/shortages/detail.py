"""One shortage (``enter`` on the list): its facts, its timeline, the suppliers to call, and the steps.

Each step (assign, escalate, note, coordinating, supplier contacted, reserve unit notified,
resolve, close, reopen) is one flow, top to bottom: it asks what it needs in dialogs, then takes
the step on the version the screen showed when it was asked for. A note the service refuses is
asked again with what was typed. When someone else took a step in between, the service refuses
with a conflict: the screen reads the shortage again, shows their step, and offers to take ours
on the new state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from models import clock
from models.errors import ConflictError, ServiceError, ValidationError
from models.services.access import stationed_at
from models.services.choices import Choice, GroupChoice, assignee_choices, group_choices
from models.services.shortage_detail import all_suppliers, shortage_detail
from models.services.shortage_orders import ShortageProcurement, shortage_procurement
from models.services.shortage_views import ShortageDetail, SupplierView
from models.services.shortages import act, allowed_actions
from tui.i18n import command_title, error_text, t
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.base import BaseScreen
from tui.shell.calls import Refused
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog, ReasonDialog
from tui.shortages.facts import facts, open_orders, supplier_options, suppliers
from tui.shortages.text import action_label, event_detail, group_label, who
from tui.shortages.timeline import ShortageTimeline

if TYPE_CHECKING:
    from sqlmodel import Session

#: the steps in the order the menu offers them, with their keys
STEPS = (("assign", "a"), ("escalate", "u"), ("coordinating", "c"), ("note", "p"), ("supplier_contacted", "s"),
         ("reserve_notified", "v"), ("resolve", "r"), ("close", "x"), ("reopen", "o"))


@dataclass(frozen=True)
class Step:
    """One step as the user asked for it, kept to retry after a conflict."""

    action: str
    note: str | None = None
    group_id: int | None = None
    assignee_id: int | None = None
    supplier_id: int | None = None


@dataclass(frozen=True)
class StepChoices:
    groups: list[GroupChoice]
    cadres: list[Choice]
    suppliers: list[SupplierView]


class ShortageDetailScreen(BaseScreen):
    HELP = ("One shortage: its facts, its history with who and when, and the suppliers to call. Each key "
            "below takes one step (enter lists them); escape goes back to the list.")
    BINDINGS = [
        Binding("enter", "steps", "Steps", tooltip="Every step you may take now", show=False, id="shortage-steps"),
        Binding("a", "step('assign')", "Assign", tooltip="To a special group and a cadre", id="shortage-assign"),
        Binding("u", "step('escalate')", "Escalate", tooltip="From district to city level, with a reason",
                id="shortage-escalate"),
        Binding("c", "step('coordinating')", "Coordinating", tooltip="Coordination has started", show=False,
                id="shortage-coordinating"),
        Binding("p", "step('note')", "Note", tooltip="Add a progress note", id="shortage-note"),
        Binding("s", "step('supplier_contacted')", "Supplier", tooltip="A supplier was contacted", show=False,
                id="shortage-supplier"),
        Binding("v", "step('reserve_notified')", "Reserve unit",
                tooltip="A reserve unit (重药集团, 桐君阁) was notified to buy", show=False, id="shortage-reserve"),
        Binding("r", "step('resolve')", "Resolve", tooltip="With the resolution", id="shortage-resolve"),
        Binding("x", "step('close')", "Close", tooltip="Close unresolved, with the reason", show=False,
                id="shortage-close"),
        Binding("o", "step('reopen')", "Reopen", tooltip="With the reason", id="shortage-reopen"),
        Binding("b", "order", "Buy", tooltip="Its suppliers and open orders; order from one", show=False,
                id="shortage-order"),
        Binding("escape", "app.back", "Back", id="shortage-detail-back"),
        Binding("slash", "app.list_filter('shortages')", "Filter", tooltip="Filter the list of shortages",
                show=False, priority=True, id="shortage-detail-filter"),
    ]
    CSS_PATH = Path(__file__).with_name("shortages.tcss")

    def __init__(self, shortage_id: int) -> None:
        super().__init__()
        self.shortage_id = shortage_id
        self.detail: ShortageDetail | None = None
        self.choices: StepChoices | None = None
        self.hold_keys()  # a step's key typed right after enter acts once the shortage is read
        self.stationed = False  # the actor is stationed at the shortage's enterprise (notes and progress)
        self.orders: ShortageProcurement | None = None  # its open orders and their progress

    def body(self) -> ComposeResult:
        yield Static(Text(t("Shortage #{id}", id=self.shortage_id)), id="detail-title")
        yield Static("", id="detail-message")
        with VerticalScroll(id="detail-scroll"):
            yield Static(Text(t("Loading…")), id="detail-facts")
            yield ShortageTimeline(id="detail-timeline")
            yield Static("", id="detail-suppliers")
            yield Static("", id="detail-orders")

    def on_mount(self) -> None:
        self.sub_title = t("Shortage #{id}", id=self.shortage_id)
        self.query_one("#detail-scroll").focus()
        self.load()

    # ---- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Someone changed data: show the shortage as it is now (a step being typed keeps its version)."""
        self.load()

    @work(exclusive=True, exit_on_error=False, group="shortage-detail")
    async def load(self) -> None:
        try:
            await self._read_and_show()
        finally:
            self.keys_ready()

    async def _read_and_show(self) -> None:
        """Read the shortage (and, the first time, the choices the steps offer) and show it."""
        wanted = self.choices is None and not self.ctx.read_only

        def read(session: Session) -> tuple[ShortageDetail, StepChoices | None, bool, ShortageProcurement]:
            detail = shortage_detail(session, shortage_id=self.shortage_id)
            here = stationed_at(session, actor=self.ctx.actor, enterprise_id=detail.row.enterprise_id)
            choices = (StepChoices(group_choices(session), assignee_choices(session), all_suppliers(session))
                       if wanted else None)
            return detail, choices, here, shortage_procurement(session, shortage_id=self.shortage_id)

        detail, choices, self.stationed, self.orders = await self.read(read)
        self.detail, self.choices = detail, choices or self.choices
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        d = self.detail
        assert d is not None
        r = d.row
        title = Text(f"#{r.id} ")
        title.append(for_tui(r.enterprise_name))
        title.append(for_tui(f" · {fmt.district(r.district)}" + (f" {d.park}" if d.park else "")), style="not bold")
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail-facts", Static).update(facts(d))
        self.query_one(ShortageTimeline).show(d.events, d.groups)
        self.query_one("#detail-suppliers", Static).update(suppliers(d))
        orders = self.query_one("#detail-orders", Static)
        orders.update(shown := open_orders(self.orders) if self.orders else "")
        orders.display = bool(shown)  # its margin only when it shows something

    def _say(self, text: str) -> None:
        line = self.query_one("#detail-message", Static)
        line.update(Text(for_tui(text, lines=True)))  # a conflict's summary quotes names and notes
        line.display = bool(text)

    # ---- steps --------------------------------------------------------------------------------

    def allowed(self) -> set[str]:
        d = self.detail
        if d is None:
            return set()
        return allowed_actions(self.ctx.actor, status=d.row.status, level=d.row.level, stationed=self.stationed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return parameters[0] in self.allowed()
        if action == "steps":
            return bool(self.allowed())
        if action == "order":
            return self.ctx.actor.is_coordinator and not self.ctx.read_only
        return True

    @work(exclusive=True, group="shortage-order", exit_on_error=False)
    async def action_order(self) -> None:
        """``b``: from the shortage to an order (procurement's drill-down)."""
        if self.check_action("order", ()):
            from tui.procurement.from_shortage import order_from_shortage

            await order_from_shortage(self, self.shortage_id)

    def action_step(self, action: str) -> None:
        if action in self.allowed():
            self._step(action)

    def action_steps(self) -> None:
        if self.allowed():
            self._step(None)

    @work(exclusive=True, exit_on_error=False, group="shortage-step")
    async def _step(self, action: str | None) -> None:
        """Take one step: ``action``, or the one picked from the menu of the steps open now."""
        if action is None:
            options = [(a, action_label(a) + fmt.aside(key), f"{a} {key}") for a, key in STEPS if a in self.allowed()]
            picked = await self.app.push_screen_wait(ChoiceDialog(t("Take a step"), options))
            if not isinstance(picked, str):
                return
            action = picked
        d = self.detail
        if d is None:
            return
        # the version shown when the step was asked for: a step someone took meanwhile is a conflict
        version, seen = d.row.version, last_event_id(d)
        step = await self._ask(action, d)
        while step is not None:
            try:
                await self._take(step, version)
            except Refused as refused:
                step = await self._after_refusal(step, refused.error, seen)
                if self.detail is not None:
                    version, seen = self.detail.row.version, last_event_id(self.detail)
                continue
            self._say("")
            self.notify(t("Saved: {step}", step=action_label(step.action)), markup=False)
            return

    async def _ask(self, action: str, d: ShortageDetail) -> Step | None:
        """What the step needs, asked in dialogs one after the other; None when one was escaped."""
        choices = self.choices or StepChoices([], [], [])
        if action == "assign":
            group = await self.app.push_screen_wait(ChoiceDialog(t("Assign to a special group"), [
                (g.id, group_label(g.name, g.name_en), g.key) for g in choices.groups], current=d.row.group_id))
            if not isinstance(group, int):
                return None
            name = next((g.name for g in choices.groups if g.id == group), None)
            cadres = sorted(choices.cadres, key=lambda c: c.extra != name)  # the group's cadres first
            english = {g.name: g.name_en for g in choices.groups}  # a cadre's group in the language shown
            options = [(0, t("— no cadre —"), "none")] + [
                (c.id, f"{c.name} · {group_label(c.extra, english.get(c.extra, ''))}" if c.extra else c.name, c.key)
                for c in cadres]
            cadre = await self.app.push_screen_wait(ChoiceDialog(t("Assign to a cadre"), options,
                                                                 current=d.row.assignee_id))
            return Step(action, group_id=group, assignee_id=cadre or None) if isinstance(cadre, int) else None
        supplier_id = None
        if action in ("supplier_contacted", "reserve_notified"):
            supplier = await self.app.push_screen_wait(ChoiceDialog(
                t("Which supplier?") if action == "supplier_contacted" else t("Which reserve unit?"),
                supplier_options(d, choices.suppliers, reserve=action == "reserve_notified")))
            if not isinstance(supplier, int):
                return None
            supplier_id = supplier or None  # 0: not in the list
        return await self._ask_note(Step(action, supplier_id=supplier_id))

    async def _ask_note(self, step: Step, error: str = "") -> Step | None:
        """The note of ``step`` (asked again after a refusal: with what was typed, and why)."""
        title, prompt, required = PROMPTS[step.action]()
        text = await self.app.push_screen_wait(NoteDialog(title, prompt, required=required, value=step.note or "",
                                                          error=error))
        return replace(step, note=text or None) if isinstance(text, str) else None

    async def _take(self, step: Step, version: int) -> None:
        actor = self.ctx.actor
        await self.command(lambda s: act(
            s, actor=actor, shortage_id=self.shortage_id, expected_version=version, action=step.action,
            note=step.note, group_id=step.group_id, assignee_id=step.assignee_id, supplier_id=step.supplier_id))

    def refused(self, error: ServiceError) -> None:
        """A refused note is asked again and a conflict offered again (``_after_refusal``); anything
        else is said above the facts."""
        if not (isinstance(error, ConflictError) or _refused_note(error)):
            self._say(error_text(error))

    async def _after_refusal(self, step: Step, error: ServiceError, seen: int) -> Step | None:
        """The step to try again after a refusal, or None: the note asked again with why, or after
        a conflict the other steps shown and ours offered on the new state."""
        if _refused_note(error):
            return await self._ask_note(step, error_text(error))
        if not isinstance(error, ConflictError):
            return None
        await self._read_and_show()
        d = self.detail
        assert d is not None
        theirs = [e for e in d.events if e.id > seen]
        lines = [f"{clock.fmt(e.at)} {who(e)} {action_label(e.action)} {event_detail(e, d.groups).plain}".rstrip()
                 for e in theirs]
        # who and when from the conflict itself (the row as the other person left it), then their steps
        at = error.current.get("updated_at")
        changed = t("{login} changed this shortage at {at}:", login=error.current.get("updated_by") or d.updated_by,
                    at=clock.fmt(at) if isinstance(at, datetime) else clock.fmt(d.updated_at))
        summary = "\n".join([changed, *lines])
        name = t(STEP_TITLES[step.action])
        if step.action not in self.allowed():
            self._say(summary + "\n" + t("Your step \u201c{step}\u201d was not saved: it is not possible any more.",
                                         step=name))
            return None
        self._say(summary)
        question = summary + "\n\n" + t("Your step \u201c{step}\u201d was not saved. Take it now?", step=name)
        if await self.app.push_screen_wait(ConfirmDialog(question)):
            self._say("")
            return step
        self._say(summary + "\n" + t("Your step \u201c{step}\u201d was not saved.", step=name))
        return None

    def palette_commands(self) -> Iterable[SystemCommand]:
        for action, _ in STEPS:
            if action in self.allowed():
                yield SystemCommand(command_title("shortage", STEP_TITLES[action]),
                                    t("Take this step on shortage #{id}", id=self.shortage_id),
                                    lambda a=action: self.action_step(a))


def _refused_note(error: ServiceError) -> bool:
    return isinstance(error, ValidationError) and error.field == "note"


#: the palette's name of each step (message ids of the binding labels and dialog titles)
STEP_TITLES = {"assign": "Assign", "escalate": "Escalate", "coordinating": "Coordinating", "note": "Progress note",
               "supplier_contacted": "Supplier contacted", "reserve_notified": "Reserve unit notified",
               "resolve": "Resolve", "close": "Close unresolved", "reopen": "Reopen"}


class NoteDialog(ReasonDialog):
    """The reason dialog, opened again with the service's refusal shown under what was typed."""

    def __init__(self, title: str, prompt: str, *, required: bool, value: str, error: str) -> None:
        super().__init__(title, prompt, required=required, value=value, max_len=2000)
        self.error = error

    def on_mount(self) -> None:  # ReasonDialog.on_mount runs as well (Textual calls each class's handler)
        if self.error:
            self.query_one("#reason-error", Label).update(Text(for_tui(self.error, lines=True)))


def last_event_id(detail: ShortageDetail) -> int:
    return max((e.id for e in detail.events), default=0)


#: each step's note dialog: title, prompt, and whether a note is required (lambdas: translated when asked)
PROMPTS: dict[str, Callable[[], tuple[str, str, bool]]] = {
    "escalate": lambda: (t("Escalate to city level"), t("Why can the district not solve it?"), True),
    "coordinating": lambda: (t("Coordinating"), t("Note (optional)"), False),
    "note": lambda: (t("Progress note"), t("What happened?"), True),
    "supplier_contacted": lambda: (t("Supplier contacted"), t("What did they say?"), True),
    "reserve_notified": lambda: (t("Reserve unit notified"), t("What was asked of them?"), True),
    "resolve": lambda: (t("Resolve"), t("The resolution: how was it solved?"), True),
    "close": lambda: (t("Close unresolved"), t("Why is it closed without a solution?"), True),
    "reopen": lambda: (t("Reopen"), t("Why is it open again?"), True),
}
