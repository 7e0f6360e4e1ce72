"""One shortage (``enter`` on the list): its facts, its timeline, the suppliers to call, and the steps.

Each step (assign, escalate, note, coordinating, supplier contacted, reserve unit notified,
resolve, close, reopen) asks what it needs in a dialog, then runs the service in a worker with the
version the screen shows. When someone else took a step in between, the service refuses with a
conflict: the screen reloads, shows their step, and offers to take ours on the new state, with
what was typed kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static

from models import clock
from models.errors import ConflictError, ServiceError, ValidationError
from models.services.choices import Choice, GroupChoice, assignee_choices, group_choices
from models.services.shortage_detail import all_suppliers, shortage_detail
from models.services.shortage_views import ShortageDetail, SupplierView
from models.services.shortages import act, allowed_actions
from tui.i18n import format as fmt
from tui.i18n import error_text, t
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog, ReasonDialog
from tui.shortages.facts import facts, supplier_options, suppliers
from tui.shortages.text import action_label, command_title, event_detail, group_label, who
from tui.shortages.timeline import ShortageTimeline
from tui.shell.workers import post_result

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
        Binding("escape", "app.back", "Back", id="shortage-detail-back"),
    ]
    DEFAULT_CSS = """
    ShortageDetailScreen #detail-title { height: auto; padding: 0 1; background: $boost; text-style: bold; }
    ShortageDetailScreen #detail-message { height: auto; padding: 0 1; color: $error; display: none; }
    ShortageDetailScreen #detail-scroll { height: 1fr; scrollbar-size-vertical: 1; }
    ShortageDetailScreen #detail-facts, ShortageDetailScreen #detail-suppliers { height: auto; padding: 0 1; }
    ShortageDetailScreen #detail-suppliers { margin-top: 1; }
    """

    @dataclass
    class _Loaded(Message):
        detail: ShortageDetail
        choices: StepChoices | None

    @dataclass
    class _Outcome(Message):
        """A step was saved (no error), refused, or met someone else's step (a ConflictError)."""

        step: Step
        error: ServiceError | None = None
        seen: int = 0  # the last event the user had seen when taking the step

    def __init__(self, shortage_id: int) -> None:
        super().__init__()
        self.shortage_id = shortage_id
        self.detail: ShortageDetail | None = None
        self.choices: StepChoices | None = None
        #: a step refused by a conflict, with the last event we had seen, to offer again after the reload
        self._retry: tuple[Step, int, dict[str, Any]] | None = None

    def body(self) -> ComposeResult:
        yield Static(Text(t("Shortage #{id}", id=self.shortage_id)), id="detail-title")
        yield Static("", id="detail-message")
        with VerticalScroll(id="detail-scroll"):
            yield Static(Text(t("Loading…")), id="detail-facts")
            yield ShortageTimeline(id="detail-timeline")
            yield Static("", id="detail-suppliers")

    def on_mount(self) -> None:
        self.sub_title = t("Shortage #{id}", id=self.shortage_id)
        self.query_one("#detail-scroll").focus()
        self.load()

    # ---- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Someone changed data: show the shortage as it is now (a step being typed keeps its version)."""
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="shortage-detail")
    def load(self) -> None:
        wanted = self.choices is None and not self.ctx.read_only

        def read(session) -> tuple[ShortageDetail, StepChoices | None]:  # type: ignore[no-untyped-def]
            detail = shortage_detail(session, shortage_id=self.shortage_id)
            choices = StepChoices(group_choices(session), assignee_choices(session), all_suppliers(session)) if wanted else None
            return detail, choices

        detail, choices = self.ctx.run(read)
        post_result(self, self._Loaded(detail, choices))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        self.detail = message.detail
        self.choices = message.choices or self.choices
        self._show_detail()
        self.refresh_bindings()
        if self._retry is not None:
            step, seen, current = self._retry
            self._retry = None
            self._offer_retry(step, seen, current)

    def _show_detail(self) -> None:
        d = self.detail
        assert d is not None
        r = d.row
        title = Text(f"#{r.id} ")
        title.append(r.enterprise_name)
        title.append(f" · {fmt.district(r.district)}" + (f" {d.park}" if d.park else ""), style="not bold")
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail-facts", Static).update(facts(d))
        self.query_one(ShortageTimeline).show(d.events, d.groups)
        self.query_one("#detail-suppliers", Static).update(suppliers(d))

    def _say(self, text: str) -> None:
        line = self.query_one("#detail-message", Static)
        line.update(Text(text))
        line.display = bool(text)

    # ---- steps --------------------------------------------------------------------------------

    def allowed(self) -> set[str]:
        d = self.detail
        if d is None:
            return set()
        return allowed_actions(self.ctx.actor, status=d.row.status, level=d.row.level, reported_by=d.row.reported_by)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return parameters[0] in self.allowed()
        if action == "steps":
            return bool(self.allowed())
        return True

    def action_step(self, action: str) -> None:
        if action in self.allowed():
            self._ask(action)

    def action_steps(self) -> None:
        allowed = self.allowed()
        options = [(action, f"{action_label(action)} ({key})", f"{action} {key}") for action, key in STEPS if action in allowed]
        if not options:
            return

        def picked(action: object) -> None:
            if isinstance(action, str):
                self._ask(action)

        self.app.push_screen(ChoiceDialog(t("Take a step"), options), picked)

    def _ask(self, action: str, note: str | None = None, error: str | None = None) -> None:
        """Ask what the step needs (dialogs, one after the other), then take it on the version shown
        now. ``note`` and ``error``: asked again after a refusal, with what was typed."""
        d = self.detail
        if d is None:
            return
        version, seen, choices = d.row.version, last_event_id(d), self.choices or StepChoices([], [], [])

        def take(step: Step) -> None:
            self._take(step, version, seen)

        if action == "assign":
            def group_picked(group: object) -> None:
                if group is None:
                    return
                name = next((g.name for g in choices.groups if g.id == group), None)
                cadres = sorted(choices.cadres, key=lambda c: c.extra != name)  # the group's cadres first
                options = [(0, t("— no cadre —"), "none")] + [
                    (c.id, f"{c.name} · {c.extra}" if c.extra else c.name, c.key) for c in cadres]

                def cadre_picked(cadre: object) -> None:
                    if cadre is not None:
                        take(Step(action, group_id=group, assignee_id=cadre or None))  # type: ignore[arg-type]

                self.app.push_screen(ChoiceDialog(t("Assign to a cadre"), options, current=d.row.assignee_id), cadre_picked)

            self.app.push_screen(ChoiceDialog(t("Assign to a special group"), [
                (g.id, group_label(g.name, g.name_en), g.key) for g in choices.groups],
                current=d.row.group_id), group_picked)
            return

        def ask_note(supplier_id: int | None = None) -> None:
            title, prompt, required = PROMPTS[action]()

            def noted(text: object) -> None:
                if isinstance(text, str):
                    take(Step(action, note=text or None, supplier_id=supplier_id or None))

            self.app.push_screen(NoteDialog(title, prompt, required=required, value=note or "", error=error or ""), noted)

        if action in ("supplier_contacted", "reserve_notified"):
            def supplier_picked(supplier: object) -> None:
                if isinstance(supplier, int):
                    ask_note(supplier)

            self.app.push_screen(ChoiceDialog(
                t("Which supplier?") if action == "supplier_contacted" else t("Which reserve unit?"),
                supplier_options(d, choices.suppliers)), supplier_picked)
        else:
            ask_note()

    @work(thread=True, exclusive=True, exit_on_error=False, group="shortage-act")
    def _take(self, step: Step, version: int, seen: int) -> None:
        actor = self.ctx.actor
        try:
            self.ctx.run(lambda s: act(
                s, actor=actor, shortage_id=self.shortage_id, expected_version=version, action=step.action,
                note=step.note, group_id=step.group_id, assignee_id=step.assignee_id, supplier_id=step.supplier_id))
        except ServiceError as error:  # a ConflictError among them: offered again after the reload
            self.post_message(self._Outcome(step, error, seen))
            return
        self.post_message(self._Outcome(step))

    @on(_Outcome)
    def _outcome(self, message: _Outcome) -> None:
        step, error = message.step, message.error
        if error is None:
            self._say("")
            self.notify(t("Saved: {step}", step=action_label(step.action)), markup=False)
        elif isinstance(error, ValidationError) and error.field == "note":
            self._ask(step.action, step.note, error_text(error))  # ask again, with what was typed
            return
        elif isinstance(error, ConflictError):
            self._retry = (step, message.seen, error.current)  # offered once the reload shows their step
        else:
            self._say(error_text(error))
        self.load()

    def _offer_retry(self, step: Step, seen: int, current: dict[str, Any]) -> None:
        """Show the steps someone else took since we read the shortage, and offer to take ours now."""
        d = self.detail
        assert d is not None
        theirs = [e for e in d.events if e.id > seen]
        lines = [f"{clock.fmt(e.at)} {who(e)} {action_label(e.action)} {event_detail(e, d.groups).plain}".rstrip()
                 for e in theirs]
        # who and when from the conflict itself (the row as the other person left it), then their steps
        at = current.get("updated_at")
        changed = t("{login} changed this shortage at {at}:", login=current.get("updated_by") or d.updated_by,
                    at=clock.fmt(at) if isinstance(at, datetime) else clock.fmt(d.updated_at))
        summary = "\n".join([changed, *lines])
        name = t(STEP_TITLES[step.action])
        if step.action not in self.allowed():
            self._say(summary + "\n" + t("Your step \u201c{step}\u201d was not saved: it is not possible any more.",
                                         step=name))
            return
        self._say(summary)

        def answered(yes: bool | None) -> None:
            if yes and self.detail is not None:
                self._say("")
                self._take(step, self.detail.row.version, last_event_id(self.detail))
            else:
                self._say(summary + "\n" + t("Your step \u201c{step}\u201d was not saved.", step=name))

        question = summary + "\n\n" + t("Your step \u201c{step}\u201d was not saved. Take it now?", step=name)
        self.app.push_screen(ConfirmDialog(question), answered)

    def palette_commands(self) -> Iterable[SystemCommand]:
        for action, _ in STEPS:
            if action in self.allowed():
                yield SystemCommand(command_title("shortage", STEP_TITLES[action]),
                                    t("Take this step on shortage #{id}", id=self.shortage_id),
                                    lambda a=action: self.action_step(a))


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
            self.query_one("#reason-error", Label).update(Text(self.error))


def last_event_id(detail: ShortageDetail) -> int:
    return max((e.id for e in detail.events), default=0)


PROMPTS = {
    "escalate": lambda: (t("Escalate to city level"), t("Why can the district not solve it?"), True),
    "coordinating": lambda: (t("Coordinating"), t("Note (optional)"), False),
    "note": lambda: (t("Progress note"), t("What happened?"), True),
    "supplier_contacted": lambda: (t("Supplier contacted"), t("What did they say?"), True),
    "reserve_notified": lambda: (t("Reserve unit notified"), t("What was asked of them?"), True),
    "resolve": lambda: (t("Resolve"), t("The resolution: how was it solved?"), True),
    "close": lambda: (t("Close unresolved"), t("Why is it closed without a solution?"), True),
    "reopen": lambda: (t("Reopen"), t("Why is it open again?"), True),
}
