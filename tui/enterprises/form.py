"""New enterprise (``n``) and edit (``e``): one form with inline checks of every field.

The credit code's check character, the mobile number, the district (one of the 38, picked from a
list that filters by pinyin), the park (picked from the district's parks, or a new one typed in).
Nothing is saved until every field is right; a version conflict shows their change next to yours.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from models import validation
from models.base import EnterpriseStatus
from models.enterprise import EnterpriseCreate, EnterpriseUpdate
from models.services.access import require_enterprise_access
from models.services.choices import form_choices
from models.services.common import require_coordinator
from models.services.enterprise_card import identity
from models.services.enterprises import create_enterprise, update_enterprise
from tui.forms.form import FormScreen, FormState, stamp
from tui.forms.spec import Field, Option, Values, service_check
from tui.i18n import pt, t
from tui.shell.dialogs import ReasonDialog

if TYPE_CHECKING:
    from sqlmodel import Session

TEXT_LIMITS = {"name": 200, "short_name": 64, "address": 200, "contact_person": 64, "notes": 2000}
NEW_PARK = "new:"


class EnterpriseFormScreen(FormScreen):
    """``EnterpriseFormScreen()`` adds an enterprise; ``EnterpriseFormScreen(id)`` edits one."""

    HELP = ("An enterprise's identity. enter moves to the next field, ctrl+s saves when every field is right; "
            "escape asks before discarding what you typed.")
    FIELDS = ("name", "short_name", "credit_code", "district", "park", "address", "contact_person", "phone", "status",
              "notes")
    ERROR_FIELDS = {"district_id": "district", "park_id": "park"}

    def __init__(self, enterprise_id: int | None = None) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id

    def title_text(self) -> str:
        return t("New enterprise") if self.enterprise_id is None else t("Edit enterprise")

    # ---- reading and writing (worker thread) -------------------------------------------------------

    def load(self, session: Session) -> FormState:
        choices = form_choices(session)
        labels = {f"district={d.id}": d.name for d in choices.districts}
        labels |= {f"park=id:{p.id}": p.name for p in choices.parks}
        labels |= {f"status={s.value}": pt("enterprise status", s.value) for s in EnterpriseStatus}
        if self.enterprise_id is None:
            require_coordinator(self.ctx.actor)
            values = dict.fromkeys(self.FIELDS, "") | {"status": EnterpriseStatus.RESUMED.value}
            return FormState(values, labels, token=None, extra=choices)
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        ident = identity(session, enterprise_id=self.enterprise_id)
        values = {
            "name": ident.name, "short_name": ident.short_name, "credit_code": ident.credit_code,
            "district": str(ident.district_id), "park": f"id:{ident.park_id}" if ident.park_id else "",
            "address": ident.address, "contact_person": ident.contact_person, "phone": ident.phone,
            "notes": ident.notes,
        }
        return FormState(values, labels, token=ident.version, by=ident.updated_by, at=stamp(ident.updated_at),
                         name=ident.name, extra=choices)

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

    # ---- the fields --------------------------------------------------------------------------------

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Field("name", "Name", required=True, max_len=TEXT_LIMITS["name"])
        yield Field("short_name", "Short name", max_len=TEXT_LIMITS["short_name"])
        yield Field("credit_code", "Credit code", placeholder=t("18 characters, e.g. 91500108MA5U…"),
                    checks=[service_check(validation.credit_code)])
        yield Field("district", "District", kind="picker", required=True,
                    required_message="Pick one of the 38 districts", options=self._districts)
        yield Field("park", "Park", kind="picker", options=self._parks)
        yield Field("address", "Address", max_len=TEXT_LIMITS["address"])
        yield Field("contact_person", "Contact person", max_len=TEXT_LIMITS["contact_person"])
        yield Field("phone", "Phone", placeholder="138… / 023-…", checks=[service_check(validation.enterprise_phone)])
        if self.enterprise_id is None:
            yield Field("status", "Status", kind="picker",
                        options=lambda values: [(s.value, pt("enterprise status", s.value), s.value)
                                                for s in EnterpriseStatus])
        yield Field("notes", "Notes", max_len=TEXT_LIMITS["notes"])

    def shown(self, name: str, value: Any, state: FormState) -> str:
        if name == "park" and value.startswith(NEW_PARK):
            return t("{park} (new)", park=value.removeprefix(NEW_PARK))
        if name == "park" and not value:
            return t("none")
        return super().shown(name, value, state)

    # ---- pickers -----------------------------------------------------------------------------------

    def _districts(self, values: Values) -> list[Option]:
        return [(str(d.id), d.name, d.key) for d in self.state.extra.districts] if self.state else []

    def _parks(self, values: Values) -> list[Option]:
        parks = self.state.extra.parks if self.state else []
        options: list[Option] = [("", t("none"), "none wu")]
        options += [(f"id:{p.id}", p.name, p.key) for p in parks if str(p.group) == values.get("district", "")]
        return [*options, (NEW_PARK, t("New park…"), "new xin")]

    async def picked(self, name: str, value: Any, label: str | None) -> tuple[Any, str | None] | None:
        if name == "district" and self.state is not None:
            park = self.values().get("park", "")
            in_district = {f"id:{p.id}" for p in self.state.extra.parks if str(p.group) == value}
            if park and not park.startswith(NEW_PARK) and park not in in_district:
                self.set_value("park", "", t("none"))  # the old park is not in the new district
        if name == "park" and value == NEW_PARK:
            district = self.shown("district", self.values().get("district", ""), self.state or FormState({}))
            park = await self.app.push_screen_wait(ReasonDialog(
                t("New park"), t("The name of the new park in {district}", district=district), max_len=64))
            return (NEW_PARK + park, t("{park} (new)", park=park)) if park else None
        return value, label
