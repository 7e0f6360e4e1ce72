"""The pieces of every form: a one-line picker (enter opens a list), a labelled field row with its
inline error line underneath, and the one factory of a field's control from its declaration.

A full-screen form is a column of ``FieldRow``s. Each row holds the control of a field (an ``Input``,
a ``Picker``, a ``Select``…) and perhaps more after it; the error line shows the translated message
of the last check of the row's fields. Every text box is made here, the same way: no ``max_length``
(Textual drops a whole paste that would pass it, without a word; the field's check says "At most N
characters" instead, and the text stays to be cut) and no select-all on focus.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist

if TYPE_CHECKING:
    from tui.forms.spec import Field


class Picker(Static, can_focus=True):
    """A value picked from a list: shows its label; ``enter`` (or space) asks the screen to open the list."""

    BINDINGS = [
        Binding("enter", "open", "Pick", tooltip="Open the list to pick from", id="picker-open"),
        Binding("space", "open", "Pick", show=False, id="picker-open-space"),
    ]
    # Textual reads a widget's own styles from DEFAULT_CSS only; they live in the .tcss beside it
    DEFAULT_CSS = Path(__file__).with_name("picker.tcss").read_text(encoding="utf-8")

    @dataclass
    class Open(Message):
        picker: Picker

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(self, value: str = "", label: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = value
        self.label = label

    def on_mount(self) -> None:
        self._draw()

    def set(self, value: str, label: str) -> None:
        self.value, self.label = value, label
        self._draw()

    def _draw(self) -> None:
        text = Text(self.label or "—")
        text.append("  ▾", style="dim")
        self.update(text)

    def action_open(self) -> None:
        self.post_message(self.Open(self))

    def on_click(self) -> None:
        self.action_open()


class Ticks(SelectionList[Any]):
    """A list of ticks whose ticked boxes carry a mark and unticked ones are empty: the box says it
    without its colour (a colour-blind eye, a monochrome terminal, a theme where both look alike)."""

    MARK = "x"

    def on_focus(self) -> None:
        """Arriving in the list the cursor is on its first box, so that space ticks it at once."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 3:
            return line
        box = segments[1]  # the button's inner cell, between its two sides
        segments[1] = Segment(self.MARK if option.value in self._selected else " ", box.style, box.control)
        return Strip(segments, line.cell_length)


class FieldRow(Vertical):
    """``label  [control]`` on one line, and the field's error below it (hidden while there is none)."""

    DEFAULT_CSS = Path(__file__).with_name("field_row.tcss").read_text(encoding="utf-8")

    def __init__(self, name: str, label: str, control: Widget, *more: Widget, required: bool = False,
                 after: str = "") -> None:
        super().__init__(id=f"row-{name}", classes="-required" if required else "")
        self.field_name, self.label, self.control, self.more, self.after = name, label, control, more, after

    def compose(self) -> ComposeResult:
        # a control that opens under itself (``GROWS``: a picker's matches) makes its row grow with it
        with Horizontal(classes="-grows" if getattr(self.control, "GROWS", False) else ""):
            yield Label(Text(self.label + (" *" if "-required" in self.classes else "")), classes="field-label")
            yield self.control
            yield from self.more
            if self.after:
                yield Label(Text(self.after), classes="field-after", id=f"after-{self.field_name}")
        yield Label("", classes="field-error", id=f"error-{self.field_name}")

    def show_error(self, message: str | None) -> None:
        self.query_one(".field-error", Label).update(Text(message or ""))
        self.set_class(bool(message), "-invalid")

    def set_after(self, text: str | Text) -> None:
        for label in self.query(f"#after-{self.field_name}").results(Label):
            label.update(text if isinstance(text, Text) else Text(text))


def text_input(name: str, value: str = "", *, placeholder: str = "", short: bool = False, id: str | None = None,
               compact: bool = False) -> Input:
    """The Input of field ``name`` (``id``, by default the ``field-<name>`` the form looks it up by)."""
    return Input(value=value, placeholder=placeholder, id=id or f"field-{name}", select_on_focus=False,
                 classes="-short" if short else "", compact=compact)


def control_for(field: Field, value: Any, *, id: str, label: str = "", compact: bool = False,
                values: Mapping[str, Any] | None = None) -> Widget:
    """The control of ``field`` showing ``value``: a text box, a picker (``label`` shows its value),
    a drop-down choice, or a list of ticks for a choice of many (its options for ``values``; their
    labels are never read as markup)."""
    if field.kind == "picker":
        return Picker(value, label, id=id)
    options = field.options(values or {}) if field.options is not None else ()
    labelled = [(Text(text) if isinstance(text, str) else text, option) for option, text, _ in options]
    if field.kind == "choice" and field.many:
        return Ticks(*labelled, id=id)
    if field.kind == "choice" and value:
        return Select(labelled, value=value, allow_blank=not field.is_required({}), compact=True, id=id)
    if field.kind == "choice":
        return Select(labelled, prompt=field.placeholder or "—", compact=True, id=id)
    short = field.short or field.kind in ("number", "date")
    return text_input(field.name, value or "", placeholder=field.placeholder, short=short, id=id, compact=compact)


def read_control(widget: Widget) -> Any:
    """What a control holds, as the form keeps it: text, a picked value, a choice ("" for none), the
    ticks of a list, or the id of a searched-for choice."""
    if isinstance(widget, (Input, Picker)):
        return widget.value
    if isinstance(widget, Select):
        return widget.value if isinstance(widget.value, str) else ""  # Select.NULL: nothing chosen
    if isinstance(widget, SelectionList):
        return tuple(widget.selected)
    choice = getattr(widget, "value", None)
    return "" if choice is None else str(getattr(choice, "id", choice))


def section_title(text: str) -> Static:
    return Static(Text(text, style="bold"), classes="form-section")


__all__ = ["FieldRow", "Picker", "Ticks", "control_for", "read_control", "section_title", "text_input"]
