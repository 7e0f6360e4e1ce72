"""Add a licence (from ``l`` on a card): the item, the kind of licence, where it stands (applying,
green channel, or held with its number and the date granted) and the date applied for.
Moving an existing licence on a step is done from the card's list of licences, without a form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widget import Widget

from models import clock, validation
from models.base import LicenceStatus
from models.errors import ValidationError
from models.services.access import require_enterprise_access
from models.services.enterprise_card import identity
from models.services.choices import form_choices
from models.services.enterprise_licences import add_qualification
from tui.i18n import error_text, pt, t
from tui.shell.dialogs import ChoiceDialog
from tui.forms.form import FormScreen, FormState
from tui.i18n.parse import parse_day
from tui.forms.fields import FieldRow, Picker, text_input

if TYPE_CHECKING:
    from sqlmodel import Session

DEFAULT_KIND = "医疗器械注册证（应急审批）"
STARTS = (LicenceStatus.APPLYING, LicenceStatus.GREEN_CHANNEL, LicenceStatus.HELD)


class LicenceFormScreen(FormScreen):
    HELP = "A licence applied for or held: the item it covers, its kind, where it stands and its dates."
    LABELS = {"item": "Item", "kind": "Licence", "status": "Stage", "applied_on": "Applied on", "number": "Number",
              "granted_on": "Granted on"}

    def __init__(self, enterprise_id: int) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id

    def title_text(self) -> str:
        return t("Add a licence")

    def read(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        items = form_choices(session).items
        labels = {f"item={i.id}": i.name for i in items} | {"item=": t("none")}
        labels |= {f"status={s.value}": pt("licence status", s.value) for s in STARTS}
        today = clock.today().isoformat()
        values = {"item": "", "kind": DEFAULT_KIND, "status": LicenceStatus.APPLYING.value, "applied_on": today,
                  "number": "", "granted_on": ""}
        return FormState(values, labels, extra=items, name=identity(session, enterprise_id=self.enterprise_id).name)

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        held = values["status"] == LicenceStatus.HELD
        return add_qualification(
            session, actor=self.ctx.actor, enterprise_id=self.enterprise_id, kind=values["kind"],
            item_id=int(values["item"]) if values["item"] else None, number=values["number"] or None,
            status=values["status"], applied_on=parse_day(values["applied_on"], field="applied_on"),
            granted_on=parse_day(values["granted_on"], field="granted_on") if held and values["granted_on"] else None,
        )

    def build(self, state: FormState) -> Iterable[Widget]:
        v = state.values
        yield FieldRow("item", t("Item"), Picker(v["item"], self.display("item", v["item"], state), id="field-item"))
        yield FieldRow("kind", t("Licence"), text_input("kind", v["kind"]), required=True)
        yield FieldRow("status", t("Stage"), Picker(v["status"], self.display("status", v["status"], state),
                                                    id="field-status"), required=True)
        yield FieldRow("applied_on", t("Applied on"), text_input("applied_on", v["applied_on"], short=True),
                       after=t("YYYY-MM-DD"))
        yield FieldRow("number", t("Number"), text_input("number", v["number"]))
        yield FieldRow("granted_on", t("Granted on"), text_input("granted_on", v["granted_on"], short=True),
                       after=t("YYYY-MM-DD, when held"))

    def check(self, name: str, value: str, values: dict[str, str]) -> str | None:
        try:
            if name in ("kind", "number"):
                validation.text(value, field=name, required=name == "kind", max_len=64)
            elif name in ("applied_on", "granted_on"):
                if not value.strip():
                    held = values.get("status") == LicenceStatus.HELD
                    return t("Required") if name == "applied_on" or held else None
                try:
                    day = parse_day(value, field=name)
                except ValueError:
                    return t("A date as YYYY-MM-DD")
                if day > clock.today():
                    return t("A date cannot be in the future")
        except ValidationError as error:
            return error_text(error)
        return None

    @on(Picker.Open)
    def _pick(self, event: Picker.Open) -> None:
        if self.state is None:
            return
        name = (event.picker.id or "").removeprefix("field-")
        if name == "item":
            options = [("", t("none"), "none")] + [(str(i.id), i.name, i.key) for i in self.state.extra]
        else:
            options = [(s.value, pt("licence status", s.value), s.value) for s in STARTS]

        def picked(value: str | None) -> None:
            if value is not None:
                self.set_value(name, value)
                self.check_field(name)
                if name == "status":
                    self.check_field("granted_on")
                self.advance(self.control(name))

        self.app.push_screen(ChoiceDialog(t(self.LABELS[name]), options, current=event.picker.value), picked)
