"""A shortage's history as a timeline: when, who, which step, and what it changed, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from models import clock
from models.services.choices import GroupChoice
from models.services.shortage_views import EventView
from tui.i18n import t
from tui.shortages.text import action_label, event_detail, who

STEP_STYLE = {"reported": "bold", "escalate": "bold yellow", "resolve": "bold green", "close": "bold red",
              "reopen": "bold yellow"}


def timeline_table(events: Sequence[EventView], groups: Sequence[GroupChoice]) -> Table:
    """One row per event; the detail column wraps, the others never do (so columns stay aligned)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(no_wrap=True, max_width=10)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for event in events:
        table.add_row(
            Text(clock.fmt(event.at)), Text(who(event), overflow="ellipsis"),
            Text(action_label(event.action), style=STEP_STYLE.get(event.action, "")),
            event_detail(event, groups),
        )
    return table


class ShortageTimeline(Static):
    """The timeline under its title; ``show`` replaces what it shows."""

    # Textual reads a widget's own styles from DEFAULT_CSS only; they live in the .tcss beside it
    DEFAULT_CSS = Path(__file__).with_name("timeline.tcss").read_text(encoding="utf-8")

    def show(self, events: Sequence[EventView], groups: Sequence[GroupChoice]) -> None:
        title = Text(t("History ({n})", n=len(events)), style="bold underline")
        table = Table.grid()
        table.add_column(ratio=1)
        table.add_row(title)
        table.add_row(timeline_table(events, groups))
        self.update(table)
