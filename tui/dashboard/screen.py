"""Screen 1: what a coordinator leaves open all day. Every figure is one key away from its list.

The figures come from one service call in a worker. They are re-read when someone changes data
(the app's change marker, see ``BaseScreen.reload``) and, because some of them move with the clock
alone (overdue, due for escalation, hours this week), every ``CLOCK_REFRESH`` seconds; an idle
session does not query otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker

from models import settings
from models.dashboard_view import VIEW_AREAS, Dashboard, DashboardView
from models.shared_figures import SharedFigures
from tui.dashboard import figures as figures
from tui.dashboard.donations_line import DonationsLine
from tui.dashboard.funds_line import FundsLine
from tui.i18n import command_title, t
from tui.shell.base import BaseScreen
from tui.widgets.steady import SteadyStatic

#: seconds between re-reads when nothing changed: figures that move with the clock stay true
CLOCK_REFRESH = 600
#: the areas of the data (``models.services.changes``) the stock panel reads
STOCK_AREAS = frozenset({"stock", "allocation", "procurement", "reference"})
#: from this width on, the enterprises by district are shown beside the figures
WIDE = 120


class FigureTable(DataTable[Text]):
    """Textual's DataTable with home/end named as in the app's lists (the help lists them)."""

    BINDINGS = [Binding("home", "scroll_top", "First", show=False), Binding("end", "scroll_bottom", "Last", show=False)]


class DashboardScreen(BaseScreen):
    HELP = ("The overview: supply against demand per item (enter: the enterprises making it), enterprises, "
            "shortages and people. The key in brackets after a figure opens the list behind it; b shows the brief; "
            "k shows the stock (k again: back).")
    BINDINGS = [
        Binding("r", "enterprises('not_reported')", "Not reported", show=False,
                tooltip="Enterprises that have not reported today", id="dashboard-not-reported"),
        Binding("c", "shortages('critical')", "Critical", show=False, tooltip="Open critical shortages",
                id="dashboard-critical"),
        Binding("exclamation_mark", "shortages('overdue')", "Overdue", show=False,
                tooltip="Open shortages past their need-by date", id="dashboard-overdue"),
        Binding("circumflex_accent", "shortages('escalation_due')", "Due for escalation", show=False,
                tooltip="Open at district level for more than 24 hours", id="dashboard-escalation"),
        Binding("o", "oldest", "Oldest", show=False, tooltip="The oldest open shortage", id="dashboard-oldest"),
        Binding("p", "checkins('onsite')", "On site", show=False, tooltip="Who is on site now", id="dashboard-onsite"),
        Binding("m", "checkins('absent')", "Not in today", show=False,
                tooltip="Stationed cadres who have not checked in today", id="dashboard-absent"),
        Binding("u", "checkins('unstaffed')", "Unstaffed", show=False, tooltip="Enterprises with nobody stationed",
                id="dashboard-unstaffed"),
        Binding("b", "brief", "Brief", tooltip="The daily brief as of now, shown and saved", id="dashboard-brief"),
        Binding("k", "stock", "Stock", show=False,
                tooltip="Days of supply, the allocation pipeline, deliveries and paper owed", id="dashboard-stock"),
    ]
    CSS_PATH = Path(__file__).with_name("dashboard.tcss")

    def __init__(self) -> None:
        super().__init__()
        self.view: DashboardView | None = None
        shared = settings.current().shared_figures
        #: the figures a keeper shares by file (``models.shared_figures``), when the settings name one
        self._shared = SharedFigures(Path(shared)) if shared else None
        self._worker: Worker[None] | None = None
        #: the areas asked to be read and not read yet (None: everything)
        self._asked: frozenset[str] | None = frozenset()

    def body(self) -> ComposeResult:
        with Horizontal(id="dashboard-main"):
            with Vertical(id="dashboard-left"):
                yield SteadyStatic(t("Loading…"), id="supply-title")
                yield FigureTable(id="supply", cursor_type="row")
                yield SteadyStatic("", id="figures")
                yield DonationsLine(id="donations-line")
                yield FundsLine(id="funds")
            with Vertical(id="wide"):
                yield Static(t("Enterprises by district"), id="wide-title")
                yield FigureTable(id="districts", cursor_type="row")
            # the stock panel (key k) is built when first shown: until then its figures, their tables'
            # models and its widgets stay out of the session (a dashboard open all day never shows it)

    def on_mount(self) -> None:
        self.sub_title = t("Dashboard")
        self.query_one("#supply", DataTable).focus()
        self.set_interval(CLOCK_REFRESH, self.load)
        self.load()

    def on_resize(self) -> None:
        self.query_one("#wide").set_class(self.size.width >= WIDE, "-shown")
        self.call_after_refresh(self._show_figures)

    def _show_figures(self) -> None:
        """The figures, packed into lines as wide as their box (a figure is never split)."""
        if self.data is not None:
            box = self.query_one("#figures", Static)
            width = box.content_size.width or self.size.width - 2
            lines = figures.figure_lines(self.data, width=max(20, width))
            # packed to the box's width: the box changes height only with the number of lines
            box.update(lines, layout=str(lines).count("\n") != str(box.content).count("\n"))

    @property
    def data(self) -> Dashboard | None:
        return self.view.figures if self.view is not None else None

    def shown_areas(self) -> frozenset[str] | None:
        """The stock panel's areas only while it shows."""
        return VIEW_AREAS | (STOCK_AREAS if self.stock_shown else frozenset())

    def fed(self) -> float | None:
        """When the settings name a file of shared figures and it is fresh: the figures found there
        are shown (when they changed), and the time they were confirmed is returned; the app then
        asks the database nothing. None otherwise, and while the stock panel shows (it reads the
        database itself)."""
        if self._shared is None or self.stock_shown:
            return None
        found = self._shared.glance()
        if found is None:
            return None
        if found.view != self.view:
            self._show_view(found.view)
        return found.confirmed

    def reload(self) -> None:
        self.load(self.changed_areas)

    def caught_up(self) -> None:
        self.load()

    def load(self, areas: frozenset[str] | None = None) -> None:
        """Re-read what reads ``areas`` (None: everything). While a read runs, what is asked meanwhile
        is read after it, once (at 100,000 enterprises a read takes seconds, and changes arriving
        every second must not pile up reads: a read replaced by a newer one would go on in its
        thread all the same). Nothing while the figures come from a shared file."""
        if self.fed() is not None:
            return
        self._asked = None if areas is None or self._asked is None else self._asked | areas
        if self._worker is None or self._worker.is_finished:
            self._worker = self._read()

    @work(exclusive=True, group="dashboard", exit_on_error=False)
    async def _read(self) -> None:
        try:
            await self._read_asked()
        except BaseException:
            # what this read was to show is not shown: the next one reads everything (the areas
            # asked after it would leave out what was lost here)
            self._asked = None
            raise

    async def _read_asked(self) -> None:
        while self._asked is None or self._asked:
            areas, self._asked = self._asked, frozenset()
            if areas is None or areas & VIEW_AREAS:
                # here, not at the top: a dashboard fed by the shared figures never reads them, and
                # the services' modules and tables cost each such session 4 MB
                from models.services.dashboard_refresh import refresh_view

                self._show_view(await self.read(partial(refresh_view, before=self.view, areas=areas)))
            if self.stock_shown and (areas is None or areas & STOCK_AREAS):
                from models.services.procurement_figures import procurement_figures
                from models.services.stock_figures import stock_figures
                from tui.dashboard.procurement_panel import ProcurementPanel
                from tui.dashboard.stock_panel import StockPanel

                self.query_one(StockPanel).show(await self.read(stock_figures))
                self.query_one(ProcurementPanel).show(await self.read(procurement_figures))

    # ---- showing -------------------------------------------------------------------------------

    #: refill the tables at every reload instead of changing cells (``bench/dashboard_reload.py``: before)
    rebuild_tables = False

    def _show_view(self, view: DashboardView) -> None:
        before, self.view = self.view, view
        if before is None or before.figures != view.figures:
            self._show(view.figures, before.figures if before is not None else None)
        if before is None or before.donations != view.donations:
            self.query_one(DonationsLine).show(view.donations)
        if before is None or before.funds != view.funds:
            self.query_one(FundsLine).show(view.funds)

    def _show(self, data: Dashboard, before: Dashboard | None) -> None:
        yesterday = data.now.date() - timedelta(days=1)
        self.query_one("#supply-title", Static).update(
            t("Supply against demand · output of {date}", date=yesterday.strftime("%m-%d")))
        # a table whose figures did not change (a part not read again) is not gone through cell by cell
        if before is None or before.items != data.items or self.rebuild_tables:
            _fill(self.query_one("#supply", DataTable), figures.supply_header(),
                  [(str(i.item_id), figures.supply_cells(i)) for i in data.items], rebuild=self.rebuild_tables)
        self._show_figures()
        if before is None or before.enterprises.by_district != data.enterprises.by_district or self.rebuild_tables:
            _fill(self.query_one("#districts", DataTable), figures.district_header(),
                  [(str(d.district_id), figures.district_cells(d)) for d in data.enterprises.by_district],
                  rebuild=self.rebuild_tables)
        self.refresh_bindings()

    # ---- drill-down --------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#supply")
    def _item(self, event: DataTable.RowSelected) -> None:
        self._open_enterprises({"item_id": int(str(event.row_key.value))})

    @on(DataTable.RowSelected, "#districts")
    def _district(self, event: DataTable.RowSelected) -> None:
        self._open_enterprises({"district_id": int(str(event.row_key.value))})

    def action_enterprises(self, which: str) -> None:
        self._open_enterprises({which: True})

    def _open_enterprises(self, filters: dict[str, Any]) -> None:
        from tui.enterprises.screen import EnterpriseListScreen

        self.app.push_screen(EnterpriseListScreen(filters))

    def action_shortages(self, which: str) -> None:
        from tui.shortages.screen import ShortageListScreen

        quick = {"severity": "critical", "status": "active"} if which == "critical" else {which: True}
        self.app.push_screen(ShortageListScreen(quick))

    def action_oldest(self) -> None:
        oldest = self.data.shortages.oldest if self.data else None
        if oldest is not None:
            from tui.shortages.detail import ShortageDetailScreen

            self.app.push_screen(ShortageDetailScreen(oldest.shortage_id))

    def action_checkins(self, tab: str) -> None:
        from tui.checkins.screen import CheckInScreen

        self.app.push_screen(CheckInScreen(tab))

    def action_brief(self) -> None:
        self.app.action_brief()

    @property
    def stock_shown(self) -> bool:
        return self.has_class("-stock")

    async def action_stock(self) -> None:
        """Show the stock panel instead of the supply figures, or back (built the first time)."""
        if not self.stock_shown and not self.query("#stock"):
            from tui.dashboard.stock_panel import StockPanel

            await self.query_one("#dashboard-main").mount(StockPanel(id="stock"))
        self.set_class(not self.stock_shown, "-stock")
        if self.stock_shown:
            self.query_one("#stock-items", DataTable).focus()
            self.load()
        else:
            self.query_one("#supply", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "oldest":
            return self.data is not None and self.data.shortages.oldest is not None
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        for action, title, help_text in (
            (lambda: self.action_enterprises("not_reported"), "not reported today",
             "Enterprises that have not reported today"),
            (lambda: self.action_shortages("overdue"), "overdue shortages", "Open shortages past their need-by date"),
            (lambda: self.action_shortages("escalation_due"), "due for escalation",
             "Open at district level for more than 24 hours"),
            (lambda: self.action_checkins("unstaffed"), "unstaffed enterprises", "Enterprises with nobody stationed"),
        ):
            yield SystemCommand(command_title("dashboard", title), t(help_text), action)


def _fill(table: DataTable[Text], header: list[Text], rows: list[tuple[str, list[Text]]], *,
          rebuild: bool = False) -> None:
    """Show ``rows`` under ``header``, keeping the cursor on the same record (live updates never move it).

    When the columns (labels and widths) and the rows (keys, in order) are those shown, only the cells
    that differ are changed: the table keeps its rows, cursor and scroll, and repaints those lines. Else
    (the first fill, a row added or gone, a column wider) the table is refilled (or when ``rebuild``:
    the benchmark's "before"). Every column gets its width from its cells here: DataTable measures
    auto-width columns only when idle and keeps lines painted before that, which left names cut to
    the header's width.
    """
    widths = [max([label.cell_len, *(cells[i].cell_len for _, cells in rows)]) for i, label in enumerate(header)]
    if not rebuild and _same_shape(table, header, widths, [key for key, _ in rows]):
        for key, cells in rows:
            for i, (shown, cell) in enumerate(zip(table.get_row(key), cells, strict=True)):
                if not _same_text(shown, cell):
                    table.update_cell(key, str(i), cell)
        return
    current = None
    if table.row_count:
        current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    table.clear(columns=True)
    for i, (label, width) in enumerate(zip(header, widths, strict=True)):
        table.add_column(label, key=str(i), width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if current is not None and current in table.rows:
        table.move_cursor(row=table.get_row_index(current), animate=False)


def _same_shape(table: DataTable[Text], header: list[Text], widths: list[int], keys: list[str]) -> bool:
    """The table shows these columns, as wide, and these rows in this order."""
    columns = list(table.columns.values())
    if len(columns) != len(header) or [row.key.value for row in table.ordered_rows] != keys:
        return False
    return all(column.key.value == str(i) and column.width == width and _same_text(column.label, label)
               for i, (column, label, width) in enumerate(zip(columns, header, widths, strict=True)))


def _same_text(a: object, b: Text) -> bool:
    """Rich's ``Text ==`` compares the characters and spans only, not the style or alignment."""
    return (isinstance(a, Text) and a.plain == b.plain and a.style == b.style and a.justify == b.justify
            and a.spans == b.spans)
