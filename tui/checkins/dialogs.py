"""The check-out form and the back-dated check-in form.

Both run their service call themselves and close only when it succeeded: a refusal (a long
check-in without the real time, a time before the check-in, a missing reason) is shown in the form,
under the fields, and nothing typed is lost. The boxes have no ``max_length`` (Textual would drop a
longer paste without a word): the service's "At most N characters" says why instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, SelectionList
from textual.worker import Worker, WorkerState

from models.base import WorkCategory
from models.errors import ServiceError, ValidationError
from models.services.choices import ShortageChoice
from models.services.timesheets import CadreStatus
from tui.i18n import error_text, pt, t
from tui.i18n.parse import parse_moment
from tui.shell.base import BaseModal
from tui.shell.dialogs import DIALOG_CSS
from tui.checkins import text as fmt
from tui.shell.workers import report_failed_worker

FORM_CSS = """
{name} .form-row {{ height: 1; margin-top: 1; align: left middle; }}
{name} .form-row Label {{ width: auto; padding: 0 1 0 0; }}
{name} #form-box Input {{ width: 1fr; background: $boost; }}
{name} #form-box Input:focus {{ background: $accent 30%; }}
{name} #form-box #co-at, {name} #form-box #tr-at {{ width: 18; }}
{name} SelectionList {{ height: auto; max-height: 8; border: none; padding: 0; background: $surface; }}
{name} SelectionList:focus {{ border: none; background: $boost; }}
{name} #co-shortages {{ max-height: 3; }}
{name} .form-warning {{ color: $warning; text-style: bold; }}
{name} .form-label {{ color: $text-muted; }}
"""


@dataclass(frozen=True)
class Saved:
    """What a form saved, for the confirmation the screen shows."""

    message: str


class _Form(BaseModal):
    """A modal form whose ``submit`` runs in a worker; ServiceErrors come back into the form."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="dialog-cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the form", priority=True, id="form-save"),
        # enter saves from any field (in the lists too, where space ticks), or moves on where NEXT_INPUT says
        Binding("enter", "enter", "Save", show=False, priority=True, id="form-enter"),
    ]
    #: which input to focus when the service refuses a field
    FIELD_INPUTS: dict[str, str] = {}
    #: enter in these inputs moves on to the next one instead of saving
    NEXT_INPUT: dict[str, str] = {}

    @dataclass
    class _Done(Message):
        result: Saved

    @dataclass
    class _Refused(Message):
        error: ServiceError

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def show_error(self, error: ServiceError | str) -> None:
        text = error if isinstance(error, str) else error_text(error)
        self.query_one(".dialog-error", Label).update(Text(text))
        target = self.FIELD_INPUTS.get(getattr(error, "field", ""), "")
        if target:
            self.set_focus(self.query_one(target))

    _saving = False

    def run_service(self, call: Callable[[Any], Saved]) -> None:
        """Save once: keys pressed while the service runs do not send the form a second time."""
        if not self._saving:
            self._saving = True
            self._call_service(call)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _call_service(self, call: Callable[[Any], Saved]) -> None:
        try:
            result = self.ctx.run(call)
        except ServiceError as error:
            self.post_message(self._Refused(error))
            return
        self.post_message(self._Done(result))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failure that is not a refusal (the database is busy, …) is shown by the app; the form stays."""
        if event.state == WorkerState.ERROR:
            self._saving = False
        report_failed_worker(self, event)

    @on(_Done)
    def _done(self, message: _Done) -> None:
        self.dismiss(message.result)

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self._saving = False
        self.show_error(message.error)

    def action_enter(self) -> None:
        following = self.NEXT_INPUT.get(getattr(self.focused, "id", None) or "")
        if following:
            self.set_focus(self.query_one(following))
        else:
            self.action_save()

    def action_save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class CheckOutDialog(_Form):
    """Check out: a note, work categories, the shortages handled; the real time and a reason when needed."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CheckOutDialog") + FORM_CSS.format(name="CheckOutDialog")
    FIELD_INPUTS = {"note": "#co-note", "at": "#co-at", "reason": "#co-reason", "categories": "#co-categories",
                    "shortage_ids": "#co-note"}
    NEXT_INPUT = {"co-at": "#co-reason"}

    def __init__(self, status: CadreStatus, shortages: list[ShortageChoice],
                 submit: Callable[..., Callable[[Any], Saved]]) -> None:
        super().__init__()
        self.status, self.shortages, self.submit = status, shortages, submit

    def compose(self) -> ComposeResult:
        status = self.status
        box = Vertical(id="form-box")
        # Text: the enterprise's name is shown as typed, never read as markup
        box.border_title = Text(t("Check out: {where}", where=status.enterprise.label if status.enterprise else ""))
        box.border_subtitle = t("enter or ctrl+s saves · space ticks · escape cancels")
        with box:
            yield Label(Text(t("On site since {since} ({duration})", since=fmt.since(status.since, status.now),
                               duration=fmt.duration(status.minutes))))
            if status.needs_correction:
                yield Label(Text(t("Checked in since {since}: enter the real time you left and a reason",
                                   since=fmt.since(status.since, status.now))), classes="form-warning")
            yield Label(Text(t("Note: what did you coordinate today?")), classes="form-label")
            yield Input(compact=True, id="co-note")
            yield Label(Text(t("Work")), classes="form-label")
            yield SelectionList[str](*[(pt("work category", c.value), c.value) for c in WorkCategory], id="co-categories")
            if self.shortages:
                yield Label(Text(t("Shortages handled here")), classes="form-label")
                yield SelectionList[int](*[(self._shortage_label(s), s.id) for s in self.shortages], id="co-shortages")
            with Horizontal(classes="form-row"):
                yield Label(Text(t("Left at")))
                yield Input(placeholder=t("now") if not status.needs_correction else "HH:MM", compact=True, id="co-at")
                yield Label(Text(" " + t("Reason")))
                yield Input(compact=True, id="co-reason")
            yield Label("", classes="dialog-error", id="co-error")

    @staticmethod
    def _shortage_label(choice: ShortageChoice) -> Text:
        text = Text(f"#{choice.id} ")
        text.append(choice.what or pt("shortage kind", choice.kind), style="bold")
        if choice.description:
            text.append(" " + choice.description)
        return text

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#co-note", Input))

    def action_save(self) -> None:
        note = self.query_one("#co-note", Input).value.strip()
        if not note:
            self.show_error(ValidationError("note", "Required"))
            return
        try:
            at: datetime | None = parse_moment(self.query_one("#co-at", Input).value, field="at", required=False)
        except ValidationError as error:
            self.show_error(error)
            return
        categories = list(self.query_one("#co-categories", SelectionList).selected)
        shortage_ids = list(self.query_one("#co-shortages", SelectionList).selected) if self.shortages else []
        reason = self.query_one("#co-reason", Input).value
        self.query_one("#co-error", Label).update("")
        self.run_service(self.submit(note=note, categories=categories, at=at, reason=reason, shortage_ids=shortage_ids))


class TimeReasonDialog(_Form):
    """A time and a reason (checking in at an earlier time; shown as corrected)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TimeReasonDialog") + FORM_CSS.format(name="TimeReasonDialog")
    FIELD_INPUTS = {"at": "#tr-at", "reason": "#tr-reason"}
    NEXT_INPUT = {"tr-at": "#tr-reason"}

    def __init__(self, title: str, prompt: str, submit: Callable[..., Callable[[Any], Saved]], *, time: str = "") -> None:
        super().__init__()
        self.title_text, self.prompt, self.submit, self.time = title, prompt, submit, time

    def compose(self) -> ComposeResult:
        box = Vertical(id="form-box")
        box.border_title = Text(self.title_text)  # "Check in earlier at {where}": never markup
        box.border_subtitle = t("enter saves · escape cancels")
        with box:
            yield Label(Text(self.prompt))
            with Horizontal(classes="form-row"):
                yield Label(Text(t("Time")))
                yield Input(value=self.time, placeholder="HH:MM", compact=True, id="tr-at")
            with Horizontal(classes="form-row"):
                yield Label(Text(t("Reason")))
                yield Input(compact=True, id="tr-reason")
            yield Label("", classes="dialog-error", id="tr-error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#tr-at", Input))

    def action_save(self) -> None:
        try:
            at = parse_moment(self.query_one("#tr-at", Input).value, field="at", required=False)
        except ValidationError as error:
            self.show_error(error)
            return
        if at is None:
            self.show_error(ValidationError("at", "Required"))
            return
        self.query_one("#tr-error", Label).update("")
        self.run_service(self.submit(at=at, reason=self.query_one("#tr-reason", Input).value))
