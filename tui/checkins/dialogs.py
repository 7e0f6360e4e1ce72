"""The check-out form and the back-dated check-in form: modal forms of the one form framework.

Both run their service call themselves and close only when it succeeded, with ``Saved``: a refusal
(a long check-in without the real time, a time before the check-in, a missing reason) is shown in
the form, on its error line, the cursor on the field concerned, and nothing typed is lost.
``enter`` goes from the time to the reason and saves from anywhere else; ``escape`` asks before
dropping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from models.base import WorkCategory
from models.services.choices import ShortageChoice
from models.services.timesheets import CadreStatus
from tui.forms.core import FormState
from tui.forms.dialog import FormDialog
from tui.forms.spec import Field
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_moment
from tui.i18n.safe import for_tui
from tui.shell.dialogs import frame

#: the longest note and reason a check-in keeps (the service's limits, checked here to say so at once)
NOTE_MAX, REASON_MAX = 2000, 500


@dataclass(frozen=True)
class Saved:
    """What a form saved, for the confirmation the screen shows."""

    message: str


# The dialog box and its form rows, each rule naming both dialogs; Textual reads a modal's own styles
# from DEFAULT_CSS only, and scopes each class's copy to that class
_CSS = Path(__file__).with_name("dialogs.tcss").read_text(encoding="utf-8")


def _time(*, required: bool, placeholder: str = "HH:MM") -> Field:
    return Field("at", "Time", kind="moment", required=required, placeholder=placeholder)


class CheckOutDialog(FormDialog):
    """Check out: a note, work categories, the shortages handled; the real time and a reason when needed.
    ``submit(note=, categories=, at=, reason=, shortage_ids=)`` gives the call that saves."""

    DEFAULT_CSS = _CSS
    CONTROL_ID = "co-{name}"
    ERROR_FIELDS = {"shortage_ids": "shortages"}

    def __init__(self, status: CadreStatus, shortages: list[ShortageChoice],
                 submit: Callable[..., Callable[[Any], Saved]]) -> None:
        super().__init__()
        self.status, self.shortages, self.submit = status, shortages, submit

    def form_fields(self) -> Iterable[Field]:
        yield Field("note", "Note", required=True, max_len=NOTE_MAX, stop=False)
        yield Field("categories", "Work", kind="choice", many=True, stop=False,
                    options=lambda values: [(c.value, pt("work category", c.value), "") for c in WorkCategory])
        if self.shortages:
            yield Field("shortages", "Shortages handled here", kind="choice", many=True, stop=False,
                        options=lambda values: [(s.id, self._shortage_label(s), "") for s in self.shortages])
        yield _time(required=False, placeholder="HH:MM" if self.status.needs_correction else t("now"))
        yield Field("reason", "Reason", max_len=REASON_MAX)

    def body(self) -> ComposeResult:
        status = self.status
        box = Vertical(id="form-box")
        frame(box, t("Check out: {where}", where=status.enterprise.label if status.enterprise else ""),
              t("enter or ctrl+s saves · space ticks · escape cancels"))
        with box:
            yield Label(Text(t("On site since {since} ({duration})", since=fmt.since(status.since, status.now),
                               duration=fmt.duration(status.minutes))))
            if status.needs_correction:
                yield Label(Text(t("Checked in since {since}: enter the real time you left and a reason",
                                   since=fmt.since(status.since, status.now))), classes="form-warning")
            yield Label(Text(t("Note: what did you coordinate today?")), classes="form-label")
            yield self.field_control("note")
            yield Label(Text(t("Work")), classes="form-label")
            yield self.field_control("categories")
            if self.shortages:
                yield Label(Text(t("Shortages handled here")), classes="form-label")
                yield self.field_control("shortages")
            with Horizontal(classes="form-row"):
                yield Label(Text(t("Left at")))
                yield self.field_control("at")
                yield Label(Text(" " + t("Reason")))
                yield self.field_control("reason")
            yield Label("", classes="dialog-error", id="co-error")

    @staticmethod
    def _shortage_label(choice: ShortageChoice) -> Text:
        text = Text(f"#{choice.id} ")
        text.append(for_tui(fmt.local_name(choice.what, choice.what_en)) or pt("shortage kind", choice.kind),
                    style="bold")
        if choice.description:
            text.append(" " + for_tui(choice.description))
        return text

    def write(self, session: Any, values: dict[str, Any], state: FormState) -> Saved:
        call = self.submit(note=values["note"].strip(), categories=list(values["categories"]),
                           at=parse_moment(values["at"], field="at", required=False), reason=values["reason"],
                           shortage_ids=list(values.get("shortages", ())))
        return call(session)


class TimeReasonDialog(FormDialog):
    """A time and a reason (checking in at an earlier time; shown as corrected).
    ``submit(at=, reason=)`` gives the call that saves."""

    DEFAULT_CSS = _CSS
    CONTROL_ID = "tr-{name}"

    def __init__(self, title: str, prompt: str, submit: Callable[..., Callable[[Any], Saved]], *,
                 time: str = "") -> None:
        super().__init__()
        self.title_text, self.prompt, self.submit, self.time = title, prompt, submit, time

    def form_fields(self) -> Iterable[Field]:
        yield _time(required=True)
        yield Field("reason", "Reason", max_len=REASON_MAX)

    def body(self) -> ComposeResult:
        box = Vertical(id="form-box")
        frame(box, self.title_text, t("enter saves · escape cancels"))  # "Check in earlier at {where}"
        with box:
            yield Label(Text(for_tui(self.prompt, lines=True)))
            with Horizontal(classes="form-row"):
                yield Label(Text(t("Time")))
                yield self.field_control("at", self.time)
            with Horizontal(classes="form-row"):
                yield Label(Text(t("Reason")))
                yield self.field_control("reason")
            yield Label("", classes="dialog-error", id="tr-error")

    def write(self, session: Any, values: dict[str, Any], state: FormState) -> Saved:
        return self.submit(at=parse_moment(values["at"], field="at", required=False), reason=values["reason"])(session)
