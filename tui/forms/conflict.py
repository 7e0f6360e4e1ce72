"""Someone else saved the record while the form was open: their change next to what you typed.

Every versioned form resolves a conflict the same way (``resolve_conflict``): when they changed
nothing the form shows, the save goes over their version at once; otherwise the dialog asks.
The dialog dismisses with ``"mine"`` (save what I typed over their version), ``"theirs"`` (drop my
typing, take their values) or ``None`` (back to the form: the fields I did not touch take their
values, mine stay, and the next save goes over their version). Nothing is written by the dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from tui.i18n import t
from tui.i18n.safe import for_tui
from tui.shell.base import BaseModal

if TYPE_CHECKING:
    from tui.forms.core import FormCore, FormState


@dataclass(frozen=True)
class ConflictRow:
    """One field that differs: its label, the value the form started from, theirs and mine."""

    label: str
    before: str
    theirs: str
    mine: str

    @property
    def both(self) -> bool:
        """Both changed it, differently: the one that needs a decision."""
        return self.theirs != self.before and self.mine != self.before and self.theirs != self.mine


def conflict_rows(labels: Mapping[str, str], before: Mapping[str, Any], theirs: Mapping[str, Any],
                  mine: Mapping[str, Any], shown: Callable[[str, Any, bool], str]) -> list[ConflictRow]:
    """The fields that either side changed, by their ``labels``; ``shown(name, value, mine)`` makes a
    value readable (a picked value shows its label, from my version or theirs)."""
    return [
        ConflictRow(labels[name], shown(name, before.get(name, ""), True), shown(name, theirs.get(name, ""), False),
                    shown(name, value, True))
        for name, value in mine.items()
        if theirs.get(name, "") != before.get(name, "") or value != before.get(name, "")
    ]


class ConflictDialog(BaseModal):
    BINDINGS = [
        Binding("m", "choose('mine')", "Save mine", tooltip="Save what you typed over their change",
                id="conflict-mine"),
        Binding("t", "choose('theirs')", "Take theirs", tooltip="Drop what you typed and keep their values",
                id="conflict-theirs"),
        Binding("escape", "choose(None)", "Keep editing",
                tooltip="Back to the form: untouched fields take their values, yours stay", id="conflict-edit"),
    ]
    # Textual reads a dialog's own styles from DEFAULT_CSS only; they live in the .tcss beside it
    DEFAULT_CSS = Path(__file__).with_name("conflict.tcss").read_text(encoding="utf-8")

    def __init__(self, rows: list[ConflictRow], *, who: str = "", when: str = "") -> None:
        super().__init__()
        self.rows, self.who, self.when = rows, who, when

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = t("Someone else changed this record")
        with box:
            if self.who:
                saved = t("Saved by {login} at {time} while you were typing.", login=for_tui(self.who), time=self.when)
                yield Label(Text(saved))
            table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
            table.add_column(t("Field"), style="bold", no_wrap=True, max_width=36)
            table.add_column(t("Theirs (saved)"), ratio=1)
            table.add_column(t("Yours (typed)"), ratio=1)
            for row in self.rows:
                mark = "bold yellow" if row.both else ""
                table.add_row(Text(row.label + (" !" if row.both else ""), style=mark),
                              Text(for_tui(row.theirs, lines=True) or "—", style=mark),
                              Text(for_tui(row.mine, lines=True) or "—", style=mark))
            with VerticalScroll():
                yield Static(table, id="conflict-table")
            yield Label(t("m: save mine · t: take theirs · esc: keep editing"), classes="conflict-keys")

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)


async def resolve_conflict(form: FormCore) -> None:
    """The save of ``form`` was refused for a newer version: show theirs next to mine, go on as asked."""
    theirs = await form.read(form.load)
    state, mine = form.state or theirs, form.values()
    if not any(theirs.values.get(name, "") != form.original.get(name, "") for name in mine):
        rebase(form, theirs)  # they changed nothing this form shows: saving mine overwrites nothing of theirs
        form.action_save()
        return
    rows = conflict_rows({name: form.fields[name].full_title for name in mine}, form.original, theirs.values, mine,
                         lambda name, value, mine_: form.shown(name, value, state if mine_ else theirs))
    choice = await form.app.push_screen_wait(ConflictDialog(rows, who=theirs.by, when=theirs.at))
    if choice == "theirs":
        take(form, theirs)
        return
    rebase(form, theirs)
    if choice == "mine":
        form.action_save()


def rebase(form: FormCore, theirs: FormState) -> None:
    """Go on from their version: untouched fields take their values, typed ones stay."""
    for name, value in form.values().items():
        if value == form.original.get(name, "") and theirs.values.get(name, "") != value:
            their_value = theirs.values.get(name, "")
            form.set_value(name, their_value, theirs.labels.get(f"{name}={their_value}"))
    _adopt(form, theirs)


def take(form: FormCore, theirs: FormState) -> None:
    """Drop what was typed: the form shows their values."""
    for name in form.values():
        value = theirs.values.get(name, "")
        form.set_value(name, value, theirs.labels.get(f"{name}={value}"))
    form.errors = {}
    form.paint_errors()
    _adopt(form, theirs)


def _adopt(form: FormCore, theirs: FormState) -> None:
    if form.state is not None:
        form.state.labels.update(theirs.labels)
        form.state.token, form.state.by, form.state.at = theirs.token, theirs.by, theirs.at
    form.original = dict(theirs.values)
