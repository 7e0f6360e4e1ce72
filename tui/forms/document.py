"""A document form (an allocation, a signed delivery, a count, a close): one modal form, its fields
declared as data and laid out one row each (label, control, a note after it), scrolling when they
pass the screen's height. The allocation and stock screens share it.

A form that changes something is a modal that asks for a change (``ASKS_FOR_CHANGE``): keys read
before it was on screen do not fill it or save it. ``submit(values)`` gives the call that saves (run
through ``command``); ``ctrl+s`` saves, ``enter`` moves on between the fields and saves after the last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label

from tui.forms.core import FormState
from tui.forms.dialog import FormDialog
from tui.forms.pickers import SitePicker
from tui.forms.spec import Field
from tui.i18n import t
from tui.shell.dialogs import frame

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.choices import Choice

Submit = Callable[[dict[str, Any]], Callable[["Session"], Any]]


class DocumentDialog(FormDialog):
    """A form over the allocation screen. ``parts``: fields, or a ``str`` heading between them;
    ``values``: what the fields start with; ``notes``: the text after a field's control (what is
    available); ``sites``: the search of each site picker field."""

    DEFAULT_CSS = Path(__file__).with_name("document.tcss").read_text(encoding="utf-8")
    CONTROL_ID = "doc-{name}"

    def __init__(self, title: str, parts: list[Field | str], values: dict[str, Any], submit: Submit, *,
                 notes: dict[str, str] | None = None, sites: dict[str, Callable[[Session, str], list[Choice]]]
                 | None = None, intro: str = "") -> None:
        super().__init__()
        self.title_text, self.parts, self.start, self.submit = title, parts, values, submit
        self.notes, self.sites, self.intro = notes or {}, sites or {}, intro
        #: told the name of a field that changed ("" once the form is filled), to update its notes
        self.changed: Callable[[str], None] | None = None

    def form_fields(self) -> Iterable[Field]:
        return [part for part in self.parts if isinstance(part, Field)]

    def body(self) -> ComposeResult:
        box = Vertical(id="doc-box")
        frame(box, self.title_text, t("ctrl+s saves · enter: next field · escape cancels"))
        with box:
            if self.intro:
                yield Label(Text(self.intro), classes="doc-intro")
            with VerticalScroll(id="doc-fields"):
                for part in self.parts:
                    if isinstance(part, str):
                        yield Label(Text(part, style="bold"), classes="doc-heading")
                        continue
                    with Horizontal(classes="doc-row"):
                        yield Label(Text(part.title + (" *" if part.required is True else "")), classes="doc-label")
                        yield self._make(part)
                        if part.name in self.notes:
                            yield Label(Text(self.notes[part.name]), classes="doc-note", id=f"note-{part.name}")
            yield Label("", classes="dialog-error", id="doc-error")

    def _make(self, part: Field) -> Widget:
        if part.name in self.sites:
            return SitePicker(self.sites[part.name], placeholder=t("Type a name, pinyin or initials"),
                              id=self.control_id(part.name))
        return self.field_control(part.name, self.start.get(part.name, ""))

    def begin(self, state: FormState) -> None:
        super().begin(state)
        if self.changed is not None:
            self.changed("")

    def value_changed(self, name: str) -> None:
        if self.changed is not None:
            self.changed(name)

    def action_enter(self) -> None:
        """``enter`` in a site picker whose matches are open picks the highlighted one (the dialog's
        own ``enter`` runs first: it is a priority binding)."""
        focused = self.focused
        around = (focused, *(focused.ancestors if focused else ()))
        picker = next((n for n in around if isinstance(n, SitePicker)), None)
        if picker is not None and picker.pick_highlighted():
            return
        super().action_enter()

    def set_note(self, name: str, text: str) -> None:
        for label in self.query(f"#note-{name}").results(Label):
            label.update(Text(text))

    def write(self, session: Any, values: dict[str, Any], state: FormState) -> Any:
        return self.submit(values)(session)


def whole(value: float, values: Any) -> str | None:
    return "A whole number, please" if value != int(value) else None


def number(value: Any) -> int:
    """A checked quantity field's value as a whole number (blank: 0)."""
    text = str(value).replace(",", "").strip()
    return int(float(text)) if text else 0


__all__ = ["DocumentDialog", "number", "whole"]
