"""Time sheets for any date range, by cadre, unit or special group, with the totals under the table.

The rows, their count and the totals come from one computation of the sheet (``SheetCache``):
asking the service for each would aggregate every visit of the range three times per load.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from models import clock
from models.services import timesheets
from models.services.paging import Page, PageRequest
from models.services.timesheets import GROUPINGS, NONE_ID, SheetRow, TimeSheet
from tui.checkins.columns import SHEET_BY
from tui.i18n import format as fmt
from tui.i18n import pt, t, tn
from tui.i18n.parse import parse_day
from tui.shell.calls import ServiceCalls
from tui.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from sqlmodel import Session

BY_LABELS = {"cadre": "by cadre", "unit": "by unit", "group": "by special group"}


def total_text(total: SheetRow) -> Text:
    parts = [tn("{n} cadre", "{n} cadres", total.cadres), tn("{n} day on site", "{n} days on site", total.days),
             t("{hours} h", hours=fmt.hours(total.minutes) or "0"), tn("{n} visit", "{n} visits", total.visits)]
    if total.corrected:
        parts.append(t("{n} corrected", n=total.corrected))
    if total.open:
        parts.append(t("{n} still open", n=total.open))
    return Text(t("Total: {figures}", figures=" · ".join(parts)), style="bold")


class SheetCache:
    """The sheet last computed, shared by the table's blocks, its count and the totals.

    Called from worker threads: the first caller for a request computes, the others wait for it
    and take its result. ``forget`` (on a reload) makes the next caller compute afresh."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._key: tuple[Any, ...] | None = None
        self._sheet: TimeSheet | None = None

    def forget(self) -> None:
        self._generation += 1  # no lock: the UI thread must never wait for a computation

    def get(self, session: Session, request: PageRequest) -> TimeSheet:
        f = request.filters
        args = {"start": f["start"], "end": f["end"], "by": f["by"], "query": request.query,
                "unit_id": f.get("unit_id"), "group_id": f.get("group_id"), "sort": request.sort or "label",
                "descending": request.descending}
        key = (self._generation, *args.items())
        with self._lock:
            if self._key != key or self._sheet is None:
                self._sheet, self._key = timesheets.time_sheet(session, **args), key
            return self._sheet

    def page(self, session: Session, request: PageRequest) -> Page[SheetRow]:
        rows = self.get(session, request).rows
        return Page(rows=rows[request.offset:request.offset + request.limit], offset=request.offset)

    def count(self, session: Session, request: PageRequest) -> int:
        return len(self.get(session, request).rows)


class TimeSheetView(ServiceCalls, Vertical):
    """Dates in two fields (enter applies), ``g`` changes the grouping, ``enter`` on a line opens it."""

    BINDINGS = [
        Binding("g", "group", "Group by", show=False, tooltip="Time sheets by cadre, unit or special group",
                id="sheet-group"),
    ]

    @dataclass
    class OpenCadre(Message):
        cadre_id: int

    def __init__(self, *, deferred: bool = False, id: str | None = None) -> None:
        """``deferred``: read nothing until ``show`` (a hidden tab: the sheet reads every visit of its days)."""
        super().__init__(id=id)
        self.deferred = deferred
        self.cache = SheetCache()
        today = clock.today()
        self.request = PageRequest(sort="label",
                                   filters={"start": today - timedelta(days=6), "end": today, "by": "cadre"})

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
        ctx, cache = self.ctx, self.cache
        return PagedTable(
            columns=SHEET_BY[self.request.filters["by"]],
            loader=lambda request: Page([], request.offset) if self.deferred else ctx.run(
                lambda s: cache.page(s, request)),
            counter=lambda request: 0 if self.deferred else ctx.run(lambda s: cache.count(s, request)),
            request=self.request, id="sheet-table",
        )

    @property
    def table(self) -> PagedTable:
        return self.query_one("#sheet-table", PagedTable)

    def shown(self) -> PageRequest:
        """The sheet on screen: these dates, grouping and filter, in the order the table shows (its
        sort key is the table's own)."""
        shown = self.table.request
        return replace(self.request, sort=shown.sort, descending=shown.descending)

    def on_mount(self) -> None:
        if not self.deferred:
            self._load_total()

    def show(self) -> None:
        """The tab is shown: a deferred sheet is read now."""
        if self.deferred:
            self.deferred = False
            self.reload()

    def reload(self) -> None:
        """The data changed: one new computation for the rows, their count and the totals."""
        self.cache.forget()
        self.table.refresh_data()
        self._load_total()

    @work(exclusive=True, group="sheet-total", exit_on_error=False)
    async def _load_total(self) -> None:
        # the table's request: the sort it shows too, so the rows and the totals are the same sheet
        request, cache = self.shown(), self.cache
        sheet = await self.read(lambda s: cache.get(s, request))
        self.query_one("#sheet-total", Static).update(total_text(sheet.total))

    def _apply(self, **filters: object) -> None:
        merged = {k: v for k, v in {**self.request.filters, **filters}.items() if v is not None}
        self.request = replace(self.shown(), filters=merged)
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
