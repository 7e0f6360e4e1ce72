"""Small dialogs every screen uses: pick one of a list, give a reason, confirm.

Each is a modal screen that dismisses with its answer (``None`` for escape): a flow awaits it in an
async worker, ``answer = await self.app.push_screen_wait(ChoiceDialog(...))``. None of them writes;
a dialog that saves something is a form (tui/forms/dialog.py).

Titles, options, prompts and questions often quote stored names and notes: they are shown as Rich
``Text`` (never read as markup) with unsafe characters escaped (``tui.i18n.safe.for_tui``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from models import validation
from models.errors import ValidationError
from models.search import query_terms
from tui.i18n import error_text, t
from tui.i18n.safe import for_tui
from tui.shell.base import BaseModal

# The three dialogs share one stylesheet, each rule naming them all; Textual reads a modal's own
# styles from DEFAULT_CSS only, and scopes each class's copy to that class
DIALOG_CSS = Path(__file__).with_name("dialogs.tcss").read_text(encoding="utf-8")
#: the width of a dialog box whose title and subtitle are short (the stylesheets' ``width``)
BOX_WIDTH = 70


def frame(box: Widget, title: str, subtitle: str) -> None:
    """Title ``box`` (``title`` quotes stored names: escaped, never markup) and widen it, up to the
    screen's width, until its title and subtitle show whole: a title cut at the box's edge loses
    the very name it is about ("Station which cadre at …")."""
    box.border_title = Text(for_tui(title))
    box.border_subtitle = subtitle
    needed = max(cell_len(for_tui(title)), cell_len(subtitle)) + 8  # the corners, the dashes, the spaces
    box.styles.width = max(BOX_WIDTH, needed)


class ChoiceDialog(BaseModal):
    """Pick one of ``options`` (value, label, search key); type to narrow the list (pinyin works
    when the search key holds it). Dismisses with the value, or None on escape."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="dialog-cancel")]
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str, options: Sequence[tuple[Any, str, str]], *, current: Any = None) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        box = Vertical()
        frame(box, self.title_text, t("enter picks · escape cancels"))
        with box:
            yield Input(placeholder=t("Type to narrow: Chinese, pinyin or initials"), id="choice-filter")
            yield OptionList(*self._matching(""), id="choice-list")

    def _matching(self, query: str) -> list[Option]:
        terms = query_terms(query)
        return [
            Option(Text(for_tui(label)), id=str(index))
            for index, (_, label, key) in enumerate(self.options)
            if all(term in f"{label}|{key}".lower() for term in terms)
        ]

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for index, (value, _, _) in enumerate(self.options):
            if value == self.current:
                options.highlighted = index
        self.set_focus(self.query_one(Input))

    @on(Input.Changed, "#choice-filter")
    def _narrow(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._matching(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#choice-filter")
    def _pick_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id)

    def on_key(self, event: Any) -> None:
        if event.key in ("down", "up") and self.query_one(Input).has_focus:
            options = self.query_one(OptionList)
            options.action_cursor_down() if event.key == "down" else options.action_cursor_up()
            event.stop()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        if option_id is not None:
            self.dismiss(self.options[int(option_id)][0])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ReasonDialog(BaseModal):
    """Ask for a line of text (a reason, a note). Dismisses with the text, or None on escape."""

    ASKS_FOR_CHANGE = True
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="dialog-cancel")]
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, title: str, prompt: str, *, required: bool = True, value: str = "", max_len: int = 500) -> None:
        super().__init__()
        self.title_text, self.prompt, self.required, self.value, self.max_len = title, prompt, required, value, max_len

    def compose(self) -> ComposeResult:
        box = Vertical()
        frame(box, self.title_text, t("enter saves · escape cancels"))  # "Archive {name}"
        with box:
            yield Label(Text(for_tui(self.prompt, lines=True)))
            # no max_length: Textual would drop a longer paste without a word; enter says why instead
            yield Input(value=self.value, id="reason")
            yield Label("", classes="dialog-error", id="reason-error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted, "#reason")
    def _submit(self, event: Input.Submitted) -> None:
        """Dismiss with the trimmed text, or say under the box what is wrong with it (the text stays)."""
        try:
            text = validation.text(event.value, field="reason", required=self.required, max_len=self.max_len)
        except ValidationError as error:
            self.query_one("#reason-error", Label).update(Text(for_tui(error_text(error), lines=True)))
            return
        self.dismiss(text or "")

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ConfirmDialog(BaseModal):
    """A yes/no question. Dismisses with True or False (escape is no)."""

    ASKS_FOR_CHANGE = True
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="dialog-yes"),
        Binding("n", "answer(False)", "No", id="dialog-no"),
        Binding("escape", "answer(False)", "No", show=False, id="dialog-cancel"),
        # the arrows move between the two buttons, as a user tries first (enter presses the one focused)
        Binding("left", "app.focus_previous", "Previous button", show=False, id="dialog-left"),
        Binding("right", "app.focus_next", "Next button", show=False, id="dialog-right"),
    ]
    DEFAULT_CSS = DIALOG_CSS

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(for_tui(self.question, lines=True)))
            with Horizontal():
                yield Button(t(self.yes), variant="warning", id="yes")
                yield Button(t(self.no), variant="primary", id="no")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#no", Button))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
