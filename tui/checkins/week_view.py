"""A cadre's week: one line a day (enterprise, in, out, hours, work), days on site, hours, the run of
consecutive days and the latest finish. ``left``/``right`` page a week back and forward."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from models import clock
from models.services.timesheets import CadreWeek, DayLine, week
from tui.checkins.text import categories
from tui.i18n import format as fmt
from tui.i18n import t, tn
from tui.shell.calls import ServiceCalls


def _in(line: DayLine) -> str:
    if line.first_in is not None:
        return fmt.hhmm(line.first_in)
    return "→" if line.on_site else ""


def _out(line: DayLine) -> str:
    if line.continues:
        return "→"
    if line.open:
        return "…"
    return fmt.hhmm(line.last_out)


def _marks(line: DayLine) -> Text:
    text = Text()
    if line.flagged:
        text.append("!", style="bold yellow")
    if line.corrected:
        text.append("*", style="bold")
    return text


def summary(data: CadreWeek) -> str:
    parts = [tn("{n} day on site", "{n} days on site", data.days_on_site),
             t("{hours} h", hours=fmt.hours(data.minutes) or "0"),
             tn("{n} consecutive day", "{n} consecutive days", data.streak)]
    if data.latest_finish is not None:
        parts.append(t("latest finish {when}", when=fmt.when(data.latest_finish)))
    return " · ".join(parts)


def week_table(data: CadreWeek) -> Table:
    table = Table(box=None, expand=True, padding=(0, 1, 0, 0), show_edge=False, header_style="bold")
    table.add_column(t("Day"), no_wrap=True, width=10)
    table.add_column(t("Enterprise"), no_wrap=True, overflow="ellipsis", ratio=1, min_width=8)
    table.add_column(t("In"), no_wrap=True, width=5)
    table.add_column(t("Out"), no_wrap=True, width=5)
    table.add_column(t("Hours"), no_wrap=True, justify="right", width=5)
    table.add_column("", no_wrap=True, width=2)
    table.add_column(t("Work"), no_wrap=True, overflow="ellipsis", ratio=3, min_width=8)
    today = clock.today()
    for line in data.days:
        style = "bold" if line.day == today else ("dim" if not line.on_site else "")
        table.add_row(Text(fmt.weekday(line.day)), Text("、".join(line.enterprises)), Text(_in(line)), Text(_out(line)),
                      Text(fmt.hours(line.minutes)), _marks(line), Text(categories(line.categories)), style=style)
    return table


class CadreWeekView(ServiceCalls, VerticalScroll, can_focus=True):
    """Loads and shows the week of ``cadre_id`` that ends on ``end`` (default today)."""

    BINDINGS = [
        Binding("left", "move(-7)", "Week before", show=False, tooltip="Show the week before", id="week-before"),
        Binding("right", "move(7)", "Week after", show=False, tooltip="Show the week after", id="week-after"),
    ]

    def __init__(self, cadre_id: int | None, *, end: date | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cadre_id = cadre_id
        self.end = end
        self.week: CadreWeek | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(t("Loading…") if self.cadre_id is not None else t("Your login is not mapped to a cadre")),
                     id="week-title")
        yield Static(id="week-summary")
        yield Static(id="week-table")
        yield Static(Text(t("→ past midnight · … open · ! over 16 h · * corrected · ←/→ other weeks")),
                     id="week-legend")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        if self.cadre_id is not None:
            self._load(self.cadre_id, self.end or clock.today())

    def action_move(self, days: int) -> None:
        end = (self.end or clock.today()) + timedelta(days=days)
        self.end = min(end, clock.today())
        self.reload()

    @work(exclusive=True, group="week", exit_on_error=False)
    async def _load(self, cadre_id: int, end: date) -> None:
        data = self.week = await self.read(partial(week, cadre_id=cadre_id, end=end))
        who = Text(data.name, style="bold")
        for part in (fmt.local_name(data.unit, data.unit_en), fmt.local_name(data.group, data.group_en)):
            if part:
                who.append(" · " + part, style="")
        title = Table.grid(expand=True, padding=(0, 0, 0, 2))
        title.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        title.add_column(no_wrap=True, justify="right")
        title.add_row(who, Text(f"{data.start:%m-%d} – {data.end:%m-%d}", style="dim"))
        self.query_one("#week-title", Static).update(title)
        self.query_one("#week-summary", Static).update(Text(summary(data)))
        self.query_one("#week-table", Static).update(week_table(data))
