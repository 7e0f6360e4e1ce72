"""Screen 1: the coordinators' overview, each figure one key away from the list behind it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static

from models.base import EnterpriseStatus
from models.services.summary import Summary, summary
from tui.i18n import t
from tui.screens.base import BaseScreen


class DashboardScreen(BaseScreen):
    HELP = "The overview: enterprises by status, open shortages, people on site. 2, 3, 4 open the lists."

    @dataclass
    class Ready(Message):
        summary: Summary

    def body(self) -> ComposeResult:
        yield Static(t("Loading…"), id="dashboard-body")

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Ready(self.ctx.run(lambda s: summary(s))))

    @on(Ready)
    def _show(self, message: Ready) -> None:
        data = message.summary
        grid = Table.grid(padding=(0, 3))
        grid.add_column(style="bold")
        grid.add_column(justify="right")
        grid.add_row(t("Enterprises"), "")
        for status in EnterpriseStatus:
            grid.add_row("  " + t(status.value), f"{data.enterprises_by_status.get(status.value, 0):,}")
        grid.add_row("  " + t("Reported today"), f"{data.reported_today:,}")
        grid.add_row(t("Open shortages"), f"{data.open_shortages:,}")
        grid.add_row("  " + t("critical"), f"{data.critical_open:,}")
        grid.add_row(t("On site now"), f"{data.on_site_now:,}")
        grid.add_row(t("Cadres checked in today"), f"{data.checked_in_today:,}")
        self.query_one("#dashboard-body", Static).update(grid)
