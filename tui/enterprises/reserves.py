"""Raw-material reserves of one enterprise (``m`` on a card): stock and daily use per material, with
the days of cover worked out as you type (under 3 days in red). All lines are saved together.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from models.rules import days_of_cover, low_cover_days
from models.services.access import require_enterprise_access
from models.services.enterprise_card import identity, reserves
from models.services.enterprise_reserves import ReserveInput, set_reserves
from models.services.reference import materials
from tui.forms.fields import FieldRow
from tui.forms.form import FormScreen, FormState
from tui.forms.spec import Field, Values
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.format import plain as figure

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
    if days < (low := low_cover_days()):  # in words as well as red: the colour may not show
        return Text("= " + fmt.days(days) + "  " + t("under {n} days", n=f"{low:g}"), style="bold red")
    return Text("= " + fmt.days(days))


class ReservesFormScreen(FormScreen):
    HELP = ("Raw-material reserves: the stock and the daily use at full load give the days of cover. "
            "enter goes to the next material; ctrl+s saves all lines together.")

    def __init__(self, enterprise_id: int) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id

    def title_text(self) -> str:
        return t("Raw-material reserves")

    def load(self, session: Session) -> FormState:
        require_enterprise_access(session, self.ctx.actor, self.enterprise_id)
        held = {r.material_id: r for r in reserves(session, enterprise_id=self.enterprise_id)}
        lines = [(m.id, fmt.local_name(m.name, m.name_en), fmt.unit(m.unit)) for m in materials(session)
                 if m.id is not None]
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

    def parts(self, state: FormState) -> Iterable[Field | Widget]:
        yield Static(t("Stock and daily use at full load; leave a material blank if it is not used."),
                     classes="form-note")
        for mid, name, unit in state.extra:
            yield Static(Text(name, style="bold"), classes="form-section")
            # enter goes from one material's stock to the next one's; tab reaches the daily use
            yield Field(f"quantity-{mid}", "Stock", kind="number", context=name, after=unit,
                        required=self._needed(mid, "daily_use"))
            yield Field(f"daily_use-{mid}", "Daily use", kind="number", context=name, stop=False,
                        after=t("{unit}/day", unit=unit), required=self._needed(mid, "quantity"))

    def _needed(self, mid: int, pair: str) -> Any:
        """A figure is needed once the material is held, or its other figure is typed."""
        def needed(values: Values) -> bool:
            held = self.state is not None and mid in self.state.token
            return held or bool(str(values.get(f"{pair}-{mid}", "")).strip())

        return needed

    def after_build(self) -> None:
        for mid, _, _ in self.state.extra if self.state else []:
            self._show_cover(mid)

    def value_changed(self, name: str) -> None:
        if "-" in name:
            self._show_cover(int(name.rsplit("-", 1)[1]))

    def _show_cover(self, mid: int) -> None:
        values = self.values()
        for row in self.query(f"#row-daily_use-{mid}").results(FieldRow):
            row.set_after(Text(t("{unit}/day", unit=self._unit(mid)) + " ") + cover_text(
                values.get(f"quantity-{mid}", ""), values.get(f"daily_use-{mid}", "")))

    def _unit(self, mid: int) -> str:
        return next((unit for m, _, unit in (self.state.extra if self.state else []) if m == mid), "")
