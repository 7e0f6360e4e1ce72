"""New person (``n`` on People) and edit (``e``): name, mobile, unit, special group, login and role.

The login is the operating-system login the person starts Supply Desk with: mapping it to a cadre
gives that login the cadre's role, in running sessions too (they read it again at their next poll).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from models import validation
from models.base import Role
from models.people import CadreCreate, CadreUpdate
from models.services.common import require_coordinator
from tui.forms.form import FormScreen, FormState, stamp
from tui.forms.spec import Field, Option, Values, service_check
from tui.i18n import format as fmt
from tui.i18n import pt, t

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.services.choices import Choice

FIELDS = ("name", "phone", "unit", "group", "login", "role")


@dataclass(frozen=True)
class Lists:
    """The pickers' options, with what typing matches (the keys stored with the names)."""

    units: list[Option]
    groups: list[Option]


def _options(choices: list[Choice]) -> list[Option]:
    return [(str(c.id), fmt.local_name(c.name, c.alt), c.key) for c in choices]


class PersonFormScreen(FormScreen):
    """``PersonFormScreen()`` adds a person; ``PersonFormScreen(id)`` edits one."""

    HELP = ("A person of the working group. The login is the one they start Supply Desk with; their role "
            "says what it may do. enter moves on, ctrl+s saves when every field is right.")
    ERROR_FIELDS = {"unit_id": "unit", "group_id": "group"}

    def __init__(self, cadre_id: int | None = None) -> None:
        super().__init__()
        self.cadre_id = cadre_id

    def title_text(self) -> str:
        return t("New person") if self.cadre_id is None else t("Edit person")

    # ---- reading and writing (worker thread) -------------------------------------------------------

    def load(self, session: Session) -> FormState:
        from models.services.person_card import person_card
        from models.services.reference import groups, units

        require_coordinator(self.ctx.actor)
        lists = Lists(_options(units(session)), _options(groups(session)))
        labels = {f"unit={value}": str(label) for value, label, _ in lists.units}
        labels |= {f"group={value}": str(label) for value, label, _ in lists.groups}
        labels |= {f"role={r.value}": pt("role", r.value) for r in Role}
        if self.cadre_id is None:
            values = dict.fromkeys(FIELDS, "") | {"role": Role.FIELD_CADRE.value}
            return FormState(values, labels, token=None, extra=lists)
        card = person_card(session, cadre_id=self.cadre_id)
        values = {"name": card.name, "phone": card.phone, "unit": str(card.unit_id or ""),
                  "group": str(card.group_id or ""), "login": card.login, "role": card.role}
        return FormState(values, labels, token=card.version, by=card.updated_by, at=stamp(card.updated_at),
                         name=card.name, extra=lists)

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        from models.services.cadres import create_cadre, update_cadre

        changed = {k: v for k, v in values.items() if self.cadre_id is None or v != self.original.get(k, "")}
        fields: dict[str, Any] = {}
        for name, value in changed.items():
            if name in ("unit", "group"):
                fields[f"{name}_id"] = int(value) if value else None
            else:
                fields[name] = (value.strip() or None) if name in ("phone", "login") else value
        if self.cadre_id is None:
            return create_cadre(session, actor=self.ctx.actor, data=CadreCreate(**fields)).id
        update_cadre(session, actor=self.ctx.actor, cadre_id=self.cadre_id, expected_version=state.token,
                     data=CadreUpdate(**fields))
        return self.cadre_id

    # ---- the fields --------------------------------------------------------------------------------

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Field("name", "Name", required=True, max_len=64)
        yield Field("phone", "Mobile", placeholder="138…", checks=[service_check(validation.mobile)])
        yield Field("unit", "Unit", kind="picker", options=self._units)
        yield Field("group", "Special group", kind="picker", options=self._groups)
        yield Field("login", "Login", max_len=64, placeholder=t("the login they start Supply Desk with"))
        yield Field("role", "Role", kind="picker", required=True,
                    options=lambda values: [(r.value, pt("role", r.value), r.value) for r in Role])

    def shown(self, name: str, value: Any, state: FormState) -> str:
        if name in ("unit", "group") and not value:
            return t("none")
        return super().shown(name, value, state)

    def _units(self, values: Values) -> list[Option]:
        return [("", t("none"), "none wu"), *(self.state.extra.units if self.state else [])]

    def _groups(self, values: Values) -> list[Option]:
        return [("", t("none"), "none wu"), *(self.state.extra.groups if self.state else [])]
