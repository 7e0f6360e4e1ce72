"""The modal form: a few fields over the screen that opened it, closed only once the save went through
(check-out, a back-dated check-in). The same core as the full-screen form (tui/forms/core.py); what
differs is the frame: the dialog composes its own fields around controls made by ``control_for``,
shows errors on its one ``.dialog-error`` line, and ``enter`` in a control that is not a stop saves.

A subclass declares ``form_fields``, composes them in ``body`` and says how to ``write``;
``dismiss(result)`` with what ``write`` returned, None if left (``escape`` asks first when something was typed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import OptionList, Select

from tui.forms.core import FormCore, FormState
from tui.forms.fields import control_for
from tui.forms.spec import Field
from tui.shell.base import BaseModal


class FormDialog(FormCore, BaseModal):
    ASKS_FOR_CHANGE = True
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Leave the form; asks before discarding typed changes",
                id="dialog-cancel"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the form", priority=True, id="form-save"),
        # enter moves on between the stops and saves after the last, from any control (the lists too,
        # where space ticks)
        Binding("enter", "enter", "Save", show=False, priority=True, id="form-enter"),
    ]
    ENTER_ELSEWHERE = "save"

    def form_fields(self) -> Iterable[Field]:
        raise NotImplementedError

    def body(self) -> ComposeResult:
        """The dialog's frame around its fields (``field_control`` makes each control)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        self.declare(self.form_fields())
        yield from self.body()

    def field_control(self, name: str, value: Any = "") -> Widget:
        """The control of the declared field ``name``, made as every form makes it."""
        return control_for(self.fields[name], value, id=self.control_id(name), compact=True)

    def on_mount(self) -> None:
        self.begin(FormState(self.values()))

    def nothing_saved(self, message: str, *, title: str = "", severity: SeverityLevel = "error") -> None:
        """The error line under the fields says what is wrong."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter" and self._in_open_list():
            # a Select's open list takes enter itself (its own binding picks the highlighted option),
            # in turn with the keys typed before it: run here, as enter arrives, this binding would
            # pick before the arrows ahead of it had moved the list (a fast typist's keys, or a slow
            # link's, come in one read)
            return False
        return super().check_action(action, parameters)

    def _in_open_list(self) -> bool:
        focused = self.focused
        return isinstance(focused, OptionList) and isinstance(focused.parent, Select)

    def action_enter(self) -> None:
        self.advance(self.focused)


__all__ = ["FormDialog"]
