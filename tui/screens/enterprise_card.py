"""The card of one enterprise (``enter`` on the directory): its identity and today's figures."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models.services.enterprise_list import EnterpriseRow
from tui import format as fmt
from tui.i18n import t
from tui.screens.base import BaseScreen


class EnterpriseCardScreen(BaseScreen):
    HELP = "One enterprise: identity, production and people. escape goes back to the list."
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="card-back")]

    def __init__(self, row: EnterpriseRow) -> None:
        super().__init__()
        self.row = row

    def body(self) -> ComposeResult:
        row = self.row
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in (
            ("Name", row.name),
            ("Short name", row.short_name),
            ("District", row.district),
            ("Park", row.park),
            ("Status", t(row.status)),
            ("Products", row.products),
            ("Output/capacity", f"{fmt.qty(row.output_today) or '—'}/{fmt.qty(row.capacity)}"),
            ("Cover", fmt.days(row.cover_days)),
            ("Open shortages", str(row.open_shortages)),
            ("Cadre", row.cadre),
            ("Reported", fmt.short_date(row.last_report)),
        ):
            grid.add_row(t(label), Text(value or "—"))
        with VerticalScroll():
            yield Static(Text(row.name, style="bold"), id="card-title")
            yield Static(grid, id="card-body")
