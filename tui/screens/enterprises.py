"""Screen 2: the enterprise directory, filtered as you type in Chinese, pinyin or initials."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from models import clock
from models.services.enterprise_list import EnterpriseRow, count_enterprises, list_enterprises
from models.services.paging import PageRequest
from tui import format as fmt
from tui.i18n import t
from tui.screens.base import BaseScreen
from tui.widgets.paged_table import Column, PagedTable

LOW_COVER_DAYS = 3


def _output(row: EnterpriseRow) -> str:
    if not row.capacity:
        return ""
    return f"{fmt.qty(row.output_today) or '—'}/{fmt.qty(row.capacity)}"


def _cover(row: EnterpriseRow) -> Text:
    text = Text(fmt.days(row.cover_days))
    if row.cover_days is not None and row.cover_days < LOW_COVER_DAYS:
        text.stylize("bold red")
    return text


def needs_attention(row: EnterpriseRow) -> bool:
    """Not reported today, or a raw material under 3 days of cover."""
    low = row.cover_days is not None and row.cover_days < LOW_COVER_DAYS
    return low or (bool(row.capacity) and row.last_report != clock.today())


COLUMNS = [
    Column("name", "Name", 16, flex=3, sort="name"),
    Column("district", "District", 8, sort="district", render=lambda r: fmt.district(r.district)),
    Column("park", "Park", 8, flex=1, sort="park", drop=5),
    Column("status", "Status", 11, sort="status", render=lambda r: t(r.status)),
    Column("products", "Products", 10, flex=2, drop=6),
    Column("output", "Output/capacity", 11, align="right", render=_output),
    Column("cover", "Cover", 8, align="right", render=_cover),
    Column("open_shortages", "Short", 5, align="right", render=lambda r: str(r.open_shortages or "")),
    Column("cadre", "Cadre", 8, drop=4),
    Column("last_report", "Reported", 8, sort="updated", drop=3, render=lambda r: fmt.short_date(r.last_report)),
]


class EnterpriseListScreen(BaseScreen):
    HELP = "The directory of makers. Type to filter by Chinese, pinyin, initials or credit code."
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Type Chinese, pinyin or initials", id="enterprise-filter"),
        Binding("escape", "leave_filter", "Back", show=False, id="enterprise-back"),
    ]
    DEFAULT_CSS = """
    EnterpriseListScreen #filter { height: 1; border: none; padding: 0 1; margin: 0; background: $boost; }
    EnterpriseListScreen #filter:focus { background: $accent 30%; }
    """

    def body(self) -> ComposeResult:
        yield Input(placeholder=t("/ filter: 茶园, chayuan, cy, code…"), id="filter")
        yield PagedTable(
            columns=COLUMNS,
            loader=lambda request: self.ctx.run(lambda s: list_enterprises(s, request=request)),
            counter=lambda request: self.ctx.run(lambda s: count_enterprises(s, request=request)),
            request=PageRequest(sort="name"),
            row_alert=needs_attention,
            id="enterprises",
        )

    def on_mount(self) -> None:
        self.sub_title = t("Enterprises")
        self.query_one(PagedTable).focus()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_query(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        # set_focus now, not focus() later: keys typed right after "/" must land in the filter
        self.set_focus(self.query_one("#filter", Input))

    def action_leave_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus:
            self.table.focus()
        else:
            self.app.action_back()  # type: ignore[attr-defined]

    @on(PagedTable.Selected, "#enterprises")
    def _open(self, event: PagedTable.Selected) -> None:
        from tui.screens.enterprise_card import EnterpriseCardScreen

        self.app.push_screen(EnterpriseCardScreen(event.row))
