"""The one form core, shared by the full-screen form and the modal form: values, checks, errors,
``enter``, saving, refusals, conflicts and leaving.

A form declares its fields as data (``tui.forms.spec.Field``) and says how to write (``write``, run
through ``await self.command(...)``) and, when it shows a stored record, how to read it (``load``,
through ``await self.read(...)``). The rest is the same in every form:

* a field is checked when the cursor leaves it, and again as it is typed in while it is wrong;
  ``ctrl+s`` checks every field and saves only when all are right;
* ``enter`` goes on to the next stop, and saves after the last one;
* a refusal keeps everything typed: a ``ValidationError`` marks the field it names (``ERROR_FIELDS``
  maps a service's field to the form's, once per form), a ``ConflictError`` opens the conflict view,
  anything else is the app's notice;
* ``escape`` leaves at once when nothing was typed, and asks first when something was.

Textual dispatches handlers by name along the whole class hierarchy (``on_input_changed`` here *and*
in a subclass both run), and ``@on`` is not seen on a plain mixin: a subclass names its own handlers
differently, or hooks into ``value_changed``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static

from models.errors import ConflictError, ServiceError, ValidationError
from tui.forms.conflict import resolve_conflict
from tui.forms.fields import FieldRow, Picker, read_control
from tui.forms.pickers import EnterprisePicker
from tui.forms.spec import Field, problem
from tui.i18n import error_text, t
from tui.shell.calls import ServiceCalls
from tui.shell.dialogs import ChoiceDialog, ConfirmDialog

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    _Screen = Screen[Any]  # what the core is mixed into, for the type checker
else:
    _Screen = object


@dataclass
class FormState:
    """What a form was filled from: values by field name, labels of picked values (``name=value``),
    the version token the save goes over, who saved last and when (the conflict view), anything else
    the form needs (``extra``), and the name of the record (shown after the form's title)."""

    values: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)
    token: Any = None
    by: str = ""
    at: str = ""
    extra: Any = None
    name: str = ""


class FormCore(ServiceCalls, _Screen):
    """Mixed in before a Textual screen class: ``FormScreen`` and ``FormDialog``."""

    #: the id of a field's control, from the field's name
    CONTROL_ID = "field-{name}"
    #: a service's ``ValidationError.field`` -> the field of this form that shows it, where they differ
    ERROR_FIELDS: ClassVar[dict[str, str]] = {}
    #: ``enter`` in a control that is not a stop: ``"next"`` control, or ``"save"``
    ENTER_ELSEWHERE = "next"
    #: asked before typed changes are dropped: question, yes, no (message ids)
    DISCARD = ("Discard the changes you typed?", "Discard", "Keep editing")
    #: the form saves over a version it ``load``ed: a version conflict opens the conflict view
    VERSIONED = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state: FormState | None = None
        self.original: dict[str, Any] = {}
        self.saving = False
        self.fields: dict[str, Field] = {}
        self.errors: dict[str, str] = {}

    # ---- what a form says ---------------------------------------------------------------------------

    def load(self, session: Session) -> FormState:
        """The record as the form shows it (in a worker thread)."""
        raise NotImplementedError

    def write(self, session: Session, values: dict[str, Any], state: FormState) -> Any:
        """Save ``values`` over ``state.token`` (in a worker thread); raises ServiceError."""
        raise NotImplementedError

    def saved(self, result: Any) -> None:
        """The save went through with ``result``: the form closes with it."""
        self.dismiss(result)

    def shown(self, name: str, value: Any, state: FormState) -> str:
        """How a value of ``name`` reads (pickers show their label)."""
        return state.labels.get(f"{name}={value}", "" if value is None else str(value))

    def value_changed(self, name: str) -> None:
        """A field changed (live figures, a unit that follows the material)."""

    def stops(self) -> list[Widget]:
        """Where ``enter`` goes next; by default every field that is a stop."""
        return [self.control(name) for name in self.names() if self.fields[name].stop]

    def can_save(self) -> bool:
        """Whether there is anything to save at all (say why when not)."""
        return True

    # ---- fields and values ----------------------------------------------------------------------------

    def declare(self, fields: Iterable[Field]) -> None:
        self.fields = {f.name: f for f in fields}

    def control_id(self, name: str) -> str:
        return self.CONTROL_ID.format(name=name)

    def control(self, name: str) -> Widget:
        return self.query_one(f"#{self.control_id(name)}")

    def names(self) -> list[str]:
        """The fields on show, in order."""
        return [name for name in self.fields if self.query(f"#{self.control_id(name)}")]

    def name_of(self, widget: Widget | None) -> str | None:
        """The field whose control ``widget`` is (or is inside of)."""
        ids = {self.control_id(name): name for name in self.fields}
        for node in [widget, *(widget.ancestors if widget is not None else [])]:
            if isinstance(node, Widget) and node.id in ids:
                return ids[node.id]
        return None

    def values(self) -> dict[str, Any]:
        return {name: read_control(self.control(name)) for name in self.names()}

    def set_value(self, name: str, value: Any, label: str | None = None) -> None:
        widget = self.control(name)
        if isinstance(widget, Picker):
            widget.set(value, label if label is not None else self.shown(name, value, self.state or FormState({})))
        elif isinstance(widget, (Input, Select)):
            widget.value = value

    @property
    def dirty(self) -> bool:
        return self.state is not None and any(self.original.get(k, "") != v for k, v in self.values().items())

    def begin(self, state: FormState) -> None:
        """The fields are on show, filled from ``state``: what was typed is measured from here."""
        self.state, self.original, self.errors = state, self.values(), {}
        first = next(iter(self.names()), None)
        if first is not None:
            self.focus_field(self.control(first))

    def focus_field(self, widget: Widget) -> None:
        self.set_focus(getattr(widget, "focus_target", widget))

    # ---- checks and errors ------------------------------------------------------------------------------

    def check_field(self, name: str) -> str | None:
        message = problem(self.fields[name], self.values())
        self.mark(name, message)
        return message

    def check_all(self) -> dict[str, str]:
        values = self.values()
        self.errors = {name: found for name in self.names() if (found := problem(self.fields[name], values))}
        self.paint_errors()
        return dict(self.errors)

    def mark(self, name: str, message: str | None) -> None:
        if message:
            self.errors[name] = message
        else:
            self.errors.pop(name, None)
        self.paint_errors()

    def paint_errors(self) -> None:
        """Each place that shows errors (a field's row, or the form's one error line) shows the first
        error of the fields it serves."""
        shown: dict[int, tuple[Widget, str]] = {}
        for name in self.names():
            slot = self._slot(name)
            if slot is not None and not shown.get(id(slot), (None, ""))[1]:
                shown[id(slot)] = (slot, self.errors.get(name, ""))
        for slot, message in shown.values():
            if isinstance(slot, FieldRow):
                slot.show_error(message)
            elif isinstance(slot, (Label, Static)):
                slot.update(Text(message))

    def _slot(self, name: str) -> Widget | None:
        control = self.control(name)
        row = next((node for node in control.ancestors if isinstance(node, FieldRow)), None)
        return row or next(iter(self.query(".dialog-error")), None)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        name = self.name_of(event.input)
        if name is not None and self.state is not None:
            self.check_field(name)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event.input)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed(event.select)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[Any]) -> None:
        self._changed(event.selection_list)

    def _changed(self, widget: Widget) -> None:
        name = self.name_of(widget)
        if name is None or self.state is None:
            return
        if name in self.errors:
            self.check_field(name)  # the error goes as soon as the field is right
        self.value_changed(name)

    # ---- enter ----------------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.name_of(event.input) is not None:
            event.stop()
            self.advance(event.input)

    def on_enterprise_picker_picked(self, event: EnterprisePicker.Picked) -> None:
        self._changed(event.picker)
        self.advance(event.picker)

    def advance(self, widget: Widget | None) -> None:
        """``enter`` in a field: on to the next stop, or save after the last one."""
        name = self.name_of(widget)
        control = self.control(name) if name is not None else None
        stops = self.stops()
        if control in stops and stops.index(control) + 1 < len(stops):
            self.focus_field(stops[stops.index(control) + 1])
        elif control in stops or self.ENTER_ELSEWHERE == "save":
            self.action_save()
        else:
            self.focus_next()

    # ---- pickers ----------------------------------------------------------------------------------------

    def on_picker_open(self, event: Picker.Open) -> None:
        name = self.name_of(event.picker)
        if name is not None and self.state is not None and self.fields[name].options is not None:
            self._pick(name)

    @work(exclusive=True, group="form-pick", exit_on_error=False)
    async def _pick(self, name: str) -> None:
        spec, picker = self.fields[name], self.control(name)
        offered = spec.options(self.values()) if spec.options else ()
        options = [(value, str(text), key) for value, text, key in offered]
        current = getattr(picker, "value", None)
        value = await self.app.push_screen_wait(ChoiceDialog(spec.title, options, current=current))
        if value is None:
            return
        label = next((text for option, text, _ in options if option == value), None)
        picked = await self.picked(name, value, label)
        if picked is None:
            return
        self.set_value(name, *picked)
        self.check_field(name)
        self.value_changed(name)
        self.advance(self.control(name))

    async def picked(self, name: str, value: Any, label: str | None) -> tuple[Any, str | None] | None:
        """A value was picked for ``name``: what the field takes (a form may ask more first), None to drop it."""
        return value, label

    # ---- saving and refusals ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "save" and self.ctx.read_only)

    def action_save(self) -> None:
        if self.state is None or self.saving or self.ctx.read_only:
            return
        errors = self.check_all()
        if errors:
            self.focus_field(self.control(next(iter(errors))))
            self.nothing_saved(t("Nothing saved: fix the marked fields first"), severity="warning")
            return
        if not self.can_save():
            return
        self.saving = True
        self._save(self.values(), self.state)

    @work(exclusive=True, group="form-save", exit_on_error=False)
    async def _save(self, values: dict[str, Any], state: FormState) -> None:
        try:
            if not await self.go_ahead(values, state):
                return
            result = await self.command(lambda session: self.write(session, values, state))
        finally:
            self.saving = False  # refused or failed (the app shows why): the form stays for another try
        self.saved(result)

    async def go_ahead(self, values: dict[str, Any], state: FormState) -> bool:
        """Whether to write these checked values: a form may first show what they would repeat and
        ask (a second open shortage of the same kind); False keeps the form as it is."""
        return True

    def field_of(self, error: ServiceError) -> str | None:
        """The field of this form a refusal is about, None when it is about none of them."""
        if not isinstance(error, ValidationError):
            return None
        name = self.ERROR_FIELDS.get(error.field, error.field)
        return name if name in self.names() else None

    def refused(self, error: ServiceError) -> None:
        if isinstance(error, ConflictError) and self.VERSIONED:
            self._resolve_conflict()
            return
        name = self.field_of(error)
        if name is None:
            super().refused(error)
            return
        self.mark(name, error_text(error))
        self.focus_field(self.control(name))
        self.nothing_saved(error_text(error), title=t(self.REFUSED_TITLE))

    def nothing_saved(self, message: str, *, title: str = "", severity: SeverityLevel = "error") -> None:
        """Say that nothing was saved, besides the marked fields (a dialog's error line says it alone:
        a notice would cover it)."""
        self.notify(message, title=title, severity=severity, markup=False)

    # ---- conflicts ------------------------------------------------------------------------------------

    @work(exclusive=True, group="form-conflict", exit_on_error=False)
    async def _resolve_conflict(self) -> None:
        await resolve_conflict(self)

    # ---- leaving --------------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        self.leave(lambda: self.dismiss(None))

    @work(exclusive=True, group="form-leave", exit_on_error=False)
    async def leave(self, then: Callable[[], object]) -> None:
        """``then`` (leave the form, quit…), once it is sure nothing typed is dropped by mistake."""
        question, yes, no = self.DISCARD
        if not self.dirty or await self.app.push_screen_wait(ConfirmDialog(t(question), yes=yes, no=no)):
            then()


__all__ = ["FormCore", "FormState"]
