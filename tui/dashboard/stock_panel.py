"""The dashboard's stock panel (key ``k``): what the city holds, how long it lasts, where it went.

First what needs doing: deliveries unsigned for more than 24 hours, verbal orders owing their
written order (the overdue first), the oldest unfilled request; then days of supply per item, the
fewest first, those under the warning threshold marked; then the pipeline requested → approved →
allocated → dispatched → signed per district and per designated hospital. It scrolls, so it fits
80×24 whatever the number of rows.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from models import rules
from models.services.stock_figures import ItemStock, StockFigures
from models.services.stock_pipeline import Pipeline
from tui.dashboard.procurement_panel import ProcurementPanel
from tui.i18n import format as fmt
from tui.i18n import pt, t
from tui.i18n.safe import for_tui

#: the pipeline's columns after the name
STAGE_TITLES = ("Requested", "Approved", "Allocated", "Dispatched", "Signed")


def stock_header() -> list[Text]:
    return [Text(t("Item")), *(Text(t(title), justify="right") for title in
                              ("Available", "Reserved", "Quarantined", "Demand", "Days"))]


def stock_cells(row: ItemStock, warning: float) -> list[Text]:
    """One item: ▼ and red when its days of supply are under ``warning``."""
    low = row.days_of_supply is not None and row.days_of_supply < warning
    name = Text("▼" if low else " ", style="bold red")
    name.append(for_tui(fmt.local_name(row.name, row.name_en)), style="bold" if low else "")
    return [name, Text(fmt.qty(row.available) or "0", justify="right"),
            Text(fmt.qty(row.reserved) or "0", justify="right"),
            Text(fmt.qty(row.quarantine) or "0", style="yellow" if row.quarantine else "", justify="right"),
            Text(fmt.qty(row.daily_demand), justify="right"),
            Text(fmt.days(row.days_of_supply), style="bold red" if low else "", justify="right")]


def pipeline_header() -> list[Text]:
    return [Text(t("District / designated hospital")), *(Text(t(title), justify="right") for title in STAGE_TITLES)]


def pipeline_cells(row: Pipeline, *, hospital: bool) -> list[Text]:
    name = for_tui(row.name if hospital else fmt.district(row.name) if row.name else t("No district"))
    figures = (row.requested, row.approved, row.allocated, row.dispatched, row.signed)
    return [Text(("  " if hospital else "") + name, style="" if hospital else "bold"),
            *(Text(fmt.qty(value) or "0", justify="right") for value in figures)]


def attention_lines(data: StockFigures) -> Text:
    """Late deliveries, verbal orders owing paper and the oldest unfilled request, one per line."""
    lines: list[Text] = []
    for late in data.late:
        line = Text(t("Unsigned: "), style="bold red")
        line.append(t("{number} to {site}, left {when} with {driver}, {hours} on the road", number=late.number,
                      site=for_tui(late.to_site), when=late.dispatched_at.strftime("%m-%d %H:%M"),
                      driver=for_tui(late.delivered_by), hours=fmt.days_and_hours(late.hours)))
        lines.append(line)
    for owed in data.paper:
        line = Text(t("Paper owed: "), style="bold red" if owed.overdue else "bold yellow")
        line.append(t("{number} to {site}, written order due {due}", number=owed.number, site=for_tui(owed.to_site),
                      due=owed.paper_due.strftime("%m-%d %H:%M")))
        if owed.overdue:
            line.append(" " + t("overdue"), style="bold red")
        lines.append(line)
    if data.oldest is not None:
        oldest = data.oldest
        line = Text(t("Oldest unfilled request: "), style="bold")
        line.append(t("{number} of {site}, {priority}, {status}, waiting {hours}", number=oldest.number,
                      site=for_tui(oldest.site), priority=for_tui(pt("priority", oldest.priority)),
                      status=for_tui(pt("request status", oldest.status)), hours=fmt.days_and_hours(oldest.hours)))
        lines.append(line)
    if not lines:
        lines.append(Text(t("No delivery unsigned for more than 24 hours, no written order owed, no request waiting.")))
    return Text("\n").join(lines)


class StockPanel(VerticalScroll):
    """The stock figures, laid out one under the other."""

    DEFAULT_CSS = """
    StockPanel { height: 1fr; }
    StockPanel .stock-title { height: 1; padding: 0 1; text-style: bold; background: $boost; }
    StockPanel DataTable { height: auto; }
    StockPanel #stock-attention { height: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        # what needs doing first: at 80×24 the tables below would push it out of sight, and a Static
        # takes no focus, so no key would bring it back
        yield Static(t("Needs attention"), classes="stock-title")
        yield Static("", id="stock-attention")
        yield Static(t("On the way"), classes="stock-title")
        yield ProcurementPanel(id="stock-procurement")
        yield Static(t("Days of supply"), classes="stock-title", id="stock-title")
        yield DataTable(id="stock-items", cursor_type="row")
        yield Static(t("Requested → approved → allocated → dispatched → signed"), classes="stock-title")
        yield DataTable(id="stock-pipeline", cursor_type="row")

    def show(self, data: StockFigures) -> None:
        from tui.dashboard.screen import _fill  # the dashboard's way of refilling a table in place

        warning = rules.warning_days()
        self.query_one("#stock-title", Static).update(
            t("Days of supply · ▼ under {days} days", days=f"{warning:g}"))
        _fill(self.query_one("#stock-items", DataTable), stock_header(),
              [(str(row.item_id), stock_cells(row, warning)) for row in data.items])
        rows = [(f"d{row.key}", pipeline_cells(row, hospital=False)) for row in data.districts]
        rows += [(f"h{row.key}", pipeline_cells(row, hospital=True)) for row in data.hospitals]
        _fill(self.query_one("#stock-pipeline", DataTable), pipeline_header(), rows)
        self.query_one("#stock-attention", Static).update(attention_lines(data))


__all__ = ["StockPanel", "attention_lines", "pipeline_cells", "stock_cells"]
