"""What every enterprise form shares: load in a worker, check fields inline, save only when the whole
form is valid, ask before discarding typed changes, and show a version conflict instead of
overwriting it.

A subclass says which fields there are (``build``), how to check one (``check``), and how to read
and write its record (``read`` and ``write``, both run in a worker thread with a fresh session).
Values are kept as the strings in the fields; pickers keep their value as a string too, with a label
to show. ``FormState.token`` carries the version(s) the form was filled from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from models import clock
from models.errors import ConflictError, ServiceError, ValidationError
from tui.i18n import error_text, t
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ConfirmDialog
from tui.forms.conflict import ConflictDialog, ConflictRow
from tui.forms.fields import FieldRow, Picker
from tui.shell.workers import post_result

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass
class FormState:
    """The values a form shows (strings by field name), labels of picked values, and the version token."""

    values: dict[str, str]
    labels: dict[str, str] = field(default_factory=dict)
    token: Any = None
    #: who saved last and when (shown in the conflict view)
    by: str = ""
    at: str = ""
    extra: Any = None
    #: the enterprise's name, shown after the form's title
    name: str = ""


class FormScreen(BaseScreen):
    """A full-screen form. ``dismiss(result)`` with what ``write`` returned once saved, None if left."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the whole form; nothing is saved while a field is wrong",
                id="form-save"),
        Binding("escape", "cancel", "Back", tooltip="Leave the form; asks before discarding typed changes",
                id="form-cancel"),
    ]
    TITLE = ""
    #: labels of the fields by name (msgids), for the conflict view and error messages
    LABELS: dict[str, str] = {}

    @dataclass
    class _Loaded(Message):
        state: FormState

    @dataclass
    class _Refused(Message):
        error: ServiceError
        leave: bool

    @dataclass
    class _Invalid(Message):
        field: str
        message: str

    @dataclass
    class _Saved(Message):
        result: Any

    @dataclass
    class _Conflict(Message):
        theirs: FormState

    CSS_PATH = Path(__file__).parent.parent / "enterprises" / "enterprises.tcss"

    def __init__(self) -> None:
        super().__init__(classes="enterprise-form")
        self.state: FormState | None = None
        self.original: dict[str, str] = {}
        self.saving = False

    # ---- subclass API ---------------------------------------------------------------------------

    def read(self, session: Session) -> FormState:
        """The record as the form shows it (worker thread)."""
        raise NotImplementedError

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        """Save ``values`` over ``state.token`` (worker thread); raises ServiceError."""
        raise NotImplementedError

    def build(self, state: FormState) -> Iterable[Widget]:
        """The rows of the form for ``state`` (FieldRow with controls ``field-<name>``, headings)."""
        raise NotImplementedError

    def check(self, name: str, value: str, values: dict[str, str]) -> str | None:
        """The translated error of field ``name``, or None when it is fine."""
        return None

    def title_text(self) -> str:
        return t(self.TITLE)

    def display(self, name: str, value: str, state: FormState) -> str:
        """How a value of ``name`` reads in the conflict view (pickers show their label)."""
        return state.labels.get(f"{name}={value}", value)

    # ---- composition and loading --------------------------------------------------------------

    def body(self) -> ComposeResult:
        yield Static(Text(self.title_text(), style="bold"), id="form-title")
        yield VerticalScroll(Static(t("Loading…")), id="form")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            state = self.ctx.run(self.read)
        except ServiceError as error:
            self.post_message(self._Refused(error, leave=True))
            return
        post_result(self, self._Loaded(state))

    @on(_Loaded)
    async def _loaded(self, message: _Loaded) -> None:
        self.state = message.state
        self.original = dict(message.state.values)
        title = Text(self.title_text(), style="bold")
        if message.state.name:
            title.append(" · ")
            title.append(message.state.name)
        self.query_one("#form-title", Static).update(title)
        form = self.query_one("#form", VerticalScroll)
        await form.remove_children()
        await form.mount_all(list(self.build(message.state)))
        self.after_build()
        first = next(iter(self.controls()), None)
        if first is not None:
            self.set_focus(first)

    def after_build(self) -> None:
        """Called once the fields are on screen (live figures, hints)."""

    # ---- values ----------------------------------------------------------------------------------

    def controls(self) -> list[Widget]:
        return [w for w in self.query("#form Input, #form Picker") if (w.id or "").startswith("field-")]

    def names(self) -> list[str]:
        return [w.id.removeprefix("field-") for w in self.controls()]  # type: ignore[union-attr]

    def control(self, name: str) -> Widget:
        return self.query_one(f"#field-{name}")

    def values(self) -> dict[str, str]:
        out = {}
        for widget in self.controls():
            name = widget.id.removeprefix("field-")  # type: ignore[union-attr]
            out[name] = widget.value if isinstance(widget, (Input, Picker)) else ""
        return out

    def set_value(self, name: str, value: str, label: str | None = None) -> None:
        widget = self.control(name)
        if isinstance(widget, Picker):
            widget.set(value, label if label is not None else self.display(name, value, self.state or FormState({})))
        elif isinstance(widget, Input):
            widget.value = value

    @property
    def dirty(self) -> bool:
        return self.state is not None and any(self.original.get(k, "") != v for k, v in self.values().items())

    # ---- inline checks ---------------------------------------------------------------------------

    def show_error(self, name: str, message: str | None) -> None:
        for row in self.query(f"#row-{name}"):
            if isinstance(row, FieldRow):
                row.show_error(message)

    def check_field(self, name: str) -> str | None:
        message = self.check(name, self.values().get(name, ""), self.values())
        self.show_error(name, message)
        return message

    def check_all(self) -> dict[str, str]:
        values = self.values()
        errors = {}
        for name in values:
            message = self.check(name, values[name], values)
            self.show_error(name, message)
            if message:
                errors[name] = message
        return errors

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        if (event.input.id or "").startswith("field-"):
            self.check_field(event.input.id.removeprefix("field-"))  # type: ignore[union-attr]

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        row = next(iter(self.query(f"#row-{name}")), None)
        if row is not None and row.has_class("-invalid"):
            self.check_field(name)  # clear the error as soon as the field is right
        self.value_changed(name)

    def value_changed(self, name: str) -> None:
        """A field changed (live figures)."""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    def advance(self, widget: Widget) -> None:
        """``enter`` in a field: on to the next stop, or save after the last one."""
        stops = self.stops()
        if widget in stops and stops.index(widget) + 1 < len(stops):
            self.set_focus(stops[stops.index(widget) + 1])
        elif widget in stops:
            self.action_save()
        else:
            self.focus_next()

    def stops(self) -> list[Widget]:
        """Where ``enter`` goes next; by default every field."""
        return self.controls()

    # ---- saving -----------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.state is None or self.saving:
            return
        errors = self.check_all()
        if errors:
            first = next(iter(errors))
            self.set_focus(self.control(first))
            self.notify(t("Nothing saved: fix the marked fields first"), severity="warning", markup=False)
            return
        self.saving = True
        self._write(self.values(), self.state)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _write(self, values: dict[str, str], state: FormState) -> None:
        try:
            result = self.ctx.run(lambda s: self.write(s, values, state))
        except ConflictError:
            self.post_message(self._Conflict(self.ctx.run(self.read)))
        except ValidationError as error:
            self.post_message(self._Invalid(error.field, error_text(error)))
        except ServiceError as error:
            self.post_message(self._Refused(error, leave=False))
        except BaseException:
            self.post_message(self._Refused(ServiceError(""), leave=False))
            raise
        else:
            self.post_message(self._Saved(result))

    @on(_Saved)
    async def _saved(self, message: _Saved) -> None:
        self.saving = False
        self.notify(t("Saved"), markup=False)
        await self.app.changed_here()  # the screen under the form reloads once, when shown again
        self.dismiss(message.result)

    @on(_Invalid)
    def _invalid(self, message: _Invalid) -> None:
        self.saving = False
        name = self.field_for(message.field)
        if name in self.values():
            self.show_error(name, message.message)
            self.set_focus(self.control(name))
        self.notify(message.message, title=t("Nothing saved"), severity="error", markup=False)

    def field_for(self, service_field: str) -> str:
        """The form field a service's ValidationError names (override when they differ)."""
        return service_field

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self.saving = False
        if message.error.message:
            self.notify(error_text(message.error), title=t("Nothing saved"), severity="error", timeout=8, markup=False)
        if message.leave:
            self.dismiss(None)

    # ---- conflicts -------------------------------------------------------------------------------

    @on(_Conflict)
    def _conflict(self, message: _Conflict) -> None:
        self.saving = False
        theirs, state = message.theirs, self.state or FormState({})
        mine = self.values()
        rows = [
            ConflictRow(t(self.LABELS.get(name, name)), self.display(name, self.original.get(name, ""), state),
                        self.display(name, theirs.values.get(name, ""), theirs), self.display(name, mine[name], state))
            for name in mine
            if theirs.values.get(name, "") != self.original.get(name, "") or mine[name] != self.original.get(name, "")
        ]
        if not any(theirs.values.get(name, "") != self.original.get(name, "") for name in mine):
            self.rebase(theirs)  # they changed nothing this form shows: saving mine overwrites nothing of theirs
            self.action_save()
            return

        def decided(choice: str | None) -> None:
            if choice == "theirs":
                self.take(theirs)
            else:
                self.rebase(theirs)
                if choice == "mine":
                    self.action_save()

        self.app.push_screen(ConflictDialog(rows, who=theirs.by, when=theirs.at), decided)

    def rebase(self, theirs: FormState) -> None:
        """Go on from their version: untouched fields take their values, typed ones stay."""
        mine = self.values()
        for name, value in mine.items():
            if value == self.original.get(name, "") and theirs.values.get(name, "") != value:
                self.set_value(name, theirs.values.get(name, ""), theirs.labels.get(f"{name}={theirs.values.get(name, '')}"))
        if self.state is not None:
            self.state.labels.update(theirs.labels)
            self.state.token, self.state.by, self.state.at = theirs.token, theirs.by, theirs.at
        self.original = dict(theirs.values)

    def take(self, theirs: FormState) -> None:
        """Drop what was typed: the form shows their values."""
        for name in self.values():
            value = theirs.values.get(name, "")
            self.set_value(name, value, theirs.labels.get(f"{name}={value}"))
            self.show_error(name, None)
        if self.state is not None:
            self.state.labels.update(theirs.labels)
            self.state.token, self.state.by, self.state.at = theirs.token, theirs.by, theirs.at
        self.original = dict(theirs.values)

    # ---- leaving -----------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(t("Discard the changes you typed?"), yes="Discard", no="Keep editing"),
                             answered)


def stamp(at: Any) -> str:
    """A time as the group writes it (``2020-02-03 12:00``), blank for None."""
    return clock.fmt(at) if at else ""
