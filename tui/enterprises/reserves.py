"""Raw-material reserves of one enterprise (``m`` on a card): stock and daily use per material, with
the days of cover worked out as you type (under 3 days in red). All lines are saved together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from models import validation
from models.errors import ValidationError
from models.services.access import require_enterprise_access
from models.services.enterprise_card import identity, reserves
from models.rules import LOW_COVER_DAYS
from models.rules import days_of_cover
from models.services.enterprise_reserves import ReserveInput, set_reserves
from models.services.reference import materials
from tui.i18n import format as fmt
from tui.i18n import error_text, t
from tui.forms.form import FormScreen, FormState
from tui.i18n.format import plain as figure
from tui.forms.fields import FieldRow, text_input

if TYPE_CHECKING:
    from sqlmodel import Session


def cover_text(quantity: str, daily_use: str) -> Text:
    """``= 2.0d`` for the figures typed so far (red under 3 days), blank while they are not numbers."""
    try:
        days = days_of_cover(float(quantity.replace(",", "")), float(daily_use.replace(",", "")))
    except ValueError:
        return Text("")
    if days is None:
        return Text("")
    return Text("= " + fmt.days(days), style="bold red" if days < LOW_COVER_DAYS else "")


class ReservesFormScreen(FormScreen):
    HELP = ("Raw-material reserves: the stock and the daily use at full load give the days of cover. "
            "enter goes to the next material; ctrl+s saves all lines together.")

    def __init__(self, enterprise_id: int) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.LABELS: dict[str, str] = {}

    def title_text(self) -> str:
        return t("Raw-material reserves")

    def read(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        held = {r.material_id: r for r in reserves(session, enterprise_id=self.enterprise_id)}
        lines = [(m.id, m.name, m.unit) for m in materials(session)]
        values: dict[str, str] = {}
        for mid, _, _ in lines:
            reserve = held.get(mid)
            values[f"quantity-{mid}"] = figure(reserve.quantity) if reserve else ""
            values[f"daily_use-{mid}"] = figure(reserve.daily_use) if reserve else ""
        return FormState(values, token={mid: r.version for mid, r in held.items()}, extra=lines,
                         name=identity(session, enterprise_id=self.enterprise_id).name)

    def write(self, session: Session, values: dict[str, str], state: FormState) -> Any:
        lines = [
            ReserveInput(material_id=mid, quantity=values[f"quantity-{mid}"], daily_use=values[f"daily_use-{mid}"],
                         expected_version=state.token.get(mid) or 0)
            for mid, _, _ in state.extra
            if values[f"quantity-{mid}"].strip() or values[f"daily_use-{mid}"].strip() or mid in state.token
        ]
        return set_reserves(session, actor=self.ctx.actor, enterprise_id=self.enterprise_id, lines=lines)

    def build(self, state: FormState) -> Iterable[Widget]:
        yield Static(t("Stock and daily use at full load; leave a material blank if it is not used."), classes="form-note")
        for mid, name, unit in state.extra:
            self.LABELS[f"quantity-{mid}"] = f"{name} {t('Stock')}"
            self.LABELS[f"daily_use-{mid}"] = f"{name} {t('Daily use')}"
            yield Static(Text(name, style="bold"), classes="form-section")
            yield FieldRow(f"quantity-{mid}", "  " + t("Stock"),
                           text_input(f"quantity-{mid}", state.values[f"quantity-{mid}"], short=True), after=unit)
            yield FieldRow(f"daily_use-{mid}", "  " + t("Daily use"),
                           text_input(f"daily_use-{mid}", state.values[f"daily_use-{mid}"], short=True),
                           after=t("{unit}/day", unit=unit))

    def after_build(self) -> None:
        for mid, _, _ in self.state.extra if self.state else []:
            self._cover(mid)

    def stops(self) -> list[Widget]:
        return [self.control(f"quantity-{mid}") for mid, _, _ in (self.state.extra if self.state else [])]

    def value_changed(self, name: str) -> None:
        if "-" in name:
            self._cover(int(name.rsplit("-", 1)[1]))

    def _cover(self, mid: int) -> None:
        values = self.values()
        for row in self.query(f"#row-daily_use-{mid}"):
            row.set_after(Text(t("{unit}/day", unit=self._unit(mid)) + " ") + cover_text(
                values.get(f"quantity-{mid}", ""), values.get(f"daily_use-{mid}", "")))  # type: ignore[attr-defined]

    def _unit(self, mid: int) -> str:
        return next((unit for m, _, unit in (self.state.extra if self.state else []) if m == mid), "")

    def check(self, name: str, value: str, values: dict[str, str]) -> str | None:
        figure_name, _, mid = name.rpartition("-")
        pair = values.get(f"{'daily_use' if figure_name == 'quantity' else 'quantity'}-{mid}", "")
        held = self.state is not None and int(mid) in self.state.token
        try:
            validation.quantity(value, field=name, required=held or bool(pair.strip()))
        except ValidationError as error:
            return error_text(error)
        return None
