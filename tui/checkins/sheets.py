"""Time sheets for any date range, by cadre, unit or special group, with the totals under the table."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static
from textual.worker import Worker

from models import clock
from models.services.paging import PageRequest
from models.services.timesheets import GROUPINGS, NONE_ID, SheetRow, count_time_sheet, list_time_sheet, time_sheet
from tui.i18n import pt, t, tn
from tui.i18n.parse import parse_day
from tui.checkins import text as fmt
from tui.checkins.columns import SHEET_BY
from tui.widgets.paged_table import PagedTable
from tui.shell.workers import post_result, report_failed_worker

BY_LABELS = {"cadre": "by cadre", "unit": "by unit", "group": "by special group"}


def total_text(total: SheetRow) -> Text:
    parts = [tn("{n} cadre", "{n} cadres", total.cadres), tn("{n} day on site", "{n} days on site", total.days),
             t("{hours} h", hours=fmt.hours(total.minutes) or "0"), tn("{n} visit", "{n} visits", total.visits)]
    if total.corrected:
        parts.append(t("{n} corrected", n=total.corrected))
    if total.open:
        parts.append(t("{n} still open", n=total.open))
    return Text(t("Total: {figures}", figures=" · ".join(parts)), style="bold")


class TimeSheetView(Vertical):
    """Dates in two fields (enter applies), ``g`` changes the grouping, ``enter`` on a line opens it."""

    BINDINGS = [
        Binding("g", "group", "Group by", show=False, tooltip="Time sheets by cadre, unit or special group", id="sheet-group"),
    ]
    DEFAULT_CSS = """
    TimeSheetView { height: 1fr; }
    TimeSheetView > #sheet-controls { height: 1; padding: 0 1; }
    TimeSheetView > #sheet-controls Label { width: auto; padding: 0 1 0 0; }
    TimeSheetView > #sheet-controls Input { width: 14; height: 1; border: none; padding: 0 1; background: $boost; }
    TimeSheetView > #sheet-controls Input:focus { background: $accent 30%; }
    TimeSheetView > #sheet-total { height: 1; padding: 0 1; }
    """

    @dataclass
    class OpenCadre(Message):
        cadre_id: int

    @dataclass
    class _Total(Message):
        total: SheetRow

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        today = clock.today()
        self.request = PageRequest(sort="label", filters={"start": today - timedelta(days=6), "end": today, "by": "cadre"})

    def compose(self) -> ComposeResult:
        f = self.request.filters
        with Horizontal(id="sheet-controls"):
            yield Label(Text(t("From")))
            yield Input(value=f["start"].isoformat(), id="sheet-start")
            yield Label(Text(" " + pt("between fields", "to")))
            yield Input(value=f["end"].isoformat(), id="sheet-end")
            yield Label(Text(" " + t(BY_LABELS[f["by"]]) + " " + t("(g changes)")), id="sheet-by")
        yield self._table()
        yield Static(id="sheet-total")

    def _table(self) -> PagedTable:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        return PagedTable(
            columns=SHEET_BY[self.request.filters["by"]],
            loader=lambda request: ctx.run(lambda s: list_time_sheet(s, request=request)),
            counter=lambda request: ctx.run(lambda s: count_time_sheet(s, request=request)),
            request=self.request, id="sheet-table",
        )

    @property
    def table(self) -> PagedTable:
        return self.query_one("#sheet-table", PagedTable)

    def on_mount(self) -> None:
        self._load_total()

    def reload(self) -> None:
        self.table.refresh_data()
        self._load_total()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load_total(self) -> None:
        f = self.request.filters
        post_result(self, self._Total(self.app.ctx.run(lambda s: time_sheet(  # type: ignore[attr-defined]
            s, start=f["start"], end=f["end"], by=f["by"], query=self.request.query,
            unit_id=f.get("unit_id"), group_id=f.get("group_id")).total)))

    @on(_Total)
    def _show_total(self, message: _Total) -> None:
        self.query_one("#sheet-total", Static).update(total_text(message.total))

    def _apply(self, **filters: object) -> None:
        merged = {k: v for k, v in {**self.request.filters, **filters}.items() if v is not None}
        self.request = replace(self.table.request, filters=merged)
        self.table.set_filters(**filters)
        self._load_total()

    @on(Input.Submitted, "#sheet-start, #sheet-end")
    def _dates(self) -> None:
        try:
            start = parse_day(self.query_one("#sheet-start", Input).value, field="start")
            end = parse_day(self.query_one("#sheet-end", Input).value, field="end")
        except ValueError:
            self.query_one("#sheet-total", Static).update(Text(t("Enter a date as YYYY-MM-DD"), style="bold red"))
            return
        if end < start:
            self.query_one("#sheet-total", Static).update(Text(t("The end is before the start"), style="bold red"))
            return
        self.query_one("#sheet-start", Input).value, self.query_one("#sheet-end", Input).value = (
            start.isoformat(), end.isoformat())
        self._apply(start=start, end=end)
        self.table.focus()

    def set_query(self, query: str) -> None:
        self.request = replace(self.request, query=query)
        self.table.set_query(query)
        self._load_total()

    async def regroup(self, by: str, **filters: object) -> None:
        """Show the sheet by ``by`` (a new table: the columns differ); filters as given (None drops one)."""
        merged = {k: v for k, v in {**self.request.filters, "by": by, **filters}.items() if v is not None}
        self.request = replace(self.request, filters=merged, sort="label", descending=False, offset=0)
        await self.table.remove()
        await self.mount(self._table(), before=self.query_one("#sheet-total"))
        label = t(BY_LABELS[by]) + " " + t("(g changes)")
        self.query_one("#sheet-by", Label).update(Text(" " + label))
        self.table.focus()
        self._load_total()

    async def action_group(self) -> None:
        by = self.request.filters["by"]
        await self.regroup(GROUPINGS[(GROUPINGS.index(by) + 1) % len(GROUPINGS)], unit_id=None, group_id=None)

    @on(PagedTable.Selected, "#sheet-table")
    async def _open(self, event: PagedTable.Selected) -> None:
        event.stop()
        row: SheetRow = event.row
        by = self.request.filters["by"]
        if by == "cadre" and row.id is not None:
            self.post_message(self.OpenCadre(row.id))
        elif by in ("unit", "group"):  # the cadres behind the line
            key = row.id if row.id is not None else NONE_ID
            await self.regroup("cadre", unit_id=key if by == "unit" else None, group_id=key if by == "group" else None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)
