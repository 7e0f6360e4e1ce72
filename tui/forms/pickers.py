"""Pick an enterprise by typing: Chinese, pinyin, initials or credit code, matched in the database.

The directory may hold 100,000 makers, so the picker never loads them all: each change of the text
asks ``search`` (a query, read in a worker) for the first few matches and shows them under the box;
a newer text cancels the older look-up, so older matches never show over newer ones. ``down``/``up``
move through them, ``enter`` picks; the picker then posts ``Picked``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from models.services.choices import Choice
from tui.i18n import format as fmt
from tui.i18n.safe import for_tui
from tui.shell.calls import ServiceCalls

if TYPE_CHECKING:
    from sqlmodel import Session


def choice_label(choice: Choice) -> str:
    """An enterprise as the list and the box show it, stored names escaped (``tui.i18n.safe``)."""
    return for_tui(f"{choice.name} · {fmt.district(choice.extra)}" if choice.extra else choice.name)


class EnterprisePicker(ServiceCalls, Vertical):
    # Textual reads a widget's own styles from DEFAULT_CSS only; they live in the .tcss beside it
    DEFAULT_CSS = Path(__file__).with_name("pickers.tcss").read_text(encoding="utf-8")
    #: its matches open under the typed name: a form's row holding it grows with them
    GROWS = True

    @dataclass
    class Picked(Message):
        picker: EnterprisePicker
        choice: Choice

        @property
        def control(self) -> EnterprisePicker:
            return self.picker

    def __init__(self, search: Callable[[Session, str], list[Choice]], *, placeholder: str = "",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.search = search
        self.placeholder = placeholder
        self.value: Choice | None = None
        self._choices: list[Choice] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, compact=True, id=f"{self.id or 'picker'}-input")
        options = OptionList()
        options.can_focus = False  # the box keeps the focus; up/down move the highlight
        yield options

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def focus_target(self) -> Input:
        """Where the cursor goes when the form points at this field."""
        return self.input

    def set_choice(self, choice: Choice) -> None:
        self.value = choice
        self.input.value = choice_label(choice)
        self.remove_class("-open")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.value is not None and event.value == choice_label(self.value):
            return
        self.value = None
        self._lookup(event.value)

    def on_descendant_focus(self) -> None:
        if self.value is None:
            self._lookup(self.input.value)

    def on_descendant_blur(self) -> None:
        self.remove_class("-open")

    @work(exclusive=True, exit_on_error=False, group="enterprise-picker")
    async def _lookup(self, query: str) -> None:
        found = await self.read(lambda session: self.search(session, query))
        if query != self.input.value or self.value is not None:
            return
        self._choices = found
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(choice_label(c)), id=str(i)) for i, c in enumerate(self._choices)])
        if self._choices:
            options.highlighted = 0
        self.set_class(bool(self._choices) and self.input.has_focus, "-open")

    def on_key(self, event: Key) -> None:
        if event.key in ("down", "up") and self.has_class("-open"):
            options = self.query_one(OptionList)
            options.action_cursor_down() if event.key == "down" else options.action_cursor_up()
            event.stop()
            event.prevent_default()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if self.value is None and self.has_class("-open") and options.highlighted is not None:
            event.stop()
            self._pick(self._choices[options.highlighted])
        # otherwise the form moves on (the event bubbles)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._pick(self._choices[int(event.option.id)])

    def _pick(self, choice: Choice) -> None:
        self.set_choice(choice)
        self.post_message(self.Picked(self, choice))


class SitePicker(EnterprisePicker):
    """Pick a site (warehouse, hospital, unit) by typing its name, English name, code or pinyin: the
    enterprise picker's look-up with a site search (``models.services.allocation_detail.site_choices``)."""

    def pick_highlighted(self) -> bool:
        """Pick the highlighted match, if the matches are open (a modal form's ``enter`` asks first)."""
        options = self.query_one(OptionList)
        if self.value is None and self.has_class("-open") and options.highlighted is not None:
            self._pick(self._choices[options.highlighted])
            return True
        return False
