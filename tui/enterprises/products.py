"""What an enterprise makes (``p`` on a card): the daily capacity per catalogue item. A blank line
is an item it does not make (a line emptied is kept in history, not deleted). Saved all together."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import Static

from models.services.access import require_enterprise_access
from models.services.enterprise_card import identity
from models.services.enterprise_products import ProductInput, product_choices, set_products
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field
from tui.i18n import t
from tui.i18n.format import local_name, unit
from tui.i18n.format import plain as figure
from tui.i18n.safe import for_tui

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.errors import ServiceError


class ProductsFormScreen(FormScreen):
    HELP = ("What the enterprise makes: its daily capacity per catalogue item; leave an item blank if it "
            "does not make it. enter goes to the next item; ctrl+s saves all together.")

    # the labels are item names ("Disposable medical mask"): wider than the forms' 18 columns
    DEFAULT_CSS = """
    ProductsFormScreen FieldRow .field-label { width: 25; }
    ProductsFormScreen FieldRow .field-error { padding-left: 26; }
    """

    def __init__(self, enterprise_id: int) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id

    def title_text(self) -> str:
        return t("Products and capacity")

    def load(self, session: Session) -> FormState:
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

    def field_of(self, error: ServiceError) -> str | None:
        # the service names the figure, not the line: the first line shows it
        if getattr(error, "field", "") == "daily_capacity":
            return next(iter(self.names()), None)
        return super().field_of(error)

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Static(t("Daily capacity at full load; blank: not made."), classes="form-note")
        for item in state.extra:
            yield Field(f"capacity-{item.item_id}", "Capacity", kind="number",
                        literal=for_tui(local_name(item.name, item.name_en)),
                        after=t("{unit}/day", unit=unit(item.unit)))
