"""The dashboard's 在途 block (inside the stock view, key ``k``): what arrives this week per item,
what is on the way, the overdue consignments, the order fill rate, and days of supply counting
what is on the way. Kept apart from the stock panel: it only shows ``ProcurementFigures``."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from models.services.procurement_figures import ProcurementFigures
from tui.i18n import format as fmt
from tui.i18n import t
from tui.i18n.safe import for_tui


def procurement_lines(data: ProcurementFigures) -> Text:
    """One summary line, the overdue consignments, then one line per item on the way."""
    rate = t("{n}%", n=f"{data.fill_rate * 100:.0f}") if data.fill_rate is not None else "—"
    out = Text(t("Consignments on the way: {consignments} · in transit {quantity} · open orders {orders} · "
                 "fill rate {rate}", consignments=data.on_the_way, quantity=fmt.count(data.in_transit),
                 orders=data.open_orders, rate=rate))
    for late in data.overdue:
        out.append("\n")
        out.append("⚠ " + t("Overdue: {number} to {site}, ETA {eta}", number=late.number,
                            site=for_tui(fmt.local_name(late.site_name, late.site_name_en)),
                            eta=fmt.moment(late.eta)), style="bold red")
    for item in data.items:
        out.append("\n")
        out.append(for_tui(fmt.local_name(item.name, item.name_en)), style="bold")
        out.append(" " + t("this week {week}, on the way {moving}, days {days} → {with_transit}",
                           week=fmt.count(item.this_week), moving=fmt.count(item.in_transit),
                           days=fmt.days(item.days) or "—", with_transit=fmt.days(item.days_with_transit) or "—"))
    return out


class ProcurementPanel(Static):
    """The 在途 lines; ``show`` refills them."""

    DEFAULT_CSS = "ProcurementPanel { height: auto; padding: 0 1; }"

    def show(self, data: ProcurementFigures) -> None:
        self.update(procurement_lines(data))


__all__ = ["ProcurementPanel", "procurement_lines"]
