"""New enterprise (``n``) and edit (``e``): one form with inline checks of every field.

The credit code's check character, the mobile number, the district (one of the 38, picked from a
list that filters by pinyin), the park (picked from the district's parks, or a new one typed in).
Nothing is saved until every field is right; a version conflict shows their change next to yours.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widget import Widget

from models import validation
from models.base import EnterpriseStatus
from models.enterprise import EnterpriseCreate, EnterpriseUpdate
from models.errors import ValidationError
from models.services.access import require_enterprise_access
from models.services.common import require_coordinator
from models.services.enterprise_card import identity
from models.services.choices import form_choices
from models.services.enterprises import create_enterprise, update_enterprise
from tui.i18n import error_text, pt, t
from tui.shell.dialogs import ChoiceDialog, ReasonDialog
from tui.forms.form import FormScreen, FormState, stamp
from tui.forms.fields import FieldRow, Picker, text_input

if TYPE_CHECKING:
    from sqlmodel import Session

TEXT_LIMITS = {"name": 200, "short_name": 64, "address": 200, "contact_person": 64, "notes": 2000}
NEW_PARK = "new:"


class EnterpriseFormScreen(FormScreen):
    """``EnterpriseFormScreen()`` adds an enterprise; ``EnterpriseFormScreen(id)`` edits one."""

    HELP = ("An enterprise's identity. enter moves to the next field, ctrl+s saves when every field is right; "
            "escape asks before discarding what you typed.")
    LABELS = {"name": "Name", "short_name": "Short name", "credit_code": "Credit code", "district": "District",
              "park": "Park", "address": "Address", "contact_person": "Contact person", "phone": "Mobile",
              "status": "Status", "notes": "Notes"}

    def __init__(self, enterprise_id: int | None = None) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id

    def title_text(self) -> str:
        return t("New enterprise") if self.enterprise_id is None else t("Edit enterprise")

    # ---- reading and writing (worker thread) -------------------------------------------------------

    def read(self, session: Session) -> FormState:
        choices = form_choices(session)
        labels = {f"district={d.id}": d.name for d in choices.districts}
        labels |= {f"park=id:{p.id}": p.name for p in choices.parks}
        labels |= {f"status={s.value}": pt("enterprise status", s.value) for s in EnterpriseStatus}
        if self.enterprise_id is None:
            require_coordinator(self.ctx.actor)
            values = dict.fromkeys(self.LABELS, "") | {"status": EnterpriseStatus.RESUMED.value}
            return FormState(values, labels, token=None, extra=choices)
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        ident = identity(session, enterprise_id=self.enterprise_id)
        values = {
            "name": ident.name, "short_name": ident.short_name, "credit_code": ident.credit_code,
            "district": str(ident.district_id), "park": f"id:{ident.park_id}" if ident.park_id else "",
            "address": ident.address, "contact_person": ident.contact_person, "phone": ident.phone, "notes": ident.notes,
        }
        return FormState(values, labels, token=ident.version, by=ident.updated_by, at=stamp(ident.updated_at), name=ident.name,
                         extra=choices)

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        fields: dict[str, Any] = {}
        park_name = None
        changed = {k: v for k, v in values.items() if self.enterprise_id is None or v != self.original.get(k, "")}
        for name, value in changed.items():
            if name in TEXT_LIMITS or name in ("credit_code", "phone"):
                fields[name] = value
            elif name == "district":
                fields["district_id"] = int(value)
            elif name == "park":
                if value.startswith(NEW_PARK):
                    park_name = value.removeprefix(NEW_PARK)
                else:
                    fields["park_id"] = int(value.removeprefix("id:")) if value else None
        if self.enterprise_id is None:
            data = EnterpriseCreate(**fields, status=values["status"])
            return create_enterprise(session, actor=self.ctx.actor, data=data, park_name=park_name).id
        update_enterprise(session, actor=self.ctx.actor, enterprise_id=self.enterprise_id, expected_version=state.token,
                          data=EnterpriseUpdate(**fields), park_name=park_name)
        return self.enterprise_id

    def field_for(self, service_field: str) -> str:
        return {"district_id": "district", "park_id": "park"}.get(service_field, service_field)

    # ---- the fields --------------------------------------------------------------------------------

    def build(self, state: FormState) -> Iterable[Widget]:
        v = state.values
        yield FieldRow("name", t("Name"), text_input("name", v["name"]), required=True)
        yield FieldRow("short_name", t("Short name"), text_input("short_name", v["short_name"]))
        yield FieldRow("credit_code", t("Credit code"), text_input(
            "credit_code", v["credit_code"], placeholder=t("18 characters, e.g. 91500108MA5U…")))
        yield FieldRow("district", t("District"), Picker(v["district"], self.display("district", v["district"], state),
                                                         id="field-district"), required=True)
        yield FieldRow("park", t("Park"), Picker(v["park"], self.display("park", v["park"], state), id="field-park"))
        yield FieldRow("address", t("Address"), text_input("address", v["address"]))
        yield FieldRow("contact_person", t("Contact person"), text_input("contact_person", v["contact_person"]))
        yield FieldRow("phone", t("Mobile"), text_input("phone", v["phone"], placeholder="138…"))
        if self.enterprise_id is None:
            yield FieldRow("status", t("Status"), Picker(v["status"], self.display("status", v["status"], state),
                                                         id="field-status"))
        yield FieldRow("notes", t("Notes"), text_input("notes", v["notes"]))

    def display(self, name: str, value: str, state: FormState) -> str:
        if name == "park" and value.startswith(NEW_PARK):
            return t("{park} (new)", park=value.removeprefix(NEW_PARK))
        if name == "park" and not value:
            return t("none")
        return super().display(name, value, state)

    def check(self, name: str, value: str, values: dict[str, str]) -> str | None:
        try:
            if name == "name":
                validation.text(value, field=name, required=True, max_len=TEXT_LIMITS[name])
            elif name in TEXT_LIMITS:
                validation.text(value, field=name, max_len=TEXT_LIMITS[name])
            elif name == "credit_code":
                validation.credit_code(value)
            elif name == "phone":
                validation.mobile(value)
            elif name == "district" and not value:
                return t("Pick one of the 38 districts")
        except ValidationError as error:
            return error_text(error)
        return None

    # ---- pickers -----------------------------------------------------------------------------------

    @on(Picker.Open)
    def _pick(self, event: Picker.Open) -> None:
        if self.state is None:
            return
        name = (event.picker.id or "").removeprefix("field-")
        choices = self.state.extra
        if name == "district":
            options = [(str(d.id), d.name, d.key) for d in choices.districts]
            self.app.push_screen(ChoiceDialog(t("District"), options, current=event.picker.value),
                                 lambda value: self._picked_district(value))
        elif name == "park":
            district = self.values().get("district", "")
            options = [("", t("none"), "none wu")]
            options += [(f"id:{p.id}", p.name, p.key) for p in choices.parks if str(p.group) == district]
            options.append((NEW_PARK, t("New park…"), "new xin"))
            self.app.push_screen(ChoiceDialog(t("Park"), options, current=event.picker.value), self._picked_park)
        elif name == "status":
            options = [(s.value, pt("enterprise status", s.value), s.value) for s in EnterpriseStatus]
            self.app.push_screen(ChoiceDialog(t("Status"), options, current=event.picker.value),
                                 lambda value: self._picked("status", value))

    def _picked(self, name: str, value: str | None, label: str | None = None) -> None:
        if value is None:
            return
        self.set_value(name, value, label)
        self.check_field(name)
        self.advance(self.control(name))

    def _picked_district(self, value: str | None) -> None:
        if value is None or self.state is None:
            return
        park = self.values().get("park", "")
        in_district = {f"id:{p.id}" for p in self.state.extra.parks if str(p.group) == value}
        if park and not park.startswith(NEW_PARK) and park not in in_district:
            self.set_value("park", "", t("none"))  # the old park is not in the new district
        self._picked("district", value)

    def _picked_park(self, value: str | None) -> None:
        if value != NEW_PARK:
            self._picked("park", value)
            return
        district = self.display("district", self.values().get("district", ""), self.state or FormState({}))

        def named(name: str | None) -> None:
            if name:
                self._picked("park", NEW_PARK + name, t("{park} (new)", park=name))

        self.app.push_screen(ReasonDialog(t("New park"), t("The name of the new park in {district}", district=district),
                                          max_len=64), named)
