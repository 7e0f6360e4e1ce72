"""Headcount as of a time: distinct cadres active since a date, by unit and by special group —
the figure behind "截至2月3日12时，已有138人参与"."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from models import clock
from models.errors import ValidationError
from models.services.checkin_roster import Headcount, HeadcountLine, first_checkin_day, headcount
from tui.i18n import error_text, pt, t, tn
from tui.i18n import format as fmt
from tui.i18n.parse import parse_day, parse_moment
from tui.shell.calls import ServiceCalls

if TYPE_CHECKING:
    from sqlmodel import Session


def sentence(data: Headcount) -> str:
    """``截至2月3日12时，已有138人参与（自2020-01-24起）`` / ``As of 2/3 12:00, 138 people have taken part …``."""
    return tn("{as_of}, {n} person has taken part (since {since})",
              "{as_of}, {n} people have taken part (since {since})",
              data.total, as_of=fmt.as_of_short(data.as_of), since=data.since.isoformat())


def _lines(title: str, lines: list[HeadcountLine], none_label: str) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column(title, no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column(t("Headcount"), justify="right", no_wrap=True)
    for line in lines:
        name = fmt.local_name(line.name, line.name_en) if line.id is not None else none_label
        table.add_row(Text(name), f"{line.count:,}", style="dim" if not line.count else "")
    return table


def _headcount(session: Session, *, since: date | None, as_of: datetime | None) -> Headcount:
    """Since ``since``, or else since the first check-in (today when there is none)."""
    start = since or first_checkin_day(session) or clock.today()
    return headcount(session, since=start, as_of=as_of)


class HeadcountView(ServiceCalls, VerticalScroll, can_focus=True):

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.since: date | None = None
        self.as_of: datetime | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="hc-controls"):
            yield Label(Text(t("Since")))
            yield Input(id="hc-since")
            yield Label(Text(" " + pt("between fields", "as of")))
            yield Input(placeholder=t("now"), id="hc-as-of")
        yield Static(Text(t("Loading…")), id="hc-sentence")
        yield Static(id="hc-tables")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load(self.since, self.as_of)

    @work(exclusive=True, group="headcount", exit_on_error=False)
    async def _load(self, since: date | None, as_of: datetime | None) -> None:
        data = await self.read(partial(_headcount, since=since, as_of=as_of))
        box = self.query_one("#hc-since", Input)
        if not box.value:
            box.value = data.since.isoformat()
        self.query_one("#hc-sentence", Static).update(Text(sentence(data)))
        grid = Table.grid(padding=(0, 4))
        grid.add_row(_lines(t("Unit"), data.by_unit, t("No unit")),
                     _lines(t("Special group"), data.by_group, t("No special group")))
        self.query_one("#hc-tables", Static).update(grid)

    @on(Input.Submitted, "#hc-since, #hc-as-of")
    def _changed(self) -> None:
        try:
            since = parse_day(self.query_one("#hc-since", Input).value, field="since")
        except ValueError:
            self._error(t("Enter a date as YYYY-MM-DD"))
            return
        try:
            as_of = parse_moment(self.query_one("#hc-as-of", Input).value, field="as_of", required=False)
        except ValidationError as error:
            self._error(error_text(error))
            return
        if as_of is not None and as_of.date() < since:
            self._error(t("The end is before the start"))
            return
        self.since, self.as_of = since, as_of
        self.reload()
        self.focus()

    def _error(self, text: str) -> None:
        self.query_one("#hc-sentence", Static).update(Text(text, style="bold red"))
