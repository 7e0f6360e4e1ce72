"""The full-screen form: a title line and a scrolling column of field rows, built once the record is
loaded. The enterprise forms and the shortage form are ``FormScreen``s.

A subclass says what it shows (``parts``: its fields as data, with section headings or notes between
them), how to read its record (``load``) and how to write it (``write``); the core (tui/forms/core.py)
does the rest. ``dismiss(result)`` with what ``write`` returned once saved, None if left.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static

from models import clock
from models.errors import ServiceError
from tui.forms.core import FormCore, FormState
from tui.forms.fields import FieldRow, control_for
from tui.forms.spec import Field
from tui.i18n import t
from tui.shell.base import BaseScreen
from tui.shell.calls import ServiceCalls


class FormScreen(FormCore, BaseScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the whole form; nothing is saved while a field is wrong",
                id="form-save"),
        Binding("escape", "cancel", "Back", tooltip="Leave the form; asks before discarding typed changes",
                id="form-cancel"),
    ]
    TITLE = ""
    VERSIONED = True
    CSS_PATH = Path(__file__).with_name("forms.tcss")

    def __init__(self) -> None:
        super().__init__(classes="form-screen")

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        """What the form shows for ``state``, top to bottom: fields, and headings or notes between them."""
        raise NotImplementedError

    def title_text(self) -> str:
        return t(self.TITLE)

    def after_build(self) -> None:
        """Called once the fields are on screen, before typing starts (live figures, hints, a preset)."""

    # ---- loading and building ------------------------------------------------------------------------

    def body(self) -> ComposeResult:
        yield Static(Text(self.title_text(), style="bold"), id="form-title")
        yield VerticalScroll(Static(t("Loading…")), id="form")

    def on_mount(self) -> None:
        self._open()

    @work(exclusive=True, group="form-load", exit_on_error=False)
    async def _open(self) -> None:
        try:
            state = await self.read(self.load)
        except ServiceError as error:
            ServiceCalls.refused(self, error)  # the app's notice: there is no form to show it in
            self.dismiss(None)
            return
        await self.build(state)

    async def build(self, state: FormState) -> None:
        self.state = state
        title = Text(self.title_text(), style="bold")
        if state.name:
            title.append(" · ")
            title.append(state.name)
        self.query_one("#form-title", Static).update(title)
        parts = list(self.parts(state))
        self.declare(part for part in parts if isinstance(part, Field))
        form = self.query_one("#form", VerticalScroll)
        await form.remove_children()
        await form.mount_all([self.row(part, state) for part in parts if not (isinstance(part, Field) and part.joins)])
        self.after_build()
        self.begin(state)

    def row(self, part: Field | Widget, state: FormState) -> Widget:
        """A field's row (with the fields that join it), or the widget as it is."""
        if not isinstance(part, Field):
            return part
        more: list[Widget] = []
        for joined in (f for f in self.fields.values() if f.joins == part.name):
            more += [Label(Text(joined.title), id=f"{joined.name}-label"), self._control(joined, state)]
        label = ("  " if part.context else "") + part.title
        required = part.required is True and part.starred
        return FieldRow(part.name, label, self._control(part, state), *more, required=required, after=part.after)

    def _control(self, field: Field, state: FormState) -> Widget:
        value = state.values.get(field.name, "")
        return control_for(field, value, id=self.control_id(field.name), label=self.shown(field.name, value, state),
                           values=state.values)

    def saved(self, result: Any) -> None:
        self.notify(t("Saved"), markup=False)
        self.dismiss(result)


def stamp(at: Any) -> str:
    """A time as the group writes it (``2020-02-03 12:00``), blank for None."""
    return clock.fmt(at) if at else ""


__all__ = ["FormScreen", "FormState", "stamp"]
