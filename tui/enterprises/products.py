"""What an enterprise makes (``p`` on a card): the daily capacity per catalogue item. A blank line
is an item it does not make (a line emptied is kept in history, not deleted). Saved all together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import Static

from models import validation
from models.errors import ValidationError
from models.services.access import require_enterprise_access
from models.services.enterprise_card import identity
from models.services.enterprise_products import product_choices
from models.services.enterprise_products import ProductInput, set_products
from tui.i18n import error_text, t
from tui.forms.form import FormScreen, FormState
from tui.i18n.format import plain as figure
from tui.forms.fields import FieldRow, text_input

if TYPE_CHECKING:
    from sqlmodel import Session


class ProductsFormScreen(FormScreen):
    HELP = ("What the enterprise makes: its daily capacity per catalogue item; leave an item blank if it "
            "does not make it. enter goes to the next item; ctrl+s saves all together.")

    def __init__(self, enterprise_id: int) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.LABELS: dict[str, str] = {}

    def title_text(self) -> str:
        return t("Products and capacity")

    def read(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        items = product_choices(session, enterprise_id=self.enterprise_id)
        values = {f"capacity-{i.item_id}": figure(i.capacity) if i.capacity is not None else "" for i in items}
        return FormState(values, token={i.item_id: i.version for i in items}, extra=items,
                         name=identity(session, enterprise_id=self.enterprise_id).name)

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        lines = [
            ProductInput(item_id=i.item_id, daily_capacity=values[f"capacity-{i.item_id}"] or None,
                         expected_version=state.token.get(i.item_id) or 0)
            for i in state.extra if values[f"capacity-{i.item_id}"] != self.original.get(f"capacity-{i.item_id}")
        ]
        return set_products(session, actor=self.ctx.actor, enterprise_id=self.enterprise_id, lines=lines)

    def field_for(self, service_field: str) -> str:
        return next(iter(self.values()), service_field) if service_field == "daily_capacity" else service_field

    def build(self, state: FormState) -> Iterable[Widget]:
        yield Static(t("Daily capacity at full load; blank: not made."), classes="form-note")
        for item in state.extra:
            name = f"capacity-{item.item_id}"
            self.LABELS[name] = item.name
            yield FieldRow(name, item.name, text_input(name, state.values[name], short=True),
                           after=t("{unit}/day", unit=item.unit))

    def check(self, name: str, value: str, values: dict[str, str]) -> str | None:
        try:
            validation.quantity(value, field=name, required=False)
        except ValidationError as error:
            return error_text(error)
        return None
