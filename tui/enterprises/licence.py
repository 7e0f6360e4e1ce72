"""Add a licence (from ``l`` on a card): the item, the kind of licence, where it stands (applying,
green channel, or held with its number and the date granted) and the date applied for.
Moving an existing licence on a step is done from the card's list of licences, without a form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from models import clock
from models.base import LicenceStatus
from models.services.access import require_enterprise_access
from models.services.choices import form_choices
from models.services.enterprise_card import identity
from models.services.enterprise_licences import add_qualification
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field, Option, Values, not_future
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.parse import parse_day

if TYPE_CHECKING:
    from sqlmodel import Session

DEFAULT_KIND = "医疗器械注册证（应急审批）"
STARTS = (LicenceStatus.APPLYING, LicenceStatus.GREEN_CHANNEL, LicenceStatus.HELD)


def _held(values: Values) -> bool:
    return values.get("status") == LicenceStatus.HELD


class LicenceFormScreen(FormScreen):
    HELP = "A licence applied for or held: the item it covers, its kind, where it stands and its dates."

    def __init__(self, enterprise_id: int) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id

    def title_text(self) -> str:
        return t("Add a licence")

    def load(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        items = form_choices(session).items
        labels = {f"item={i.id}": fmt.local_name(i.name, i.alt) for i in items} | {"item=": t("none")}
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

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Field("item", "Item", kind="picker", options=self._items)
        yield Field("kind", "Licence", required=True, max_len=64)
        yield Field("status", "Stage", kind="picker", required=True,
                    options=lambda values: [(s.value, pt("licence status", s.value), s.value) for s in STARTS])
        yield Field("applied_on", "Applied on", kind="date", required=True, starred=False,
                    checks=[not_future()], after=t("YYYY-MM-DD"))
        yield Field("number", "Number", max_len=64)
        yield Field("granted_on", "Granted on", kind="date", required=_held, checks=[not_future()],
                    after=t("YYYY-MM-DD, when held"))

    def _items(self, values: Values) -> list[Option]:
        items = self.state.extra if self.state else []
        return [("", t("none"), "none"), *((str(i.id), fmt.local_name(i.name, i.alt), i.key) for i in items)]

    def value_changed(self, name: str) -> None:
        if name == "status":
            self.check_field("granted_on")  # held: when was it granted?
