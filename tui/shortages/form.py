"""Report a shortage (``n`` on the list, or from an enterprise card with the enterprise filled in).

Field cadres report for the enterprises they are stationed at, coordinators for any. A full-screen
form of the one form framework: what the service refuses is shown under the field it concerns, and
everything typed stays in the form.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button

from models import clock, validation
from models.base import Severity, ShortageKind
from models.errors import PermissionDenied, ServiceError
from models.services.choices import Choice, ReportChoices, enterprise_choice, report_choices, reportable_enterprises
from models.services.shortage_list import open_like
from models.services.shortages import report_shortage
from models.shortage import ShortageCreate
from tui.forms.form import FormScreen, FormState
from tui.forms.pickers import EnterprisePicker
from tui.forms.spec import Field, Option, Values
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_day
from tui.i18n.safe import for_tui
from tui.shell.dialogs import ChoiceDialog
from tui.shortages.text import kind_label, material_name, severity_label, status_label, what

if TYPE_CHECKING:
    from sqlmodel import Session

#: the longest unit and description a shortage keeps (ShortageCreate's limits, which the service checks too)
UNIT_MAX, DESCRIPTION_MAX = 16, 2000


class ShortageFormScreen(FormScreen):
    HELP = ("Report a shortage: the enterprise, what is short and how much, how severe, by when. tab moves "
            "between fields; ctrl+s reports it; escape goes back (and asks first when something was typed).")
    BINDINGS = [
        Binding("ctrl+s", "save", "Report", tooltip="Save the report", id="shortage-form-save"),
        Binding("escape", "cancel", "Back", tooltip="Back without reporting", id="shortage-form-back"),
        # q on a picker would quit the app with the form half filled: ask first, as escape does
        Binding("q", "quit_form", "Quit", tooltip="Quit Supply Desk (asks first when something was typed)",
                id="shortage-form-quit"),
    ]
    # default styles read from the .tcss beside it: a CSS_PATH of its own would replace FormScreen's
    # (every form's stylesheet), and these rules keep the lower priority they had as DEFAULT_CSS
    DEFAULT_CSS = Path(__file__).with_name("form.tcss").read_text(encoding="utf-8")
    TITLE = "Report a shortage"
    CONTROL_ID = "{name}"
    VERSIONED = False
    ERROR_FIELDS = {"enterprise_id": "enterprise", "material_id": "material", "item_id": "material"}
    DISCARD = ("Leave without reporting? What you typed is lost.", "Leave", "Stay")

    def __init__(self, enterprise_id: int | None = None) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id

    def on_mount(self) -> None:
        self.sub_title = t("Report a shortage")

    # ---- reading and writing (worker thread) ------------------------------------------------------

    def load(self, session: Session) -> FormState:
        actor = self.ctx.actor
        enterprise = enterprise_choice(session, enterprise_id=self.enterprise_id) if self.enterprise_id else None
        if enterprise is None and not actor.is_coordinator:
            mine = reportable_enterprises(session, actor=actor, limit=2)
            enterprise = mine[0] if len(mine) == 1 else None  # stationed at one: that one
        values = {"enterprise": "", "kind": ShortageKind.RAW_MATERIAL.value, "material": "", "quantity": "", "unit": "",
                  "severity": Severity.HIGH.value, "need_by": "", "description": ""}
        return FormState(values, extra=(report_choices(session), enterprise))

    def write(self, session: Session, values: dict[str, Any], state: FormState) -> int:
        material_id, item_id = _material_ids(values)
        data = validation.build(
            ShortageCreate, enterprise_id=int(values["enterprise"]), kind=values["kind"], material_id=material_id,
            item_id=item_id, quantity=validation.quantity(values["quantity"], field="quantity", required=False),
            # checked before the model is built: its own length checks would raise pydantic's error, not ours
            unit=validation.text(self._stored_unit(values), field="unit", max_len=UNIT_MAX),
            severity=values["severity"],
            need_by=parse_day(values["need_by"], field="need_by", required=False),
            description=validation.text(values["description"], field="description", max_len=DESCRIPTION_MAX),
        )
        return int(report_shortage(session, actor=self.ctx.actor, data=data).id or 0)  # stored: it has its id

    async def go_ahead(self, values: dict[str, Any], state: FormState) -> bool:
        """A shortage of this kind and material already open at the enterprise is shown first: open
        it, report a second one anyway, or (escape) stay on the form."""
        if not values["enterprise"]:
            return True  # the service says what is missing
        material_id, item_id = _material_ids(values)
        enterprise_id, kind = int(values["enterprise"]), values["kind"]
        same = await self.read(lambda s: open_like(s, enterprise_id=enterprise_id, kind=kind,
                                                   material_id=material_id, item_id=item_id))
        if same is None:
            return True
        what_text = what(same).plain or kind_label(same.kind)
        existing = t("Open #{id}: {what}, {severity}, {status}, reported {when}", id=same.id, what=what_text,
                     severity=severity_label(same.severity), status=status_label(same.status),
                     when=clock.fmt(same.reported_at))
        choice = await self.app.push_screen_wait(ChoiceDialog(
            t("Already open here: shortage #{id}", id=same.id),
            [("open", existing, "open"), ("report", t("Report a second one"), "second")], current="open"))
        if choice == "open":
            self._show(same.id)
        return bool(choice == "report")

    def saved(self, result: Any) -> None:
        self.notify(t("Shortage #{id} reported", id=result), markup=False)
        self._show(result)

    def _show(self, shortage_id: int) -> None:
        """Leave the form for the detail of this shortage."""
        from tui.shortages.detail import ShortageDetailScreen

        self.app.pop_screen()
        self.app.push_screen(ShortageDetailScreen(shortage_id))

    def field_of(self, error: ServiceError) -> str | None:
        if isinstance(error, PermissionDenied) and "stationed" in error.message:
            return "enterprise"  # not stationed there: the enterprise is what to change
        return super().field_of(error)

    # ---- the fields -----------------------------------------------------------------------------------

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Field("enterprise", "Enterprise", kind="picker", required=True, required_message="Pick an enterprise",
                    starred=False)
        yield Field("kind", "Kind", kind="choice", required=True, starred=False,
                    options=lambda values: [(k.value, pt("shortage kind", k.value), "") for k in ShortageKind])
        yield Field("material", "Material/item", kind="choice", placeholder=t("— none —"), options=self._materials)
        yield Field("quantity", "Quantity", kind="number", placeholder=t("e.g. 5"))
        yield Field("unit", "Unit", max_len=UNIT_MAX, joins="quantity")
        yield Field("severity", "Severity", kind="choice", required=True, starred=False,
                    options=lambda values: [(s.value, pt("severity", s.value), "") for s in reversed(list(Severity))])
        yield Field("need_by", "Need by", kind="date", placeholder=t("2020-02-05, 02-05 or +2 (days)"))
        yield Field("description", "Description", max_len=DESCRIPTION_MAX,
                    placeholder=t("What is short, since when, what was tried"))
        yield Horizontal(Button(t("Report"), variant="primary", compact=True, id="save"),
                         Button(t("Cancel"), compact=True, id="cancel"), id="form-buttons")

    def _control(self, field: Field, state: FormState) -> Widget:
        if field.name == "enterprise":
            return EnterprisePicker(self._search, placeholder=t("Type a name, pinyin or initials"), id="enterprise")
        return super()._control(field, state)

    def _search(self, session: Session, query: str) -> list[Choice]:
        return reportable_enterprises(session, actor=self.ctx.actor, query=query)

    def _materials(self, values: Values) -> list[Option]:
        if self.state is None:
            return []
        choices: ReportChoices = self.state.extra[0]
        options: list[Option] = []
        colon = t(": ")
        for m in choices.materials:  # names as stored: escaped; units in the language shown
            label = f"{t('Raw material')}{colon}" + t("{name} ({unit})", name=for_tui(material_name(m.name, m.alt)),
                                                        unit=for_tui(fmt.unit(m.extra)))
            options.append((f"m:{m.id}", label, ""))
        for i in choices.items:
            text = Text(f"{t('Item')}{colon}" + t("{name} ({unit})", name=for_tui(material_name(i.name, i.alt)),
                                                   unit=for_tui(fmt.unit(i.extra))))
            if i.id in choices.severely_short:
                text.append(" " + t("severely short"), style="bold red")
            options.append((f"i:{i.id}", text, ""))
        return options

    def after_build(self) -> None:
        enterprise: Choice | None = self.state.extra[1] if self.state else None
        if enterprise is not None:
            self.query_one(EnterprisePicker).set_choice(enterprise)

    def begin(self, state: FormState) -> None:
        super().begin(state)
        if state.extra[1] is not None:
            self.set_focus(self.control("kind"))  # the enterprise is given: on to what is short

    def value_changed(self, name: str) -> None:
        material = self._material(self.values())
        if name == "material" and material is not None and not self.values()["unit"].strip():
            # the material's usual unit in the language shown (t, not 吨), until one is typed
            self.set_value("unit", fmt.unit(material.extra))

    def _stored_unit(self, values: Values) -> str:
        """The unit to store: the material's own word (吨) where the box still shows it in the language
        shown (t), what was typed otherwise."""
        typed, material = str(values["unit"]).strip(), self._material(values)
        return material.extra if material is not None and typed == fmt.unit(material.extra) else typed

    def _material(self, values: Values) -> Choice | None:
        pool, _, number = str(values.get("material", "")).partition(":")
        if not number or self.state is None:
            return None
        choices: ReportChoices = self.state.extra[0]
        return next((c for c in (choices.materials if pool == "m" else choices.items) if c.id == int(number)), None)

    # ---- buttons and leaving ------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_quit_form(self) -> None:
        self.leave(self.app.exit)


def _material_ids(values: Values) -> tuple[int | None, int | None]:
    """The raw material's and the item's id of the form's "m:2" / "i:5" choice."""
    pool, _, number = str(values["material"]).partition(":")
    return (int(number), None) if pool == "m" else (None, int(number) if number else None)
