"""Report a shortage (``n`` on the list, or from an enterprise card with the enterprise filled in).

Field cadres report for the enterprises they are stationed at, coordinators for any. What the
service refuses is shown under the field it concerns, and everything typed stays in the form (the
boxes have no ``max_length``: Textual would drop a longer paste without a word).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from models import validation
from models.base import Severity, ShortageKind
from models.errors import ServiceError, ValidationError
from models.services.choices import Choice, ReportChoices, enterprise_choice, report_choices, reportable_enterprises
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from tui.forms.pickers import EnterprisePicker
from tui.i18n import error_text, pt, t
from tui.i18n.parse import parse_day
from tui.shell.base import BaseScreen
from tui.shell.dialogs import ConfirmDialog
from tui.shell.workers import post_result
from tui.shortages.text import material_name

#: the service's field names -> the field that shows their error
ERROR_FIELD = {"enterprise_id": "enterprise", "material_id": "material", "item_id": "material", "kind": "kind",
               "quantity": "quantity", "unit": "quantity", "severity": "severity", "need_by": "need_by",
               "description": "description"}


#: the longest unit and description a shortage keeps (ShortageCreate's limits, which the service checks too)
UNIT_MAX, DESCRIPTION_MAX = 16, 2000


class ShortageFormScreen(BaseScreen):
    HELP = ("Report a shortage: the enterprise, what is short and how much, how severe, by when. tab moves "
            "between fields; ctrl+s reports it; escape goes back (and asks first when something was typed).")
    BINDINGS = [
        Binding("ctrl+s", "save", "Report", tooltip="Save the report", id="shortage-form-save"),
        Binding("escape", "cancel", "Back", tooltip="Back without reporting", id="shortage-form-back"),
        # q on a picker would quit the app with the form half filled: ask first, as escape does
        Binding("q", "quit_form", "Quit", tooltip="Quit Supply Desk (asks first when something was typed)",
                id="shortage-form-quit"),
    ]
    DEFAULT_CSS = """
    ShortageFormScreen #form-title { height: 1; padding: 0 1; background: $boost; text-style: bold; }
    ShortageFormScreen #form { height: 1fr; padding: 0 1; }
    ShortageFormScreen .form-row { height: auto; margin-top: 1; }
    ShortageFormScreen .form-row > Label { width: 16; }
    ShortageFormScreen .form-row > Input, ShortageFormScreen .form-row > Select { width: 1fr; }
    ShortageFormScreen #unit-label { width: auto; padding: 0 1; }
    ShortageFormScreen #unit { width: 10; }
    ShortageFormScreen .field-error { height: auto; color: $error; padding-left: 16; display: none; }
    ShortageFormScreen #form-buttons { height: 1; margin-top: 1; }
    ShortageFormScreen #form-buttons > Button { margin-right: 2; }
    """

    @dataclass
    class _Ready(Message):
        choices: ReportChoices
        enterprise: Choice | None

    @dataclass
    class _Saved(Message):
        shortage_id: int

    @dataclass
    class _Refused(Message):
        error: ServiceError

    def __init__(self, enterprise_id: int | None = None) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.choices: ReportChoices | None = None
        self.saving = False

    def body(self) -> ComposeResult:
        yield Static(Text(t("Report a shortage")), id="form-title")
        with VerticalScroll(id="form"):
            with Horizontal(classes="form-row"):
                yield Label(t("Enterprise"))
                yield EnterprisePicker(self._search, placeholder=t("Type a name, pinyin or initials"), id="enterprise")
            yield Static(classes="field-error", id="error-enterprise")
            with Horizontal(classes="form-row"):
                yield Label(t("Kind"))
                yield Select([(Text(pt("shortage kind", k.value)), k.value) for k in ShortageKind], value=ShortageKind.RAW_MATERIAL.value,
                             allow_blank=False, compact=True, id="kind")
            yield Static(classes="field-error", id="error-kind")
            with Horizontal(classes="form-row"):
                yield Label(t("Material/item"))
                yield Select([], prompt=t("— none —"), compact=True, id="material")
            yield Static(classes="field-error", id="error-material")
            with Horizontal(classes="form-row"):
                yield Label(t("Quantity"))
                yield Input(placeholder=t("e.g. 5"), compact=True, id="quantity")
                yield Label(t("Unit"), id="unit-label")
                yield Input(compact=True, id="unit")
            yield Static(classes="field-error", id="error-quantity")
            with Horizontal(classes="form-row"):
                yield Label(t("Severity"))
                yield Select([(Text(pt("severity", s.value)), s.value) for s in reversed(list(Severity))], value=Severity.HIGH.value,
                             allow_blank=False, compact=True, id="severity")
            yield Static(classes="field-error", id="error-severity")
            with Horizontal(classes="form-row"):
                yield Label(t("Need by"))
                yield Input(placeholder=t("2020-02-05, 02-05 or +2 (days)"), compact=True, id="need_by")
            yield Static(classes="field-error", id="error-need_by")
            with Horizontal(classes="form-row"):
                yield Label(t("Description"))
                yield Input(placeholder=t("What is short, since when, what was tried"), compact=True, id="description")
            yield Static(classes="field-error", id="error-description")
            yield Static(classes="field-error", id="error-form")
            with Horizontal(id="form-buttons"):
                yield Button(t("Report"), variant="primary", compact=True, id="save")
                yield Button(t("Cancel"), compact=True, id="cancel")

    def on_mount(self) -> None:
        self.sub_title = t("Report a shortage")
        self.set_focus(self.query_one("#enterprise-input", Input))
        self._prepare()

    def _search(self, query: str) -> list[Choice]:
        """Runs in the picker's worker thread."""
        actor = self.ctx.actor
        return self.ctx.run(lambda s: reportable_enterprises(s, actor=actor, query=query))

    @work(thread=True, exclusive=True, exit_on_error=False, group="shortage-form")
    def _prepare(self) -> None:
        actor, wanted = self.ctx.actor, self.enterprise_id

        def read(session) -> tuple[ReportChoices, Choice | None]:  # type: ignore[no-untyped-def]
            enterprise = enterprise_choice(session, enterprise_id=wanted) if wanted else None
            if enterprise is None and not actor.is_coordinator:
                mine = reportable_enterprises(session, actor=actor, limit=2)
                enterprise = mine[0] if len(mine) == 1 else None  # stationed at one: that one
            return report_choices(session), enterprise

        post_result(self, self._Ready(*self.ctx.run(read)))

    @on(_Ready)
    def _ready(self, message: _Ready) -> None:
        self.choices = choices = message.choices
        options: list[tuple[Text, str]] = []
        for m in choices.materials:
            options.append((Text(f"{t('Raw material')}: {material_name(m.name, m.alt)} ({m.extra})"), f"m:{m.id}"))
        for i in choices.items:
            label = Text(f"{t('Item')}: {material_name(i.name, i.alt)} ({i.extra})")
            if i.id in choices.severely_short:
                label.append(" " + t("severely short"), style="bold red")
            options.append((label, f"i:{i.id}"))
        self.query_one("#material", Select).set_options(options)
        if message.enterprise is not None:
            self.query_one(EnterprisePicker).set_choice(message.enterprise)
            self.set_focus(self.query_one("#kind", Select))

    @on(Select.Changed, "#material")
    def _material_changed(self, event: Select.Changed) -> None:
        unit = self.query_one("#unit", Input)
        picked = self._material()
        if picked is not None and not unit.value.strip():
            unit.value = picked.extra

    def _material(self) -> Choice | None:
        value = self.query_one("#material", Select).value
        if not isinstance(value, str) or self.choices is None:
            return None
        kind, _, number = value.partition(":")
        pool = self.choices.materials if kind == "m" else self.choices.items
        return next((c for c in pool if c.id == int(number)), None)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "description":
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # ---- saving -------------------------------------------------------------------------------

    def _show_errors(self, errors: dict[str, str]) -> None:
        for error in self.query(".field-error"):
            field = (error.id or "").removeprefix("error-")
            text = errors.get(field, "")
            error.update(Text(text))  # type: ignore[attr-defined]
            error.display = bool(text)

    def collect(self) -> ShortageCreate:
        """The form as the service takes it; raises ValidationError for what cannot even be parsed."""
        picker = self.query_one(EnterprisePicker)
        if picker.value is None:
            raise ValidationError("enterprise_id", "Pick an enterprise")
        quantity = validation.quantity(self.query_one("#quantity", Input).value, field="quantity", required=False)
        need_by = parse_day(self.query_one("#need_by", Input).value, field="need_by", required=False)
        value = self.query_one("#material", Select).value
        material_id = item_id = None
        if isinstance(value, str):
            kind, _, number = value.partition(":")
            material_id, item_id = (int(number), None) if kind == "m" else (None, int(number))
        # checked before the model is built: its own length checks would raise pydantic's error, not ours
        unit = validation.text(self.query_one("#unit", Input).value, field="unit", max_len=UNIT_MAX)
        description = validation.text(self.query_one("#description", Input).value, field="description",
                                      max_len=DESCRIPTION_MAX)
        return validation.build(
            ShortageCreate, enterprise_id=picker.value.id, kind=str(self.query_one("#kind", Select).value),
            material_id=material_id, item_id=item_id, quantity=quantity, unit=unit,
            severity=str(self.query_one("#severity", Select).value), need_by=need_by, description=description,
        )

    def action_save(self) -> None:
        if self.saving or self.ctx.read_only:
            return
        try:
            data = self.collect()
        except ValidationError as error:
            self._refused(self._Refused(error))
            return
        self.saving = True
        self._show_errors({})
        self._report(data)

    @work(thread=True, exclusive=True, exit_on_error=False, group="shortage-form-save")
    def _report(self, data: ShortageCreate) -> None:
        actor = self.ctx.actor
        try:
            shortage_id = self.ctx.run(lambda s: report_shortage(s, actor=actor, data=data).id)
        except ServiceError as error:
            self.post_message(self._Refused(error))
            return
        self.post_message(self._Saved(shortage_id))  # type: ignore[arg-type]

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self.saving = False
        error = message.error
        field = ERROR_FIELD.get(getattr(error, "field", ""), "form")
        if field == "form" and "stationed" in error.message:
            field = "enterprise"
        self._show_errors({field: error_text(error)})
        target = {"enterprise": "#enterprise-input", "material": "#material", "quantity": "#quantity",
                  "need_by": "#need_by", "description": "#description", "kind": "#kind", "severity": "#severity"}.get(field)
        if target:
            self.set_focus(self.query_one(target))

    @on(_Saved)
    def _saved(self, message: _Saved) -> None:
        from tui.shortages.detail import ShortageDetailScreen

        self.saving = False
        self.notify(t("Shortage #{id} reported", id=message.shortage_id), markup=False)
        self.app.pop_screen()
        self.app.push_screen(ShortageDetailScreen(message.shortage_id))

    def dirty(self) -> bool:
        typed = [self.query_one(f"#{name}", Input).value.strip() for name in ("quantity", "unit", "need_by", "description")]
        picked = self.query_one("#material", Select).value
        return any(typed) or isinstance(picked, str)

    def action_cancel(self) -> None:
        self._leave(self.app.pop_screen)

    def action_quit_form(self) -> None:
        self._leave(self.app.exit)

    def _leave(self, then: Callable[[], object]) -> None:
        if not self.dirty():
            then()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmDialog(t("Leave without reporting? What you typed is lost."), yes="Leave", no="Stay"),
                             answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return not self.ctx.read_only
        return True
